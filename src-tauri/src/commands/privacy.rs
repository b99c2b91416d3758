//! Privacy > Register: purposes of processing and the register (privacy roles; the core decides).
use super::Reply;
use crate::state::AppState;
use kluis_core::privacy::dto::{Lang, Purpose, PurposeInput, PurposeTemplate};
use kluis_core::privacy::purposes;
use kluis_core::privacy::register::{self, RegisterFormat};
use tauri::{AppHandle, Runtime, State};

#[tauri::command(async)]
pub fn purposes_list(state: State<'_, AppState>, archived: bool) -> Reply<Vec<Purpose>> {
    state.with(|s| purposes::list(s, archived))
}

#[tauri::command(async)]
pub fn purpose_templates(state: State<'_, AppState>, lang: Lang) -> Reply<Vec<PurposeTemplate>> {
    state.with(|s| purposes::templates(s, lang))
}

#[tauri::command(async)]
pub fn purpose_adopt(state: State<'_, AppState>, key: String, lang: Lang) -> Reply<Purpose> {
    state.with(|s| purposes::adopt(s, &key, lang))
}

#[tauri::command(async)]
pub fn purpose_create(state: State<'_, AppState>, input: PurposeInput) -> Reply<Purpose> {
    state.with(|s| purposes::create(s, &input, None))
}

#[tauri::command(async)]
pub fn purpose_update(state: State<'_, AppState>, id: i64, input: PurposeInput) -> Reply<Purpose> {
    state.with(|s| purposes::update(s, id, &input))
}

#[tauri::command(async)]
pub fn purpose_archive(state: State<'_, AppState>, id: i64) -> Reply<()> {
    state.with(|s| purposes::archive(s, id))
}

/// Fields holding data and the purposes that use them (Privacy > Minimisation).
#[tauri::command(async)]
pub fn minimisation_report(
    state: State<'_, AppState>,
) -> Reply<kluis_core::privacy::minimisation::MinimisationReport> {
    state.with(|s| kluis_core::privacy::minimisation::report(s))
}

/// The register as text (HTML or CSV), for showing it in the app.
#[tauri::command(async)]
pub fn register_render(
    state: State<'_, AppState>,
    format: RegisterFormat,
    lang: Lang,
) -> Reply<String> {
    state.with(|s| register::render(s, format, lang))
}

/// Asks where to save (a native dialog run here), then writes the register there. Null: the
/// dialog was closed.
#[tauri::command(async)]
pub fn register_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    format: RegisterFormat,
    lang: Lang,
) -> Reply<Option<String>> {
    // Rights first, so nobody is shown a save dialog for a document they may not have.
    state.with(|s| register::may_export(s))?;
    let ext = match format {
        RegisterFormat::Html => "html",
        RegisterFormat::Csv => "csv",
    };
    let chosen = super::save_path(
        &app,
        &state,
        &ext.to_uppercase(),
        ext,
        &format!("verwerkingsregister.{ext}"),
    );
    let Some(path) = chosen else {
        return Ok(None);
    };
    state.with(|s| register::export(s, format, lang, &path))?;
    Ok(Some(
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    ))
}

#[tauri::command(async)]
pub fn breaches_list(
    state: State<'_, AppState>,
) -> Reply<Vec<kluis_core::privacy::breaches::Breach>> {
    state.with(|s| kluis_core::privacy::breaches::list(s))
}

#[tauri::command(async)]
pub fn breach_create(
    state: State<'_, AppState>,
    input: kluis_core::privacy::breaches::BreachInput,
) -> Reply<kluis_core::privacy::breaches::Breach> {
    state.with(|s| kluis_core::privacy::breaches::create(s, &input))
}

#[tauri::command(async)]
pub fn breach_update(
    state: State<'_, AppState>,
    id: i64,
    input: kluis_core::privacy::breaches::BreachInput,
) -> Reply<kluis_core::privacy::breaches::Breach> {
    state.with(|s| kluis_core::privacy::breaches::update(s, id, &input))
}

/// Asks where to save (a native dialog run here), then writes the register of breaches as CSV.
/// Null: the dialog was closed.
#[tauri::command(async)]
pub fn breach_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Reply<Option<String>> {
    state.with(|s| kluis_core::privacy::breaches::may_export(s))?;
    let chosen = super::save_path(&app, &state, "CSV", "csv", "datalekken.csv");
    let Some(path) = chosen else {
        return Ok(None);
    };
    state.with(|s| kluis_core::privacy::breaches::export(s, &path))?;
    Ok(Some(
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    ))
}

#[tauri::command(async)]
pub fn retention_rules(
    state: State<'_, AppState>,
) -> Reply<Vec<kluis_core::privacy::retention::RetentionRule>> {
    state.with(|s| kluis_core::privacy::retention::rules(s))
}

#[tauri::command(async)]
pub fn retention_templates(
    state: State<'_, AppState>,
    lang: Lang,
) -> Reply<Vec<kluis_core::privacy::retention::RetentionTemplate>> {
    state.with(|s| kluis_core::privacy::retention::template_list(s, lang))
}

#[tauri::command(async)]
pub fn retention_adopt(
    state: State<'_, AppState>,
    key: String,
    lang: Lang,
) -> Reply<kluis_core::privacy::retention::RetentionRule> {
    state.with(|s| kluis_core::privacy::retention::adopt(s, &key, lang))
}

#[tauri::command(async)]
pub fn retention_add(
    state: State<'_, AppState>,
    input: kluis_core::privacy::retention::RuleInput,
    template: Option<String>,
) -> Reply<kluis_core::privacy::retention::RetentionRule> {
    state.with(|s| kluis_core::privacy::retention::add_rule(s, &input, template.as_deref()))
}

#[tauri::command(async)]
pub fn retention_update(
    state: State<'_, AppState>,
    id: i64,
    input: kluis_core::privacy::retention::RuleInput,
) -> Reply<kluis_core::privacy::retention::RetentionRule> {
    state.with(|s| kluis_core::privacy::retention::update_rule(s, id, &input))
}

#[tauri::command(async)]
pub fn retention_set_active(state: State<'_, AppState>, id: i64, active: bool) -> Reply<()> {
    state.with(|s| kluis_core::privacy::retention::set_active(s, id, active))
}

#[tauri::command(async)]
pub fn retention_preview(
    state: State<'_, AppState>,
) -> Reply<kluis_core::privacy::retention::RetentionPreview> {
    state.with(|s| kluis_core::privacy::retention::preview(s))
}

#[tauri::command(async)]
pub fn retention_run(
    state: State<'_, AppState>,
    dry_run: bool,
    on_progress: tauri::ipc::Channel<kluis_core::job::JobProgress>,
) -> Reply<kluis_core::privacy::retention::RetentionRun> {
    let job = state.job(&on_progress);
    state.with(|s| kluis_core::privacy::retention::run(s, dry_run, &job))
}

#[tauri::command(async)]
pub fn retention_history(
    state: State<'_, AppState>,
) -> Reply<Vec<kluis_core::privacy::retention::RetentionRun>> {
    state.with(|s| kluis_core::privacy::retention::history(s, 100))
}
