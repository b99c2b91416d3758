//! `kluis bench --server`: the office server under a busy office. A server on 127.0.0.1 over a
//! vault of `contacts` people; `clients` desktops, each enrolled with its own certificate, its own
//! TLS connection and its own session, work for `seconds`: search keystrokes, list pages and 360°
//! views, and one write in twenty. Printed as JSON; the targets live in the README, not in tests.
use crate::config::{Config, ServerPaths};
use crate::setup::{self, InitRequest};
use crate::Office;
use kluis_core::clock::SystemClock;
use kluis_core::paths::VaultPaths;
use kluis_core::{EndReason, KdfParams, Password, Vault};
use kluis_office::client::{enrol, Connection};
use kluis_office::pki::fingerprint_of_pem;
use serde::Serialize;
use serde_json::json;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

const ADMIN: &str = "bench";

/// When the last write on each person was sent (for the event delivery times).
type Sent = Arc<std::sync::Mutex<std::collections::HashMap<i64, Instant>>>;
const PASSWORD: &str = "Bench-Kantoor-Zonnebloem-2026";
/// People added per transaction while the vault is filled.
const FILL_STEP: u32 = 50_000;

pub struct ServerBenchOptions {
    pub contacts: u32,
    pub clients: usize,
    pub seconds: u64,
    /// Keep the server's folder here and reuse it for the same --contacts.
    pub dir: Option<PathBuf>,
    /// A person's pause between two requests (typing, reading); 0: as fast as the server answers.
    pub think_ms: u64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Percentiles {
    pub count: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerBenchReport {
    pub contacts: u32,
    pub clients: usize,
    pub seconds: u64,
    pub think_ms: u64,
    /// Per kind of request: search keystroke, list page, 360° view, write.
    pub search: Percentiles,
    pub list: Percentiles,
    pub view: Percentiles,
    pub write: Percentiles,
    pub reads_p95_ms: f64,
    pub writes_p95_ms: f64,
    /// From sending a write to its change event reaching each desktop's open event stream.
    pub events: Percentiles,
    pub event_p95_ms: f64,
    pub requests_per_sec: f64,
    /// Requests the server refused or that failed (should be 0).
    pub failures: usize,
    /// The process's peak resident memory (server and the benchmark's clients together).
    pub peak_rss_mb: f64,
    /// Enrolling and signing in all clients before the timed part.
    pub setup_secs: f64,
    /// How long the day's work started at unlock (retention, the daily backup) ran before the
    /// measurement began; 0 when it had already been done today.
    pub daily_work_secs: f64,
    pub reused_vault: bool,
}

fn percentiles(mut v: Vec<f64>) -> Percentiles {
    v.sort_by(f64::total_cmp);
    let at = |q: f64| {
        if v.is_empty() {
            return 0.0;
        }
        let i = ((v.len() as f64 - 1.0) * q).round() as usize;
        (v[i] * 100.0).round() / 100.0
    };
    Percentiles {
        count: v.len(),
        p50_ms: at(0.50),
        p95_ms: at(0.95),
        p99_ms: at(0.99),
    }
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| (kb / 1024.0).round())
        .unwrap_or(0.0)
}

/// The password of bench user `bench{n}` (each desktop signs in as its own person, as in an
/// office; one shared user would also meet the sign-in throttle).
fn user_password(n: usize) -> String {
    format!("Bench-Medewerker-{n}-Zonnebloem")
}

/// Makes sure users bench0..bench{clients-1} exist with their own passwords.
fn ensure_users(paths: &ServerPaths, clients: usize) -> Result<(), String> {
    let marker = paths.data_dir.join("bench-users");
    let have: usize = std::fs::read_to_string(&marker)
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    if have >= clients {
        return Ok(());
    }
    let code = |e: kluis_core::CoreError| e.code().as_str().to_string();
    let vault = Vault::open(
        VaultPaths::new(paths.vault()),
        Arc::new(SystemClock),
        KdfParams::recommended(),
    )
    .map_err(code)?;
    let mut admin = vault
        .sign_in(ADMIN, &Password::new(PASSWORD.to_string()))
        .map_err(code)?;
    let initial = Password::new("Eerste-Wachtwoord-Voor-Bench-2026".to_string());
    for n in have..clients {
        kluis_core::user_admin::add(
            &mut admin,
            &kluis_core::dto::NewUserRequest {
                username: format!("bench{n}"),
                display_name: format!("Bench {n}"),
                roles: vec![kluis_core::access::ROLE_USER.to_string()],
                initial_password: initial.clone(),
            },
        )
        .map_err(code)?;
    }
    admin.end(EndReason::SignOut);
    // Each sets their own password (the initial one must be changed before working).
    for n in have..clients {
        let mut s = vault
            .sign_in(&format!("bench{n}"), &initial)
            .map_err(code)?;
        kluis_core::account::change_password(&mut s, &initial, &Password::new(user_password(n)))
            .map_err(code)?;
        s.end(EndReason::SignOut);
    }
    std::fs::write(&marker, clients.to_string()).map_err(|e| e.to_string())
}

/// The server's folder with a vault of `contacts` people (made once, then reused).
fn prepare(data: &std::path::Path, contacts: u32) -> Result<(ServerPaths, bool), String> {
    let config = Config {
        listen: "127.0.0.1:0".parse().map_err(|_| "address")?,
        enrol_listen: "127.0.0.1:0".parse().map_err(|_| "address")?,
        ..Config::default()
    };
    let paths = ServerPaths::new(data.to_path_buf(), config.clone());
    let marker = data.join("bench-contacts");
    if paths.ca_cert().exists()
        && std::fs::read_to_string(&marker).is_ok_and(|n| n.trim() == contacts.to_string())
    {
        return Ok((paths, true));
    }
    let _ = std::fs::remove_dir_all(data);
    let pw = Password::new(PASSWORD.to_string());
    setup::init(
        &paths,
        InitRequest {
            org: "Bench",
            admin: ADMIN,
            password: &pw,
            config,
        },
        Arc::new(SystemClock),
        KdfParams::recommended(),
    )?;
    let vault = Vault::open(
        VaultPaths::new(paths.vault()),
        Arc::new(SystemClock),
        KdfParams::recommended(),
    )
    .map_err(|e| e.code().as_str().to_string())?;
    let s = vault
        .sign_in(ADMIN, &pw)
        .map_err(|e| e.code().as_str().to_string())?;
    let mut left = contacts;
    while left > 0 {
        let n = left.min(FILL_STEP);
        kluis_core::demo::fill(&s, n).map_err(|e| e.code().as_str().to_string())?;
        left -= n;
    }
    s.end(EndReason::SignOut);
    std::fs::write(&marker, contacts.to_string()).map_err(|e| e.to_string())?;
    Ok((paths, false))
}

#[derive(Clone, Copy)]
enum Kind {
    Search,
    List,
    View,
    Write,
}

pub fn run(opts: &ServerBenchOptions) -> Result<ServerBenchReport, String> {
    let temp;
    let base = match &opts.dir {
        Some(d) => d.clone(),
        None => {
            temp = tempfile::tempdir().map_err(|e| e.to_string())?;
            temp.path().to_path_buf()
        }
    };
    let (paths, reused) = prepare(
        &base.join(format!("server-{}", opts.contacts)),
        opts.contacts,
    )?;
    ensure_users(&paths, opts_clients(opts))?;
    let rt = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let office = Arc::new(Office::open(
            paths,
            Arc::new(SystemClock),
            KdfParams::recommended(),
        )?);
        let running = crate::start(office.clone()).await?;
        let setup_started = Instant::now();
        let o = office.clone();
        let clients = opts_clients(opts);
        let o2 = o.clone();
        tokio::task::spawn_blocking(move || o2.unlock(ADMIN, PASSWORD))
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.code.as_str().to_string())?;
        // The measurement is of a working day, not of the day's backup.
        let daily_started = Instant::now();
        let o3 = o.clone();
        tokio::task::spawn_blocking(move || o3.wait_for_daily_work())
            .await
            .map_err(|e| e.to_string())?;
        let daily_work_secs = daily_started.elapsed().as_secs_f64();
        let pin = fingerprint_of_pem(office.ca_pem()).map_err(|e| e.to_string())?;
        let mut desks = Vec::new();
        // Codes a few at a time: the server keeps at most 20 waiting.
        while desks.len() < clients {
            let batch = (clients - desks.len()).min(10);
            let o = o.clone();
            let codes = tokio::task::spawn_blocking(move || -> Result<Vec<String>, String> {
                let s = o
                    .admin(ADMIN, PASSWORD)
                    .map_err(|e| e.code.as_str().to_string())?;
                let codes = (0..batch)
                    .map(|_| o.enrol_code(&s))
                    .collect::<Result<Vec<_>, _>>();
                s.end(EndReason::SignOut);
                codes.map_err(|r| r.code())
            })
            .await
            .map_err(|e| e.to_string())??;
            for code in codes {
                let n = desks.len();
                let e = enrol(running.enrol_addr, pin, &code, &format!("Bench {n}"))
                    .await
                    .map_err(|e| e.code())?;
                let c = Connection::new(running.main_addr, &e.ca_pem, &e.cert_pem, &e.key_pem)
                    .map_err(|e| e.code())?;
                c.hello().await.map_err(|e| e.code())?;
                desks.push(Arc::new(c));
            }
        }
        // Signing in: a key derivation each, a few at once (as the server allows).
        let mut signing = Vec::new();
        for (n, c) in desks.iter().enumerate() {
            let c = c.clone();
            signing.push(tokio::spawn(async move {
                c.call(
                    "sign_in",
                    json!({ "username": format!("bench{n}"), "password": user_password(n) }),
                )
                .await
            }));
        }
        for s in signing {
            match s.await.map_err(|e| e.to_string())? {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => {
                    return Err(format!("a bench client could not sign in: {}", e["code"]))
                }
                Err(e) => return Err(format!("a bench client could not sign in: {}", e.code())),
            }
        }
        // People to open: a page of ids from the list.
        let page = desks[0]
            .call(
                "persons_list",
                json!({ "query": { "sort": "family_name", "descending": false, "after": null,
                    "limit": 500, "tag": null, "ownerId": null, "organisationId": null } }),
            )
            .await
            .map_err(|e| e.code())?
            .map_err(|e| e.to_string())?;
        let ids: Arc<Vec<i64>> = Arc::new(
            page["rows"]
                .as_array()
                .map(|r| r.iter().filter_map(|p| p["id"].as_i64()).collect())
                .unwrap_or_default(),
        );
        if ids.is_empty() {
            return Err("the bench vault has no people".into());
        }
        let setup_secs = setup_started.elapsed().as_secs_f64();
        let deadline = Instant::now() + Duration::from_secs(opts.seconds);
        // Every desktop follows its event stream, as the app does; a write's note says when it
        // was sent, and each desktop that hears of it adds one delivery time.
        let sent: Sent = Arc::new(std::sync::Mutex::new(std::collections::HashMap::new()));
        let heard = Arc::new(std::sync::Mutex::new(Vec::<f64>::new()));
        let mut followers = Vec::new();
        for c in &desks {
            let (c, sent, heard) = (c.clone(), sent.clone(), heard.clone());
            let until = deadline + Duration::from_secs(1);
            followers.push(tokio::spawn(async move {
                let follow = c.events(|v| {
                    if v["change"] != "timeline.added" {
                        return;
                    }
                    let at = v["id"].as_i64().and_then(|id| {
                        sent.lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .get(&id)
                            .copied()
                    });
                    if let Some(at) = at {
                        let ms = at.elapsed().as_secs_f64() * 1000.0;
                        heard.lock().unwrap_or_else(|p| p.into_inner()).push(ms);
                    }
                });
                let _ = tokio::time::timeout_at(until.into(), follow).await;
            }));
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut tasks = Vec::new();
        for (n, c) in desks.iter().enumerate() {
            let (c, ids, sent) = (c.clone(), ids.clone(), sent.clone());
            let think = Duration::from_millis(opts.think_ms);
            tasks.push(tokio::spawn(async move {
                client(n, &c, &ids, &sent, deadline, think).await
            }));
        }
        let mut by_kind: [Vec<f64>; 4] = Default::default();
        let mut failures = 0;
        for t in tasks {
            let (samples, failed) = t.await.map_err(|e| e.to_string())?;
            failures += failed;
            for (k, ms) in samples {
                by_kind[k as usize].push(ms);
            }
        }
        for f in followers {
            let _ = f.await;
        }
        let events = percentiles(std::mem::take(
            &mut *heard.lock().unwrap_or_else(|p| p.into_inner()),
        ));
        let total: usize = by_kind.iter().map(Vec::len).sum();
        let reads: Vec<f64> = by_kind[..3].iter().flatten().copied().collect();
        let [search, list, view, write] = by_kind;
        let report = ServerBenchReport {
            contacts: opts.contacts,
            clients: opts.clients,
            seconds: opts.seconds,
            think_ms: opts.think_ms,
            reads_p95_ms: percentiles(reads).p95_ms,
            writes_p95_ms: percentiles(write.clone()).p95_ms,
            search: percentiles(search),
            list: percentiles(list),
            view: percentiles(view),
            write: percentiles(write),
            event_p95_ms: events.p95_ms,
            events,
            requests_per_sec: (total as f64 / opts.seconds as f64).round(),
            failures,
            peak_rss_mb: peak_rss_mb(),
            setup_secs: (setup_secs * 10.0).round() / 10.0,
            daily_work_secs: (daily_work_secs * 10.0).round() / 10.0,
            reused_vault: reused,
        };
        drop(desks);
        running.stop().await;
        Ok(report)
    })
}

