//! The `kluis` binary as an administrator or a script uses it: exit codes, messages, rights.
mod common;
use common::{kluis, text};
use std::path::Path;

const PW: &str = "paars-fietsbel-onder-regen";

fn init(dir: &Path) -> String {
    let o = kluis(
        dir,
        &[("KLUIS_PASSWORD", PW)],
        &["init", "--org", "Bakkerij Jansen", "--admin", "anna"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout).to_string();
    out.lines()
        .map(str::trim)
        .find(|l| l.len() == 65 && l.matches('-').count() == 10)
        .expect("the recovery key is printed")
        .to_string()
}

#[test]
fn init_add_list_remove_and_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let rk = init(dir.path());
    let admin = [("KLUIS_PASSWORD", PW), ("KLUIS_USER", "anna")];

    // A second init refuses to overwrite the vault.
    let o = kluis(
        dir.path(),
        &[("KLUIS_PASSWORD", PW)],
        &["init", "--org", "X", "--admin", "x1"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("already exists"));

    let o = kluis(
        dir.path(),
        &admin,
        &["user", "add", "bob", "--role", "guest"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = kluis(dir.path(), &admin, &["user", "list", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["anna", "bob"]);
    assert_eq!(list[1]["roles"][0], "guest");
    assert_eq!(list[1]["mustChangePassword"], true);

    // Wrong password: exit 3, one line, no backtrace.
    let o = kluis(
        dir.path(),
        &[("KLUIS_PASSWORD", "wrong-one-here"), ("KLUIS_USER", "anna")],
        &["user", "list"],
    );
    assert_eq!(o.status.code(), Some(3));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(!err.contains("panicked") && !err.contains("backtrace"));

    // Usage errors: exit 2.
    assert_eq!(
        kluis(dir.path(), &admin, &["user", "frob"]).status.code(),
        Some(2)
    );
    assert_eq!(
        kluis(dir.path(), &[("KLUIS_PASSWORD", PW)], &["user", "list"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(kluis(dir.path(), &[], &["--help"]).status.code(), Some(0));

    let o = kluis(dir.path(), &admin, &["user", "remove", "bob"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = kluis(dir.path(), &admin, &["verify"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));

    // The recovery key sets a new administrator password.
    let o = kluis(
        dir.path(),
        &[
            ("KLUIS_RECOVERY_KEY", &rk),
            ("KLUIS_NEW_PASSWORD", "nieuwe-sleutel-voor-anna"),
        ],
        &["recover", "--admin", "anna"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        kluis(dir.path(), &admin, &["user", "list"]).status.code(),
        Some(3)
    );
    let o = kluis(
        dir.path(),
        &[
            ("KLUIS_PASSWORD", "nieuwe-sleutel-voor-anna"),
            ("KLUIS_USER", "anna"),
        ],
        &["audit", "list", "--json", "--limit", "200"],
    );
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let actions: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    for expected in [
        "vault.created",
        "user.created",
        "user.removed",
        "keys.rotated",
        "auth.sign_in_failed",
        "auth.recovery_unlock",
    ] {
        assert!(
            actions.contains(&expected),
            "{expected} missing from {actions:?}"
        );
    }
}

#[test]
fn a_guest_is_refused_user_management() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let admin = [("KLUIS_PASSWORD", PW), ("KLUIS_USER", "anna")];
    let o = kluis(
        dir.path(),
        &[admin[0], admin[1], ("GUEST_PW", "groene-theepot-op-zolder")],
        &[
            "user",
            "add",
            "gerda",
            "--role",
            "guest",
            "--password-env",
            "GUEST_PW",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let guest = [
        ("KLUIS_USER", "gerda"),
        ("KLUIS_PASSWORD", "groene-theepot-op-zolder"),
    ];
    // First the initial password must be changed.
    let o = kluis(dir.path(), &guest, &["user", "list"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("password must be changed"),
        "{}",
        text(&o)
    );
    let o = kluis(
        dir.path(),
        &[
            guest[0],
            guest[1],
            ("KLUIS_NEW_PASSWORD", "rode-kikker-zingt-hard"),
        ],
        &["passwd"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let guest = [
        ("KLUIS_USER", "gerda"),
        ("KLUIS_PASSWORD", "rode-kikker-zingt-hard"),
    ];
    for args in [
        &["user", "list"][..],
        &["user", "remove", "anna"],
        &["audit", "list"],
        &["settings", "auto-lock", "60"],
    ] {
        let o = kluis(dir.path(), &guest, args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", text(&o));
        assert!(text(&o).contains("not allowed"), "{}", text(&o));
    }
}

#[test]
fn verify_finds_an_edited_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let admin = [("KLUIS_PASSWORD", PW), ("KLUIS_USER", "anna")];
    let kf = kluis_vault::KeyFile::load(&dir.path().join("kluis.keys")).unwrap();
    let key = kf
        .unlock_user("anna", &kluis_vault::Password::new(PW))
        .unwrap()
        .db_key
        .unwrap();
    {
        let c = rusqlite::Connection::open(dir.path().join("kluis.db")).unwrap();
        c.execute_batch(&key.pragma_statement("key")).unwrap();
        c.execute_batch("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET action = 'auth.sign_out' WHERE id = 2;")
            .unwrap();
    }
    let o = kluis(dir.path(), &admin, &["verify"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("entry 2"), "{}", text(&o));
}

/// What a scheduler gets from `kluis daily`: the backup and the retention run the first time in
/// a day, nothing the second time (the vault records both).
#[test]
fn daily_runs_retention_and_the_backup_once_a_day() {
    let dir = tempfile::tempdir().unwrap();
    let backups = tempfile::tempdir().unwrap();
    init(dir.path());
    let admin = [("KLUIS_PASSWORD", PW), ("KLUIS_USER", "anna")];
    let folder = backups.path().to_str().unwrap();
    for args in [
        &["backup", "folder", folder][..],
        &[
            "user",
            "access",
            "anna",
            "--role",
            "administrator",
            "--role",
            "privacy_officer",
        ],
        &["retention", "adopt", "inactive_prospects"],
    ] {
        let o = kluis(dir.path(), &admin, args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o));
    }
    let o = kluis(dir.path(), &admin, &["daily"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let first: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(first["backup"]["kind"], "daily", "{first}");
    assert_eq!(first["retention"]["trigger"], "daily", "{first}");
    assert!(first["backupError"].is_null() && first["retentionError"].is_null());
    assert_eq!(std::fs::read_dir(backups.path()).unwrap().count(), 1);

    let o = kluis(dir.path(), &admin, &["daily"]);
    let second: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        second["backup"].is_null() && second["retention"].is_null(),
        "{second}"
    );
    assert_eq!(std::fs::read_dir(backups.path()).unwrap().count(), 1);
}

#[test]
fn every_subcommand_has_help() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["init", "--help"][..],
        &["user", "--help"],
        &["user", "add", "--help"],
        &["user", "list", "--help"],
        &["user", "remove", "--help"],
        &["user", "disable", "--help"],
        &["user", "enable", "--help"],
        &["user", "reset-password", "--help"],
        &["passwd", "--help"],
        &["recover", "--help"],
        &["audit", "list", "--help"],
        &["verify", "--help"],
        &["settings", "auto-lock", "--help"],
        &["pipeline", "--help"],
        &["pipeline", "rename", "--help"],
        &["pipeline", "move", "--help"],
        &["user", "access", "--help"],
        &["roles", "list", "--help"],
        &["roles", "create", "--help"],
        &["roles", "update", "--help"],
        &["roles", "delete", "--help"],
        &["hr", "list", "--help"],
        &["hr", "show", "--help"],
        &["purposes", "adopt", "--help"],
        &["register", "export", "--help"],
        &["register", "minimisation", "--help"],
        &["daily", "--help"],
    ] {
        let o = kluis(dir.path(), &[], args);
        assert_eq!(o.status.code(), Some(0), "{args:?}");
        assert!(String::from_utf8_lossy(&o.stdout).contains("Usage"));
    }
}

#[test]
fn demo_data_then_search_and_list() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let admin = [("KLUIS_PASSWORD", PW), ("KLUIS_USER", "anna")];
    let o = kluis(dir.path(), &admin, &["demo", "--contacts", "200"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("Created 200 people"));
    let o = kluis(
        dir.path(),
        &admin,
        &["contacts", "list", "--limit", "3", "--json"],
    );
    let page: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(page["total"], 200);
    assert_eq!(page["rows"].as_array().unwrap().len(), 3);
    let name = page["rows"][0]["displayName"].as_str().unwrap().to_string();
    let family = name.rsplit(' ').next().unwrap().to_lowercase();
    let o = kluis(
        dir.path(),
        &admin,
        &["contacts", "search", &family, "--json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(
        hits.as_array()
            .unwrap()
            .iter()
            .any(|h| h["title"] == name.as_str()),
        "{name} not found by {family}"
    );
}

/// A bad field costs the row only with --strict-fields (then all or nothing, or the valid
/// rows); by default the person is imported without it and the report names the field.
#[test]
fn csv_import_keeps_people_and_strict_fields_refuses_rows() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let admin = [("KLUIS_PASSWORD", PW), ("KLUIS_USER", "anna")];
    let csv = dir.path().join("in.csv");
    std::fs::write(&csv, b"Naam;E-mail;Bedrijf;Telefoon\r\nJan de Vries;jan@devries.nl;Bakkerij Jansen;\r\nKees Klaas;fout;;+45 12345678\r\n").unwrap();
    let file = csv.to_str().unwrap();
    let search = |q: &str| -> serde_json::Value {
        let o = kluis(dir.path(), &admin, &["contacts", "search", q, "--json"]);
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let o = kluis(
        dir.path(),
        &admin,
        &["contacts", "import", file, "--strict-fields"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("line      3"), "{}", text(&o));
    assert_eq!(search("vries").as_array().unwrap().len(), 0);
    let o = kluis(
        dir.path(),
        &admin,
        &[
            "contacts",
            "import",
            file,
            "--strict-fields",
            "--valid-only",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        (r["imported"].as_u64(), r["refused"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(search("kees").as_array().unwrap().len(), 0);
    // By default Kees is kept: without the broken address, with his number as typed.
    let o = kluis(dir.path(), &admin, &["contacts", "import", file]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains("E-mail") && out.contains("left out"), "{out}");
    assert!(
        out.contains("Telefoon") && out.contains("kept as typed"),
        "{out}"
    );
    assert_eq!(search("kees")[0]["title"], "Kees Klaas");
    let hits = search("vries");
    assert_eq!(hits[0]["title"], "Jan de Vries");
    assert_eq!(hits[0]["subtitle"], "Bakkerij Jansen");
    let out = dir.path().join("out.vcf");
    let o = kluis(
        dir.path(),
        &admin,
        &[
            "contacts",
            "export",
            "--format",
            "vcf",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("FN:Jan de Vries"));
}

#[test]
fn the_pipeline_is_renamed_extended_and_reordered() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let admin = [("KLUIS_PASSWORD", PW), ("KLUIS_USER", "anna")];
    let o = kluis(dir.path(), &admin, &["pipeline", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("Proposal"));
    let o = kluis(dir.path(), &admin, &["pipeline", "rename", "3", "Offerte"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = kluis(dir.path(), &admin, &["pipeline", "add", "Demo gegeven"]);
    let out = text(&o);
    let order: Vec<&str> = out
        .lines()
        .map(|l| l.split_whitespace().nth(1).unwrap_or(""))
        .collect();
    assert_eq!(
        order,
        [
            "Lead",
            "Qualified",
            "Offerte",
            "Negotiation",
            "Demo",
            "Won",
            "Lost"
        ]
    );
    let o = kluis(dir.path(), &admin, &["pipeline", "move", "7", "earlier"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let lines: Vec<String> = text(&o).lines().map(String::from).collect();
    assert!(lines[3].contains("Demo gegeven"), "{lines:?}");
    // Won cannot be removed: a clear refusal and exit code 1.
    let o = kluis(dir.path(), &admin, &["pipeline", "remove", "5"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
}

/// A user with their own password (changed from the initial one), ready to run commands.
fn add_user(dir: &Path, name: &str, role: &str) -> [(&'static str, String); 2] {
    let admin = [("KLUIS_PASSWORD", PW), ("KLUIS_USER", "anna")];
    let o = kluis(
        dir,
        &[admin[0], admin[1], ("NEW_PW", "groene-theepot-op-zolder")],
        &[
            "user",
            "add",
            name,
            "--role",
            role,
            "--password-env",
            "NEW_PW",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = kluis(
        dir,
        &[
            ("KLUIS_USER", name),
            ("KLUIS_PASSWORD", "groene-theepot-op-zolder"),
            ("KLUIS_NEW_PASSWORD", "rode-kikker-zingt-hard"),
        ],
        &["passwd"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    [
        ("KLUIS_USER", name.to_string()),
        ("KLUIS_PASSWORD", "rode-kikker-zingt-hard".to_string()),
    ]
}

fn as_user<'a>(u: &'a [(&'static str, String); 2]) -> [(&'a str, &'a str); 2] {
    [(u[0].0, u[0].1.as_str()), (u[1].0, u[1].1.as_str())]
}

#[test]
fn roles_and_personnel_files_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let rk = init(dir.path());
    let admin = [("KLUIS_PASSWORD", PW), ("KLUIS_USER", "anna")];
    // Invented personnel files only go into a vault where someone may read them: they are
    // sealed under the key of those who hold the HR role.
    let o = kluis(dir.path(), &admin, &["demo", "--contacts", "20"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("and 0 personnel files"), "{}", text(&o));
    let hanna = add_user(dir.path(), "hanna", "hr");
    let o = kluis(dir.path(), &admin, &["demo", "--contacts", "20"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("and 12 personnel files"), "{}", text(&o));

    // A custom role from grants; a pair that is not grantable is refused, a typo is a usage error.
    let o = kluis(
        dir.path(),
        &admin,
        &[
            "roles",
            "create",
            "Verkoopassistent",
            "--grant",
            "contact.view",
            "--grant",
            "sales.view",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("custom_"), "{}", text(&o));
    let o = kluis(
        dir.path(),
        &admin,
        &["roles", "create", "X", "--grant", "audit.create"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let o = kluis(
        dir.path(),
        &admin,
        &["roles", "create", "Y", "--grant", "sales"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = kluis(dir.path(), &admin, &["roles", "delete", "guest"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("built in"), "{}", text(&o));
    let o = kluis(dir.path(), &admin, &["roles", "list"]);
    assert!(text(&o).contains("Verkoopassistent") && text(&o).contains("sales.view"));

    // HR reads personnel files; the administrator and an ordinary user are refused.
    let o = kluis(dir.path(), &as_user(&hanna), &["hr", "list", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let rows: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let first = rows[0]["id"].as_i64().expect("demo staff are listed");
    let o = kluis(
        dir.path(),
        &as_user(&hanna),
        &["hr", "show", &first.to_string()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = kluis(dir.path(), &admin, &["hr", "list"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("not allowed"), "{}", text(&o));
    let piet = add_user(dir.path(), "piet", "user");
    let o = kluis(
        dir.path(),
        &as_user(&piet),
        &["hr", "show", &first.to_string()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    // Given the HR role, the very next command works.
    let o = kluis(
        dir.path(),
        &admin,
        &[
            "user",
            "access",
            "piet",
            "--role",
            "hr",
            "--may-delete",
            "no",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // The role works at once, but the personnel key reaches Piet only from someone who holds
    // it: the administrator does not. Kluis says so.
    let o = kluis(dir.path(), &as_user(&piet), &["hr", "list"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("has not been handed to you yet"),
        "{}",
        text(&o)
    );
    let o = kluis(dir.path(), &admin, &["keys", "status"]);
    assert!(
        text(&o).contains("hr       2 holder(s), 1 waiting"),
        "{}",
        text(&o)
    );
    // The administrator hands it over with the recovery key (or Hanna's next sign-in would).
    let o = kluis(
        dir.path(),
        &[admin[0], admin[1], ("KLUIS_RECOVERY_KEY", &rk)],
        &["keys", "hand-over"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = kluis(dir.path(), &as_user(&piet), &["hr", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // Taken away again, the key goes with the role (and Hanna's next session renews it).
    let o = kluis(
        dir.path(),
        &admin,
        &["user", "access", "piet", "--role", "user"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = kluis(dir.path(), &admin, &["keys", "status"]);
    assert!(
        text(&o).contains("renewed when a holder signs in"),
        "{}",
        text(&o)
    );
    let o = kluis(dir.path(), &as_user(&hanna), &["hr", "list"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = kluis(dir.path(), &admin, &["keys", "status"]);
    assert!(!text(&o).contains("renewed when"), "{}", text(&o));
}

#[test]
fn consent_by_phone_withdrawn_restricted_and_a_checked_marketing_list() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let admin = [("KLUIS_PASSWORD", PW), ("KLUIS_USER", "anna")];
    let o = kluis(dir.path(), &admin, &["demo", "--contacts", "20"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let olga = add_user(dir.path(), "olga", "privacy_officer");
    let piet = add_user(dir.path(), "piet", "user");
    let (olga, piet) = (as_user(&olga), as_user(&piet));
    let ok = |envs: &[(&str, &str)], args: &[&str]| {
        let o = kluis(dir.path(), envs, args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", text(&o));
        text(&o)
    };
    ok(&olga, &["purposes", "adopt", "newsletter", "--lang", "nl"]);
    let statement = dir.path().join("verklaring.txt");
    std::fs::write(&statement, "Ja, stuur mij de nieuwsbrief.").unwrap();
    let file = statement.display().to_string();
    let out = ok(
        &olga,
        &[
            "consent",
            "publish",
            "--purpose",
            "nieuwsbrief",
            "--lang",
            "nl",
            "--file",
            &file,
        ],
    );
    assert!(out.contains("Published version 1 (nl)"), "{out}");

    // A user records consent by phone with the statement version shown, then the withdrawal.
    let out = ok(
        &piet,
        &[
            "consent",
            "grant",
            "1",
            "--purpose",
            "Nieuwsbrief",
            "--statement",
            "1",
            "--lang",
            "nl",
            "--channel",
            "phone",
            "--evidence",
            "gesprek met klant",
        ],
    );
    assert!(
        out.contains("granted") && out.contains("statement v1"),
        "{out}"
    );
    // The Dutch statement recorded as shown in English: refused, clearly.
    let o = kluis(
        dir.path(),
        &piet,
        &[
            "consent",
            "grant",
            "2",
            "--purpose",
            "Nieuwsbrief",
            "--statement",
            "1",
            "--lang",
            "en",
            "--channel",
            "phone",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o).contains("language it was shown in"),
        "{}",
        text(&o)
    );
    let o = kluis(
        dir.path(),
        &piet,
        &[
            "consent",
            "grant",
            "2",
            "--purpose",
            "Nieuwsbrief",
            "--statement",
            "1",
            "--lang",
            "nl",
            "--channel",
            "phone",
            "--at",
            "2999-01-01",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "consent from the future");
    ok(
        &piet,
        &[
            "consent",
            "grant",
            "2",
            "--purpose",
            "Nieuwsbrief",
            "--statement",
            "1",
            "--lang",
            "nl",
            "--channel",
            "web-form",
        ],
    );
    let out = ok(
        &piet,
        &[
            "consent",
            "withdraw",
            "1",
            "--purpose",
            "Nieuwsbrief",
            "--channel",
            "phone",
        ],
    );
    assert!(out.contains("withdrawn"), "{out}");

    // The list for the newsletter holds person 2 only.
    let list = dir.path().join("nieuwsbrief.csv");
    let out = ok(
        &admin,
        &[
            "marketing",
            "export",
            "--purpose",
            "Nieuwsbrief",
            "--out",
            list.to_str().unwrap(),
            "--json",
        ],
    );
    let report: serde_json::Value =
        serde_json::from_str(&out[..out.rfind('}').unwrap() + 1]).unwrap();
    assert_eq!(report["included"], 1, "{out}");
    assert_eq!(report["leftOut"]["withdrawn"], 1, "{out}");
    assert_eq!(std::fs::read_to_string(&list).unwrap().lines().count(), 2);

    // Restricting person 2 takes them off the list and out of the user's search.
    let shown = ok(&piet, &["consent", "show", "2", "--json"]);
    assert!(shown.contains("\"granted\""));
    ok(
        &olga,
        &["restriction", "add", "2", "--ground", "accuracy-contested"],
    );
    let o = kluis(dir.path(), &piet, &["consent", "show", "2"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("restricted"), "{}", text(&o));
    let out = ok(
        &admin,
        &["marketing", "preview", "--purpose", "Nieuwsbrief"],
    );
    assert!(
        out.contains("0 included") && out.contains("1 restricted"),
        "{out}"
    );
    let out = ok(&olga, &["privacy"]);
    assert!(out.contains("1 restricted"), "{out}");
    // A user may not restrict; the officer lifts with a reason.
    let o = kluis(
        dir.path(),
        &piet,
        &["restriction", "lift", "2", "--reason", "x"],
    );
    assert_eq!(o.status.code(), Some(1));
    ok(
        &olga,
        &[
            "restriction",
            "lift",
            "2",
            "--reason",
            "adres gecontroleerd",
        ],
    );

    let out = ok(&admin, &["verify"]);
    assert!(out.contains("consent ledger     ok (3 events"), "{out}");
}

#[test]
fn call_runs_the_command_table_with_the_cores_rights() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let admin = [("KLUIS_PASSWORD", PW), ("KLUIS_USER", "anna")];
    let input = kluis_core::testkit::person_input("Anouk", "Visser", "anouk@example.nl");
    let args = serde_json::json!({ "input": input }).to_string();
    let o = kluis(dir.path(), &admin, &["call", "person_create", &args]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let made: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(made["id"].as_i64().is_some(), "{made}");

    let o = kluis(
        dir.path(),
        &admin,
        &[
            "call",
            "search_contacts",
            r#"{"query": "Visser", "limit": 5}"#,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let hits: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(hits.as_array().map(Vec::len), Some(1), "{hits}");

    // An export goes where --out says; without it, as a closed save dialog, nothing is made.
    let out = dir.path().join("lijst.csv");
    let sel = serde_json::json!({ "selection": { "ids": [made["id"]], "filters": null }, "format": "csv" })
        .to_string();
    let o = kluis(
        dir.path(),
        &admin,
        &[
            "call",
            "contacts_export",
            &sel,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(std::fs::read_to_string(&out).unwrap().contains("Visser"));
    let o = kluis(dir.path(), &admin, &["call", "contacts_export", &sel]);
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "null");

    // A colleague without the right is refused by the core, as in the app.
    let o = kluis(
        dir.path(),
        &[
            ("KLUIS_PASSWORD", PW),
            ("KLUIS_USER", "anna"),
            ("GAST_PW", PW),
        ],
        &[
            "user",
            "add",
            "gast",
            "--role",
            "guest",
            "--password-env",
            "GAST_PW",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let gast_pw = "blauwe-tram-langs-de-gracht";
    let o = kluis(
        dir.path(),
        &[
            ("KLUIS_PASSWORD", PW),
            ("KLUIS_USER", "gast"),
            ("KLUIS_NEW_PASSWORD", gast_pw),
        ],
        &["passwd"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let o = kluis(
        dir.path(),
        &[("KLUIS_PASSWORD", gast_pw), ("KLUIS_USER", "gast")],
        &[
            "call",
            "contacts_export",
            &sel,
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("access.denied"), "{}", text(&o));

    // A wrong password is an authentication failure (3); a command that does not exist and
    // arguments that are not JSON are usage errors (2).
    let o = kluis(
        dir.path(),
        &[("KLUIS_PASSWORD", "niet-dit"), ("KLUIS_USER", "anna")],
        &["call", "search_contacts", r#"{"query": "V", "limit": 5}"#],
    );
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    let o = kluis(dir.path(), &admin, &["call", "persons_drop_all"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    let o = kluis(dir.path(), &admin, &["call", "search_contacts", "{query"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));

    // The table is listed with what each command needs.
    let o = kluis(dir.path(), &[], &["commands"]);
    let list = String::from_utf8_lossy(&o.stdout);
    assert!(
        list.lines()
            .any(|l| l.starts_with("contacts_export") && l.contains("contact.export")),
        "{list}"
    );
}
