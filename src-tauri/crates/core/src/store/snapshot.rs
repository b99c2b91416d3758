//! A consistent copy of the live database, still encrypted under the database key:
//! `sqlcipher_export` into an attached database reads everything in one read transaction, so
//! writes going on meanwhile are either wholly in it or not at all. It runs on a connection of
//! its own, so it holds up neither readers nor the writer.
use super::{Interrupt, Store};
use crate::error::{CoreError, CoreResult};
use rusqlite::Connection;
use std::path::Path;

/// A connection with the copy's file attached (detached when dropped).
pub struct Snapshot {
    conn: Connection,
}

impl Snapshot {
    /// Attaches `dest` (an empty file) under the store's key.
    pub fn attach(st: &Store, dest: &Path) -> CoreResult<Snapshot> {
        let dest = dest.to_str().ok_or(CoreError::Internal("snapshot path"))?;
        let (conn, key) = st.fresh_connection()?;
        conn.execute(&key.attach_statement("snapshot"), [dest])?;
        // The copy keeps the vault's way of giving freed pages back (set before its first table).
        conn.execute_batch("PRAGMA snapshot.auto_vacuum = INCREMENTAL;")?;
        Ok(Snapshot { conn })
    }

    pub fn interrupt(&self) -> Interrupt {
        Interrupt(self.conn.get_interrupt_handle())
    }

    /// Copies every table, and the schema version, so the restored copy migrates from where
    /// it was.
    pub fn export(&self) -> CoreResult<()> {
        self.conn
            .query_row("SELECT sqlcipher_export('snapshot')", [], |_| Ok(()))?;
        let v: i64 = self
            .conn
            .query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
        self.conn
            .execute_batch(&format!("PRAGMA snapshot.user_version = {v}"))?;
        Ok(())
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        let _ = self.conn.execute_batch("DETACH DATABASE snapshot");
    }
}
