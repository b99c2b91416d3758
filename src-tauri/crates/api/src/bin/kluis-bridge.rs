//! The UI test bridge (dev only, never shipped): the command table served over HTTP on
//! 127.0.0.1, so the UI's tests run against the real core instead of a second implementation
//! of its rules. Key derivation is the test kind (a release build refuses the feature).
//!
//! - `POST /vaults` `{"preset": "fresh" | "seeded", "problem"?}`: a new vault folder of its own;
//!   "seeded" is the authorisation test's vault (a user per built-in role, data of every
//!   category). Answers `{"id", "users": {role: username}, "password", "initialPassword",
//!   "ids", "recoveryKey"}` (the spare users `adminmarker` and `spare_gone` still have the
//!   initial password).
//!   `problem` damages a seeded vault's folder the way a person meets it before the window
//!   opens it: "key_file_missing" (kluis.keys gone), "key_file_corrupt" (kluis.keys cut short),
//!   "database_unreadable" (kluis.db's first page overwritten), "in_use" (another window holds
//!   the folder).
//! - `POST /vaults/{id}/{command}[?call=TOKEN]`: JSON arguments, or a file's bytes as
//!   `application/octet-stream`. Answers `{"ok": result}` or `{"err": {code, message, details}}`,
//!   with `"progress"`: the reports sent while it ran. With a TOKEN, the reports can be heard
//!   while it runs:
//! - `GET /vaults/{id}/progress/{TOKEN}?from=N`: waits (up to 10 s) until the call has sent more
//!   than N reports or ended; answers `{"events": reports from the N-th on, "ended"}`.
//! - `POST /vaults/{id}/hold` `{"on": bool}`: while on, every progress report (a backup, drill,
//!   restore, retention run, sign-out backup or import) waits after it is sent, until a step,
//!   hold off, or a cancel of that job (`jobCancel`, `importCancel`); at most a minute.
//! - `GET /vaults/{id}/held`: waits (up to 10 s) until a job is held; answers `{"held",
//!   "reports": how many the vault's jobs sent, "last": the last report}`.
//! - `POST /vaults/{id}/step`: once a job is held, lets it go on by one report, and answers (as
//!   `held`, with `"ended"`) once it has sent the next one or its call has ended.
//! - `POST /vaults/{id}/clock` `{"days": n, "minutes"?: m}`: moves the vault's clock on (the
//!   system's, shifted; time still passes); the signed-in session stays open, as if its person
//!   had been active all along.
//! - `POST /vaults/{id}/tamper` `{"what", "n"}`: changes the open vault behind the app's back,
//!   as someone with access to its folder (or its key) could: "key_file" (cut short),
//!   "key_slot_altered" (one user slot's MAC changed), "key_slots_legacy" (`n` user slots marked
//!   as from before authenticated slots), "anchors_file" (a byte changed), "db_page" (bytes of
//!   page `n` of kluis.db changed), "breaches_page" (the breaches table's page changed), and in the database (see `testkit::tamper`) "audit_entry",
//!   "audit_entry_undone", "audit_tail", "consent_entry".
//! - `POST /vaults/{id}/dialogs` `{"folder"?, "file"?}`: what the folder dialog and the open
//!   dialog answer from now on: a path inside the vault's folder, or null (closed). At first the
//!   folder dialog answers `backups` (an empty folder) and the open dialog is closed; a save
//!   dialog always answers a new `saved/save-N`.
//! - `POST /vaults/{id}/backup-file` `{"op", "file", "from"?, "to"?}`: a backup file (a path
//!   inside the vault's folder, e.g. `backups/NAME`) as a person could meet it: "forge" (its
//!   header's kind changed, so it no longer authenticates), "old_format" (its header says format
//!   version 1), "cut" (cut short), "take" (copied from vault `from`'s `file` to this one's),
//!   "copy" (copied to `to`, e.g. onto a "stick").
//! - `DELETE /vaults/{id}/other`: closes the other window that holds the folder ("in_use").
//! - `DELETE /vaults/{id}`: closes and removes it.
//!
//! Prints `listening on 127.0.0.1:PORT` first; stops when its standard input closes (the test
//! run that started it ended).
use kluis_api::{Call, Desk, DialogTargets, Host, Later};
use kluis_core::paths::VaultPaths;
use kluis_core::testkit::{self, ShiftedClock, OWN_PASSWORD};
use kluis_core::KdfParams;
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// How long a long poll waits before answering with what it has.
const POLL: Duration = Duration::from_secs(10);
/// How long a held job waits for a step at most (a test that stopped must not hang the bridge).
const HOLD: Duration = Duration::from_secs(60);

