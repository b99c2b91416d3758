//! Backups and restores as an administrator and an attacker would see them: a restore by a
//! current administrator brings the data back and erases again whoever was erased since, while
//! users, roles and the audit trail stay as they are; any damaged, foreign, forged or wrongly
//! opened backup is refused before anything is replaced; a backup made before a user was
//! removed and the key rotated still opens for a current administrator or the recovery key.
mod common;

use common::*;
use kluis_core::backup::{self, restore, Authority, RestoreReport};
use kluis_core::crm::{persons, search};
use kluis_core::dto::crm::PersonInput;
use kluis_core::dto::privacy::Lang;
use kluis_core::job::{Job, JobPhase, JobProgress};
use kluis_core::privacy::erasure::{self, ErasureInput};
use kluis_core::{user_admin, verify, CoreError, Session};
use kluis_vault::RecoveryKey;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

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

fn names(s: &Session) -> Vec<String> {
    let mut out: Vec<String> = search::search(s, "proef", 50)
        .unwrap()
        .into_iter()
        .map(|h| h.title)
        .collect();
    out.sort();
    out
}

/// Erases a person as the privacy officer (delete mode).
fn erase(officer: &Session, person_id: i64) {
    erasure::erase(
        officer,
        &ErasureInput {
            person_id,
            request_id: None,
            lang: Lang::En,
            mode: None,
        },
    )
    .unwrap();
}

/// A restore by the signed-in administrator: prepared with their session, which then ends,
/// and finished (as the app and the CLI do).
fn restore_as(
    v: &kluis_core::Vault,
    admin: Session,
    file: &std::path::Path,
    job: &Job<'_>,
) -> Result<RestoreReport, CoreError> {
    let password = pw(ADMIN_PW);
    let prepared = restore::prepare(
        v,
        file,
        &Authority::Admin {
            session: &admin,
            password: &password,
        },
        job,
    );
    drop(admin);
    prepared?.finish(job)
}

fn drill_as(
    v: &kluis_core::Vault,
    admin: &Session,
    file: &std::path::Path,
    job: &Job<'_>,
) -> Result<RestoreReport, CoreError> {
    let password = pw(ADMIN_PW);
    restore::drill(
        v,
        file,
        &Authority::Admin {
            session: admin,
            password: &password,
        },
        job,
    )
}

struct World {
    fx: Fixture,
    out: tempfile::TempDir,
    recovery: String,
}

/// A vault with three people and a privacy officer; the sessions are closed again.
fn world() -> (World, Session, Session, [i64; 3]) {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, recovery) = fx.create(&v);
    user_admin::add(
        &mut admin,
        &new_user("olga", "Olga Officier", "privacy_officer"),
    )
    .unwrap();
    drop(admin);
    let officer = signed_in(&v, "olga");
    let admin = again(&v);
    let ids = [
        person(&admin, "Ada", "Proef"),
        person(&admin, "Bram", "Proef"),
        person(&admin, "Cees", "Proef"),
    ];
    drop(v);
    (
        World {
            fx,
            out: tempfile::tempdir().unwrap(),
            recovery,
        },
        admin,
        officer,
        ids,
    )
}

