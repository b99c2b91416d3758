use super::*;

#[cfg(feature = "test-kdf")]
fn kdf() -> KdfParams {
    KdfParams::fast_for_tests()
}
#[cfg(not(feature = "test-kdf"))]
fn kdf() -> KdfParams {
    KdfParams::recommended()
}

fn pw(s: &str) -> Password {
    Password::new(s)
}

fn db_key_of(kf: &KeyFile, user: &str, password: &str) -> DbKey {
    kf.unlock_user(user, &pw(password))
        .unwrap()
        .db_key
        .expect("an enabled slot")
}

#[test]
fn user_and_recovery_open_the_same_key() {
    let (kf, key, rk) = KeyFile::create(1, "Anna", &pw("pw-anna"), kdf()).unwrap();
    let u = kf.unlock_user("anna", &pw("pw-anna")).unwrap();
    assert_eq!(u.user_id(), Some(1));
    assert_eq!(u.db_key.as_ref(), Some(&key));
    assert!(!u.legacy);
    let r = kf.unlock_recovery(&rk).unwrap();
    assert_eq!(r.holder, Holder::Recovery);
    assert_eq!(r.db_key, Some(key));
}

#[test]
fn wrong_password_and_unknown_user_look_the_same() {
    let (kf, _, _) = KeyFile::create(1, "anna", &pw("pw-anna"), kdf()).unwrap();
    assert!(matches!(
        kf.unlock_user("anna", &pw("nope")),
        Err(VaultError::WrongPassword)
    ));
    assert!(matches!(
        kf.unlock_user("bob", &pw("pw-anna")),
        Err(VaultError::WrongPassword)
    ));
}

#[test]
fn json_round_trip_and_no_names_on_disk() {
    let (kf, key, _) = KeyFile::create(1, "MarkerUserName", &pw("pw"), kdf()).unwrap();
    let json = kf.to_json();
    let text = String::from_utf8(json.clone()).unwrap();
    assert!(!text.to_lowercase().contains("markerusername"));
    let back = KeyFile::from_json(&json).unwrap();
    assert_eq!(db_key_of(&back, "markerusername", "pw"), key);
}

fn edit(kf: &KeyFile, f: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut v: serde_json::Value = serde_json::from_slice(&kf.to_json()).unwrap();
    f(&mut v);
    serde_json::to_vec(&v).unwrap()
}

#[test]
fn edited_slot_metadata_is_refused() {
    let (kf, _, rk) = KeyFile::create(1, "anna", &pw("pw"), kdf()).unwrap();
    // Pretend the slot belongs to another user id.
    let bytes = edit(&kf, |v| v["slots"][0]["user"]["userId"] = 7.into());
    let forged = KeyFile::from_json(&bytes).unwrap();
    assert!(forged.unlock_user("anna", &pw("pw")).is_err());
    // Roll the generation back or forward: every slot refuses.
    let bytes = edit(&kf, |v| v["generation"] = 2.into());
    let forged = KeyFile::from_json(&bytes).unwrap();
    assert!(matches!(
        forged.unlock_user("anna", &pw("pw")),
        Err(VaultError::Tampered)
    ));
    assert!(forged.unlock_recovery(&rk).is_err());
    // A flipped bit in the sealed key.
    let bytes = edit(&kf, |v| {
        let ct = v["slots"][0]["sealedDbKey"]["ct"]
            .as_str()
            .unwrap()
            .to_string();
        let mut raw = data_encoding::BASE64.decode(ct.as_bytes()).unwrap();
        raw[0] ^= 1;
        v["slots"][0]["sealedDbKey"]["ct"] = data_encoding::BASE64.encode(&raw).into();
    });
    let forged = KeyFile::from_json(&bytes).unwrap();
    assert!(matches!(
        forged.unlock_user("anna", &pw("pw")),
        Err(VaultError::Tampered)
    ));
}

