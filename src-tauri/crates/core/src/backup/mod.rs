//! Backups (SECURITY.md > Sealed files): a consistent snapshot of the encrypted database taken
//! while the vault is in use, sealed to the vault's backup key (held by every administrator,
//! `keys`) and the recovery key, with an authenticated manifest (`manifest`) at the start of the
//! encrypted payload. Written to a temporary file in the destination folder and renamed into
//! place, so a full disk, a pulled cable or a kill leaves either the whole backup or none.
pub mod manifest;
pub mod restore;
mod rotation;
mod snapshot;

use crate::access::{Action, Category};
use crate::clock::stamp;
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::error::{CoreError, CoreResult};
use crate::files::sync_dir;
use crate::job::{Job, JobPhase};
use crate::keys::backup as keys;
use crate::privacy::subject_export::seal_error;
use crate::session::Session;
use crate::store::{self, settings};
use kluis_vault::sealed::{self, Recipient};
use kluis_vault::KeyFile;
use manifest::{Header, HeaderState, Manifest};
use serde::{Deserialize, Serialize};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use ts_rs::TS;

pub use restore::{Authority, RestoreReport};

/// Where automatic backups go (chosen by an administrator) and when the last one was made.
pub const FOLDER: &str = "backup_folder";
pub const LAST_AT: &str = "backup_last_at";
/// The file name ending of a Kluis backup.
pub const EXTENSION: &str = "kluisbackup";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BackupKind {
    Manual,
    Daily,
    SignOut,
}

impl BackupKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BackupKind::Manual => "manual",
            BackupKind::Daily => "daily",
            BackupKind::SignOut => "sign_out",
        }
    }
}

/// One backup file, as written or as found in a folder.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupInfo {
    pub file_name: String,
    pub path: String,
    pub created_at: String,
    pub kind: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Made by this vault: its date and kind authenticated with the vault's backup key.
    pub this_vault: bool,
    pub status: BackupStatus,
}

/// What a `.kluisbackup` file in a folder turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BackupStatus {
    /// Made by this vault (authenticated): it can be checked and restored.
    Ok,
    /// Another vault's backup.
    OtherVault,
    /// It claims to be this vault's but does not authenticate: altered or forged.
    Unauthenticated,
    /// Made by a version of Kluis that did not authenticate backups: not restored.
    OldFormat,
}

/// What Settings > Backups shows.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BackupOverview {
    pub folder: Option<String>,
    pub last_at: Option<String>,
    pub backups: Vec<BackupInfo>,
}

/// The folder errors a person can act on, told apart from other failures.
fn folder_error(e: std::io::Error) -> CoreError {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::StorageFull => CoreError::DiskFull,
        K::PermissionDenied | K::ReadOnlyFilesystem | K::NotFound | K::NotADirectory => {
            CoreError::BackupFolderUnwritable
        }
        k => CoreError::Io(k),
    }
}

/// Backups, restores and their folder are the administrators' (asked before a dialog opens).
pub fn may_create(s: &Session) -> CoreResult<()> {
    s.require(Category::Admin, Action::Manage)
}

/// A backup by hand (Settings > Backups, `kluis backup create --out DIR`), with progress and
/// cancel: a cancelled backup leaves no file.
pub fn create(s: &Session, dir: &Path, job: &Job<'_>) -> CoreResult<BackupInfo> {
    may_create(s)?;
    write(s, dir, BackupKind::Manual, Some(s.user_id()), job)
}

/// The automatic backup (daily, at sign-out) into the chosen folder, as the system: returns
/// None when no folder is chosen, or today's daily backup exists. Old automatic backups are
/// thinned to the last 7 daily and 12 monthly ones; manual backups are never removed. `job`
/// reports progress and may cancel it (the sign-out backup: the person waiting may skip it),
/// leaving no file.
pub fn automatic(s: &Session, kind: BackupKind, job: &Job<'_>) -> CoreResult<Option<BackupInfo>> {
    let Some(folder) = settings::get(&s.read()?, FOLDER)? else {
        return Ok(None);
    };
    let dir = PathBuf::from(folder);
    if kind == BackupKind::Daily {
        let today = s.now().date_naive().format("%Y-%m-%d").to_string();
        if settings::get(&s.read()?, LAST_AT)?.is_some_and(|t| t.starts_with(&today)) {
            return Ok(None);
        }
    }
    let info = write(s, &dir, kind, None, job)?;
    let (vault_id, auth) = folder_auth(s)?;
    rotation::thin(&dir, &vault_id, &auth)?;
    Ok(Some(info))
}

