//! The `kluis-server` command: set up, run and administer the office server. Passwords come
//! from `KLUIS_PASSWORD` or a prompt, never from an argument.
use clap::{Args, Parser, Subcommand};
use kluis_core::clock::SystemClock;
use kluis_core::{KdfParams, Password};
use kluis_server::config::{Config, ServerPaths};
use kluis_server::control::{self, ControlReply, ControlRequest};
use kluis_server::setup::{self, InitRequest};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

#[derive(Parser)]
#[command(
    name = "kluis-server",
    version,
    about = "The Kluis office server: one vault, many desktops."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct Dir {
    /// The server's data folder (vault, certificates, devices).
    #[arg(
        long,
        env = "KLUIS_SERVER_DATA",
        default_value = "/var/lib/kluis-server"
    )]
    data_dir: PathBuf,
}

#[derive(Args, Clone)]
struct Listen {
    /// Where desktops connect (default 0.0.0.0:7443).
    #[arg(long)]
    listen: Option<SocketAddr>,
    /// Where desktops enrol (default 0.0.0.0:7444).
    #[arg(long)]
    enrol_listen: Option<SocketAddr>,
}

#[derive(Subcommand)]
enum Command {
    /// Makes the server's folder: a new vault (or adopts the one in it), the office CA and the
    /// server's certificate. Prints the recovery key once, and the fingerprint desktops check.
    Init {
        #[command(flatten)]
        dir: Dir,
        /// The organisation's name.
        #[arg(long)]
        org: String,
        /// The first administrator's user name (of the existing vault, when adopting one).
        #[arg(long)]
        admin: String,
        #[command(flatten)]
        listen: Listen,
        /// Extra names or addresses for the server's certificate (desktops need none).
        #[arg(long = "name")]
        names: Vec<String>,
    },
    /// Serves the vault. Starts sealed: nothing is served until an administrator unlocks it.
    Run {
        #[command(flatten)]
        dir: Dir,
        #[command(flatten)]
        listen: Listen,
    },
    /// Unlocks the running server (an administrator's password).
    Unlock {
        #[command(flatten)]
        dir: Dir,
        #[arg(long)]
        admin: String,
    },
    /// A one-time code for enrolling a desktop (valid 15 minutes, used once).
    Enrol {
        #[command(flatten)]
        dir: Dir,
        #[arg(long)]
        admin: String,
        #[arg(long)]
        json: bool,
    },
    /// The enrolled desktops.
    Devices {
        #[command(flatten)]
        dir: Dir,
        #[arg(long)]
        admin: String,
        #[arg(long)]
        json: bool,
    },
    /// Revokes a desktop: refused at once, its sessions end.
    Revoke {
        #[command(flatten)]
        dir: Dir,
        #[arg(long)]
        admin: String,
        /// The device's number (see `devices`).
        device: i64,
    },
    /// Unattended restart: seals a credential that lets the server unlock itself after a
    /// restart, into systemd's encrypted credentials (`systemd-creds encrypt`, bound to the
    /// TPM where the host has one). An administrator must allow it in Settings > Security
    /// first. Whoever can read the credential on this host can read the vault without a
    /// password: only for a host you trust as much as the vault.
    Unattended {
        #[command(flatten)]
        dir: Dir,
        #[arg(long)]
        admin: String,
        /// Where the encrypted credential goes (LoadCredentialEncrypted finds it there).
        #[arg(long, default_value = "/etc/credstore.encrypted/kluis-unlock")]
        credstore: PathBuf,
        /// Writes the credential unencrypted to this file instead (a host without
        /// systemd-creds: protect the file yourself).
        #[arg(long, conflicts_with = "credstore")]
        plain: Option<PathBuf>,
        /// Turns unattended restart off: the credential opens nothing any more.
        #[arg(long, conflicts_with_all = ["plain"])]
        off: bool,
    },
    /// Whether the server runs, is sealed, and how many desktops and sessions it has.
    Status {
        #[command(flatten)]
        dir: Dir,
        #[arg(long)]
        json: bool,
    },
}

fn password(prompt: &str) -> Result<Password, String> {
    if let Ok(v) = std::env::var("KLUIS_PASSWORD") {
        if !v.is_empty() {
            return Ok(Password::new(v));
        }
    }
    rpassword::prompt_password(prompt)
        .map(Password::new)
        .map_err(|_| "no password given: set KLUIS_PASSWORD or run in a terminal".to_string())
}

