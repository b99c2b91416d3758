-- Smaller indexes: nothing is indexed that no query looks up.
-- Exact-case lookups of e-mail and phone never happen: duplicates are found through the
-- NOCASE index of step 3, which serves phone numbers (digits only) just as well.
DROP INDEX contact_points_value;
-- A person's contact points, addresses and timeline never carry an organisation id and the
-- other way round, so each of these indexes only needs the rows that have one.
DROP INDEX contact_points_person;
CREATE INDEX contact_points_person ON contact_points(person_id, position) WHERE person_id IS NOT NULL;
DROP INDEX contact_points_org;
CREATE INDEX contact_points_org ON contact_points(organisation_id, position) WHERE organisation_id IS NOT NULL;
DROP INDEX addresses_person;
CREATE INDEX addresses_person ON addresses(person_id, position) WHERE person_id IS NOT NULL;
DROP INDEX addresses_org;
CREATE INDEX addresses_org ON addresses(organisation_id, position) WHERE organisation_id IS NOT NULL;
DROP INDEX timeline_person;
CREATE INDEX timeline_person ON timeline_entries(person_id, occurred_at DESC, id DESC) WHERE person_id IS NOT NULL;
DROP INDEX timeline_org;
CREATE INDEX timeline_org ON timeline_entries(organisation_id, occurred_at DESC, id DESC) WHERE organisation_id IS NOT NULL;
DROP INDEX deals_org;
CREATE INDEX deals_org ON deals(organisation_id) WHERE organisation_id IS NOT NULL;
