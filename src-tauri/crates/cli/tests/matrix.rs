//! The CLI half of the authorisation matrix (src-tauri/authorisation-matrix.json, section
//! "cli"): every subcommand, run as the real binary as every built-in role against a vault
//! holding marked data of every category. What each prints (and writes) is compared with the
//! matrix; a subcommand that `kluis --help` lists but the matrix does not, fails the test.
use kluis_core::access::{builtin_grants, Action, Category, BUILTIN_ROLES};
use kluis_core::testkit::{seed, user_for, Ids, MARKERS, OWN_PASSWORD};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Output};

const NEW_PW: &str = "blauwe-olifant-danst-traag";

fn kluis(dir: &Path, user: &str, args: &[String]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kluis"));
    c.arg("--data-dir").arg(dir).args(args);
    c.env_remove("KLUIS_DATA_DIR")
        .env("KLUIS_USER", user)
        .env("KLUIS_PASSWORD", OWN_PASSWORD)
        .env("KLUIS_NEW_PASSWORD", NEW_PW)
        .env("KLUIS_RECOVERY_KEY", "00000-00000")
        .env("NEW_PW", NEW_PW)
        .stdin(std::process::Stdio::null());
    c.output().unwrap()
}

/// Leaf subcommands as `kluis --help` lists them, e.g. "user add" and "passwd".
fn listed_subcommands(dir: &Path) -> Vec<String> {
    fn commands(help: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut inside = false;
        for line in help.lines() {
            if line.starts_with("Commands:") {
                inside = true;
                continue;
            }
            if inside {
                if !line.starts_with("  ") {
                    break;
                }
                if let Some(name) = line.split_whitespace().next() {
                    if name != "help" {
                        out.push(name.to_string());
                    }
                }
            }
        }
        out
    }
    let help = |args: &[&str]| {
        let mut all: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        all.push("--help".into());
        String::from_utf8_lossy(&kluis(dir, "x", &all).stdout).to_string()
    };
    let mut leaves = Vec::new();
    for top in commands(&help(&[])) {
        let subs = commands(&help(&[&top]));
        if subs.is_empty() {
            leaves.push(top);
        } else {
            leaves.extend(subs.into_iter().map(|s| format!("{top} {s}")));
        }
    }
    leaves
}

