//! Personnel files (category hr): employees with their contract, position and salary,
//! reviews and absences. Only callers with (hr, view) see any of it; absence reasons are
//! health data (category special) and need (special, view) besides. Every view is audited
//! (who and which file, never the values).
pub mod dto;

use crate::access::{Action, Category};
use crate::audit::{AuditAction, AuditEvent};
use crate::clock::stamp;
use crate::crm::fields;
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::session::Session;
use crate::store::hr as db;
use dto::{
    AbsenceInput, Employee, EmployeeFile, EmployeeInput, EmployeePage, EmployeeQuery, ReviewInput,
};

const MAX_NAME: usize = 100;
const MAX_TEXT: usize = 20_000;

/// A start date and an optional end date (empty = none) that is not before it.
fn period(
    start: &str,
    end: Option<&str>,
    today: chrono::NaiveDate,
) -> CoreResult<(String, Option<String>)> {
    let start = fields::date("startDate", start, today, false)?;
    let end = match end.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(fields::date("endDate", d, today, false)?),
        None => None,
    };
    if end.as_deref().is_some_and(|e| e < start.as_str()) {
        return Err(CoreError::invalid("endDate", R::OutOfRange));
    }
    Ok((start, end))
}

fn clean(input: &EmployeeInput, today: chrono::NaiveDate) -> CoreResult<db::EmployeeColumns> {
    let name = |field: &'static str, v: &str| -> CoreResult<String> {
        Ok(fields::opt_text(field, Some(v), MAX_NAME)?.unwrap_or_default())
    };
    let given = name("givenName", &input.given_name)?;
    let tv = name("tussenvoegsel", &input.tussenvoegsel)?;
    let family = name("familyName", &input.family_name)?;
    if given.is_empty() {
        return Err(CoreError::invalid("givenName", R::Required));
    }
    if family.is_empty() {
        return Err(CoreError::invalid("familyName", R::Required));
    }
    let (start, end) = period(&input.start_date, input.end_date.as_deref(), today)?;
    let email = match input
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    {
        Some(e) => Some(fields::email("email", e)?),
        None => None,
    };
    if input.hours_per_week.is_some_and(|h| h > 80) {
        return Err(CoreError::invalid("hoursPerWeek", R::OutOfRange));
    }
    if input
        .salary_cents
        .is_some_and(|c| !(0..=10_000_000_000).contains(&c))
    {
        return Err(CoreError::invalid("salary", R::OutOfRange));
    }
    let currency = fields::opt_text("salaryCurrency", input.salary_currency.as_deref(), 3)?
        .map(|c| c.to_uppercase())
        .unwrap_or_else(|| "EUR".to_string());
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(CoreError::invalid("salaryCurrency", R::InvalidFormat));
    }
    Ok(db::EmployeeColumns {
        sort_name: fields::person_sort_key(&given, &family),
        given_name: given,
        tussenvoegsel: tv,
        family_name: family,
        email,
        position: fields::opt_text("position", input.position.as_deref(), MAX_NAME)?,
        department: fields::opt_text("department", input.department.as_deref(), MAX_NAME)?,
        contract_type: input.contract_type,
        hours_per_week: input.hours_per_week,
        start_date: start,
        end_date: end,
        salary_cents: input.salary_cents,
        salary_currency: currency,
        salary_period: input.salary_period,
        notes: fields::opt_text("notes", input.notes.as_deref(), MAX_TEXT)?,
    })
}

fn today(s: &Session) -> String {
    s.now().date_naive().format("%Y-%m-%d").to_string()
}

/// One page of staff by name. Audited: listing names and positions is viewing personnel data.
pub fn list(s: &Session, q: &EmployeeQuery) -> CoreResult<EmployeePage> {
    s.require(Category::Hr, Action::View)?;
    let limit = q.limit.clamp(1, 200);
    let after = match q.after.as_deref() {
        Some(c) => Some(
            crate::store::persons::parse_cursor(c)
                .ok_or(CoreError::invalid("after", R::InvalidFormat))?,
        ),
        None => None,
    };
    let first = after.is_none();
    let today = today(s);
    let rows = db::list(&s.conn, &today, q.include_former, after, limit)?;
    let next_cursor = (rows.len() == limit as usize)
        .then(|| rows.last().map(|(r, key)| format!("{}:{key}", r.id)))
        .flatten();
    let total = if first {
        db::count(&s.conn, &today, q.include_former)?
    } else {
        -1
    };
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::HrViewed)
            .category(Category::Hr.as_str())
            .details(serde_json::json!({ "list": rows.len() })),
    )?;
    Ok(EmployeePage {
        rows: rows.into_iter().map(|(r, _)| r).collect(),
        next_cursor,
        total,
    })
}