struct Bridge {
    root: tempfile::TempDir,
    /// The seeded vault, made once and copied for each "seeded" vault.
    template: Mutex<Option<(PathBuf, Value, String)>>,
    vaults: Mutex<HashMap<String, Arc<TestVault>>>,
    /// Other windows' desks holding a vault folder (the "in_use" problem).
    holders: Mutex<HashMap<String, Desk>>,
    /// The reports of calls made with a token, by "vault/token".
    live: Mutex<HashMap<String, Arc<Live>>>,
    next: Mutex<u64>,
    calls: AtomicU64,
}

struct TestVault {
    dir: PathBuf,
    /// What the folder dialog and the open dialog answer (None: closed).
    dialogs: Mutex<(Option<PathBuf>, Option<PathBuf>)>,
    desk: Desk,
    clock: Arc<ShiftedClock>,
    jobs: Gate,
}

/// Waits on a condition of `T` for at most `limit`; answers the guard either way.
fn wait_until<'a, T>(
    cv: &Condvar,
    mut guard: MutexGuard<'a, T>,
    limit: Duration,
    done: impl Fn(&T) -> bool,
) -> MutexGuard<'a, T> {
    let end = Instant::now() + limit;
    while !done(&guard) {
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        guard = cv.wait_timeout(guard, left).unwrap().0;
    }
    guard
}

/// The reports one call sent so far, and whether it ended.
#[derive(Default)]
struct Live {
    state: Mutex<(Vec<Value>, bool)>,
    cv: Condvar,
}

/// Holding a vault's jobs after each report, so a test sees their progress and Cancel.
#[derive(Default)]
struct Gate {
    state: Mutex<GateState>,
    cv: Condvar,
}

#[derive(Default)]
struct GateState {
    hold: bool,
    /// The call whose report waits now.
    held: Option<u64>,
    /// Steps granted to the held call.
    steps: u32,
    /// Calls of this vault in flight, and those asked to stop (they wait no more).
    running: HashSet<u64>,
    cancelled: HashSet<u64>,
    reports: usize,
    last: Value,
}

impl Gate {
    fn lock(&self) -> MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A report of call `n`: counted, then (holding) waits for a step, hold off or a cancel.
    fn report(&self, n: u64, v: &Value) {
        let mut st = self.lock();
        st.reports += 1;
        st.last = v.clone();
        if st.hold && !st.cancelled.contains(&n) {
            st.held = Some(n);
            self.cv.notify_all();
            st = wait_until(&self.cv, st, HOLD, |st| {
                !st.hold || st.steps > 0 || st.cancelled.contains(&n)
            });
            st.steps = st.steps.saturating_sub(1);
            st.held = None;
        }
        self.cv.notify_all();
    }

    fn answer(st: &GateState) -> Value {
        json!({ "held": st.held.is_some(), "reports": st.reports, "last": st.last })
    }
}

/// The host of a bridge call: dialogs answered in advance (the save dialog by the desk's
/// targets, the others by the vault's `dialogs`), work after the reply run when the call is done.
#[derive(Default)]
struct TestHost {
    later: Mutex<Vec<Later>>,
    folder: Option<PathBuf>,
    file: Option<PathBuf>,
}

impl Host for TestHost {
    fn save_file(&self, _: &str, _: &str, _: &str) -> Option<PathBuf> {
        None
    }
    fn pick_folder(&self) -> Option<PathBuf> {
        self.folder.clone()
    }
    fn pick_file(&self, _: &str, _: &str) -> Option<PathBuf> {
        self.file.clone()
    }
    fn after_reply(&self, work: Later) {
        self.later.lock().unwrap().push(work);
    }
}

