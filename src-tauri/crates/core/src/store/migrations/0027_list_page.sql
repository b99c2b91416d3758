-- The contact list's page from one index (issue 18: list page p95 3.3 ms at a million, target
-- 2 ms). Each row used to be three look-ups at random places: the person, their first e-mail
-- address and their first phone number; with the vault far larger than the page cache each
-- was a page to read and decrypt. The person now carries their first address and number
-- (kept by triggers whatever writes the contact points), and one index holds everything a
-- row shows in the list's order, so fifty rows are a few neighbouring pages.
ALTER TABLE persons ADD COLUMN email TEXT;
ALTER TABLE persons ADD COLUMN phone TEXT;
UPDATE persons SET
    email = (SELECT value FROM contact_points c WHERE c.person_id = persons.id AND c.kind = 'email'
             ORDER BY position, id LIMIT 1),
    phone = (SELECT value FROM contact_points c WHERE c.person_id = persons.id AND c.kind = 'phone'
             ORDER BY position, id LIMIT 1);

-- A new point with the value the person already shows cannot change what they show: the
-- import and the demo write people with their first address and number already in place.
CREATE TRIGGER contact_points_first_insert AFTER INSERT ON contact_points
WHEN NEW.person_id IS NOT NULL AND NEW.value IS NOT (
    SELECT CASE NEW.kind WHEN 'email' THEN email ELSE phone END FROM persons WHERE id = NEW.person_id)
BEGIN
    UPDATE persons SET email = (SELECT value FROM contact_points c WHERE c.person_id = NEW.person_id
                                AND c.kind = 'email' ORDER BY position, id LIMIT 1)
    WHERE id = NEW.person_id AND NEW.kind = 'email'
      AND email IS NOT (SELECT value FROM contact_points c WHERE c.person_id = NEW.person_id
                        AND c.kind = 'email' ORDER BY position, id LIMIT 1);
    UPDATE persons SET phone = (SELECT value FROM contact_points c WHERE c.person_id = NEW.person_id
                                AND c.kind = 'phone' ORDER BY position, id LIMIT 1)
    WHERE id = NEW.person_id AND NEW.kind = 'phone'
      AND phone IS NOT (SELECT value FROM contact_points c WHERE c.person_id = NEW.person_id
                        AND c.kind = 'phone' ORDER BY position, id LIMIT 1);
END;

CREATE TRIGGER contact_points_first_delete AFTER DELETE ON contact_points
WHEN OLD.person_id IS NOT NULL BEGIN
    UPDATE persons SET
        email = (SELECT value FROM contact_points c WHERE c.person_id = OLD.person_id
                 AND c.kind = 'email' ORDER BY position, id LIMIT 1),
        phone = (SELECT value FROM contact_points c WHERE c.person_id = OLD.person_id
                 AND c.kind = 'phone' ORDER BY position, id LIMIT 1)
    WHERE id = OLD.person_id;
END;

CREATE TRIGGER contact_points_first_update AFTER UPDATE OF person_id, kind, value, position ON contact_points
BEGIN
    UPDATE persons SET
        email = (SELECT value FROM contact_points c WHERE c.person_id = persons.id
                 AND c.kind = 'email' ORDER BY position, id LIMIT 1),
        phone = (SELECT value FROM contact_points c WHERE c.person_id = persons.id
                 AND c.kind = 'phone' ORDER BY position, id LIMIT 1)
    WHERE id IN (OLD.person_id, NEW.person_id);
END;

DROP INDEX persons_sort;
CREATE INDEX persons_list ON persons(sort_name, id, given_name, tussenvoegsel, family_name,
    organisation_id, job_title, owner_id, restricted, marketing_objection, email, phone);
