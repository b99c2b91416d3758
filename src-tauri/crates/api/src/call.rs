//! One call of a command: the window's desk, what the host can do for it (native dialogs, work
//! after the reply), where progress goes, and a raw body if one came.
use crate::desk::Desk;
use kluis_core::dto::office::{ConnectRequest, DeviceRow, EnrolCode, OfficeStatus};
use kluis_core::job::{Job, JobProgress};
use kluis_core::{ApiError, CoreResult, Session};
use serde::Serialize;
use std::path::PathBuf;
use std::sync::Mutex;

pub type Reply<T> = Result<T, ApiError>;

/// Work a command leaves for after its reply (see `Host::after_reply`).
pub type Later = Box<dyn FnOnce(&Desk) + Send>;

/// What differs between the places a command runs: the desktop asks a person with native
/// dialogs; the UI test bridge has answers fixed in advance.
pub trait Host: Sync {
    /// The save dialog (None: closed without choosing).
    fn save_file(&self, filter: &str, ext: &str, file_name: &str) -> Option<PathBuf>;
    /// The folder dialog.
    fn pick_folder(&self) -> Option<PathBuf>;
    /// The open dialog for one file.
    fn pick_file(&self, filter: &str, ext: &str) -> Option<PathBuf>;
    /// Runs `work` with this window's desk after the reply has gone (the retention engine at
    /// unlock: the person signing in should not wait for it).
    fn after_reply(&self, work: Later);
    /// The desktop's way to the office's Kluis (None: not a desktop, e.g. the server itself).
    fn link(&self) -> Option<&dyn Link> {
        None
    }
    /// The office server's own affairs (None: not running on the office server).
    fn server(&self) -> Option<&dyn OfficeServer> {
        None
    }
}

/// What a desktop does about its connection to the office's Kluis (these commands are
/// answered by the desktop itself, never forwarded).
pub trait Link: Sync {
    fn status(&self) -> OfficeStatus;
    /// Enrols this computer and switches it to the office's Kluis.
    fn connect(&self, req: &ConnectRequest) -> Reply<OfficeStatus>;
    /// Forgets the office's Kluis on this computer (the vault here is used again).
    fn leave(&self) -> Reply<OfficeStatus>;
    /// Unlocks a sealed office server with an administrator's password.
    fn unlock(&self, username: &str, password: &str) -> Reply<()>;
}

/// The office server's devices, for Settings > Devices (the core checks the session's rights;
/// the server keeps the list).
pub trait OfficeServer: Sync {
    fn devices(&self, s: &Session) -> CoreResult<Vec<DeviceRow>>;
    fn add_device(&self, s: &Session) -> CoreResult<EnrolCode>;
    fn rename_device(&self, s: &Session, id: i64, name: &str) -> CoreResult<()>;
    fn revoke_device(&self, s: &Session, id: i64) -> CoreResult<()>;
    /// Ends every session but the caller's (a restore replaces the vault under all of them).
    fn end_other_sessions(&self);
}

pub struct Call<'a> {
    pub desk: &'a Desk,
    host: &'a dyn Host,
    progress: &'a (dyn Fn(serde_json::Value) + Sync),
    raw: Mutex<Option<Vec<u8>>>,
}

impl<'a> Call<'a> {
    pub fn new(
        desk: &'a Desk,
        host: &'a dyn Host,
        progress: &'a (dyn Fn(serde_json::Value) + Sync),
        raw: Option<Vec<u8>>,
    ) -> Self {
        Call {
            desk,
            host,
            progress,
            raw: Mutex::new(raw),
        }
    }

    /// Runs a core service with the session (see `Desk::with`).
    pub fn with<T>(&self, f: impl FnOnce(&mut Session) -> CoreResult<T>) -> Reply<T> {
        self.desk.with(f)
    }

    /// As `with`, also while the person must change their password.
    pub fn with_account<T>(&self, f: impl FnOnce(&mut Session) -> CoreResult<T>) -> Reply<T> {
        self.desk.with_account(f)
    }

    /// Where to save a file the core writes: asked here, so the window never names a path.
    pub fn save_path(&self, filter: &str, ext: &str, file_name: &str) -> Option<PathBuf> {
        self.desk
            .fixed_save_target()
            .or_else(|| self.host.save_file(filter, ext, file_name))
    }

    pub fn pick_folder(&self) -> Option<PathBuf> {
        self.desk
            .fixed_folder_target()
            .or_else(|| self.host.pick_folder())
    }

    pub fn pick_file(&self, filter: &str, ext: &str) -> Option<PathBuf> {
        self.host.pick_file(filter, ext)
    }

    pub fn link(&self) -> Option<&dyn Link> {
        self.host.link()
    }

    pub fn server(&self) -> Option<&dyn OfficeServer> {
        self.host.server()
    }

    pub fn after_reply(&self, work: impl FnOnce(&Desk) + Send + 'static) {
        self.host.after_reply(Box::new(work));
    }

    /// Sends one progress report to the window (a closed window must not stop the work's own
    /// clean-up, so a failed send is ignored by the host).
    pub fn progress<P: Serialize>(&self, p: &P) {
        if let Ok(v) = serde_json::to_value(p) {
            (self.progress)(v);
        }
    }

    /// A long job reporting to the window, with a fresh cancel flag.
    pub fn job(&self) -> Job<'_> {
        self.desk.job(move |p: JobProgress| self.progress(&p))
    }

    /// The raw body the command came with (a file's bytes), once.
    pub fn take_raw(&self) -> Option<Vec<u8>> {
        self.raw.lock().unwrap_or_else(|p| p.into_inner()).take()
    }
}
