//! Opening, checking and restoring a backup. Nothing is replaced until the backup has opened
//! with the given credentials, authenticated completely, passed the integrity checks, matched its
//! audit anchor and had every later erasure re-applied; the switch itself is journalled, so a
//! kill half-way is finished at the next open of the vault.
use super::manifest::Manifest;
use super::sync_dir;
use crate::access::{Action, Category};
use crate::audit::{self, AuditAction, AuditEvent};
use crate::clock::stamp;
use crate::error::{CoreError, CoreResult};
use crate::job::{Job, JobPhase};
use crate::paths::VaultPaths;
use crate::privacy::dto::Lang;
use crate::privacy::erasure::{self, ErasureInput, ErasureMode};
use crate::privacy::subject_export::seal_error;
use crate::session::Session;
use crate::store::{self, users};
use crate::vault::Vault;
use kluis_vault::sealed::{self, Opener};
use kluis_vault::{DbKey, KeyFile, Password, RecoveryKey, VaultError};
use rusqlite::Connection;
use serde::Serialize;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;
use ts_rs::TS;

/// What opens a backup: an administrator's password (as it was when the backup was made) or
/// the recovery key.
pub enum Unlock<'a> {
    Admin {
        username: &'a str,
        password: &'a Password,
    },
    Recovery(&'a RecoveryKey),
}

/// One line of the erasure ledger: ids and times only.
#[derive(Debug, Clone)]
pub struct LedgerEntry {
    pub id: i64,
    pub subject_ref: i64,
    pub mode: String,
    /// person, or employee (a personnel file the retention engine deleted).
    pub kind: String,
}

/// What a restore takes over from the vault it replaces: the erasure ledger (every erasure made
/// after the backup is applied again) and the folder for automatic backups (a restore should
/// not silently turn them off or send them back to an old disk).
#[derive(Debug, Clone, Default)]
pub struct Carried {
    pub ledger: Vec<LedgerEntry>,
    pub backup_folder: Option<String>,
}

