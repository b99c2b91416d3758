//! Privacy > Requests: data subject requests and the subject's export. Each command calls one
//! core service.
use super::Reply;
use crate::state::AppState;
use kluis_core::privacy::request_dto::{
    CloseInput, ExtendInput, RequestInput, RequestQueue, SubjectRequest,
};
use kluis_core::privacy::requests;
use kluis_core::privacy::subject_export::{self, SubjectExportResult};
use kluis_core::Password;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

#[tauri::command(async)]
pub fn requests_queue(state: State<'_, AppState>, with_closed: bool) -> Reply<RequestQueue> {
    state.with(|s| requests::queue(s, with_closed))
}

#[tauri::command(async)]
pub fn requests_of_person(
    state: State<'_, AppState>,
    person_id: i64,
) -> Reply<Vec<SubjectRequest>> {
    state.with(|s| requests::of_person(s, person_id))
}

#[tauri::command(async)]
pub fn request_file(state: State<'_, AppState>, input: RequestInput) -> Reply<SubjectRequest> {
    state.with(|s| requests::file(s, &input))
}

#[tauri::command(async)]
pub fn request_start(state: State<'_, AppState>, id: i64) -> Reply<SubjectRequest> {
    state.with(|s| requests::start(s, id))
}

#[tauri::command(async)]
pub fn request_extend(state: State<'_, AppState>, input: ExtendInput) -> Reply<SubjectRequest> {
    state.with(|s| requests::extend(s, &input))
}

#[tauri::command(async)]
pub fn request_close(state: State<'_, AppState>, input: CloseInput) -> Reply<SubjectRequest> {
    state.with(|s| requests::close(s, &input))
}

/// Checks first, then asks where (a folder to create the export in, or a file name for the
/// sealed file) with a native dialog run here, then writes. Null: the dialog was closed.
#[tauri::command(async)]
pub fn subject_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    person_id: i64,
    request_id: Option<i64>,
    passphrase: Option<Password>,
) -> Reply<Option<SubjectExportResult>> {
    state.with(|s| subject_export::check(s, person_id, request_id, passphrase.as_ref()))?;
    let name = state.with(|s| Ok(subject_export::default_name(person_id, s)))?;
    let chosen = match passphrase {
        Some(_) => super::save_path(&app, &state, "Kluis", "kluis", &format!("{name}.kluis")),
        None => match state.fixed_save_target() {
            Some(path) => Some(path),
            None => app
                .dialog()
                .file()
                .blocking_pick_folder()
                .and_then(|p| p.into_path().ok())
                .map(|dir| dir.join(&name)),
        },
    };
    let Some(path) = chosen else {
        return Ok(None);
    };
    state.with(|s| match &passphrase {
        Some(p) => subject_export::to_sealed(s, person_id, request_id, &path, p).map(Some),
        None => {
            let parent = path
                .parent()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_default();
            let folder = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or(name.clone());
            subject_export::to_folder(s, person_id, request_id, &parent, &folder).map(Some)
        }
    })
}

#[tauri::command(async)]
pub fn subject_erase(
    state: State<'_, AppState>,
    input: kluis_core::privacy::erasure::ErasureInput,
) -> Reply<kluis_core::privacy::erasure::ErasureReport> {
    state.with(|s| kluis_core::privacy::erasure::erase(s, &input))
}
