//! What a window holds between commands: the opened vault folder (with its instance lock), at
//! most one session, a staged import file and the flags that cancel long work. The desktop keeps
//! one; the UI test bridge keeps one per test vault.
use kluis_core::clock::{SharedClock, SystemClock};
use kluis_core::daily::{Schedule, Trigger};
use kluis_core::import::staged::StagedFile;
use kluis_core::job::{Job, JobProgress};
use kluis_core::paths::VaultPaths;
use kluis_core::{
    ApiError, CoreError, CoreResult, EndReason, KdfParams, Session, SessionSlot, Vault,
};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Answers given in advance for the native dialogs, where no person is there to answer them:
/// the authorisation test, the UI test bridge, and debug end-to-end runs.
#[derive(Debug, Clone, Default)]
pub struct DialogTargets {
    /// Where a save dialog saves (a new name per call in this folder when `numbered`).
    pub save: Option<PathBuf>,
    /// Save dialogs answer `save/save-N` instead of `save` itself.
    pub numbered: bool,
    /// What a folder dialog returns.
    pub folder: Option<PathBuf>,
}

pub struct Desk {
    /// The vault's time (the system's; the UI test bridge moves it on).
    clock: SharedClock,
    paths: VaultPaths,
    /// The vault, or why it could not be opened (e.g. another window holds it).
    vault: OnceLock<Arc<Vault>>,
    /// The key-derivation settings a vault is opened with (kept to try again).
    kdf: KdfParams,
    /// Held while the vault is being opened, so two commands do not both try.
    opening: Mutex<()>,
    session: Mutex<SessionSlot>,
    /// The file on the import mapping screen, if any.
    staged_import: Mutex<Option<Arc<StagedFile>>>,
    /// Set by `import_cancel`; read by the running import, which does not hold this flag's lock.
    import_cancel: Arc<AtomicBool>,
    /// Set by `job_cancel`; read by the running backup, drill, restore or retention run.
    job_cancel: Arc<AtomicBool>,
    /// When the daily retention and backup were last asked for, so the activity ping asks once
    /// a day rather than at every keystroke.
    daily: Schedule,
    targets: DialogTargets,
    /// Called with each job report before it goes to the window (debug end-to-end runs hold a
    /// job here so its progress and Cancel can be seen).
    job_hook: Option<fn(&JobProgress, &AtomicBool)>,
    save_count: std::sync::atomic::AtomicUsize,
    /// Moves whenever a session starts or ends here (the office server renews the window's
    /// token then, so a token seen before a sign-out is worthless after it).
    session_epoch: std::sync::atomic::AtomicU64,
}

impl Desk {
    /// Opens the vault folder at `paths` (a missing vault is fine: setup creates it).
    pub fn open(paths: VaultPaths, kdf: KdfParams) -> Self {
        Self::open_with_clock(paths, Arc::new(SystemClock), kdf)
    }

    /// As `open`, with the vault's time from `clock` (the UI test bridge moves it on to see
    /// what is due after months).
    pub fn open_with_clock(paths: VaultPaths, clock: SharedClock, kdf: KdfParams) -> Self {
        let vault = OnceLock::new();
        if let Ok(v) = Vault::open(paths.clone(), clock.clone(), kdf) {
            let _ = vault.set(Arc::new(v));
        }
        Self::with_vault(paths, vault, clock, kdf)
    }

    /// A desk over a vault the process already holds (the office server: one vault, a desk
    /// per connected window).
    pub fn over(vault: Arc<Vault>, clock: SharedClock, kdf: KdfParams) -> Self {
        let paths = vault.paths().clone();
        let held = OnceLock::new();
        let _ = held.set(vault);
        Self::with_vault(paths, held, clock, kdf)
    }

