//! The running office server's state: the vault (held by this process alone), whether it is
//! sealed, the enrolled devices, and one `Window` per connected desktop window, each with the
//! same `Desk` a desktop app has, found by its session token.
//!
//! A token is random, lives only in the server's memory and the window's, is bound to the
//! device whose certificate brought it, and is replaced whenever a session starts or ends in
//! that window: a token seen before a sign-out is worthless after it.
use crate::codes::{CodeRefusal, Codes};
use crate::config::ServerPaths;
use crate::devices::{Device, Devices};
use kluis_api::{Desk, DialogTargets, Host, Later, OfficeServer};
use kluis_core::clock::{stamp, SharedClock};
use kluis_core::daily::Trigger;
use kluis_core::dto::office::{DeviceRow, EnrolCode};
use kluis_core::error::OfficeFailure;
use kluis_core::live::{self, Change};
use kluis_core::office::{self, OfficeAct};
use kluis_core::CoreResult;
use kluis_core::{ApiError, CoreError, EndReason, KdfParams, Password, Session, Vault};
use kluis_office::pki::Ca;
use kluis_office::wire::{EnrolReply, EnrolRequest};
use rand_core::{OsRng, RngCore};
use std::collections::HashMap;
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Windows one device may hold at once (the app, a CLI run, a second app after a crash).
const WINDOWS_PER_DEVICE: usize = 8;
/// A window with no one signed in is forgotten after this long without a request.
const IDLE_WINDOW: Duration = Duration::from_secs(30 * 60);

/// Why the server itself refused a request (before the core saw it). Stable codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("server.sealed")]
    Sealed,
    #[error("device.revoked")]
    DeviceRevoked,
    #[error("session.missing")]
    SessionMissing,
    /// The token is unknown: signed out, renewed, or never issued.
    #[error("session.ended")]
    SessionEnded,
    /// The token belongs to a window of another device.
    #[error("session.foreign")]
    SessionForeign,
    #[error("command.unknown")]
    UnknownCommand,
    #[error("request.too_large")]
    TooLarge,
    #[error("request.malformed")]
    Malformed,
    #[error("server.busy")]
    Busy,
    #[error("enrol.code_invalid")]
    CodeInvalid,
    #[error("enrol.too_many")]
    TooManyCodes,
    #[error("enrol.request_invalid")]
    EnrolRequestInvalid,
    #[error("server.failed")]
    Failed,
    /// A request sent again whose first answer carried a file no longer kept: done, but its
    /// file is gone (export it again).
    #[error("request.reply_gone")]
    ReplyGone,
}

impl Refusal {
    pub fn code(self) -> String {
        self.to_string()
    }
}

impl From<CodeRefusal> for Refusal {
    fn from(r: CodeRefusal) -> Self {
        match r {
            CodeRefusal::Invalid => Refusal::CodeInvalid,
            CodeRefusal::TooMany => Refusal::TooManyCodes,
        }
    }
}

pub type Token = String;

/// Changes kept for a stream that falls behind; one further behind is told to reload.
const FEED_BACKLOG: usize = 1024;

/// One connected window of one device.
pub struct Window {
    pub device: i64,
    pub desk: Desk,
    /// The latest progress of a long job this window runs (a backup, a restore, a retention
    /// run), for its own event stream: the desktop's dialog shows it while it waits.
    pub progress: tokio::sync::watch::Sender<Option<serde_json::Value>>,
    /// The desk's session epoch when the current token was issued.
    epoch: AtomicU64,
    /// Recent answers by request number, for a request sent again after a broken connection.
    pub replies: crate::replay::Replies,
    last_used: Mutex<Instant>,
}

impl Window {
    fn touch(&self) {
        *self.last_used.lock().unwrap_or_else(|p| p.into_inner()) = Instant::now();
    }
    fn idle_for(&self) -> Duration {
        self.last_used
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .elapsed()
    }
}

/// What a command may ask of its host on the server: no dialogs (files travel, paths do not:
/// the desktop chooses where a file goes), work after the reply on a thread of its own, and
/// the server's devices.
pub struct ServerHost {
    pub window: Arc<Window>,
    pub office: Arc<Office>,
    /// The file this call made for the desktop, if any (see `save_file`).
    pub made: Mutex<Option<Outgoing>>,
}

