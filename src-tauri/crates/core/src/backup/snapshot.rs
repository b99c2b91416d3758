//! A consistent copy of the live database, still encrypted under the database key:
//! `sqlcipher_export` into an attached database reads everything in one read transaction, so
//! writes going on meanwhile are either wholly in it or not at all.
use crate::anchors::Anchor;
use crate::audit;
use crate::error::{CoreError, CoreResult};
use crate::job::{Job, JobPhase};
use crate::session::Session;
use crate::store;
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
    // The copy keeps the vault's way of giving freed pages back (set before its first table).
    s.conn
        .execute_batch("PRAGMA snapshot.auto_vacuum = INCREMENTAL;")?;
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

/// What the copy itself says: its audit chain's head (the backup's anchor) and its erasure
/// ledger's mark, read from the copy so writes made meanwhile cannot make them disagree.
pub fn facts(path: &std::path::Path, key: &kluis_vault::DbKey) -> CoreResult<(Anchor, i64)> {
    let c = store::open_copy(path, key)?;
    let (id, hash) = audit::head(&c)?;
    Ok((Anchor { id, hash, at: None }, store::erasure::mark(&c)?))
}

/// The copy's size and SHA-256, read once before it is sealed (the manifest names both).
pub fn digest(path: &std::path::Path, job: &Job<'_>) -> CoreResult<(u64, String)> {
    use sha2::{Digest, Sha256};
    use std::io::Read;
    let total = std::fs::metadata(path)?.len();
    let mut input = job.reader(JobPhase::Snapshot, total, std::fs::File::open(path)?);
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut n_total = 0u64;
    loop {
        let n = input.read(&mut buf)?;
        if n == 0 {
            break;
        }
        n_total += n as u64;
        h.update(&buf[..n]);
    }
    Ok((n_total, crate::audit::hex(&h.finalize())))
}
