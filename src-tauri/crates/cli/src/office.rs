//! The CLI with the office's Kluis: enrolling this computer (`kluis connect`) and, with
//! `--server`, running commands there as one more window of this computer's device. The
//! enrolment lives in the vault folder's `office/`, shared with the desktop app; the session
//! token lives in this process only and ends with it (signed out at the end of each run).
use crate::args::ConnectArgs;
use crate::Failure;
use kluis_office::client::{enrol, Answer, ClientError, Connection, MadeFile};
use kluis_office::profile::{self, Profile};
use kluis_office::Fingerprint;
use serde_json::{json, Value};
use std::path::Path;

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|_| Failure::Office("no network runtime could be started".into()))
}

/// What a person is told when the server could not answer (never a server's own text).
fn failure(e: &ClientError) -> Failure {
    Failure::Office(match e {
        ClientError::Refused(code) => match code.as_str() {
            "server.sealed" => {
                "the office server is sealed: an administrator unlocks it (Settings on a desktop, or `kluis-server unlock` on the host)".into()
            }
            "device.revoked" => {
                "this computer was revoked by an administrator: `kluis disconnect`, then connect again with a new code".into()
            }
            "enrol.code_invalid" => "the code is wrong, used or expired: ask for a new one".into(),
            "enrol.too_many" => "too many codes were tried: wait a few minutes".into(),
            other => format!("refused by the office server ({other})"),
        },
        ClientError::Handshake => {
            "the office server refused this computer's certificate (revoked, or another office)".into()
        }
        ClientError::ConnectionLost => {
            "the connection to the office server broke and did not come back: whether the command was done is not known; run it again, unchanged, and it is done at most once".into()
        }
        other => other.to_string(),
    })
}

/// `kluis connect`: enrols this computer and keeps the profile beside the vault folder.
pub fn connect(vault_dir: &Path, a: ConnectArgs) -> Result<(), Failure> {
    let pin = Fingerprint::parse(&a.fingerprint).map_err(|_| {
        Failure::Usage("--fingerprint is not a fingerprint as Kluis shows it".into())
    })?;
    let (host, port) = profile::parse_address(&a.address, kluis_office::wire::ENROL_PORT)
        .ok_or_else(|| Failure::Usage("--address is not an address (host or host:port)".into()))?;
    let name: String = a.name.trim().chars().take(80).collect();
    let addr = profile::resolve(&host, port)
        .ok_or_else(|| Failure::Office(format!("{host} cannot be found on the network")))?;
    let enrolled = runtime()?
        .block_on(enrol(addr, pin, &a.code, &name))
        .map_err(|e| match e {
            // Nothing was sent: the server is not the one whose fingerprint was given.
            ClientError::Handshake => Failure::Office(
                "the server's fingerprint is not the one given: nothing was sent".into(),
            ),
            other => failure(&other),
        })?;
    let p = Profile {
        host,
        port: enrolled.port,
        device_id: enrolled.device_id,
        device_name: name,
        ca_pem: enrolled.ca_pem,
        cert_pem: enrolled.cert_pem,
    };
    profile::save(&profile::dir_of(vault_dir), &p, &enrolled.key_pem)
        .map_err(|e| Failure::Office(format!("the connection could not be kept: {e}")))?;
    println!(
        "Connected to the office's Kluis at {} as device {} ({}).",
        p.address(),
        p.device_id,
        p.device_name
    );
    Ok(())
}

/// `kluis disconnect`.
pub fn disconnect(vault_dir: &Path) -> Result<(), Failure> {
    let dir = profile::dir_of(vault_dir);
    match profile::load(&dir) {
        None => println!("This computer is not connected to an office's Kluis."),
        Some((p, _)) => {
            profile::forget(&dir);
            println!(
                "Forgot the office's Kluis at {} (an administrator can revoke device {} there).",
                p.address(),
                p.device_id
            );
        }
    }
    Ok(())
}

/// Whether this computer is connected (the address), for telling a person to add --server.
pub fn connected_to(vault_dir: &Path) -> Option<String> {
    profile::load(&profile::dir_of(vault_dir)).map(|(p, _)| p.address())
}

/// A window on the office's Kluis for the length of one run.
pub struct Remote {
    conn: Connection,
    rt: tokio::runtime::Runtime,
}

impl Remote {
    pub fn open(vault_dir: &Path) -> Result<Remote, Failure> {
        let (p, key) = profile::load(&profile::dir_of(vault_dir)).ok_or_else(|| {
            Failure::Usage(
                "this computer is not connected to an office's Kluis: run `kluis connect` first"
                    .into(),
            )
        })?;
        let addr = profile::resolve(&p.host, p.port)
            .ok_or_else(|| Failure::Office(format!("{} cannot be found on the network", p.host)))?;
        let conn = Connection::new(addr, &p.ca_pem, &p.cert_pem, &key).map_err(|e| failure(&e))?;
        let rt = runtime()?;
        rt.block_on(conn.hello()).map_err(|e| failure(&e))?;
        Ok(Remote { conn, rt })
    }

    fn answered(&self, a: Result<Answer, ClientError>) -> Result<Value, Failure> {
        match a {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(Failure::Api(crate::remote_error(&e))),
            Err(e) => Err(failure(&e)),
        }
    }

    pub fn sign_in(&self, username: &str, password: &str) -> Result<(), Failure> {
        let a = self.rt.block_on(self.conn.call(
            "sign_in",
            json!({ "username": username, "password": password }),
        ));
        self.answered(a).map(|_| ())
    }

    /// Runs one command: with a file's bytes as its body when it takes one; a file it makes
    /// comes back with the answer.
    pub fn call(
        &self,
        name: &str,
        args: Value,
        file: Option<Vec<u8>>,
    ) -> Result<(Value, Option<MadeFile>), Failure> {
        // Done at most once, even when the connection breaks on the way (see `call_once`).
        let (answer, made) = match self.rt.block_on(self.conn.call_once(name, args, file)) {
            Ok((a, made)) => (Ok(a), made),
            Err(e) => (Err(e), None),
        };
        Ok((self.answered(answer)?, made))
    }

    /// Signs out (the token dies with it); a failure here changes nothing for the person.
    pub fn sign_out(&self) {
        let _ = self.rt.block_on(self.conn.call("sign_out", Value::Null));
    }
}
