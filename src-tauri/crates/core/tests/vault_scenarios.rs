//! The foundation's scenarios: what a person or an attacker observes of the vault on disk and at
//! sign-in.
mod common;

use common::*;
use kluis_core::dto::SecuritySettings;
use kluis_core::{account, security, user_admin, verify, CoreError, EndReason, SessionSlot};
use std::fs;

#[test]
fn wrong_password_is_a_typed_error_and_reads_nothing() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    s.end(EndReason::SignOut);
    let before = fs::metadata(fx.paths().db()).unwrap().modified().unwrap();
    match v.sign_in("anna", &pw("not-the-password-at-all")) {
        Err(CoreError::AuthFailed) => {}
        other => panic!("expected AuthFailed, got {other:?}"),
    }
    // Unknown users look exactly like wrong passwords.
    assert!(matches!(
        v.sign_in("nobody", &pw(ADMIN_PW)),
        Err(CoreError::AuthFailed)
    ));
    // The database was not opened for writing: no failed attempt could be recorded in it.
    assert_eq!(
        fs::metadata(fx.paths().db()).unwrap().modified().unwrap(),
        before
    );
    let s = v.sign_in("ANNA", &pw(ADMIN_PW)).unwrap();
    // The failures were written to the audit trail at the next successful sign-in.
    let rows = verify::audit_page(&s, None, 50).unwrap();
    assert_eq!(
        rows.iter()
            .filter(|r| r.action == "auth.sign_in_failed")
            .count(),
        2
    );
}

#[test]
fn repeated_failures_add_a_growing_delay() {
    let fx = Fixture::new();
    let v = fx.vault();
    fx.create(&v).0.end(EndReason::SignOut);
    for _ in 0..3 {
        assert!(matches!(
            v.sign_in("anna", &pw("wrong-wrong-wrong")),
            Err(CoreError::AuthFailed)
        ));
    }
    // Even the right password waits now.
    match v.sign_in("anna", &pw(ADMIN_PW)) {
        Err(CoreError::Throttled { retry_after_secs }) => assert_eq!(retry_after_secs, 5),
        other => panic!("{other:?}"),
    }
    fx.clock.advance(chrono::Duration::seconds(5));
    assert!(matches!(
        v.sign_in("anna", &pw("wrong-again-wrong")),
        Err(CoreError::AuthFailed)
    ));
    match v.sign_in("anna", &pw(ADMIN_PW)) {
        Err(CoreError::Throttled { retry_after_secs }) => assert_eq!(retry_after_secs, 10),
        other => panic!("{other:?}"),
    }
    fx.clock.advance(chrono::Duration::seconds(10));
    v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
}

#[test]
fn the_recovery_key_unlocks_and_sets_a_new_admin_password() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, rk) = fx.create(&v);
    s.end(EndReason::SignOut);
    let bad = rk.replace(&rk[0..1], if &rk[0..1] == "A" { "B" } else { "A" });
    assert!(matches!(
        v.recover(&bad, "anna", &pw("nieuwe-sleutel-voor-anna")),
        Err(CoreError::RecoveryKeyInvalid)
    ));
    let s = v
        .recover(&rk.to_lowercase(), "anna", &pw("nieuwe-sleutel-voor-anna"))
        .unwrap();
    assert_eq!(s.username(), "anna");
    s.end(EndReason::SignOut);
    assert!(matches!(
        v.sign_in("anna", &pw(ADMIN_PW)),
        Err(CoreError::AuthFailed)
    ));
    v.sign_in("anna", &pw("nieuwe-sleutel-voor-anna")).unwrap();
}

#[test]
fn the_recovery_key_is_confirmed_by_typing_it_back() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, rk) = fx.create(&v);
    assert!(!s.info().unwrap().recovery_key_confirmed);
    assert!(account::confirm_recovery_key(&s, "ABCDE-FGHIJ").is_err());
    assert!(
        account::confirm_recovery_key(&s, &rk)
            .unwrap()
            .recovery_key_confirmed
    );
}

