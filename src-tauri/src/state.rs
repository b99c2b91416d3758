//! What the app holds between commands: the opened vault folder (with its instance lock) and at
//! most one session.
use kluis_core::clock::SystemClock;
use kluis_core::import::staged::StagedFile;
use kluis_core::paths::VaultPaths;
use kluis_core::{ApiError, CoreError, CoreResult, KdfParams, Session, SessionSlot, Vault};
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

pub struct AppState {
    paths: VaultPaths,
    /// The vault, or why it could not be opened (e.g. another window holds it).
    vault: Result<Vault, CoreError>,
    session: Mutex<SessionSlot>,
    /// The file on the import mapping screen, if any.
    staged_import: Mutex<Option<Arc<StagedFile>>>,
    /// Set by `import_cancel`; read by the running import, which does not hold this flag's lock.
    import_cancel: Arc<AtomicBool>,
    /// Set by `job_cancel`; read by the running backup, drill, restore or retention run.
    job_cancel: Arc<AtomicBool>,
    /// The day (days since the epoch) the retention engine was last asked to run, so the
    /// activity ping asks once a day rather than at every keystroke.
    retention_day: AtomicI64,
    /// Where exports go without asking: only the authorisation test sets it (there is no
    /// person to answer a save dialog there); the app always asks.
    #[cfg(test)]
    pub save_target: Option<PathBuf>,
    /// The folder a folder dialog would return (tests only).
    #[cfg(test)]
    pub folder_target: Option<PathBuf>,
}

impl AppState {
    /// `--data-dir DIR` (or `KLUIS_DATA_DIR`) chooses the vault folder, as in the CLI.
    pub fn from_args(args: impl Iterator<Item = OsString>) -> Self {
        let mut explicit: Option<PathBuf> = None;
        let mut args = args.skip(1);
        while let Some(a) = args.next() {
            if a == "--data-dir" {
                explicit = args.next().map(PathBuf::from);
            } else if let Some(v) = a.to_str().and_then(|s| s.strip_prefix("--data-dir=")) {
                explicit = Some(PathBuf::from(v));
            }
        }
        let paths = VaultPaths::resolve(explicit.as_deref());
        let vault = Vault::open(
            paths.clone(),
            Arc::new(SystemClock),
            KdfParams::recommended(),
        );
        AppState {
            paths,
            vault,
            session: Mutex::new(SessionSlot::default()),
            staged_import: Mutex::new(None),
            import_cancel: Arc::new(AtomicBool::new(false)),
            job_cancel: Arc::new(AtomicBool::new(false)),
            retention_day: AtomicI64::new(i64::MIN),
            #[cfg(test)]
            save_target: None,
            #[cfg(test)]
            folder_target: None,
        }
    }

    /// The export destination fixed in advance (tests only); None: ask with the save dialog.
    pub fn fixed_save_target(&self) -> Option<PathBuf> {
        #[cfg(test)]
        return self.save_target.clone();
        #[cfg(not(test))]
        e2e_save_target()
    }

    /// The folder fixed in advance for folder dialogs (tests and debug end-to-end runs).
    pub fn fixed_folder_target(&self) -> Option<PathBuf> {
        #[cfg(test)]
        return self.folder_target.clone();
        #[cfg(not(test))]
        e2e_folder_target()
    }

    pub fn vault(&self) -> Result<&Vault, ApiError> {
        self.vault.as_ref().map_err(|e| e.to_api())
    }

    pub fn paths(&self) -> &VaultPaths {
        &self.paths
    }

