-- Foundation: settings, users, roles and the audit trail.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name         TEXT NOT NULL,
    active               INTEGER NOT NULL DEFAULT 1,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    -- The brief makes deleting an individual question: NULL = the roles decide.
    may_delete           INTEGER,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    last_sign_in_at      TEXT,
    -- Removed users keep their row so the audit trail can still name them.
    removed_at           TEXT
) STRICT;

CREATE TABLE roles (
    id      INTEGER PRIMARY KEY,
    key     TEXT NOT NULL UNIQUE,
    name    TEXT,
    builtin INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE role_grants (
    role_id  INTEGER NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    action   TEXT NOT NULL,
    PRIMARY KEY (role_id, category, action)
) STRICT, WITHOUT ROWID;

CREATE TABLE user_roles (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role_id INTEGER NOT NULL REFERENCES roles(id) ON DELETE RESTRICT,
    PRIMARY KEY (user_id, role_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX user_roles_role ON user_roles(role_id);

INSERT INTO roles (key, builtin) VALUES
    ('administrator', 1), ('user', 1), ('guest', 1),
    ('management', 1), ('hr', 1), ('privacy_officer', 1);

-- Append-only; each row's hash covers its fields and the previous row's hash.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor_id  INTEGER,
    action    TEXT NOT NULL,
    entity    TEXT,
    entity_id TEXT,
    category  TEXT,
    details   TEXT NOT NULL DEFAULT '{}',
    prev_hash BLOB NOT NULL,
    hash      BLOB NOT NULL
) STRICT;
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
