//! Personnel files (category hr): employees with their contract, position and salary,
//! reviews and absences. Only callers with (hr, view) see any of it; absence reasons are
//! health data (category special) and need (special, view) besides. Every view is audited
//! (who and which file, never the values). The values are sealed under the hr and special
//! category keys (`sealing`), which only the slots of those roles hold: the rights are kept by
//! the key too, not only by this code.
pub(crate) mod sealing;

use crate::access::{Action, Category};
use crate::clock::stamp;
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::crm::Guarded;
use crate::dto::hr::{
    Absence, AbsenceInput, Employee, EmployeeFile, EmployeeInput, EmployeePage, EmployeeQuery,
    EmployeeRow, Review, ReviewInput, Salary,
};
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::fields::{self, display_name};
use crate::keyring::KeyCategory;
use crate::session::Session;
use crate::store::hr as db;
use sealing::{AbsenceValues, EmployeeValues, ReviewValues};

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

/// An employee's cleaned values: the sealed part and the readable employment dates.
struct Cleaned {
    values: EmployeeValues,
    start: String,
    end: Option<String>,
}

fn clean(input: &EmployeeInput, today: chrono::NaiveDate) -> CoreResult<Cleaned> {
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
    Ok(Cleaned {
        values: EmployeeValues {
            given_name: given,
            tussenvoegsel: tv,
            family_name: family,
            email,
            position: fields::opt_text("position", input.position.as_deref(), MAX_NAME)?,
            department: fields::opt_text("department", input.department.as_deref(), MAX_NAME)?,
            contract_type: input.contract_type,
            hours_per_week: input.hours_per_week,
            salary: input
                .salary_cents
                .map(|c| (c, currency, input.salary_period)),
            notes: fields::opt_text("notes", input.notes.as_deref(), MAX_TEXT)?,
        },
        start,
        end,
    })
}

fn today(s: &Session) -> String {
    s.now().date_naive().format("%Y-%m-%d").to_string()
}

fn employee(e: &db::StoredEmployee, v: EmployeeValues) -> Employee {
    Employee {
        id: e.id,
        display_name: display_name(&v.given_name, &v.tussenvoegsel, &v.family_name),
        given_name: v.given_name,
        tussenvoegsel: v.tussenvoegsel,
        family_name: v.family_name,
        email: v.email,
        position: v.position,
        department: v.department,
        contract_type: v.contract_type,
        hours_per_week: v.hours_per_week,
        start_date: e.start_date.clone(),
        end_date: e.end_date.clone(),
        salary: v.salary.map(|(cents, currency, period)| Salary {
            cents,
            currency,
            period,
        }),
        notes: v.notes,
        created_at: e.created_at.clone(),
        updated_at: e.updated_at.clone(),
        version: e.version,
    }
}

/// One employee, opened with the hr key.
fn load(s: &Session, id: i64) -> CoreResult<Employee> {
    let e = db::get(&s.read()?, id)?.ok_or(CoreError::NotFound)?;
    let v = sealing::employee_values(s, &e)?;
    Ok(employee(&e, v))
}

/// One page of staff by name. Audited: listing names and positions is viewing personnel data.
/// Names are sealed, so the few personnel files are opened and sorted here.
pub fn list(s: &Session, q: &EmployeeQuery) -> CoreResult<EmployeePage> {
    s.require(Category::Hr, Action::View)?;
    let limit = q.limit.clamp(1, 200) as usize;
    let after = match q.after.as_deref() {
        Some(c) => Some(
            crate::store::persons::parse_cursor(c)
                .ok_or(CoreError::invalid("after", R::InvalidFormat))?,
        ),
        None => None,
    };
    let first = after.is_none();
    let mut all = Vec::new();
    for e in db::all(&s.read()?, &today(s), q.include_former)? {
        let v = sealing::employee_values(s, &e)?;
        let key = fields::person_sort_key(&v.given_name, &v.family_name);
        all.push((key, e, v));
    }
    all.sort_by(|a, b| (&a.0, a.1.id).cmp(&(&b.0, b.1.id)));
    let total = all.len() as i64;
    let rows: Vec<(String, EmployeeRow)> = all
        .into_iter()
        .filter(|(key, e, _)| match &after {
            Some((id, k)) => (key, e.id) > (k, *id),
            None => true,
        })
        .take(limit)
        .map(|(key, e, v)| {
            (
                key,
                EmployeeRow {
                    id: e.id,
                    display_name: display_name(&v.given_name, &v.tussenvoegsel, &v.family_name),
                    position: v.position,
                    department: v.department,
                    contract_type: v.contract_type,
                    start_date: e.start_date,
                    end_date: e.end_date,
                },
            )
        })
        .collect();
    let next_cursor = (rows.len() == limit)
        .then(|| rows.last().map(|(key, r)| format!("{}:{key}", r.id)))
        .flatten();
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::HrViewed)
            .category(Category::Hr.as_str())
            .details(serde_json::json!({ "list": rows.len() })),
    )?;
    Ok(EmployeePage {
        rows: rows.into_iter().map(|(_, r)| r).collect(),
        next_cursor,
        total: if first { total } else { -1 },
    })
}

fn reviews(s: &Session, id: i64) -> CoreResult<Vec<Review>> {
    let mut out = Vec::new();
    for r in db::reviews(&s.read()?, id)? {
        let v = sealing::review_values(s, &r)?;
        out.push(Review {
            id: r.id,
            review_date: v.review_date,
            reviewer_name: r.reviewer_name,
            rating: v.rating,
            summary: v.summary,
        });
    }
    out.sort_by(|a, b| (&b.review_date, b.id).cmp(&(&a.review_date, a.id)));
    Ok(out)
}

