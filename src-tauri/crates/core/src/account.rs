//! What a signed-in person does to their own account: change the password, confirm they stored
//! the recovery key.
use crate::access::{Action, Category};
use crate::audit::{AuditAction, AuditEvent};
use crate::clock::stamp;
use crate::dto::SessionInfo;
use crate::error::{CoreError, CoreResult, ValidationReason};
use crate::password;
use crate::session::Session;
use crate::store::{settings, users};
use crate::throttle::Throttle;
use kluis_vault::{KeyFile, Password, RecoveryKey, VaultError};

pub fn change_password(
    s: &mut Session,
    current: &Password,
    new: &Password,
) -> CoreResult<SessionInfo> {
    if current.expose() == new.expose() {
        return Err(CoreError::invalid(
            "newPassword",
            ValidationReason::SamePassword,
        ));
    }
    let org = settings::get(&s.conn, settings::ORG_NAME)?.unwrap_or_default();
    password::require_strong(
        "newPassword",
        new.expose(),
        &[&org, &s.user.username, &s.user.display_name],
    )?;
    let th = Throttle::new(&s.ctx.paths.throttle());
    th.check(&s.user.username, s.now())?;
    let mut kf = KeyFile::load(&s.ctx.paths.keys())?;
    match kf.change_password(&s.user.username, current, new, s.ctx.kdf) {
        Ok(()) => {}
        Err(VaultError::WrongPassword) => {
            th.record_failure(&s.user.username, s.now())?;
            return Err(CoreError::invalid(
                "currentPassword",
                ValidationReason::InvalidFormat,
            ));
        }
        Err(e) => return Err(e.into()),
    }
    kf.save(&s.ctx.paths.keys())?;
    th.record_success(&s.user.username)?;
    users::set_must_change_password(&s.conn, s.user.id, false, &stamp(s.now()))?;
    s.audit(AuditEvent::new(Some(s.user.id), AuditAction::PasswordChanged).on("user", s.user.id))?;
    s.reload()?;
    s.info()
}

/// The person types the recovery key back; it must really open this vault's recovery slot.
pub fn confirm_recovery_key(s: &Session, typed: &str) -> CoreResult<SessionInfo> {
    s.require(Category::Admin, Action::Manage)?;
    let kf = KeyFile::load(&s.ctx.paths.keys())?;
    let rk = RecoveryKey::parse(typed).map_err(|_| CoreError::RecoveryKeyInvalid)?;
    let key = kf
        .unlock_recovery(&rk)
        .map_err(|_| CoreError::RecoveryKeyInvalid)?;
    if key != s.key {
        return Err(CoreError::RecoveryKeyInvalid);
    }
    settings::set(
        &s.conn,
        settings::RECOVERY_KEY_CONFIRMED_AT,
        &stamp(s.now()),
    )?;
    s.audit(AuditEvent::new(
        Some(s.user.id),
        AuditAction::RecoveryKeyConfirmed,
    ))?;
    s.info()
}
