//! This desktop's connection to the office's Kluis (../shared/design/OFFICE.md). The profile
//! lives in the vault folder's `office/` (the office CA, this computer's certificate and its
//! key, readable by this user only); the session token lives in memory only. While a profile
//! exists, every command but the `local` ones goes to the server (see `ipc`).
use kluis_api::{Link, Reply};
use kluis_core::api_error::ErrorCode;
use kluis_core::dto::office::{ConnectRequest, OfficeStatus};
use kluis_core::error::OfficeFailure;
use kluis_core::CoreError;
use kluis_office::client::{enrol, ClientError, Connection};
use kluis_office::profile::{self, Profile};
use kluis_office::Fingerprint;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

pub struct Remote {
    pub conn: Connection,
    profile: Profile,
}

impl Remote {
    /// What the first screen shows as "where": the server's address.
    pub fn address(&self) -> String {
        self.profile.address()
    }
}

pub struct DesktopLink {
    dir: PathBuf,
    remote: RwLock<Option<Arc<Remote>>>,
    /// Live refresh: who in the window hears the server's changes (the latest window to ask).
    listener: Arc<Mutex<Option<Listener>>>,
    /// Whether a task follows the server's event stream now (one at a time).
    following: Arc<AtomicBool>,
    /// A window asked to follow since the task last opened the stream.
    asked: Arc<AtomicBool>,
    /// Where a long job's progress goes while the command running it on the server waits for
    /// its answer (the server sends it on the event stream).
    job: Arc<Mutex<Option<Listener>>>,
}

/// Hands one change to the window.
pub type Listener = Arc<dyn Fn(serde_json::Value) + Send + Sync>;

/// What a person is told about a failed request to the server.
pub fn failure_of(e: &ClientError) -> OfficeFailure {
    match e {
        ClientError::Unreachable => OfficeFailure::Unreachable,
        ClientError::ConnectionLost => OfficeFailure::ConnectionLost,
        ClientError::Handshake => OfficeFailure::DeviceRefused,
        ClientError::BadAnswer | ClientError::Setup(_) => OfficeFailure::Refused,
        ClientError::Refused(c) => match c.as_str() {
            "server.sealed" => OfficeFailure::Sealed,
            "device.revoked" => OfficeFailure::DeviceRevoked,
            "session.ended" | "session.missing" | "session.foreign" => OfficeFailure::SessionEnded,
            "enrol.code_invalid" => OfficeFailure::CodeInvalid,
            "enrol.too_many" => OfficeFailure::TooManyCodes,
            // Sent again after a broken connection, an export's file did not come back.
            "request.reply_gone" => OfficeFailure::ConnectionLost,
            _ => OfficeFailure::Refused,
        },
    }
}

pub fn failed(f: OfficeFailure) -> kluis_core::ApiError {
    CoreError::Office(f).to_api()
}

fn resolve(host: &str, port: u16) -> Result<SocketAddr, kluis_core::ApiError> {
    profile::resolve(host, port).ok_or_else(|| failed(OfficeFailure::Unreachable))
}

