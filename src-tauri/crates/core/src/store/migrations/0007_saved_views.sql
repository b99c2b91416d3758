-- A person's saved views of the contact list: a name and the list's sort and filters, kept in
-- the vault (encrypted) rather than in the webview's storage on disk.
CREATE TABLE saved_views (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    filters    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (user_id, name)
) STRICT;