/// Damages a closed vault folder as `problem` says (see the header).
fn damage(dir: &Path, problem: &str) -> Result<(), String> {
    let paths = VaultPaths::new(dir);
    let io = |e: std::io::Error| e.to_string();
    match problem {
        "key_file_missing" => std::fs::remove_file(paths.keys()).map_err(io),
        "key_file_corrupt" => {
            let keys = std::fs::read(paths.keys()).map_err(io)?;
            std::fs::write(paths.keys(), &keys[..keys.len() / 2]).map_err(io)
        }
        "database_unreadable" => {
            let mut db = std::fs::read(paths.db()).map_err(io)?;
            let page = db.len().min(4096);
            db[..page].fill(0);
            std::fs::write(paths.db(), db).map_err(io)
        }
        other => Err(format!("no problem {other}")),
    }
}

impl Bridge {
    fn new_vault(&self, preset: &str, problem: Option<&str>) -> Result<Value, String> {
        let id = {
            let mut n = self.next.lock().unwrap();
            *n += 1;
            format!("v{n}")
        };
        let dir = self.root.path().join(&id);
        let mut info = json!({
            "id": id,
            "password": OWN_PASSWORD,
            "initialPassword": testkit::INITIAL_PASSWORD,
        });
        match preset {
            "fresh" => std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?,
            "seeded" => {
                let (template, ids, recovery_key) = self.template();
                testkit::copy_vault(&template, &dir);
                info["ids"] = ids;
                info["recoveryKey"] = json!(recovery_key);
                info["users"] = kluis_core::access::BUILTIN_ROLES
                    .iter()
                    .map(|r| (r.to_string(), json!(testkit::user_for(r))))
                    .collect::<serde_json::Map<_, _>>()
                    .into();
            }
            other => return Err(format!("no preset {other}")),
        }
        match problem {
            None => {}
            Some("in_use") => {
                let other = Desk::open(VaultPaths::new(&dir), KdfParams::fast_for_tests());
                self.holders.lock().unwrap().insert(id.clone(), other);
            }
            Some(problem) => damage(&dir, problem)?,
        }
        let clock = Arc::new(ShiftedClock::default());
        let desk = Desk::open_with_clock(
            VaultPaths::new(&dir),
            clock.clone(),
            KdfParams::fast_for_tests(),
        )
        .with_targets(DialogTargets {
            save: Some(dir.join("saved")),
            numbered: true,
            folder: None,
        });
        std::fs::create_dir_all(dir.join("backups")).map_err(|e| e.to_string())?;
        let vault = TestVault {
            dialogs: Mutex::new((Some(dir.join("backups")), None)),
            dir,
            desk,
            clock,
            jobs: Gate::default(),
        };
        self.vaults.lock().unwrap().insert(id, Arc::new(vault));
        Ok(info)
    }

    fn template(&self) -> (PathBuf, Value, String) {
        let mut t = self.template.lock().unwrap();
        t.get_or_insert_with(|| {
            let dir = self.root.path().join("template");
            let ids = testkit::seed(&dir);
            (dir, ids_json(&ids), ids.recovery_key)
        })
        .clone()
    }

    fn vault(&self, id: &str) -> Option<Arc<TestVault>> {
        self.vaults.lock().unwrap().get(id).cloned()
    }

    fn live(&self, id: &str, token: &str) -> Arc<Live> {
        self.live
            .lock()
            .unwrap()
            .entry(format!("{id}/{token}"))
            .or_default()
            .clone()
    }