impl DesktopLink {
    /// The link of the vault folder `vault_dir` (connected if it holds a profile).
    pub fn load(vault_dir: &Path) -> DesktopLink {
        let link = DesktopLink {
            dir: profile::dir_of(vault_dir),
            remote: RwLock::new(None),
            listener: Arc::new(Mutex::new(None)),
            following: Arc::new(AtomicBool::new(false)),
            asked: Arc::new(AtomicBool::new(false)),
            job: Arc::new(Mutex::new(None)),
        };
        if let Some(r) = link.read_profile() {
            *link.remote.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(r));
        }
        link
    }

    fn read_profile(&self) -> Option<Remote> {
        let (profile, key) = profile::load(&self.dir)?;
        // An address that does not resolve now may later: connect to the name each time.
        let addr = resolve(&profile.host, profile.port)
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], profile.port)));
        // Files made on the server arrive in a folder of this desktop's own, emptied here
        // first: nothing of an export outlives a crash.
        let downloads =
            profile::fresh_downloads(&self.dir).unwrap_or_else(|_| std::env::temp_dir());
        let conn = Connection::new(addr, &profile.ca_pem, &profile.cert_pem, &key)
            .ok()?
            .with_downloads(downloads);
        Some(Remote { conn, profile })
    }

    /// Live refresh: `tell` hears each change the server sends this window's session. A task
    /// follows the event stream while the session lasts: it opens the stream again when it ends
    /// (the session changed) or the connection drops (after a pause that grows to 15 s), and the
    /// window reloads what it shows after such a gap. It stops when the server knows no session
    /// here or no longer this desktop; the next sign-in asks again.
    pub fn follow(&self, tell: Listener) {
        *self.listener.lock().unwrap_or_else(|p| p.into_inner()) = Some(tell);
        self.asked.store(true, Ordering::SeqCst);
        let Some(remote) = self.remote() else { return };
        if self.following.swap(true, Ordering::SeqCst) {
            // The running task sees `asked` and goes on even if its stream was refused.
            return;
        }
        let (listener, following, asked, job) = (
            self.listener.clone(),
            self.following.clone(),
            self.asked.clone(),
            self.job.clone(),
        );
        tauri::async_runtime::spawn(async move {
            let mut pause = Duration::from_secs(1);
            let mut first = true;
            loop {
                asked.store(false, Ordering::SeqCst);
                let hear = |v: serde_json::Value| {
                    // The stream's first event: after a gap, what the window shows may be old.
                    if v["change"] == "open" && std::mem::take(&mut first) {
                        return;
                    }
                    // A job of this window: its progress, for the dialog that waits for it.
                    if v["topic"] == "job" {
                        let sink = job.lock().unwrap_or_else(|p| p.into_inner()).clone();
                        if let Some(sink) = sink {
                            sink(v["progress"].clone());
                        }
                        return;
                    }
                    let tell = listener.lock().unwrap_or_else(|p| p.into_inner()).clone();
                    if let Some(tell) = tell {
                        tell(v);
                    }
                };
                let ended = remote.conn.events(hear).await;
                first = false;
                match ended {
                    Ok(()) => pause = Duration::from_secs(1),
                    // No session here (signed out, locked, ended) or this desktop revoked: stop,
                    // unless a sign-in asked for the stream meanwhile.
                    Err(ClientError::Refused(code))
                        if code.starts_with("session.") || code.starts_with("device.") =>
                    {
                        if !asked.load(Ordering::SeqCst) {
                            following.store(false, Ordering::SeqCst);
                            // A sign-in between the check and now: go on for it.
                            if !asked.load(Ordering::SeqCst)
                                || following.swap(true, Ordering::SeqCst)
                            {
                                break;
                            }
                        }
                    }
                    Err(_) => {
                        tokio::time::sleep(pause).await;
                        pause = (pause * 2).min(Duration::from_secs(15));
                    }
                }
            }
        });
    }

    /// Where the progress of the job now running on the server goes (None: the command ended).
    pub fn job_progress_to(&self, sink: Option<Listener>) {
        *self.job.lock().unwrap_or_else(|p| p.into_inner()) = sink;
    }

    /// The server connection, when this desktop works with the office's Kluis.
    pub fn remote(&self) -> Option<Arc<Remote>> {
        self.remote
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl Link for DesktopLink {
    fn status(&self) -> OfficeStatus {
        match self.remote() {
            None => OfficeStatus::default(),
            Some(r) => OfficeStatus {
                connected: true,
                address: Some(r.address()),
                device_id: Some(r.profile.device_id.clone()),
                device_name: Some(r.profile.device_name.clone()),
                fingerprint: kluis_office::pki::fingerprint_of_pem(&r.profile.ca_pem)
                    .ok()
                    .map(|f| f.to_string()),
            },
        }
    }

    fn connect(&self, req: &ConnectRequest) -> Reply<OfficeStatus> {
        let invalid = |field: &'static str| {
            CoreError::invalid(field, kluis_core::error::ValidationReason::InvalidFormat).to_api()
        };
        let pin = Fingerprint::parse(&req.fingerprint).map_err(|_| invalid("fingerprint"))?;
        let (host, enrol_port) =
            profile::parse_address(&req.address, kluis_office::wire::ENROL_PORT)
                .ok_or_else(|| invalid("address"))?;
        let name = kluis_core::validate::text("deviceName", &req.device_name, 80)?;
        let addr = resolve(&host, enrol_port)?;
        let enrolled =
            tauri::async_runtime::block_on(enrol(addr, pin, &req.code, &name)).map_err(|e| {
                failed(match e {
                    // The handshake failed before anything was sent: the fingerprint.
                    ClientError::Handshake => OfficeFailure::Fingerprint,
                    other => failure_of(&other),
                })
            })?;
        let profile = Profile {
            host,
            port: enrolled.port,
            device_id: enrolled.device_id,
            device_name: name,
            ca_pem: enrolled.ca_pem,
            cert_pem: enrolled.cert_pem,
        };
        profile::save(&self.dir, &profile, &enrolled.key_pem)
            .map_err(|_| CoreError::Internal("office profile").to_api())?;
        let remote = self
            .read_profile()
            .ok_or_else(|| CoreError::Internal("office profile").to_api())?;
        *self.remote.write().unwrap_or_else(|p| p.into_inner()) = Some(Arc::new(remote));
        Ok(self.status())
    }

    fn leave(&self) -> Reply<OfficeStatus> {
        *self.remote.write().unwrap_or_else(|p| p.into_inner()) = None;
        profile::forget(&self.dir);
        Ok(self.status())
    }

    fn unlock(&self, username: &str, password: &str) -> Reply<()> {
        let remote = self
            .remote()
            .ok_or_else(|| failed(OfficeFailure::OnlyConnected))?;
        match tauri::async_runtime::block_on(remote.conn.unlock(username, password)) {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(e)) => Err(api_error_from(e)),
            Err(e) => Err(failed(failure_of(&e))),
        }
    }
}

/// The core's error as the server sent it, back into the shape the window expects.
pub fn api_error_from(v: serde_json::Value) -> kluis_core::ApiError {
    let code = v["code"].as_str().unwrap_or("internal");
    let code = ErrorCode::ALL
        .iter()
        .copied()
        .find(|c| c.as_str() == code)
        .unwrap_or(ErrorCode::Internal);
    kluis_core::ApiError {
        code,
        message: v["message"].as_str().unwrap_or_default().to_string(),
        details: None,
    }
}
