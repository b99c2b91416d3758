//! The vault's keys at work: opening the database with the key a slot gives (finishing a key
//! rotation a crash interrupted), rotating the database key, keeping the key file's slots in
//! step with the users table, and the category keys (`custody`).
//!
//! A rotation writes the journal first (the old key wrapped under the new), then the new key
//! file, then re-encrypts the database, then removes the journal. A crash anywhere leaves the
//! database under exactly one of the two keys and a way to reach it: the key file's key, or the
//! journal's old key under it. No earlier key file is ever kept as a fallback.
pub mod backup;
pub mod custody;

use crate::dto::audit::{AuditAction, AuditEvent};
use crate::error::{CoreError, CoreResult};
use crate::paths::VaultPaths;
use crate::session::Session;
use crate::store::users;
use crate::store::Store;
use kluis_vault::{DbKey, KeyFile, RotationJournal, Unlocked};
use std::sync::Arc;

/// Opens the database with the key the key file gave. If it does not open and a rotation
/// journal for this key file's generation is there, the crash came after the new key file was
/// written: the journal's old key opens the database, which is then re-encrypted to the new key.
/// A stale journal (the crash came before the new key file) is removed.
pub(crate) fn open_database(
    paths: &VaultPaths,
    kf: &KeyFile,
    key: &DbKey,
) -> CoreResult<Arc<Store>> {
    let db = paths.db();
    let journal = paths.rotation();
    match Store::open_migrated(&db, key) {
        Ok(st) => {
            if journal.exists() {
                remove_journal(paths)?;
            }
            Ok(st)
        }
        Err(CoreError::DatabaseUnreadable) if journal.exists() => {
            let j = RotationJournal::load(&journal).map_err(|_| CoreError::KeyFileTampered)?;
            if j.vault_id() != kf.vault_id() || j.to_generation != kf.generation() {
                return Err(CoreError::DatabaseUnreadable);
            }
            let old = j.old_key(key).map_err(|_| CoreError::KeyFileTampered)?;
            let st = Store::open_migrated(&db, &old)?;
            st.rekey(key)?;
            remove_journal(paths)?;
            Ok(st)
        }
        Err(e) => Err(e),
    }
}

fn remove_journal(paths: &VaultPaths) -> CoreResult<()> {
    match std::fs::remove_file(paths.rotation()) {
        Ok(()) => {
            crate::files::sync_dir(&paths.dir);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Seals a fresh database key to every slot that holds one and re-encrypts the database with
/// it; `kf` carries the changes that made the rotation necessary (a slot removed, withheld or
/// given a new key pair). Afterwards no key file, copy or old password opens the database.
pub(crate) fn rotate(s: &mut Session, mut kf: KeyFile) -> CoreResult<()> {
    let _editing = s.edit_key_file();
    let new_key = DbKey::generate();
    let from = kf.generation();
    let journal = RotationJournal::new(&kf.vault_id(), from, from + 1, &s.key, &new_key)?;
    kf.rotate(&s.key, &new_key)?;
    let paths = s.ctx.paths.clone();
    journal.save(&paths.rotation())?;
    kf.save(&paths.keys())?;
    s.store.rekey(&new_key)?;
    s.key = new_key;
    remove_journal(&paths)?;
    s.audit(
        AuditEvent::new(Some(s.user.id), AuditAction::KeyRotated)
            .category("admin")
            .details(serde_json::json!({ "generation": kf.generation() })),
    )?;
    Ok(())
}

/// Brings the key file in step with the users table after sign-in or a change of users: slots
/// of removed users (or of users never committed) go, disabled users' slots lose the database
/// key, re-enabled ones get it back, the opener's own legacy slot is upgraded, and category
/// keys go to who may hold them (`custody::sync`). Rotates the database key when anyone lost
/// access. Finishes what a crash interrupted, e.g. a removal whose rotation never ran.
pub(crate) fn settle(s: &mut Session, opened: Option<&Unlocked>) -> CoreResult<()> {
    let _editing = s.edit_key_file();
    let mut kf = KeyFile::load(&s.ctx.paths.keys())?;
    // A session signing in has no slot yet to bring its key up to date from: its opened one.
    if let Some(key) = opened
        .and_then(|u| kf.open_again(u).ok())
        .and_then(|o| o.db_key)
    {
        s.key = key;
    }
    let mut changed = false;
    if let Some(u) = opened.filter(|u| u.legacy) {
        kf.upgrade(u, &s.key)?;
        changed = true;
    }
    let people: std::collections::HashMap<i64, users::UserRow> = users::list_all(&s.read()?)?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut lost_access = false;
    for slot in kf.slots() {
        let Some(id) = slot.user_id else { continue };
        match people.get(&id) {
            Some(u) if !u.removed && u.active => {
                if !slot.enabled {
                    kf.set_enabled(id, true, &s.key)?;
                    changed = true;
                }
            }
            Some(u) if !u.removed => {
                if slot.enabled || !slot.categories.is_empty() {
                    kf.set_enabled(id, false, &s.key)?;
                    lost_access = true;
                }
            }
            _ => {
                kf.remove_user(id)?;
                lost_access = true;
            }
        }
        // Whoever loses a slot's keys may have kept a copy: their categories get new keys.
        let still_active = people.get(&id).is_some_and(|u| !u.removed && u.active);
        if !still_active {
            for (c, _) in &slot.categories {
                s.atomically(|tx| custody::mark_rotation_due(tx, c))?;
            }
        }
    }
    changed |= custody::sync(s, &mut kf, &[])?;
    if lost_access {
        rotate(s, kf)
    } else {
        if changed {
            kf.save(&s.ctx.paths.keys())?;
        }
        Ok(())
    }
}

/// Removes the previous key file earlier versions kept beside the vault as a fallback: with it
/// and an old password, the vault opened after a password change.
pub(crate) fn remove_legacy_fallback(paths: &VaultPaths) {
    let prev = paths.legacy_keys_prev();
    if prev.exists() && std::fs::remove_file(&prev).is_ok() {
        crate::files::sync_dir(&paths.dir);
    }
}
