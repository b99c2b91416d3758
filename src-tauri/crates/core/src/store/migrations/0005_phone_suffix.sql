-- Phone numbers are found by any trailing part ("612345" finds +31612345678) through an index
-- on their digits reversed, so a suffix search is a range scan. This replaces the digit-suffix
-- tokens in the full-text index, which made every write several times slower. The column is
-- filled for existing rows by this step's hook (in Rust: SQLite has no reverse()).
ALTER TABLE contact_points ADD COLUMN digits_rev TEXT;
CREATE INDEX contact_points_digits_rev ON contact_points(digits_rev) WHERE digits_rev IS NOT NULL;
