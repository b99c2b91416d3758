-- A run of the retention engine that failed is recorded with its error code (never personal
-- data), so the history shows it instead of staying silent.
ALTER TABLE retention_runs ADD COLUMN error TEXT;