#[test]
fn restore_brings_data_back_and_erases_again_who_was_erased_since() {
    let (w, mut admin, officer, [ada, bram, _]) = world();
    let info = backup::create(&admin, w.out.path(), &Job::unattended()).unwrap();
    assert!(info.file_name.ends_with(".kluisbackup"));
    // Only administrators make backups.
    assert!(matches!(
        backup::create(&officer, w.out.path(), &Job::unattended()),
        Err(CoreError::Denied)
    ));

    // After the backup: Bram is erased, a new person is added, Ada is renamed, a colleague
    // joins.
    erase(&officer, bram);
    person(&admin, "Dirk", "Proef");
    persons::update(
        &admin,
        ada,
        persons::get(&admin, ada).unwrap().version,
        &PersonInput {
            given_name: "Ada".into(),
            family_name: "Later".into(),
            ..Default::default()
        },
    )
    .unwrap();
    user_admin::add(&mut admin, &new_user("kees", "Kees Nieuw", "user")).unwrap();
    // The folder for automatic backups was chosen after the backup: the restore keeps it.
    backup::set_folder(&admin, Some(w.out.path())).unwrap();
    let v = w.fx.vault();
    // Only an administrator restores, and only with their own current password.
    let wrong = pw("niet-het-goede-wachtwoord");
    assert!(matches!(
        restore::prepare(
            &v,
            &PathBuf::from(&info.path),
            &Authority::Admin {
                session: &officer,
                password: &pw("zilveren-maan-boven-zee")
            },
            &Job::unattended()
        ),
        Err(CoreError::Denied)
    ));
    assert!(matches!(
        restore::prepare(
            &v,
            &PathBuf::from(&info.path),
            &Authority::Admin {
                session: &admin,
                password: &wrong
            },
            &Job::unattended()
        ),
        Err(CoreError::AuthFailed)
    ));
    drop(officer);
    let report = restore_as(&v, admin, &PathBuf::from(&info.path), &Job::unattended()).unwrap();
    assert!(report.replaced && !report.ledger_unavailable);
    assert_eq!(report.erasures_reapplied, vec![bram]);
    assert_eq!(report.people, 2);

    // The data is the backup's, minus Bram: Ada's old name is back, Dirk never happened.
    let admin = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    assert_eq!(names(&admin), vec!["Ada Proef", "Cees Proef"]);
    assert!(matches!(
        persons::get(&admin, bram),
        Err(CoreError::NotFound)
    ));
    // Who may enter is as it is now: Kees, added after the backup, signs in.
    assert!(v.sign_in("kees", &pw(USER_PW)).is_ok());
    let check = verify::run(&admin).unwrap();
    assert!(check.ok(), "{check:?}");
    assert_eq!(
        check.backup_folder.as_deref(),
        Some(w.out.path().display().to_string().as_str())
    );
    assert_eq!(
        check.last_backup_at.as_deref(),
        Some(info.created_at.as_str())
    );
    // The audit trail went on from where it was: it holds the erasure made after the backup.
    let trail = verify::audit_page(&admin, None, 500).unwrap();
    assert!(trail.iter().any(|r| r.action == "subject.erased"));
    assert!(trail.iter().any(|r| r.action == "backup.restored"));
    // The replaced vault is gone once the restored one verified.
    assert!(!kluis_core::switch::previous_db(v.paths()).exists());
}