/// A person's absences; the reason is opened only with (special, view): it is special
/// category data and is otherwise never decrypted.
fn absences(s: &Session, id: i64, with_reasons: bool) -> CoreResult<Vec<Absence>> {
    let mut out = Vec::new();
    for a in db::absences(&s.read()?, id)? {
        let v = sealing::absence_values(s, &a)?;
        out.push(Absence {
            id: a.id,
            kind: v.kind,
            start_date: v.start_date,
            end_date: v.end_date,
            reason: if with_reasons {
                Guarded::Shown(sealing::absence_reason(s, &a)?)
            } else {
                Guarded::Redacted
            },
        });
    }
    out.sort_by(|a, b| (&b.start_date, b.id).cmp(&(&a.start_date, a.id)));
    Ok(out)
}

/// A whole personnel file. Absence reasons come back only with (special, view); that view is
/// audited separately.
pub fn get(s: &Session, id: i64) -> CoreResult<EmployeeFile> {
    s.require(Category::Hr, Action::View)?;
    let employee = load(s, id)?;
    let with_reasons = s.rights().allows(Category::Special, Action::View);
    let file = EmployeeFile {
        employee,
        reviews: reviews(s, id)?,
        absences: absences(s, id, with_reasons)?,
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
    let key = s.category_key(KeyCategory::Hr)?;
    let c = clean(input, s.now().date_naive())?;
    let tx = s.write()?;
    let id = db::insert(
        &tx,
        &c.start,
        c.end.as_deref(),
        &stamp(s.now()),
        s.user_id(),
    )?;
    let sealed = sealing::seal_employee(key, id, &c.values);
    db::set_sealed(&tx, id, &sealed, c.values.salary.is_some())?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::EmployeeCreated)
            .on("employee", id)
            .category(Category::Hr.as_str()),
    )?;
    tx.commit()?;
    load(s, id)
}

pub fn update(s: &Session, id: i64, version: i64, input: &EmployeeInput) -> CoreResult<Employee> {
    s.require(Category::Hr, Action::Edit)?;
    let c = clean(input, s.now().date_naive())?;
    let tx = s.write()?;
    let before = load(s, id)?;
    crate::store::versions::claim(
        &tx,
        crate::store::versions::Versioned::Employee,
        id,
        Some(version),
        s.user_id(),
    )?;
    let sealed = sealing::seal_employee(s.category_key(KeyCategory::Hr)?, id, &c.values);
    db::update(
        &tx,
        id,
        &c.start,
        c.end.as_deref(),
        &stamp(s.now()),
        &sealed,
        c.values.salary.is_some(),
    )?;
    let after = load(s, id)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::EmployeeUpdated)
            .on("employee", id)
            .category(Category::Hr.as_str())
            .details(serde_json::json!({ "fields": changed_fields(&before, &after) })),
    )?;
    tx.commit()?;
    Ok(after)
}

pub fn delete(s: &Session, id: i64) -> CoreResult<()> {
    s.require(Category::Hr, Action::Delete)?;
    let tx = s.write()?;
    if !db::delete(&tx, id)? {
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
    let key = s.category_key(KeyCategory::Hr)?;
    if !db::exists(&s.read()?, id)? {
        return Err(CoreError::NotFound);
    }
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
    let tx = s.write()?;
    let rid = db::insert_review(&tx, id, s.user_id(), &stamp(s.now()))?;
    let sealed = sealing::seal_review(
        key,
        rid,
        &ReviewValues {
            review_date: date,
            rating: input.rating,
            summary,
        },
    );
    db::set_review_sealed(&tx, rid, &sealed)?;
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
    let key = s.category_key(KeyCategory::Hr)?;
    let reason_key = match reason {
        Some(_) => {
            s.require(Category::Special, Action::Create)?;
            Some(s.category_key(KeyCategory::Special)?)
        }
        None => None,
    };
    if !db::exists(&s.read()?, id)? {
        return Err(CoreError::NotFound);
    }
    let today = s.now().date_naive();
    let (start, end) = period(&input.start_date, input.end_date.as_deref(), today)?;
    let tx = s.write()?;
    let aid = db::insert_absence(&tx, id, s.user_id(), &stamp(s.now()))?;
    let sealed = sealing::seal_absence(
        key,
        aid,
        &AbsenceValues {
            kind: input.kind,
            start_date: start,
            end_date: end,
        },
    );
    db::set_absence_sealed(&tx, aid, &sealed)?;
    if let (Some(r), Some(k)) = (&reason, reason_key) {
        db::set_reason_sealed(&tx, aid, &sealing::seal_reason(k, aid, r))?;
    }
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

/// An employee's name for a screen that lists personnel files (the retention preview), if this
/// session may open it; None otherwise (the screen shows the file's number).
pub(crate) fn label(s: &Session, id: i64) -> CoreResult<Option<String>> {
    if s.category_key(KeyCategory::Hr).is_err() {
        return Ok(None);
    }
    Ok(match db::get(&s.read()?, id)? {
        Some(e) => {
            let v = sealing::employee_values(s, &e)?;
            Some(display_name(
                &v.given_name,
                &v.tussenvoegsel,
                &v.family_name,
            ))
        }
        None => None,
    })
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
