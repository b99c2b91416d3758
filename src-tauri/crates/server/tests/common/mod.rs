//! A server on 127.0.0.1 over a fresh vault (cheap key derivation), and desktops enrolled with
//! it through the real enrolment port.
#![allow(dead_code)]
use kluis_core::clock::SystemClock;
use kluis_core::{EndReason, KdfParams, Password};
use kluis_office::client::{enrol, Connection, Enrolled};
use kluis_office::pki::fingerprint_of_pem;
use kluis_server::config::{Config, ServerPaths};
use kluis_server::setup::{self, InitRequest};
use kluis_server::{Office, Running};
use std::sync::Arc;

pub const ADMIN: &str = "beheer";
pub const PASSWORD: &str = "Kantoor-Sleutel-Zonnebloem-2026";

pub struct Server {
    pub dir: tempfile::TempDir,
    pub running: Running,
}

fn paths(dir: &std::path::Path) -> ServerPaths {
    let config = Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        enrol_listen: "127.0.0.1:0".parse().unwrap(),
        ..Config::default()
    };
    ServerPaths::new(dir.join("server"), config)
}

/// A new server's folder (init), started and, when `unlock`, unlocked by its administrator.
pub async fn server(unlock: bool) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let p = paths(dir.path());
    let pw = Password::new(PASSWORD.to_string());
    setup::init(
        &p,
        InitRequest {
            org: "Bakkerij Jansen",
            admin: ADMIN,
            password: &pw,
            config: p.config.clone(),
        },
        Arc::new(SystemClock),
        KdfParams::fast_for_tests(),
    )
    .unwrap();
    let running = start(&p).await;
    if unlock {
        let o = running.office.clone();
        // The day's work (a backup) done first: a test starts from a quiet server.
        tokio::task::spawn_blocking(move || {
            o.unlock(ADMIN, PASSWORD).unwrap();
            o.wait_for_daily_work();
        })
        .await
        .unwrap();
    }
    Server { dir, running }
}

async fn start(p: &ServerPaths) -> Running {
    let office = Office::open(
        p.clone(),
        Arc::new(SystemClock),
        KdfParams::fast_for_tests(),
    )
    .unwrap();
    kluis_server::start(Arc::new(office)).await.unwrap()
}

impl Server {
    /// Stops the server and starts it again over the same folder (sealed).
    pub async fn restart(self) -> Server {
        let Server { dir, running } = self;
        running.stop().await;
        let running = start(&paths(dir.path())).await;
        Server { dir, running }
    }

    pub fn office(&self) -> Arc<Office> {
        self.running.office.clone()
    }

    /// A one-time code, as the administrator gets it.
    pub async fn code(&self) -> String {
        let o = self.office();
        tokio::task::spawn_blocking(move || {
            let s = o.admin(ADMIN, PASSWORD).unwrap();
            let code = o.enrol_code(&s).unwrap();
            s.end(EndReason::SignOut);
            code
        })
        .await
        .unwrap()
    }

    pub fn fingerprint(&self) -> kluis_office::Fingerprint {
        fingerprint_of_pem(self.running.office.ca_pem()).unwrap()
    }

    /// Enrols a desktop through the enrolment port.
    pub async fn enrol(&self, name: &str) -> Enrolled {
        let code = self.code().await;
        enrol(self.running.enrol_addr, self.fingerprint(), &code, name)
            .await
            .unwrap()
    }

    /// An enrolled desktop's window, connected (hello done).
    pub async fn desktop(&self, name: &str) -> (Enrolled, Connection) {
        let e = self.enrol(name).await;
        let c = self.connect(&e);
        c.hello().await.unwrap();
        (e, c)
    }

    pub fn connect(&self, e: &Enrolled) -> Connection {
        Connection::new(self.running.main_addr, &e.ca_pem, &e.cert_pem, &e.key_pem).unwrap()
    }

    /// What the audit trail says, newest first (read by the administrator).
    pub async fn audit_actions(&self) -> Vec<(String, Option<String>)> {
        let o = self.office();
        tokio::task::spawn_blocking(move || {
            let s = o.admin(ADMIN, PASSWORD).unwrap();
            let rows = kluis_core::verify::audit_page(&s, None, 200).unwrap();
            s.end(EndReason::SignOut);
            rows.into_iter().map(|r| (r.action, r.entity_id)).collect()
        })
        .await
        .unwrap()
    }
}

/// The core's answer, expected to be a success.
pub fn ok(
    a: Result<kluis_office::client::Answer, kluis_office::client::ClientError>,
) -> serde_json::Value {
    match a {
        Ok(Ok(v)) => v,
        Ok(Err(e)) => panic!("the core refused: {e}"),
        Err(e) => panic!("the server refused: {}", e.code()),
    }
}

/// The core's error code, expected to be a refusal by the core.
pub fn core_error(
    a: Result<kluis_office::client::Answer, kluis_office::client::ClientError>,
) -> String {
    match a {
        Ok(Err(e)) => e["code"].as_str().unwrap_or_default().to_string(),
        Ok(Ok(v)) => panic!("expected a refusal, got {v}"),
        Err(e) => panic!("the server refused: {}", e.code()),
    }
}

/// The server's own refusal code.
pub fn refusal(
    a: Result<kluis_office::client::Answer, kluis_office::client::ClientError>,
) -> String {
    match a {
        Err(e) => e.code(),
        Ok(v) => panic!("expected the server to refuse, got {v:?}"),
    }
}

pub fn person(given: &str, family: &str) -> serde_json::Value {
    let email = format!("{}@example.nl", given.to_lowercase());
    serde_json::json!({ "input": kluis_core::testkit::person_input(given, family, &email) })
}

/// How many people a search finds.
pub async fn found(c: &Connection, query: &str) -> usize {
    let hits = ok(c
        .call(
            "search_contacts",
            serde_json::json!({ "query": query, "limit": 50 }),
        )
        .await);
    hits.as_array().map(Vec::len).unwrap_or(0)
}

pub async fn sign_in(c: &Connection, username: &str, password: &str) -> serde_json::Value {
    ok(c.call(
        "sign_in",
        serde_json::json!({ "username": username, "password": password }),
    )
    .await)
}

/// A port nobody listens on now (for a server started as its own process).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
