//! Opening, checking and restoring a backup (SECURITY.md: a restore never undoes a removal, a
//! disable, a password change or an erasure).
//!
//! Who may: a current administrator signed in to the vault being replaced (who confirms their
//! password), or the holder of the recovery key. Never a backup's own credentials: a removed
//! administrator's old password opens nothing here.
//!
//! What comes back is the data. Who may enter, and what happened, stay as they are now: users,
//! roles, settings, the audit trail, the erasure and user ledgers and the vault's secrets are
//! carried from the vault being replaced (`store::carry`); every erased person and deleted
//! personnel file on the ledger is erased again; the database gets a new key, sealed to the
//! current key file's slots. Only when no vault can be read (a lost disk) does a restore with
//! the recovery key start from the backup's own users, after the person confirms in words that
//! erasures made since may come back.
//!
//! Nothing is replaced until the backup has authenticated (its manifest's tag, before any of
//! its database is written), matched its size and digest, passed the integrity checks and its
//! audit anchor, and had every erasure re-applied; the switch is journalled, so a kill half-way
//! is finished at the next open of the vault. The vault it replaced is removed once the restored
//! one has opened and verified.
use super::manifest::{Header, HeaderState, Manifest, MAX_MANIFEST};
use crate::access::{Action, Category};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::error::{CoreError, CoreResult};
use crate::job::{Job, JobPhase};
use crate::keyring::KeyCategory;
use crate::keys::backup as keys;
use crate::paths::VaultPaths;
use crate::privacy::erasure::{self, ErasureMode};
use crate::privacy::subject_export::seal_error;
use crate::session::Session;
use crate::store::audit;
use crate::store::{self, users};
use crate::store::{ReadTx, Store};
use crate::switch::{self, remove_replaced};
use crate::throttle::{self, Throttle};
use crate::vault::Vault;
use kluis_vault::sealed::{self, Opener};
use kluis_vault::{recovery_auth_from_key, CategoryKey, DbKey, KeyFile, Password, RecoveryKey};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::NamedTempFile;
use ts_rs::TS;
use zeroize::Zeroizing;

/// What a person types to restore with the recovery key when the current vault cannot be read
/// (its erasure ledger with it): erasures made after the backup may come back.
pub const CONFIRM_NL: &str = "gewiste personen mogen terugkomen";
pub const CONFIRM_EN: &str = "erased people may come back";

/// On whose authority a backup is opened.
pub enum Authority<'a> {
    /// A current administrator, signed in to the vault, confirming their password.
    Admin {
        session: &'a Session,
        password: &'a Password,
    },
    /// The recovery key. `confirmation` is the phrase typed when no vault can be read.
    Recovery {
        key: &'a RecoveryKey,
        confirmation: Option<&'a str>,
    },
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
    /// Erased people in the backup, erased again (subject ids).
    #[ts(type = "number[]")]
    pub erasures_reapplied: Vec<i64>,
    /// Personnel files the retention engine deleted, deleted again.
    #[ts(type = "number")]
    pub personnel_files_deleted: i64,
    /// No vault could be read: the backup's own users came back and erasures made after it
    /// could not be applied (the person confirmed this). Shown as a warning.
    pub ledger_unavailable: bool,
    /// False for a drill: the backup opened and passed every check, nothing was replaced.
    pub replaced: bool,
}

/// The vault being replaced, as far as it can be read.
struct Current {
    db: PathBuf,
    key: DbKey,
    kf: KeyFile,
    backup_auth: Zeroizing<[u8; 32]>,
}

/// An opened backup: its authenticated manifest, its database key and its copy.
struct Opened {
    manifest: Manifest,
    key: DbKey,
    db: NamedTempFile,
}

/// The backup keys (every version) the administrator's session holds.
fn backup_keys(s: &Session) -> Vec<(u32, CategoryKey)> {
    s.category_keys
        .iter()
        .filter(|(c, _, _)| *c == KeyCategory::Backup)
        .map(|(_, id, k)| (*id, k.clone()))
        .collect()
}

