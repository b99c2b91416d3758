//! Restriction of processing (Art. 18). A restricted person's data stays stored but is not used:
//! it is read-only for everyone, left out of lists, search, exports, marketing lists, boards and
//! dashboards, and only those who handle restrictions (privacy.view) still see it, marked.
//! Restricting and lifting need privacy.manage and are audited with the ground, never the note.
use crate::access::{Action, Category};
use crate::clock::stamp;
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::consent::{ConsentOverview, RestrictionInput};
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::fields;
use crate::session::Session;
use crate::store::restrictions as db;

/// Restricts and answers with the person's consent panel, which shows the restriction.
pub fn restrict(s: &Session, input: &RestrictionInput) -> CoreResult<ConsentOverview> {
    s.require(Category::Privacy, Action::Manage)?;
    s.require(Category::Contact, Action::View)?;
    match db::is_restricted(&s.read()?, input.person_id)? {
        None => return Err(CoreError::NotFound),
        Some(true) => return Err(CoreError::invalid("personId", R::InUse)),
        Some(false) => {}
    }
    let note = fields::opt_text("note", input.note.as_deref(), 2_000)?;
    let tx = s.write()?;
    let id = db::restrict(
        &tx,
        input.person_id,
        input.ground,
        note.as_deref(),
        &stamp(s.now()),
        s.user_id(),
    )?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::RestrictionChanged)
            .on("person", input.person_id)
            .category(Category::Privacy.as_str())
            .details(serde_json::json!({
                "change": "restricted", "restriction": id, "ground": input.ground.as_str()
            })),
    )?;
    tx.commit()?;
    super::consent::overview(s, input.person_id)
}

pub fn lift(s: &Session, person_id: i64, reason: &str) -> CoreResult<ConsentOverview> {
    s.require(Category::Privacy, Action::Manage)?;
    s.require(Category::Contact, Action::View)?;
    let reason = fields::opt_text("reason", Some(reason), 2_000)?
        .ok_or(CoreError::invalid("reason", R::Required))?;
    let tx = s.write()?;
    let Some(id) = db::lift(&tx, person_id, &reason, &stamp(s.now()), s.user_id())? else {
        return match db::is_restricted(&tx, person_id)? {
            None => Err(CoreError::NotFound),
            Some(_) => Err(CoreError::invalid("personId", R::OutOfRange)),
        };
    };
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::RestrictionChanged)
            .on("person", person_id)
            .category(Category::Privacy.as_str())
            .details(serde_json::json!({ "change": "lifted", "restriction": id })),
    )?;
    tx.commit()?;
    super::consent::overview(s, person_id)
}
