//! Key-value settings of the vault (organisation name, auto-lock, ...).
use crate::error::CoreResult;
use rusqlite::{params, Connection, OptionalExtension};

pub const ORG_NAME: &str = "org_name";
pub const VAULT_ID: &str = "vault_id";
pub const AUTO_LOCK_MINUTES: &str = "auto_lock_minutes";
pub const RECOVERY_KEY_CONFIRMED_AT: &str = "recovery_key_confirmed_at";
pub const CREATED_AT: &str = "created_at";

pub fn get(conn: &Connection, key: &str) -> CoreResult<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set(conn: &Connection, key: &str, value: &str) -> CoreResult<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub fn remove(conn: &Connection, key: &str) -> CoreResult<()> {
    conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    Ok(())
}