    pub fn vault_error(&self) -> Option<&CoreError> {
        self.vault.as_ref().err()
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, SessionSlot> {
        // A panic while holding the lock leaves a slot that is still consistent (it holds a
        // session or none), so the poison flag can be ignored.
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs a core service with the session (auto-lock applied first; refused while the person
    /// must change their password).
    pub fn with<T>(&self, f: impl FnOnce(&mut Session) -> CoreResult<T>) -> Result<T, ApiError> {
        let out = self.slot().with(f);
        self.after(out)
    }

    /// As `with`, for what someone who must change their password may still do.
    pub fn with_account<T>(
        &self,
        f: impl FnOnce(&mut Session) -> CoreResult<T>,
    ) -> Result<T, ApiError> {
        let out = self.slot().with_account(f);
        self.after(out)
    }

    fn after<T>(&self, out: CoreResult<T>) -> Result<T, ApiError> {
        if matches!(out, Err(CoreError::Locked)) {
            // Auto-locked or signed out elsewhere: a staged import file goes too.
            self.stage_import(None);
        }
        out.map_err(ApiError::from)
    }

    /// Runs the retention engine and the daily backup if not asked yet today (it also records whether it
    /// ran today in the vault, so a restart the same day does nothing either). Errors are left to
    /// the run history: retention must never keep anyone from working.
    /// Whether today's daily work has not been asked for yet (a cheap check, no lock).
    pub fn daily_work_due(&self) -> bool {
        use kluis_core::clock::Clock;
        let day = kluis_core::clock::SystemClock
            .now()
            .timestamp()
            .div_euclid(86_400);
        self.retention_day.load(Ordering::SeqCst) != day
    }

    pub fn retention_if_due(&self, trigger: &str) {
        let _ = self.with(|s| {
            let day = s.now().timestamp().div_euclid(86_400);
            if self.retention_day.swap(day, Ordering::SeqCst) != day {
                let _ = kluis_core::privacy::retention::run_if_due(s, trigger);
                // The daily backup into the chosen folder (none chosen: nothing to do). A failure
                // shows in Settings > Health as the last backup's age.
                let _ = kluis_core::backup::automatic(
                    s,
                    kluis_core::backup::BackupKind::Daily,
                    &kluis_core::job::Job::unattended(),
                );
            }
            Ok(())
        });
    }

    /// Keeps a file for the mapping screen (replacing any earlier one).
    pub fn stage_import(&self, file: Option<StagedFile>) {
        *self.staged_import.lock().unwrap_or_else(|p| p.into_inner()) = file.map(Arc::new);
    }

    /// The staged file for an import run, with a fresh cancel flag. The file stays staged, so
    /// after a refused all-or-nothing run the person can choose "valid rows only" without
    /// picking it again; a committed import discards it.
    pub fn staged_import(&self) -> Option<(Arc<StagedFile>, Arc<AtomicBool>)> {
        let file = self
            .staged_import
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()?;
        self.import_cancel.store(false, Ordering::SeqCst);
        Some((file, self.import_cancel.clone()))
    }

    pub fn cancel_import(&self) {
        self.import_cancel.store(true, Ordering::SeqCst);
    }

    /// A job (backup, drill, restore, retention run) reporting to `channel`, with a fresh cancel
    /// flag. One window runs one such job at a time; the dialog stays open while it runs.
    pub fn job<'a>(
        &self,
        channel: &'a tauri::ipc::Channel<kluis_core::job::JobProgress>,
    ) -> kluis_core::job::Job<'a> {
        self.job_cancel.store(false, Ordering::SeqCst);
        #[cfg(not(test))]
        let cancel = self.job_cancel.clone();
        kluis_core::job::Job::new(self.job_cancel.clone(), move |p| {
            // A closed channel (the window went away) must not stop the job's own clean-up.
            let _ = channel.send(p);
            #[cfg(not(test))]
            e2e_hold(&p, &cancel);
        })
    }

    pub fn cancel_job(&self) {
        self.job_cancel.store(true, Ordering::SeqCst);
    }

    /// Locks an idle session (see `SessionSlot::lock_if_idle`); a staged import file goes too.
    pub fn lock_if_idle(&self) -> bool {
        let locked = self.slot().lock_if_idle();
        if locked {
            self.stage_import(None);
        }
        locked
    }

    pub fn set_session(&self, s: Session) {
        self.slot().set(s);
    }

    pub fn end_session(&self, reason: kluis_core::EndReason) {
        // A staged file is personal data: it goes with the session.
        self.stage_import(None);
        self.slot().end(reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_dir_comes_from_the_argument() {
        let dir = tempfile::tempdir().unwrap();
        let args = [
            "kluis-desktop".into(),
            "--data-dir".into(),
            dir.path().as_os_str().to_owned(),
        ];
        let st = AppState::from_args(args.into_iter());
        assert_eq!(st.paths().dir, dir.path());
        assert!(st.vault().is_ok());
        // A second window on the same folder is told the vault is in use.
        let args = [
            "kluis-desktop".into(),
            format!("--data-dir={}", dir.path().display()).into(),
        ];
        let second = AppState::from_args(args.into_iter());
        assert_eq!(
            second.vault().unwrap_err().code,
            kluis_core::ErrorCode::VaultInUse
        );
    }
}

/// End-to-end tests hold a job at its first measurable step while `hold-jobs` exists in
/// KLUIS_E2E_SAVE_DIR, so its progress and Cancel can be seen and used at a known moment (a
/// small test vault is backed up faster than a click); a cancel lets it go at once. Debug
/// builds only; a release build never waits.
#[cfg(not(test))]
fn e2e_hold(p: &kluis_core::job::JobProgress, cancel: &AtomicBool) {
    if !cfg!(debug_assertions) || p.total == 0 || p.done == 0 {
        return;
    }
    let Some(dir) = std::env::var_os("KLUIS_E2E_SAVE_DIR") else {
        return;
    };
    let hold = PathBuf::from(dir).join("hold-jobs");
    let since = std::time::Instant::now();
    while hold.exists()
        && !cancel.load(Ordering::SeqCst)
        && since.elapsed() < std::time::Duration::from_secs(60)
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// As `e2e_save_target`, for folder dialogs: `backups` in KLUIS_E2E_SAVE_DIR.
#[cfg(not(test))]
fn e2e_folder_target() -> Option<PathBuf> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let dir = PathBuf::from(std::env::var_os("KLUIS_E2E_SAVE_DIR")?).join("backups");
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir)
}

/// End-to-end tests cannot drive the native save dialog: a debug build takes its answer from
/// KLUIS_E2E_SAVE_DIR (a new name in that folder per call). A release build never does.
#[cfg(not(test))]
fn e2e_save_target() -> Option<PathBuf> {
    if !cfg!(debug_assertions) {
        return None;
    }
    let dir = PathBuf::from(std::env::var_os("KLUIS_E2E_SAVE_DIR")?);
    std::fs::create_dir_all(&dir).ok()?;
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
    Some(dir.join(format!("save-{n}")))
}