#[test]
fn a_removed_users_old_key_file_no_longer_opens_the_database() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    let bob = user_admin::add(&mut admin, &new_user("bob", "Bob Bakker", "user")).unwrap();
    let old_keys = fs::read(fx.paths().keys()).unwrap();
    user_admin::remove(&mut admin, bob.id).unwrap();
    admin.end(EndReason::SignOut);
    assert!(matches!(
        v.sign_in("bob", &pw(USER_PW)),
        Err(CoreError::AuthFailed)
    ));
    // Bob kept a copy of the key file from before his removal and puts it back.
    fs::write(fx.paths().keys(), &old_keys).unwrap();
    match v.sign_in("bob", &pw(USER_PW)) {
        Err(CoreError::DatabaseUnreadable) => {}
        other => panic!("the old key file still opened the database: {other:?}"),
    }
}

#[test]
fn an_interrupted_rotation_is_finished_at_the_next_sign_in() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    user_admin::add(&mut admin, &new_user("bob", "Bob Bakker", "user")).unwrap();
    admin.end(EndReason::SignOut);
    // The database as it was before the rotation (still on the old key), with the anchors
    // written down until then (a crash before the rotation wrote no later ones).
    let db_before = fs::read(fx.paths().db()).unwrap();
    let keys_before = fs::read(fx.paths().keys()).unwrap();
    let anchors_before = fs::read(fx.paths().anchors()).unwrap();
    let mut admin = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    let bob = user_admin::id_by_username(&admin, "bob").unwrap();
    user_admin::remove(&mut admin, bob).unwrap();
    admin.end(EndReason::SignOut);
    let names = |dir: &std::path::Path| -> Vec<String> {
        let mut n: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("kluis.keys") || n == "kluis.rotation")
            .collect();
        n.sort();
        n
    };
    // After a rotation no earlier key file and no journal is left beside the vault.
    assert_eq!(names(fx.dir.path()), ["kluis.keys"]);
    // Crash after the journal and the new key file were written, before the database was
    // re-encrypted: the journal holds the old key under the new one.
    let key_of = |bytes: &[u8]| {
        kluis_vault::KeyFile::from_json(bytes)
            .unwrap()
            .unlock_user("anna", &pw(ADMIN_PW))
            .unwrap()
            .db_key
            .unwrap()
    };
    let kf_after = kluis_vault::KeyFile::load(&fx.paths().keys()).unwrap();
    let journal = kluis_vault::RotationJournal::new(
        &kf_after.vault_id(),
        kf_after.generation() - 1,
        kf_after.generation(),
        &key_of(&keys_before),
        &key_of(&fs::read(fx.paths().keys()).unwrap()),
    )
    .unwrap();
    fs::write(fx.paths().db(), &db_before).unwrap();
    fs::write(fx.paths().anchors(), &anchors_before).unwrap();
    journal.save(&fx.paths().rotation()).unwrap();
    let s = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    let report = verify::run(&s).unwrap();
    assert!(report.ok(), "{report:?}");
    s.end(EndReason::SignOut);
    assert_eq!(names(fx.dir.path()), ["kluis.keys"]);
    // The database is now on the new key only: the old key file no longer opens it.
    let current = fs::read(fx.paths().keys()).unwrap();
    fs::write(fx.paths().keys(), &keys_before).unwrap();
    assert!(matches!(
        v.sign_in("anna", &pw(ADMIN_PW)),
        Err(CoreError::DatabaseUnreadable)
    ));
    // A journal planted by someone who holds neither key changes nothing.
    fs::write(fx.paths().keys(), &current).unwrap();
    let planted = kluis_vault::RotationJournal::new(
        &kf_after.vault_id(),
        kf_after.generation() - 1,
        kf_after.generation(),
        &kluis_vault::DbKey::generate(),
        &kluis_vault::DbKey::generate(),
    )
    .unwrap();
    planted.save(&fx.paths().rotation()).unwrap();
    v.sign_in("anna", &pw(ADMIN_PW))
        .unwrap()
        .end(EndReason::SignOut);
    assert_eq!(names(fx.dir.path()), ["kluis.keys"]);
}

