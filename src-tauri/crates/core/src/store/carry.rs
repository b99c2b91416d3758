//! SQL for what a restore carries from the vault it replaces into the restored copy: who may
//! enter and what happened, rather than the data. Users, roles and their grants (a removal, a
//! disable, a role taken away since the backup stays), the settings, the audit trail (it goes on
//! from where it is, so every anchor written since still matches), the erasure and user ledgers
//! and the vault's secrets.
use super::Exclusive;
use crate::error::{CoreError, CoreResult};
use kluis_vault::DbKey;
use rusqlite::Connection;
use std::path::Path;

/// The tables taken from the current vault, whole.
pub const CARRIED: &[&str] = &[
    "settings",
    "users",
    "roles",
    "role_grants",
    "user_roles",
    "audit_log",
    "erasures",
    "user_ledger",
    "vault_secrets",
];

fn columns(conn: &Connection, schema: &str, table: &str) -> CoreResult<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1, ?2)")?;
    let rows = stmt.query_map([table, schema], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Replaces the carried tables of `conn`'s database with those of the database at `current`
/// (opened with `key`), in one transaction; the append-only guards are lifted only for that
/// and put back. Every reference must still resolve afterwards.
pub fn carry_from(x: &Exclusive, current: &Path, key: &DbKey) -> CoreResult<()> {
    let conn = x.conn();
    let path = current
        .to_str()
        .ok_or(CoreError::Internal("vault path"))?
        .to_string();
    conn.execute(&key.attach_statement("cur"), [&path])?;
    let out = carry(conn);
    let detached = conn.execute_batch("DETACH DATABASE cur");
    out?;
    detached?;
    Ok(())
}

fn carry(conn: &Connection) -> CoreResult<()> {
    for t in CARRIED {
        if columns(conn, "main", t)? != columns(conn, "cur", t)? {
            return Err(CoreError::BackupCheckFailed(
                "its tables do not match this version's",
            ));
        }
    }
    let list = CARRIED
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(",");
    let triggers: Vec<(String, String)> = conn
        .prepare(&format!(
            "SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND tbl_name IN ({list})"
        ))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    conn.execute_batch("PRAGMA foreign_keys = OFF")?;
    let moved = (|| -> CoreResult<()> {
        let tx = conn.unchecked_transaction()?;
        for (name, _) in &triggers {
            conn.execute_batch(&format!("DROP TRIGGER main.\"{name}\""))?;
        }
        for t in CARRIED {
            conn.execute_batch(&format!(
                "DELETE FROM main.\"{t}\"; INSERT INTO main.\"{t}\" SELECT * FROM cur.\"{t}\";"
            ))?;
        }
        for (_, sql) in &triggers {
            conn.execute_batch(sql)?;
        }
        tx.commit()?;
        Ok(())
    })();
    conn.execute_batch("PRAGMA foreign_keys = ON")?;
    moved?;
    let mut check = conn.prepare("PRAGMA main.foreign_key_check")?;
    let broken = check.query_map([], |_| Ok(()))?.count();
    if broken > 0 {
        return Err(CoreError::BackupCheckFailed(
            "its records refer to users this vault does not have",
        ));
    }
    Ok(())
}
