-- Retention (Art. 5(1)(e)): rules that the engine applies at unlock and daily, and a history of
-- its runs with counts only.
CREATE TABLE retention_rules (
    id          INTEGER PRIMARY KEY,
    template    TEXT,
    purpose_id  INTEGER REFERENCES purposes(id),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('inactive_prospects', 'former_customers',
                    'closed_deals', 'former_employees')),
    months      INTEGER NOT NULL CHECK (months BETWEEN 1 AND 600),
    action      TEXT NOT NULL CHECK (action IN ('anonymise', 'delete')),
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (kind <> 'former_employees' OR action = 'delete')
) STRICT;

CREATE TABLE retention_runs (
    id       INTEGER PRIMARY KEY,
    ran_at   TEXT NOT NULL,
    trigger  TEXT NOT NULL CHECK (trigger IN ('unlock', 'daily', 'manual')),
    dry_run  INTEGER NOT NULL,
    counts   TEXT NOT NULL,
    ran_by   INTEGER
) STRICT;
CREATE INDEX retention_runs_at ON retention_runs(ran_at);
