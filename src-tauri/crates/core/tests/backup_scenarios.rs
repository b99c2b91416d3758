//! Backups and restores as an administrator and an attacker would see them: a restore brings
//! the data back and erases again whoever was erased since; any damaged, foreign or wrongly
//! opened backup is refused before anything is replaced; a backup made before a user was
//! removed and the key rotated still opens with an administrator's password or the recovery key.
mod common;

use common::*;
use kluis_core::backup::{self, restore, Unlock};
use kluis_core::crm::dto::PersonInput;
use kluis_core::crm::{persons, search};
use kluis_core::job::{Job, JobPhase, JobProgress};
use kluis_core::privacy::dto::Lang;
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

fn admin_unlock(password: &str) -> (String, kluis_core::Password) {
    ("anna".to_string(), pw(password))
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
    let officer = signed_in(&v, "olga");
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
    let (w, admin, officer, [ada, bram, _]) = world();
    let info = backup::create(&admin, w.out.path(), &Job::unattended()).unwrap();
    assert!(info.file_name.ends_with(".kluisbackup"));
    // Only administrators make backups.
    assert!(matches!(
        backup::create(&officer, w.out.path(), &Job::unattended()),
        Err(CoreError::Denied)
    ));

    // After the backup: Bram is erased, a new person is added, Ada is renamed.
    erase(&officer, bram);
    person(&admin, "Dirk", "Proef");
    persons::update(
        &admin,
        ada,
        &PersonInput {
            given_name: "Ada".into(),
            family_name: "Later".into(),
            ..Default::default()
        },
    )
    .unwrap();
    // The folder for automatic backups was chosen after the backup: the restore keeps it.
    backup::set_folder(&admin, Some(w.out.path())).unwrap();
    let current = restore::carried_from(&admin).unwrap();
    assert!(matches!(
        restore::carried_from(&officer),
        Err(CoreError::Denied)
    ));
    drop((admin, officer));

    let v = w.fx.vault();
    let (user, password) = admin_unlock(ADMIN_PW);
    let unlock = Unlock::Admin {
        username: &user,
        password: &password,
    };
    let report = restore::restore(
        &v,
        &PathBuf::from(&info.path),
        &unlock,
        Some(current),
        &Job::unattended(),
    )
    .unwrap();
    assert!(report.replaced && !report.ledger_unavailable);
    assert_eq!(report.erasures_reapplied, vec![bram]);
    assert_eq!(report.people, 2);

    // The vault is the backup's, minus Bram: Ada's old name is back, Dirk never happened.
    let admin = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    assert_eq!(names(&admin), vec!["Ada Proef", "Cees Proef"]);
    assert!(matches!(
        persons::get(&admin, bram),
        Err(CoreError::NotFound)
    ));
    let check = verify::run(&admin).unwrap();
    assert!(check.ok(), "{check:?}");
    assert_eq!(
        check.backup_folder.as_deref(),
        Some(w.out.path().display().to_string().as_str())
    );
    // The restored vault knows of the backup it came from (Health: not "never").
    assert_eq!(
        check.last_backup_at.as_deref(),
        Some(info.created_at.as_str())
    );
    // The replaced vault is kept beside it.
    assert!(restore::previous_db(v.paths()).exists());
}

