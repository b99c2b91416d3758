//! The audit trail: append-only rows, each hashed over its fields and the previous row's hash,
//! so an edited, inserted or deleted row breaks the chain where it happened. Rows hold
//! identifiers and field names, never personal values.
//!
//! The hash is keyed (HMAC-SHA256 under the vault's audit key, version 2 rows), and the chain's
//! head is written down outside the database as it grows (`anchors`: every backup, the anchors
//! file, Health), so a tail cut off or a chain rewritten by someone holding the database key is
//! found by the first anchor it contradicts. Rows from before keep their SHA-256 links (v1).
use super::{ReadTx, WriteTx};
use crate::clock::stamp;
use crate::dto::audit::{AuditEvent, AuditRow, ChainReport};
use crate::error::CoreResult;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

const GENESIS: [u8; 32] = [0u8; 32];

/// One row's fields as they are hashed.
struct RowFields<'a> {
    id: i64,
    at: &'a str,
    actor: Option<i64>,
    action: &'a str,
    entity: Option<&'a str>,
    entity_id: Option<&'a str>,
    category: Option<&'a str>,
    details: &'a str,
}

/// Length-prefixed fields, so no two rows can serialise the same.
fn row_bytes(version: &[u8], prev: &[u8], f: &RowFields<'_>) -> Vec<u8> {
    let mut out = version.to_vec();
    out.extend_from_slice(prev);
    let mut field = |b: Option<&[u8]>| match b {
        Some(b) => {
            out.push(1u8);
            out.extend_from_slice(&(b.len() as u64).to_le_bytes());
            out.extend_from_slice(b);
        }
        None => out.push(0u8),
    };
    let id_s = f.id.to_string();
    let actor_s = f.actor.map(|a| a.to_string());
    field(Some(id_s.as_bytes()));
    field(Some(f.at.as_bytes()));
    field(actor_s.as_deref().map(str::as_bytes));
    field(Some(f.action.as_bytes()));
    field(f.entity.map(str::as_bytes));
    field(f.entity_id.map(str::as_bytes));
    field(f.category.map(str::as_bytes));
    field(Some(f.details.as_bytes()));
    out
}

/// A version 1 row's hash: SHA-256 (rows written before the chain was keyed).
fn row_hash_v1(prev: &[u8], f: &RowFields<'_>) -> Vec<u8> {
    Sha256::digest(row_bytes(b"kluis/audit/v1", prev, f)).to_vec()
}

/// A version 2 row's hash: HMAC-SHA256 under the vault's audit key.
fn row_hash_v2(key: &[u8; 32], prev: &[u8], f: &RowFields<'_>) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any key length");
    mac.update(&row_bytes(b"kluis/audit/v2", prev, f));
    mac.finalize().into_bytes().to_vec()
}

/// Appends one entry inside the caller's transaction.
pub fn append(tx: &WriteTx, now: DateTime<Utc>, ev: AuditEvent<'_>) -> CoreResult<i64> {
    let conn = tx.conn();
    let last: Option<(i64, Vec<u8>)> = conn
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (id, prev) = match last {
        Some((id, hash)) => (id + 1, hash),
        None => (1, GENESIS.to_vec()),
    };
    let at = stamp(now);
    let details = ev.details.to_string();
    let key = crate::store::secrets::get(tx, crate::store::secrets::AUDIT)?;
    let hash = row_hash_v2(
        &key,
        &prev,
        &RowFields {
            id,
            at: &at,
            actor: ev.actor,
            action: ev.action.as_str(),
            entity: ev.entity,
            entity_id: ev.entity_id.as_deref(),
            category: ev.category,
            details: &details,
        },
    );
    conn.execute(
        "INSERT INTO audit_log (id, at, actor_id, action, entity, entity_id, category, details, prev_hash, hash, v)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 2)",
        params![id, at, ev.actor, ev.action.as_str(), ev.entity, ev.entity_id, ev.category, details, prev, hash],
    )?;
    Ok(id)
}

