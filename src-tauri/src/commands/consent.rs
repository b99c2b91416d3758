//! Consent, objection, restriction, marketing lists and the privacy dashboard. Each command
//! calls one core service; the core checks rights, restriction and the lawful basis.
use super::Reply;
use crate::state::AppState;
use kluis_core::privacy::consent_dto::{
    ConsentInput, ConsentOverview, ConsentStatement, MarketingPurpose, MarketingReport,
    ObjectionInput, PrivacyDashboard, RestrictionInput, StatementInput, VoidInput,
};
use kluis_core::privacy::{consent, dashboard, marketing, restriction};
use tauri::{AppHandle, Runtime, State};

#[tauri::command(async)]
pub fn consent_overview(state: State<'_, AppState>, person_id: i64) -> Reply<ConsentOverview> {
    state.with(|s| consent::overview(s, person_id))
}

/// Grant or withdraw: one command, one flag.
#[tauri::command(async)]
pub fn consent_record(state: State<'_, AppState>, input: ConsentInput) -> Reply<ConsentOverview> {
    state.with(|s| consent::record(s, &input))
}

#[tauri::command(async)]
pub fn consent_object(state: State<'_, AppState>, input: ObjectionInput) -> Reply<ConsentOverview> {
    state.with(|s| consent::object(s, &input))
}

#[tauri::command(async)]
pub fn consent_void(state: State<'_, AppState>, input: VoidInput) -> Reply<ConsentOverview> {
    state.with(|s| consent::void(s, &input))
}

#[tauri::command(async)]
pub fn consent_statements(
    state: State<'_, AppState>,
    purpose_id: Option<i64>,
) -> Reply<Vec<ConsentStatement>> {
    state.with(|s| consent::statements(s, purpose_id))
}

#[tauri::command(async)]
pub fn consent_statement_publish(
    state: State<'_, AppState>,
    input: StatementInput,
) -> Reply<ConsentStatement> {
    state.with(|s| consent::publish(s, &input))
}

#[tauri::command(async)]
pub fn restriction_add(
    state: State<'_, AppState>,
    input: RestrictionInput,
) -> Reply<ConsentOverview> {
    state.with(|s| restriction::restrict(s, &input))
}

#[tauri::command(async)]
pub fn restriction_lift(
    state: State<'_, AppState>,
    person_id: i64,
    reason: String,
) -> Reply<ConsentOverview> {
    state.with(|s| restriction::lift(s, person_id, &reason))
}

#[tauri::command(async)]
pub fn marketing_purposes(state: State<'_, AppState>) -> Reply<Vec<MarketingPurpose>> {
    state.with(|s| marketing::purposes(s))
}

#[tauri::command(async)]
pub fn marketing_preview(state: State<'_, AppState>, purpose_id: i64) -> Reply<MarketingReport> {
    state.with(|s| marketing::preview(s, purpose_id))
}

/// Checks the basis first (the preview), asks where to save, then writes the list. Null: the
/// dialog was closed.
#[tauri::command(async)]
pub fn marketing_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    purpose_id: i64,
) -> Reply<Option<MarketingReport>> {
    // Rights and purpose first, so nobody is shown a save dialog for a list they may not make.
    state.with(|s| marketing::preview(s, purpose_id))?;
    let chosen = super::save_path(&app, &state, "CSV", "csv", "marketing-list.csv");
    let Some(path) = chosen else {
        return Ok(None);
    };
    state.with(|s| marketing::export(s, purpose_id, &path).map(Some))
}

#[tauri::command(async)]
pub fn privacy_dashboard(state: State<'_, AppState>) -> Reply<PrivacyDashboard> {
    state.with(|s| dashboard::dashboard(s))
}