/// Someone who can write the file seals a key of their choosing to anna's public key, with
/// every associated datum right: the slot's MAC, which needs anna's private key (or the
/// database key) to make, refuses it.
#[test]
fn a_key_sealed_to_a_slot_by_an_outsider_is_refused() {
    let (mut kf, key, rk) = KeyFile::create(1, "anna", &pw("pw"), kdf()).unwrap();
    let hr = CategoryKey::generate();
    kf.set_category_key(Holder::User(1), "hr", 1, &hr, &key)
        .unwrap();
    let host = kf.set_host(&key, 1, "2026-12-07T10:00:00Z").unwrap();
    let attacker = DbKey::generate();
    for i in 0..kf.slots.len() {
        let mut forged = kf.clone();
        let (vid, gen) = (forged.vault_id.clone(), forged.generation);
        forged.slots[i].seal_db_key(&vid, gen, &attacker).unwrap();
        let u = match forged.slots[i].holder() {
            Holder::User(_) => forged.unlock_user("anna", &pw("pw")),
            Holder::Recovery => forged.unlock_recovery(&rk),
            Holder::Host => forged.unlock_host(&host),
        };
        assert!(matches!(u, Err(VaultError::Tampered)), "slot {i}");
    }
    // A category key of the attacker's choosing, sealed to anna.
    let mut forged = kf.clone();
    let vid = forged.vault_id.clone();
    forged.slots[0]
        .seal_category(&vid, "hr", 1, &CategoryKey::generate())
        .unwrap();
    assert!(matches!(
        forged.unlock_user("anna", &pw("pw")),
        Err(VaultError::Tampered)
    ));
    // Stripping the MAC and calling the slot legacy does not get past either.
    let bytes = edit(&kf, |v| {
        let s = &mut v["slots"][0];
        s["v"] = 1.into();
        s.as_object_mut().unwrap().remove("mac");
        s.as_object_mut().unwrap().remove("wrappedAuth");
    });
    let downgraded = KeyFile::from_json(&bytes).unwrap();
    assert!(matches!(
        downgraded.unlock_user("anna", &pw("pw")),
        Err(VaultError::Tampered)
    ));
    // The genuine file opens, with the category key.
    let u = kf.unlock_user("anna", &pw("pw")).unwrap();
    assert_eq!(
        u.category("hr").map(|(id, k)| (id, k.clone())),
        Some((1, hr))
    );
    assert_eq!(kf.check_slots(&key), (0, 0));
    assert_eq!(forged.check_slots(&key), (1, 0));
}

#[test]
fn weak_parameters_in_a_file_are_refused_outside_tests() {
    let (kf, _, _) = KeyFile::create(1, "anna", &pw("pw"), kdf()).unwrap();
    let bytes = edit(&kf, |v| {
        v["slots"][0]["user"]["kdf"] = serde_json::json!({"mKib": 8, "t": 1, "p": 1})
    });
    let loaded = KeyFile::from_json(&bytes);
    if cfg!(feature = "test-kdf") {
        // The test build accepts it, but the seal still refuses the changed parameters.
        assert!(loaded.unwrap().unlock_user("anna", &pw("pw")).is_err());
    } else {
        assert!(matches!(loaded, Err(VaultError::WeakKdf)));
    }
    // Parameters that would take hours or all the memory are refused before any work.
    let bytes =
        edit(
            &kf,
            |v| {
                v["slots"][0]["user"]["kdf"] =
                    serde_json::json!({"mKib": 65536, "t": 4000000000u32, "p": 1})
            },
        );
    assert!(matches!(
        KeyFile::from_json(&bytes),
        Err(VaultError::Malformed(_))
    ));
}

#[test]
fn other_files_and_versions_are_refused() {
    assert!(matches!(
        KeyFile::from_json(b"{}"),
        Err(VaultError::Malformed(_))
    ));
    assert!(matches!(
        KeyFile::from_json(b"\x00\x01junk"),
        Err(VaultError::Malformed(_))
    ));
    let (kf, _, _) = KeyFile::create(1, "anna", &pw("pw"), kdf()).unwrap();
    let bytes = edit(&kf, |v| v["version"] = 9.into());
    assert!(matches!(
        KeyFile::from_json(&bytes),
        Err(VaultError::UnsupportedVersion(9))
    ));
    let bytes = edit(&kf, |v| {
        v["slots"].as_array_mut().unwrap().pop();
    });
    assert!(matches!(
        KeyFile::from_json(&bytes),
        Err(VaultError::Malformed(_))
    ));
}

#[test]
fn rotation_locks_out_a_removed_user_and_an_old_copy() {
    let (mut kf, key1, rk) = KeyFile::create(1, "anna", &pw("pw-a"), kdf()).unwrap();
    kf.set_user(&key1, 2, "bob", &pw("pw-b"), kdf()).unwrap();
    let old_copy = kf.clone();
    kf.remove_user(2).unwrap();
    let key2 = DbKey::generate();
    kf.rotate(&key1, &key2).unwrap();
    assert_eq!(db_key_of(&kf, "anna", "pw-a"), key2);
    assert_eq!(kf.unlock_recovery(&rk).unwrap().db_key, Some(key2.clone()));
    assert!(kf.unlock_user("bob", &pw("pw-b")).is_err());
    // Bob's old copy of the key file only ever yields the old key.
    assert_eq!(db_key_of(&old_copy, "bob", "pw-b"), key1);
    assert_ne!(key1, key2);
    assert_eq!(kf.check_slots(&key2), (0, 0));
    // Rotating needs the current key (it unwraps the slots' authentication keys).
    assert!(kf.clone().rotate(&key1, &DbKey::generate()).is_err());
}