#[test]
fn every_damaged_region_and_every_wrong_opener_is_refused_and_nothing_is_replaced() {
    let (w, admin, _officer, _) = world();
    let info = backup::create(&admin, w.out.path(), &Job::unattended()).unwrap();
    let before = names(&admin);
    let file = PathBuf::from(&info.path);
    let bytes = std::fs::read(&file).unwrap();
    let v = w.fx.vault();
    let scratch = tempfile::tempdir().unwrap();
    // Offsets: the version byte, the stanza area, the metadata, the header MAC, the manifest,
    // a middle chunk, the last chunk; then a cut and an appended byte.
    let header_len = 12 + 1 + 16 + 1;
    let n = bytes.len();
    let mut cases: Vec<(String, Vec<u8>)> = [
        12,
        header_len + 2,
        header_len + 200,
        header_len + 300,
        header_len + 600,
        n / 3,
        n / 2,
        n - 5,
    ]
    .iter()
    .map(|&at| {
        let mut b = bytes.clone();
        b[at] ^= 0x20;
        (format!("flipped byte at {at}"), b)
    })
    .collect();
    cases.push(("cut short".into(), bytes[..n - 100].to_vec()));
    cases.push(("cut at a chunk".into(), bytes[..n / 2].to_vec()));
    let mut longer = bytes.clone();
    longer.push(0);
    cases.push(("appended".into(), longer));
    cases.push(("not a backup".into(), b"hello".to_vec()));
    let password = pw(ADMIN_PW);
    let by = Authority::Admin {
        session: &admin,
        password: &password,
    };
    for (what, b) in cases {
        let f = scratch.path().join("damaged.kluisbackup");
        std::fs::write(&f, &b).unwrap();
        let err = restore::prepare(&v, &f, &by, &Job::unattended())
            .map(|_| ())
            .unwrap_err();
        assert!(
            matches!(
                err,
                CoreError::SealedDamaged(_)
                    | CoreError::SealedWrongSecret
                    | CoreError::BackupNotForUser
                    | CoreError::BackupUnauthenticated
                    | CoreError::BackupForeignVault
                    | CoreError::BackupCheckFailed(_)
            ),
            "{what}: {err:?}"
        );
        assert!(
            restore::drill(&v, &f, &by, &Job::unattended()).is_err(),
            "{what}"
        );
    }
    // A recovery key of another vault.
    let other = Fixture::new();
    let (other_admin, other_rk) = other.create(&other.vault());
    let other_rk = RecoveryKey::parse(&other_rk).unwrap();
    assert!(matches!(
        restore::prepare(
            &v,
            &file,
            &Authority::Recovery {
                key: &other_rk,
                confirmation: None
            },
            &Job::unattended()
        )
        .map(|_| ()),
        Err(CoreError::RecoveryKeyInvalid)
    ));
    // A sound backup of another vault.
    let other_out = tempfile::tempdir().unwrap();
    let foreign = backup::create(&other_admin, other_out.path(), &Job::unattended()).unwrap();
    assert!(matches!(
        restore::prepare(&v, &PathBuf::from(&foreign.path), &by, &Job::unattended()).map(|_| ()),
        Err(CoreError::BackupForeignVault)
    ));
    // Nothing was replaced, and no file was left behind in the vault folder.
    assert!(!kluis_core::switch::previous_db(v.paths()).exists());
    assert_eq!(names(&admin), before);
    let stray: Vec<_> = std::fs::read_dir(&v.paths().dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".kluis-"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[test]
fn a_backup_from_before_a_removal_opens_for_a_current_administrator_and_the_recovery_key() {
    let (w, mut admin, officer, _) = world();
    let dir_a = w.out.path().join("a");
    std::fs::create_dir(&dir_a).unwrap();
    let info = backup::create(&admin, &dir_a, &Job::unattended()).unwrap();
    // Olga leaves: removed, the key rotated. The backup still opens for Anna (whatever her
    // password was then) and with the recovery key; a drill replaces nothing.
    let olga = officer.user_id();
    drop(officer);
    user_admin::remove(&mut admin, olga).unwrap();
    kluis_core::account::change_password(
        &mut admin,
        &pw(ADMIN_PW),
        &pw("nieuw-lang-wachtwoord-voor-anna"),
    )
    .unwrap();
    kluis_core::account::change_password(
        &mut admin,
        &pw("nieuw-lang-wachtwoord-voor-anna"),
        &pw(ADMIN_PW),
    )
    .unwrap();
    let v = w.fx.vault();
    let file = PathBuf::from(&info.path);
    let drill = drill_as(&v, &admin, &file, &Job::unattended()).unwrap();
    assert!(!drill.replaced);
    assert_eq!(drill.people, 3);
    assert!(!kluis_core::switch::previous_db(v.paths()).exists());
    drop(admin);
    let rk = RecoveryKey::parse(&w.recovery).unwrap();
    let by = Authority::Recovery {
        key: &rk,
        confirmation: None,
    };
    assert!(
        !restore::drill(&v, &file, &by, &Job::unattended())
            .unwrap()
            .replaced
    );
    let report = restore::prepare(&v, &file, &by, &Job::unattended())
        .unwrap()
        .finish(&Job::unattended())
        .unwrap();
    assert!(report.replaced && !report.ledger_unavailable);
    // Olga stays removed; Anna signs in with her password of today.
    assert!(matches!(
        v.sign_in("olga", &pw("zilveren-maan-boven-zee")),
        Err(CoreError::AuthFailed)
    ));
    let admin = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    assert_eq!(names(&admin).len(), 3);
}

/// The disk with the vault is gone: a restore with the recovery key is the only way back, and
/// it starts from the backup's own users. Kluis says what that means and asks for it in words.
#[test]
fn without_a_readable_vault_the_recovery_key_restores_only_after_the_confirmation() {
    let (w, admin, _officer, _) = world();
    let info = backup::create(&admin, w.out.path(), &Job::unattended()).unwrap();
    drop(admin);
    for f in ["kluis.db", "kluis.keys"] {
        std::fs::remove_file(w.fx.dir.path().join(f)).unwrap();
    }
    let v = w.fx.vault();
    let rk = RecoveryKey::parse(&w.recovery).unwrap();
    let file = PathBuf::from(&info.path);
    for said in [None, Some("ja"), Some("erasures may come back please")] {
        assert!(matches!(
            restore::prepare(
                &v,
                &file,
                &Authority::Recovery {
                    key: &rk,
                    confirmation: said
                },
                &Job::unattended()
            )
            .map(|_| ()),
            Err(CoreError::RestoreNeedsConfirmation)
        ));
    }
    assert!(!w.fx.dir.path().join("kluis.db").exists());
    let report = restore::prepare(
        &v,
        &file,
        &Authority::Recovery {
            key: &rk,
            confirmation: Some(" Gewiste personen mogen terugkomen "),
        },
        &Job::unattended(),
    )
    .unwrap()
    .finish(&Job::unattended())
    .unwrap();
    assert!(report.replaced && report.ledger_unavailable);
    let admin = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    assert_eq!(names(&admin).len(), 3);
    let trail = verify::audit_page(&admin, None, 50).unwrap();
    let restored = trail
        .iter()
        .find(|r| r.action == "backup.restored")
        .unwrap();
    assert!(
        restored.details.contains("\"ledgerUnavailable\":true"),
        "{}",
        restored.details
    );
}

#[test]
fn a_backup_into_a_missing_folder_or_onto_a_file_fails_clearly() {
    let (w, admin, _, _) = world();
    let missing = w.out.path().join("not-there");
    assert!(matches!(
        backup::create(&admin, &missing, &Job::unattended()),
        Err(CoreError::BackupFolderUnwritable)
    ));
    let file = w.out.path().join("a-file");
    std::fs::write(&file, b"x").unwrap();
    assert!(matches!(
        backup::create(&admin, &file, &Job::unattended()),
        Err(CoreError::BackupFolderUnwritable)
    ));
    assert!(matches!(
        backup::set_folder(&admin, Some(&missing)),
        Err(CoreError::BackupFolderUnwritable)
    ));
    // Automatic backups need a folder; once chosen, one a day.
    assert!(
        backup::automatic(&admin, backup::BackupKind::Daily, &Job::unattended())
            .unwrap()
            .is_none()
    );
    backup::set_folder(&admin, Some(w.out.path())).unwrap();
    assert!(
        backup::automatic(&admin, backup::BackupKind::Daily, &Job::unattended())
            .unwrap()
            .is_some()
    );
    assert!(
        backup::automatic(&admin, backup::BackupKind::Daily, &Job::unattended())
            .unwrap()
            .is_none()
    );
    assert!(
        backup::automatic(&admin, backup::BackupKind::SignOut, &Job::unattended())
            .unwrap()
            .is_some()
    );
    // Automatic backups are thinned to the newest of each day (and month): the sign-out one.
    let overview = backup::overview(&admin).unwrap();
    assert_eq!(overview.backups.len(), 1);
    assert_eq!(overview.backups[0].kind, "sign_out");
    assert!(overview.backups.iter().all(|b| b.this_vault));
    assert!(overview.last_at.is_some());
    // A manual backup is never thinned away.
    backup::create(&admin, w.out.path(), &Job::unattended()).unwrap();
    backup::automatic(&admin, backup::BackupKind::SignOut, &Job::unattended()).unwrap();
    assert_eq!(backup::overview(&admin).unwrap().backups.len(), 2);

    // Thinning trusts only dates this vault wrote: a file that claims to be an old daily
    // backup of this vault (its header copied and re-dated) and another vault's backup stay.
    let real = overview.backups[0].path.clone();
    let info = kluis_vault::sealed::inspect(std::fs::File::open(&real).unwrap()).unwrap();
    let mut header: serde_json::Value = serde_json::from_slice(&info.metadata).unwrap();
    header["createdAt"] = "2020-01-01T00:00:00.000Z".into();
    let mut forged = Vec::new();
    kluis_vault::sealed::seal(
        &b"niets"[..],
        &mut forged,
        &[kluis_vault::sealed::Recipient::X25519 {
            public: [9u8; 32],
            label: "recovery".into(),
        }],
        &serde_json::to_vec(&header).unwrap(),
    )
    .unwrap();
    let forged_path = w.out.path().join("kluis-20200101-000000-daily.kluisbackup");
    std::fs::write(&forged_path, forged).unwrap();
    let other = Fixture::new();
    let (other_admin, _) = other.create(&other.vault());
    backup::set_folder(&other_admin, Some(w.out.path())).unwrap();
    let foreign = backup::automatic(&other_admin, backup::BackupKind::Daily, &Job::unattended())
        .unwrap()
        .unwrap();
    w.fx.clock.advance(chrono::Duration::days(400));
    backup::automatic(&admin, backup::BackupKind::Daily, &Job::unattended()).unwrap();
    assert!(
        forged_path.exists(),
        "a file with an unauthenticated date was deleted"
    );
    assert!(
        std::path::Path::new(&foreign.path).exists(),
        "another vault's backup was deleted"
    );
    let listed = backup::overview(&admin).unwrap().backups;
    let status = |name: &str| {
        listed
            .iter()
            .find(|b| b.path.ends_with(name))
            .unwrap()
            .status
    };
    assert_eq!(
        status("kluis-20200101-000000-daily.kluisbackup"),
        backup::BackupStatus::Unauthenticated
    );
    assert_eq!(status(&foreign.file_name), backup::BackupStatus::OtherVault);
}

#[test]
fn a_personnel_file_deleted_by_retention_after_the_backup_is_deleted_again_by_the_restore() {
    use kluis_core::hr;
    use kluis_core::privacy::retention;
    let (w, mut admin, officer, _) = world();
    user_admin::add(&mut admin, &new_user("hanna", "Hanna HR", "hr")).unwrap();
    drop((admin, officer));
    let v = w.fx.vault();
    // Olga (privacy officer) holds the personnel key: her sign-in hands it to Hanna.
    drop(v.sign_in("olga", &pw(OWN_PW)).unwrap());
    let hr_user = signed_in(&v, "hanna");
    let admin = again(&v);
    let officer = v.sign_in("olga", &pw(OWN_PW)).unwrap();
    drop(v);
    let leaver: kluis_core::dto::hr::EmployeeInput = serde_json::from_value(serde_json::json!({
        "givenName": "Vera", "tussenvoegsel": "", "familyName": "Vertrokken", "email": null,
        "position": "Boekhouder", "department": null, "contractType": "permanent",
        "hoursPerWeek": 32, "startDate": "2019-02-01", "endDate": "2026-01-31",
        "salaryCents": 4242420, "salaryCurrency": "EUR", "salaryPeriod": "month", "notes": null
    }))
    .unwrap();
    let leaver = hr::create(&hr_user, &leaver).unwrap().id;
    let info = backup::create(&admin, w.out.path(), &Job::unattended()).unwrap();
    retention::adopt(&officer, "personnel_files", Lang::En).unwrap();
    w.fx.clock.advance(chrono::Duration::days(2 * 366));
    retention::run(&officer, false, &Job::unattended()).unwrap();
    assert!(hr::get(&hr_user, leaver).is_err());
    drop((officer, hr_user));

    let v = w.fx.vault();
    let report = restore_as(&v, admin, &PathBuf::from(&info.path), &Job::unattended()).unwrap();
    assert_eq!(report.personnel_files_deleted, 1);
    let hr_user = v.sign_in("hanna", &pw("zilveren-maan-boven-zee")).unwrap();
    assert!(
        hr::get(&hr_user, leaver).is_err(),
        "the leaver's file stays deleted after the restore"
    );
}

/// A job whose cancel is raised when it reports `phase`: part-way for the byte-counted phases,
/// at once for the others; records every report.
fn cancelling_at(phase: JobPhase) -> (Job<'static>, Arc<std::sync::Mutex<Vec<JobProgress>>>) {
    let cancel = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (flag, sink) = (cancel.clone(), seen.clone());
    let job = Job::new(cancel, move |p: JobProgress| {
        sink.lock().unwrap().push(p);
        let byte_counted = matches!(phase, JobPhase::Open | JobPhase::Seal);
        if p.phase == phase && (p.done > 0 || !byte_counted) {
            flag.store(true, Ordering::SeqCst);
        }
    });
    (job, seen)
}

/// Files in `dir` (names), hidden ones included.
fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_cancelled_backup_leaves_no_file_and_a_watched_one_reports_each_phase() {
    let (w, admin, _, _) = world();
    let vault_files = files_in(w.fx.dir.path());
    for phase in [JobPhase::Snapshot, JobPhase::Seal] {
        let (job, seen) = cancelling_at(phase);
        assert!(
            matches!(
                backup::create(&admin, w.out.path(), &job),
                Err(CoreError::Cancelled)
            ),
            "{phase:?}"
        );
        assert!(files_in(w.out.path()).is_empty(), "{phase:?}");
        assert_eq!(files_in(w.fx.dir.path()), vault_files, "{phase:?}");
        assert!(seen.lock().unwrap().iter().any(|p| p.phase == phase));
    }
    assert!(backup::overview(&admin).unwrap().last_at.is_none());

    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = seen.clone();
    let job = Job::new(Arc::new(AtomicBool::new(false)), move |p| {
        sink.lock().unwrap().push(p)
    });
    let info = backup::create(&admin, w.out.path(), &job).unwrap();
    let seen = seen.lock().unwrap();
    assert_eq!(seen[0].phase, JobPhase::Snapshot);
    let last = seen.last().unwrap();
    assert_eq!(last.phase, JobPhase::Seal);
    assert!(last.total > 0 && last.done == last.total);
    assert_eq!(files_in(w.out.path()), vec![info.file_name]);
}

#[test]
fn a_cancelled_drill_or_restore_replaces_nothing_and_leaves_nothing_behind() {
    let (w, admin, officer, [_, bram, _]) = world();
    let info = backup::create(&admin, w.out.path(), &Job::unattended()).unwrap();
    // After the backup: Bram erased (to be re-applied), Dirk added (must survive a cancel).
    erase(&officer, bram);
    person(&admin, "Dirk", "Proef");
    drop(officer);
    let vault_files = files_in(w.fx.dir.path());

    let v = w.fx.vault();
    let file = PathBuf::from(&info.path);
    for phase in [JobPhase::Open, JobPhase::Check] {
        let (job, _) = cancelling_at(phase);
        assert!(
            matches!(drill_as(&v, &admin, &file, &job), Err(CoreError::Cancelled)),
            "drill {phase:?}"
        );
        assert_eq!(files_in(w.fx.dir.path()), vault_files, "drill {phase:?}");
    }
    let password = pw(ADMIN_PW);
    for phase in [JobPhase::Open, JobPhase::Check, JobPhase::Reapply] {
        let (job, seen) = cancelling_at(phase);
        let by = Authority::Admin {
            session: &admin,
            password: &password,
        };
        assert!(
            matches!(
                restore::prepare(&v, &file, &by, &job).map(|_| ()),
                Err(CoreError::Cancelled)
            ),
            "restore {phase:?}"
        );
        assert!(seen.lock().unwrap().iter().any(|p| p.phase == phase));
        assert_eq!(files_in(w.fx.dir.path()), vault_files, "restore {phase:?}");
        // The vault is the one from before: Dirk is there, Bram is not.
        assert_eq!(
            names(&admin),
            vec![
                "Ada Proef".to_string(),
                "Cees Proef".into(),
                "Dirk Proef".into()
            ],
            "{phase:?}"
        );
        assert!(verify::run(&admin).unwrap().ok());
    }
    // Cancelled after everything was prepared, before the switch: still nothing replaced.
    let by = Authority::Admin {
        session: &admin,
        password: &password,
    };
    let prepared = restore::prepare(&v, &file, &by, &Job::unattended()).unwrap();
    let cancelled = Job::new(Arc::new(AtomicBool::new(true)), |_| {});
    assert!(matches!(
        prepared.finish(&cancelled),
        Err(CoreError::Cancelled)
    ));
    assert_eq!(names(&admin).len(), 3);
    assert_eq!(files_in(w.fx.dir.path()), vault_files);
}

#[test]
fn a_skipped_sign_out_backup_leaves_no_file_and_a_watched_one_reports_its_progress() {
    let (w, admin, _, _) = world();
    backup::set_folder(&admin, Some(w.out.path())).unwrap();
    // The person signing out skips the backup part-way: no file, no "last backup".
    let (job, seen) = cancelling_at(JobPhase::Seal);
    assert!(matches!(
        backup::automatic(&admin, backup::BackupKind::SignOut, &job),
        Err(CoreError::Cancelled)
    ));
    assert!(files_in(w.out.path()).is_empty());
    assert!(seen
        .lock()
        .unwrap()
        .iter()
        .any(|p| p.phase == JobPhase::Seal));
    assert!(backup::overview(&admin).unwrap().last_at.is_none());
    // Watched to the end, it reports every phase and leaves one sign-out backup.
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = seen.clone();
    let job = Job::new(Arc::new(AtomicBool::new(false)), move |p| {
        sink.lock().unwrap().push(p)
    });
    let info = backup::automatic(&admin, backup::BackupKind::SignOut, &job)
        .unwrap()
        .unwrap();
    assert_eq!(info.kind, "sign_out");
    let last = *seen.lock().unwrap().last().unwrap();
    assert!(last.phase == JobPhase::Seal && last.done == last.total);
    assert_eq!(files_in(w.out.path()), vec![info.file_name]);
}

#[test]
fn the_daily_work_and_a_restore_never_overlap() {
    let (w, admin, officer, _) = world();
    let info = backup::create(&admin, w.out.path(), &Job::unattended()).unwrap();
    drop((admin, officer));
    let v = w.fx.vault();
    let admin = again(&v);
    let officer = v.sign_in("olga", &pw("zilveren-maan-boven-zee")).unwrap();
    let file = PathBuf::from(&info.path);

    // The day's work has begun beside the officer's session: a restore waits until it is done
    // (a retention run writing into the file being replaced would be lost with it).
    let daily = officer.beside().unwrap().expect("nothing holds the vault");
    let (reached, reached_rx) = std::sync::mpsc::channel::<()>();
    let (go, go_rx) = std::sync::mpsc::channel::<()>();
    std::thread::scope(|sc| {
        // Dropped on a failed assertion, so the restore is not left waiting for it.
        let go = go;
        let restore = sc.spawn(|| {
            let mut first = Some((reached, go_rx));
            let job = Job::new(Arc::new(AtomicBool::new(false)), move |_| {
                if let Some((reached, go)) = first.take() {
                    reached.send(()).unwrap();
                    let _ = go.recv();
                }
            });
            restore_as(&v, admin, &file, &job)
        });
        assert!(
            reached_rx
                .recv_timeout(std::time::Duration::from_millis(500))
                .is_err(),
            "the restore began while the daily work held the vault"
        );
        drop(daily);
        reached_rx
            .recv_timeout(std::time::Duration::from_secs(30))
            .expect("the restore goes on once the daily work is done");
        // And while the restore holds the vault, no daily work begins.
        assert!(officer.beside().unwrap().is_none());
        drop(officer);
        go.send(()).unwrap();
        restore.join().unwrap().unwrap();
    });
}