fn opts_clients(opts: &ServerBenchOptions) -> usize {
    opts.clients.max(1)
}

/// Names people type, letter by letter (frequent Dutch family names and given names).
const TYPED: &[&str] = &[
    "jansen", "de vries", "bakker", "visser", "smit", "anna", "mohammed", "sanne",
];

/// One desktop's work until the deadline: (kind, milliseconds) per request, and failures.
async fn client(
    n: usize,
    c: &Connection,
    ids: &[i64],
    sent: &Sent,
    deadline: Instant,
    think: Duration,
) -> (Vec<(Kind, f64)>, usize) {
    let mut out = Vec::new();
    let mut failures = 0;
    let mut i = n * 7;
    while Instant::now() < deadline {
        i += 1;
        let (kind, name, args) = if i.is_multiple_of(20) {
            let id = ids[i % ids.len()];
            sent.lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(id, Instant::now());
            (
                Kind::Write,
                "timeline_add",
                json!({ "personId": id, "input": { "kind": "note", "occurredAt": null, "body": "Gebeld over de offerte" } }),
            )
        } else {
            match i % 3 {
                0 => {
                    let word = TYPED[(i / 3) % TYPED.len()];
                    let len = 2 + (i / 24) % (word.len() - 1);
                    (
                        Kind::Search,
                        "search_contacts",
                        json!({ "query": &word[..len.min(word.len())], "limit": 20 }),
                    )
                }
                1 => (
                    Kind::List,
                    "persons_list",
                    json!({ "query": { "sort": "family_name", "descending": false, "after": null,
                        "offset": (i * 7919) % 5000, "limit": 50, "tag": null, "ownerId": null,
                        "organisationId": null } }),
                ),
                _ => (
                    Kind::View,
                    "person_view",
                    json!({ "id": ids[(i * 31) % ids.len()] }),
                ),
            }
        };
        let t = Instant::now();
        // As a desktop sends it: numbered, so a broken connection never saves twice.
        let ok = matches!(c.call_once(name, args, None).await, Ok((Ok(_), _)));
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        if ok {
            out.push((kind, ms));
        } else {
            failures += 1;
        }
        if !think.is_zero() {
            // Spread out, so the desktops do not pause in step.
            let jitter = (i as u64 * 7919) % (think.as_millis() as u64 + 1);
            tokio::time::sleep(think / 2 + Duration::from_millis(jitter)).await;
        }
    }
    (out, failures)
}
