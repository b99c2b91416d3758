-- The contact list's total without counting (issue 18: Contacts took 0.42 s to open in the app
-- at a million people, most of it `count(*)` over the list's index for the first page's total).
-- People with and without a restriction (Art. 18) are kept apart: most users do not see the
-- restricted ones. Filtered lists (tag, owner, organisation) still count their smaller sets.
CREATE TABLE person_totals (
    restricted INTEGER PRIMARY KEY,
    people INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO person_totals VALUES
    (0, (SELECT count(*) FROM persons WHERE restricted = 0)),
    (1, (SELECT count(*) FROM persons WHERE restricted <> 0));

CREATE TRIGGER person_totals_insert AFTER INSERT ON persons BEGIN
    UPDATE person_totals SET people = people + 1 WHERE restricted = (NEW.restricted <> 0);
END;

CREATE TRIGGER person_totals_delete AFTER DELETE ON persons BEGIN
    UPDATE person_totals SET people = people - 1 WHERE restricted = (OLD.restricted <> 0);
END;

CREATE TRIGGER person_totals_restrict AFTER UPDATE OF restricted ON persons
WHEN (OLD.restricted <> 0) <> (NEW.restricted <> 0) BEGIN
    UPDATE person_totals SET people = people - 1 WHERE restricted = (OLD.restricted <> 0);
    UPDATE person_totals SET people = people + 1 WHERE restricted = (NEW.restricted <> 0);
END;
