//! Settings > Backups and Settings > Health.
use super::Reply;
use crate::state::AppState;
use kluis_core::backup::{self, restore, Authority, BackupInfo, BackupOverview, RestoreReport};
use kluis_core::health::{self, Health};
use kluis_core::job::JobProgress;
use kluis_core::{ApiError, CoreError, EndReason, Password};
use kluis_vault::RecoveryKey;
use std::path::PathBuf;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

#[tauri::command(async)]
pub fn backup_overview(state: State<'_, AppState>) -> Reply<BackupOverview> {
    state.with(|s| backup::overview(s))
}

#[tauri::command(async)]
pub fn health_report(state: State<'_, AppState>) -> Reply<Health> {
    state.with(|s| health::report(s))
}

/// A folder chosen in the native dialog (the webview never names a path).
fn pick_folder<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> Option<PathBuf> {
    if let Some(dir) = state.fixed_folder_target() {
        return Some(dir);
    }
    app.dialog()
        .file()
        .blocking_pick_folder()
        .and_then(|p| p.into_path().ok())
}

/// Makes a backup now: into the folder for automatic backups, or one chosen now. None: the
/// dialog was closed.
#[tauri::command(async)]
pub fn backup_create<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    on_progress: Channel<JobProgress>,
) -> Reply<Option<BackupInfo>> {
    let folder = state.with(|s| backup::overview(s).map(|o| o.folder))?;
    let dir = match folder {
        Some(f) => PathBuf::from(f),
        None => {
            // Ask only someone who may make one.
            state.with(|s| backup::may_create(s))?;
            match pick_folder(&app, &state) {
                Some(d) => d,
                None => return Ok(None),
            }
        }
    };
    let job = state.job(&on_progress);
    state.with(|s| backup::create(s, &dir, &job)).map(Some)
}

/// Needs no session: it only raises the flag the running backup, drill, restore or retention
/// run checks between its steps.
#[tauri::command(async)]
pub fn job_cancel(state: State<'_, AppState>) -> Reply<()> {
    state.cancel_job();
    Ok(())
}

/// Chooses the folder for automatic backups in the dialog (true), or turns them off (false).
#[tauri::command(async)]
pub fn backup_set_folder<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    choose: bool,
) -> Reply<BackupOverview> {
    if choose {
        state.with(|s| backup::may_create(s))?;
        let Some(dir) = pick_folder(&app, &state) else {
            return state.with(|s| backup::overview(s));
        };
        state.with(|s| backup::set_folder(s, Some(&dir)))?;
    } else {
        state.with(|s| backup::set_folder(s, None))?;
    }
    state.with(|s| backup::overview(s))
}

/// The backup to open: one listed in the folder for automatic backups (by file name, so the
/// webview cannot point anywhere else), or one chosen in the open dialog.
fn backup_file<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    file_name: Option<String>,
) -> Result<Option<PathBuf>, ApiError> {
    let listed = state.with(|s| backup::overview(s))?;
    if let Some(name) = file_name {
        return listed
            .backups
            .into_iter()
            .find(|b| b.file_name == name)
            .map(|b| Some(PathBuf::from(b.path)))
            .ok_or_else(|| CoreError::NotFound.to_api());
    }
    if let Some(dir) = state.fixed_folder_target() {
        let newest = state
            .with(|s| backup::list(s, &dir))?
            .into_iter()
            .find(|b| b.this_vault);
        return Ok(newest.map(|b| PathBuf::from(b.path)));
    }
    Ok(app
        .dialog()
        .file()
        .add_filter("Kluis", &[backup::EXTENSION])
        .blocking_pick_file()
        .and_then(|p| p.into_path().ok()))
}

/// Runs `f` on the authority the window gives: the signed-in administrator's password, or the
/// recovery key (a typing mistake in it is the person's error, as at sign-in).
fn with_authority<T>(
    state: &AppState,
    password: Option<String>,
    recovery_key: Option<String>,
    f: impl FnOnce(&Authority<'_>) -> Result<T, CoreError>,
) -> Reply<T> {
    match (password, recovery_key) {
        (_, Some(rk)) => {
            let key =
                RecoveryKey::parse(&rk).map_err(|_| CoreError::RecoveryKeyInvalid.to_api())?;
            Ok(f(&Authority::Recovery {
                key: &key,
                confirmation: None,
            })?)
        }
        (Some(pw), None) => {
            let password = Password::new(pw);
            state.with(|s| {
                f(&Authority::Admin {
                    session: s,
                    password: &password,
                })
            })
        }
        (None, None) => Err(CoreError::AuthFailed.to_api()),
    }
}

/// The restore drill: the backup opened and checked, nothing replaced.
#[tauri::command(async)]
pub fn backup_drill<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    file_name: Option<String>,
    password: Option<String>,
    recovery_key: Option<String>,
    on_progress: Channel<JobProgress>,
) -> Reply<Option<RestoreReport>> {
    state.with(|s| backup::may_create(s))?;
    let Some(file) = backup_file(&app, &state, file_name)? else {
        return Ok(None);
    };
    let (vault, job) = (state.vault()?, state.job(&on_progress));
    with_authority(&state, password, recovery_key, |by| {
        restore::drill(vault, &file, by, &job)
    })
    .map(Some)
}

/// Restores a backup over the vault: everything is checked with the session still open (a
/// failed check leaves the person signed in); the session ends just before the files are
/// switched, and the person signs in again.
#[tauri::command(async)]
pub fn backup_restore<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    file_name: Option<String>,
    password: Option<String>,
    recovery_key: Option<String>,
    on_progress: Channel<JobProgress>,
) -> Reply<Option<RestoreReport>> {
    state.with(|s| backup::may_create(s))?;
    let Some(file) = backup_file(&app, &state, file_name)? else {
        return Ok(None);
    };
    let (vault, job) = (state.vault()?, state.job(&on_progress));
    let prepared = with_authority(&state, password, recovery_key, |by| {
        restore::prepare(vault, &file, by, &job)
    })?;
    state.end_session(EndReason::Restore);
    Ok(Some(prepared.finish(&job)?))
}
