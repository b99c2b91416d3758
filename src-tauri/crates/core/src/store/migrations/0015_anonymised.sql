-- Erasure mode "anonymise": what is kept of a person is a count in a statistical bucket (year of
-- birth, postcode area, country), never a row per person, so nothing links back to them.
CREATE TABLE anonymised_people (
    birth_year    INTEGER NOT NULL DEFAULT 0,
    postcode_area TEXT NOT NULL DEFAULT '',
    country       TEXT NOT NULL DEFAULT '',
    people        INTEGER NOT NULL,
    PRIMARY KEY (birth_year, postcode_area, country)
) STRICT, WITHOUT ROWID;

-- The erasure ledger learns the second mode (rebuilt: SQLite cannot change a CHECK).
CREATE TABLE erasures_new (
    id          INTEGER PRIMARY KEY,
    subject_ref INTEGER NOT NULL,
    mode        TEXT NOT NULL CHECK (mode IN ('delete', 'anonymise')),
    erased_at   TEXT NOT NULL,
    erased_by   INTEGER NOT NULL,
    request_id  INTEGER
) STRICT;
INSERT INTO erasures_new SELECT id, subject_ref, mode, erased_at, erased_by, request_id FROM erasures;
DROP TABLE erasures;
ALTER TABLE erasures_new RENAME TO erasures;
CREATE TRIGGER erasures_no_update BEFORE UPDATE ON erasures
BEGIN SELECT RAISE(ABORT, 'the erasure ledger is append-only'); END;
CREATE TRIGGER erasures_no_delete BEFORE DELETE ON erasures
BEGIN SELECT RAISE(ABORT, 'the erasure ledger is append-only'); END;
