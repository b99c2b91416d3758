-- Consent (Art. 7, 21) and restriction (Art. 18).

-- The text shown to a subject when asking consent, per purpose and language. A stored version
-- is published: never changed, never removed; its hash covers purpose, language, version, text.
CREATE TABLE consent_statements (
    id           INTEGER PRIMARY KEY,
    purpose_id   INTEGER NOT NULL REFERENCES purposes(id),
    lang         TEXT NOT NULL CHECK (lang IN ('nl', 'en')),
    version      INTEGER NOT NULL CHECK (version >= 1),
    body         TEXT NOT NULL,
    hash         TEXT NOT NULL,
    published_at TEXT NOT NULL,
    published_by INTEGER NOT NULL,
    UNIQUE (purpose_id, lang, version)
) STRICT;
CREATE TRIGGER consent_statements_no_update BEFORE UPDATE ON consent_statements
BEGIN SELECT RAISE(ABORT, 'a published consent statement cannot be changed'); END;
CREATE TRIGGER consent_statements_no_delete BEFORE DELETE ON consent_statements
BEGIN SELECT RAISE(ABORT, 'a published consent statement cannot be removed'); END;

-- Whom ledger events are about. A merge points the removed person's subject at the kept
-- person and a deletion detaches it, so the ledger rows themselves never change.
CREATE TABLE consent_subjects (
    id        INTEGER PRIMARY KEY,
    person_id INTEGER REFERENCES persons(id) ON DELETE SET NULL
) STRICT;
CREATE INDEX consent_subjects_person ON consent_subjects(person_id) WHERE person_id IS NOT NULL;

-- The consent ledger: append-only, hash-chained like the audit trail. The chain covers a
-- salted digest of the evidence reference rather than the text, so erasing a subject can clear
-- the text (and its salt) while the chain still verifies. Objections (Art. 21(3)) concern every
-- marketing purpose and carry no purpose. A correction is a new 'voided' event naming the one
-- recorded in error.
CREATE TABLE consent_events (
    id              INTEGER PRIMARY KEY,
    subject_id      INTEGER NOT NULL REFERENCES consent_subjects(id),
    purpose_id      INTEGER REFERENCES purposes(id),
    kind            TEXT NOT NULL CHECK (kind IN ('granted', 'withdrawn', 'objected',
                        'objection_lifted', 'voided')),
    occurred_at     TEXT NOT NULL,
    recorded_at     TEXT NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('web_form', 'email', 'phone', 'paper',
                        'in_person', 'correction')),
    statement_id    INTEGER REFERENCES consent_statements(id),
    evidence        TEXT,
    evidence_salt   BLOB,
    evidence_digest BLOB NOT NULL,
    corrects        INTEGER REFERENCES consent_events(id),
    recorded_by     INTEGER NOT NULL,
    prev_hash       BLOB NOT NULL,
    hash            BLOB NOT NULL,
    CHECK (kind <> 'granted' OR (statement_id IS NOT NULL AND purpose_id IS NOT NULL)),
    CHECK (kind NOT IN ('withdrawn') OR purpose_id IS NOT NULL),
    CHECK (kind NOT IN ('objected', 'objection_lifted') OR purpose_id IS NULL),
    CHECK ((kind = 'voided') = (corrects IS NOT NULL))
) STRICT;
CREATE INDEX consent_events_subject ON consent_events(subject_id);
CREATE TRIGGER consent_events_no_delete BEFORE DELETE ON consent_events
BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only'); END;
-- The one change allowed: clearing an evidence reference and its salt (erasure).
CREATE TRIGGER consent_events_no_update BEFORE UPDATE ON consent_events
WHEN NEW.evidence IS NOT NULL OR NEW.evidence_salt IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.subject_id IS NOT OLD.subject_id
  OR NEW.purpose_id IS NOT OLD.purpose_id OR NEW.kind IS NOT OLD.kind
  OR NEW.occurred_at IS NOT OLD.occurred_at OR NEW.recorded_at IS NOT OLD.recorded_at
  OR NEW.channel IS NOT OLD.channel OR NEW.statement_id IS NOT OLD.statement_id
  OR NEW.evidence_digest IS NOT OLD.evidence_digest OR NEW.corrects IS NOT OLD.corrects
  OR NEW.recorded_by IS NOT OLD.recorded_by OR NEW.prev_hash IS NOT OLD.prev_hash
  OR NEW.hash IS NOT OLD.hash
BEGIN SELECT RAISE(ABORT, 'the consent ledger is append-only'); END;

-- The current state per person and purpose, derived from the ledger after every append (and
-- checked against it by verify). Only the ledger is the record; this is its index.
CREATE TABLE consent_state (
    person_id   INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    purpose_id  INTEGER NOT NULL REFERENCES purposes(id),
    granted     INTEGER NOT NULL,
    event_id    INTEGER NOT NULL REFERENCES consent_events(id),
    occurred_at TEXT NOT NULL,
    PRIMARY KEY (person_id, purpose_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX consent_state_purpose ON consent_state(purpose_id, granted);

-- Restriction of processing (Art. 18): one open restriction per person at most; lifted ones
-- stay as history.
CREATE TABLE restrictions (
    id            INTEGER PRIMARY KEY,
    person_id     INTEGER NOT NULL REFERENCES persons(id) ON DELETE CASCADE,
    ground        TEXT NOT NULL CHECK (ground IN ('accuracy_contested', 'unlawful_processing',
                      'legal_claims', 'objection_pending')),
    note          TEXT,
    restricted_at TEXT NOT NULL,
    restricted_by INTEGER NOT NULL,
    lifted_at     TEXT,
    lifted_by     INTEGER,
    lift_reason   TEXT
) STRICT;
CREATE UNIQUE INDEX restrictions_open ON restrictions(person_id) WHERE lifted_at IS NULL;

-- Flags every list, search and export filters on, kept in step with the ledger and the
-- restrictions in the same transaction. Partial indexes: few people carry either.
ALTER TABLE persons ADD COLUMN restricted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE persons ADD COLUMN marketing_objection INTEGER NOT NULL DEFAULT 0;
CREATE INDEX persons_restricted ON persons(id) WHERE restricted = 1;
CREATE INDEX persons_objecting ON persons(id) WHERE marketing_objection = 1;