    fn with_vault(
        paths: VaultPaths,
        vault: OnceLock<Arc<Vault>>,
        clock: SharedClock,
        kdf: KdfParams,
    ) -> Self {
        Desk {
            kdf,
            opening: Mutex::new(()),
            clock,
            paths,
            vault,
            session: Mutex::new(SessionSlot::default()),
            staged_import: Mutex::new(None),
            import_cancel: Arc::new(AtomicBool::new(false)),
            job_cancel: Arc::new(AtomicBool::new(false)),
            daily: Schedule::default(),
            targets: DialogTargets::default(),
            job_hook: None,
            save_count: std::sync::atomic::AtomicUsize::new(0),
            session_epoch: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Dialog answers given in advance (tests and debug end-to-end runs only).
    pub fn with_targets(mut self, targets: DialogTargets) -> Self {
        self.targets = targets;
        self
    }

    pub fn with_job_hook(mut self, hook: fn(&JobProgress, &AtomicBool)) -> Self {
        self.job_hook = Some(hook);
        self
    }

    /// The save dialog's answer fixed in advance, if any.
    pub fn fixed_save_target(&self) -> Option<PathBuf> {
        let save = self.targets.save.clone()?;
        if !self.targets.numbered {
            return Some(save);
        }
        std::fs::create_dir_all(&save).ok()?;
        let n = self.save_count.fetch_add(1, Ordering::Relaxed) + 1;
        Some(save.join(format!("save-{n}")))
    }

    /// The folder dialog's answer fixed in advance, if any.
    pub fn fixed_folder_target(&self) -> Option<PathBuf> {
        let dir = self.targets.folder.clone()?;
        std::fs::create_dir_all(&dir).ok()?;
        Some(dir)
    }

    /// The vault, opened now if it could not be before (another window held it, the folder
    /// was repaired): "Check again" on the problem screen must find it free.
    pub fn vault(&self) -> Result<&Vault, ApiError> {
        if let Some(v) = self.vault.get() {
            return Ok(v);
        }
        let _one_at_a_time = self.opening.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(v) = self.vault.get() {
            return Ok(v);
        }
        let v = Vault::open(self.paths.clone(), self.clock.clone(), self.kdf)
            .map_err(|e| e.to_api())?;
        Ok(self.vault.get_or_init(|| Arc::new(v)))
    }

    pub fn paths(&self) -> &VaultPaths {
        &self.paths
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

    /// Whether today's daily work has not been asked for yet (a cheap check, no lock).
    pub fn daily_work_due(&self) -> bool {
        self.daily.due(self.clock.now())
    }

    /// Runs the daily retention and backup (`kluis_core::daily`) if not asked yet today, in a
    /// session beside the window's: the person goes on working while a backup is made. While a
    /// restore holds the vault it is left for the next ask.
    pub fn retention_if_due(&self, trigger: Trigger) {
        if !self.daily_work_due() {
            return;
        }
        if let Ok(Some(beside)) = self.with(|s| s.beside()) {
            self.daily.run_if_due(beside.session(), trigger);
        }
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

    /// A job (backup, drill, restore, retention run) reporting to `report`, with a fresh cancel
    /// flag. One window runs one such job at a time; the dialog stays open while it runs.
    pub fn job<'a>(&self, mut report: impl FnMut(JobProgress) + Send + 'a) -> Job<'a> {
        self.job_cancel.store(false, Ordering::SeqCst);
        let (cancel, hook) = (self.job_cancel.clone(), self.job_hook);
        Job::new(self.job_cancel.clone(), move |p| {
            report(p);
            if let Some(hook) = hook {
                hook(&p, &cancel);
            }
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
        self.session_epoch.fetch_add(1, Ordering::SeqCst);
    }

    /// See `session_epoch` (the field).
    pub fn session_epoch(&self) -> u64 {
        self.session_epoch.load(Ordering::SeqCst)
    }

    /// Asks `f` about the open session without it counting as activity (see `SessionSlot::peek`).
    pub fn peek<T>(&self, f: impl FnOnce(&Session) -> T) -> Option<T> {
        let mut slot = self.slot();
        slot.peek().map(f)
    }

    /// Whether a session is open here (the office server drops idle windows without one).
    pub fn signed_in(&self) -> bool {
        self.slot().is_open()
    }

    pub fn end_session(&self, reason: EndReason) {
        // A staged file is personal data: it goes with the session.
        self.stage_import(None);
        self.slot().end(reason);
        self.session_epoch.fetch_add(1, Ordering::SeqCst);
    }
}
