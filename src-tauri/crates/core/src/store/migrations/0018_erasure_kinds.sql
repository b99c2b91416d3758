-- The erasure ledger also records personnel files the retention engine deleted, so a restore
-- of an older backup deletes them again (ids and times only, as for people).
ALTER TABLE erasures ADD COLUMN kind TEXT NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'employee'));
