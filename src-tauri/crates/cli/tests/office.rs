//! `kluis` with the office's Kluis: this computer enrolled with `kluis connect` (the profile
//! the desktop app shares), commands run on the server with `--server call`, files made there
//! saved here, and a revoked computer told so.
#[path = "../../server/tests/common/mod.rs"]
mod server;

mod common;

use common::{kluis, text};
use server::{found, sign_in, ADMIN, PASSWORD};
use std::path::Path;
use std::process::Output;

/// Runs the binary off the runtime the server answers on.
async fn run(dir: &Path, envs: &[(&str, &str)], args: &[&str]) -> Output {
    let dir = dir.to_path_buf();
    let envs: Vec<(String, String)> = envs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    tokio::task::spawn_blocking(move || {
        let envs: Vec<(&str, &str)> = envs.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        kluis(&dir, &envs, &args)
    })
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_connects_and_works_on_the_office_server_until_it_is_revoked() {
    let srv = server::server(true).await;
    let here = tempfile::tempdir().unwrap();
    let admin = [("KLUIS_USER", ADMIN), ("KLUIS_PASSWORD", PASSWORD)];

    // Not connected yet: --server says how to connect.
    let o = run(here.path(), &admin, &["--server", "call", "session_info"]).await;
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("kluis connect"), "{}", text(&o));

    // A wrong fingerprint: nothing is sent, nothing kept.
    let code = srv.code().await;
    let enrol_at = srv.running.enrol_addr.to_string();
    let wrong = kluis_office::Fingerprint::parse(&"ab".repeat(32))
        .unwrap()
        .to_string();
    let o = run(
        here.path(),
        &[],
        &[
            "connect",
            "--address",
            &enrol_at,
            "--fingerprint",
            &wrong,
            "--code",
            &code,
        ],
    )
    .await;
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("fingerprint"), "{}", text(&o));
    assert!(!here.path().join("office/profile.json").exists());

    let fp = srv.fingerprint().to_string();
    let o = run(
        here.path(),
        &[],
        &[
            "connect",
            "--address",
            &enrol_at,
            "--fingerprint",
            &fp,
            "--code",
            &code,
            "--name",
            "Nachtscript",
        ],
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // A colleague's desktop adds a person; the CLI finds it on the server.
    let (_, desk) = srv.desktop("Balie").await;
    sign_in(&desk, ADMIN, PASSWORD).await;
    server::ok(
        desk.call("person_create", server::person("Anouk", "Visser"))
            .await,
    );
    let o = run(
        here.path(),
        &admin,
        &[
            "--server",
            "call",
            "search_contacts",
            r#"{"query": "Visser", "limit": 5}"#,
        ],
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let id = hits[0]["id"].clone();
    assert!(id.is_i64(), "{hits}");

    // A write from the CLI is there for the desktop.
    let input = kluis_core::testkit::person_input("Bram", "Script", "bram@example.nl");
    let args = serde_json::json!({ "input": input }).to_string();
    let o = run(
        here.path(),
        &admin,
        &["--server", "call", "person_create", &args],
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(found(&desk, "Script").await, 1);

    // Files travel, paths do not: the export made on the server is saved where --out says.
    let out = here.path().join("visser.csv");
    let sel = serde_json::json!({ "selection": { "ids": [id], "filters": null }, "format": "csv" })
        .to_string();
    let o = run(
        here.path(),
        &admin,
        &[
            "--server",
            "call",
            "contacts_export",
            &sel,
            "--out",
            out.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(std::fs::read_to_string(&out).unwrap().contains("Visser"));

    // An import runs on the server in one window: the file staged, the mapping (with an
    // override) applied, the report printed here; a file with an invalid row commits nothing.
    let csv = here.path().join("klanten.csv");
    std::fs::write(
        &csv,
        "Voornaam;Achternaam;Mail\nLotte;Importeer;lotte@example.nl\nSem;Importeer;sem@example.nl\n",
    )
    .unwrap();
    let file = csv.to_str().unwrap();
    let o = run(
        here.path(),
        &admin,
        &[
            "--server",
            "contacts",
            "import",
            file,
            "--map",
            "Mail=email",
            "--preview",
        ],
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("-> email"), "{}", text(&o));
    assert_eq!(
        found(&desk, "Importeer").await,
        0,
        "a preview imports nothing"
    );
    let o = run(
        here.path(),
        &admin,
        &[
            "--server",
            "contacts",
            "import",
            file,
            "--map",
            "Mail=email",
        ],
    )
    .await;
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("Imported 2 of 2 rows"), "{}", text(&o));
    assert_eq!(found(&desk, "Importeer").await, 2);
    std::fs::write(
        &csv,
        "Voornaam;Achternaam;Mail\nNoor;Weiger;noor@example.nl\n;;zonder-naam@example.nl\n",
    )
    .unwrap();
    let o = run(
        here.path(),
        &admin,
        &[
            "--server",
            "contacts",
            "import",
            file,
            "--map",
            "Mail=email",
        ],
    )
    .await;
    assert_ne!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("Nothing imported"), "{}", text(&o));
    assert_eq!(found(&desk, "Weiger").await, 0);

    // A wrong password is refused by the server's core: exit 3.
    let o = run(
        here.path(),
        &[
            ("KLUIS_USER", ADMIN),
            ("KLUIS_PASSWORD", "niet-het-wachtwoord"),
        ],
        &["--server", "call", "session_info"],
    )
    .await;
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));

    // Without --server, the connected computer has no vault here: the CLI says so.
    let o = run(here.path(), &admin, &["user", "list"]).await;
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("--server"), "{}", text(&o));

    // The administrator revokes the CLI's device: it is told so.
    let devices = server::ok(desk.call("devices_list", serde_json::Value::Null).await);
    let script = devices
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "Nachtscript")
        .expect("the CLI is listed as a device")["id"]
        .clone();
    server::ok(
        desk.call("device_revoke", serde_json::json!({ "id": script }))
            .await,
    );
    let o = run(here.path(), &admin, &["--server", "call", "session_info"]).await;
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("revoked"), "{}", text(&o));

    let o = run(here.path(), &[], &["disconnect"]).await;
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(!here.path().join("office/device.key").exists());
}