    fn call(
        &self,
        id: &str,
        command: &str,
        args: Value,
        raw: Option<Vec<u8>>,
        token: Option<&str>,
    ) -> Value {
        let Some(vault) = self.vault(id) else {
            return json!({ "err": { "code": "record.not_found", "message": "no such test vault", "details": null } });
        };
        let (desk, gate) = (&vault.desk, &vault.jobs);
        let live = token.map(|t| self.live(id, t));
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        gate.lock().running.insert(n);
        let (folder, file) = vault.dialogs.lock().unwrap().clone();
        let host = TestHost {
            later: Mutex::default(),
            folder,
            file,
        };
        let progress = Mutex::new(Vec::new());
        let report = |v: Value| {
            progress.lock().unwrap().push(v.clone());
            if let Some(live) = &live {
                live.state.lock().unwrap().0.push(v.clone());
                live.cv.notify_all();
            }
            gate.report(n, &v);
        };
        let reply = {
            let call = Call::new(desk, &host, &report, raw);
            kluis_api::dispatch(&call, command, args)
        };
        if matches!(command, "job_cancel" | "import_cancel") {
            // The running job was told to stop: it no longer waits to be stepped.
            let mut st = gate.lock();
            let others: Vec<u64> = st.running.iter().copied().filter(|c| *c != n).collect();
            st.cancelled.extend(others);
            gate.cv.notify_all();
        }
        for work in host.later.into_inner().unwrap() {
            work(desk);
        }
        {
            let mut st = gate.lock();
            st.running.remove(&n);
            st.cancelled.remove(&n);
            gate.cv.notify_all();
        }
        if let Some(live) = &live {
            live.state.lock().unwrap().1 = true;
            live.cv.notify_all();
        }
        let progress = progress.into_inner().unwrap();
        match reply {
            None => {
                json!({ "err": { "code": "internal", "message": format!("no command {command}"), "details": null }, "progress": progress })
            }
            Some(Ok(v)) => json!({ "ok": v, "progress": progress }),
            Some(Err(e)) => json!({ "err": e, "progress": progress }),
        }
    }

    /// Reports of a call made with `token`, from the `from`-th on (see the header).
    fn progress(&self, id: &str, token: &str, from: usize) -> Value {
        let live = self.live(id, token);
        let st = wait_until(&live.cv, live.state.lock().unwrap(), POLL, |st| {
            st.0.len() > from || st.1
        });
        json!({ "events": st.0.get(from..).unwrap_or_default(), "ended": st.1 })
    }

    fn held(&self, vault: &TestVault) -> Value {
        let gate = &vault.jobs;
        let st = wait_until(&gate.cv, gate.lock(), POLL, |st| st.held.is_some());
        Gate::answer(&st)
    }

    fn step(&self, vault: &TestVault) -> Value {
        let gate = &vault.jobs;
        let mut st = wait_until(&gate.cv, gate.lock(), POLL, |st| st.held.is_some());
        let Some(n) = st.held else {
            return json!({ "error": "no job is held" });
        };
        let before = st.reports;
        st.steps += 1;
        gate.cv.notify_all();
        let st = wait_until(&gate.cv, st, POLL, |st| {
            st.reports > before || !st.running.contains(&n)
        });
        let mut out = Gate::answer(&st);
        out["ended"] = json!(!st.running.contains(&n));
        out
    }

    fn hold(&self, vault: &TestVault, on: bool) {
        vault.jobs.lock().hold = on;
        vault.jobs.cv.notify_all();
    }

