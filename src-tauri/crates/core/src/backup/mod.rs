//! Backups (SECURITY.md > Sealed files): a consistent snapshot of the encrypted database taken
//! while the vault is in use, sealed to the vault's recipients (every administrator's key slot
//! and the recovery key) with the key file and the audit head in its manifest. Written to a
//! temporary file in the destination folder and renamed into place, so a full disk, a pulled
//! cable or a kill leaves either the whole backup or none.
pub mod manifest;
pub mod restore;
mod rotation;
mod snapshot;

use crate::access::{Action, Category};
use crate::audit::{AuditAction, AuditEvent};
use crate::clock::stamp;
use crate::error::{CoreError, CoreResult};
use crate::job::{Job, JobPhase};
use crate::privacy::subject_export::seal_error;
use crate::session::Session;
use crate::store::{settings, users};
use kluis_vault::sealed::{self, Recipient};
use kluis_vault::KeyFile;
use manifest::Manifest;
use serde::{Deserialize, Serialize};
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use ts_rs::TS;

pub use restore::{RestoreReport, Unlock};

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
    /// Whether the file belongs to this vault (from its header; authenticated only by verify).
    pub this_vault: bool,
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
    let Some(folder) = settings::get(&s.conn, FOLDER)? else {
        return Ok(None);
    };
    let dir = PathBuf::from(folder);
    if kind == BackupKind::Daily {
        let today = s.now().date_naive().format("%Y-%m-%d").to_string();
        if settings::get(&s.conn, LAST_AT)?.is_some_and(|t| t.starts_with(&today)) {
            return Ok(None);
        }
    }
    let info = write(s, &dir, kind, None, job)?;
    rotation::thin(&dir, s.now())?;
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
    let snap = snapshot::take(s, job)?;
    let bytes = std::fs::metadata(snap.path())?.len();
    let admins = users::active_holders_of(&s.conn, Category::Admin, Action::Manage)?;
    let keys = kf.recipients(&admins);
    let recipients: Vec<Recipient<'_>> = keys
        .iter()
        .map(|(label, public)| Recipient::X25519 {
            public: *public,
            label: label.clone(),
        })
        .collect();
    let manifest = Manifest {
        format: manifest::FORMAT.into(),
        version: manifest::VERSION,
        vault_id: kf.vault_id(),
        created_at: stamp(now),
        kind: kind.as_str().into(),
        key_file: String::from_utf8(kf.to_json()).map_err(|_| CoreError::Internal("key file"))?,
        audit_head: snapshot::audit_head(&s.conn)?,
        erasure_mark: snapshot::erasure_mark(&s.conn)?,
        db_bytes: bytes,
        app_version: env!("CARGO_PKG_VERSION").into(),
    };
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
    let sealed = (|| {
        let mut out = BufWriter::new(partial.as_file());
        let input = job.reader(JobPhase::Seal, bytes, std::fs::File::open(snap.path())?);
        sealed::seal(
            BufReader::new(input),
            &mut out,
            &recipients,
            &manifest.to_bytes(),
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
    settings::set(&s.conn, LAST_AT, &stamp(now))?;
    s.audit(
        AuditEvent::new(actor, AuditAction::BackupCreated)
            .category("admin")
            .details(serde_json::json!({ "kind": kind.as_str(), "bytes": bytes,
                "recipients": keys.len() })),
    )?;
    Ok(BackupInfo {
        file_name: name,
        path: target.display().to_string(),
        created_at: manifest.created_at,
        kind: manifest.kind,
        bytes: std::fs::metadata(&target)?.len(),
        this_vault: true,
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

/// Makes a rename durable (best effort: not every platform can open a folder).
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The backups in a folder, newest first, from their headers.
pub fn list_folder(dir: &Path, vault_id: Option<&str>) -> CoreResult<Vec<BackupInfo>> {
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
        let Ok(m) = Manifest::parse(&info.metadata) else {
            continue;
        };
        out.push(BackupInfo {
            file_name: e.file_name().to_string_lossy().into_owned(),
            path: path.display().to_string(),
            this_vault: vault_id.is_none_or(|v| v == m.vault_id),
            created_at: m.created_at,
            kind: m.kind,
            bytes: e.metadata().map(|m| m.len()).unwrap_or(0),
        });
    }
    out.sort_by(|a, b| b.created_at.cmp(&a.created_at));
    Ok(out)
}

/// Settings > Backups: the folder, the last backup and what the folder holds.
pub fn overview(s: &Session) -> CoreResult<BackupOverview> {
    s.require(Category::Admin, Action::View)?;
    let folder = settings::get(&s.conn, FOLDER)?;
    let vault_id = KeyFile::load(&s.ctx.paths.keys())?.vault_id();
    let backups = match &folder {
        Some(f) => list_folder(Path::new(f), Some(&vault_id)).unwrap_or_default(),
        None => Vec::new(),
    };
    Ok(BackupOverview {
        folder,
        last_at: settings::get(&s.conn, LAST_AT)?,
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
            settings::set(&s.conn, FOLDER, &dir.display().to_string())?;
        }
        None => {
            settings::remove(&s.conn, FOLDER)?;
        }
    }
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::BackupSettingsChanged)
            .category("admin")
            .details(serde_json::json!({ "automatic": folder.is_some() })),
    )?;
    Ok(())
}
