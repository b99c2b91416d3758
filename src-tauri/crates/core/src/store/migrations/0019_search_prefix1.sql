-- The search index gains one-letter prefixes. Typing "jan j" asks for every word starting with
-- "j"; without a stored one-letter prefix list FTS5 had to merge the lists of all such words on
-- every keystroke, the slowest query of search-as-you-type at a million contacts. The index is
-- rebuilt with the same rows and the same rowids.
CREATE VIRTUAL TABLE search_index_next USING fts5(
    kind UNINDEXED,
    ref_id UNINDEXED,
    names,
    org,
    contact,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4'
);
INSERT INTO search_index_next (search_index_next, rank) VALUES ('secure-delete', 1);
INSERT INTO search_index_next (rowid, kind, ref_id, names, org, contact)
    SELECT rowid, kind, ref_id, names, org, contact FROM search_index;
DROP TABLE search_index;
ALTER TABLE search_index_next RENAME TO search_index;
