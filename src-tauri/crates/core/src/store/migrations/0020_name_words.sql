-- Search as you type reads names from a B-tree instead of the full-text index: one row per
-- name word, ordered by the word and then by the whole name (family name first), so a typed
-- prefix is one range read that comes out ranked. At a million people the full-text index
-- merged and ranked tens of thousands of matches for a common name on every keystroke.
-- `key` is the full-text row id: person id * 2, organisation id * 2 + 1. The rows are filled
-- by the migration's code (folding names needs the application's rules).
CREATE TABLE search_name_words (
    word TEXT NOT NULL,
    names TEXT NOT NULL,
    key INTEGER NOT NULL,
    PRIMARY KEY (word, names, key)
) WITHOUT ROWID;
-- The whole name once per key, so a change or an erasure finds the rows above again.
CREATE TABLE search_names (
    key INTEGER PRIMARY KEY,
    names TEXT NOT NULL
);