fn write(
    s: &Session,
    dir: &Path,
    kind: BackupKind,
    actor: Option<i64>,
    job: &Job<'_>,
) -> CoreResult<BackupInfo> {
    if !dir.is_dir() {
        return Err(CoreError::BackupFolderUnwritable);
    }
    let now = s.now();
    let kf = KeyFile::load(&s.ctx.paths.keys())?;
    let (key_id, vault_public) =
        keys::published(&s.read()?)?.ok_or(CoreError::CategoryKeyUnavailable("backup"))?;
    let backup_auth = store::secrets::get(&s.read()?, store::secrets::BACKUP_AUTH)?;
    let snap = snapshot::take(s, job)?;
    let (anchor, erasure_mark) = snapshot::facts(snap.path(), &s.key)?;
    // A cancel while reading reads as such, not as the interrupted read.
    let (bytes, sha) = job.settle(snapshot::digest(snap.path(), job))?;
    let created_at = stamp(now);
    let mut manifest = Manifest::new(
        &kf.vault_id(),
        &created_at,
        kind.as_str(),
        &s.key.to_hex(),
        String::from_utf8(kf.to_json()).map_err(|_| CoreError::Internal("key file"))?,
        anchor,
        erasure_mark,
        bytes,
        sha,
    );
    let recovery_auth = kf.recovery_auth_key(&s.key)?;
    manifest.authenticate(&backup_auth, recovery_auth.as_deref());
    let header = Header::new(&kf.vault_id(), &created_at, kind.as_str(), &backup_auth);
    let recipients = [
        Recipient::X25519 {
            public: vault_public,
            label: keys::label(key_id),
        },
        Recipient::X25519 {
            public: kf.recovery_public()?,
            label: "recovery".into(),
        },
    ];
    let mut name = format!(
        "kluis-{}-{}.{EXTENSION}",
        now.format("%Y%m%d-%H%M%S"),
        kind.as_str().replace('_', "-")
    );
    let mut n = 1;
    while dir.join(&name).exists() {
        n += 1;
        name = format!(
            "kluis-{}-{}-{n}.{EXTENSION}",
            now.format("%Y%m%d-%H%M%S"),
            kind.as_str().replace('_', "-")
        );
    }
    let target = dir.join(&name);
    clear_stale_partials(dir, now);
    let partial = tempfile::Builder::new()
        .prefix(".kluis-backup-")
        .suffix(".partial")
        .tempfile_in(dir)
        .map_err(folder_error)?;
    let manifest_bytes = manifest.to_bytes();
    let sealed = (|| {
        let mut out = BufWriter::new(partial.as_file());
        let mut head = (manifest_bytes.len() as u32).to_le_bytes().to_vec();
        head.extend_from_slice(&manifest_bytes);
        let db = job.reader(JobPhase::Seal, bytes, std::fs::File::open(snap.path())?);
        sealed::seal(
            BufReader::new(std::io::Cursor::new(head).chain(db)),
            &mut out,
            &recipients,
            &header.to_bytes(),
        )
        .map_err(|e| match e {
            kluis_vault::sealed::SealError::Io(k) => folder_error(k.into()),
            e => seal_error(e),
        })?;
        out.flush().map_err(folder_error)
    })();
    // A cancel reads as such, not as the interrupted write; the partial file is removed on drop.
    job.settle(sealed)?;
    job.check()?;
    partial.as_file().sync_all().map_err(folder_error)?;
    partial
        .persist_noclobber(&target)
        .map_err(|e| folder_error(e.error))?;
    sync_dir(dir);
    s.atomically(|tx| settings::set(tx, LAST_AT, &created_at))?;
    s.audit(
        AuditEvent::new(actor, AuditAction::BackupCreated)
            .category("admin")
            .details(serde_json::json!({ "kind": kind.as_str(), "bytes": bytes,
                "recipients": recipients.len() })),
    )?;
    crate::anchors::record(&s.ctx.paths, &s.read()?, &kf.vault_id(), now)?;
    Ok(BackupInfo {
        file_name: name,
        path: target.display().to_string(),
        created_at,
        kind: kind.as_str().into(),
        bytes: std::fs::metadata(&target)?.len(),
        this_vault: true,
        status: BackupStatus::Ok,
    })
}

