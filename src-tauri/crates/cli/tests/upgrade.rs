//! A vault made by the previous release's `kluis` (fixtures/vault-0.1.0: a version 1 key file,
//! personnel files in clear columns, an unkeyed audit chain) opens in this one: its migrations
//! run, the first sign-in seals the personnel files under the new category keys and removes the
//! old permanent `kluis.keys.prev`, each slot is upgraded when its owner signs in, and the old
//! release's backup is listed but refused as unauthenticated.
use std::path::Path;
use std::process::{Command, Output};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/vault-0.1.0");
const ANNA_PW: &str = "paars-fietsbel-onder-regen";
const OWN_PW: &str = "zilveren-maan-boven-zee";

fn kluis(dir: &Path, user: &str, pw: &str, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kluis"));
    c.arg("--data-dir").arg(dir).args(args);
    c.env_remove("KLUIS_DATA_DIR")
        .env("KLUIS_USER", user)
        .env("KLUIS_PASSWORD", pw)
        .stdin(std::process::Stdio::null());
    c.output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn a_vault_from_the_previous_release_opens_and_is_brought_up_to_date() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("vault");
    std::fs::create_dir(&dir).unwrap();
    for f in ["kluis.db", "kluis.keys", "kluis.keys.prev"] {
        std::fs::copy(Path::new(FIXTURE).join(f), dir.join(f)).unwrap();
    }
    let old_backup = root.path().join("old.kluisbackup");
    std::fs::copy(Path::new(FIXTURE).join("old.kluisbackup"), &old_backup).unwrap();

    // The administrator's first sign-in: migrations, category keys made and the personnel files
    // sealed under them, the old fallback key file gone, her own slot upgraded.
    let o = kluis(&dir, "anna", ANNA_PW, &["verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains("from before authenticated slots"),
        "{}",
        text(&o)
    );
    assert!(!dir.join("kluis.keys.prev").exists());

    // The database key alone no longer reads a salary: the clear columns hold placeholders.
    let kf = kluis_vault::KeyFile::load(&dir.join("kluis.keys")).unwrap();
    let key = kf
        .unlock_user("anna", &kluis_vault::Password::new(ANNA_PW))
        .unwrap()
        .db_key
        .unwrap();
    {
        let c = rusqlite::Connection::open(dir.join("kluis.db")).unwrap();
        c.execute_batch(&kluis_vault::sqlcipher_key_pragma(&key))
            .unwrap();
        let (clear, sealed): (i64, i64) = c
            .query_row(
                "SELECT count(*) FILTER (WHERE salary_cents IS NOT NULL OR given_name <> ''),
                        count(*) FILTER (WHERE sealed IS NOT NULL) FROM employees",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((clear, sealed), (0, 12));
        let reasons: i64 = c
            .query_row(
                "SELECT count(*) FROM employee_absences WHERE reason IS NOT NULL",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(reasons, 0, "absence reasons were left in the clear");
    }

    // HR reads the files as before, with the key handed to her at the administrator's sign-in.
    let o = kluis(&dir, "hanna", OWN_PW, &["hr", "list", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 10, "current staff");
    let first = rows[0]["id"].as_i64().unwrap().to_string();
    let o = kluis(&dir, "hanna", OWN_PW, &["hr", "show", &first, "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // The guest, signing in as before, sees none of it.
    let o = kluis(&dir, "gijs", OWN_PW, &["hr", "list"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));

    // The old release's backup is listed as such and not restored.
    let o = kluis(
        &dir,
        "anna",
        ANNA_PW,
        &["backup", "list", root.path().to_str().unwrap()],
    );
    assert!(text(&o).contains("older format"), "{}", text(&o));
    let o = kluis(
        &dir,
        "anna",
        ANNA_PW,
        &["backup", "restore", old_backup.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("earlier version of Kluis"),
        "{}",
        text(&o)
    );
    // A new backup is made and checked in the new format.
    let usb = root.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let o = kluis(
        &dir,
        "anna",
        ANNA_PW,
        &["backup", "create", "--out", usb.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = kluis(
        &dir,
        "anna",
        ANNA_PW,
        &["backup", "verify", usb.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // Everyone who signed in has an authenticated slot now; olga has not signed in, and the
    // recovery slot waits for the recovery key's next use: two legacy slots are left.
    let o = kluis(&dir, "anna", ANNA_PW, &["verify", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["slotsLegacy"], 2, "{}", text(&o));
    assert_eq!(report["slotsAltered"], 0);
    assert!(report["audit"]["firstBrokenId"].is_null());
}