    /// A path inside the vault's folder (see the header).
    fn inside(vault: &TestVault, path: &str) -> Result<PathBuf, String> {
        let rel = Path::new(path);
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| c == std::path::Component::ParentDir)
        {
            return Err(format!("{path} is not inside the vault's folder"));
        }
        Ok(vault.dir.join(rel))
    }

    fn dialogs(&self, vault: &TestVault, args: &Value) -> Result<(), String> {
        let answer = |key: &str| -> Result<Option<Option<PathBuf>>, String> {
            match args.get(key) {
                None => Ok(None),
                Some(Value::Null) => Ok(Some(None)),
                Some(v) => {
                    let path = v.as_str().ok_or(format!("{key} is not a path"))?;
                    Ok(Some(Some(Self::inside(vault, path)?)))
                }
            }
        };
        let (folder, file) = (answer("folder")?, answer("file")?);
        let mut d = vault.dialogs.lock().unwrap();
        if let Some(folder) = folder {
            d.0 = folder;
        }
        if let Some(file) = file {
            d.1 = file;
        }
        Ok(())
    }

    /// See the header.
    fn backup_file(&self, vault: &TestVault, args: &Value) -> Result<(), String> {
        let io = |e: std::io::Error| e.to_string();
        let file = args["file"].as_str().ok_or("no file")?;
        let path = Self::inside(vault, file)?;
        // The header's clear metadata, changed in place (its length stays).
        let edit = |from: &[u8], to: &[u8]| -> Result<(), String> {
            let mut bytes = std::fs::read(&path).map_err(io)?;
            let at = bytes
                .windows(from.len())
                .position(|w| w == from)
                .ok_or(format!("{file} has no {}", String::from_utf8_lossy(from)))?;
            bytes[at..at + to.len()].copy_from_slice(to);
            std::fs::write(&path, bytes).map_err(io)
        };
        let copy = |from: &Path, to: &Path| -> Result<(), String> {
            if let Some(dir) = to.parent() {
                std::fs::create_dir_all(dir).map_err(io)?;
            }
            std::fs::copy(from, to).map(|_| ()).map_err(io)
        };
        match args["op"].as_str().unwrap_or_default() {
            "forge" => edit(b"\"kind\":\"", b"\"kind\":\"X"),
            "old_format" => edit(b"\"version\":2,\"vaultId\"", b"\"version\":1"),
            "cut" => {
                let bytes = std::fs::read(&path).map_err(io)?;
                std::fs::write(&path, &bytes[..bytes.len() * 2 / 3]).map_err(io)
            }
            "take" => {
                let other = self
                    .vault(args["from"].as_str().unwrap_or_default())
                    .ok_or("no vault to take from")?;
                copy(&Self::inside(&other, file)?, &path)
            }
            "copy" => copy(
                &path,
                &Self::inside(vault, args["to"].as_str().ok_or("no to")?)?,
            ),
            other => Err(format!("no backup-file op {other}")),
        }
    }

    /// See the header; a database change needs the signed-in session.
    fn tamper(&self, vault: &TestVault, what: &str, n: i64) -> Result<(), String> {
        let paths = vault.desk.paths();
        let io = |e: std::io::Error| e.to_string();
        let flip = |path: PathBuf, at: usize, len: usize| -> Result<(), String> {
            let mut bytes = std::fs::read(&path).map_err(io)?;
            let end = (at + len).min(bytes.len());
            if at >= end {
                return Err(format!("{} is too short", path.display()));
            }
            bytes[at..end].iter_mut().for_each(|b| *b ^= 0x5a);
            std::fs::write(&path, bytes).map_err(io)
        };
        let slots = |change: &dyn Fn(&mut Vec<Value>) -> Result<(), String>| {
            let mut kf: Value = serde_json::from_slice(&std::fs::read(paths.keys()).map_err(io)?)
                .map_err(|e| e.to_string())?;
            let slots = kf["slots"].as_array_mut().ok_or("no slots")?;
            let mut users: Vec<Value> = Vec::new();
            slots.retain(|s| {
                let user = !s["user"].is_null();
                if user {
                    users.push(s.clone());
                }
                !user
            });
            change(&mut users)?;
            slots.extend(users);
            std::fs::write(paths.keys(), serde_json::to_vec(&kf).unwrap()).map_err(io)
        };
        match what {
            "key_file" => {
                let keys = std::fs::read(paths.keys()).map_err(io)?;
                std::fs::write(paths.keys(), &keys[..keys.len() / 2]).map_err(io)
            }
            // The last user slots: the administrator's comes first in the seeded vault.
            "key_slot_altered" => slots(&|users| {
                let mac = users.last_mut().ok_or("no user slot")?["mac"]
                    .as_str()
                    .ok_or("no mac")?
                    .to_string();
                let first = if mac.starts_with('A') { "B" } else { "A" };
                users.last_mut().unwrap()["mac"] = json!(format!("{first}{}", &mac[1..]));
                Ok(())
            }),
            "key_slots_legacy" => slots(&|users| {
                let k = usize::try_from(n).unwrap_or(0).min(users.len());
                let from = users.len() - k;
                users[from..].iter_mut().for_each(|s| s["v"] = json!(1));
                Ok(())
            }),
            "anchors_file" => {
                let len = std::fs::metadata(paths.anchors()).map_err(io)?.len() as usize;
                flip(paths.anchors(), len / 2, 1)
            }
            "db_page" => flip(paths.db(), usize::try_from(n).unwrap_or(0) * 4096 + 512, 64),
            // The breaches table's page: nothing reads it while signing in or checking Health,
            // so only the integrity check meets it (each connection reads pages on its own).
            "breaches_page" => {
                let mut page = Err("nobody is signed in".to_string());
                let _ = vault.desk.with(|s| {
                    page = testkit::root_page(s, "breaches");
                    Ok(())
                });
                let page = usize::try_from(page?).map_err(|e| e.to_string())?;
                flip(paths.db(), (page - 1) * 4096 + 512, 64)
            }
            _ => {
                let mut out = Err("nobody is signed in".to_string());
                let _ = vault.desk.with(|s| {
                    out = testkit::tamper(s, what, n);
                    Ok(())
                });
                out
            }
        }
    }

    /// Moves the clock on inside the session (if one is open), which is then touched at the new
    /// time: a jump of months is not idleness.
    fn advance(&self, vault: &TestVault, minutes: i64) {
        let moved = vault.desk.with_account(|s| {
            vault.clock.advance_minutes(minutes);
            s.touch();
            Ok(())
        });
        if moved.is_err() {
            vault.clock.advance_minutes(minutes);
        }
    }
}

