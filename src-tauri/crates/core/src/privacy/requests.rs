//! Privacy > Requests: data subject requests (Art. 12, 15-22) with their one-month deadline,
//! one extension by up to two further months with its reason, who handles them and the
//! outcome. Viewing needs privacy.view, filing privacy.create, handling privacy.edit. Audited
//! with the request's id and kind, never the subject's data.
use crate::access::{Action, Category};
use crate::clock::stamp;
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::requests::{
    CloseInput, ExtendInput, RequestInput, RequestQueue, RequestStatus, SubjectRequest, Urgency,
    Verification,
};
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::fields;
use crate::session::Session;
use crate::store::requests::{self as db, Row};
use chrono::{Months, NaiveDate};

const DUE_SOON_DAYS: i64 = 7;

fn parse_day(field: &'static str, v: &str) -> CoreResult<NaiveDate> {
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .map_err(|_| CoreError::invalid(field, R::InvalidFormat))
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The deadline of Art. 12(3): one month after receipt (the last day of a shorter month when
/// the day does not exist, as chrono's month arithmetic does).
pub fn due_date(received: NaiveDate) -> NaiveDate {
    received
        .checked_add_months(Months::new(1))
        .unwrap_or(received)
}

/// The latest an extension may reach: two further months after the original deadline.
pub fn latest_extension(due: NaiveDate) -> NaiveDate {
    due.checked_add_months(Months::new(2)).unwrap_or(due)
}

fn shown(s: &Session, r: Row, today: NaiveDate) -> SubjectRequest {
    let deadline = r.extended_until.clone().unwrap_or_else(|| r.due_on.clone());
    let days_left = NaiveDate::parse_from_str(&deadline, "%Y-%m-%d")
        .map(|d| (d - today).num_days())
        .unwrap_or(0);
    let closed = matches!(r.status, RequestStatus::Completed | RequestStatus::Refused);
    let urgency = if closed {
        Urgency::Closed
    } else if days_left < 0 {
        Urgency::Overdue
    } else if days_left <= DUE_SOON_DAYS {
        Urgency::DueSoon
    } else {
        Urgency::OnTime
    };
    // The name is customer data: only for those who may see it.
    let sees_name = s.rights().allows(Category::Contact, Action::View);
    SubjectRequest {
        id: r.id,
        kind: r.kind,
        person_id: r.person_id,
        subject_ref: r.subject_ref,
        subject_name: r.subject_name.filter(|_| sees_name),
        verification: r.verification,
        verification_note: r.verification_note,
        received_on: r.received_on,
        due_on: r.due_on,
        extended_until: r.extended_until,
        extension_reason: r.extension_reason,
        deadline,
        days_left,
        urgency,
        status: r.status,
        handler_name: r.handler_name,
        outcome: r.outcome,
        files: r.files,
        closed_at: r.closed_at,
        created_at: r.created_at,
    }
}

fn today(s: &Session) -> NaiveDate {
    s.now().date_naive()
}

fn audit(s: &Session, id: i64, change: &str, kind: &str) -> CoreResult<()> {
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::RequestChanged)
            .on("request", id)
            .category(Category::Privacy.as_str())
            .details(serde_json::json!({ "change": change, "kind": kind })),
    )?;
    Ok(())
}

pub fn get(s: &Session, id: i64) -> CoreResult<SubjectRequest> {
    s.require(Category::Privacy, Action::View)?;
    let r = db::get(&s.read()?, id)?.ok_or(CoreError::NotFound)?;
    Ok(shown(s, r, today(s)))
}

/// Files a request received from a data subject.
pub fn file(s: &Session, input: &RequestInput) -> CoreResult<SubjectRequest> {
    s.require(Category::Privacy, Action::Create)?;
    // The subject must be someone on file; a restricted person is still a subject.
    if crate::store::restrictions::is_restricted(&s.read()?, input.person_id)?.is_none() {
        return Err(CoreError::invalid("personId", R::InvalidFormat));
    }
    let note = fields::opt_text("verificationNote", input.verification_note.as_deref(), 500)?;
    if input.verification == Verification::Other && note.is_none() {
        return Err(CoreError::invalid("verificationNote", R::Required));
    }
    let received = match input
        .received_on
        .as_deref()
        .filter(|v| !v.trim().is_empty())
    {
        Some(v) => parse_day("receivedOn", v)?,
        None => today(s),
    };
    if received > today(s) {
        return Err(CoreError::invalid("receivedOn", R::OutOfRange));
    }
    let tx = s.write()?;
    let id = db::insert(
        &tx,
        &db::NewRequest {
            kind: input.kind,
            person_id: input.person_id,
            verification: input.verification,
            verification_note: note.as_deref(),
            received_on: &day(received),
            due_on: &day(due_date(received)),
        },
        &stamp(s.now()),
        s.user_id(),
    )?;
    audit(s, id, "filed", input.kind.as_str())?;
    tx.commit()?;
    get(s, id)
}

