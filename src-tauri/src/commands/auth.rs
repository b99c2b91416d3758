//! Setup, sign-in, lock, recovery and one's own password.
use super::Reply;
use crate::state::AppState;
use kluis_core::dto::{AppStatus, CreateVaultRequest, CreateVaultResponse, SessionInfo};
use kluis_core::job::JobProgress;
use kluis_core::password::{self, PasswordStrength};
use kluis_core::{account, EndReason, Password};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State};

#[tauri::command(async)]
pub fn app_status(state: State<'_, AppState>) -> Reply<AppStatus> {
    let session = state.with_account(|s| s.info()).ok();
    Ok(match state.vault() {
        Ok(v) => v.status(session),
        Err(e) => AppStatus {
            vault_exists: state.paths().db().exists(),
            session: None,
            data_dir: state.paths().dir.display().to_string(),
            vault_problem: state.vault_error().map(|_| e.code),
        },
    })
}

#[tauri::command(async)]
pub fn vault_create(
    state: State<'_, AppState>,
    req: CreateVaultRequest,
) -> Reply<CreateVaultResponse> {
    let (session, recovery_key) = state.vault()?.create(&req)?;
    let info = session.info()?;
    state.set_session(session);
    Ok(CreateVaultResponse {
        recovery_key: recovery_key.to_string(),
        session: info,
    })
}

#[tauri::command(async)]
pub fn recovery_key_confirm(
    state: State<'_, AppState>,
    recovery_key: String,
) -> Reply<SessionInfo> {
    state.with(|s| account::confirm_recovery_key(s, &recovery_key))
}

#[tauri::command(async)]
pub fn sign_in<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> Reply<SessionInfo> {
    let session = state
        .vault()?
        .sign_in(&username, &Password::new(password))?;
    let info = session.info()?;
    state.set_session(session);
    // The retention engine runs at unlock (once a day at most), after the reply: at a million
    // contacts its scan takes a while, and the person signing in should not wait for it.
    std::thread::spawn(move || app.state::<AppState>().retention_if_due("unlock"));
    Ok(info)
}

/// Signs out, after the automatic backup at sign-out (when a folder is chosen), whose progress
/// `on_progress` hears; `job_cancel` skips it (no file is left).
#[tauri::command(async)]
pub fn sign_out(state: State<'_, AppState>, on_progress: Channel<JobProgress>) -> Reply<()> {
    // A failed or skipped backup shows in Settings > Health as the last backup's age and must
    // not keep anyone signed in.
    let job = state.job(&on_progress);
    let _ = state.with(|s| {
        kluis_core::backup::automatic(s, kluis_core::backup::BackupKind::SignOut, &job).map(|_| ())
    });
    state.end_session(EndReason::SignOut);
    Ok(())
}

#[tauri::command(async)]
pub fn lock(state: State<'_, AppState>) -> Reply<()> {
    state.end_session(EndReason::Lock);
    Ok(())
}

#[tauri::command(async)]
pub fn recover(
    state: State<'_, AppState>,
    recovery_key: String,
    username: String,
    new_password: String,
) -> Reply<SessionInfo> {
    let session = state
        .vault()?
        .recover(&recovery_key, &username, &Password::new(new_password))?;
    let info = session.info()?;
    state.set_session(session);
    Ok(info)
}

#[tauri::command(async)]
pub fn change_password(
    state: State<'_, AppState>,
    current_password: String,
    new_password: String,
) -> Reply<SessionInfo> {
    state.with_account(|s| {
        account::change_password(
            s,
            &Password::new(current_password),
            &Password::new(new_password),
        )
    })
}

/// Needs no session: the setup screen's meter uses it before any vault exists.
#[tauri::command(async)]
pub fn password_strength(password: String, context: Vec<String>) -> Reply<PasswordStrength> {
    let ctx: Vec<&str> = context.iter().map(String::as_str).take(8).collect();
    Ok(password::strength(&password, &ctx))
}

#[tauri::command(async)]
pub fn session_touch<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> Reply<()> {
    // Activity keeps the session open (any command does), and lets the retention engine and the
    // daily backup run while the app is open: the first ping of a new day starts them, after
    // the reply, as sign-in does.
    state.with_account(|_| Ok(()))?;
    if state.daily_work_due() {
        std::thread::spawn(move || app.state::<AppState>().retention_if_due("daily"));
    }
    Ok(())
}

#[tauri::command(async)]
pub fn session_info(state: State<'_, AppState>) -> Reply<SessionInfo> {
    state.with_account(|s| s.info())
}