fn ids_json(ids: &testkit::Ids) -> Value {
    json!({
        "person": ids.person, "org": ids.org, "deal": ids.deal, "openStage": ids.open_stage,
        "employee": ids.employee, "task": ids.task, "purpose": ids.purpose,
        "statement": ids.statement, "request": ids.request, "userKeep": ids.user_keep,
        "userGone": ids.user_gone,
    })
}

fn respond(req: tiny_http::Request, status: u16, body: &Value) {
    let header = tiny_http::Header::from_bytes("Content-Type", "application/json").unwrap();
    let _ = req.respond(
        tiny_http::Response::from_string(body.to_string())
            .with_status_code(status)
            .with_header(header),
    );
}

/// A query parameter of the URL.
fn param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn handle(bridge: &Bridge, mut req: tiny_http::Request) {
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let mut body = Vec::new();
    if req.as_reader().read_to_end(&mut body).is_err() {
        return respond(req, 400, &json!({ "error": "unreadable body" }));
    }
    let raw = req
        .headers()
        .iter()
        .any(|h| h.field.equiv("Content-Type") && h.value.as_str() == "application/octet-stream");
    let json_body = || -> Value {
        if body.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&body).unwrap_or(Value::Null)
        }
    };
    use tiny_http::Method::{Delete, Get, Post};
    let vault = match parts.as_slice() {
        ["vaults", id, ..] => bridge.vault(id),
        _ => None,
    };
    let no_vault = json!({ "error": "no such test vault" });
    match (req.method(), parts.as_slice(), vault) {
        (Post, ["vaults"], _) => {
            let args = json_body();
            let preset = args["preset"].as_str().unwrap_or("fresh");
            match bridge.new_vault(preset, args["problem"].as_str()) {
                Ok(info) => respond(req, 200, &info),
                Err(e) => respond(req, 400, &json!({ "error": e })),
            }
        }
        (Get, ["vaults", id, "progress", token], _) => {
            let from = param(query, "from")
                .and_then(|f| f.parse().ok())
                .unwrap_or(0);
            let out = bridge.progress(id, token, from);
            respond(req, 200, &out)
        }
        (Get, ["vaults", _, "held"], Some(v)) => {
            let out = bridge.held(&v);
            respond(req, 200, &out)
        }
        (Post, ["vaults", _, "step"], Some(v)) => {
            let out = bridge.step(&v);
            respond(req, 200, &out)
        }
        (Post, ["vaults", _, "hold"], Some(v)) => {
            bridge.hold(&v, json_body()["on"].as_bool().unwrap_or(false));
            respond(req, 200, &json!({}))
        }
        (Post, ["vaults", _, "clock"], Some(v)) => {
            let args = json_body();
            let days = args["days"].as_i64().unwrap_or(0);
            let minutes = args["minutes"].as_i64().unwrap_or(0);
            bridge.advance(&v, days * 24 * 60 + minutes);
            respond(req, 200, &json!({}))
        }
        (Post, ["vaults", _, "dialogs"], Some(v)) => match bridge.dialogs(&v, &json_body()) {
            Ok(()) => respond(req, 200, &json!({})),
            Err(e) => respond(req, 400, &json!({ "error": e })),
        },
        (Post, ["vaults", _, "backup-file"], Some(v)) => {
            match bridge.backup_file(&v, &json_body()) {
                Ok(()) => respond(req, 200, &json!({})),
                Err(e) => respond(req, 400, &json!({ "error": e })),
            }
        }
        (Post, ["vaults", _, "tamper"], Some(v)) => {
            let args = json_body();
            let what = args["what"].as_str().unwrap_or_default();
            match bridge.tamper(&v, what, args["n"].as_i64().unwrap_or(0)) {
                Ok(()) => respond(req, 200, &json!({})),
                Err(e) => respond(req, 400, &json!({ "error": e })),
            }
        }
        (
            Get | Post,
            ["vaults", _, "held" | "step" | "hold" | "clock" | "tamper" | "dialogs" | "backup-file"],
            None,
        ) => respond(req, 404, &no_vault),
        (Post, ["vaults", id, command], _) => {
            let (args, raw) = if raw {
                (Value::Null, Some(body.clone()))
            } else {
                (json_body(), None)
            };
            let out = bridge.call(id, command, args, raw, param(query, "call"));
            respond(req, 200, &out)
        }
        (Delete, ["vaults", id, "other"], _) => {
            drop(bridge.holders.lock().unwrap().remove(*id));
            respond(req, 200, &json!({}))
        }
        (Delete, ["vaults", id], _) => {
            let vault = bridge.vaults.lock().unwrap().remove(*id);
            if let Some(v) = &vault {
                bridge.hold(v, false);
            }
            drop(vault);
            drop(bridge.holders.lock().unwrap().remove(*id));
            let prefix = format!("{id}/");
            bridge
                .live
                .lock()
                .unwrap()
                .retain(|k, _| !k.starts_with(&prefix));
            let _ = std::fs::remove_dir_all(bridge.root.path().join(id));
            respond(req, 200, &json!({}))
        }
        _ => respond(req, 404, &json!({ "error": "no such route" })),
    }
}