/// Removes half-written backups a kill left in the folder over an hour ago (a folder may be
/// shared, so a fresh one may be another writer's).
fn clear_stale_partials(dir: &Path, now: chrono::DateTime<chrono::Utc>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let hour_ago = std::time::SystemTime::from(now) - std::time::Duration::from_secs(3600);
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < hour_ago);
        if name.starts_with(".kluis-backup-") && name.ends_with(".partial") && old {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The backups in a folder, newest first, from their headers: a backup of this vault is one
/// whose header authenticates with `auth` (this vault's id and backup authentication key);
/// without it (a folder looked at without a vault) nothing is called this vault's.
pub fn list_folder(dir: &Path, auth: Option<(&str, &[u8; 32])>) -> CoreResult<Vec<BackupInfo>> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(folder_error(e)),
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().and_then(|x| x.to_str()) != Some(EXTENSION) {
            continue;
        }
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        let Ok(info) = sealed::inspect(BufReader::new(file)) else {
            continue;
        };
        let bytes = e.metadata().map(|m| m.len()).unwrap_or(0);
        let file_name = e.file_name().to_string_lossy().into_owned();
        let (created_at, kind, status) = match Header::parse(&info.metadata) {
            HeaderState::Current(h) => {
                let status = match auth {
                    Some((vid, _)) if vid != h.vault_id => BackupStatus::OtherVault,
                    Some((_, key)) if h.authentic(key) => BackupStatus::Ok,
                    Some(_) => BackupStatus::Unauthenticated,
                    None => BackupStatus::Unauthenticated,
                };
                // A forged header's date and kind are claims, not facts: show neither.
                if status == BackupStatus::Unauthenticated {
                    (String::new(), String::new(), status)
                } else {
                    (h.created_at, h.kind, status)
                }
            }
            HeaderState::OldFormat => (String::new(), String::new(), BackupStatus::OldFormat),
            HeaderState::NotABackup => continue,
        };
        out.push(BackupInfo {
            file_name,
            path: path.display().to_string(),
            this_vault: status == BackupStatus::Ok,
            created_at,
            kind,
            bytes,
            status,
        });
    }
    // This vault's first, newest first; then the others by name.
    out.sort_by(|a, b| {
        (b.this_vault, &b.created_at, &b.file_name).cmp(&(
            a.this_vault,
            &a.created_at,
            &a.file_name,
        ))
    });
    Ok(out)
}

/// This vault's id and backup authentication key, to tell its backups from others.
pub(crate) fn folder_auth(s: &Session) -> CoreResult<(String, zeroize::Zeroizing<[u8; 32]>)> {
    let vault_id = KeyFile::load(&s.ctx.paths.keys())?.vault_id();
    Ok((
        vault_id,
        store::secrets::get(&s.read()?, store::secrets::BACKUP_AUTH)?,
    ))
}

/// This vault's backups in a folder (administrators).
pub fn list(s: &Session, dir: &Path) -> CoreResult<Vec<BackupInfo>> {
    s.require(Category::Admin, Action::View)?;
    let (vid, auth) = folder_auth(s)?;
    list_folder(dir, Some((&vid, &auth)))
}

/// Settings > Backups: the folder, the last backup and what the folder holds.
pub fn overview(s: &Session) -> CoreResult<BackupOverview> {
    s.require(Category::Admin, Action::View)?;
    let folder = settings::get(&s.read()?, FOLDER)?;
    let (vault_id, auth) = folder_auth(s)?;
    let backups = match &folder {
        Some(f) => list_folder(Path::new(f), Some((&vault_id, &auth))).unwrap_or_default(),
        None => Vec::new(),
    };
    Ok(BackupOverview {
        folder,
        last_at: settings::get(&s.read()?, LAST_AT)?,
        backups,
    })
}

/// Chooses the folder for automatic backups (or none). It must exist and take a file.
pub fn set_folder(s: &Session, folder: Option<&Path>) -> CoreResult<()> {
    s.require(Category::Admin, Action::Manage)?;
    match folder {
        Some(dir) => {
            if !dir.is_dir() {
                return Err(CoreError::BackupFolderUnwritable);
            }
            tempfile::tempfile_in(dir).map_err(folder_error)?;
            s.atomically(|tx| settings::set(tx, FOLDER, &dir.display().to_string()))?;
        }
        None => {
            s.atomically(|tx| settings::remove(tx, FOLDER))?;
        }
    }
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::BackupSettingsChanged)
            .category("admin")
            .details(serde_json::json!({ "automatic": folder.is_some() })),
    )?;
    Ok(())
}
