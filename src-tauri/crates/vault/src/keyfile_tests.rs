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

#[test]
fn user_and_recovery_open_the_same_key() {
    let (kf, key, rk) = KeyFile::create(1, "Anna", &pw("pw-anna"), kdf()).unwrap();
    let (uid, k1) = kf.unlock_user("anna", &pw("pw-anna")).unwrap();
    assert_eq!(uid, 1);
    assert_eq!(k1, key);
    assert_eq!(kf.unlock_recovery(&rk).unwrap(), key);
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
    assert_eq!(
        back.unlock_user("markerusername", &pw("pw")).unwrap().1,
        key
    );
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
    // Roll the generation back or forward: every sealed database key refuses.
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
    kf.rotate(&key2).unwrap();
    assert_eq!(kf.unlock_user("anna", &pw("pw-a")).unwrap().1, key2);
    assert_eq!(kf.unlock_recovery(&rk).unwrap(), key2);
    assert!(kf.unlock_user("bob", &pw("pw-b")).is_err());
    // Bob's old copy of the key file only ever yields the old key.
    assert_eq!(old_copy.unlock_user("bob", &pw("pw-b")).unwrap().1, key1);
    assert_ne!(key1, key2);
}

#[test]
fn password_change_and_admin_reset() {
    let (mut kf, key, _) = KeyFile::create(1, "anna", &pw("old"), kdf()).unwrap();
    assert!(kf
        .change_password("anna", &pw("wrong"), &pw("new"), kdf())
        .is_err());
    kf.change_password("anna", &pw("old"), &pw("new"), kdf())
        .unwrap();
    assert!(kf.unlock_user("anna", &pw("old")).is_err());
    assert_eq!(kf.unlock_user("anna", &pw("new")).unwrap().1, key);
    // An administrator resets it without knowing it.
    kf.set_user(&key, 1, "anna", &pw("initial"), kdf()).unwrap();
    assert_eq!(kf.unlock_user("anna", &pw("initial")).unwrap().1, key);
    assert_eq!(kf.slots().len(), 2);
}

#[test]
fn save_keeps_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kluis.keys");
    let (mut kf, key, _) = KeyFile::create(1, "anna", &pw("pw"), kdf()).unwrap();
    kf.save(&path).unwrap();
    kf.rotate(&DbKey::generate()).unwrap();
    kf.save(&path).unwrap();
    let prev = KeyFile::load(&dir.path().join("kluis.keys.prev")).unwrap();
    assert_eq!(prev.unlock_user("anna", &pw("pw")).unwrap().1, key);
    assert_eq!(KeyFile::load(&path).unwrap().generation(), 2);
}
