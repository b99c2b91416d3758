-- Erasure (Art. 17). FTS5 secure-delete: deleting a row removes its tokens from the index
-- segments at once, so an erased subject's words do not linger until the next merge.
INSERT INTO search_index(search_index, rank) VALUES ('secure-delete', 1);

-- The erasure ledger: which subject ids were erased when, and how. Ids and times only, so that
-- restoring an older backup can re-apply every erasure made since.
CREATE TABLE erasures (
    id          INTEGER PRIMARY KEY,
    subject_ref INTEGER NOT NULL,
    mode        TEXT NOT NULL CHECK (mode IN ('delete')),
    erased_at   TEXT NOT NULL,
    erased_by   INTEGER NOT NULL,
    request_id  INTEGER
) STRICT;
CREATE TRIGGER erasures_no_update BEFORE UPDATE ON erasures
BEGIN SELECT RAISE(ABORT, 'the erasure ledger is append-only'); END;
CREATE TRIGGER erasures_no_delete BEFORE DELETE ON erasures
BEGIN SELECT RAISE(ABORT, 'the erasure ledger is append-only'); END;