/// A file made on the server for the desktop that asked: sent back with the reply and removed.
pub struct Outgoing {
    pub dir: PathBuf,
    pub path: PathBuf,
    pub name: String,
    pub filter: String,
    pub ext: String,
}

impl Host for ServerHost {
    /// Files travel, paths do not: what a command saves is made in a private folder of the
    /// server's own, sent back with the reply, and the desktop saves it where the person chooses
    /// in its own save dialog.
    fn save_file(&self, filter: &str, ext: &str, file_name: &str) -> Option<PathBuf> {
        let name = std::path::Path::new(file_name)
            .file_name()?
            .to_string_lossy()
            .into_owned();
        let dir = self.office.paths.outgoing().join(new_token());
        crate::state::private_dir(&dir).ok()?;
        let path = dir.join(&name);
        *self.made.lock().unwrap_or_else(|p| p.into_inner()) = Some(Outgoing {
            dir,
            path: path.clone(),
            name,
            filter: filter.to_string(),
            ext: ext.to_string(),
        });
        Some(path)
    }
    fn pick_folder(&self) -> Option<PathBuf> {
        None
    }
    fn pick_file(&self, _filter: &str, _ext: &str) -> Option<PathBuf> {
        None
    }
    fn after_reply(&self, work: Later) {
        let window = self.window.clone();
        std::thread::spawn(move || work(&window.desk));
    }

    fn server(&self) -> Option<&dyn OfficeServer> {
        Some(self)
    }
}

fn refusal_error(r: Refusal) -> CoreError {
    CoreError::Office(match r {
        Refusal::Sealed => OfficeFailure::Sealed,
        _ => OfficeFailure::Refused,
    })
}

impl OfficeServer for ServerHost {
    fn devices(&self, s: &Session) -> CoreResult<Vec<DeviceRow>> {
        let list = self.office.devices.list();
        let ids: Vec<i64> = list.iter().map(|d| d.enrolled_by).collect();
        let names = office::display_names(s, &ids)?;
        Ok(list
            .into_iter()
            .map(|d| DeviceRow {
                id: d.id,
                this_device: d.id == self.window.device,
                enrolled_by: names.get(&d.enrolled_by).cloned(),
                name: d.name,
                enrolled_at: d.enrolled_at,
                last_seen: d.last_seen,
                address: d.address,
                revoked_at: d.revoked_at,
            })
            .collect())
    }

    fn add_device(&self, s: &Session) -> CoreResult<EnrolCode> {
        let code = self.office.enrol_code(s).map_err(refusal_error)?;
        Ok(EnrolCode {
            code,
            fingerprint: kluis_office::pki::fingerprint_of_pem(&self.office.ca_pem)
                .map(|f| f.to_string())
                .unwrap_or_default(),
            port: self.office.enrol_port(),
            valid_minutes: (crate::codes::VALID_FOR.as_secs() / 60) as u32,
        })
    }

    fn rename_device(&self, s: &Session, id: i64, name: &str) -> CoreResult<()> {
        let name = kluis_core::validate::text("name", name, 80)?;
        s.require(
            kluis_core::access::Category::Admin,
            kluis_core::access::Action::Manage,
        )?;
        match self.office.devices.rename(id, &name) {
            Ok(true) => office::record(s, OfficeAct::Renamed, Some(id)),
            Ok(false) => Err(CoreError::NotFound),
            Err(e) => Err(e.into()),
        }
    }

    fn end_other_sessions(&self) {
        let others: Vec<Arc<Window>> = self
            .office
            .windows
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .filter(|w| !Arc::ptr_eq(w, &self.window))
            .cloned()
            .collect();
        // Ended by the restore, as the caller's own session is: no sign-out row and no anchor
        // of a trail the restore is about to carry over (one written now would contradict it).
        for w in others {
            w.desk.end_session(EndReason::Restore);
        }
    }

    fn revoke_device(&self, s: &Session, id: i64) -> CoreResult<()> {
        // This window's own session is in use by this very call; and an administrator who
        // revokes the desktop they sit at locks themselves out.
        if id == self.window.device {
            return Err(CoreError::SelfAction);
        }
        match self.office.revoke(s, id).map_err(refusal_error)? {
            true => Ok(()),
            false => Err(CoreError::NotFound),
        }
    }
}