#[test]
fn every_damaged_region_and_every_wrong_opener_is_refused_and_nothing_is_replaced() {
    let (w, admin, _officer, _) = world();
    let info = backup::create(&admin, w.out.path(), &Job::unattended()).unwrap();
    let before = names(&admin);
    drop(admin);
    let file = PathBuf::from(&info.path);
    let bytes = std::fs::read(&file).unwrap();
    let v = w.fx.vault();
    let (user, password) = admin_unlock(ADMIN_PW);
    let unlock = Unlock::Admin {
        username: &user,
        password: &password,
    };
    let scratch = tempfile::tempdir().unwrap();
    // Offsets: the version byte, the stanza area, the metadata (key file, anchor), the header
    // MAC, the first chunk, a middle chunk, the last chunk; then a cut and an appended byte.
    let header_len = 12 + 1 + 16 + 1;
    let n = bytes.len();
    let mut cases: Vec<(String, Vec<u8>)> = [
        12,
        header_len + 2,
        header_len + 200,
        header_len + 1000,
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
    for (what, b) in cases {
        let f = scratch.path().join("damaged.kluisbackup");
        std::fs::write(&f, &b).unwrap();
        let err = restore::restore(
            &v,
            &f,
            &unlock,
            Some(Default::default()),
            &Job::unattended(),
        )
        .unwrap_err();
        assert!(
            matches!(
                err,
                CoreError::SealedDamaged(_)
                    | CoreError::SealedWrongSecret
                    | CoreError::AuthFailed
                    | CoreError::BackupNotForUser
                    | CoreError::BackupCheckFailed(_)
            ),
            "{what}: {err:?}"
        );
        assert!(
            restore::drill(&v, &f, &unlock, &Job::unattended()).is_err(),
            "{what}"
        );
    }
    // A wrong password; a recovery key of another vault.
    let wrong = pw("niet-het-goede-wachtwoord");
    assert!(matches!(
        restore::restore(
            &v,
            &file,
            &Unlock::Admin {
                username: "anna",
                password: &wrong
            },
            Some(Default::default()),
            &Job::unattended()
        ),
        Err(CoreError::AuthFailed)
    ));
    let other = Fixture::new();
    let (_, other_rk) = other.create(&other.vault());
    let other_rk = RecoveryKey::parse(&other_rk).unwrap();
    assert!(matches!(
        restore::restore(
            &v,
            &file,
            &Unlock::Recovery(&other_rk),
            Some(Default::default()),
            &Job::unattended()
        ),
        Err(CoreError::RecoveryKeyInvalid)
    ));
    // A sound backup of another vault.
    let other_out = tempfile::tempdir().unwrap();
    let other_admin = other.vault().sign_in("anna", &pw(ADMIN_PW)).unwrap();
    let foreign = backup::create(&other_admin, other_out.path(), &Job::unattended()).unwrap();
    let foreign_unlock = Unlock::Recovery(&other_rk);
    assert!(matches!(
        restore::restore(
            &v,
            &PathBuf::from(&foreign.path),
            &foreign_unlock,
            None,
            &Job::unattended()
        ),
        Err(CoreError::BackupForeignVault)
    ));
    // Nothing was replaced, and no file was left behind in the vault folder.
    assert!(!restore::previous_db(v.paths()).exists());
    let admin = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
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
fn a_backup_from_before_a_removal_and_key_rotation_opens_with_a_password_or_the_recovery_key() {
    let (w, mut admin, officer, _) = world();
    let dir_a = w.out.path().join("a");
    std::fs::create_dir(&dir_a).unwrap();
    let info = backup::create(&admin, &dir_a, &Job::unattended()).unwrap();
    // Olga leaves: removed, the key rotated. The backup still opens, with Anna's password and
    // with the recovery key; a drill replaces nothing.
    let olga = officer.user_id();
    drop(officer);
    user_admin::remove(&mut admin, olga).unwrap();
    drop(admin);
    let v = w.fx.vault();
    let file = PathBuf::from(&info.path);
    let (user, password) = admin_unlock(ADMIN_PW);
    let drill = restore::drill(
        &v,
        &file,
        &Unlock::Admin {
            username: &user,
            password: &password,
        },
        &Job::unattended(),
    )
    .unwrap();
    assert!(!drill.replaced);
    assert_eq!(drill.people, 3);
    assert!(!restore::previous_db(v.paths()).exists());
    let rk = RecoveryKey::parse(&w.recovery).unwrap();
    // Olga's password never opened a backup: her role was not an administrator's. Someone
    // who had no slot at all then hears the same, not "wrong password".
    let olga_pw = pw("zilveren-maan-boven-zee");
    for who in ["olga", "nieuwkomer"] {
        assert!(matches!(
            restore::drill(
                &v,
                &file,
                &Unlock::Admin {
                    username: who,
                    password: &olga_pw
                },
                &Job::unattended()
            ),
            Err(CoreError::BackupNotForUser)
        ));
    }
    let report = restore::restore(
        &v,
        &file,
        &Unlock::Recovery(&rk),
        Some(Default::default()),
        &Job::unattended(),
    )
    .unwrap();
    assert!(report.replaced);
    // The restored vault signs in with the key file of the backup.
    let admin = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    assert_eq!(names(&admin).len(), 3);
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
}

#[test]
fn a_personnel_file_deleted_by_retention_after_the_backup_is_deleted_again_by_the_restore() {
    use kluis_core::hr;
    use kluis_core::privacy::retention;
    let (w, mut admin, officer, _) = world();
    user_admin::add(&mut admin, &new_user("hanna", "Hanna HR", "hr")).unwrap();
    let hr_user = signed_in(&w.fx.vault(), "hanna");
    let leaver: hr::dto::EmployeeInput = serde_json::from_value(serde_json::json!({
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
    let current = restore::carried_from(&admin).unwrap();
    drop((admin, officer, hr_user));

    let v = w.fx.vault();
    let password = pw(ADMIN_PW);
    let unlock = Unlock::Admin {
        username: "anna",
        password: &password,
    };
    let report = restore::restore(
        &v,
        &PathBuf::from(&info.path),
        &unlock,
        Some(current),
        &Job::unattended(),
    )
    .unwrap();
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
    let current = restore::carried_from(&admin).unwrap();
    drop((admin, officer));
    let vault_files = files_in(w.fx.dir.path());

    let v = w.fx.vault();
    let password = pw(ADMIN_PW);
    let unlock = Unlock::Admin {
        username: "anna",
        password: &password,
    };
    let file = PathBuf::from(&info.path);
    for phase in [JobPhase::Open, JobPhase::Check] {
        let (job, _) = cancelling_at(phase);
        assert!(
            matches!(
                restore::drill(&v, &file, &unlock, &job),
                Err(CoreError::Cancelled)
            ),
            "drill {phase:?}"
        );
        assert_eq!(files_in(w.fx.dir.path()), vault_files, "drill {phase:?}");
    }
    for phase in [JobPhase::Open, JobPhase::Check, JobPhase::Reapply] {
        let (job, seen) = cancelling_at(phase);
        let mut switched = false;
        assert!(
            matches!(
                restore::restore_then(&v, &file, &unlock, Some(current.clone()), &job, || {
                    switched = true
                }),
                Err(CoreError::Cancelled)
            ),
            "restore {phase:?}"
        );
        assert!(!switched, "{phase:?}");
        assert!(seen.lock().unwrap().iter().any(|p| p.phase == phase));
        assert_eq!(files_in(w.fx.dir.path()), vault_files, "restore {phase:?}");
        // The vault is the one from before: Dirk is there, Bram is not.
        let admin = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
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
