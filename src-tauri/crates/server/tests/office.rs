//! The office server from a desktop's side: enrolling, signing in, working, signing out, and
//! the server's state after a restart.
mod common;
use common::*;
use kluis_office::client::enrol;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desktop_enrols_signs_in_and_works_with_the_vault() {
    let srv = server(true).await;
    let (_, desk) = srv.desktop("Balie").await;
    let status = ok(desk.call("app_status", serde_json::Value::Null).await);
    assert_eq!(status["vaultExists"], true);
    assert!(status["session"].is_null());

    let info = sign_in(&desk, ADMIN, PASSWORD).await;
    assert_eq!(info["username"], ADMIN);
    ok(desk.call("person_create", person("Anouk", "Visser")).await);
    assert_eq!(found(&desk, "Visser").await, 1);

    // A second desktop sees the same vault at once.
    let (_, other) = srv.desktop("Kantoor achter").await;
    sign_in(&other, ADMIN, PASSWORD).await;
    assert_eq!(found(&other, "Visser").await, 1);

    ok(desk.call("sign_out", serde_json::Value::Null).await);
    assert_eq!(
        core_error(
            desk.call(
                "search_contacts",
                serde_json::json!({"query": "Visser", "limit": 5})
            )
            .await
        ),
        "session.locked"
    );
    // The other desktop's session is its own.
    assert_eq!(found(&other, "Visser").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_server_is_sealed_until_an_administrator_unlocks_it() {
    let srv = server(true).await;
    let (e, _) = srv.desktop("Balie").await;
    let srv = srv.restart().await;
    let desk = srv.connect(&e);
    assert!(desk.state().await.unwrap().sealed);
    desk.hello().await.unwrap();
    assert_eq!(
        refusal(desk.call("app_status", serde_json::Value::Null).await),
        "server.sealed"
    );
    // No enrolment while sealed: the CA's key is in the vault.
    assert_eq!(
        enrol(
            srv.running.enrol_addr,
            srv.fingerprint(),
            "AAAAA-AAAAA",
            "x"
        )
        .await
        .err()
        .map(|e| e.code()),
        Some("server.sealed".into())
    );
    // A wrong password does not unlock it; the administrator's does.
    let wrong = desk.unlock(ADMIN, "not the password").await.unwrap();
    assert_eq!(wrong.unwrap_err()["code"], "auth.failed");
    assert!(desk.state().await.unwrap().sealed);
    desk.unlock(ADMIN, PASSWORD).await.unwrap().unwrap();
    assert!(!desk.state().await.unwrap().sealed);
    let status = ok(desk.call("app_status", serde_json::Value::Null).await);
    assert_eq!(status["vaultExists"], true);
    let actions = srv.audit_actions().await;
    assert!(actions.iter().any(|(a, _)| a == "office.server_unlocked"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_server_on_the_same_vault_is_refused() {
    let srv = server(false).await;
    let p = srv.running.office.paths.clone();
    let second = kluis_server::Office::open(
        p,
        std::sync::Arc::new(kluis_core::clock::SystemClock),
        kluis_core::KdfParams::fast_for_tests(),
    );
    let err = second.err().expect("refused");
    assert!(err.contains("another process holds the vault"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_change_on_one_desktop_leaves_the_others_working() {
    // A password change gives the database a new key; a session opened before it must go on
    // changing the key file (here: the administrator adding people) on the other desktop.
    let srv = server(true).await;
    let (_, admin) = srv.desktop("Balie").await;
    sign_in(&admin, ADMIN, PASSWORD).await;
    let add = |name: &str| {
        serde_json::json!({ "req": { "username": name, "displayName": name, "roles": ["user"],
            "initialPassword": "Eerste-Wachtwoord-Blauwe-Olifant" } })
    };
    ok(admin.call("user_add", add("bram")).await);
    let (_, bram) = srv.desktop("Kantoor achter").await;
    sign_in(&bram, "bram", "Eerste-Wachtwoord-Blauwe-Olifant").await;
    ok(bram
        .call(
            "change_password",
            serde_json::json!({ "currentPassword": "Eerste-Wachtwoord-Blauwe-Olifant",
                "newPassword": "Bram-Zijn-Eigen-Wachtwoord-2026" }),
        )
        .await);
    // The administrator, signed in since before, adds the next colleague.
    ok(admin.call("user_add", add("cor")).await);
    // Both still work, and bram signs in again with his own password.
    assert_eq!(found(&admin, "niemand").await, 0);
    assert_eq!(found(&bram, "niemand").await, 0);
    ok(bram.call("sign_out", serde_json::Value::Null).await);
    sign_in(&bram, "bram", "Bram-Zijn-Eigen-Wachtwoord-2026").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_backs_up_in_its_own_folder_and_a_restore_ends_every_session() {
    let srv = server(true).await;
    // Unlocking made the config's folder the automatic backups' folder and started the day's
    // work on the host: a backup there before anyone has signed in.
    let folder = srv.office().paths.backups();
    let mut waited = 0;
    while std::fs::read_dir(&folder).map_or(0, |d| d.count()) == 0 {
        assert!(waited < 200, "no daily backup in {}", folder.display());
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        waited += 1;
    }
    let (_, a) = srv.desktop("Balie").await;
    sign_in(&a, ADMIN, PASSWORD).await;
    // Settings > Backups on a connected desktop shows the server's own folder; a backup made
    // now lands there too.
    let overview = ok(a.call("backup_overview", serde_json::Value::Null).await);
    assert_eq!(overview["folder"], folder.display().to_string());
    ok(a.call("backup_create", serde_json::json!({})).await);
    let overview = ok(a.call("backup_overview", serde_json::Value::Null).await);
    assert_eq!(overview["backups"].as_array().unwrap().len(), 2);
    let backup = overview["backups"][0]["fileName"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(folder.join(&backup).is_file());
    // A colleague's sign-out makes no backup on the host (that is a single desktop's habit),
    // also after a change: made are the day's (at unlock) and the one by hand.
    ok(a.call("person_create", person("Voor", "Afmelden")).await);
    ok(a.call("sign_out", serde_json::Value::Null).await);
    sign_in(&a, ADMIN, PASSWORD).await;
    let made = srv
        .audit_actions()
        .await
        .into_iter()
        .filter(|(action, _)| action == "backup.created")
        .count();
    assert_eq!(made, 2, "no sign-out backup on the host");

    // A colleague works on another desktop; then the administrator restores that backup.
    let (_, b) = srv.desktop("Kantoor achter").await;
    sign_in(&b, ADMIN, PASSWORD).await;
    ok(b.call("person_create", person("Na", "Back-up")).await);
    assert_eq!(found(&b, "Back-up").await, 1);
    ok(a.call(
        "backup_restore",
        serde_json::json!({ "fileName": backup, "password": PASSWORD, "recoveryKey": null }),
    )
    .await);
    // Every session ended with it; signed in again, both see the restored vault.
    assert_eq!(
        core_error(
            b.call(
                "search_contacts",
                serde_json::json!({ "query": "x", "limit": 5 })
            )
            .await
        ),
        "session.locked"
    );
    sign_in(&b, ADMIN, PASSWORD).await;
    assert_eq!(found(&b, "Back-up").await, 0);
    let o = srv.office();
    let intact = tokio::task::spawn_blocking(move || {
        let s = o.admin(ADMIN, PASSWORD).unwrap();
        let report = kluis_core::verify::run(&s).unwrap();
        s.end(kluis_core::EndReason::SignOut);
        report.ok()
    })
    .await
    .unwrap();
    assert!(intact, "verify finds the restored vault intact");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_made_on_the_server_travels_to_the_desktop_and_nothing_of_it_stays() {
    let srv = server(true).await;
    let (_, desk) = srv.desktop("Balie").await;
    sign_in(&desk, ADMIN, PASSWORD).await;
    let p = ok(desk.call("person_create", person("Anouk", "Visser")).await);
    let (answer, file) = desk
        .call_with_file(
            "contacts_export",
            serde_json::json!({ "selection": { "ids": [p["id"]], "filters": null }, "format": "csv" }),
        )
        .await
        .unwrap();
    assert!(answer.is_ok(), "{answer:?}");
    let file = file.expect("the export comes back with the reply");
    assert_eq!(
        (file.ext.as_str(), file.name.as_str()),
        ("csv", "kluis-contacts.csv")
    );
    let text = String::from_utf8(file.bytes().unwrap()).unwrap();
    assert!(text.contains("Visser"), "{text}");
    // Made in a private folder of the server's and removed once sent.
    let outgoing = srv.office().paths.outgoing();
    let empty = || std::fs::read_dir(&outgoing).map_or(0, |d| d.count()) == 0;
    assert!(empty());
    // Numbered, as the desktop sends it: streamed from the server's disk, saved here from a
    // file of its own, and gone from the server too.
    let (answer, file) = desk
        .call_once(
            "contacts_export",
            serde_json::json!({ "selection": { "ids": [p["id"]], "filters": null }, "format": "csv" }),
            None,
        )
        .await
        .unwrap();
    assert!(answer.is_ok(), "{answer:?}");
    let here = tempfile::tempdir().unwrap();
    let saved = here.path().join("visser.csv");
    file.expect("the export comes back")
        .save_as(&saved)
        .unwrap();
    assert!(std::fs::read_to_string(&saved).unwrap().contains("Visser"));
    let t = std::time::Instant::now();
    while !empty() {
        assert!(
            t.elapsed() < std::time::Duration::from_secs(5),
            "left on the server"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
