//! Secrets the vault keeps inside its encrypted database (`vault_secrets`): random keys made
//! once, readable by whoever holds the database key and by nobody else.
use super::{ReadTx, WriteTx};
use crate::error::{CoreError, CoreResult};
use rand_core::{OsRng, RngCore};
use rusqlite::{params, OptionalExtension};
use zeroize::Zeroizing;

/// The key the audit chain is keyed with (HMAC).
pub const AUDIT: &str = "audit";
/// The key backups made by this vault are authenticated with.
pub const BACKUP_AUTH: &str = "backup_auth";

/// Makes the secrets a vault from an earlier version lacks.
pub fn ensure(tx: &WriteTx) -> CoreResult<()> {
    let conn = tx.conn();
    for name in [AUDIT, BACKUP_AUTH] {
        let mut v = Zeroizing::new([0u8; 32]);
        OsRng
            .try_fill_bytes(v.as_mut())
            .map_err(|_| CoreError::Internal("random source"))?;
        conn.execute(
            "INSERT OR IGNORE INTO vault_secrets (name, value) VALUES (?1, ?2)",
            params![name, v.as_slice()],
        )?;
    }
    Ok(())
}

pub fn get(tx: &ReadTx, name: &str) -> CoreResult<Zeroizing<[u8; 32]>> {
    let conn = tx.conn();
    let v: Option<Vec<u8>> = conn
        .query_row(
            "SELECT value FROM vault_secrets WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    let v = Zeroizing::new(v.ok_or(CoreError::Internal("vault secret missing"))?);
    let mut out = Zeroizing::new([0u8; 32]);
    if v.len() != 32 {
        return Err(CoreError::Internal("vault secret length"));
    }
    out.copy_from_slice(&v);
    Ok(out)
}
