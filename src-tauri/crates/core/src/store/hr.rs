//! SQL for personnel files: employees, reviews, absences.
use crate::crm::dto::Guarded;
use crate::crm::fields::display_name;
use crate::error::CoreResult;
use crate::hr::dto::{
    Absence, AbsenceKind, ContractType, Employee, EmployeeRow, Review, Salary, SalaryPeriod,
};
use rusqlite::{params, Connection, OptionalExtension};

/// An employee's validated columns.
pub struct EmployeeColumns {
    pub given_name: String,
    pub tussenvoegsel: String,
    pub family_name: String,
    pub sort_name: String,
    pub email: Option<String>,
    pub position: Option<String>,
    pub department: Option<String>,
    pub contract_type: ContractType,
    pub hours_per_week: Option<u32>,
    pub start_date: String,
    pub end_date: Option<String>,
    pub salary_cents: Option<i64>,
    pub salary_currency: String,
    pub salary_period: SalaryPeriod,
    pub notes: Option<String>,
}

pub fn insert(conn: &Connection, c: &EmployeeColumns, now: &str, by: i64) -> CoreResult<i64> {
    conn.execute(
        "INSERT INTO employees (given_name, tussenvoegsel, family_name, sort_name, email, position,
            department, contract_type, hours_per_week, start_date, end_date, salary_cents,
            salary_currency, salary_period, notes, created_at, updated_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16, ?17)",
        params![
            c.given_name,
            c.tussenvoegsel,
            c.family_name,
            c.sort_name,
            c.email,
            c.position,
            c.department,
            c.contract_type.as_str(),
            c.hours_per_week,
            c.start_date,
            c.end_date,
            c.salary_cents,
            c.salary_currency,
            c.salary_period.as_str(),
            c.notes,
            now,
            by
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, c: &EmployeeColumns, now: &str) -> CoreResult<bool> {
    let n = conn.execute(
        "UPDATE employees SET given_name = ?2, tussenvoegsel = ?3, family_name = ?4, sort_name = ?5,
            email = ?6, position = ?7, department = ?8, contract_type = ?9, hours_per_week = ?10,
            start_date = ?11, end_date = ?12, salary_cents = ?13, salary_currency = ?14,
            salary_period = ?15, notes = ?16, updated_at = ?17
         WHERE id = ?1",
        params![
            id, c.given_name, c.tussenvoegsel, c.family_name, c.sort_name, c.email, c.position,
            c.department, c.contract_type.as_str(), c.hours_per_week, c.start_date, c.end_date,
            c.salary_cents, c.salary_currency, c.salary_period.as_str(), c.notes, now
        ],
    )?;
    Ok(n == 1)
}

pub fn delete(conn: &Connection, id: i64) -> CoreResult<bool> {
    Ok(conn.execute("DELETE FROM employees WHERE id = ?1", [id])? == 1)
}

fn contract(s: String) -> ContractType {
    ContractType::parse(&s).unwrap_or(ContractType::Permanent)
}

pub fn get(conn: &Connection, id: i64) -> CoreResult<Option<Employee>> {
    Ok(conn
        .query_row(
            "SELECT id, given_name, tussenvoegsel, family_name, email, position, department,
                contract_type, hours_per_week, start_date, end_date, salary_cents, salary_currency,
                salary_period, notes, created_at, updated_at
             FROM employees WHERE id = ?1",
            [id],
            |r| {
                let (given, tv, family): (String, String, String) =
                    (r.get(1)?, r.get(2)?, r.get(3)?);
                let cents: Option<i64> = r.get(11)?;
                let period: String = r.get(13)?;
                Ok(Employee {
                    id: r.get(0)?,
                    display_name: display_name(&given, &tv, &family),
                    given_name: given,
                    tussenvoegsel: tv,
                    family_name: family,
                    email: r.get(4)?,
                    position: r.get(5)?,
                    department: r.get(6)?,
                    contract_type: contract(r.get(7)?),
                    hours_per_week: r.get(8)?,
                    start_date: r.get(9)?,
                    end_date: r.get(10)?,
                    salary: match cents {
                        Some(cents) => Some(Salary {
                            cents,
                            currency: r.get(12)?,
                            period: SalaryPeriod::parse(&period).unwrap_or(SalaryPeriod::Month),
                        }),
                        None => None,
                    },
                    notes: r.get(14)?,
                    created_at: r.get(15)?,
                    updated_at: r.get(16)?,
                })
            },
        )
        .optional()?)
}

/// One page by name (keyset cursor "<id>:<sort name>"); current staff only unless asked.
pub fn list(
    conn: &Connection,
    today: &str,
    include_former: bool,
    after: Option<(i64, String)>,
    limit: u32,
) -> CoreResult<Vec<(EmployeeRow, String)>> {
    let (after_id, after_key) = after.unwrap_or((-1, String::new()));
    let mut stmt = conn.prepare_cached(
        "SELECT id, given_name, tussenvoegsel, family_name, position, department, contract_type,
            start_date, end_date, sort_name
         FROM employees
         WHERE (?1 OR end_date IS NULL OR end_date >= ?2)
           AND (sort_name > ?3 OR (sort_name = ?3 AND id > ?4))
         ORDER BY sort_name, id LIMIT ?5",
    )?;
    let rows = stmt.query_map(
        params![include_former, today, after_key, after_id, limit],
        |r| {
            Ok((
                EmployeeRow {
                    id: r.get(0)?,
                    display_name: display_name(
                        &r.get::<_, String>(1)?,
                        &r.get::<_, String>(2)?,
                        &r.get::<_, String>(3)?,
                    ),
                    position: r.get(4)?,
                    department: r.get(5)?,
                    contract_type: contract(r.get(6)?),
                    start_date: r.get(7)?,
                    end_date: r.get(8)?,
                },
                r.get::<_, String>(9)?,
            ))
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn count(conn: &Connection, today: &str, include_former: bool) -> CoreResult<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM employees WHERE (?1 OR end_date IS NULL OR end_date >= ?2)",
        params![include_former, today],
        |r| r.get(0),
    )?)
}

pub fn insert_review(
    conn: &Connection,
    employee_id: i64,
    date: &str,
    rating: Option<u8>,
    summary: &str,
    by: i64,
    now: &str,
) -> CoreResult<i64> {
    conn.execute(
        "INSERT INTO employee_reviews (employee_id, review_date, reviewer_id, rating, summary, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![employee_id, date, by, rating, summary, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn reviews(conn: &Connection, employee_id: i64) -> CoreResult<Vec<Review>> {
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.review_date, u.display_name, r.rating, r.summary
         FROM employee_reviews r LEFT JOIN users u ON u.id = r.reviewer_id
         WHERE r.employee_id = ?1 ORDER BY r.review_date DESC, r.id DESC",
    )?;
    let rows = stmt.query_map([employee_id], |r| {
        Ok(Review {
            id: r.get(0)?,
            review_date: r.get(1)?,
            reviewer_name: r.get(2)?,
            rating: r.get(3)?,
            summary: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[allow(clippy::too_many_arguments)]
pub fn insert_absence(
    conn: &Connection,
    employee_id: i64,
    kind: AbsenceKind,
    start: &str,
    end: Option<&str>,
    reason: Option<&str>,
    by: i64,
    now: &str,
) -> CoreResult<i64> {
    conn.execute(
        "INSERT INTO employee_absences (employee_id, kind, start_date, end_date, reason, created_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![employee_id, kind.as_str(), start, end, reason, now, by],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A person's absences; the reason column is read only when `with_reasons` (it is special
/// category data), so it never even leaves the database otherwise.
pub fn absences(
    conn: &Connection,
    employee_id: i64,
    with_reasons: bool,
) -> CoreResult<Vec<Absence>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, start_date, end_date, CASE WHEN ?2 THEN reason END
         FROM employee_absences WHERE employee_id = ?1 ORDER BY start_date DESC, id DESC",
    )?;
    let rows = stmt.query_map(params![employee_id, with_reasons], |r| {
        let kind: String = r.get(1)?;
        Ok(Absence {
            id: r.get(0)?,
            kind: AbsenceKind::parse(&kind).unwrap_or(AbsenceKind::Other),
            start_date: r.get(2)?,
            end_date: r.get(3)?,
            reason: if with_reasons {
                Guarded::Shown(r.get(4)?)
            } else {
                Guarded::Redacted
            },
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Field names whose values differ between two stored versions (for the audit trail).
pub fn changed_fields(a: &Employee, b: &Employee) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |name: &'static str, changed: bool| {
        if changed {
            out.push(name);
        }
    };
    check("name", a.display_name != b.display_name);
    check("email", a.email != b.email);
    check("position", a.position != b.position);
    check("department", a.department != b.department);
    check("contractType", a.contract_type != b.contract_type);
    check("hoursPerWeek", a.hours_per_week != b.hours_per_week);
    check("startDate", a.start_date != b.start_date);
    check("endDate", a.end_date != b.end_date);
    let salary = |e: &Employee| {
        e.salary
            .as_ref()
            .map(|s| (s.cents, s.currency.clone(), s.period))
    };
    check("salary", salary(a) != salary(b));
    check("notes", a.notes != b.notes);
    out
}