/// Checks that the administrator is who they say (their password opens their own slot),
/// counted like a sign-in.
fn confirm_admin(s: &Session, password: &Password) -> CoreResult<()> {
    s.require(Category::Admin, Action::Manage)?;
    let kf = KeyFile::load(&s.ctx.paths.keys())?;
    let th = Throttle::new(&s.ctx.paths.throttle(), &kf.vault_id());
    let attempt = th.attempt(&s.user.username, s.now())?;
    match kf.unlock_user(&s.user.username, password) {
        Ok(u) if u.user_id() == Some(s.user.id) && u.db_key.as_ref() == Some(&s.key) => {
            attempt.succeeded()
        }
        Ok(_) => Err(CoreError::AuthFailed),
        Err(kluis_vault::VaultError::WrongPassword) => {
            attempt.failed()?;
            Err(CoreError::AuthFailed)
        }
        Err(e) => Err(e.into()),
    }
}

/// The current vault read with the recovery key, if it can be.
fn current_with_recovery(paths: &VaultPaths, rk: &RecoveryKey) -> Option<Current> {
    let kf = KeyFile::load(&paths.keys()).ok()?;
    let key = kf.unlock_recovery(rk).ok()?.db_key?;
    let st = crate::keys::open_database(paths, &kf, &key).ok()?;
    let backup_auth = store::secrets::get(&st.read().ok()?, store::secrets::BACKUP_AUTH).ok()?;
    Some(Current {
        db: paths.db(),
        key,
        kf,
        backup_auth,
    })
}

/// Opens `file` into a temporary file in `into`, authenticating its manifest before any of its
/// database is written. Errors name the fault, never any content.
fn open(
    file: &Path,
    with_keys: &[(u32, CategoryKey)],
    recovery: Option<&RecoveryKey>,
    current: Option<(&str, &[u8; 32])>,
    into: &Path,
    job: &Job<'_>,
) -> CoreResult<Opened> {
    job.settle(open_counted(file, with_keys, recovery, current, into, job))
}

fn open_counted(
    file: &Path,
    with_keys: &[(u32, CategoryKey)],
    recovery: Option<&RecoveryKey>,
    current: Option<(&str, &[u8; 32])>,
    into: &Path,
    job: &Job<'_>,
) -> CoreResult<Opened> {
    let info = sealed::inspect(BufReader::new(std::fs::File::open(file)?)).map_err(seal_error)?;
    let header = match Header::parse(&info.metadata) {
        HeaderState::Current(h) => h,
        HeaderState::OldFormat => return Err(CoreError::BackupOldFormat),
        HeaderState::NotABackup => {
            return Err(CoreError::SealedDamaged("it is not a Kluis backup"))
        }
    };
    if let Some((vault_id, auth)) = current {
        if header.vault_id != vault_id {
            return Err(CoreError::BackupForeignVault);
        }
        if !header.authentic(auth) {
            return Err(CoreError::BackupUnauthenticated);
        }
    }
    let secret = match recovery {
        Some(rk) => rk.secret().clone(),
        None => vault_secret(&info.key_labels, with_keys)?,
    };
    let total = std::fs::metadata(file)?.len();
    let input = BufReader::new(job.reader(JobPhase::Open, total, std::fs::File::open(file)?));
    let (metadata, mut reader) =
        sealed::open_reader(input, &Opener::X25519(&secret)).map_err(|e| match e {
            kluis_vault::sealed::SealError::NoMatchingKey => CoreError::BackupNotForUser,
            e => seal_error(e),
        })?;
    if metadata != info.metadata {
        return Err(CoreError::SealedDamaged("its header was altered"));
    }
    let read_err = |e: std::io::Error| seal_error(sealed::from_io(e));
    let manifest = read_manifest(&mut reader)?;
    // Authenticated before any of the database is written.
    let authentic = match (current, recovery) {
        (Some((_, auth)), _) => manifest.authentic_for_vault(auth),
        (None, Some(rk)) => KeyFile::from_json(manifest.key_file.as_bytes())
            .ok()
            .and_then(|kf| recovery_auth_from_key(&kf, rk))
            .is_some_and(|auth| manifest.authentic_for_recovery(&auth)),
        (None, None) => false,
    };
    if !authentic
        || manifest.vault_id != header.vault_id
        || manifest.created_at != header.created_at
        || manifest.kind != header.kind
    {
        return Err(CoreError::BackupUnauthenticated);
    }
    let key = DbKey::from_hex(&manifest.db_key).ok_or(CoreError::BackupUnauthenticated)?;
    let db = tempfile::Builder::new()
        .prefix(".kluis-restore-")
        .tempfile_in(into)?;
    let mut out = BufWriter::new(db.as_file());
    let mut digest = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut written = 0u64;
    loop {
        let n = reader.read(&mut buf).map_err(read_err)?;
        if n == 0 {
            break;
        }
        digest.update(&buf[..n]);
        out.write_all(&buf[..n])?;
        written += n as u64;
    }
    out.flush()?;
    drop(out);
    db.as_file().sync_all()?;
    if written != manifest.db_bytes || audit::hex(&digest.finalize()) != manifest.db_sha256 {
        return Err(CoreError::SealedDamaged(
            "its database does not match its description",
        ));
    }
    Ok(Opened { manifest, key, db })
}

