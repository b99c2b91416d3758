//! Settings > Users: administrators add, disable, re-enable, remove users and reset passwords.
use crate::access::{Action, Category};
use crate::clock::stamp;
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::{NewUserRequest, UserSummary};
use crate::error::{CoreError, CoreResult, ValidationReason};
use crate::session::Session;
use crate::store::{settings, users};
use crate::{keys, password, validate};
use kluis_vault::{KeyFile, Password};

fn summary(s: &Session, u: users::UserRow) -> CoreResult<UserSummary> {
    Ok(UserSummary {
        roles: users::role_keys(&s.read()?, u.id)?,
        id: u.id,
        username: u.username,
        display_name: u.display_name,
        active: u.active,
        must_change_password: u.must_change_password,
        may_delete: u.may_delete,
        created_at: u.created_at,
        last_sign_in_at: u.last_sign_in_at,
    })
}

fn current_user(s: &Session, id: i64) -> CoreResult<users::UserRow> {
    users::by_id(&s.read()?, id)?
        .filter(|u| !u.removed)
        .ok_or(CoreError::UserNotFound)
}

pub fn list(s: &Session) -> CoreResult<Vec<UserSummary>> {
    s.require(Category::Admin, Action::View)?;
    users::list_current(&s.read()?)?
        .into_iter()
        .map(|u| summary(s, u))
        .collect()
}

/// One current user's summary (after a change elsewhere, e.g. their roles).
pub(crate) fn summary_of(s: &Session, id: i64) -> CoreResult<UserSummary> {
    summary(s, current_user(s, id)?)
}

pub(crate) fn check_roles(s: &Session, roles: &[String]) -> CoreResult<Vec<String>> {
    if roles.is_empty() {
        return Err(CoreError::invalid("roles", ValidationReason::Required));
    }
    let known: Vec<String> = users::roles(&s.read()?)?
        .into_iter()
        .map(|r| r.key)
        .collect();
    let mut out: Vec<String> = Vec::new();
    for r in roles {
        if !known.contains(r) {
            return Err(CoreError::invalid("roles", ValidationReason::InvalidFormat));
        }
        if !out.contains(r) {
            out.push(r.clone());
        }
    }
    Ok(out)
}

/// Adds a user with an initial password they must change at first sign-in.
pub fn add(s: &mut Session, req: &NewUserRequest) -> CoreResult<UserSummary> {
    let _editing = s.edit_key_file();
    s.require(Category::Admin, Action::Manage)?;
    let username = validate::username(&req.username)?;
    let display = validate::text("displayName", &req.display_name, 100)?;
    let roles = check_roles(s, &req.roles)?;
    let org = settings::get(&s.read()?, settings::ORG_NAME)?.unwrap_or_default();
    password::require_strong(
        "initialPassword",
        req.initial_password.expose(),
        &[&org, &username, &display],
    )?;
    if users::username_taken(&s.read()?, &username)? {
        return Err(CoreError::UsernameTaken);
    }
    let now = stamp(s.now());
    let tx = s.write()?;
    let id = users::insert(&tx, None, &username, &display, true, &now)?;
    users::set_roles(&tx, id, &roles)?;
    s.audit(
        AuditEvent::new(Some(s.user.id), AuditAction::UserCreated)
            .on("user", id)
            .category(Category::Admin.as_str())
            .details(serde_json::json!({ "roles": roles })),
    )?;
    // The slot is written before the commit: if the commit then fails, the slot belongs to no
    // user and is dropped (with a key rotation) at the next sign-in.
    let mut kf = KeyFile::load(&s.ctx.paths.keys())?;
    kf.set_user(&s.key, id, &username, &req.initial_password, s.ctx.kdf)?;
    kf.save(&s.ctx.paths.keys())?;
    tx.commit()?;
    // The category keys this administrator holds go to the new slot if the roles grant them.
    keys::settle(s, None)?;
    summary(s, current_user(s, id)?)
}

/// Refuses to leave the vault without an active administrator.
fn ensure_other_admin_remains(s: &Session, target: i64) -> CoreResult<()> {
    let admins = users::active_holders_of(&s.read()?, Category::Admin, Action::Manage)?;
    if admins.contains(&target) && admins.len() <= 1 {
        return Err(CoreError::LastAdmin);
    }
    Ok(())
}