#[test]
fn a_password_change_is_a_new_key_pair() {
    let (mut kf, key, _) = KeyFile::create(1, "anna", &pw("old"), kdf()).unwrap();
    let before = kf.clone();
    let old_public = kf.slots[0].public_key.clone();
    kf.set_user(&key, 1, "anna", &pw("new"), kdf()).unwrap();
    assert_ne!(kf.slots[0].public_key, old_public);
    assert!(kf.unlock_user("anna", &pw("old")).is_err());
    assert_eq!(db_key_of(&kf, "anna", "new"), key);
    // After the rotation that follows, the old password with the old file gets only the old key.
    let key2 = DbKey::generate();
    kf.rotate(&key, &key2).unwrap();
    assert_eq!(db_key_of(&before, "anna", "old"), key);
    assert_eq!(db_key_of(&kf, "anna", "new"), key2);
    assert_eq!(kf.slots().len(), 2);
}

#[test]
fn a_disabled_slot_holds_no_key_until_enabled_again() {
    let (mut kf, key, _) = KeyFile::create(1, "anna", &pw("pw-a"), kdf()).unwrap();
    kf.set_user(&key, 2, "bob", &pw("pw-b"), kdf()).unwrap();
    kf.set_category_key(Holder::User(2), "hr", 1, &CategoryKey::generate(), &key)
        .unwrap();
    kf.set_enabled(2, false, &key).unwrap();
    let bob = kf.unlock_user("bob", &pw("pw-b")).unwrap();
    assert!(bob.db_key.is_none());
    assert!(bob.categories.is_empty());
    assert!(!kf.slots().iter().any(|s| s.user_id == Some(2) && s.enabled));
    kf.set_enabled(2, true, &key).unwrap();
    assert_eq!(db_key_of(&kf, "bob", "pw-b"), key);
    assert!(kf.category_holders("hr").is_empty());
}

#[test]
fn every_version_of_a_category_key_is_kept_and_the_newest_is_current() {
    let (mut kf, key, rk) = KeyFile::create(1, "anna", &pw("pw"), kdf()).unwrap();
    let (k1, k2) = (CategoryKey::generate(), CategoryKey::generate());
    for (id, k) in [(1, &k1), (2, &k2)] {
        kf.set_category_key(Holder::User(1), "hr", id, k, &key)
            .unwrap();
        kf.set_category_key(Holder::Recovery, "hr", id, k, &key)
            .unwrap();
    }
    let u = kf.unlock_user("anna", &pw("pw")).unwrap();
    assert_eq!(
        u.category("hr").map(|(id, k)| (id, k.clone())),
        Some((2, k2))
    );
    assert_eq!(u.categories.len(), 2);
    assert_eq!(kf.unlock_recovery(&rk).unwrap().categories.len(), 2);
    assert_eq!(
        kf.category_holders("hr"),
        vec![
            (Holder::User(1), vec![1, 2]),
            (Holder::Recovery, vec![1, 2])
        ]
    );
    kf.drop_category_key(Holder::User(1), "hr", &key).unwrap();
    assert!(kf
        .unlock_user("anna", &pw("pw"))
        .unwrap()
        .categories
        .is_empty());
    assert_eq!(kf.check_slots(&key), (0, 0));
}

#[test]
fn save_keeps_no_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kluis.keys");
    let (mut kf, key, _) = KeyFile::create(1, "anna", &pw("pw"), kdf()).unwrap();
    kf.save(&path).unwrap();
    kf.rotate(&key, &DbKey::generate()).unwrap();
    kf.save(&path).unwrap();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["kluis.keys"]);
    assert_eq!(KeyFile::load(&path).unwrap().generation(), 2);
}

/// A key file as version 1 wrote it: no MACs, version 1 associated data.
fn as_version_1(kf: &KeyFile, key: &DbKey, password: &str, rk: &RecoveryKey) -> Vec<u8> {
    let mut old = kf.clone();
    old.version = 1;
    let vid = old.vault_id.clone();
    for s in old.slots.iter_mut() {
        let secret = match &s.user {
            Some(_) => {
                let kek = s.derive_kek(&pw(password)).unwrap();
                let secret = s.open_secret(&vid, &kek).unwrap();
                s.v = 1;
                s.seal_secret(&vid, &secret, &kek).unwrap();
                secret
            }
            None => {
                s.v = 1;
                rk.secret().clone()
            }
        };
        let _ = secret;
        s.seal_db_key(&vid, old.generation, key).unwrap();
        s.mac = None;
        s.wrapped_auth = None;
    }
    old.to_json()
}

