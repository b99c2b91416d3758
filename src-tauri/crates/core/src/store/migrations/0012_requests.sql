-- Data subject requests (Art. 12, 15-22): the queue of Privacy > Requests. A request keeps the
-- subject's id as received even when the person is later erased (then person_id is cleared and
-- the request stays as the record of what was done, without personal data).
CREATE TABLE subject_requests (
    id                  INTEGER PRIMARY KEY,
    kind                TEXT NOT NULL CHECK (kind IN ('access', 'rectification', 'erasure',
                            'restriction', 'portability', 'objection')),
    person_id           INTEGER REFERENCES persons(id) ON DELETE SET NULL,
    subject_ref         INTEGER NOT NULL,
    verification        TEXT NOT NULL CHECK (verification IN ('in_person_id', 'known_email',
                            'signed_letter', 'video_call', 'other')),
    verification_note   TEXT,
    received_on         TEXT NOT NULL,
    due_on              TEXT NOT NULL,
    extended_until      TEXT,
    extension_reason    TEXT,
    status              TEXT NOT NULL DEFAULT 'received' CHECK (status IN ('received',
                            'in_progress', 'completed', 'refused')),
    handler_id          INTEGER REFERENCES users(id),
    outcome             TEXT,
    files               TEXT NOT NULL DEFAULT '[]',
    closed_at           TEXT,
    created_at          TEXT NOT NULL,
    created_by          INTEGER NOT NULL,
    updated_at          TEXT NOT NULL,
    CHECK (extended_until IS NULL OR length(trim(coalesce(extension_reason, ''))) > 0),
    CHECK (status NOT IN ('completed', 'refused') OR (closed_at IS NOT NULL
        AND length(trim(coalesce(outcome, ''))) > 0))
) STRICT;
-- The queue: open requests by the date they are due.
CREATE INDEX subject_requests_open ON subject_requests(coalesce(extended_until, due_on))
    WHERE status IN ('received', 'in_progress');
CREATE INDEX subject_requests_person ON subject_requests(person_id) WHERE person_id IS NOT NULL;