pub struct Office {
    pub paths: ServerPaths,
    vault: Arc<Vault>,
    clock: SharedClock,
    kdf: KdfParams,
    pub devices: Arc<Devices>,
    ca_pem: String,
    /// The CA able to sign, while unlocked; None while sealed.
    ca: RwLock<Option<Arc<Ca>>>,
    windows: Mutex<HashMap<Token, Arc<Window>>>,
    codes: Mutex<Codes>,
    /// The enrolment port as bound (told to administrators with each code).
    enrol_port: std::sync::atomic::AtomicU16,
    main_port: std::sync::atomic::AtomicU16,
    /// Committed changes, for every open event stream (each filters for its own session).
    feed: tokio::sync::broadcast::Sender<Arc<Change>>,
    /// The last audit row the feed has read; None until someone is signed in.
    feed_at: Mutex<Option<i64>>,
    /// The day's work started at unlock, while it runs (see `wait_for_daily_work`).
    daily: Mutex<Option<std::thread::JoinHandle<()>>>,
}

fn new_token() -> Token {
    let mut raw = [0u8; 32];
    OsRng.fill_bytes(&mut raw);
    raw.iter().map(|b| format!("{b:02x}")).collect()
}

fn io_failed(_: std::io::Error) -> Refusal {
    Refusal::Failed
}

impl Office {
    /// Opens the vault (refused when another process holds it) and the device list; sealed.
    pub fn open(paths: ServerPaths, clock: SharedClock, kdf: KdfParams) -> Result<Office, String> {
        let vault = Vault::open(
            kluis_core::paths::VaultPaths::new(paths.vault()),
            clock.clone(),
            kdf,
        )
        .map_err(|e| match e {
            CoreError::VaultInUse => {
                "another process holds the vault (a Kluis app, a kluis command or a second server)"
                    .to_string()
            }
            other => format!("the vault cannot be opened: {}", other.code().as_str()),
        })?;
        if !vault.exists() {
            return Err(
                "there is no vault in the data folder: run `kluis-server init` first".into(),
            );
        }
        let ca_pem = std::fs::read_to_string(paths.ca_cert())
            .map_err(|e| format!("{}: {e}", paths.ca_cert().display()))?;
        let devices = Devices::load(paths.devices())
            .map_err(|e| format!("{}: {e}", paths.devices().display()))?;
        Ok(Office {
            paths,
            vault: Arc::new(vault),
            clock,
            kdf,
            devices: Arc::new(devices),
            ca_pem,
            ca: RwLock::new(None),
            windows: Mutex::new(HashMap::new()),
            codes: Mutex::new(Codes::default()),
            enrol_port: std::sync::atomic::AtomicU16::new(kluis_office::wire::ENROL_PORT),
            main_port: std::sync::atomic::AtomicU16::new(kluis_office::wire::PORT),
            feed: tokio::sync::broadcast::channel(FEED_BACKLOG).0,
            feed_at: Mutex::new(None),
            daily: Mutex::new(None),
        })
    }

    pub fn enrol_port(&self) -> u16 {
        self.enrol_port.load(Ordering::Relaxed)
    }

    /// The ports as bound (told to administrators and to enrolling desktops).
    pub fn set_ports(&self, main: u16, enrol: u16) {
        self.main_port.store(main, Ordering::Relaxed);
        self.enrol_port.store(enrol, Ordering::Relaxed);
    }

    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    pub fn sealed(&self) -> bool {
        self.ca.read().unwrap_or_else(|p| p.into_inner()).is_none()
    }

    pub fn now_stamp(&self) -> String {
        stamp(self.clock.now())
    }

    /// Signs an administrator in for an act on the server (the session ends with the act).
    pub fn admin(&self, username: &str, password: &str) -> Result<Session, ApiError> {
        let s = self
            .vault
            .sign_in(username, &Password::new(password.to_string()))
            .map_err(ApiError::from)?;
        if let Err(e) = s.require(
            kluis_core::access::Category::Admin,
            kluis_core::access::Action::Manage,
        ) {
            s.end(EndReason::SignOut);
            return Err(e.into());
        }
        Ok(s)
    }

    /// Unlocks the server with an administrator's password: loads the CA (kept in the vault)
    /// so desktops can be enrolled, and opens the doors for everyone.
    pub fn unlock(&self, username: &str, password: &str) -> Result<(), ApiError> {
        let s = self.admin(username, password)?;
        self.unlock_as(s, true)
    }