/// Every subcommand with its arguments, reads first, then changes, `passwd` last.
fn calls(ids: &Ids, files: &Path) -> Vec<(&'static str, Vec<String>)> {
    let csv = files.join("in.csv");
    std::fs::write(
        &csv,
        "Naam;E-mail\r\nZebedeus Import;imp@markering.test\r\n",
    )
    .unwrap();
    let out = files.join("out.csv");
    let backups_dir = files.join("backups");
    std::fs::create_dir_all(&backups_dir).unwrap();
    let backups = backups_dir.display().to_string();
    let breach = files.join("breach.json");
    std::fs::write(
        &breach,
        r#"{"title":"Laptop kwijt","discoveredAt":null,"nature":"Verloren","categories":["contact"],
            "subjectsApprox":10,"recordsApprox":10,"consequences":"Phishing","measures":"Gewist",
            "authorityNotifiedAt":null,"authorityReference":null,"authorityNotRequired":"Versleuteld",
            "subjectsInformedAt":null,"subjectsNotInformed":"Versleuteld"}"#,
    )
    .unwrap();
    let statement = files.join("statement.txt");
    std::fs::write(&statement, "Yes, send me the newsletter.").unwrap();
    let s = |v: &[&str]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
    let spare = ids.spare_stage.to_string();
    vec![
        ("init", s(&["init", "--org", "X", "--admin", "x"])),
        ("recover", s(&["recover", "--admin", "x"])),
        (
            "open-sealed",
            s(&["open-sealed", "missing.kluis", "--out", "opened"]),
        ),
        (
            "bench",
            s(&[
                "bench",
                "--contacts",
                "20",
                "--searches",
                "5",
                "--samples",
                "5",
            ]),
        ),
        // Needs no vault: the office server is not there, so nothing is kept.
        (
            "connect",
            s(&[
                "connect",
                "--address",
                "127.0.0.1:9",
                "--fingerprint",
                &"ab".repeat(32),
                "--code",
                "ABC-123",
            ]),
        ),
        ("disconnect", s(&["disconnect"])),
        ("commands", s(&["commands"])),
        // The command table through the CLI: the core's rights, as in the app.
        (
            "call",
            s(&[
                "call",
                "search_contacts",
                r#"{"query": "Markering", "limit": 20}"#,
            ]),
        ),
        ("user list", s(&["user", "list", "--json"])),
        (
            "audit list",
            s(&["audit", "list", "--json", "--limit", "30"]),
        ),
        ("verify", s(&["verify", "--json"])),
        ("keys status", s(&["keys", "status", "--json"])),
        ("keys hand-over", s(&["keys", "hand-over"])),
        ("settings show", s(&["settings", "show"])),
        (
            "contacts search",
            s(&["contacts", "search", "Markering", "--json"]),
        ),
        ("contacts list", s(&["contacts", "list", "--json"])),
        ("pipeline list", s(&["pipeline", "list"])),
        ("roles list", s(&["roles", "list", "--json"])),
        ("hr list", s(&["hr", "list", "--former", "--json"])),
        (
            "hr show",
            s(&["hr", "show", &ids.employee.to_string(), "--json"]),
        ),
        (
            "contacts export",
            vec![
                "contacts".into(),
                "export".into(),
                "--format".into(),
                "csv".into(),
                "--out".into(),
                out.display().to_string(),
            ],
        ),
        (
            "contacts import",
            vec![
                "contacts".into(),
                "import".into(),
                csv.display().to_string(),
            ],
        ),
        ("settings auto-lock", s(&["settings", "auto-lock", "15"])),
        (
            "pipeline rename",
            s(&["pipeline", "rename", &spare, "Reserve 2"]),
        ),
        ("pipeline add", s(&["pipeline", "add", "Extra"])),
        ("pipeline move", s(&["pipeline", "move", &spare, "earlier"])),
        ("pipeline remove", s(&["pipeline", "remove", &spare])),
        (
            "roles create",
            s(&["roles", "create", "Nieuwe rol", "--grant", "contact.view"]),
        ),
        (
            "roles update",
            s(&[
                "roles",
                "update",
                &ids.custom_role,
                "--name",
                "Kijken",
                "--grant",
                "contact.view",
            ]),
        ),
        ("roles delete", s(&["roles", "delete", &ids.custom_role])),
        (
            "user add",
            s(&[
                "user",
                "add",
                "nieuw",
                "--role",
                "guest",
                "--password-env",
                "NEW_PW",
            ]),
        ),
        (
            "user access",
            s(&["user", "access", "adminmarker", "--role", "guest"]),
        ),
        ("user disable", s(&["user", "disable", "adminmarker"])),
        ("user enable", s(&["user", "enable", "adminmarker"])),
        (
            "user reset-password",
            s(&[
                "user",
                "reset-password",
                "adminmarker",
                "--password-env",
                "NEW_PW",
            ]),
        ),
        ("user remove", s(&["user", "remove", "spare_gone"])),
        ("purposes list", s(&["purposes", "list", "--json"])),
        (
            "purposes templates",
            s(&["purposes", "templates", "--lang", "en"]),
        ),
        (
            "purposes adopt",
            s(&["purposes", "adopt", "customer_service", "--lang", "nl"]),
        ),
        (
            "register minimisation",
            s(&["register", "minimisation", "--json"]),
        ),
        (
            "register export",
            vec![
                "register".into(),
                "export".into(),
                "--format".into(),
                "csv".into(),
                "--out".into(),
                files.join("register.csv").display().to_string(),
            ],
        ),
        (
            "consent show",
            vec![
                "consent".into(),
                "show".into(),
                ids.person.to_string(),
                "--json".into(),
            ],
        ),
        (
            "consent grant",
            vec![
                "consent".into(),
                "grant".into(),
                ids.scratch[0].to_string(),
                "--purpose".into(),
                "Nieuwsbrief".into(),
                "--statement".into(),
                "1".into(),
                "--lang".into(),
                "nl".into(),
                "--channel".into(),
                "phone".into(),
            ],
        ),
        (
            "consent withdraw",
            vec![
                "consent".into(),
                "withdraw".into(),
                ids.person.to_string(),
                "--purpose".into(),
                "Nieuwsbrief".into(),
                "--channel".into(),
                "email".into(),
            ],
        ),
        (
            "consent object",
            vec![
                "consent".into(),
                "object".into(),
                ids.scratch[0].to_string(),
                "--channel".into(),
                "paper".into(),
            ],
        ),
        (
            "consent void",
            vec![
                "consent".into(),
                "void".into(),
                ids.person.to_string(),
                "1".into(),
                "--reason".into(),
                "Verkeerde persoon".into(),
            ],
        ),
        (
            "consent statements",
            s(&["consent", "statements", "--json"]),
        ),
        (
            "consent publish",
            vec![
                "consent".into(),
                "publish".into(),
                "--purpose".into(),
                "Nieuwsbrief".into(),
                "--lang".into(),
                "en".into(),
                "--file".into(),
                statement.display().to_string(),
            ],
        ),
        (
            "restriction add",
            vec![
                "restriction".into(),
                "add".into(),
                ids.person.to_string(),
                "--ground".into(),
                "legal-claims".into(),
            ],
        ),
        (
            "restriction lift",
            vec![
                "restriction".into(),
                "lift".into(),
                ids.scratch[1].to_string(),
                "--reason".into(),
                "Afgehandeld".into(),
            ],
        ),
        (
            "marketing preview",
            s(&["marketing", "preview", "--purpose", "Nieuwsbrief", "--json"]),
        ),
        (
            "marketing export",
            vec![
                "marketing".into(),
                "export".into(),
                "--purpose".into(),
                "Nieuwsbrief".into(),
                "--out".into(),
                files.join("mailing.csv").display().to_string(),
            ],
        ),
        ("privacy", s(&["privacy", "--json"])),
        ("breaches list", s(&["breaches", "list", "--json"])),
        (
            "breaches add",
            s(&[
                "breaches",
                "add",
                "--title",
                "Laptop kwijt",
                "--nature",
                "Verloren",
                "--category",
                "contact",
                "--subjects",
                "10",
                "--records",
                "10",
                "--consequences",
                "Phishing",
                "--measures",
                "Gewist",
            ]),
        ),
        (
            "breaches update",
            vec![
                "breaches".into(),
                "update".into(),
                "1".into(),
                "--file".into(),
                breach.display().to_string(),
            ],
        ),
        (
            "breaches export",
            vec![
                "breaches".into(),
                "export".into(),
                "--out".into(),
                files.join("breaches.csv").display().to_string(),
            ],
        ),
        (
            "retention templates",
            s(&["retention", "templates", "--lang", "en"]),
        ),
        (
            "retention adopt",
            s(&["retention", "adopt", "inactive_prospects"]),
        ),
        (
            "retention add",
            s(&[
                "retention",
                "add",
                "--name",
                "Oud",
                "--kind",
                "inactive-prospects",
                "--months",
                "36",
                "--action",
                "delete",
            ]),
        ),
        (
            "retention update",
            s(&["retention", "update", "1", "--months", "30"]),
        ),
        (
            "retention pause",
            s(&["retention", "pause", "1", "--resume"]),
        ),
        ("retention rules", s(&["retention", "rules"])),
        ("retention preview", s(&["retention", "preview"])),
        ("retention run", s(&["retention", "run", "--dry-run"])),
        ("retention history", s(&["retention", "history"])),
        // The day's retention and backup run as the system, whoever asks (as at unlock).
        ("daily", s(&["daily"])),
        (
            "requests list",
            s(&["requests", "list", "--closed", "--json"]),
        ),
        (
            "requests file",
            vec![
                "requests".into(),
                "file".into(),
                ids.scratch[2].to_string(),
                "--kind".into(),
                "erasure".into(),
                "--verification".into(),
                "known-email".into(),
            ],
        ),
        (
            "subject export",
            vec![
                "subject".into(),
                "export".into(),
                ids.person.to_string(),
                "--out".into(),
                files.join("subject-export").display().to_string(),
                "--request".into(),
                ids.request.to_string(),
            ],
        ),
        (
            "requests start",
            vec!["requests".into(), "start".into(), ids.request.to_string()],
        ),
        (
            "requests extend",
            vec![
                "requests".into(),
                "extend".into(),
                ids.request.to_string(),
                "--until".into(),
                ids.request_until.clone(),
                "--reason".into(),
                "Veel gegevens".into(),
            ],
        ),
        (
            "requests close",
            vec![
                "requests".into(),
                "close".into(),
                ids.request.to_string(),
                "--outcome".into(),
                "Inzage verstrekt".into(),
            ],
        ),
        ("purposes archive", s(&["purposes", "archive", "1"])),
        // Late: it erases the person the calls above use.
        (
            "subject erase",
            vec![
                "subject".into(),
                "erase".into(),
                ids.person.to_string(),
                "--mode".into(),
                "delete".into(),
            ],
        ),
        ("demo", s(&["demo", "--contacts", "3"])),
        // Backups: made, listed, the folder chosen, the newest one checked and restored (last:
        // it replaces the vault with the backup).
        (
            "backup create",
            vec![
                "backup".into(),
                "create".into(),
                "--out".into(),
                backups.clone(),
            ],
        ),
        (
            "backup list",
            vec!["backup".into(), "list".into(), backups.clone()],
        ),
        (
            "backup folder",
            vec!["backup".into(), "folder".into(), backups.clone()],
        ),
        (
            "backup verify",
            vec!["backup".into(), "verify".into(), backups.clone()],
        ),
        (
            "backup restore",
            vec!["backup".into(), "restore".into(), backups],
        ),
        ("passwd", s(&["passwd"])),
    ]
}

