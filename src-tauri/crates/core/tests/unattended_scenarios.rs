//! Unattended restart of the office server: an administrator allows it, the host seals a
//! credential, and after a restart the vault opens with that credential alone. Attacks: a
//! credential for another vault or with another key, one kept after it was turned off (with
//! an old copy of the key file), and one acting for an administrator who was disabled since.
mod common;
use common::*;
use kluis_core::crm::persons;
use kluis_core::dto::crm::{PersonInput, PersonQuery};
use kluis_core::error::{CoreError, OfficeFailure};
use kluis_core::{unattended, user_admin, EndReason};
use kluis_vault::KeyFile;

fn secret_of(credential: &str) -> [u8; 32] {
    let hex = credential.split_whitespace().nth(2).unwrap();
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

fn people(s: &kluis_core::Session) -> usize {
    persons::list(
        s,
        &PersonQuery {
            limit: 10,
            ..Default::default()
        },
    )
    .unwrap()
    .rows
    .len()
}

#[test]
fn the_host_unlocks_only_what_an_administrator_allowed() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    persons::create(
        &admin,
        &PersonInput {
            given_name: "Femke".into(),
            family_name: "Visser".into(),
            ..Default::default()
        },
    )
    .unwrap();
    // Not allowed yet: the host cannot seal a credential.
    assert!(matches!(
        unattended::seal(&mut admin),
        Err(CoreError::Office(OfficeFailure::UnattendedNotAllowed))
    ));
    // A colleague without the right cannot allow it.
    user_admin::add(&mut admin, &new_user("piet", "Piet Verkoop", "user")).unwrap();
    let mut piet = signed_in(&v, "piet");
    assert!(matches!(
        unattended::set_allowed(&mut piet, true),
        Err(CoreError::Denied)
    ));
    piet.end(EndReason::SignOut);
    let mut admin = again(&v);
    let state = unattended::set_allowed(&mut admin, true).unwrap();
    assert!(state.allowed && !state.on_host);
    assert_eq!(state.allowed_by.as_deref(), Some("Anna de Vries"));
    let credential = unattended::seal(&mut admin).unwrap();
    let state = unattended::state(&admin).unwrap();
    assert!(state.on_host);
    assert_eq!(state.acting_for.as_deref(), Some("Anna de Vries"));
    admin.end(EndReason::SignOut);
    drop(v);

    // The restart: a new process, nobody's password.
    let v = fx.vault();
    let host = v.unlock_unattended(&credential).unwrap();
    assert_eq!(host.username(), "anna");
    assert_eq!(people(&host), 1);
    host.end(EndReason::SignOut);

    // A password change rotates the database key: the host slot gets the new one too.
    let mut admin = again(&v);
    kluis_core::account::change_password(&mut admin, &pw(ADMIN_PW), &pw(OWN_PW)).unwrap();
    admin.end(EndReason::SignOut);
    let host = v.unlock_unattended(&credential).unwrap();
    assert_eq!(people(&host), 1);
    host.end(EndReason::SignOut);

    // Another key, or a credential for another vault, opens nothing.
    let wrong_key = format!(
        "{} {} {}",
        credential.split_whitespace().next().unwrap(),
        credential.split_whitespace().nth(1).unwrap(),
        "ab".repeat(32)
    );
    let other_vault = credential.replacen(
        credential.split_whitespace().nth(1).unwrap(),
        &"0".repeat(32),
        1,
    );
    for bad in [
        wrong_key.as_str(),
        other_vault.as_str(),
        "",
        "kluis-unattended/1",
    ] {
        assert!(
            matches!(
                v.unlock_unattended(bad),
                Err(CoreError::Office(OfficeFailure::UnattendedCredential))
            ),
            "{bad:?}"
        );
    }

    // Turned off: the slot goes and the database key is rotated, so the credential opens
    // nothing, not even with a copy of the key file made while it was on.
    let old_keys = std::fs::read(fx.paths().keys()).unwrap();
    let mut admin = v.sign_in("anna", &pw(OWN_PW)).unwrap();
    let state = unattended::set_allowed(&mut admin, false).unwrap();
    assert!(!state.allowed && !state.on_host);
    admin.end(EndReason::SignOut);
    assert!(matches!(
        v.unlock_unattended(&credential),
        Err(CoreError::Office(OfficeFailure::UnattendedCredential))
    ));
    let old = KeyFile::from_json(&old_keys).unwrap();
    let old_key = old
        .unlock_host(&secret_of(&credential))
        .unwrap()
        .db_key
        .unwrap();
    let current = KeyFile::load(&fx.paths().keys())
        .unwrap()
        .unlock_user("anna", &pw(OWN_PW))
        .unwrap()
        .db_key
        .unwrap();
    assert_ne!(old_key, current, "the database key was rotated");
}

#[test]
fn the_host_stops_acting_for_an_administrator_who_is_disabled() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut anna, _) = fx.create(&v);
    user_admin::add(&mut anna, &new_user("bram", "Bram Beheer", "administrator")).unwrap();
    anna.end(EndReason::SignOut);
    let mut bram = signed_in(&v, "bram");
    unattended::set_allowed(&mut bram, true).unwrap();
    let credential = unattended::seal(&mut bram).unwrap();
    bram.end(EndReason::SignOut);
    assert_eq!(v.unlock_unattended(&credential).unwrap().username(), "bram");

    let mut anna = again(&v);
    let bram_id = user_admin::list(&anna)
        .unwrap()
        .into_iter()
        .find(|u| u.username == "bram")
        .unwrap()
        .id;
    user_admin::set_active(&mut anna, bram_id, false).unwrap();
    anna.end(EndReason::SignOut);
    assert!(matches!(
        v.unlock_unattended(&credential),
        Err(CoreError::AccountDisabled)
    ));
}
