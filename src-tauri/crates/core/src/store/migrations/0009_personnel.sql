-- Personnel files (category hr). Absence reasons are health data (category special) and are
-- kept in their own column so the core can withhold them from callers without that grant.
CREATE TABLE employees (
    id              INTEGER PRIMARY KEY,
    given_name      TEXT NOT NULL,
    tussenvoegsel   TEXT NOT NULL DEFAULT '',
    family_name     TEXT NOT NULL,
    sort_name       TEXT NOT NULL,
    email           TEXT,
    position        TEXT,
    department      TEXT,
    contract_type   TEXT NOT NULL CHECK (contract_type IN ('permanent', 'fixed_term', 'temporary', 'freelance', 'intern')),
    hours_per_week  INTEGER CHECK (hours_per_week BETWEEN 0 AND 80),
    start_date      TEXT NOT NULL,
    end_date        TEXT,
    salary_cents    INTEGER CHECK (salary_cents >= 0),
    salary_currency TEXT NOT NULL DEFAULT 'EUR',
    salary_period   TEXT NOT NULL DEFAULT 'month' CHECK (salary_period IN ('hour', 'month', 'year')),
    notes           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    created_by      INTEGER REFERENCES users(id),
    CHECK (end_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX employees_sort ON employees(sort_name, id);

CREATE TABLE employee_reviews (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
    review_date TEXT NOT NULL,
    reviewer_id INTEGER REFERENCES users(id),
    rating      INTEGER CHECK (rating BETWEEN 1 AND 5),
    summary     TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX employee_reviews_employee ON employee_reviews(employee_id, review_date DESC);

CREATE TABLE employee_absences (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('sick', 'leave', 'parental', 'other')),
    start_date  TEXT NOT NULL,
    end_date    TEXT,
    -- Special category (Art. 9): only for callers with (special, view).
    reason      TEXT,
    created_at  TEXT NOT NULL,
    created_by  INTEGER REFERENCES users(id),
    CHECK (end_date IS NULL OR end_date >= start_date)
) STRICT;
CREATE INDEX employee_absences_employee ON employee_absences(employee_id, start_date DESC);