fn carried(conn: &Connection) -> CoreResult<Carried> {
    Ok(Carried {
        ledger: store::erasure::ledger(conn)?
            .into_iter()
            .map(|(id, subject_ref, mode, kind)| LedgerEntry {
                id,
                subject_ref,
                mode,
                kind,
            })
            .collect(),
        backup_folder: store::settings::get(conn, super::FOLDER)?,
    })
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RestoreReport {
    /// When the backup was made.
    pub created_at: String,
    pub kind: String,
    #[ts(type = "number")]
    pub audit_entries: i64,
    #[ts(type = "number")]
    pub people: i64,
    /// Erasures made after the backup and applied to it again (subject ids).
    #[ts(type = "number[]")]
    pub erasures_reapplied: Vec<i64>,
    /// Personnel files the retention engine deleted after the backup, deleted again.
    #[ts(type = "number")]
    pub personnel_files_deleted: i64,
    /// The current vault's erasure ledger could not be read (a damaged or missing vault): no
    /// later erasure could be re-applied. Shown as a warning.
    pub ledger_unavailable: bool,
    /// False for a drill: the backup opened and passed every check, nothing was replaced.
    pub replaced: bool,
}

/// An opened backup: its manifest (authenticated by then), key and snapshot.
struct Opened {
    manifest: Manifest,
    key: DbKey,
    user_id: Option<i64>,
    db: NamedTempFile,
}

fn unlock_error(e: VaultError) -> CoreError {
    match e {
        VaultError::WrongPassword => CoreError::AuthFailed,
        VaultError::RecoveryKeyWrong | VaultError::RecoveryKeyMalformed => {
            CoreError::RecoveryKeyInvalid
        }
        _ => CoreError::SealedDamaged("its key file is damaged"),
    }
}

/// Opens `file` into a temporary file in `into`. Errors name the fault, never any content.
fn open(file: &Path, unlock: &Unlock<'_>, into: &Path, job: &Job<'_>) -> CoreResult<Opened> {
    job.settle(open_counted(file, unlock, into, job))
}

fn open_counted(
    file: &Path,
    unlock: &Unlock<'_>,
    into: &Path,
    job: &Job<'_>,
) -> CoreResult<Opened> {
    let header = sealed::inspect(BufReader::new(std::fs::File::open(file)?)).map_err(seal_error)?;
    let manifest = Manifest::parse(&header.metadata)?;
    let kf = KeyFile::from_json(manifest.key_file.as_bytes()).map_err(unlock_error)?;
    let db = tempfile::Builder::new()
        .prefix(".kluis-restore-")
        .tempfile_in(into)?;
    let total = std::fs::metadata(file)?.len();
    let input = || -> CoreResult<_> {
        Ok(BufReader::new(job.reader(
            JobPhase::Open,
            total,
            std::fs::File::open(file)?,
        )))
    };
    let mut out = BufWriter::new(db.as_file());
    let (key, user_id, metadata) = match unlock {
        Unlock::Admin { username, password } => {
            // Someone who had no slot then (added since) hears that, not "wrong password".
            if !kf.has_username(username) {
                return Err(CoreError::BackupNotForUser);
            }
            let (user_id, secret, key) = kf
                .unlock_user_secret(username, password)
                .map_err(unlock_error)?;
            // A slot but no stanza: not an administrator when the backup was made.
            let meta =
                sealed::open(input()?, &mut out, &Opener::X25519(&secret)).map_err(
                    |e| match e {
                        kluis_vault::sealed::SealError::NoMatchingKey => {
                            CoreError::BackupNotForUser
                        }
                        e => seal_error(e),
                    },
                )?;
            (key, Some(user_id), meta)
        }
        Unlock::Recovery(rk) => {
            let key = kf.unlock_recovery(rk).map_err(unlock_error)?;
            let meta = sealed::open(input()?, &mut out, &Opener::X25519(rk.secret()))
                .map_err(seal_error)?;
            (key, None, meta)
        }
    };
    out.flush()?;
    drop(out);
    db.as_file().sync_all()?;
    // The authenticated metadata must be what was read before opening.
    if metadata != header.metadata {
        return Err(CoreError::SealedDamaged("its header was altered"));
    }
    Ok(Opened {
        manifest,
        key,
        user_id,
        db,
    })
}

/// Integrity, the audit chain against the manifest's anchor, the consent ledger.
fn check(conn: &Connection, m: &Manifest, job: &Job<'_>) -> CoreResult<i64> {
    job.progress(JobPhase::Check, 0, 0)?;
    job.interruptible(conn, || check_copy(conn, m))
}

fn check_copy(conn: &Connection, m: &Manifest) -> CoreResult<i64> {
    let (cipher, integrity) = store::integrity_problems(conn)?;
    if !cipher.is_empty() || !integrity.is_empty() {
        return Err(CoreError::BackupCheckFailed(
            "the database inside is damaged",
        ));
    }
    let chain = audit::verify_chain(conn)?;
    if chain.first_broken_id.is_some() {
        return Err(CoreError::BackupCheckFailed("its audit trail is broken"));
    }
    if chain.head != m.audit_head {
        return Err(CoreError::BackupCheckFailed(
            "its audit trail does not end at the anchor written when it was made",
        ));
    }
    if !store::consent::verify(conn)?.ok() {
        return Err(CoreError::BackupCheckFailed("its consent ledger is broken"));
    }
    Ok(chain.entries)
}

fn people(conn: &Connection) -> CoreResult<i64> {
    store::persons::count_all(conn)
}

/// What a restore takes over from the open vault (administrators).
pub fn carried_from(s: &Session) -> CoreResult<Carried> {
    s.require(Category::Admin, Action::Manage)?;
    carried(&s.conn)
}

/// The same, read with the credentials that open the backup (for the command line, where no
/// session is open). None when the current vault cannot be opened with them: missing, damaged,
/// or the password has changed since.
pub fn carried_unlocked(vault: &Vault, unlock: &Unlock<'_>) -> Option<Carried> {
    let paths = vault.paths();
    let kf = KeyFile::load(&paths.keys()).ok()?;
    let key = match unlock {
        Unlock::Admin { username, password } => kf.unlock_user(username, password).ok()?.1,
        Unlock::Recovery(rk) => kf.unlock_recovery(rk).ok()?,
    };
    let conn = store::open(&paths.db(), &key, false).ok()?;
    carried(&conn).ok()
}

/// The restore drill: opens and checks the backup as a restore would, in the vault's folder,
/// and replaces nothing.
pub fn drill(
    vault: &Vault,
    file: &Path,
    unlock: &Unlock<'_>,
    job: &Job<'_>,
) -> CoreResult<RestoreReport> {
    let o = open(file, unlock, &vault.paths().dir, job)?;
    same_vault(vault.paths(), &o.manifest)?;
    let mut conn = store::open(o.db.path(), &o.key, false)?;
    store::migrate(&mut conn)?;
    let audit_entries = check(&conn, &o.manifest, job)?;
    Ok(RestoreReport {
        created_at: o.manifest.created_at.clone(),
        kind: o.manifest.kind.clone(),
        audit_entries,
        people: people(&conn)?,
        erasures_reapplied: Vec::new(),
        personnel_files_deleted: 0,
        ledger_unavailable: false,
        replaced: false,
    })
}

fn same_vault(paths: &VaultPaths, m: &Manifest) -> CoreResult<()> {
    match KeyFile::load(&paths.keys()) {
        Ok(kf) if kf.vault_id() != m.vault_id => Err(CoreError::BackupForeignVault),
        _ => Ok(()),
    }
}

/// Restores `file` over the vault. `current` is what is taken over from the vault it replaces
/// (None when that cannot be read). No session may be open on the vault.
pub fn restore(
    vault: &Vault,
    file: &Path,
    unlock: &Unlock<'_>,
    current: Option<Carried>,
    job: &Job<'_>,
) -> CoreResult<RestoreReport> {
    restore_then(vault, file, unlock, current, job, || {})
}

/// As `restore`, calling `before_switch` once everything has been checked and just before the
/// files are switched: the app ends its session there, so nothing holds the old database open
/// while it is replaced, and a failed check leaves the person signed in. Cancel is honoured up
/// to that point; the switch itself is not interrupted.
pub fn restore_then(
    vault: &Vault,
    file: &Path,
    unlock: &Unlock<'_>,
    current: Option<Carried>,
    job: &Job<'_>,
    before_switch: impl FnOnce(),
) -> CoreResult<RestoreReport> {
    let paths = vault.paths().clone();
    let o = open(file, unlock, &paths.dir, job)?;
    same_vault(&paths, &o.manifest)?;
    let mut conn = store::open(o.db.path(), &o.key, false)?;
    store::migrate(&mut conn)?;
    let audit_entries = check(&conn, &o.manifest, job)?;
    // Someone to act as: the administrator who opened it, or (recovery key) the first active one.
    let actor = match o.user_id {
        Some(id) => id,
        None => *users::active_holders_of(&conn, Category::Admin, Action::Manage)?
            .first()
            .ok_or(CoreError::BackupCheckFailed(
                "it holds no active administrator",
            ))?,
    };
    let s = Session::load(conn, o.key.clone(), vault.ctx().clone(), actor)?;
    let later: Vec<&LedgerEntry> = current
        .iter()
        .flat_map(|c| &c.ledger)
        .filter(|e| e.id > o.manifest.erasure_mark)
        .collect();
    let to_reapply = later.len() as u64;
    let mut reapplied = Vec::new();
    let mut reapplied_employees = 0i64;
    {
        let tx = s.conn.unchecked_transaction()?;
        for (n, e) in later.into_iter().enumerate() {
            // A cancel drops the transaction: nothing re-applied, nothing switched.
            job.progress(JobPhase::Reapply, n as u64, to_reapply)?;
            if e.kind == "employee" {
                if store::erasure::employee_exists(&s.conn, e.subject_ref)? {
                    store::retention::delete_employee(&s.conn, e.subject_ref)?;
                    store::erasure::record_employee(&s.conn, e.subject_ref, &stamp(s.now()))?;
                    reapplied_employees += 1;
                }
                continue;
            }
            if !store::erasure::person_exists(&s.conn, e.subject_ref)? {
                continue;
            }
            erasure::erase_in_tx(
                &s,
                &ErasureInput {
                    person_id: e.subject_ref,
                    request_id: None,
                    lang: Lang::Nl,
                    mode: Some(if e.mode == "anonymise" {
                        ErasureMode::Anonymise
                    } else {
                        ErasureMode::Delete
                    }),
                },
                None,
            )?;
            reapplied.push(e.subject_ref);
        }
        // The snapshot was taken just before its own time was written down: the restored vault
        // knows of this backup, so its Health does not say "never" or show an older one.
        if let Some(folder) = current.as_ref().and_then(|c| c.backup_folder.as_deref()) {
            store::settings::set(&s.conn, super::FOLDER, folder)?;
        }
        let last = store::settings::get(&s.conn, super::LAST_AT)?;
        if last.as_deref() < Some(o.manifest.created_at.as_str()) {
            store::settings::set(&s.conn, super::LAST_AT, &o.manifest.created_at)?;
        }
        s.audit(
            AuditEvent::new(Some(actor), AuditAction::BackupRestored)
                .category("admin")
                .details(
                    serde_json::json!({ "backupCreatedAt": o.manifest.created_at,
                    "erasuresReapplied": reapplied.len(), "personnelFilesDeleted": reapplied_employees,
                    "ledgerUnavailable": current.is_none() }),
                ),
        )?;
        tx.commit()?;
    }
    store::checkpoint(&s.conn)?;
    let people = people(&s.conn)?;
    drop(s);
    // The last moment a cancel is honoured.
    job.check()?;
    before_switch();
    switch(&paths, o.db, o.manifest.key_file.as_bytes())?;
    Ok(RestoreReport {
        created_at: o.manifest.created_at,
        kind: o.manifest.kind,
        audit_entries,
        people,
        erasures_reapplied: reapplied,
        personnel_files_deleted: reapplied_employees,
        ledger_unavailable: current.is_none(),
        replaced: true,
    })
}

fn journal(p: &VaultPaths) -> PathBuf {
    p.dir.join("kluis.restore")
}
fn incoming_db(p: &VaultPaths) -> PathBuf {
    p.dir.join("kluis.db.restoring")
}
fn incoming_keys(p: &VaultPaths) -> PathBuf {
    p.dir.join("kluis.keys.restoring")
}
/// Where the replaced vault is kept (until the next restore).
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

/// Puts the restored files in place: both are written beside the vault first, then a journal
/// marks the point of no return, then the renames (finished by `finish_switch` after a kill).
fn switch(paths: &VaultPaths, db: NamedTempFile, key_file: &[u8]) -> CoreResult<()> {
    db.persist(incoming_db(paths))
        .map_err(|e| CoreError::from(e.error))?;
    kluis_vault::write_atomic(&incoming_keys(paths), key_file, false)?;
    kluis_vault::write_atomic(&journal(paths), b"restore\n", false)?;
    finish_switch(paths)?;
    Ok(())
}

/// Removes what a killed backup or restore left in the vault folder before its point of no
/// return: snapshots and opened backups (encrypted, but of no use). Only called with the
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
    sync_dir(&paths.dir);
    std::fs::remove_file(journal(paths))?;
    sync_dir(&paths.dir);
    Ok(true)
}
