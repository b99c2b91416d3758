//! A backup's copy of the live database (`store::snapshot`), and what the copy says of itself.
use crate::anchors::Anchor;
use crate::error::CoreResult;
use crate::job::{Job, JobPhase};
use crate::session::Session;
use crate::store::audit;
use crate::store::snapshot::Snapshot;
use crate::store::{self, Store};
use tempfile::NamedTempFile;

/// Takes the snapshot into a temporary file in the vault's folder (removed when dropped).
/// Cancel interrupts the export; the half-written file goes with the temporary file.
pub fn take(s: &Session, job: &Job<'_>) -> CoreResult<NamedTempFile> {
    job.progress(JobPhase::Snapshot, 0, 0)?;
    let tmp = tempfile::Builder::new()
        .prefix(".kluis-snapshot-")
        .tempfile_in(&s.ctx.paths.dir)?;
    let snap = Snapshot::attach(&s.store, tmp.path())?;
    job.interruptible(snap.interrupt(), || snap.export())?;
    drop(snap);
    Ok(tmp)
}

/// What the copy itself says: its audit chain's head (the backup's anchor) and its erasure
/// ledger's mark, read from the copy so writes made meanwhile cannot make them disagree.
pub fn facts(path: &std::path::Path, key: &kluis_vault::DbKey) -> CoreResult<(Anchor, i64)> {
    let st = Store::open_copy(path, key)?;
    let tx = st.read()?;
    let (id, hash) = audit::head(&tx)?;
    Ok((Anchor { id, hash, at: None }, store::erasure::mark(&tx)?))
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
    Ok((n_total, crate::store::audit::hex(&h.finalize())))
}
