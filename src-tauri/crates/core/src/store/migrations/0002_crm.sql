-- Customer files: organisations, people, their contact points, tags, timeline, deals, tasks,
-- and the full-text search index.
CREATE TABLE organisations (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    sort_name  TEXT NOT NULL,
    kvk        TEXT,
    vat        TEXT,
    website    TEXT,
    industry   TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    created_by INTEGER
) STRICT;
CREATE INDEX organisations_sort ON organisations(sort_name, id);

CREATE TABLE persons (
    id                 INTEGER PRIMARY KEY,
    given_name         TEXT NOT NULL DEFAULT '',
    tussenvoegsel      TEXT NOT NULL DEFAULT '',
    family_name        TEXT NOT NULL DEFAULT '',
    -- Folded "family given" (tussenvoegsel left out, as Dutch lists sort "de Vries" under V).
    sort_name          TEXT NOT NULL,
    salutation         TEXT,
    date_of_birth      TEXT,
    organisation_id    INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    job_title          TEXT,
    preferred_language TEXT,
    source             TEXT,
    owner_id           INTEGER REFERENCES users(id),
    notes              TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    created_by         INTEGER
) STRICT;
CREATE INDEX persons_sort ON persons(sort_name, id);
CREATE INDEX persons_org ON persons(organisation_id, sort_name, id);
CREATE INDEX persons_owner ON persons(owner_id, sort_name, id);
CREATE INDEX persons_created ON persons(created_at, id);

-- E-mail addresses and phone numbers of a person or an organisation.
CREATE TABLE contact_points (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER REFERENCES persons(id) ON DELETE CASCADE,
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('email', 'phone')),
    label           TEXT,
    value           TEXT NOT NULL,
    position        INTEGER NOT NULL DEFAULT 0,
    CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
) STRICT;
CREATE INDEX contact_points_value ON contact_points(kind, value);
CREATE INDEX contact_points_person ON contact_points(person_id, position);
CREATE INDEX contact_points_org ON contact_points(organisation_id, position);

CREATE TABLE addresses (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER REFERENCES persons(id) ON DELETE CASCADE,
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    label           TEXT,
    street          TEXT,
    postcode        TEXT,
    city            TEXT,
    country         TEXT,
    position        INTEGER NOT NULL DEFAULT 0,
    CHECK ((person_id IS NULL) <> (organisation_id IS NULL))
) STRICT;
CREATE INDEX addresses_person ON addresses(person_id, position);
CREATE INDEX addresses_org ON addresses(organisation_id, position);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
) STRICT;

CREATE TABLE person_tags (
    person_id INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    tag_id    INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (person_id, tag_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_tags_tag ON person_tags(tag_id, person_id);

CREATE TABLE timeline_entries (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER REFERENCES persons(id) ON DELETE CASCADE,
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('note', 'call', 'email', 'meeting')),
    occurred_at     TEXT NOT NULL,
    author_id       INTEGER REFERENCES users(id),
    body            TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX timeline_person ON timeline_entries(person_id, occurred_at DESC, id DESC);
CREATE INDEX timeline_org ON timeline_entries(organisation_id, occurred_at DESC, id DESC);

CREATE TABLE pipeline_stages (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    position INTEGER NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('open', 'won', 'lost'))
) STRICT;
INSERT INTO pipeline_stages (name, position, kind) VALUES
    ('Lead', 1, 'open'), ('Qualified', 2, 'open'), ('Proposal', 3, 'open'),
    ('Negotiation', 4, 'open'), ('Won', 5, 'won'), ('Lost', 6, 'lost');

CREATE TABLE deals (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    person_id       INTEGER REFERENCES persons(id) ON DELETE SET NULL,
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE SET NULL,
    stage_id        INTEGER NOT NULL REFERENCES pipeline_stages(id),
    -- Category `sales`: amounts in cents, probability in percent.
    amount_cents    INTEGER,
    currency        TEXT NOT NULL DEFAULT 'EUR',
    probability     INTEGER CHECK (probability BETWEEN 0 AND 100),
    expected_close  TEXT,
    lost_reason     TEXT,
    owner_id        INTEGER REFERENCES users(id),
    closed_at       TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX deals_stage ON deals(stage_id, id);
CREATE INDEX deals_person ON deals(person_id);
CREATE INDEX deals_org ON deals(organisation_id);
CREATE INDEX deals_closed ON deals(closed_at);

CREATE TABLE tasks (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    due_date        TEXT,
    assignee_id     INTEGER REFERENCES users(id),
    person_id       INTEGER REFERENCES persons(id) ON DELETE CASCADE,
    organisation_id INTEGER REFERENCES organisations(id) ON DELETE CASCADE,
    deal_id         INTEGER REFERENCES deals(id) ON DELETE CASCADE,
    done_at         TEXT,
    created_by      INTEGER,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX tasks_assignee ON tasks(assignee_id, done_at, due_date);
CREATE INDEX tasks_due ON tasks(done_at, due_date);
CREATE INDEX tasks_person ON tasks(person_id);

-- One row per person or organisation. Diacritics folded, prefixes indexed. `contact` holds
-- e-mail addresses and phone numbers with their digit suffixes, so fragments match.
CREATE VIRTUAL TABLE search_index USING fts5(
    kind UNINDEXED,
    ref_id UNINDEXED,
    names,
    org,
    contact,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4'
);
-- Deleted entries are removed from the index's pages, not only marked (erasure depends on it).
INSERT INTO search_index (search_index, rank) VALUES ('secure-delete', 1);
