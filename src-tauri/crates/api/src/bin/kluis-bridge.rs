//! The UI test bridge (dev only, never shipped): the command table served over HTTP on
//! 127.0.0.1, so the UI's tests run against the real core instead of a second implementation
//! of its rules. Key derivation is the test kind (a release build refuses the feature).
//!
//! - `POST /vaults` `{"preset": "fresh" | "seeded"}`: a new vault folder of its own; "seeded"
//!   is the authorisation test's vault (a user per built-in role, data of every category).
//!   Answers `{"id", "users": {role: username}, "password", "initialPassword", "ids"}` (the
//!   spare users `adminmarker` and `spare_gone` still have the initial password).
//! - `POST /vaults/{id}/{command}`: JSON arguments, or a file's bytes as
//!   `application/octet-stream`. Answers `{"ok": result}` or `{"err": {code, message, details}}`,
//!   with `"progress"`: the reports sent while it ran.
//! - `DELETE /vaults/{id}`: closes and removes it.
//!
//! Prints `listening on 127.0.0.1:PORT` first; stops when its standard input closes (the test
//! run that started it ended).
use kluis_api::{Call, Desk, DialogTargets, Host, Later};
use kluis_core::paths::VaultPaths;
use kluis_core::testkit::{self, OWN_PASSWORD};
use kluis_core::KdfParams;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::io::Read;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

struct Bridge {
    root: tempfile::TempDir,
    /// The seeded vault, made once and copied for each "seeded" vault.
    template: Mutex<Option<(PathBuf, Value)>>,
    vaults: Mutex<HashMap<String, Arc<Desk>>>,
    next: Mutex<u64>,
}

/// The host of a bridge call: dialogs answered in advance (by the desk's targets), a file
/// dialog closed, work after the reply run when the call is done.
#[derive(Default)]
struct TestHost {
    later: Mutex<Vec<Later>>,
}

impl Host for TestHost {
    fn save_file(&self, _: &str, _: &str, _: &str) -> Option<PathBuf> {
        None
    }
    fn pick_folder(&self) -> Option<PathBuf> {
        None
    }
    fn pick_file(&self, _: &str, _: &str) -> Option<PathBuf> {
        None
    }
    fn after_reply(&self, work: Later) {
        self.later.lock().unwrap().push(work);
    }
}

impl Bridge {
    fn new_vault(&self, preset: &str) -> Result<Value, String> {
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
                let (template, ids) = self.template();
                testkit::copy_vault(&template, &dir);
                info["ids"] = ids;
                info["users"] = kluis_core::access::BUILTIN_ROLES
                    .iter()
                    .map(|r| (r.to_string(), json!(testkit::user_for(r))))
                    .collect::<serde_json::Map<_, _>>()
                    .into();
            }
            other => return Err(format!("no preset {other}")),
        }
        let desk = Desk::open(VaultPaths::new(&dir), KdfParams::fast_for_tests()).with_targets(
            DialogTargets {
                save: Some(dir.join("saved")),
                numbered: true,
                folder: Some(dir.join("backups")),
            },
        );
        self.vaults.lock().unwrap().insert(id, Arc::new(desk));
        Ok(info)
    }

    fn template(&self) -> (PathBuf, Value) {
        let mut t = self.template.lock().unwrap();
        t.get_or_insert_with(|| {
            let dir = self.root.path().join("template");
            let ids = testkit::seed(&dir);
            (dir, ids_json(&ids))
        })
        .clone()
    }

    fn call(&self, id: &str, command: &str, args: Value, raw: Option<Vec<u8>>) -> Value {
        let Some(desk) = self.vaults.lock().unwrap().get(id).cloned() else {
            return json!({ "err": { "code": "record.not_found", "message": "no such test vault", "details": null } });
        };
        let host = TestHost::default();
        let progress = Mutex::new(Vec::new());
        let report = |v: Value| progress.lock().unwrap().push(v);
        let reply = {
            let call = Call::new(&desk, &host, &report, raw);
            kluis_api::dispatch(&call, command, args)
        };
        for work in host.later.into_inner().unwrap() {
            work(&desk);
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

fn handle(bridge: &Bridge, mut req: tiny_http::Request) {
    let url = req.url().to_string();
    let parts: Vec<&str> = url.trim_matches('/').split('/').collect();
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
    match (req.method(), parts.as_slice()) {
        (tiny_http::Method::Post, ["vaults"]) => {
            let preset = json_body()["preset"]
                .as_str()
                .unwrap_or("fresh")
                .to_string();
            match bridge.new_vault(&preset) {
                Ok(info) => respond(req, 200, &info),
                Err(e) => respond(req, 400, &json!({ "error": e })),
            }
        }
        (tiny_http::Method::Post, ["vaults", id, command]) => {
            let (args, raw) = if raw {
                (Value::Null, Some(body.clone()))
            } else {
                (json_body(), None)
            };
            let out = bridge.call(id, command, args, raw);
            respond(req, 200, &out)
        }
        (tiny_http::Method::Delete, ["vaults", id]) => {
            let desk = bridge.vaults.lock().unwrap().remove(*id);
            drop(desk);
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
        next: Mutex::new(0),
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
    let workers: Vec<_> = (0..4)
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