/// "denied", "error:<exit code>", or the categories whose markers were printed or written
/// (a marker the command line itself carried, like a username, does not count).
fn outcome(o: &Output, args: &[String], written: Option<&Path>) -> Value {
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    match o.status.code() {
        Some(0) => {
            let file = written
                .and_then(|w| std::fs::read_to_string(w).ok())
                .unwrap_or_default();
            let all = format!("{}{file}", String::from_utf8_lossy(&o.stdout));
            let given = args.join(" ");
            let found: Vec<&str> = MARKERS
                .iter()
                .filter(|(_, m)| all.contains(m) && !given.contains(m))
                .map(|(c, _)| c.as_str())
                .collect();
            json!(found)
        }
        Some(1) if text.contains("not allowed") => json!("denied"),
        code => json!(format!("error:{}", code.unwrap_or(-1))),
    }
}

#[test]
fn every_subcommand_as_every_role_matches_the_matrix() {
    let work = tempfile::tempdir().unwrap();
    let template = work.path().join("template");
    let ids = seed(&template);
    let listed = listed_subcommands(&template);
    let planned: Vec<&str> = calls(&ids, work.path()).iter().map(|(c, _)| *c).collect();
    for c in &listed {
        assert!(
            planned.contains(&c.as_str()),
            "`kluis {c}` is not exercised by this test"
        );
    }
    let mut observed: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    for role in BUILTIN_ROLES {
        let dir = work.path().join(role);
        kluis_core::testkit::copy_vault(&template, &dir);
        let files = work.path().join(format!("{role}-files"));
        std::fs::create_dir_all(&files).unwrap();
        let grants = builtin_grants(role).unwrap();
        for (name, args) in calls(&ids, &files) {
            let out = kluis(&dir, &user_for(role), &args);
            // What a command wrote counts as what it gave out.
            let written = match name {
                "contacts export" => Some(files.join("out.csv")),
                "marketing export" => Some(files.join("mailing.csv")),
                "register export" => Some(files.join("register.csv")),
                "subject export" => Some(files.join("subject-export").join("data.json")),
                _ => None,
            };
            let o = outcome(&out, &args, written.as_deref());
            if let Some(found) = o.as_array() {
                for c in found.iter().filter_map(Value::as_str) {
                    let c = Category::parse(c).unwrap();
                    assert!(
                        grants.contains(&(c, Action::View)),
                        "kluis {name} as {role} gave out {} data",
                        c.as_str()
                    );
                }
            }
            observed
                .entry(name.to_string())
                .or_default()
                .insert(role.to_string(), o);
        }
    }
    let diffs = kluis_core::testkit::compare_with_matrix(
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../authorisation-matrix.json"
        )),
        "cli",
        &observed,
    );
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
}