pub fn set_active(s: &mut Session, id: i64, active: bool) -> CoreResult<UserSummary> {
    s.require(Category::Admin, Action::Manage)?;
    if id == s.user.id {
        return Err(CoreError::SelfAction);
    }
    let u = current_user(s, id)?;
    if u.active != active {
        if !active {
            ensure_other_admin_remains(s, id)?;
        }
        let tx = s.write()?;
        users::set_active(&tx, id, active, &stamp(s.now()))?;
        let event = if active { "enabled" } else { "disabled" };
        users::record_event(&tx, id, event, &stamp(s.now()), s.user.id)?;
        let action = if active {
            AuditAction::UserEnabled
        } else {
            AuditAction::UserDisabled
        };
        s.audit(
            AuditEvent::new(Some(s.user.id), action)
                .on("user", id)
                .category(Category::Admin.as_str()),
        )?;
        tx.commit()?;
        // Disabling withholds the database key from their slot and rotates it; enabling seals
        // it to them again.
        keys::settle(s, None)?;
    }
    summary(s, current_user(s, id)?)
}

/// Removes a user: their row is kept (marked removed, so the audit trail can still name them),
/// their key slot is deleted and the database key rotated, so an old copy of the key file no
/// longer opens the database.
pub fn remove(s: &mut Session, id: i64) -> CoreResult<()> {
    s.require(Category::Admin, Action::Manage)?;
    if id == s.user.id {
        return Err(CoreError::SelfAction);
    }
    current_user(s, id)?;
    ensure_other_admin_remains(s, id)?;
    let tx = s.write()?;
    users::mark_removed(&tx, id, &stamp(s.now()))?;
    users::record_event(&tx, id, "removed", &stamp(s.now()), s.user.id)?;
    s.audit(
        AuditEvent::new(Some(s.user.id), AuditAction::UserRemoved)
            .on("user", id)
            .category(Category::Admin.as_str()),
    )?;
    tx.commit()?;
    // Their slot goes and the key is rotated; a crash from here on is finished by `settle` at
    // the next sign-in.
    keys::settle(s, None)
}

/// Gives a user a new initial password, to be changed at their next sign-in. The administrator
/// needs neither the old password nor the user's presence: the slot gets a fresh key pair and
/// the database key is rotated, so the old password opens nothing, not even an old key file.
/// Their category keys come back from whoever holds them (this administrator, or the next
/// holder to sign in); those categories get new keys, since the old password may be known.
pub fn reset_password(s: &mut Session, id: i64, initial: &Password) -> CoreResult<UserSummary> {
    let _editing = s.edit_key_file();
    s.require(Category::Admin, Action::Manage)?;
    if id == s.user.id {
        return Err(CoreError::SelfAction);
    }
    let u = current_user(s, id)?;
    let org = settings::get(&s.read()?, settings::ORG_NAME)?.unwrap_or_default();
    password::require_strong(
        "initialPassword",
        initial.expose(),
        &[&org, &u.username, &u.display_name],
    )?;
    let mut kf = KeyFile::load(&s.ctx.paths.keys())?;
    let held: Vec<String> = kf
        .slots()
        .into_iter()
        .filter(|sl| sl.user_id == Some(id))
        .flat_map(|sl| sl.categories.into_iter().map(|(c, _)| c))
        .collect();
    kf.set_user(&s.key, id, &u.username, initial, s.ctx.kdf)?;
    let tx = s.write()?;
    users::set_must_change_password(&tx, id, true, &stamp(s.now()))?;
    users::record_event(&tx, id, "password_reset", &stamp(s.now()), s.user.id)?;
    for c in &held {
        keys::custody::mark_rotation_due(&tx, c)?;
    }
    s.audit(
        AuditEvent::new(Some(s.user.id), AuditAction::UserPasswordReset)
            .on("user", id)
            .category(Category::Admin.as_str()),
    )?;
    tx.commit()?;
    keys::rotate(s, kf)?;
    keys::settle(s, None)?;
    summary(s, current_user(s, id)?)
}

/// Looks a current user up by username (for the CLI, which names users rather than numbering them).
pub fn id_by_username(s: &Session, username: &str) -> CoreResult<i64> {
    s.require(Category::Admin, Action::View)?;
    let name = validate::username(username).map_err(|_| CoreError::UserNotFound)?;
    users::by_username(&s.read()?, &name)?
        .filter(|u| !u.removed)
        .map(|u| u.id)
        .ok_or(CoreError::UserNotFound)
}
