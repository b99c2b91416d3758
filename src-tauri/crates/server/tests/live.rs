//! Live refresh over HTTPS: a change made on one desktop reaches the other desktops' event
//! streams, as what changed and never a value, only where the session may see it; and
//! disabling a person ends their session on every desktop at their next request.
mod common;
use common::*;
use kluis_office::client::Connection;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

/// A desktop's event stream, followed on a task of its own.
fn follow(c: &Arc<Connection>) -> UnboundedReceiver<serde_json::Value> {
    let (tx, rx) = unbounded_channel();
    let c = c.clone();
    tokio::spawn(async move {
        let _ = c
            .events(|v| {
                // Every stream starts with "open" (the desktop reloads after a gap).
                if v["change"] != "open" {
                    let _ = tx.send(v);
                }
            })
            .await;
    });
    rx
}

async fn next(rx: &mut UnboundedReceiver<serde_json::Value>) -> serde_json::Value {
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("an event within a second or so")
        .expect("the stream is open")
}

/// Adds a user with `role`, signs them in on a desktop of their own, past the first password.
async fn colleague(srv: &Server, admin: &Connection, name: &str, role: &str) -> Arc<Connection> {
    let first = "Eerste-Wachtwoord-Blauwe-Olifant";
    ok(admin
        .call(
            "user_add",
            serde_json::json!({ "req": { "username": name, "displayName": name, "roles": [role],
            "initialPassword": first } }),
        )
        .await);
    let (_, desk) = srv.desktop(name).await;
    sign_in(&desk, name, first).await;
    ok(desk
        .call(
            "change_password",
            serde_json::json!({ "currentPassword": first, "newPassword": "Eigen-Wachtwoord-Rode-Tulp-2026" }),
        )
        .await);
    Arc::new(desk)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changes_reach_the_other_desktops_without_values_and_only_where_allowed() {
    let srv = server(true).await;
    let (_, admin) = srv.desktop("Balie").await;
    sign_in(&admin, ADMIN, PASSWORD).await;
    let bram = colleague(&srv, &admin, "bram", "user").await;
    let hans = colleague(&srv, &admin, "hans", "hr").await;
    let mut to_bram = follow(&bram);
    let mut to_hans = follow(&hans);
    // The streams are open before the first change is made.
    tokio::time::sleep(Duration::from_millis(300)).await;

    let p = ok(admin.call("person_create", person("Anouk", "Visser")).await);
    let ev = next(&mut to_bram).await;
    assert_eq!(ev["topic"], "people");
    assert_eq!(ev["change"], "person.created");
    assert_eq!(ev["id"], p["id"]);
    let wire = ev.to_string();
    assert!(
        !wire.contains("Visser") && !wire.contains("Anouk"),
        "{wire}"
    );
    assert_eq!(next(&mut to_hans).await["change"], "person.created");

    // A personnel file: HR is told, staff are not (their next event is the next person).
    ok(hans
        .call(
            "employee_create",
            serde_json::json!({ "input": kluis_core::testkit::employee_input("Piet", "Personeel") }),
        )
        .await);
    assert_eq!(next(&mut to_hans).await["topic"], "personnel");
    ok(admin.call("person_create", person("Bert", "Bakker")).await);
    assert_eq!(next(&mut to_bram).await["change"], "person.created");

    // Disabled: bram's session ends at his next request, and his stream with it.
    let bram_id = ok(admin.call("session_info", serde_json::Value::Null).await);
    let users = ok(admin.call("users_list", serde_json::Value::Null).await);
    let id = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "bram")
        .unwrap()["id"]
        .clone();
    assert_ne!(bram_id["userId"], id);
    ok(admin
        .call(
            "user_set_active",
            serde_json::json!({ "userId": id, "active": false }),
        )
        .await);
    assert_eq!(
        core_error(
            bram.call(
                "search_contacts",
                serde_json::json!({ "query": "Visser", "limit": 5 })
            )
            .await
        ),
        "session.locked"
    );
    ok(admin.call("person_create", person("Cas", "Claes")).await);
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(ev) = to_bram.recv().await {
            assert_ne!(
                ev["change"], "person.created",
                "a disabled person is told nothing"
            );
        }
    })
    .await;
    assert!(closed.is_ok(), "the disabled person's stream ends");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_right_taken_away_stops_the_events_at_once_not_at_the_next_request() {
    // Hans's stream stays open while he sends nothing; his HR role is taken away on another
    // desktop; a colleague in HR then changes a personnel file. Hans must not hear of it.
    let srv = server(true).await;
    let (_, admin) = srv.desktop("Balie").await;
    sign_in(&admin, ADMIN, PASSWORD).await;
    let hans = colleague(&srv, &admin, "hans", "hr").await;
    let hilde = colleague(&srv, &admin, "hilde", "hr").await;
    let mut to_hans = follow(&hans);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let users = ok(admin.call("users_list", serde_json::Value::Null).await);
    let id = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "hans")
        .unwrap()["id"]
        .clone();
    ok(admin
        .call(
            "user_set_access",
            serde_json::json!({ "userId": id, "req": { "roles": ["user"], "mayDelete": null } }),
        )
        .await);
    ok(hilde
        .call(
            "employee_create",
            serde_json::json!({ "input": kluis_core::testkit::employee_input("Piet", "Personeel") }),
        )
        .await);
    ok(admin.call("person_create", person("Daan", "Dekker")).await);
    // The next thing Hans hears of is the person (or his stream ends); never the personnel file.
    loop {
        match tokio::time::timeout(Duration::from_secs(5), to_hans.recv()).await {
            Ok(Some(ev)) => {
                assert_ne!(
                    ev["topic"], "personnel",
                    "told of a personnel file after losing HR: {ev}"
                );
                if ev["change"] == "person.created" {
                    break;
                }
            }
            Ok(None) => break,
            Err(_) => panic!("neither the next change nor the end of the stream came"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_desktop_s_stream_ends_even_when_nothing_changes() {
    let srv = server(true).await;
    let (e, desk) = srv.desktop("Laptop").await;
    sign_in(&desk, ADMIN, PASSWORD).await;
    let desk = Arc::new(desk);
    let mut events = follow(&desk);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let id: i64 = e.device_id.parse().unwrap();
    let o = srv.office();
    tokio::task::spawn_blocking(move || {
        let s = o.admin(ADMIN, PASSWORD).unwrap();
        assert!(o.revoke(&s, id).unwrap());
        s.end(kluis_core::EndReason::SignOut);
    })
    .await
    .unwrap();
    let ended = tokio::time::timeout(Duration::from_secs(15), async {
        while events.recv().await.is_some() {}
    })
    .await;
    assert!(ended.is_ok(), "the revoked desktop's quiet stream ends");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_jobs_progress_reaches_its_own_desktop_and_no_other() {
    let srv = server(true).await;
    let (_, a) = srv.desktop("Balie").await;
    sign_in(&a, ADMIN, PASSWORD).await;
    let (_, b) = srv.desktop("Kantoor achter").await;
    sign_in(&b, ADMIN, PASSWORD).await;
    let (a, b) = (Arc::new(a), Arc::new(b));
    let mut to_a = follow(&a);
    let mut to_b = follow(&b);
    tokio::time::sleep(Duration::from_millis(300)).await;

    // A backup on the host, started from A: A's dialog hears each phase as it happens.
    ok(a.call("backup_create", serde_json::json!({})).await);
    let mut phases = Vec::new();
    while let Ok(Some(ev)) = tokio::time::timeout(Duration::from_millis(500), to_a.recv()).await {
        if ev["topic"] == "job" {
            assert_eq!(ev["change"], "progress");
            phases.push(
                ev["progress"]["phase"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            );
        }
    }
    assert!(
        !phases.is_empty(),
        "no progress reached the desktop that runs the job"
    );
    // B hears the backup as a change (the audit trail's), never A's progress.
    while let Ok(Some(ev)) = tokio::time::timeout(Duration::from_millis(300), to_b.recv()).await {
        assert_ne!(ev["topic"], "job", "{ev}");
    }
}