pub fn verify_chain(tx: &ReadTx) -> CoreResult<ChainReport> {
    verify_chain_with(tx, |_, _| {})
}

/// Walks the chain, handing each row's id and hash to `each` (the anchors are checked on the
/// way). A version 1 row after a version 2 one is a break: nobody writes those any more.
pub fn verify_chain_with(tx: &ReadTx, mut each: impl FnMut(i64, &[u8])) -> CoreResult<ChainReport> {
    let conn = tx.conn();
    let key = crate::store::secrets::get(tx, crate::store::secrets::AUDIT).ok();
    let mut stmt = conn.prepare(
        "SELECT id, at, actor_id, action, entity, entity_id, category, details, prev_hash, hash, v
         FROM audit_log ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_vec();
    let mut expected_id = 1i64;
    let mut entries = 0i64;
    let mut first_broken = None;
    let mut keyed = false;
    let mut head_id = 0i64;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let stored_prev: Vec<u8> = r.get(8)?;
        let stored: Vec<u8> = r.get(9)?;
        let version: i64 = r.get(10)?;
        let (at, action, details): (String, String, String) = (r.get(1)?, r.get(3)?, r.get(7)?);
        let (entity, entity_id, category): (Option<String>, Option<String>, Option<String>) =
            (r.get(4)?, r.get(5)?, r.get(6)?);
        let f = RowFields {
            id,
            at: &at,
            actor: r.get(2)?,
            action: &action,
            entity: entity.as_deref(),
            entity_id: entity_id.as_deref(),
            category: category.as_deref(),
            details: &details,
        };
        let computed = match (version, &key) {
            (1, _) if !keyed => Some(row_hash_v1(&stored_prev, &f)),
            (2, Some(k)) => {
                keyed = true;
                Some(row_hash_v2(k, &stored_prev, &f))
            }
            _ => None,
        };
        if first_broken.is_none()
            && (id != expected_id || stored_prev != prev || computed.as_ref() != Some(&stored))
        {
            first_broken = Some(id);
        }
        each(id, &stored);
        prev = stored;
        expected_id = id + 1;
        head_id = id;
        entries += 1;
    }
    Ok(ChainReport {
        entries,
        head_id,
        head: hex(&prev),
        first_broken_id: first_broken,
    })
}

pub(crate) fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// The chain's head: the last row's id and hash (0 and the genesis hash when empty).
pub fn head(tx: &ReadTx) -> CoreResult<(i64, String)> {
    let conn = tx.conn();
    let last: Option<(i64, Vec<u8>)> = conn
        .query_row(
            "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match last {
        Some((id, h)) => (id, hex(&h)),
        None => (0, hex(&GENESIS)),
    })
}

