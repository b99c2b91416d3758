-- Search finds people and organisations by where they are: the full-text index gains a column
-- for street, postcode (whole and compact) and city with its other name ("den bosch"), ranked
-- below names. The index is rebuilt with the same rows and row ids; the migration's code fills
-- the new table (the place text needs the application's rules), then replaces the old one, and
-- refolds names whose sort key or search words held symbols or emoji.
CREATE VIRTUAL TABLE search_index_next USING fts5(
    kind UNINDEXED,
    ref_id UNINDEXED,
    names,
    org,
    contact,
    place,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4'
);
INSERT INTO search_index_next (search_index_next, rank) VALUES ('secure-delete', 1);

-- A phone number that could not be checked, kept as typed because someone said so.
ALTER TABLE contact_points ADD COLUMN unchecked INTEGER NOT NULL DEFAULT 0;
