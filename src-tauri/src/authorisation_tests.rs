//! The authorisation matrix test: every IPC command, called through Tauri's real invoke path
//! (handlers, argument parsing, capabilities) on the mock runtime, as every built-in role,
//! against a vault holding data of every category. What comes back is compared with
//! `authorisation-matrix.json`; a command missing from the matrix, or a matrix entry without
//! a command, fails the test.
//!
//! Each category's data carries a marker word, so "which categories come back" is what a
//! person would see in the response, not what the code claims. Independently of the file, a
//! response may only contain a category's marker if the role may view that category.
use kluis_api::matrix::{calls, outcome, IMPORT_FILE};
use kluis_api::{Desk, DialogTargets};
use kluis_core::access::{builtin_grants, Action, Category, BUILTIN_ROLES};
use kluis_core::paths::VaultPaths;
use kluis_core::testkit::{seed, user_for, Ids, OWN_PASSWORD};
use kluis_core::KdfParams;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;

fn invoke(
    webview: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let body = if cmd == "import_stage" {
        InvokeBody::Raw(IMPORT_FILE.to_vec())
    } else {
        InvokeBody::Json(args)
    };
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body,
            headers: Default::default(),
            invoke_key: INVOKE_KEY.into(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap_or(Value::Null))
}

/// Runs every command as `role` on a fresh copy of the template; returns command -> outcome.
fn run_role(template: &Path, work: &Path, role: &str, ids: &Ids) -> BTreeMap<String, Value> {
    let dir = work.join(role);
    kluis_core::testkit::copy_vault(template, &dir);
    let backups = work.join(format!("{role}-backups"));
    let desk = Desk::open(VaultPaths::resolve(Some(&dir)), KdfParams::recommended()).with_targets(
        DialogTargets {
            save: Some(dir.join("export.csv")),
            numbered: false,
            folder: Some(backups),
        },
    );
    let app = crate::app(mock_builder(), desk)
        .build(tauri::generate_context!())
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let signed = invoke(
        &webview,
        "sign_in",
        json!({ "username": user_for(role), "password": OWN_PASSWORD }),
    );
    assert!(signed.is_ok(), "{role} signs in: {signed:?}");
    let grants = builtin_grants(role).unwrap();
    let mut out = BTreeMap::new();
    for (cmd, args) in calls(ids) {
        let res = invoke(&webview, cmd, args);
        let o = outcome(&res);
        // Whatever the matrix says: a category's data only reaches a role that may view it.
        if let Some(found) = o.as_array() {
            for c in found.iter().filter_map(Value::as_str) {
                let c = Category::parse(c).unwrap();
                assert!(
                    grants.contains(&(c, Action::View)),
                    "{cmd} as {role} returned {} data",
                    c.as_str()
                );
            }
        }
        out.insert(cmd.to_string(), o);
    }
    out
}

#[test]
fn every_command_as_every_role_matches_the_matrix() {
    let work = tempfile::tempdir().unwrap();
    let template = work.path().join("template");
    let ids = seed(&template);
    let listed: Vec<&str> = calls(&ids).iter().map(|(c, _)| *c).collect();
    for c in kluis_api::names() {
        assert!(listed.contains(&c), "{c} is not exercised by this test");
    }
    let mut observed: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    for role in BUILTIN_ROLES {
        for (cmd, o) in run_role(&template, work.path(), role, &ids) {
            observed.entry(cmd).or_default().insert(role.to_string(), o);
        }
    }
    let diffs = kluis_core::testkit::compare_with_matrix(
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/authorisation-matrix.json"
        )),
        "ipc",
        &observed,
    );
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    let broken = declared_against_observed(&observed);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// Where a command's answer depends on what is sent, not only on who asks, so the one call
/// above cannot show its declared gate.
const GATED_BY_INPUT: &[(&str, &str)] = &[
    (
        "deal_update",
        "amounts and probability need sales.edit too; the call sends them",
    ),
    (
        "import_run",
        "nothing is staged for a role that may not stage a file: not found comes first",
    ),
];

/// The rights the command table declares, held against the core's answers: a role the table
/// lets through is never refused, and a role it stops is refused (access.denied).
fn declared_against_observed(observed: &BTreeMap<String, BTreeMap<String, Value>>) -> Vec<String> {
    let mut broken = vec![];
    for (cmd, by_role) in observed {
        if GATED_BY_INPUT.iter().any(|(c, _)| c == cmd) {
            continue;
        }
        let needs = kluis_api::needs_of(cmd).expect("in the table");
        for (role, outcome) in by_role {
            let allowed = needs.allows(&builtin_grants(role).unwrap());
            let denied = outcome == "denied";
            if allowed == denied {
                broken.push(format!(
                    "{cmd} as {role}: the table declares {}, the core answered {outcome}",
                    needs.describe()
                ));
            }
        }
    }
    broken
}