    /// Unlocks the server after a restart with the host's credential (unattended restart, see
    /// `kluis_core::unattended`), as the administrator it acts for. The credential itself is
    /// never logged; a refusal is told by its code.
    pub fn unlock_unattended(&self, credential: &str) -> Result<(), ApiError> {
        let s = self
            .vault
            .unlock_unattended(credential)
            .map_err(ApiError::from)?;
        self.unlock_as(s, false)
    }

    /// Whether the vault has a host slot (unattended restart set up on this host).
    pub fn unattended_on_host(&self) -> bool {
        kluis_vault::KeyFile::load(&kluis_core::paths::VaultPaths::new(self.paths.vault()).keys())
            .map(|kf| kf.host().is_some())
            .unwrap_or(false)
    }

    fn unlock_as(&self, s: Session, by_person: bool) -> Result<(), ApiError> {
        let result = (|| {
            let key =
                office::ca_key(&s)?.ok_or(CoreError::Internal("no office CA in this vault"))?;
            let ca = Ca::load(&self.ca_pem, &key)
                .map_err(|_| CoreError::Internal("office CA does not load"))?;
            *self.ca.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(ca));
            if by_person {
                office::record(&s, OfficeAct::Unlocked, None)?;
            }
            self.keep_backups_here(&s)
        })();
        if let Err(e) = result {
            s.end(EndReason::SignOut);
            return Err(e.into());
        }
        eprintln!(
            "kluis-server: unlocked{}",
            if by_person {
                ""
            } else {
                " (unattended restart)"
            }
        );
        // The day's retention run and backup start now, on the host, whether or not anyone
        // signs in today; the administrator's session ends when they are done.
        let work = std::thread::spawn(move || {
            if let Ok(Some(beside)) = s.beside() {
                let report = kluis_core::daily::run(beside.session(), Trigger::Unlock);
                if report.backup_error.is_some() || report.retention_error.is_some() {
                    eprintln!("kluis-server: the daily work failed (see Health)");
                }
            }
            s.end(EndReason::SignOut);
        });
        *self.daily.lock().unwrap_or_else(|p| p.into_inner()) = Some(work);
        Ok(())
    }

    /// Waits until the day's work started at unlock is done (the benchmark measures the
    /// working day, not the length of a backup).
    pub fn wait_for_daily_work(&self) {
        let work = self.daily.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(work) = work {
            let _ = work.join();
        }
    }

    /// Automatic backups go to the backup folder of the server's config (Settings > Backups
    /// shows it; a desktop never names a folder on the host). The day's backup then runs
    /// beside the session of the day's first sign-in, not in it.
    fn keep_backups_here(&self, s: &Session) -> CoreResult<()> {
        let dir = self.paths.backups();
        let current = kluis_core::backup::overview(s)?.folder;
        if current.as_deref() == Some(dir.display().to_string().as_str()) {
            return Ok(());
        }
        crate::state::private_dir(&dir).map_err(CoreError::from)?;
        kluis_core::backup::set_folder(s, Some(&dir))
    }

    /// A one-time code for enrolling a desktop (an administrator's act; the server must be
    /// unlocked, as signing needs the CA).
    pub fn enrol_code(&self, s: &Session) -> Result<String, Refusal> {
        if self.sealed() {
            return Err(Refusal::Sealed);
        }
        s.require(
            kluis_core::access::Category::Admin,
            kluis_core::access::Action::Manage,
        )
        .map_err(|_| Refusal::Failed)?;
        Ok(self
            .codes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .issue(s.user_id(), Instant::now()))
    }

    /// Enrols a desktop: checks the code, signs its request, records the device, answers its
    /// certificate.
    pub fn enrol(&self, req: &EnrolRequest, from: IpAddr) -> Result<EnrolReply, Refusal> {
        let ca = self
            .ca
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
            .ok_or(Refusal::Sealed)?;
        let made_by = self
            .codes
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .redeem(&req.code, from, Instant::now())?;
        let id = self.devices.next_id();
        let signed = ca
            .sign_device(&req.csr_pem, &format!("kluis-device-{id}"))
            .map_err(|_| Refusal::EnrolRequestInvalid)?;
        let name: String = req.device_name.trim().chars().take(80).collect();
        self.devices
            .add(Device {
                id,
                name: if name.is_empty() {
                    format!("Desktop {id}")
                } else {
                    name
                },
                fingerprint: signed.fingerprint,
                serial: signed.serial,
                enrolled_by: made_by,
                enrolled_at: self.now_stamp(),
                last_seen: None,
                address: Some(from.to_string()),
                revoked_at: None,
            })
            .map_err(io_failed)?;
        eprintln!("kluis-server: device {id} enrolled");
        Ok(EnrolReply {
            device_id: id.to_string(),
            port: self.main_port.load(Ordering::Relaxed),
            cert_pem: signed.cert_pem,
            ca_pem: self.ca_pem.clone(),
        })
    }

    /// Revokes a device: its certificate is refused from the next handshake, its open
    /// connections are refused at their next request, and its windows' sessions end now.
    pub fn revoke(&self, s: &Session, device: i64) -> Result<bool, Refusal> {
        s.require(
            kluis_core::access::Category::Admin,
            kluis_core::access::Action::Manage,
        )
        .map_err(|_| Refusal::Failed)?;
        let found = self
            .devices
            .revoke(device, &self.now_stamp())
            .map_err(io_failed)?;
        if found {
            let gone: Vec<Arc<Window>> = {
                let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
                let tokens: Vec<Token> = windows
                    .iter()
                    .filter(|(_, w)| w.device == device)
                    .map(|(t, _)| t.clone())
                    .collect();
                tokens.iter().filter_map(|t| windows.remove(t)).collect()
            };
            for w in gone {
                w.desk.end_session(EndReason::SignOut);
            }
            office::record(s, OfficeAct::Revoked, Some(device)).map_err(|_| Refusal::Failed)?;
            eprintln!("kluis-server: device {device} revoked");
        }
        Ok(found)
    }

    /// A new window for a device, with its first token (no one signed in yet).
    pub fn hello(&self, device: i64) -> Token {
        let window = Arc::new(Window {
            device,
            // Backups go to the server's own folder; a window never names a path here.
            desk: with_e2e_hold(
                Desk::over(self.vault.clone(), self.clock.clone(), self.kdf).with_targets(
                    DialogTargets {
                        save: None,
                        numbered: false,
                        folder: Some(self.paths.backups()),
                    },
                ),
            ),
            progress: tokio::sync::watch::Sender::new(None),
            epoch: AtomicU64::new(0),
            replies: Default::default(),
            last_used: Mutex::new(Instant::now()),
        });
        let token = new_token();
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        windows.retain(|_, w| w.desk.signed_in() || w.idle_for() < IDLE_WINDOW);
        let mine: Vec<(Token, Duration, bool)> = windows
            .iter()
            .filter(|(_, w)| w.device == device)
            .map(|(t, w)| (t.clone(), w.idle_for(), w.desk.signed_in()))
            .collect();
        if mine.len() >= WINDOWS_PER_DEVICE {
            // The longest idle of this device's windows makes room (its session ends).
            if let Some((t, _, _)) = mine.iter().max_by_key(|(_, idle, _)| *idle) {
                if let Some(w) = windows.remove(t) {
                    w.desk.end_session(EndReason::SignOut);
                }
            }
        }
        windows.insert(token.clone(), window);
        token
    }

    /// The window a token names, if it belongs to `device`. A token of another device is
    /// refused and written to the audit trail of the session it belongs to.
    pub fn window(&self, token: &str, device: i64) -> Result<Arc<Window>, Refusal> {
        let w = self
            .windows
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(token)
            .cloned()
            .ok_or(Refusal::SessionEnded)?;
        if w.device != device {
            let _ = w
                .desk
                .with_account(|s| office::record_token_misuse(s, w.device, device));
            eprintln!(
                "kluis-server: a session token of device {} came from device {device}; that session is ended",
                w.device
            );
            // The token has leaked: the session it belongs to ends too.
            self.windows
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(token);
            w.desk.end_session(EndReason::SignOut);
            return Err(Refusal::SessionForeign);
        }
        w.touch();
        Ok(w)
    }

    /// After a call: a new token when a session started or ended in the window.
    pub fn renew(&self, token: &str, window: &Arc<Window>) -> Option<Token> {
        let now = window.desk.session_epoch();
        if window.epoch.swap(now, Ordering::SeqCst) == now {
            return None;
        }
        // Someone signed in or out: the last person's answers are not the next one's.
        window.replies.clear();
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        windows.remove(token)?;
        let fresh = new_token();
        windows.insert(fresh.clone(), window.clone());
        Some(fresh)
    }

    /// Reads what was committed since the last look and hands it to the event streams (a timer
    /// calls this; it blocks on the database). Starts at the newest change once someone is
    /// signed in, so a restart replays nothing.
    pub fn publish_changes(&self) {
        if self.sealed() {
            return;
        }
        let mut at = self.feed_at.lock().unwrap_or_else(|p| p.into_inner());
        let Some(after) = *at else {
            if let Ok(latest) = live::latest(&self.vault) {
                *at = (latest > 0).then_some(latest);
            }
            return;
        };
        match live::since(&self.vault, after) {
            Ok((last, changes)) => {
                *at = Some(last);
                for c in changes {
                    // No stream open: nobody to tell.
                    let _ = self.feed.send(Arc::new(c));
                }
            }
            Err(e) => eprintln!(
                "kluis-server: live refresh could not read ({})",
                e.code().as_str()
            ),
        }
    }

    /// A new event stream's receiver.
    pub fn changes(&self) -> tokio::sync::broadcast::Receiver<Arc<Change>> {
        self.feed.subscribe()
    }

    /// Whether `window`'s stream may go on while nothing changes (see `tell`).
    pub fn tell_nothing(&self, window: &Window, epoch: u64) -> Option<bool> {
        self.tell_if(window, epoch, |_| false)
    }

    /// Whether `window`'s session may be told of `change`; None when the stream must end (its
    /// session changed since the stream opened at `epoch` or ended, or the device is revoked).
    pub fn tell(&self, window: &Window, epoch: u64, change: &Change) -> Option<bool> {
        self.tell_if(window, epoch, |s| change.visible_to(s))
    }

    fn tell_if(
        &self,
        window: &Window,
        epoch: u64,
        may: impl FnOnce(&Session) -> bool,
    ) -> Option<bool> {
        if window.desk.session_epoch() != epoch
            || self
                .devices
                .get(window.device)
                .is_none_or(|d| d.revoked_at.is_some())
        {
            return None;
        }
        // No session any more (signed out, locked, or disabled at its last request): the
        // stream ends, and the desktop opens a new one after the next sign-in.
        window.desk.peek(may)
    }

    /// Signed-in windows (for `status`).
    pub fn sessions(&self) -> usize {
        self.windows
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .filter(|w| w.desk.signed_in())
            .count()
    }

    /// Ends every session (shutdown).
    pub fn close(&self) {
        let windows: Vec<Arc<Window>> = self
            .windows
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .drain()
            .map(|(_, w)| w)
            .collect();
        for w in windows {
            w.desk.end_session(EndReason::SignOut);
        }
        self.devices.flush();
    }

    /// Locks sessions that idled past their auto-lock time (a timer calls this).
    pub fn lock_idle(&self) {
        let windows: Vec<Arc<Window>> = self
            .windows
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .values()
            .cloned()
            .collect();
        for w in windows {
            w.desk.lock_if_idle();
        }
    }
}

