//! The authorisation matrix over HTTPS: every command of the table, as every built-in role,
//! through a real server with a real device certificate, against a vault holding data of
//! every category. What comes back must be what the desktop's own matrix test saw through
//! Tauri (`authorisation-matrix.json`, section "ipc"), except where the server differs on
//! purpose, listed below with the reason. Independently of the file, a response may only
//! contain a category's marker if the role may view that category.
mod common;
use kluis_api::matrix::{calls, outcome, IMPORT_FILE};
use kluis_core::access::{builtin_grants, Action, Category, BUILTIN_ROLES};
use kluis_core::clock::SystemClock;
use kluis_core::testkit::{copy_vault, seed, user_for, Ids, OWN_PASSWORD};
use kluis_core::{KdfParams, Password};
use kluis_office::client::enrol;
use kluis_office::pki::fingerprint_of_pem;
use kluis_server::config::{Config, ServerPaths};
use kluis_server::setup::{self, InitRequest};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// Where the server answers otherwise than the desktop, and why. For these the rights still
/// hold: a role the table stops is refused (access.denied), one it lets through is not.
const SERVER_DIFFERS: &[(&str, &str)] = &[
    (
        "devices_list",
        "the devices exist on the office server only (a desktop: office.only)",
    ),
    ("device_add", "the devices exist on the office server only"),
    (
        "device_rename",
        "the devices exist on the office server only",
    ),
    (
        "device_revoke",
        "the devices exist on the office server only (999: not found there)",
    ),
    (
        "unattended_get",
        "unattended restart is the office server's (a desktop: office.only)",
    ),
    (
        "unattended_set",
        "unattended restart is the office server's (a desktop: office.only)",
    ),
    (
        "office_connect",
        "answered by a desktop itself; the server has no link to connect",
    ),
    (
        "office_leave",
        "answered by a desktop itself; the server has no link to leave",
    ),
];

async fn run_role(template: &Path, work: &Path, role: &str, ids: &Ids) -> BTreeMap<String, Value> {
    let data = work.join(role);
    copy_vault(template, &data.join("vault"));
    let config = Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        enrol_listen: "127.0.0.1:0".parse().unwrap(),
        ..Config::default()
    };
    let paths = ServerPaths::new(data.clone(), config.clone());
    let admin = user_for("administrator");
    let p = paths.clone();
    let a = admin.clone();
    tokio::task::spawn_blocking(move || {
        setup::init(
            &p,
            InitRequest {
                org: "Bakkerij",
                admin: &a,
                password: &Password::new(OWN_PASSWORD.to_string()),
                config,
            },
            Arc::new(SystemClock),
            KdfParams::fast_for_tests(),
        )
        .unwrap()
    })
    .await
    .unwrap();
    let office = Arc::new(
        kluis_server::Office::open(paths, Arc::new(SystemClock), KdfParams::fast_for_tests())
            .unwrap(),
    );
    let running = kluis_server::start(office.clone()).await.unwrap();
    let o = office.clone();
    let code = tokio::task::spawn_blocking(move || {
        o.unlock(&admin, OWN_PASSWORD).unwrap();
        let s = o.admin(&admin, OWN_PASSWORD).unwrap();
        let code = o.enrol_code(&s).unwrap();
        s.end(kluis_core::EndReason::SignOut);
        code
    })
    .await
    .unwrap();
    let fp = fingerprint_of_pem(office.ca_pem()).unwrap();
    drop(office);
    let e = enrol(running.enrol_addr, fp, &code, role).await.unwrap();
    let desk = kluis_office::client::Connection::new(
        running.main_addr,
        &e.ca_pem,
        &e.cert_pem,
        &e.key_pem,
    )
    .unwrap();
    desk.hello().await.unwrap();
    let signed = desk
        .call(
            "sign_in",
            json!({ "username": user_for(role), "password": OWN_PASSWORD }),
        )
        .await
        .unwrap();
    assert!(signed.is_ok(), "{role} signs in: {signed:?}");
    let grants = builtin_grants(role).unwrap();
    let mut out = BTreeMap::new();
    for (cmd, args) in calls(ids) {
        let res = if cmd == "import_stage" {
            desk.call_file(cmd, Value::Null, IMPORT_FILE.to_vec()).await
        } else {
            desk.call(cmd, args).await
        };
        let o = match res {
            Ok(answer) => outcome(&answer),
            Err(e) => json!(format!("refused:{}", e.code())),
        };
        if let Some(found) = o.as_array() {
            for c in found.iter().filter_map(Value::as_str) {
                let c = Category::parse(c).unwrap();
                assert!(
                    grants.contains(&(c, Action::View)),
                    "{cmd} as {role} returned {} data over HTTPS",
                    c.as_str()
                );
            }
        }
        out.insert(cmd.to_string(), o);
    }
    drop(desk);
    running.stop().await;
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_as_every_role_over_https_matches_the_desktop() {
    let work = tempfile::tempdir().unwrap();
    let template = work.path().join("template");
    let t = template.clone();
    let ids = tokio::task::spawn_blocking(move || seed(&t)).await.unwrap();
    let mut observed: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    for role in BUILTIN_ROLES {
        for (cmd, o) in run_role(&template, work.path(), role, &ids).await {
            observed.entry(cmd).or_default().insert(role.to_string(), o);
        }
    }
    let matrix: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../authorisation-matrix.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut diffs = vec![];
    for (cmd, by_role) in &observed {
        if SERVER_DIFFERS.iter().any(|(c, _)| c == cmd) {
            let needs = kluis_api::needs_of(cmd).unwrap();
            for (role, o) in by_role {
                let allowed = needs.allows(&builtin_grants(role).unwrap());
                if allowed == (o == "denied") {
                    diffs.push(format!(
                        "{cmd} as {role}: the table declares {}, over HTTPS {o}",
                        needs.describe()
                    ));
                }
            }
            continue;
        }
        for (role, o) in by_role {
            let want = &matrix["ipc"][cmd][role];
            if want != o {
                diffs.push(format!("{cmd} as {role}: desktop {want}, over HTTPS {o}"));
            }
        }
    }
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}
