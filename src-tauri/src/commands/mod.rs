//! IPC commands, one file per area. Each is a few lines: state in, one core call, error out.
pub mod auth;
pub mod backup;
pub mod consent;
pub mod contacts;
pub mod deals;
pub mod hr;
pub mod privacy;
pub mod requests;
pub mod settings;
pub mod transfer;
pub mod users;

pub type Reply<T> = Result<T, kluis_core::ApiError>;

use crate::state::AppState;
use std::path::PathBuf;
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// Where to save a file the core writes: the native save dialog, run here so the webview never
/// names a path (tests fix the target in advance). None: the dialog was closed.
pub fn save_path<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    filter: &str,
    ext: &str,
    file_name: &str,
) -> Option<PathBuf> {
    if let Some(path) = state.fixed_save_target() {
        return Some(path);
    }
    app.dialog()
        .file()
        .add_filter(filter, &[ext])
        .set_file_name(file_name)
        .blocking_save_file()
        .and_then(|p| p.into_path().ok())
}
