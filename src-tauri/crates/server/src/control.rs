//! The host's way into the running server: a Unix socket in the data folder (readable by the
//! service's user only), one JSON request per line and one JSON answer per line. It carries
//! `kluis-server status/unlock/enrol/devices/revoke`; every act but `status` needs an
//! administrator's password, checked by the core like a sign-in.
use crate::devices::Device;
use crate::office::Office;
use kluis_core::EndReason;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::Arc;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};

#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "camelCase")]
pub enum ControlRequest {
    Status,
    Unlock {
        username: String,
        password: String,
    },
    Enrol {
        username: String,
        password: String,
    },
    Devices {
        username: String,
        password: String,
    },
    Revoke {
        username: String,
        password: String,
        device: i64,
    },
    /// Seals the host slot for unattended restart (allowed first in Settings > Security);
    /// answers the credential, for the host's credential store.
    Unattended {
        username: String,
        password: String,
    },
    /// Turns unattended restart off (the host slot goes, the database key is rotated).
    UnattendedOff {
        username: String,
        password: String,
    },
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub version: String,
    pub sealed: bool,
    pub listen: String,
    pub enrol_listen: String,
    pub devices: usize,
    pub revoked: usize,
    pub sessions: usize,
    /// The vault has a host slot: the server unlocks itself after a restart.
    #[serde(default)]
    pub unattended: bool,
    /// The CA fingerprint desktops compare when they enrol.
    pub fingerprint: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrolCode {
    pub code: String,
    pub fingerprint: String,
    pub port: u16,
    pub valid_minutes: u64,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ControlReply {
    Ok(serde_json::Value),
    /// A stable code (the core's error code or the server's refusal).
    Err(String),
}

pub fn status(office: &Office, listen: &str, enrol_listen: &str) -> Status {
    let devices = office.devices.list();
    Status {
        version: env!("CARGO_PKG_VERSION").to_string(),
        sealed: office.sealed(),
        listen: listen.to_string(),
        enrol_listen: enrol_listen.to_string(),
        revoked: devices.iter().filter(|d| d.revoked_at.is_some()).count(),
        devices: devices.iter().filter(|d| d.revoked_at.is_none()).count(),
        sessions: office.sessions(),
        unattended: office.unattended_on_host(),
        fingerprint: kluis_office::pki::fingerprint_of_pem(office.ca_pem())
            .map(|f| f.to_string())
            .unwrap_or_default(),
    }
}

/// Answers one request (blocking: key derivation).
pub fn answer(
    office: &Office,
    req: ControlRequest,
    listen: &str,
    enrol_listen: &str,
) -> ControlReply {
    let ok = |v: serde_json::Value| ControlReply::Ok(v);
    let api = |e: kluis_core::ApiError| ControlReply::Err(e.code.as_str().to_string());
    match req {
        ControlRequest::Status => {
            ok(serde_json::to_value(status(office, listen, enrol_listen)).unwrap_or_default())
        }
        ControlRequest::Unlock { username, password } => {
            match office.unlock(&username, &password) {
                Ok(()) => ok(serde_json::Value::Null),
                Err(e) => api(e),
            }
        }
        ControlRequest::Enrol { username, password } => {
            let s = match office.admin(&username, &password) {
                Ok(s) => s,
                Err(e) => return api(e),
            };
            let out = office.enrol_code(&s);
            s.end(EndReason::SignOut);
            match out {
                Ok(code) => ok(serde_json::to_value(EnrolCode {
                    code,
                    fingerprint: status(office, listen, enrol_listen).fingerprint,
                    port: enrol_listen
                        .rsplit(':')
                        .next()
                        .and_then(|p| p.parse().ok())
                        .unwrap_or(kluis_office::wire::ENROL_PORT),
                    valid_minutes: crate::codes::VALID_FOR.as_secs() / 60,
                })
                .unwrap_or_default()),
                Err(r) => ControlReply::Err(r.code()),
            }
        }
        ControlRequest::Devices { username, password } => {
            match office.admin(&username, &password) {
                Ok(s) => {
                    s.end(EndReason::SignOut);
                    let list: Vec<Device> = office.devices.list();
                    ok(serde_json::to_value(list).unwrap_or_default())
                }
                Err(e) => api(e),
            }
        }
        ControlRequest::Unattended { username, password } => {
            let mut s = match office.admin(&username, &password) {
                Ok(s) => s,
                Err(e) => return api(e),
            };
            let out = kluis_core::unattended::seal(&mut s);
            s.end(EndReason::SignOut);
            match out {
                Ok(credential) => ok(serde_json::Value::String(credential.to_string())),
                Err(e) => api(e.into()),
            }
        }
        ControlRequest::UnattendedOff { username, password } => {
            let mut s = match office.admin(&username, &password) {
                Ok(s) => s,
                Err(e) => return api(e),
            };
            let out = kluis_core::unattended::set_allowed(&mut s, false);
            s.end(EndReason::SignOut);
            match out {
                Ok(_) => ok(serde_json::Value::Null),
                Err(e) => api(e.into()),
            }
        }
        ControlRequest::Revoke {
            username,
            password,
            device,
        } => {
            let s = match office.admin(&username, &password) {
                Ok(s) => s,
                Err(e) => return api(e),
            };
            let out = office.revoke(&s, device);
            s.end(EndReason::SignOut);
            match out {
                Ok(true) => ok(serde_json::Value::Null),
                Ok(false) => ControlReply::Err("device.not_found".into()),
                Err(r) => ControlReply::Err(r.code()),
            }
        }
    }
}

/// Serves the control socket until the process ends.
pub async fn serve(
    office: Arc<Office>,
    path: &Path,
    listen: String,
    enrol_listen: String,
) -> std::io::Result<()> {
    let _ = std::fs::remove_file(path);
    let listener = UnixListener::bind(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    loop {
        let (stream, _) = listener.accept().await?;
        let (office, listen, enrol_listen) = (office.clone(), listen.clone(), enrol_listen.clone());
        tokio::spawn(async move {
            let _ = one(stream, office, listen, enrol_listen).await;
        });
    }
}

async fn one(
    stream: UnixStream,
    office: Arc<Office>,
    listen: String,
    enrol_listen: String,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut line = String::new();
    // One request of bounded size per connection.
    let mut reader = BufReader::new(read).take(64 * 1024);
    use tokio::io::AsyncReadExt as _;
    reader.read_line(&mut line).await?;
    let reply = match serde_json::from_str::<ControlRequest>(&line) {
        Ok(req) => {
            tokio::task::spawn_blocking(move || answer(&office, req, &listen, &enrol_listen))
                .await
                .unwrap_or(ControlReply::Err("server.failed".into()))
        }
        Err(_) => ControlReply::Err("request.malformed".into()),
    };
    let mut out = serde_json::to_vec(&reply).unwrap_or_default();
    out.push(b'\n');
    write.write_all(&out).await
}

/// Sends one request to a running server's control socket (the `kluis-server` subcommands).
pub fn send(path: &Path, req: &ControlRequest) -> Result<ControlReply, String> {
    use std::io::{BufRead, Write};
    let mut stream = std::os::unix::net::UnixStream::connect(path).map_err(|_| {
        "the server is not running (no control socket in the data folder)".to_string()
    })?;
    let mut line = serde_json::to_vec(req).map_err(|e| e.to_string())?;
    line.push(b'\n');
    stream.write_all(&line).map_err(|e| e.to_string())?;
    let mut answer = String::new();
    std::io::BufReader::new(stream)
        .read_line(&mut answer)
        .map_err(|e| e.to_string())?;
    serde_json::from_str(&answer).map_err(|_| "the server's answer could not be read".to_string())
}