/// The day's work is waited for when the office goes (at shutdown, and at the end of a
/// test): a process must not exit while that thread is inside the database engine, whose
/// crypto library tears itself down at exit (seen as a SIGSEGV at the end of a test binary).
impl Drop for Office {
    fn drop(&mut self) {
        self.wait_for_daily_work();
    }
}

/// End-to-end runs against a server hold a job at its first measurable step while the file
/// `KLUIS_E2E_HOLD_JOBS` names exists (as the desktop does with its own), so its progress and
/// Cancel can be seen from the desktop at a known moment. A release build never does.
fn with_e2e_hold(desk: Desk) -> Desk {
    if cfg!(debug_assertions) && std::env::var_os("KLUIS_E2E_HOLD_JOBS").is_some() {
        desk.with_job_hook(e2e_hold)
    } else {
        desk
    }
}

fn e2e_hold(p: &kluis_core::job::JobProgress, cancel: &std::sync::atomic::AtomicBool) {
    if p.total == 0 || p.done == 0 {
        return;
    }
    let Some(hold) = std::env::var_os("KLUIS_E2E_HOLD_JOBS").map(std::path::PathBuf::from) else {
        return;
    };
    let since = Instant::now();
    while hold.exists()
        && !cancel.load(Ordering::SeqCst)
        && since.elapsed() < std::time::Duration::from_secs(60)
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}
