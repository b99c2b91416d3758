-- Secrets the vault keeps inside its encrypted database: the key its audit chain is keyed with
-- and the key its backups are authenticated with (made by the core when missing).
CREATE TABLE vault_secrets (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
) STRICT;

-- Personnel files under category keys: each row's hr values sealed in one column
-- (XChaCha20-Poly1305 under the hr key), an absence's reason under the special key, so the
-- database key every user holds does not read them. The older columns hold a vault's values in
-- the clear only until the first session holding the key seals them; then placeholders.
-- Employment dates stay readable: the retention engine and the current-staff list use them.
ALTER TABLE employees ADD COLUMN sealed BLOB;
ALTER TABLE employees ADD COLUMN has_salary INTEGER NOT NULL DEFAULT 0;
UPDATE employees SET has_salary = (salary_cents IS NOT NULL);
DROP INDEX employees_sort;
ALTER TABLE employee_reviews ADD COLUMN sealed BLOB;
ALTER TABLE employee_absences ADD COLUMN sealed BLOB;
ALTER TABLE employee_absences ADD COLUMN reason_sealed BLOB;