#[test]
fn second_instance_is_refused() {
    let fx = Fixture::new();
    let _v = fx.vault();
    match kluis_core::Vault::open(
        fx.paths(),
        fx.clock.clone(),
        kluis_core::KdfParams::fast_for_tests(),
    ) {
        Err(CoreError::VaultInUse) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_missing_or_damaged_key_file_is_reported_and_no_new_vault_is_made() {
    let fx = Fixture::new();
    let v = fx.vault();
    fx.create(&v).0.end(EndReason::SignOut);
    let keys = fs::read(fx.paths().keys()).unwrap();
    fs::remove_file(fx.paths().keys()).unwrap();
    assert!(matches!(v.problem(), Some(CoreError::KeyFileMissing)));
    assert!(matches!(
        v.sign_in("anna", &pw(ADMIN_PW)),
        Err(CoreError::KeyFileMissing)
    ));
    assert!(v.exists());
    let again = v.create(&kluis_core::dto::CreateVaultRequest {
        org_name: "X".into(),
        admin_username: "x1".into(),
        admin_display_name: "X".into(),
        password: ADMIN_PW.into(),
    });
    assert!(matches!(again, Err(CoreError::VaultExists)));
    fs::write(
        fx.paths().keys(),
        b"{\"format\":\"kluis-keys\",\"version\":1,\"garbage\":true}",
    )
    .unwrap();
    assert!(matches!(v.problem(), Some(CoreError::KeyFileCorrupt(_))));
    fs::write(fx.paths().keys(), &keys).unwrap();
    assert!(v.problem().is_none());
    v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
}

#[test]
fn a_database_that_will_not_decrypt_is_reported() {
    let fx = Fixture::new();
    let v = fx.vault();
    fx.create(&v).0.end(EndReason::SignOut);
    let mut db = fs::read(fx.paths().db()).unwrap();
    for b in db.iter_mut().take(4096) {
        *b ^= 0x5a;
    }
    fs::write(fx.paths().db(), db).unwrap();
    assert!(matches!(
        v.sign_in("anna", &pw(ADMIN_PW)),
        Err(CoreError::DatabaseUnreadable)
    ));
}

#[test]
fn an_edited_audit_row_is_found_by_verify() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut s, _) = fx.create(&v);
    user_admin::add(&mut s, &new_user("bob", "Bob Bakker", "user")).unwrap();
    assert!(verify::run(&s).unwrap().ok());
    s.end(EndReason::SignOut);
    // Someone with the key edits the trail behind the app's back.
    let kf = kluis_vault::KeyFile::load(&fx.paths().keys()).unwrap();
    let key = kf
        .unlock_user("anna", &pw(ADMIN_PW))
        .unwrap()
        .db_key
        .unwrap();
    {
        let c = rusqlite::Connection::open(fx.paths().db()).unwrap();
        c.execute_batch(&key.pragma_statement("key")).unwrap();
        c.execute_batch(
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor_id = 99 WHERE id = 3;",
        )
        .unwrap();
    }
    let s = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    let report = verify::run(&s).unwrap();
    assert!(!report.ok());
    assert_eq!(report.audit.first_broken_id, Some(3));
}

#[test]
fn a_display_name_never_reaches_the_disk_in_plain_text() {
    const MARKER: &str = "Zqxjmarker Vwkplastname";
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut s, _) = fx.create(&v);
    user_admin::add(&mut s, &new_user("marker.user", MARKER, "user")).unwrap();
    // While the session is open (WAL in use) and after it ends.
    let scan = |when: &str| {
        for entry in fs::read_dir(fx.dir.path()).unwrap() {
            let path = entry.unwrap().path();
            let bytes = fs::read(&path).unwrap();
            for needle in [MARKER.as_bytes(), b"Zqxjmarker", b"marker.user"] {
                assert!(
                    !bytes.windows(needle.len()).any(|w| w == needle),
                    "{when}: found {} in {}",
                    String::from_utf8_lossy(needle),
                    path.display()
                );
            }
        }
    };
    scan("session open");
    s.end(EndReason::SignOut);
    scan("after sign-out");
}

