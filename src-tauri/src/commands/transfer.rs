//! Import and export of people. The import file arrives as a raw IPC body (the webview reads the
//! file the person picked); the export destination is asked for with a native save dialog run
//! from here, so the webview never names a path to write to.
use super::Reply;
use crate::state::AppState;
use kluis_core::export::{self, ExportFormat, ExportResult, ExportSelection};
use kluis_core::import::mapping::ImportField;
use kluis_core::import::staged::{self, ImportProgress, ImportStaged};
use kluis_core::import::{ImportOptions, ImportReport};
use kluis_core::{ApiError, CoreError};
use tauri::ipc::{Channel, InvokeBody, Request};
use tauri::{AppHandle, Runtime, State};

#[tauri::command(async)]
pub fn import_stage(state: State<'_, AppState>, request: Request<'_>) -> Reply<ImportStaged> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(ApiError::from(CoreError::invalid(
            "file",
            kluis_core::error::ValidationReason::Required,
        )));
    };
    let bytes = bytes.clone();
    let (file, info) = state.with(|s| staged::stage(s, bytes))?;
    state.stage_import(Some(file));
    Ok(info)
}

#[tauri::command(async)]
pub fn import_run(
    state: State<'_, AppState>,
    mapping: Vec<Option<ImportField>>,
    options: ImportOptions,
    on_progress: Channel<ImportProgress>,
) -> Reply<ImportReport> {
    let Some((file, cancel)) = state.staged_import() else {
        return Err(ApiError::from(CoreError::NotFound));
    };
    let mut progress = |done, total| {
        // A closed channel (the window went away) must not stop the import's own rollback.
        let _ = on_progress.send(ImportProgress { done, total });
    };
    let report =
        state.with(|s| staged::run_staged(s, &file, &mapping, options, &mut progress, &cancel))?;
    if report.committed {
        state.stage_import(None);
    }
    Ok(report)
}

/// Needs no session: it only raises the flag the running import checks.
#[tauri::command(async)]
pub fn import_cancel(state: State<'_, AppState>) -> Reply<()> {
    state.cancel_import();
    Ok(())
}

#[tauri::command(async)]
pub fn import_discard(state: State<'_, AppState>) -> Reply<()> {
    state.stage_import(None);
    Ok(())
}

#[tauri::command(async)]
pub fn contacts_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    selection: ExportSelection,
    format: ExportFormat,
) -> Reply<Option<ExportResult>> {
    // Rights first, so nobody is shown a save dialog for an export they may not make.
    state.with(|s| export::may_export(s))?;
    let ext = format.extension();
    let chosen = super::save_path(
        &app,
        &state,
        &ext.to_uppercase(),
        ext,
        &format!("kluis-contacts.{ext}"),
    );
    let Some(path) = chosen else {
        return Ok(None);
    };
    state.with(|s| {
        export::to_file(s, &selection, format, &path).map(|count| {
            let file_name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Some(ExportResult { count, file_name })
        })
    })
}