fn main() {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("a local port");
    let port = server.server_addr().to_ip().map(|a| a.port()).unwrap_or(0);
    let bridge = Arc::new(Bridge {
        root: tempfile::tempdir().expect("a temporary folder"),
        template: Mutex::new(None),
        vaults: Mutex::new(HashMap::new()),
        holders: Mutex::new(HashMap::new()),
        live: Mutex::new(HashMap::new()),
        next: Mutex::new(0),
        calls: AtomicU64::new(0),
    });
    println!("listening on 127.0.0.1:{port}");
    // The test run that started the bridge holds its standard input; when it ends, so does
    // the bridge (and its temporary vaults).
    let server = Arc::new(server);
    {
        let server = server.clone();
        let root = bridge.root.path().to_path_buf();
        std::thread::spawn(move || {
            let _ = std::io::stdin().read_to_end(&mut Vec::new());
            server.unblock();
            let _ = std::fs::remove_dir_all(&root);
            std::process::exit(0);
        });
    }
    // Long polls and held jobs each keep a worker waiting, while test files run side by side.
    let workers: Vec<_> = (0..32)
        .map(|_| {
            let (server, bridge) = (server.clone(), bridge.clone());
            std::thread::spawn(move || {
                while let Ok(req) = server.recv() {
                    handle(&bridge, req);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
}
