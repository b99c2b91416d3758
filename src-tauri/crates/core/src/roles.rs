//! Settings > Roles: built-in roles can be inspected, custom roles are created, edited and
//! deleted by administrators, and users are given roles and the per-user delete switch. Every
//! change is audited (keys and grant names, never personal data) and takes effect at once: the
//! caller's own session reloads its rights, other sessions notice through `data_version`.
use crate::access::{grantable, Action, Category, Grant};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::{GrantDto, RoleDetail, RoleInput, RolesOverview, UserAccessRequest, UserSummary};
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::session::Session;
use crate::store::users;
use std::collections::BTreeSet;

const MAX_ROLE_NAME: usize = 60;

fn label(g: &Grant) -> String {
    format!("{}.{}", g.0.as_str(), g.1.as_str())
}

fn detail(s: &Session, r: users::RoleRow) -> CoreResult<RoleDetail> {
    let mut grants: Vec<Grant> = users::role_grants(&s.read()?, r.id)?;
    grants.sort();
    Ok(RoleDetail {
        holders: users::role_holders(&s.read()?, r.id)?,
        key: r.key,
        name: r.name,
        builtin: r.builtin,
        grants: grants.into_iter().map(GrantDto::from).collect(),
    })
}

/// Every role with its grants and how many users hold it, and the pairs a role may grant.
pub fn overview(s: &Session) -> CoreResult<RolesOverview> {
    s.require(Category::Admin, Action::View)?;
    let roles = users::roles(&s.read()?)?
        .into_iter()
        .map(|r| detail(s, r))
        .collect::<CoreResult<_>>()?;
    Ok(RolesOverview {
        roles,
        grantable: grantable().into_iter().map(GrantDto::from).collect(),
    })
}

/// A custom role's name and grants, checked: a name, unique among roles, and only grantable
/// pairs (a forged pair is refused, not dropped).
fn clean(s: &Session, input: &RoleInput, except: Option<i64>) -> CoreResult<(String, Vec<Grant>)> {
    let name = input.name.trim();
    if name.is_empty() {
        return Err(CoreError::invalid("name", R::Required));
    }
    if name.chars().count() > MAX_ROLE_NAME {
        return Err(CoreError::invalid("name", R::TooLong));
    }
    if users::role_name_taken(&s.read()?, name, except)? {
        return Err(CoreError::invalid("name", R::InUse));
    }
    let ok = grantable();
    let mut set = BTreeSet::new();
    for g in &input.grants {
        let pair = (g.category, g.action);
        if !ok.contains(&pair) {
            return Err(CoreError::invalid("grants", R::InvalidFormat));
        }
        set.insert(pair);
    }
    let grants: Vec<Grant> = set.into_iter().collect();
    Ok((
        name.to_string(),
        crate::access::Rights::with_implied_view(&grants),
    ))
}

/// Refuses a change that would leave no active user able to manage users and roles. Runs
/// inside the change's transaction, after the change.
fn ensure_an_admin_remains(s: &Session) -> CoreResult<()> {
    if users::active_holders_of(&s.read()?, Category::Admin, Action::Manage)?.is_empty() {
        return Err(CoreError::LastAdmin);
    }
    Ok(())
}

fn custom_role(s: &Session, key: &str) -> CoreResult<users::RoleRow> {
    let role = users::role_by_key(&s.read()?, key)?.ok_or(CoreError::NotFound)?;
    if role.builtin {
        // Built-in roles are defined by the release and re-synced at every unlock.
        return Err(CoreError::invalid("role", R::ReadOnly));
    }
    Ok(role)
}

pub fn create(s: &mut Session, input: &RoleInput) -> CoreResult<RoleDetail> {
    s.require(Category::Admin, Action::Manage)?;
    let (name, grants) = clean(s, input, None)?;
    let tx = s.write()?;
    let id = users::insert_custom_role(&tx, &name, &grants)?;
    let role = users::role_by_id(&tx, id)?.ok_or(CoreError::NotFound)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::RoleCreated)
            .on("role", &role.key)
            .category(Category::Admin.as_str())
            .details(serde_json::json!({ "grants": grants.iter().map(label).collect::<Vec<_>>() })),
    )?;
    tx.commit()?;
    detail(s, role)
}

pub fn update(s: &mut Session, key: &str, input: &RoleInput) -> CoreResult<RoleDetail> {
    s.require(Category::Admin, Action::Manage)?;
    let role = custom_role(s, key)?;
    let (name, grants) = clean(s, input, Some(role.id))?;
    let before: BTreeSet<Grant> = users::role_grants(&s.read()?, role.id)?
        .into_iter()
        .collect();
    let after: BTreeSet<Grant> = grants.iter().copied().collect();
    let tx = s.write()?;
    users::update_custom_role(&tx, role.id, &name, &grants)?;
    ensure_an_admin_remains(s)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::RoleUpdated)
            .on("role", &role.key)
            .category(Category::Admin.as_str())
            .details(serde_json::json!({
                "added": after.difference(&before).map(label).collect::<Vec<_>>(),
                "removed": before.difference(&after).map(label).collect::<Vec<_>>(),
                "renamed": role.name.as_deref() != Some(name.as_str()),
            })),
    )?;
    tx.commit()?;
    s.reload()?;
    crate::keys::settle(s, None)?;
    let role = users::role_by_id(&s.read()?, role.id)?.ok_or(CoreError::NotFound)?;
    detail(s, role)
}

/// Deletes a custom role that nobody holds (take it away from its users first, so nobody
/// loses rights as a side effect).
pub fn delete(s: &mut Session, key: &str) -> CoreResult<()> {
    s.require(Category::Admin, Action::Manage)?;
    let role = custom_role(s, key)?;
    if users::role_holders(&s.read()?, role.id)? > 0 {
        return Err(CoreError::invalid("role", R::InUse));
    }
    let tx = s.write()?;
    users::delete_role(&tx, role.id)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::RoleDeleted)
            .on("role", &role.key)
            .category(Category::Admin.as_str()),
    )?;
    tx.commit()?;
    Ok(())
}

/// Sets a user's roles and their delete switch (None: the roles decide). Refused when it
/// would leave nobody who can manage users. Changing one's own access is allowed (a one-person
/// office has nobody else to ask) but marked as such in the audit trail.
pub fn set_user_access(
    s: &mut Session,
    user_id: i64,
    req: &UserAccessRequest,
) -> CoreResult<UserSummary> {
    s.require(Category::Admin, Action::Manage)?;
    let user = users::by_id(&s.read()?, user_id)?
        .filter(|u| !u.removed)
        .ok_or(CoreError::UserNotFound)?;
    let roles = crate::user_admin::check_roles(s, &req.roles)?;
    let before = users::role_keys(&s.read()?, user_id)?;
    let tx = s.write()?;
    users::set_roles(&tx, user_id, &roles)?;
    users::set_may_delete(&tx, user_id, req.may_delete)?;
    ensure_an_admin_remains(s)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::UserAccessChanged)
            .on("user", user_id)
            .category(Category::Admin.as_str())
            .details(serde_json::json!({
                "rolesBefore": before,
                "rolesAfter": roles,
                "mayDeleteBefore": user.may_delete,
                "mayDeleteAfter": req.may_delete,
                "self": user_id == s.user_id(),
            })),
    )?;
    tx.commit()?;
    if user_id == s.user_id() {
        s.reload()?;
    }
    // Category keys follow the roles: sealed to who gains a category, taken from who loses one
    // (and that category's key then rotated).
    crate::keys::settle(s, None)?;
    crate::user_admin::summary_of(s, user_id)
}
