//! The restore's file switch: the restored database and key file are written beside the vault,
//! a journal marks the point of no return, then renames put them in place. Opening a vault
//! finishes a switch a kill interrupted, so this sits below everything that opens one.
use crate::error::{CoreError, CoreResult};
use crate::files::sync_dir;
use crate::paths::VaultPaths;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

fn journal(p: &VaultPaths) -> PathBuf {
    p.dir.join("kluis.restore")
}
fn incoming_db(p: &VaultPaths) -> PathBuf {
    p.dir.join("kluis.db.restoring")
}
fn incoming_keys(p: &VaultPaths) -> PathBuf {
    p.dir.join("kluis.keys.restoring")
}
/// Where the replaced vault is kept while the switch runs.
pub fn previous_db(p: &VaultPaths) -> PathBuf {
    p.dir.join("kluis.db.before-restore")
}
fn previous_keys(p: &VaultPaths) -> PathBuf {
    p.dir.join("kluis.keys.before-restore")
}
fn sidecar(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Removes the replaced vault's files.
pub(crate) fn remove_replaced(paths: &VaultPaths) {
    let db = previous_db(paths);
    for f in [
        sidecar(&db, "-wal"),
        sidecar(&db, "-shm"),
        db,
        previous_keys(paths),
    ] {
        let _ = std::fs::remove_file(f);
    }
    sync_dir(&paths.dir);
}

/// Puts the restored files in place: both are written beside the vault first, then a journal
/// marks the point of no return, then the renames (finished by `finish_switch` after a kill).
pub(crate) fn install(paths: &VaultPaths, db: NamedTempFile, key_file: &[u8]) -> CoreResult<()> {
    db.persist(incoming_db(paths))
        .map_err(|e| CoreError::from(e.error))?;
    kluis_vault::write_atomic(&incoming_keys(paths), key_file, false)?;
    kluis_vault::write_atomic(&journal(paths), b"restore\n", false)?;
    finish_switch(paths)?;
    Ok(())
}

/// Removes what a killed backup or restore left in the vault folder before its point of no
/// return: snapshots and opened backups (encrypted, but of no use), and a replaced vault whose
/// restore finished its switch (it was checked completely before). Only called with the
/// vault's lock held, so no other process is writing them.
pub fn clear_leftovers(paths: &VaultPaths) {
    let Ok(entries) = std::fs::read_dir(&paths.dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with(".kluis-snapshot-") || name.starts_with(".kluis-restore-") {
            let _ = std::fs::remove_file(e.path());
        }
    }
    if !journal(paths).exists() {
        remove_replaced(paths);
    }
}

/// Finishes a restore a kill interrupted after its journal was written, or clears what an
/// earlier interrupted one left before that point. Every step can be repeated. Called whenever
/// the vault is opened; true when it finished one.
pub fn finish_switch(paths: &VaultPaths) -> CoreResult<bool> {
    if !journal(paths).exists() {
        for f in [incoming_db(paths), incoming_keys(paths)] {
            if f.exists() {
                std::fs::remove_file(f)?;
            }
        }
        return Ok(false);
    }
    let db = paths.db();
    if incoming_db(paths).exists() {
        let before = previous_db(paths);
        if db.exists() {
            std::fs::rename(&db, &before)?;
        }
        // Until the incoming file is in place, any WAL beside it is the old database's.
        for suffix in ["-wal", "-shm"] {
            let side = sidecar(&db, suffix);
            if side.exists() {
                std::fs::rename(&side, sidecar(&before, suffix))?;
            }
        }
        std::fs::rename(incoming_db(paths), &db)?;
    }
    if incoming_keys(paths).exists() {
        if paths.keys().exists() {
            std::fs::copy(paths.keys(), previous_keys(paths))?;
        }
        std::fs::rename(incoming_keys(paths), paths.keys())?;
    }
    // A rotation journal beside the old database belongs to it, not to the restored one.
    let _ = std::fs::remove_file(paths.rotation());
    sync_dir(&paths.dir);
    std::fs::remove_file(journal(paths))?;
    sync_dir(&paths.dir);
    Ok(true)
}
