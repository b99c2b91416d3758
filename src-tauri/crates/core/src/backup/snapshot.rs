//! A consistent copy of the live database, still encrypted under the database key:
//! `sqlcipher_export` into an attached database reads everything in one read transaction, so
//! writes going on meanwhile are either wholly in it or not at all.
use crate::error::{CoreError, CoreResult};
use crate::job::{Job, JobPhase};
use crate::session::Session;
use rusqlite::{Connection, OptionalExtension};
use tempfile::NamedTempFile;

/// Takes the snapshot into a temporary file in the vault's folder (removed when dropped).
/// Cancel interrupts the export; the half-written file goes with the temporary file.
pub fn take(s: &Session, job: &Job<'_>) -> CoreResult<NamedTempFile> {
    job.progress(JobPhase::Snapshot, 0, 0)?;
    let tmp = tempfile::Builder::new()
        .prefix(".kluis-snapshot-")
        .tempfile_in(&s.ctx.paths.dir)?;
    let path = tmp
        .path()
        .to_str()
        .ok_or(CoreError::Internal("snapshot path"))?
        .to_string();
    s.conn
        .execute(&s.key.attach_statement("snapshot"), [&path])?;
    let exported = job.interruptible(&s.conn, || -> CoreResult<()> {
        s.conn
            .query_row("SELECT sqlcipher_export('snapshot')", [], |_| Ok(()))?;
        // The schema version travels too, so the restored copy migrates from where it was.
        let v: i64 = s
            .conn
            .query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
        s.conn
            .execute_batch(&format!("PRAGMA snapshot.user_version = {v}"))?;
        Ok(())
    });
    s.conn.execute_batch("DETACH DATABASE snapshot")?;
    exported?;
    Ok(tmp)
}

/// Hex of the audit trail's last hash.
pub fn audit_head(conn: &Connection) -> CoreResult<String> {
    let head: Option<Vec<u8>> = conn
        .query_row(
            "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(head
        .unwrap_or_default()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The highest erasure ledger id.
pub fn erasure_mark(conn: &Connection) -> CoreResult<i64> {
    Ok(
        conn.query_row("SELECT coalesce(max(id), 0) FROM erasures", [], |r| {
            r.get(0)
        })?,
    )
}
