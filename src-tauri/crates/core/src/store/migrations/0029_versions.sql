-- Office mode (issue 20): no silent overwrites. Every record a form edits carries a version that
-- a save must name; the save that finds another version is refused with who changed it and when.
-- ADD COLUMN with a constant default rewrites no rows, so this is instant at a million people.
ALTER TABLE persons ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE persons ADD COLUMN updated_by INTEGER;
ALTER TABLE organisations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE organisations ADD COLUMN updated_by INTEGER;
ALTER TABLE deals ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE deals ADD COLUMN updated_by INTEGER;
ALTER TABLE employees ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE employees ADD COLUMN updated_by INTEGER;
ALTER TABLE purposes ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE purposes ADD COLUMN updated_by INTEGER;
ALTER TABLE breaches ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE breaches ADD COLUMN updated_by INTEGER;
ALTER TABLE retention_rules ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE retention_rules ADD COLUMN updated_by INTEGER;
