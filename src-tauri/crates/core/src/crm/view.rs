//! The person's 360° view and what is added to it (timeline entries), plus pickers' lookups.
use crate::access::{Action, Category};
use crate::clock::{parse_stamp, stamp};
use crate::crm::persons;
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::crm::{PersonView, StaffMember, TimelineEntry, TimelineInput};
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::fields;
use crate::session::Session;
use crate::store::activity;

pub const TIMELINE_PAGE: u32 = 50;

pub fn person_view(s: &Session, id: i64) -> CoreResult<PersonView> {
    let person = persons::get(s, id)?;
    let show_sales = s.rights().allows(Category::Sales, Action::View);
    let deals = activity::deals_for_person(&s.read()?, id, show_sales)?;
    if show_sales && !deals.is_empty() {
        // Viewing sales figures is audited (who, which record, when; never the amounts).
        s.audit(
            AuditEvent::new(Some(s.user_id()), AuditAction::SalesViewed)
                .on("person", id)
                .category(Category::Sales.as_str()),
        )?;
    }
    Ok(PersonView {
        person,
        timeline: activity::timeline_for_person(&s.read()?, id, TIMELINE_PAGE)?,
        deals,
        tasks: activity::tasks_for_person(&s.read()?, id)?,
    })
}

/// The checked text and time of a new timeline entry (now when none is given).
pub(crate) fn timeline_values(s: &Session, input: &TimelineInput) -> CoreResult<(String, String)> {
    let body = fields::opt_text("body", Some(&input.body), 20_000)?
        .ok_or(CoreError::invalid("body", R::Required))?;
    let at = match input
        .occurred_at
        .as_deref()
        .filter(|v| !v.trim().is_empty())
    {
        Some(v) => parse_stamp(v).ok_or(CoreError::invalid("occurredAt", R::InvalidFormat))?,
        None => s.now(),
    };
    Ok((body, stamp(at)))
}

pub fn add_timeline(
    s: &Session,
    person_id: i64,
    input: &TimelineInput,
) -> CoreResult<TimelineEntry> {
    s.require(Category::Contact, Action::Edit)?;
    persons::get(s, person_id)?;
    crate::filters::writable(s, person_id)?;
    let (body, at) = timeline_values(s, input)?;
    let tx = s.write()?;
    let id = activity::insert_timeline(
        &tx,
        person_id,
        input.kind,
        &at,
        s.user_id(),
        &body,
        &stamp(s.now()),
    )?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::TimelineAdded)
            .on("person", person_id)
            .category(Category::Contact.as_str())
            .details(serde_json::json!({ "entry": id, "kind": input.kind.as_str() })),
    )?;
    tx.commit()?;
    activity::timeline_for_person(&s.read()?, person_id, TIMELINE_PAGE)?
        .into_iter()
        .find(|e| e.id == id)
        .ok_or(CoreError::NotFound)
}

pub fn staff(s: &Session) -> CoreResult<Vec<StaffMember>> {
    s.require(Category::Contact, Action::View)?;
    activity::staff(&s.read()?)
}

pub fn tags(s: &Session) -> CoreResult<Vec<String>> {
    s.require(Category::Contact, Action::View)?;
    activity::tags(&s.read()?)
}