fn paths(dir: &Dir, listen: Option<&Listen>) -> Result<ServerPaths, String> {
    let mut config = Config::load(&dir.data_dir).map_err(|e| e.to_string())?;
    if let Some(l) = listen {
        if let Some(a) = l.listen {
            config.listen = a;
        }
        if let Some(a) = l.enrol_listen {
            config.enrol_listen = a;
        }
    }
    Ok(ServerPaths::new(dir.data_dir.clone(), config))
}

fn ask(dir: &Dir, req: ControlRequest) -> Result<serde_json::Value, String> {
    let p = paths(dir, None)?;
    match control::send(&p.control_socket(), &req)? {
        ControlReply::Ok(v) => Ok(v),
        ControlReply::Err(code) => Err(format!("refused: {code}")),
    }
}

/// Asks the running server as the administrator `admin` (password from KLUIS_PASSWORD or a prompt).
fn ask_as(
    dir: &Dir,
    admin: String,
    request: impl FnOnce(String, String) -> ControlRequest,
) -> Result<serde_json::Value, String> {
    let pw = password(&format!("Password for {admin}: "))?;
    ask(dir, request(admin, pw.expose().to_string()))
}

/// The credential systemd hands the service (`LoadCredentialEncrypted=kluis-unlock`), if any.
const CREDENTIAL: &str = "kluis-unlock";

/// After a restart: unlocks with the host's credential when systemd gave one, else waits for
/// an administrator. Never prints the credential; a refusal is told by its code.
async fn unlock_unattended(office: &Arc<kluis_server::Office>) {
    let file = std::env::var_os("CREDENTIALS_DIRECTORY")
        .map(|d| PathBuf::from(d).join(CREDENTIAL))
        .filter(|f| f.exists());
    let Some(file) = file else {
        eprintln!("kluis-server: sealed until an administrator unlocks it");
        return;
    };
    let o = office.clone();
    let out = tokio::task::spawn_blocking(move || {
        let credential = zeroize::Zeroizing::new(
            std::fs::read_to_string(&file)
                .map_err(|_| "the credential cannot be read".to_string())?,
        );
        o.unlock_unattended(&credential)
            .map_err(|e| format!("refused ({})", e.code.as_str()))
    })
    .await;
    match out {
        Ok(Ok(())) => {}
        Ok(Err(why)) => eprintln!(
            "kluis-server: unattended unlock {why}; sealed until an administrator unlocks it"
        ),
        Err(_) => eprintln!("kluis-server: unattended unlock failed; sealed"),
    }
}

/// Seals the credential with systemd-creds (name bound in, so it only works as `kluis-unlock`).
fn seal_with_systemd(credential: &str, credstore: &std::path::Path) -> Result<(), String> {
    use std::io::Write;
    if let Some(dir) = credstore.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut child = std::process::Command::new("systemd-creds")
        .args(["encrypt", &format!("--name={CREDENTIAL}"), "-"])
        .arg(credstore)
        .stdin(std::process::Stdio::piped())
        .spawn()
        .map_err(|_| {
            "systemd-creds is not available on this host (systemd 250 or later); use --plain FILE \
             and protect the file yourself"
                .to_string()
        })?;
    child
        .stdin
        .take()
        .ok_or("systemd-creds has no input")?
        .write_all(credential.as_bytes())
        .map_err(|e| e.to_string())?;
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("systemd-creds could not encrypt the credential (run as root)".into());
    }
    Ok(())
}