#[test]
fn new_users_must_change_their_initial_password_first() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    user_admin::add(&mut admin, &new_user("bob", "Bob Bakker", "administrator")).unwrap();
    admin.end(EndReason::SignOut);
    let mut bob = v.sign_in("bob", &pw(USER_PW)).unwrap();
    assert!(bob.info().unwrap().must_change_password);
    assert!(matches!(
        user_admin::list(&bob),
        Err(CoreError::PasswordChangeRequired)
    ));
    assert!(matches!(
        account::change_password(&mut bob, &pw(USER_PW), &pw(USER_PW)),
        Err(CoreError::Invalid { .. })
    ));
    assert!(matches!(
        account::change_password(&mut bob, &pw(USER_PW), &pw("welkom123")),
        Err(CoreError::Invalid { .. })
    ));
    let info = account::change_password(&mut bob, &pw(USER_PW), &pw("blauwe-olifant-danst-traag"))
        .unwrap();
    assert!(!info.must_change_password);
    assert_eq!(user_admin::list(&bob).unwrap().len(), 2);
    bob.end(EndReason::SignOut);
    assert!(matches!(
        v.sign_in("bob", &pw(USER_PW)),
        Err(CoreError::AuthFailed)
    ));
    v.sign_in("bob", &pw("blauwe-olifant-danst-traag")).unwrap();
}

#[test]
fn disabled_users_cannot_sign_in_until_re_enabled() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    let bob = user_admin::add(&mut admin, &new_user("bob", "Bob Bakker", "user")).unwrap();
    user_admin::set_active(&mut admin, bob.id, false).unwrap();
    admin.end(EndReason::SignOut);
    assert!(matches!(
        v.sign_in("bob", &pw(USER_PW)),
        Err(CoreError::AccountDisabled)
    ));
    let mut admin = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    user_admin::set_active(&mut admin, bob.id, true).unwrap();
    admin.end(EndReason::SignOut);
    v.sign_in("bob", &pw(USER_PW)).unwrap();
}

#[test]
fn the_last_administrator_and_oneself_are_protected() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    let me = admin.user_id();
    assert!(matches!(
        user_admin::remove(&mut admin, me),
        Err(CoreError::SelfAction)
    ));
    assert!(matches!(
        user_admin::set_active(&mut admin, me, false),
        Err(CoreError::SelfAction)
    ));
    let carol = user_admin::add(&mut admin, &new_user("carol", "Carol", "administrator")).unwrap();
    // Two admins: removing one is fine.
    user_admin::remove(&mut admin, carol.id).unwrap();
    assert_eq!(user_admin::list(&admin).unwrap().len(), 1);
}

#[test]
fn guests_and_users_cannot_manage_users_even_by_calling_the_core() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    user_admin::add(&mut admin, &new_user("gast", "Gerda Gast", "guest")).unwrap();
    admin.end(EndReason::SignOut);
    let mut g = v.sign_in("gast", &pw(USER_PW)).unwrap();
    account::change_password(&mut g, &pw(USER_PW), &pw("rode-kikker-zingt-hard")).unwrap();
    assert!(matches!(user_admin::list(&g), Err(CoreError::Denied)));
    assert!(matches!(
        user_admin::add(&mut g, &new_user("x2", "X", "administrator")),
        Err(CoreError::Denied)
    ));
    assert!(matches!(
        user_admin::remove(&mut g, 1),
        Err(CoreError::Denied)
    ));
    assert!(matches!(
        security::set(
            &mut g,
            &SecuritySettings {
                auto_lock_minutes: 240
            }
        ),
        Err(CoreError::Denied)
    ));
    assert!(matches!(
        verify::audit_page(&g, None, 10),
        Err(CoreError::Denied)
    ));
    let info = g.info().unwrap();
    assert!(!info.can.manage_users);
    g.end(EndReason::SignOut);
    let admin = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    let denied = verify::audit_page(&admin, None, 100)
        .unwrap()
        .into_iter()
        .filter(|r| r.action == "access.denied")
        .count();
    assert_eq!(denied, 5);
}

