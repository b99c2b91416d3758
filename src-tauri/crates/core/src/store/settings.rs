//! Key-value settings of the vault (organisation name, auto-lock, ...).
use super::{ReadTx, WriteTx};
use crate::error::CoreResult;
use rusqlite::{params, OptionalExtension};

pub const ORG_NAME: &str = "org_name";
pub const VAULT_ID: &str = "vault_id";
pub const AUTO_LOCK_MINUTES: &str = "auto_lock_minutes";
pub const RECOVERY_KEY_CONFIRMED_AT: &str = "recovery_key_confirmed_at";
pub const CREATED_AT: &str = "created_at";
/// The office server's CA key (PEM): inside the encrypted vault, so a copy of the server's
/// folder without a password cannot sign device certificates.
pub const OFFICE_CA_KEY: &str = "office_ca_key";
/// Who allowed the office server to unlock itself after a restart, and when (JSON).
pub const UNATTENDED_ALLOWED: &str = "unattended_allowed";

pub fn get(tx: &ReadTx, key: &str) -> CoreResult<Option<String>> {
    let conn = tx.conn();
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn set(tx: &WriteTx, key: &str, value: &str) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2)
         ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

pub fn remove(tx: &WriteTx, key: &str) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute("DELETE FROM settings WHERE key = ?1", [key])?;
    Ok(())
}