#[test]
fn a_version_1_file_opens_and_each_slot_is_upgraded_by_its_owner() {
    let (kf, key, rk) = KeyFile::create(1, "anna", &pw("pw"), kdf()).unwrap();
    let bytes = as_version_1(&kf, &key, "pw", &rk);
    let mut legacy = KeyFile::from_json(&bytes).unwrap();
    assert_eq!(legacy.check_slots(&key), (0, 2));
    assert!(legacy.recovery_auth_key(&key).unwrap().is_none());
    let u = legacy.unlock_user("anna", &pw("pw")).unwrap();
    assert!(u.legacy);
    assert_eq!(u.db_key.as_ref(), Some(&key));
    legacy.upgrade(&u, &key).unwrap();
    let r = legacy.unlock_recovery(&rk).unwrap();
    assert!(r.legacy);
    legacy.upgrade(&r, &key).unwrap();
    let back = KeyFile::from_json(&legacy.to_json()).unwrap();
    assert_eq!(back.check_slots(&key), (0, 0));
    let u = back.unlock_user("anna", &pw("pw")).unwrap();
    assert!(!u.legacy);
    assert_eq!(u.db_key, Some(key.clone()));
    assert!(back.recovery_auth_key(&key).unwrap().is_some());
    assert_eq!(
        back.recovery_auth_key(&key).unwrap().map(|k| *k),
        recovery_auth_from_key(&back, &rk).map(|k| *k)
    );
}

#[test]
fn the_host_slot_opens_the_database_key_and_nothing_else() {
    let (mut kf, key, _) = KeyFile::create(1, "anna", &pw("pw-anna"), kdf()).unwrap();
    kf.set_category_key(Holder::User(1), "hr", 1, &CategoryKey::generate(), &key)
        .unwrap();
    let secret = kf.set_host(&key, 1, "2026-12-07T10:00:00Z").unwrap();
    let back = KeyFile::from_json(&kf.to_json()).unwrap();
    let host = back.unlock_host(&secret).unwrap();
    assert_eq!(host.holder, Holder::Host);
    assert_eq!(host.db_key.as_ref(), Some(&key));
    assert!(host.categories.is_empty(), "no category key for the host");
    assert_eq!(
        back.host(),
        Some(HostSlot {
            acting_user_id: 1,
            since: "2026-12-07T10:00:00Z".into()
        })
    );
    assert_eq!(back.check_slots(&key), (0, 0));
    // A rotation (a password change) reseals the new key to the host too.
    let mut kf = back;
    let new = DbKey::generate();
    kf.rotate(&key, &new).unwrap();
    assert_eq!(kf.unlock_host(&secret).unwrap().db_key, Some(new.clone()));
    // Anyone else's private key opens nothing.
    let other = [7u8; 32];
    assert!(matches!(
        kf.unlock_host(&other),
        Err(VaultError::NoSuchSlot)
    ));
    // A replaced slot makes the old credential worthless; a removed one too.
    let fresh = kf.set_host(&new, 1, "2026-12-08T10:00:00Z").unwrap();
    assert!(kf.unlock_host(&secret).is_err());
    assert!(kf.unlock_host(&fresh).is_ok());
    assert!(kf.remove_host());
    assert!(matches!(
        kf.unlock_host(&fresh),
        Err(VaultError::NoSuchSlot)
    ));
    assert!(!kf.remove_host());
}

#[test]
fn a_host_slot_made_to_act_for_someone_else_is_refused() {
    let (mut kf, key, _) = KeyFile::create(1, "anna", &pw("pw-anna"), kdf()).unwrap();
    let secret = kf.set_host(&key, 1, "2026-12-07T10:00:00Z").unwrap();
    // Someone who can write the vault folder moves the host slot to another administrator.
    let forged = edit(&kf, |v| {
        for slot in v["slots"].as_array_mut().unwrap() {
            if let Some(h) = slot.get_mut("host") {
                h["actingUserId"] = serde_json::json!(2);
            }
        }
    });
    let forged = KeyFile::from_json(&forged).unwrap();
    assert!(matches!(
        forged.unlock_host(&secret),
        Err(VaultError::Tampered)
    ));
}
