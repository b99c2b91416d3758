//! SQL for personnel files: employees, reviews, absences. Their values are stored sealed under
//! the hr (and special) category keys; this module moves the sealed bytes and the few readable
//! columns (employment dates) and never sees a value in the clear, except what a vault from
//! before category keys still holds in its older columns until it is sealed.
use super::{ReadTx, WriteTx};
use crate::error::CoreResult;
use rusqlite::{params, OptionalExtension};

/// What a vault from before category keys holds in the clear for an employee.
#[derive(Debug, Clone)]
pub struct LegacyEmployee {
    pub given_name: String,
    pub tussenvoegsel: String,
    pub family_name: String,
    pub email: Option<String>,
    pub position: Option<String>,
    pub department: Option<String>,
    pub contract_type: String,
    pub hours_per_week: Option<u32>,
    pub salary_cents: Option<i64>,
    pub salary_currency: String,
    pub salary_period: String,
    pub notes: Option<String>,
}

/// An employee as stored.
#[derive(Debug, Clone)]
pub struct StoredEmployee {
    pub id: i64,
    pub start_date: String,
    pub end_date: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
    /// The hr values sealed; None while a legacy row is not sealed yet.
    pub sealed: Option<Vec<u8>>,
    pub legacy: LegacyEmployee,
}

const EMPLOYEE_COLS: &str = "id, start_date, end_date, created_at, updated_at, sealed, given_name,
    tussenvoegsel, family_name, email, position, department, contract_type, hours_per_week,
    salary_cents, salary_currency, salary_period, notes, version";

fn employee(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredEmployee> {
    Ok(StoredEmployee {
        id: r.get(0)?,
        start_date: r.get(1)?,
        end_date: r.get(2)?,
        created_at: r.get(3)?,
        updated_at: r.get(4)?,
        sealed: r.get(5)?,
        version: r.get(18)?,
        legacy: LegacyEmployee {
            given_name: r.get(6)?,
            tussenvoegsel: r.get(7)?,
            family_name: r.get(8)?,
            email: r.get(9)?,
            position: r.get(10)?,
            department: r.get(11)?,
            contract_type: r.get(12)?,
            hours_per_week: r.get(13)?,
            salary_cents: r.get(14)?,
            salary_currency: r.get(15)?,
            salary_period: r.get(16)?,
            notes: r.get(17)?,
        },
    })
}

/// Placeholders in the older columns: the same for every sealed row, so they say nothing.
const BLANK_LEGACY: &str = "given_name = '', tussenvoegsel = '', family_name = '', sort_name = '',
    email = NULL, position = NULL, department = NULL, contract_type = 'permanent',
    hours_per_week = NULL, salary_cents = NULL, salary_currency = 'EUR', salary_period = 'month',
    notes = NULL";

/// A new employee row with its readable columns; its values are sealed with `set_sealed`
/// once the row id (part of their associated data) is known.
pub fn insert(
    tx: &WriteTx,
    start_date: &str,
    end_date: Option<&str>,
    now: &str,
    by: i64,
) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO employees (given_name, tussenvoegsel, family_name, sort_name, contract_type,
            start_date, end_date, created_at, updated_at, created_by)
         VALUES ('', '', '', '', 'permanent', ?1, ?2, ?3, ?3, ?4)",
        params![start_date, end_date, now, by],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Stores an employee's sealed values (and blanks the older columns).
pub fn set_sealed(tx: &WriteTx, id: i64, sealed: &[u8], has_salary: bool) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        &format!("UPDATE employees SET sealed = ?2, has_salary = ?3, {BLANK_LEGACY} WHERE id = ?1"),
        params![id, sealed, has_salary],
    )?;
    Ok(())
}

pub fn update(
    tx: &WriteTx,
    id: i64,
    start_date: &str,
    end_date: Option<&str>,
    now: &str,
    sealed: &[u8],
    has_salary: bool,
) -> CoreResult<bool> {
    let conn = tx.conn();
    let n = conn.execute(
        &format!(
            "UPDATE employees SET start_date = ?2, end_date = ?3, updated_at = ?4, sealed = ?5,
                has_salary = ?6, {BLANK_LEGACY}
             WHERE id = ?1"
        ),
        params![id, start_date, end_date, now, sealed, has_salary],
    )?;
    Ok(n == 1)
}

pub fn delete(tx: &WriteTx, id: i64) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute("DELETE FROM employees WHERE id = ?1", [id])? == 1)
}

pub fn get(tx: &ReadTx, id: i64) -> CoreResult<Option<StoredEmployee>> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            &format!("SELECT {EMPLOYEE_COLS} FROM employees WHERE id = ?1"),
            [id],
            employee,
        )
        .optional()?)
}

/// Every employee (current staff only unless asked): personnel files are few, and their names
/// are sealed, so they are sorted and paged after opening.
pub fn all(tx: &ReadTx, today: &str, include_former: bool) -> CoreResult<Vec<StoredEmployee>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EMPLOYEE_COLS} FROM employees
         WHERE (?1 OR end_date IS NULL OR end_date >= ?2) ORDER BY id"
    ))?;
    let rows = stmt.query_map(params![include_former, today], employee)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Whether any value of the category (hr, special) is sealed in the database.
pub fn any_sealed(tx: &ReadTx, category: &str) -> CoreResult<bool> {
    let conn = tx.conn();
    let sql = match category {
        "special" => {
            "SELECT EXISTS (SELECT 1 FROM employee_absences WHERE reason_sealed IS NOT NULL)"
        }
        _ => {
            "SELECT EXISTS (SELECT 1 FROM employees WHERE sealed IS NOT NULL)
                 OR EXISTS (SELECT 1 FROM employee_reviews WHERE sealed IS NOT NULL)
                 OR EXISTS (SELECT 1 FROM employee_absences WHERE sealed IS NOT NULL)"
        }
    };
    Ok(conn.query_row(sql, [], |r| r.get(0))?)
}

