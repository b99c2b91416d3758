//! Rotating the database key. Order matters for crash safety: the new key file is written
//! first (the old one is kept as `kluis.keys.prev`), then the database is re-encrypted. A crash
//! in between is finished at the next sign-in (see `Vault::open_db`).
use crate::audit::{AuditAction, AuditEvent};
use crate::error::CoreResult;
use crate::session::Session;
use crate::store::{self, users};
use kluis_vault::{DbKey, KeyFile};

/// Seals a fresh database key to every remaining slot and re-encrypts the database with it.
pub(crate) fn rotate(s: &mut Session, mut kf: KeyFile) -> CoreResult<()> {
    let new_key = DbKey::generate();
    kf.rotate(&new_key)?;
    kf.save(&s.ctx.paths.keys())?;
    store::rekey(&s.conn, &new_key)?;
    s.key = new_key;
    s.audit(
        AuditEvent::new(Some(s.user.id), AuditAction::KeyRotated)
            .category("admin")
            .details(serde_json::json!({ "generation": kf.generation() })),
    )?;
    Ok(())
}

/// Removes the key slots of users who are removed (or were never committed), rotating the key
/// so their old copies of the key file stop working. Finishes a removal interrupted by a crash.
pub(crate) fn drop_stale_slots(s: &mut Session) -> CoreResult<()> {
    let kf = KeyFile::load(&s.ctx.paths.keys())?;
    let current: std::collections::HashSet<i64> = users::list_all(&s.conn)?
        .into_iter()
        .filter(|u| !u.removed)
        .map(|u| u.id)
        .collect();
    let stale: Vec<i64> = kf
        .slots()
        .into_iter()
        .filter_map(|sl| sl.user_id)
        .filter(|id| !current.contains(id))
        .collect();
    if stale.is_empty() {
        return Ok(());
    }
    let mut kf = kf;
    for id in stale {
        kf.remove_user(id)?;
    }
    rotate(s, kf)
}
