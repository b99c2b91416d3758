//! Settings > Security.
use super::Reply;
use crate::state::AppState;
use kluis_core::dto::SecuritySettings;
use kluis_core::security;
use tauri::State;

#[tauri::command(async)]
pub fn security_settings_get(state: State<'_, AppState>) -> Reply<SecuritySettings> {
    state.with(|s| security::get(s))
}

#[tauri::command(async)]
pub fn security_settings_set(
    state: State<'_, AppState>,
    settings: SecuritySettings,
) -> Reply<SecuritySettings> {
    state.with(|s| security::set(s, &settings))
}