/// Integrity, the audit chain against the manifest's anchor, the consent ledger.
fn check(st: &Arc<Store>, m: &Manifest, job: &Job<'_>) -> CoreResult<i64> {
    job.progress(JobPhase::Check, 0, 0)?;
    let (cipher, integrity) = {
        let x = st.exclusive()?;
        job.interruptible(x.interrupt(), || store::integrity_problems(&x))?
    };
    let tx = st.read()?;
    job.interruptible(tx.interrupt(), || check_copy(&tx, m, cipher, integrity))
}

fn check_copy(
    conn: &ReadTx,
    m: &Manifest,
    cipher: Vec<String>,
    integrity: Vec<String>,
) -> CoreResult<i64> {
    if !cipher.is_empty() || !integrity.is_empty() {
        return Err(CoreError::BackupCheckFailed(
            "the database inside is damaged",
        ));
    }
    let chain = audit::verify_chain(conn)?;
    if chain.first_broken_id.is_some() {
        return Err(CoreError::BackupCheckFailed("its audit trail is broken"));
    }
    if chain.head_id != m.audit_anchor.id || chain.head != m.audit_anchor.hash {
        return Err(CoreError::BackupCheckFailed(
            "its audit trail does not end at the anchor written when it was made",
        ));
    }
    if !store::consent::verify(conn)?.ok() {
        return Err(CoreError::BackupCheckFailed("its consent ledger is broken"));
    }
    Ok(chain.entries)
}