/// A whole personnel file. Absence reasons come back only with (special, view); that view is
/// audited separately.
pub fn get(s: &Session, id: i64) -> CoreResult<EmployeeFile> {
    s.require(Category::Hr, Action::View)?;
    let employee = db::get(&s.conn, id)?.ok_or(CoreError::NotFound)?;
    let with_reasons = s.rights().allows(Category::Special, Action::View);
    let file = EmployeeFile {
        employee,
        reviews: db::reviews(&s.conn, id)?,
        absences: db::absences(&s.conn, id, with_reasons)?,
    };
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::HrViewed)
            .on("employee", id)
            .category(Category::Hr.as_str()),
    )?;
    if with_reasons && !file.absences.is_empty() {
        s.audit(
            AuditEvent::new(Some(s.user_id()), AuditAction::SpecialViewed)
                .on("employee", id)
                .category(Category::Special.as_str())
                .details(serde_json::json!({ "field": "absenceReason" })),
        )?;
    }
    Ok(file)
}

pub fn create(s: &Session, input: &EmployeeInput) -> CoreResult<Employee> {
    s.require(Category::Hr, Action::Create)?;
    let cols = clean(input, s.now().date_naive())?;
    let tx = s.conn.unchecked_transaction()?;
    let id = db::insert(&s.conn, &cols, &stamp(s.now()), s.user_id())?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::EmployeeCreated)
            .on("employee", id)
            .category(Category::Hr.as_str()),
    )?;
    tx.commit()?;
    db::get(&s.conn, id)?.ok_or(CoreError::NotFound)
}

pub fn update(s: &Session, id: i64, input: &EmployeeInput) -> CoreResult<Employee> {
    s.require(Category::Hr, Action::Edit)?;
    let before = db::get(&s.conn, id)?.ok_or(CoreError::NotFound)?;
    let cols = clean(input, s.now().date_naive())?;
    let tx = s.conn.unchecked_transaction()?;
    db::update(&s.conn, id, &cols, &stamp(s.now()))?;
    let after = db::get(&s.conn, id)?.ok_or(CoreError::NotFound)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::EmployeeUpdated)
            .on("employee", id)
            .category(Category::Hr.as_str())
            .details(serde_json::json!({ "fields": db::changed_fields(&before, &after) })),
    )?;
    tx.commit()?;
    Ok(after)
}

pub fn delete(s: &Session, id: i64) -> CoreResult<()> {
    s.require(Category::Hr, Action::Delete)?;
    let tx = s.conn.unchecked_transaction()?;
    if !db::delete(&s.conn, id)? {
        return Err(CoreError::NotFound);
    }
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::EmployeeDeleted)
            .on("employee", id)
            .category(Category::Hr.as_str()),
    )?;
    tx.commit()?;
    Ok(())
}

pub fn add_review(s: &Session, id: i64, input: &ReviewInput) -> CoreResult<EmployeeFile> {
    s.require(Category::Hr, Action::Edit)?;
    db::get(&s.conn, id)?.ok_or(CoreError::NotFound)?;
    let date = fields::date(
        "reviewDate",
        &input.review_date,
        s.now().date_naive(),
        false,
    )?;
    if input.rating.is_some_and(|r| !(1..=5).contains(&r)) {
        return Err(CoreError::invalid("rating", R::OutOfRange));
    }
    let summary = fields::opt_text("summary", Some(&input.summary), MAX_TEXT)?
        .ok_or(CoreError::invalid("summary", R::Required))?;
    let tx = s.conn.unchecked_transaction()?;
    db::insert_review(
        &s.conn,
        id,
        &date,
        input.rating,
        &summary,
        s.user_id(),
        &stamp(s.now()),
    )?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::EmployeeUpdated)
            .on("employee", id)
            .category(Category::Hr.as_str())
            .details(serde_json::json!({ "fields": ["reviews"] })),
    )?;
    tx.commit()?;
    get(s, id)
}

/// Records an absence. A reason is health data: giving one without (special, create) is
/// refused as a whole, not silently dropped, so nobody believes it was stored.
pub fn add_absence(s: &Session, id: i64, input: &AbsenceInput) -> CoreResult<EmployeeFile> {
    s.require(Category::Hr, Action::Edit)?;
    let reason = fields::opt_text("reason", input.reason.as_deref(), 2_000)?;
    if reason.is_some() {
        s.require(Category::Special, Action::Create)?;
    }
    db::get(&s.conn, id)?.ok_or(CoreError::NotFound)?;
    let today = s.now().date_naive();
    let (start, end) = period(&input.start_date, input.end_date.as_deref(), today)?;
    let tx = s.conn.unchecked_transaction()?;
    db::insert_absence(
        &s.conn,
        id,
        input.kind,
        &start,
        end.as_deref(),
        reason.as_deref(),
        s.user_id(),
        &stamp(s.now()),
    )?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::EmployeeUpdated)
            .on("employee", id)
            .category(
                if reason.is_some() {
                    Category::Special
                } else {
                    Category::Hr
                }
                .as_str(),
            )
            .details(serde_json::json!({ "fields": ["absences"] })),
    )?;
    tx.commit()?;
    get(s, id)
}
