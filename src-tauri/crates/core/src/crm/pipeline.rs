//! The editable sales pipeline: administrators rename, add, reorder and remove open stages.
//! Won and lost stay (the dashboard and the won/lost figures depend on them); a stage that still
//! holds deals cannot be removed, and there is always at least one open stage.
use crate::access::{Action, Category};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::crm::Stage;
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::fields;
use crate::session::Session;
use crate::store::deals as db;

/// The stages with their deal counts (values only for those who may see sales figures).
pub fn stages(s: &Session) -> CoreResult<Vec<Stage>> {
    s.require(Category::Contact, Action::View)?;
    db::stages(&s.read()?, false)
}

fn name(v: &str) -> CoreResult<String> {
    fields::opt_text("name", Some(v), 60)?.ok_or(CoreError::invalid("name", R::Required))
}

fn changed(s: &Session, what: &str, id: i64) -> CoreResult<Vec<Stage>> {
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::PipelineChanged)
            .on("stage", id)
            .category(Category::Admin.as_str())
            .details(serde_json::json!({ "change": what })),
    )?;
    db::stages(&s.read()?, false)
}

pub fn rename(s: &Session, id: i64, new_name: &str) -> CoreResult<Vec<Stage>> {
    s.require(Category::Admin, Action::Manage)?;
    let new_name = name(new_name)?;
    let tx = s.write()?;
    if !db::rename_stage(&tx, id, &new_name)? {
        return Err(CoreError::NotFound);
    }
    let out = changed(s, "renamed", id)?;
    tx.commit()?;
    Ok(out)
}

pub fn add(s: &Session, new_name: &str) -> CoreResult<Vec<Stage>> {
    s.require(Category::Admin, Action::Manage)?;
    let new_name = name(new_name)?;
    let tx = s.write()?;
    let id = db::add_stage(&tx, &new_name)?;
    let out = changed(s, "added", id)?;
    tx.commit()?;
    Ok(out)
}

/// Moves an open stage one place earlier (`step` < 0) or later among the open stages.
pub fn move_stage(s: &Session, id: i64, step: i64) -> CoreResult<Vec<Stage>> {
    s.require(Category::Admin, Action::Manage)?;
    let tx = s.write()?;
    if !db::move_stage(&tx, id, step.signum())? {
        return Err(CoreError::invalid("position", R::OutOfRange));
    }
    let out = changed(s, "moved", id)?;
    tx.commit()?;
    Ok(out)
}

pub fn remove(s: &Session, id: i64) -> CoreResult<Vec<Stage>> {
    s.require(Category::Admin, Action::Manage)?;
    let tx = s.write()?;
    match db::stage_kind(&tx, id)?.as_deref() {
        None => return Err(CoreError::NotFound),
        Some("open") => {}
        Some(_) => return Err(CoreError::invalid("stage", R::InUse)),
    }
    if db::deals_in_stage(&tx, id)? > 0 || db::open_stage_count(&tx)? <= 1 {
        return Err(CoreError::invalid("stage", R::InUse));
    }
    db::delete_stage(&tx, id)?;
    let out = changed(s, "removed", id)?;
    tx.commit()?;
    Ok(out)
}
