//! Unattended restart: allowed by an administrator on a desktop, sealed by the host's
//! `kluis-server unattended`, and after a restart the server unlocks itself with systemd's
//! credential (here a plain file in `CREDENTIALS_DIRECTORY`, as systemd hands it over).
mod common;
use common::*;
use kluis_server::config::{Config, ServerPaths};
use kluis_server::control::{self, ControlReply, ControlRequest};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn seal(p: &ServerPaths) -> Result<String, String> {
    match control::send(
        &p.control_socket(),
        &ControlRequest::Unattended {
            username: ADMIN.into(),
            password: PASSWORD.into(),
        },
    )? {
        ControlReply::Ok(v) => Ok(v.as_str().unwrap().to_string()),
        ControlReply::Err(code) => Err(code),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_unlocks_itself_only_while_an_administrator_allows_it() {
    let srv = server(true).await;
    let (_, desk) = srv.desktop("Beheer").await;
    sign_in(&desk, ADMIN, PASSWORD).await;
    let p = srv.office().paths.clone();
    let state = ok(desk.call("unattended_get", serde_json::json!({})).await);
    assert_eq!(state["allowed"], false);
    // The host cannot seal a credential before an administrator allowed it.
    let q = p.clone();
    let refused = tokio::task::spawn_blocking(move || seal(&q)).await.unwrap();
    assert_eq!(refused.unwrap_err(), "unattended.not_allowed");

    let state = ok(desk
        .call("unattended_set", serde_json::json!({ "allowed": true }))
        .await);
    assert_eq!(state["allowed"], true);
    assert_eq!(state["onHost"], false);
    let q = p.clone();
    let credential = tokio::task::spawn_blocking(move || seal(&q))
        .await
        .unwrap()
        .unwrap();
    let state = ok(desk.call("unattended_get", serde_json::json!({})).await);
    assert_eq!(state["onHost"], true);

    // Restarted: sealed, until the credential unlocks it with nobody's password.
    let srv = srv.restart().await;
    assert!(srv.office().sealed());
    let o = srv.office();
    let c = credential.clone();
    tokio::task::spawn_blocking(move || o.unlock_unattended(&c))
        .await
        .unwrap()
        .unwrap();
    assert!(!srv.office().sealed());
    let actions = srv.audit_actions().await;
    assert!(actions
        .iter()
        .any(|(a, _)| a == "office.server_unlocked_unattended"));

    // Turned off from a desktop: the next restart stays sealed with the same credential.
    let (_, desk) = srv.desktop("Beheer 2").await;
    sign_in(&desk, ADMIN, PASSWORD).await;
    let state = ok(desk
        .call("unattended_set", serde_json::json!({ "allowed": false }))
        .await);
    assert_eq!(state["allowed"], false);
    assert_eq!(state["onHost"], false);
    let srv = srv.restart().await;
    let o = srv.office();
    let refused = tokio::task::spawn_blocking(move || o.unlock_unattended(&credential))
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(refused.code.as_str(), "unattended.credential_invalid");
    assert!(srv.office().sealed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_colleague_without_the_right_cannot_allow_it() {
    let srv = server(true).await;
    let (_, desk) = srv.desktop("Balie").await;
    sign_in(&desk, ADMIN, PASSWORD).await;
    ok(desk
        .call(
            "user_add",
            serde_json::json!({ "req": { "username": "piet", "displayName": "Piet Verkoop",
                "roles": ["user"], "initialPassword": "groene-theepot-op-zolder" } }),
        )
        .await);
    ok(desk.call("sign_out", serde_json::json!({})).await);
    sign_in(&desk, "piet", "groene-theepot-op-zolder").await;
    ok(desk
        .call(
            "change_password",
            serde_json::json!({ "currentPassword": "groene-theepot-op-zolder",
                "newPassword": "zilveren-maan-boven-zee-2026" }),
        )
        .await);
    for (cmd, args) in [
        ("unattended_get", serde_json::json!({})),
        ("unattended_set", serde_json::json!({ "allowed": true })),
    ] {
        assert_eq!(
            core_error(desk.call(cmd, args).await),
            "access.denied",
            "{cmd}"
        );
    }
}

/// The binary as systemd starts it: `CREDENTIALS_DIRECTORY` holds `kluis-unlock`.
#[test]
fn kluis_server_run_unlocks_itself_with_systemds_credential() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let srv = rt.block_on(server(true));
    let p = srv.office().paths.clone();
    let o = srv.office();
    {
        let mut admin = o.admin(ADMIN, PASSWORD).unwrap();
        kluis_core::unattended::set_allowed(&mut admin, true).unwrap();
        admin.end(kluis_core::EndReason::SignOut);
    }
    let credential = seal(&p).unwrap();
    rt.block_on(srv.running.stop());
    drop(o);
    let creds = tempfile::tempdir().unwrap();
    std::fs::write(creds.path().join("kluis-unlock"), &credential).unwrap();
    let config = Config {
        listen: format!("127.0.0.1:{}", free_port()).parse().unwrap(),
        enrol_listen: format!("127.0.0.1:{}", free_port()).parse().unwrap(),
        ..Config::default()
    };
    let p = ServerPaths::new(p.data_dir.clone(), config);
    let mut child = Command::new(env!("CARGO_BIN_EXE_kluis-server"))
        .args(["run", "--data-dir"])
        .arg(&p.data_dir)
        .args(["--listen", &p.config.listen.to_string()])
        .args(["--enrol-listen", &p.config.enrol_listen.to_string()])
        .env("CREDENTIALS_DIRECTORY", creds.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let t = Instant::now();
    let status = loop {
        if let Ok(ControlReply::Ok(v)) = control::send(&p.control_socket(), &ControlRequest::Status)
        {
            if v["sealed"] == false {
                break v;
            }
        }
        if t.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!("not unlocked: {}", String::from_utf8_lossy(&out.stderr));
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status["unattended"], true);
    let _ = child.kill();
    let out = child.wait_with_output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(log.contains("unattended restart"), "{log}");
    // The log never holds the credential.
    let secret = credential.split_whitespace().nth(2).unwrap();
    assert!(!log.contains(secret));
}
