//! What a signed-in person does to their own account: change the password, confirm they stored
//! the recovery key.
use crate::access::{Action, Category};
use crate::clock::stamp;
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::SessionInfo;
use crate::error::{CoreError, CoreResult, ValidationReason};
use crate::keys;
use crate::password;
use crate::session::Session;
use crate::store::{settings, users};
use crate::throttle::Throttle;
use kluis_vault::{Holder, KeyFile, Password, RecoveryKey, VaultError};

/// Changes one's own password. The person gets a new key pair (sealed under the new password)
/// and the database key is rotated, so the old password opens nothing any more: not the key
/// file as it is, not an earlier copy of it, not a backup's. Their category keys are sealed to
/// the new key pair on the way.
pub fn change_password(
    s: &mut Session,
    current: &Password,
    new: &Password,
) -> CoreResult<SessionInfo> {
    let _editing = s.edit_key_file();
    if current.expose() == new.expose() {
        return Err(CoreError::invalid(
            "newPassword",
            ValidationReason::SamePassword,
        ));
    }
    let org = settings::get(&s.read()?, settings::ORG_NAME)?.unwrap_or_default();
    password::require_strong(
        "newPassword",
        new.expose(),
        &[&org, &s.user.username, &s.user.display_name],
    )?;
    let mut kf = KeyFile::load(&s.ctx.paths.keys())?;
    let th = Throttle::new(&s.ctx.paths.throttle(), &kf.vault_id());
    let attempt = th.attempt(&s.user.username, s.now())?;
    match kf.unlock_user(&s.user.username, current) {
        Ok(u) if u.user_id() == Some(s.user.id) => attempt.succeeded()?,
        Ok(_) => return Err(CoreError::Internal("slot of another user")),
        Err(VaultError::WrongPassword) => {
            attempt.failed()?;
            return Err(CoreError::invalid(
                "currentPassword",
                ValidationReason::InvalidFormat,
            ));
        }
        Err(e) => return Err(e.into()),
    }
    let username = s.user.username.clone();
    let slot = kf.set_user(&s.key, s.user.id, &username, new, s.ctx.kdf)?;
    s.slot = Some(slot);
    for (c, id, key) in &s.category_keys {
        kf.set_category_key(Holder::User(s.user.id), c.as_str(), *id, key, &s.key)?;
        // Whoever knows the old password and kept an old key file has the category key too.
        s.atomically(|tx| keys::custody::mark_rotation_due(tx, c.as_str()))?;
    }
    keys::rotate(s, kf)?;
    s.atomically(|tx| users::set_must_change_password(tx, s.user.id, false, &stamp(s.now())))?;
    s.atomically(|tx| {
        users::record_event(
            tx,
            s.user.id,
            "password_changed",
            &stamp(s.now()),
            s.user.id,
        )
    })?;
    s.audit(AuditEvent::new(Some(s.user.id), AuditAction::PasswordChanged).on("user", s.user.id))?;
    s.reload()?;
    keys::settle(s, None)?;
    s.info()
}

/// The person types the recovery key back; it must really open this vault's recovery slot.
pub fn confirm_recovery_key(s: &Session, typed: &str) -> CoreResult<SessionInfo> {
    let _editing = s.ctx.editing_key_file();
    s.require(Category::Admin, Action::Manage)?;
    let kf = KeyFile::load(&s.ctx.paths.keys())?;
    let rk = RecoveryKey::parse(typed).map_err(|_| CoreError::RecoveryKeyInvalid)?;
    let opened = kf
        .unlock_recovery(&rk)
        .map_err(|_| CoreError::RecoveryKeyInvalid)?;
    if opened.db_key.as_ref() != Some(&s.key) {
        return Err(CoreError::RecoveryKeyInvalid);
    }
    // A recovery slot from before authenticated slots is upgraded now its key is here.
    if opened.legacy {
        let mut kf = kf;
        kf.upgrade(&opened, &s.key)?;
        kf.save(&s.ctx.paths.keys())?;
    }
    s.atomically(|tx| settings::set(tx, settings::RECOVERY_KEY_CONFIRMED_AT, &stamp(s.now())))?;
    s.audit(AuditEvent::new(
        Some(s.user.id),
        AuditAction::RecoveryKeyConfirmed,
    ))?;
    s.info()
}
