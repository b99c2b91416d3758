-- The erasure ledger is the set of erased subjects: each entry also names when the subject was
-- created, so a restore of any older backup erases exactly them again, never someone who later
-- got the same id.
ALTER TABLE erasures ADD COLUMN subject_created_at TEXT;

-- The user ledger: removals, disables and password changes, ids and times only. A restore
-- carries the users as they are now; this ledger is the record a restore checks that against.
CREATE TABLE user_ledger (
    id       INTEGER PRIMARY KEY,
    user_ref INTEGER NOT NULL,
    event    TEXT NOT NULL CHECK (event IN ('removed', 'disabled', 'enabled', 'password_changed',
                 'password_reset')),
    at       TEXT NOT NULL,
    by_user  INTEGER NOT NULL
) STRICT;
CREATE TRIGGER user_ledger_no_update BEFORE UPDATE ON user_ledger
BEGIN SELECT RAISE(ABORT, 'the user ledger is append-only'); END;
CREATE TRIGGER user_ledger_no_delete BEFORE DELETE ON user_ledger
BEGIN SELECT RAISE(ABORT, 'the user ledger is append-only'); END;