#[test]
fn sessions_lock_after_the_idle_time() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut s, _) = fx.create(&v);
    security::set(
        &mut s,
        &SecuritySettings {
            auto_lock_minutes: 5,
        },
    )
    .unwrap();
    assert!(matches!(
        security::set(
            &mut s,
            &SecuritySettings {
                auto_lock_minutes: 0
            }
        ),
        Err(CoreError::Invalid { .. })
    ));
    let mut slot = SessionSlot::default();
    slot.set(s);
    fx.clock.advance(chrono::Duration::minutes(4));
    slot.with(|s| user_admin::list(s)).unwrap();
    fx.clock.advance(chrono::Duration::minutes(4));
    slot.with(|s| user_admin::list(s)).unwrap();
    fx.clock.advance(chrono::Duration::minutes(6));
    assert!(matches!(
        slot.with(|s| user_admin::list(s)),
        Err(CoreError::Locked)
    ));
    assert!(!slot.is_open());
    let s = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    assert!(verify::audit_page(&s, None, 100)
        .unwrap()
        .iter()
        .any(|r| r.action == "auth.auto_lock"));

    // The shell's timer locks an idle session without waiting for a command: the session (and
    // its keys) is gone before anyone touches the app again.
    let mut slot = SessionSlot::default();
    slot.set(s);
    fx.clock.advance(chrono::Duration::minutes(4));
    assert!(!slot.lock_if_idle());
    assert!(slot.is_open());
    fx.clock.advance(chrono::Duration::minutes(2));
    assert!(slot.lock_if_idle());
    assert!(!slot.is_open());
    assert!(!slot.lock_if_idle());
}

#[test]
fn an_admin_resets_a_forgotten_password() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    let bob = user_admin::add(&mut admin, &new_user("bob", "Bob Bakker", "user")).unwrap();
    let r = user_admin::reset_password(&mut admin, bob.id, &pw("zomer-regen-in-januari")).unwrap();
    assert!(r.must_change_password);
    admin.end(EndReason::SignOut);
    assert!(matches!(
        v.sign_in("bob", &pw(USER_PW)),
        Err(CoreError::AuthFailed)
    ));
    let b = v.sign_in("bob", &pw("zomer-regen-in-januari")).unwrap();
    assert!(b.info().unwrap().must_change_password);
}

#[test]
fn weak_or_malformed_input_is_refused_with_the_field_named() {
    let fx = Fixture::new();
    let v = fx.vault();
    let r = v.create(&kluis_core::dto::CreateVaultRequest {
        org_name: "Acme".into(),
        admin_username: "anna".into(),
        admin_display_name: "Anna".into(),
        password: "welkom2026".into(),
    });
    match r {
        Err(CoreError::Invalid { field, .. }) => assert_eq!(field, "password"),
        other => panic!("{other:?}"),
    }
    assert!(!v.exists(), "a refused setup must leave nothing behind");
    let (mut admin, _) = fx.create(&v);
    match user_admin::add(&mut admin, &new_user("has space", "X", "user")) {
        Err(CoreError::Invalid { field, .. }) => assert_eq!(field, "username"),
        other => panic!("{other:?}"),
    }
    match user_admin::add(&mut admin, &new_user("ok.name", "X", "no-such-role")) {
        Err(CoreError::Invalid { field, .. }) => assert_eq!(field, "roles"),
        other => panic!("{other:?}"),
    }
    user_admin::add(&mut admin, &new_user("bob", "Bob", "user")).unwrap();
    assert!(matches!(
        user_admin::add(&mut admin, &new_user("BOB", "Bob 2", "user")),
        Err(CoreError::UsernameTaken)
    ));
}

/// Someone who must change an initial (or reset) password does that first: the gate stands in
/// front of every service the shells call, also those that need no particular grant.
#[test]
fn a_password_that_must_change_gates_every_service() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    user_admin::add(&mut admin, &new_user("bob", "Bob Bakker", "user")).unwrap();
    let mut slot = SessionSlot::default();
    slot.set(v.sign_in("bob", &pw(USER_PW)).unwrap());
    for result in [
        slot.with(|s| kluis_core::crm::search::search(s, "bak", 5).map(|_| ())),
        slot.with(|s| kluis_core::privacy::purposes::list(s, false).map(|_| ())),
        slot.with(|s| kluis_core::keys::custody::status(s).map(|_| ())),
        slot.with(|s| s.info().map(|_| ())),
    ] {
        assert!(
            matches!(result, Err(CoreError::PasswordChangeRequired)),
            "{result:?}"
        );
    }
    // What they may do: see who they are, and change it.
    assert!(
        slot.with_account(|s| s.info())
            .unwrap()
            .must_change_password
    );
    slot.with_account(|s| {
        kluis_core::account::change_password(s, &pw(USER_PW), &pw("nieuw-eigen-wachtwoord-bob"))
    })
    .unwrap();
    assert!(slot
        .with(|s| kluis_core::crm::search::search(s, "bak", 5))
        .is_ok());
}