/// Opens and checks the backup on `by`'s authority: the authenticated manifest, the copy
/// migrated and checked, and what is known of the current vault.
fn open_checked(
    vault: &Vault,
    file: &Path,
    by: &Authority<'_>,
    job: &Job<'_>,
) -> CoreResult<(Opened, Arc<Store>, i64, Option<Current>)> {
    let paths = vault.paths();
    let (current, with_keys, rk) = match by {
        Authority::Admin { session, password } => {
            confirm_admin(session, password)?;
            let c = Current {
                db: paths.db(),
                key: session.key.clone(),
                kf: KeyFile::load(&paths.keys())?,
                backup_auth: store::secrets::get(&session.read()?, store::secrets::BACKUP_AUTH)?,
            };
            (Some(c), backup_keys(session), None)
        }
        Authority::Recovery { key, .. } => {
            // A key file that can be read must know this recovery key (counted as a sign-in);
            // without one (a lost disk) the backup's own tag is what vouches for it.
            if let Ok(kf) = KeyFile::load(&paths.keys()) {
                let th = Throttle::new(&paths.throttle(), &kf.vault_id());
                let attempt = th.attempt(throttle::RECOVERY, vault.now())?;
                match kf.unlock_recovery(key) {
                    Ok(_) => attempt.succeeded()?,
                    Err(kluis_vault::VaultError::RecoveryKeyWrong) => {
                        attempt.failed()?;
                        return Err(CoreError::RecoveryKeyInvalid);
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            let current = current_with_recovery(paths, key);
            (current, Vec::new(), Some(*key))
        }
    };
    let auth = current
        .as_ref()
        .map(|c| (c.kf.vault_id(), c.backup_auth.clone()));
    let o = open(
        file,
        &with_keys,
        rk,
        auth.as_ref().map(|(v, a)| (v.as_str(), &**a)),
        &paths.dir,
        job,
    )?;
    let st = Store::open_migrated(o.db.path(), &o.key)?;
    let entries = check(&st, &o.manifest, job)?;
    Ok((o, st, entries, current))
}

/// The restore drill: opens and checks the backup as a restore would, in the vault's folder,
/// and replaces nothing.
pub fn drill(
    vault: &Vault,
    file: &Path,
    by: &Authority<'_>,
    job: &Job<'_>,
) -> CoreResult<RestoreReport> {
    let (o, conn, audit_entries, _) = open_checked(vault, file, by, job)?;
    Ok(RestoreReport {
        created_at: o.manifest.created_at.clone(),
        kind: o.manifest.kind.clone(),
        audit_entries,
        people: store::persons::count_all(&conn.read()?)?,
        erasures_reapplied: Vec::new(),
        personnel_files_deleted: 0,
        ledger_unavailable: false,
        replaced: false,
    })
}

fn confirmed(text: Option<&str>) -> bool {
    let t = text.map(|t| t.trim().to_lowercase()).unwrap_or_default();
    t == CONFIRM_NL || t == CONFIRM_EN
}

/// A restore checked and made ready beside the vault, waiting for its switch: the caller ends
/// any session on the vault first (nothing may hold the old database open while it is
/// replaced), then calls `finish`. Dropping it instead replaces nothing and leaves nothing.
pub struct Prepared {
    /// Held until the switch: no daily work writes to the file being replaced (see
    /// `VaultCtx::whole`).
    _whole: crate::context::WholeVault,
    paths: VaultPaths,
    db: NamedTempFile,
    key_file: Vec<u8>,
    new_key: DbKey,
    report: RestoreReport,
}

impl Prepared {
    /// Switches the files (journalled: a kill half-way is finished at the next open), checks
    /// that the restored vault opens and verifies, and removes the vault it replaced. A cancel
    /// is honoured up to here; the switch itself is not interrupted.
    pub fn finish(self, job: &Job<'_>) -> CoreResult<RestoreReport> {
        job.check()?;
        switch::install(&self.paths, self.db, &self.key_file)?;
        verify_switched(&self.paths, &self.new_key)?;
        Ok(self.report)
    }

    pub fn report(&self) -> &RestoreReport {
        &self.report
    }
}

/// Prepares the restore of `file` over the vault on `by`'s authority: opened, authenticated,
/// checked, what must stay carried from the current vault, erasures re-applied, a new key.
/// Nothing is replaced yet (see `Prepared`); a failure or a cancel leaves everything as it was.
pub fn prepare(
    vault: &Vault,
    file: &Path,
    by: &Authority<'_>,
    job: &Job<'_>,
) -> CoreResult<Prepared> {
    // Daily work under way finishes first (it holds this while it runs).
    let whole = vault.ctx().whole.lock_arc();
    let paths = vault.paths().clone();
    let actor_signed_in = match by {
        Authority::Admin { session, .. } => Some(session.user.id),
        Authority::Recovery { .. } => None,
    };
    let confirmation = match by {
        Authority::Recovery { confirmation, .. } => *confirmation,
        Authority::Admin { .. } => None,
    };
    let (o, conn, audit_entries, current) = open_checked(vault, file, by, job)?;
    if current.is_none() && !confirmed(confirmation) {
        return Err(CoreError::RestoreNeedsConfirmation);
    }
    if let Some(c) = &current {
        store::carry::carry_from(&conn.exclusive()?, &c.db, &c.key)?;
        // The ledger's removals and disables hold in what was carried.
        let people: std::collections::HashMap<i64, users::UserRow> =
            users::list_all(&conn.read()?)?
                .into_iter()
                .map(|u| (u.id, u))
                .collect();
        for (id, removed) in users::ledger_locked_out(&conn.read()?)? {
            let held = people.get(&id).is_some_and(|u| {
                if removed {
                    u.removed
                } else {
                    !u.active || u.removed
                }
            });
            if !held {
                return Err(CoreError::BackupCheckFailed(
                    "the user ledger and the users it names disagree",
                ));
            }
        }
    }
    // Someone to act as: the signed-in administrator, or (recovery key) the system.
    let actor = match actor_signed_in {
        Some(id) => id,
        None => *users::active_holders_of(&conn.read()?, Category::Admin, Action::Manage)?
            .first()
            .ok_or(CoreError::BackupCheckFailed(
                "it holds no active administrator",
            ))?,
    };
    let s = Session::load(conn, o.key.clone(), vault.ctx().clone(), actor, vec![])?;
    let (reapplied, employees) = if current.is_some() {
        reapply_erasures(&s, o.manifest.erasure_mark, job)?
    } else {
        (Vec::new(), 0)
    };
    s.audit(
        AuditEvent::new(actor_signed_in, AuditAction::BackupRestored)
            .category("admin")
            .details(
                serde_json::json!({ "backupCreatedAt": o.manifest.created_at,
                "erasuresReapplied": reapplied.len(), "personnelFilesDeleted": employees,
                "ledgerUnavailable": current.is_none(),
                "withRecoveryKey": actor_signed_in.is_none() }),
            ),
    )?;
    s.store.checkpoint()?;
    let people = store::persons::count_all(&s.read()?)?;
    // A new database key, sealed to today's slots (or, with no vault to read, the backup's).
    let new_key = DbKey::generate();
    let kf = match &current {
        Some(c) => {
            let mut kf = c.kf.clone();
            kf.rotate(&c.key, &new_key)?;
            kf
        }
        None => {
            let mut kf = KeyFile::from_json(o.manifest.key_file.as_bytes())?;
            kf.rotate(&o.key, &new_key)?;
            kf
        }
    };
    s.store.rekey(&new_key)?;
    drop(s);
    Ok(Prepared {
        _whole: whole,
        paths,
        db: o.db,
        key_file: kf.to_json(),
        new_key,
        report: RestoreReport {
            created_at: o.manifest.created_at,
            kind: o.manifest.kind,
            audit_entries,
            people,
            erasures_reapplied: reapplied,
            personnel_files_deleted: employees,
            ledger_unavailable: current.is_none(),
            replaced: true,
        },
    })
}

/// Erases again everyone on the (carried) erasure ledger whom the restored copy still holds:
/// the same person, by id and by when they were created, so nobody who later got the same id
/// is touched. Entries from before the ledger named creation times apply only when they came
/// after the backup, as earlier versions did.
fn reapply_erasures(s: &Session, mark: i64, job: &Job<'_>) -> CoreResult<(Vec<i64>, i64)> {
    let ledger = store::erasure::ledger(&s.read()?)?;
    let total = ledger.len() as u64;
    let mut reapplied = Vec::new();
    let mut employees = 0i64;
    let tx = s.write()?;
    for (n, e) in ledger.into_iter().enumerate() {
        // A cancel drops the transaction: nothing re-applied, nothing switched.
        job.progress(JobPhase::Reapply, n as u64, total)?;
        let table = if e.kind == "employee" {
            "employees"
        } else {
            "persons"
        };
        let Some(created) = store::erasure::created_at(&tx, table, e.subject_ref)? else {
            continue;
        };
        let same = match &e.subject_created_at {
            Some(c) => *c == created,
            None => e.id > mark,
        };
        if !same {
            continue;
        }
        if e.kind == "employee" {
            store::retention::delete_employee(&tx, e.subject_ref)?;
            employees += 1;
        } else {
            let mode = if e.mode == "anonymise" {
                ErasureMode::Anonymise
            } else {
                ErasureMode::Delete
            };
            erasure::reapply(s, e.subject_ref, mode)?;
            reapplied.push(e.subject_ref);
        }
    }
    tx.commit()?;
    Ok((reapplied, employees))
}

/// After the switch: the restored vault opens with its key file and verifies; then the vault it
/// replaced goes (it still holds whoever was erased since it was written).
fn verify_switched(paths: &VaultPaths, key: &DbKey) -> CoreResult<()> {
    let st = Store::open(&paths.db(), key)?;
    let (cipher, integrity) = st.integrity_problems()?;
    if !cipher.is_empty()
        || !integrity.is_empty()
        || audit::verify_chain(&st.read()?)?.first_broken_id.is_some()
    {
        return Err(CoreError::BackupCheckFailed(
            "the restored vault did not verify; the replaced one is kept beside it",
        ));
    }
    drop(st);
    remove_replaced(paths);
    Ok(())
}

/// The audit anchors of this vault's backups in a folder, each from a manifest that
/// authenticated (for `verify`); backups this session cannot open are skipped.
pub(crate) fn anchors_in(
    s: &Session,
    dir: &Path,
) -> CoreResult<Vec<(String, crate::anchors::Anchor)>> {
    let keys = backup_keys(s);
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let (vault_id, auth) = super::folder_auth(s)?;
    let mut out = Vec::new();
    for b in super::list_folder(dir, Some((&vault_id, &auth)))? {
        if b.status != super::BackupStatus::Ok {
            continue;
        }
        if let Ok(m) = manifest_of(Path::new(&b.path), &keys, &auth) {
            out.push((b.file_name, m.audit_anchor));
        }
    }
    Ok(out)
}

/// A backup's manifest, authenticated, without reading its database.
fn manifest_of(file: &Path, keys: &[(u32, CategoryKey)], auth: &[u8; 32]) -> CoreResult<Manifest> {
    let info = sealed::inspect(BufReader::new(std::fs::File::open(file)?)).map_err(seal_error)?;
    let secret = vault_secret(&info.key_labels, keys)?;
    let (_, mut reader) = sealed::open_reader(
        BufReader::new(std::fs::File::open(file)?),
        &Opener::X25519(&secret),
    )
    .map_err(seal_error)?;
    let m = read_manifest(&mut reader)?;
    if !m.authentic_for_vault(auth) {
        return Err(CoreError::BackupUnauthenticated);
    }
    Ok(m)
}

/// The backup key pair's secret for a stanza `vault:<id>` whose key version is held.
fn vault_secret(
    labels: &[String],
    keys: &[(u32, CategoryKey)],
) -> CoreResult<x25519_dalek::StaticSecret> {
    labels
        .iter()
        .filter_map(|l| l.strip_prefix("vault:")?.parse::<u32>().ok())
        .find_map(|id| keys.iter().find(|(k, _)| *k == id))
        .map(|(_, key)| keys::secret(key))
        .ok_or(CoreError::BackupNotForUser)
}

/// The manifest at the start of an opened backup's payload (length-prefixed, capped).
fn read_manifest(reader: &mut impl Read) -> CoreResult<Manifest> {
    let read_err = |e: std::io::Error| seal_error(sealed::from_io(e));
    let mut len = [0u8; 4];
    reader.read_exact(&mut len).map_err(read_err)?;
    let len = u32::from_le_bytes(len);
    if len > MAX_MANIFEST {
        return Err(CoreError::SealedDamaged(
            "its backup description is malformed",
        ));
    }
    let mut body = vec![0u8; len as usize];
    reader.read_exact(&mut body).map_err(read_err)?;
    Manifest::parse(&body)
}