/// Whether values of the category (hr, special) are still held in the clear (a vault from
/// before category keys).
pub fn any_legacy(tx: &ReadTx, category: &str) -> CoreResult<bool> {
    let conn = tx.conn();
    let sql = match category {
        "special" => {
            "SELECT EXISTS (SELECT 1 FROM employee_absences
                 WHERE reason IS NOT NULL AND reason_sealed IS NULL)"
        }
        _ => {
            "SELECT EXISTS (SELECT 1 FROM employees WHERE sealed IS NULL)
                 OR EXISTS (SELECT 1 FROM employee_reviews WHERE sealed IS NULL)
                 OR EXISTS (SELECT 1 FROM employee_absences WHERE sealed IS NULL)"
        }
    };
    Ok(conn.query_row(sql, [], |r| r.get(0))?)
}

/// A review as stored: sealed (date, rating, summary), or legacy columns.
#[derive(Debug, Clone)]
pub struct StoredReview {
    pub id: i64,
    pub employee_id: i64,
    pub reviewer_name: Option<String>,
    pub sealed: Option<Vec<u8>>,
    pub legacy: (String, Option<u8>, String),
}

pub fn insert_review(tx: &WriteTx, employee_id: i64, by: i64, now: &str) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO employee_reviews (employee_id, review_date, reviewer_id, summary, created_at)
         VALUES (?1, '', ?2, '', ?3)",
        params![employee_id, by, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn set_review_sealed(tx: &WriteTx, id: i64, sealed: &[u8]) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "UPDATE employee_reviews SET sealed = ?2, review_date = '', rating = NULL, summary = ''
         WHERE id = ?1",
        params![id, sealed],
    )?;
    Ok(())
}

const REVIEW_COLS: &str =
    "r.id, r.employee_id, u.display_name, r.sealed, r.review_date, r.rating, r.summary
     FROM employee_reviews r LEFT JOIN users u ON u.id = r.reviewer_id";

fn review(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredReview> {
    Ok(StoredReview {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        reviewer_name: r.get(2)?,
        sealed: r.get(3)?,
        legacy: (r.get(4)?, r.get(5)?, r.get(6)?),
    })
}

pub fn reviews(tx: &ReadTx, employee_id: i64) -> CoreResult<Vec<StoredReview>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {REVIEW_COLS} WHERE r.employee_id = ?1 ORDER BY r.id"
    ))?;
    let rows = stmt.query_map([employee_id], review)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// An absence as stored: its hr part (kind, dates) and its reason (special), each sealed or
/// in the legacy columns.
#[derive(Debug, Clone)]
pub struct StoredAbsence {
    pub id: i64,
    pub employee_id: i64,
    pub sealed: Option<Vec<u8>>,
    pub reason_sealed: Option<Vec<u8>>,
    pub legacy: (String, String, Option<String>),
    pub legacy_reason: Option<String>,
}

pub fn insert_absence(tx: &WriteTx, employee_id: i64, by: i64, now: &str) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO employee_absences (employee_id, kind, start_date, created_at, created_by)
         VALUES (?1, 'other', '', ?2, ?3)",
        params![employee_id, now, by],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn set_absence_sealed(tx: &WriteTx, id: i64, sealed: &[u8]) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "UPDATE employee_absences SET sealed = ?2, kind = 'other', start_date = '', end_date = NULL
         WHERE id = ?1",
        params![id, sealed],
    )?;
    Ok(())
}

pub fn set_reason_sealed(tx: &WriteTx, id: i64, sealed: &[u8]) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "UPDATE employee_absences SET reason_sealed = ?2, reason = NULL WHERE id = ?1",
        params![id, sealed],
    )?;
    Ok(())
}

const ABSENCE_COLS: &str =
    "id, employee_id, sealed, reason_sealed, kind, start_date, end_date, reason FROM employee_absences";

fn absence(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredAbsence> {
    Ok(StoredAbsence {
        id: r.get(0)?,
        employee_id: r.get(1)?,
        sealed: r.get(2)?,
        reason_sealed: r.get(3)?,
        legacy: (r.get(4)?, r.get(5)?, r.get(6)?),
        legacy_reason: r.get(7)?,
    })
}

pub fn absences(tx: &ReadTx, employee_id: i64) -> CoreResult<Vec<StoredAbsence>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ABSENCE_COLS} WHERE employee_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([employee_id], absence)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Every row of every personnel table, for sealing legacy rows and re-sealing under a new key.
pub fn all_employees(tx: &ReadTx) -> CoreResult<Vec<StoredEmployee>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(&format!(
        "SELECT {EMPLOYEE_COLS} FROM employees ORDER BY id"
    ))?;
    let rows = stmt.query_map([], employee)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn all_reviews(tx: &ReadTx) -> CoreResult<Vec<StoredReview>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(&format!("SELECT {REVIEW_COLS} ORDER BY r.id"))?;
    let rows = stmt.query_map([], review)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn all_absences(tx: &ReadTx) -> CoreResult<Vec<StoredAbsence>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(&format!("SELECT {ABSENCE_COLS} ORDER BY id"))?;
    let rows = stmt.query_map([], absence)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn count(tx: &ReadTx, today: &str, include_former: bool) -> CoreResult<i64> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT count(*) FROM employees WHERE (?1 OR end_date IS NULL OR end_date >= ?2)",
        params![include_former, today],
        |r| r.get(0),
    )?)
}

/// Whether an employee exists (for adding a review or an absence to them).
pub fn exists(tx: &ReadTx, id: i64) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM employees WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?)
}
