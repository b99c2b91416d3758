//! Category keys (SECURITY.md > Category keys): who holds the keys of personnel files (hr),
//! special-category data (special) and backups (backup), and keeping that in step with roles.
//!
//! A key is sealed to the slot of every active user whose roles grant the category, and always
//! to the recovery slot. Sealing needs the key, so it happens in a session that holds it: the
//! person granting it, or the next holder who signs in, or an administrator with the recovery
//! key. Taking a key out of a slot needs no key; since the person may have kept a copy, the
//! category's key is then rotated (a new version, every value re-encrypted) as soon as a session
//! holding it can. Every version stays sealed to the holders, so values and backups written
//! under an earlier one remain readable to those who may read them, and to nobody else.
use crate::access::{Action, Category};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::error::{CoreError, CoreResult};
use crate::keyring::{held_from, HeldKey, KeyCategory};
use crate::session::Session;
use crate::store::{self, settings, users};
use crate::store::{ReadTx, WriteTx};
use kluis_vault::{CategoryKey, Holder, KeyFile};
use serde::Serialize;
use std::collections::{BTreeSet, HashSet};
use ts_rs::TS;

/// Categories whose key must be rotated (a holder lost it), as a settings value.
const ROTATION_DUE: &str = "category_rotation_due";

fn due(conn: &ReadTx) -> CoreResult<BTreeSet<String>> {
    Ok(settings::get(conn, ROTATION_DUE)?
        .map(|v| {
            v.split(',')
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default())
}

/// Records that a category's key must be rotated (someone who held it lost it).
pub(crate) fn mark_rotation_due(conn: &WriteTx, c: &str) -> CoreResult<()> {
    let mut set = due(conn)?;
    if set.insert(c.to_string()) {
        settings::set(
            conn,
            ROTATION_DUE,
            &set.into_iter().collect::<Vec<_>>().join(","),
        )?;
    }
    Ok(())
}

fn clear_rotation_due(conn: &WriteTx, c: KeyCategory) -> CoreResult<()> {
    let mut set = due(conn)?;
    if set.remove(c.as_str()) {
        settings::set(
            conn,
            ROTATION_DUE,
            &set.into_iter().collect::<Vec<_>>().join(","),
        )?;
    }
    Ok(())
}

/// Whether values are encrypted under the category's keys (a fresh key may only replace the
/// recovery slot's when none is).
fn has_sealed_data(s: &Session, c: KeyCategory) -> CoreResult<bool> {
    match c {
        KeyCategory::Hr | KeyCategory::Special => store::hr::any_sealed(&s.read()?, c.as_str()),
        KeyCategory::Backup => Ok(false),
    }
}

/// Every key version available here: the session's and any extra (the recovery slot's).
fn available(s: &Session, extra: &[HeldKey], c: KeyCategory) -> Vec<(u32, CategoryKey)> {
    let mut out: Vec<(u32, CategoryKey)> = s
        .category_keys
        .iter()
        .chain(extra.iter())
        .filter(|(k, _, _)| *k == c)
        .map(|(_, id, key)| (*id, key.clone()))
        .collect();
    out.sort_by_key(|(id, _)| *id);
    out.dedup_by_key(|(id, _)| *id);
    out
}

/// Brings the key file's category keys in step with who may hold them (see the module
/// comment). Returns whether the key file changed; the caller saves it. Keys the session may
/// use stay in it; the others it had only to hand over are dropped from it afterwards.
pub(crate) fn sync(s: &mut Session, kf: &mut KeyFile, extra: &[HeldKey]) -> CoreResult<bool> {
    let mut changed = false;
    for c in KeyCategory::ALL {
        changed |= sync_one(s, kf, extra, c)?;
    }
    let rights = s.rights.clone();
    s.category_keys.retain(|(c, _, _)| c.allowed(&rights));
    Ok(changed)
}

fn sync_one(
    s: &mut Session,
    kf: &mut KeyFile,
    extra: &[HeldKey],
    c: KeyCategory,
) -> CoreResult<bool> {
    let name = c.as_str();
    let (cat, action) = c.grant();
    let desired: HashSet<i64> = users::active_holders_of(&s.read()?, cat, action)?
        .into_iter()
        .filter(|id| {
            kf.slots()
                .iter()
                .any(|sl| sl.user_id == Some(*id) && sl.enabled)
        })
        .collect();
    let mut changed = false;
    // Taking a key away needs no key; a rotation follows as soon as a holder can make it.
    for (holder, _) in kf.category_holders(name) {
        if let Holder::User(id) = holder {
            if !desired.contains(&id) {
                kf.drop_category_key(holder, name, &s.key)?;
                s.atomically(|tx| mark_rotation_due(tx, name))?;
                changed = true;
            }
        }
    }
    let mut keys = available(s, extra, c);
    let holders = kf.category_holders(name);
    let users_hold = holders.iter().any(|(h, _)| matches!(h, Holder::User(_)));
    let newest_known = holders.iter().flat_map(|(_, ids)| ids).max().copied();
    // No colleague holds the key and nothing is encrypted under it (a new vault, the first
    // person given the role, a vault from before category keys): a fresh key will do.
    let fresh = keys.is_empty() && !users_hold && (holders.is_empty() || !has_sealed_data(s, c)?);
    if fresh {
        let id = newest_known.unwrap_or(0) + 1;
        keys.push((id, CategoryKey::generate()));
    }
    let Some(current_id) = keys.last().map(|(id, _)| *id) else {
        return Ok(changed);
    };
    // A key this session holds but older than what others hold: it cannot hand over the
    // newest, so it leaves the work to a session that can.
    if newest_known.is_some_and(|n| n > current_id) {
        return Ok(changed);
    }
    if due(&s.read()?)?.contains(name) && !fresh {
        let new_id = current_id + 1;
        let new_key = CategoryKey::generate();
        // Sealed first (every version stays with the holders), then the values move under it:
        // a crash in between leaves both versions with every holder.
        for holder in desired
            .iter()
            .map(|id| Holder::User(*id))
            .chain([Holder::Recovery])
        {
            kf.set_category_key(holder, name, new_id, &new_key, &s.key)?;
        }
        kf.save(&s.ctx.paths.keys())?;
        keys.push((new_id, new_key));
        reencrypt(s, c, &keys)?;
        s.atomically(|tx| clear_rotation_due(tx, c))?;
        s.audit(
            AuditEvent::new(Some(s.user.id), AuditAction::KeyRotated)
                .category(cat.as_str())
                .details(serde_json::json!({ "categoryKey": name, "version": new_id })),
        )?;
        changed = true;
    }
    // Every holder gets every version this session has and they lack.
    let holders = kf.category_holders(name);
    for holder in desired
        .iter()
        .map(|id| Holder::User(*id))
        .chain([Holder::Recovery])
    {
        let has: Vec<u32> = holders
            .iter()
            .find(|(h, _)| *h == holder)
            .map(|(_, ids)| ids.clone())
            .unwrap_or_default();
        for (id, key) in &keys {
            if !has.contains(id) {
                kf.set_category_key(holder, name, *id, key, &s.key)?;
                changed = true;
            }
        }
    }
    if c == KeyCategory::Backup {
        let (id, key) = keys.last().expect("a key");
        s.atomically(|tx| crate::keys::backup::publish(tx, *id, key))?;
    }
    for (id, key) in keys {
        if !s.category_keys.iter().any(|(k, i, _)| *k == c && *i == id) {
            s.category_keys.push((c, id, key));
        }
    }
    if c != KeyCategory::Backup {
        encrypt_legacy(s, c)?;
    }
    Ok(changed)
}

/// Re-encrypts every value of the category under its newest key.
fn reencrypt(s: &Session, c: KeyCategory, keys: &[(u32, CategoryKey)]) -> CoreResult<()> {
    match c {
        KeyCategory::Hr | KeyCategory::Special => crate::hr::sealing::reencrypt(s, c, keys),
        // Backups already written keep their key; new ones are sealed to the new one.
        KeyCategory::Backup => Ok(()),
    }
}

/// Encrypts values a vault from before category keys still holds in the clear.
fn encrypt_legacy(s: &Session, c: KeyCategory) -> CoreResult<()> {
    crate::hr::sealing::encrypt_legacy(s, c)
}

/// Who may hold each category key and whether they do: Settings > Health and `kluis verify`.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CategoryKeyState {
    pub category: KeyCategory,
    /// Active users whose roles grant the category.
    #[ts(type = "number")]
    pub holders: u32,
    /// Of those, how many do not have the newest key yet (it is handed over when a colleague
    /// who holds it signs in, or with the recovery key).
    #[ts(type = "number")]
    pub waiting: u32,
    /// A holder lost the key; the next session that holds it rotates it.
    pub rotation_due: bool,
}

/// The category keys' state for an administrator (Settings > Users, `kluis keys status`).
pub fn status(s: &Session) -> CoreResult<Vec<CategoryKeyState>> {
    s.require(Category::Admin, Action::View)?;
    states(s)
}

/// The same without a rights check, for `verify` (whose own check admits privacy officers).
pub(crate) fn states(s: &Session) -> CoreResult<Vec<CategoryKeyState>> {
    let kf = KeyFile::load(&s.ctx.paths.keys())?;
    let due = due(&s.read()?)?;
    let mut out = Vec::new();
    for c in KeyCategory::ALL {
        let (cat, action) = c.grant();
        let holders = kf.category_holders(c.as_str());
        let newest = holders.iter().flat_map(|(_, ids)| ids).max().copied();
        let desired = users::active_holders_of(&s.read()?, cat, action)?;
        let waiting = desired
            .iter()
            .filter(|id| {
                !holders.iter().any(|(h, ids)| {
                    *h == Holder::User(**id) && newest.is_some_and(|n| ids.contains(&n))
                })
            })
            .count();
        out.push(CategoryKeyState {
            category: c,
            holders: desired.len() as u32,
            waiting: waiting as u32,
            rotation_due: due.contains(c.as_str()),
        });
    }
    Ok(out)
}

/// An administrator hands the category keys over with the recovery key: to colleagues who wait
/// for them because nobody who holds them has signed in (or nobody who holds them is left).
pub fn hand_over_with_recovery(
    s: &mut Session,
    recovery_key: &str,
) -> CoreResult<Vec<CategoryKeyState>> {
    let _editing = s.edit_key_file();
    s.require(Category::Admin, Action::Manage)?;
    let mut kf = KeyFile::load(&s.ctx.paths.keys())?;
    let rk =
        kluis_vault::RecoveryKey::parse(recovery_key).map_err(|_| CoreError::RecoveryKeyInvalid)?;
    let opened = kf
        .unlock_recovery(&rk)
        .map_err(|_| CoreError::RecoveryKeyInvalid)?;
    if opened.db_key.as_ref() != Some(&s.key) {
        return Err(CoreError::RecoveryKeyInvalid);
    }
    let extra = held_from(&opened);
    if sync(s, &mut kf, &extra)? {
        kf.save(&s.ctx.paths.keys())?;
    }
    s.audit(
        AuditEvent::new(Some(s.user.id), AuditAction::CategoryKeysHandedOver)
            .category(Category::Admin.as_str()),
    )?;
    states(s)
}

/// A key to seal new values of the category with when this session holds none: only while no
/// value is sealed under the category's keys (invented demo data for a vault without personnel
/// files), as a new version sealed to every holder and the recovery slot. None when that cannot
/// be: nobody may hold it yet, or values exist that only holders may add to.
pub(crate) fn key_for_new_data(
    s: &Session,
    c: KeyCategory,
) -> CoreResult<Option<(u32, CategoryKey)>> {
    let _editing = s.ctx.editing_key_file();
    if let Ok((id, key)) = s.category_key(c) {
        return Ok(Some((id, key.clone())));
    }
    let mut kf = KeyFile::load(&s.ctx.paths.keys())?;
    let (cat, action) = c.grant();
    let desired: Vec<i64> = users::active_holders_of(&s.read()?, cat, action)?
        .into_iter()
        .filter(|id| {
            kf.slots()
                .iter()
                .any(|sl| sl.user_id == Some(*id) && sl.enabled)
        })
        .collect();
    if desired.is_empty() || has_sealed_data(s, c)? {
        return Ok(None);
    }
    let newest = kf
        .category_holders(c.as_str())
        .into_iter()
        .flat_map(|(_, ids)| ids)
        .max()
        .unwrap_or(0);
    let (id, key) = (newest + 1, CategoryKey::generate());
    for holder in desired
        .into_iter()
        .map(Holder::User)
        .chain([Holder::Recovery])
    {
        kf.set_category_key(holder, c.as_str(), id, &key, &s.key)?;
    }
    kf.save(&s.ctx.paths.keys())?;
    Ok(Some((id, key)))
}