/// Newest first, `limit` rows older than `before_id`.
pub fn list(tx: &ReadTx, before_id: Option<i64>, limit: u32) -> CoreResult<Vec<AuditRow>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(
        "SELECT a.id, a.at, a.actor_id, u.username, a.action, a.entity, a.entity_id, a.category, a.details
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
         WHERE a.id < ?1 ORDER BY a.id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(
        params![before_id.unwrap_or(i64::MAX), limit.min(1000)],
        |r| {
            Ok(AuditRow {
                id: r.get(0)?,
                at: r.get(1)?,
                actor_id: r.get(2)?,
                actor_username: r.get(3)?,
                action: r.get(4)?,
                entity: r.get(5)?,
                entity_id: r.get(6)?,
                category: r.get(7)?,
                details: r.get(8)?,
            })
        },
    )?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// One committed audit row as live refresh reads it: what changed, never its values.
pub struct ChangeRow {
    pub id: i64,
    pub action: String,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub category: Option<String>,
    /// The row names a person whose processing is restricted now.
    pub restricted: bool,
}

/// Rows after `after`, oldest first, at most `limit` (live refresh polls with the last id seen).
pub fn changes_after(tx: &ReadTx, after: i64, limit: u32) -> CoreResult<Vec<ChangeRow>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.action, a.entity, a.entity_id, a.category, coalesce(p.restricted, 0) <> 0
         FROM audit_log a
         LEFT JOIN persons p ON a.entity = 'person' AND p.id = CAST(a.entity_id AS INTEGER)
         WHERE a.id > ?1 ORDER BY a.id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![after, limit], |r| {
        Ok(ChangeRow {
            id: r.get(0)?,
            action: r.get(1)?,
            entity: r.get(2)?,
            entity_id: r.get(3)?,
            category: r.get(4)?,
            restricted: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The newest row's id (0 for none): where live refresh starts.
pub fn last_id(tx: &ReadTx) -> CoreResult<i64> {
    Ok(tx
        .conn()
        .query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
            r.get(0)
        })?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dto::audit::AuditAction;

    fn db() -> crate::store::WriteTx {
        let mut c = rusqlite::Connection::open_in_memory().unwrap();
        crate::store::migrate(&mut c).unwrap();
        let st = crate::store::Store::over(c);
        let c = st.write().unwrap();
        crate::store::secrets::ensure(&c).unwrap();
        c
    }

    #[test]
    fn chain_verifies_and_an_edit_is_found_where_it_happened() {
        let c = db();
        let now = Utc::now();
        for i in 0..5 {
            append(
                &c,
                now,
                AuditEvent::new(Some(1), AuditAction::SignIn).on("user", i),
            )
            .unwrap();
        }
        let ok = verify_chain(&c).unwrap();
        assert_eq!(ok.entries, 5);
        assert_eq!(ok.first_broken_id, None);
        // Someone with the key drops the guard and edits row 3.
        c.execute_batch(
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET entity_id = '9' WHERE id = 3;",
        )
        .unwrap();
        assert_eq!(verify_chain(&c).unwrap().first_broken_id, Some(3));
    }

    #[test]
    fn a_deleted_row_breaks_the_chain() {
        let c = db();
        for _ in 0..4 {
            append(
                &c,
                Utc::now(),
                AuditEvent::new(None, AuditAction::SignInFailed),
            )
            .unwrap();
        }
        c.execute_batch("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2;")
            .unwrap();
        assert_eq!(verify_chain(&c).unwrap().first_broken_id, Some(3));
    }

    #[test]
    fn rows_are_keyed_and_a_row_rehashed_without_the_key_breaks_the_chain() {
        let c = db();
        for i in 0..3 {
            append(
                &c,
                Utc::now(),
                AuditEvent::new(Some(1), AuditAction::SignIn).on("user", i),
            )
            .unwrap();
        }
        assert_eq!(verify_chain(&c).unwrap().first_broken_id, None);
        // Someone rewrites row 3 and computes its hash the unkeyed way (v1), or as v2 with a
        // key of their own: both are found.
        let (prev, at): (Vec<u8>, String) = c
            .query_row(
                "SELECT prev_hash, at FROM audit_log WHERE id = 3",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let f = RowFields {
            id: 3,
            at: &at,
            actor: Some(1),
            action: "auth.sign_in",
            entity: Some("user"),
            entity_id: Some("9"),
            category: None,
            details: "{}",
        };
        c.execute_batch("DROP TRIGGER audit_log_no_update;")
            .unwrap();
        for (v, hash) in [
            (1, row_hash_v1(&prev, &f)),
            (2, row_hash_v2(&[7u8; 32], &prev, &f)),
        ] {
            c.execute(
                "UPDATE audit_log SET entity_id = '9', hash = ?1, v = ?2 WHERE id = 3",
                params![hash, v],
            )
            .unwrap();
            assert_eq!(verify_chain(&c).unwrap().first_broken_id, Some(3), "v{v}");
        }
    }

    #[test]
    fn the_log_refuses_updates_and_deletes() {
        let c = db();
        append(&c, Utc::now(), AuditEvent::new(None, AuditAction::SignIn)).unwrap();
        assert!(c.execute("UPDATE audit_log SET action = 'x'", []).is_err());
        assert!(c.execute("DELETE FROM audit_log", []).is_err());
    }
}