/// Open, overdue and due-soon requests, counted (Privacy > Overview).
pub fn counts(s: &Session) -> CoreResult<(i64, i64, i64)> {
    s.require(Category::Privacy, Action::View)?;
    let today = today(s);
    let soon = today + chrono::Duration::days(DUE_SOON_DAYS);
    db::counts(&s.read()?, &day(today), &day(soon))
}

pub fn queue(s: &Session, with_closed: bool) -> CoreResult<RequestQueue> {
    s.require(Category::Privacy, Action::View)?;
    let today = today(s);
    let soon = today + chrono::Duration::days(DUE_SOON_DAYS);
    let (open, overdue, due_soon) = db::counts(&s.read()?, &day(today), &day(soon))?;
    Ok(RequestQueue {
        requests: db::queue(&s.read()?, with_closed, 500)?
            .into_iter()
            .map(|r| shown(s, r, today))
            .collect(),
        open,
        overdue,
        due_soon,
    })
}

/// The requests of one person, for their 360° view.
pub fn of_person(s: &Session, person_id: i64) -> CoreResult<Vec<SubjectRequest>> {
    s.require(Category::Privacy, Action::View)?;
    let today = today(s);
    Ok(db::of_person(&s.read()?, person_id)?
        .into_iter()
        .map(|r| shown(s, r, today))
        .collect())
}

fn open_request(s: &Session, id: i64) -> CoreResult<Row> {
    let r = db::get(&s.read()?, id)?.ok_or(CoreError::NotFound)?;
    if matches!(r.status, RequestStatus::Completed | RequestStatus::Refused) {
        return Err(CoreError::invalid("status", R::ReadOnly));
    }
    Ok(r)
}

/// Takes a request on: the caller becomes its handler.
pub fn start(s: &Session, id: i64) -> CoreResult<SubjectRequest> {
    s.require(Category::Privacy, Action::Edit)?;
    let r = open_request(s, id)?;
    if r.status != RequestStatus::Received {
        return Err(CoreError::invalid("status", R::InUse));
    }
    let tx = s.write()?;
    if !db::start(&tx, id, s.user_id(), &stamp(s.now()))? {
        return Err(CoreError::invalid("status", R::InUse));
    }
    audit(s, id, "started", r.kind.as_str())?;
    tx.commit()?;
    get(s, id)
}

/// Extends the deadline once (Art. 12(3): by at most two further months, given the complexity
/// and number of requests; decided and told to the subject within the first month).
pub fn extend(s: &Session, input: &ExtendInput) -> CoreResult<SubjectRequest> {
    s.require(Category::Privacy, Action::Edit)?;
    let r = open_request(s, input.id)?;
    let reason = fields::opt_text("reason", Some(&input.reason), 1_000)?
        .ok_or(CoreError::invalid("reason", R::Required))?;
    let due = parse_day("dueOn", &r.due_on)?;
    // Art. 12(3): one extension, decided (and told) within the first month.
    if r.extended_until.is_some() {
        return Err(CoreError::invalid("until", R::InUse));
    }
    if today(s) > due {
        return Err(CoreError::invalid("until", R::ReadOnly));
    }
    let until = parse_day("until", &input.until)?;
    if until <= due || until > latest_extension(due) {
        return Err(CoreError::invalid("until", R::OutOfRange));
    }
    let tx = s.write()?;
    if !db::extend(&tx, input.id, &day(until), &reason, &stamp(s.now()))? {
        return Err(CoreError::invalid("status", R::ReadOnly));
    }
    audit(s, input.id, "extended", r.kind.as_str())?;
    tx.commit()?;
    get(s, input.id)
}

/// Closes a request as completed or refused, with its outcome.
pub fn close(s: &Session, input: &CloseInput) -> CoreResult<SubjectRequest> {
    s.require(Category::Privacy, Action::Edit)?;
    let r = open_request(s, input.id)?;
    if !matches!(
        input.status,
        RequestStatus::Completed | RequestStatus::Refused
    ) {
        return Err(CoreError::invalid("status", R::InvalidFormat));
    }
    let outcome = fields::opt_text("outcome", Some(&input.outcome), 4_000)?
        .ok_or(CoreError::invalid("outcome", R::Required))?;
    let tx = s.write()?;
    if !db::close(
        &tx,
        input.id,
        input.status,
        &outcome,
        s.user_id(),
        &stamp(s.now()),
    )? {
        return Err(CoreError::invalid("status", R::ReadOnly));
    }
    audit(s, input.id, input.status.as_str(), r.kind.as_str())?;
    tx.commit()?;
    get(s, input.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_month_later_and_at_most_two_more() {
        assert_eq!(due_date(d("2026-03-15")), d("2026-04-15"));
        // No 31 February: the last day of the month.
        assert_eq!(due_date(d("2026-01-31")), d("2026-02-28"));
        assert_eq!(latest_extension(d("2026-04-15")), d("2026-06-15"));
    }
}
