-- The purposes of processing: together they are the register of processing activities
-- (Art. 30). Lists are JSON arrays of short texts. A legitimate-interests basis needs its
-- balancing note (Art. 6(1)(f)).
CREATE TABLE purposes (
    id                 INTEGER PRIMARY KEY,
    template           TEXT,
    name               TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    lawful_basis       TEXT NOT NULL CHECK (lawful_basis IN ('consent', 'contract', 'legal_obligation',
                           'vital_interests', 'public_task', 'legitimate_interests')),
    balancing_note     TEXT,
    marketing          INTEGER NOT NULL DEFAULT 0,
    data_categories    TEXT NOT NULL DEFAULT '[]',
    fields             TEXT NOT NULL DEFAULT '[]',
    subject_categories TEXT NOT NULL DEFAULT '[]',
    recipients         TEXT NOT NULL DEFAULT '[]',
    transfers          TEXT,
    retention          TEXT NOT NULL,
    security_measures  TEXT NOT NULL,
    archived_at        TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    CHECK (lawful_basis <> 'legitimate_interests' OR length(trim(coalesce(balancing_note, ''))) > 0)
) STRICT;
CREATE UNIQUE INDEX purposes_name ON purposes(name COLLATE NOCASE) WHERE archived_at IS NULL;
