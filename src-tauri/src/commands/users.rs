//! Settings > Users.
use super::Reply;
use crate::state::AppState;
use kluis_core::dto::{
    NewUserRequest, RoleDetail, RoleInput, RolesOverview, UserAccessRequest, UserSummary,
};
use kluis_core::keys::custody::{self, CategoryKeyState};
use kluis_core::{roles, user_admin, Password};
use tauri::State;

#[tauri::command(async)]
pub fn users_list(state: State<'_, AppState>) -> Reply<Vec<UserSummary>> {
    state.with(|s| user_admin::list(s))
}

#[tauri::command(async)]
pub fn roles_list(state: State<'_, AppState>) -> Reply<RolesOverview> {
    state.with(|s| roles::overview(s))
}

#[tauri::command(async)]
pub fn role_create(state: State<'_, AppState>, input: RoleInput) -> Reply<RoleDetail> {
    state.with(|s| roles::create(s, &input))
}

#[tauri::command(async)]
pub fn role_update(state: State<'_, AppState>, key: String, input: RoleInput) -> Reply<RoleDetail> {
    state.with(|s| roles::update(s, &key, &input))
}

#[tauri::command(async)]
pub fn role_delete(state: State<'_, AppState>, key: String) -> Reply<()> {
    state.with(|s| roles::delete(s, &key))
}

#[tauri::command(async)]
pub fn user_set_access(
    state: State<'_, AppState>,
    user_id: i64,
    req: UserAccessRequest,
) -> Reply<UserSummary> {
    state.with(|s| roles::set_user_access(s, user_id, &req))
}

#[tauri::command(async)]
pub fn user_add(state: State<'_, AppState>, req: NewUserRequest) -> Reply<UserSummary> {
    state.with(|s| user_admin::add(s, &req))
}

#[tauri::command(async)]
pub fn user_set_active(
    state: State<'_, AppState>,
    user_id: i64,
    active: bool,
) -> Reply<UserSummary> {
    state.with(|s| user_admin::set_active(s, user_id, active))
}

#[tauri::command(async)]
pub fn user_remove(state: State<'_, AppState>, user_id: i64) -> Reply<()> {
    state.with(|s| user_admin::remove(s, user_id))
}

#[tauri::command(async)]
pub fn user_reset_password(
    state: State<'_, AppState>,
    user_id: i64,
    initial_password: String,
) -> Reply<UserSummary> {
    state.with(|s| user_admin::reset_password(s, user_id, &Password::new(initial_password)))
}

/// Who holds or waits for each category key (Settings > Users).
#[tauri::command(async)]
pub fn category_keys_status(state: State<'_, AppState>) -> Reply<Vec<CategoryKeyState>> {
    state.with(|s| custody::status(s))
}

/// Hands the category keys to colleagues waiting for them, with the recovery key.
#[tauri::command(async)]
pub fn category_keys_hand_over(
    state: State<'_, AppState>,
    recovery_key: String,
) -> Reply<Vec<CategoryKeyState>> {
    state.with(|s| custody::hand_over_with_recovery(s, &recovery_key))
}
