-- The breach register (Art. 33(5)): every personal data breach, notified or not, with what the
-- authority and the people affected were told and when. Lists are JSON arrays.
CREATE TABLE breaches (
    id                      INTEGER PRIMARY KEY,
    title                   TEXT NOT NULL,
    discovered_at           TEXT NOT NULL,
    nature                  TEXT NOT NULL,
    categories              TEXT NOT NULL DEFAULT '[]',
    subjects_approx         INTEGER NOT NULL CHECK (subjects_approx >= 0),
    records_approx          INTEGER NOT NULL CHECK (records_approx >= 0),
    consequences            TEXT NOT NULL,
    measures                TEXT NOT NULL,
    authority_notified_at   TEXT,
    authority_reference     TEXT,
    -- Why the authority was not notified (Art. 33(1): unlikely to result in a risk).
    authority_not_required  TEXT,
    subjects_informed_at    TEXT,
    -- Why the people were not informed (Art. 34(3), e.g. the data was encrypted).
    subjects_not_informed   TEXT,
    created_at              TEXT NOT NULL,
    created_by              INTEGER NOT NULL,
    updated_at              TEXT NOT NULL,
    CHECK (authority_notified_at IS NULL OR authority_not_required IS NULL),
    CHECK (subjects_informed_at IS NULL OR subjects_not_informed IS NULL)
) STRICT;
CREATE INDEX breaches_discovered ON breaches(discovered_at);