fn run() -> Result<(), String> {
    match Cli::parse().command {
        Command::Init {
            dir,
            org,
            admin,
            listen,
            names,
        } => {
            let pw = password(&format!("Password for {admin}: "))?;
            let p = paths(&dir, Some(&listen))?;
            let mut config = p.config.clone();
            config.names = names;
            let report = setup::init(
                &p,
                InitRequest {
                    org: &org,
                    admin: &admin,
                    password: &pw,
                    config,
                },
                Arc::new(SystemClock),
                KdfParams::recommended(),
            )?;
            if let Some(key) = report.recovery_key {
                println!("Recovery key (shown once; keep it offline): {}", *key);
            }
            println!(
                "CA fingerprint (desktops check it when they enrol): {}",
                report.fingerprint
            );
            println!(
                "Next: kluis-server run --data-dir {}",
                dir.data_dir.display()
            );
            Ok(())
        }
        Command::Run { dir, listen } => {
            let p = paths(&dir, Some(&listen))?;
            let office =
                kluis_server::Office::open(p, Arc::new(SystemClock), KdfParams::recommended())?;
            let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            rt.block_on(async move {
                let running = kluis_server::start(Arc::new(office)).await?;
                eprintln!(
                    "kluis-server: listening on {} (enrolment on {})",
                    running.main_addr, running.enrol_addr
                );
                unlock_unattended(&running.office).await;
                let mut term =
                    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
                        .map_err(|e| e.to_string())?;
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
                eprintln!("kluis-server: stopping");
                running.stop().await;
                Ok::<(), String>(())
            })
        }
        Command::Unlock { dir, admin } => {
            ask_as(&dir, admin, |username, password| ControlRequest::Unlock {
                username,
                password,
            })?;
            println!("Unlocked.");
            Ok(())
        }
        Command::Enrol { dir, admin, json } => {
            let v = ask_as(&dir, admin, |username, password| ControlRequest::Enrol {
                username,
                password,
            })?;
            if json {
                println!("{v}");
            } else {
                let c: control::EnrolCode = serde_json::from_value(v).map_err(|e| e.to_string())?;
                println!(
                    "One-time code: {} (valid {} minutes, once)",
                    c.code, c.valid_minutes
                );
                println!("Fingerprint:   {}", c.fingerprint);
                println!(
                    "On the desktop: Connect to the office's Kluis, this host's address, port {}.",
                    c.port
                );
            }
            Ok(())
        }
        Command::Devices { dir, admin, json } => {
            let v = ask_as(&dir, admin, |username, password| ControlRequest::Devices {
                username,
                password,
            })?;
            if json {
                println!("{v}");
            } else {
                let list: Vec<kluis_server::devices::Device> =
                    serde_json::from_value(v).map_err(|e| e.to_string())?;
                for d in list {
                    println!(
                        "{:>4}  {:<30} {:<10} last seen {}",
                        d.id,
                        d.name,
                        if d.revoked_at.is_some() {
                            "revoked"
                        } else {
                            "active"
                        },
                        d.last_seen.as_deref().unwrap_or("never")
                    );
                }
            }
            Ok(())
        }
        Command::Revoke { dir, admin, device } => {
            ask_as(&dir, admin, |username, password| ControlRequest::Revoke {
                username,
                password,
                device,
            })?;
            println!("Device {device} revoked.");
            Ok(())
        }
        Command::Unattended {
            dir,
            admin,
            credstore,
            plain,
            off,
        } => {
            if off {
                ask_as(&dir, admin, |username, password| {
                    ControlRequest::UnattendedOff { username, password }
                })?;
                println!(
                    "Unattended restart is off: the host's credential opens nothing any more."
                );
                if credstore.exists() {
                    println!("You may delete {}.", credstore.display());
                }
                return Ok(());
            }
            let v = ask_as(&dir, admin, |username, password| {
                ControlRequest::Unattended { username, password }
            })?;
            let credential =
                zeroize::Zeroizing::new(v.as_str().ok_or("no credential came back")?.to_string());
            match plain {
                Some(file) => {
                    kluis_vault::write_atomic(&file, credential.as_bytes(), false)
                        .map_err(|e| format!("{}: {e}", file.display()))?;
                    println!(
                        "Wrote the credential, unencrypted, to {} (readable by its owner only).",
                        file.display()
                    );
                    println!(
                        "Start the server with CREDENTIALS_DIRECTORY set to its folder, the file named {CREDENTIAL}."
                    );
                }
                None => {
                    seal_with_systemd(&credential, &credstore)?;
                    println!("Sealed into {}.", credstore.display());
                    println!(
                        "The kluis-server service loads it (LoadCredentialEncrypted={CREDENTIAL}); after a restart it unlocks itself."
                    );
                }
            }
            println!("Settings > Security shows it; turn it off there or with --off.");
            Ok(())
        }
        Command::Status { dir, json } => {
            let v = match ask(&dir, ControlRequest::Status) {
                Ok(v) => v,
                Err(e) => {
                    if json {
                        println!("{}", serde_json::json!({ "running": false }));
                    } else {
                        println!("Not running: {e}");
                    }
                    return Err(String::new());
                }
            };
            if json {
                let mut v = v;
                v["running"] = serde_json::Value::Bool(true);
                println!("{v}");
            } else {
                let s: control::Status = serde_json::from_value(v).map_err(|e| e.to_string())?;
                println!(
                    "Kluis server {} on {} (enrolment {})",
                    s.version, s.listen, s.enrol_listen
                );
                println!(
                    "{}",
                    if s.sealed {
                        "Sealed: waiting for an administrator to unlock it."
                    } else {
                        "Unlocked."
                    }
                );
                println!(
                    "Devices: {} active, {} revoked; sessions: {}",
                    s.devices, s.revoked, s.sessions
                );
                println!(
                    "Unattended restart: {}",
                    if s.unattended { "on" } else { "off" }
                );
                println!("CA fingerprint: {}", s.fingerprint);
            }
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("kluis-server: {e}");
            }
            ExitCode::FAILURE
        }
    }
}
