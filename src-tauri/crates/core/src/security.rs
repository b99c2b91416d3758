//! Settings > Security: the auto-lock time.
use crate::access::{Action, Category};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::SecuritySettings;
use crate::error::{CoreError, CoreResult, ValidationReason};
use crate::session::Session;
use crate::store::settings;

pub const AUTO_LOCK_RANGE: std::ops::RangeInclusive<u32> = 1..=240;

pub fn get(s: &Session) -> CoreResult<SecuritySettings> {
    s.require(Category::Admin, Action::View)?;
    Ok(SecuritySettings {
        auto_lock_minutes: s.auto_lock_minutes,
    })
}

pub fn set(s: &mut Session, new: &SecuritySettings) -> CoreResult<SecuritySettings> {
    s.require(Category::Admin, Action::Manage)?;
    if !AUTO_LOCK_RANGE.contains(&new.auto_lock_minutes) {
        return Err(CoreError::invalid(
            "autoLockMinutes",
            ValidationReason::OutOfRange,
        ));
    }
    let tx = s.write()?;
    settings::set(
        &tx,
        settings::AUTO_LOCK_MINUTES,
        &new.auto_lock_minutes.to_string(),
    )?;
    s.audit(
        AuditEvent::new(Some(s.user.id), AuditAction::SettingsChanged)
            .category(Category::Admin.as_str())
            .details(serde_json::json!({ "setting": settings::AUTO_LOCK_MINUTES })),
    )?;
    tx.commit()?;
    s.reload()?;
    get(s)
}
