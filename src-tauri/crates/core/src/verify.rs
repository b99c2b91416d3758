//! `kluis verify` and Settings > Health: cipher integrity, SQLite integrity, the key file and
//! its slots' authentication, the audit chain against every anchor found (backups in the backup
//! folder, the anchors file, anchors given by hand), the consent ledger, the category keys.
use crate::access::{Action, Category};
use crate::anchors::{self, Anchor, AnchorSource, Contradiction, FileState};
use crate::dto::audit::ChainReport;
use crate::dto::consent::LedgerReport;
use crate::error::CoreResult;
use crate::keys::custody::{self, CategoryKeyState};
use crate::session::Session;
use crate::store;
use crate::store::audit;
use kluis_vault::KeyFile;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use ts_rs::TS;

/// The audit chain held against its anchors.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AnchorReport {
    /// Anchors checked: from backups, the anchors file, and given by hand.
    #[ts(type = "number")]
    pub from_backups: u32,
    #[ts(type = "number")]
    pub from_file: u32,
    #[ts(type = "number")]
    pub given: u32,
    /// The anchors file: absent, sound, or altered (refused, not used).
    pub file: String,
    /// Altered anchors files set aside earlier (kept as evidence).
    pub set_aside: Vec<String>,
    /// The first anchor the live chain contradicts: its tail was cut or rewritten.
    pub contradiction: Option<Contradiction>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VerifyReport {
    pub cipher_problems: Vec<String>,
    pub integrity_problems: Vec<String>,
    /// None when the key file is sound; otherwise what is wrong with it.
    pub key_file_problem: Option<String>,
    #[ts(type = "number")]
    pub key_slots: usize,
    /// Slots whose MAC does not hold (altered); and slots from before authenticated slots, not
    /// yet upgraded (their owner has not signed in since).
    #[ts(type = "number")]
    pub slots_altered: usize,
    #[ts(type = "number")]
    pub slots_legacy: usize,
    /// A key rotation was interrupted and is finished at the next sign-in.
    pub rotation_pending: bool,
    pub audit: ChainReport,
    pub anchors: AnchorReport,
    pub consent: LedgerReport,
    pub category_keys: Vec<CategoryKeyState>,
    /// When the last backup was made (Settings > Health turns its age into a warning).
    pub last_backup_at: Option<String>,
    pub backup_folder: Option<String>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.cipher_problems.is_empty()
            && self.integrity_problems.is_empty()
            && self.key_file_problem.is_none()
            && self.slots_altered == 0
            && self.audit.first_broken_id.is_none()
            && self.anchors.contradiction.is_none()
            && self.anchors.file != "altered"
            && self.anchors.set_aside.is_empty()
            && self.consent.ok()
    }
}

/// The anchors in this vault's backups in the backup folder (readable to a session holding the
/// backup key: each manifest authenticates before its anchor is used).
fn backup_anchors(s: &Session) -> CoreResult<Vec<(AnchorSource, Option<String>, Anchor)>> {
    let Some(folder) = store::settings::get(&s.read()?, crate::backup::FOLDER)? else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (file, anchor) in crate::backup::restore::anchors_in(s, std::path::Path::new(&folder))? {
        out.push((AnchorSource::Backup, Some(file), anchor));
    }
    Ok(out)
}

pub fn run(s: &Session) -> CoreResult<VerifyReport> {
    run_with(s, &[])
}

/// As `run`, also holding the chain against anchors given by hand (`--anchor ID:HASH`).
pub fn run_with(s: &Session, given: &[Anchor]) -> CoreResult<VerifyReport> {
    s.require(Category::Audit, Action::View)?;
    let (cipher_problems, integrity_problems) = s.store.integrity_problems()?;
    let kf = KeyFile::load(&s.ctx.paths.keys());
    let (key_file_problem, key_slots, slots_altered, slots_legacy) = match &kf {
        Ok(kf) => {
            let (altered, legacy) = kf.check_slots(&s.key);
            (None, kf.slots().len(), altered, legacy)
        }
        Err(e) => (
            Some(crate::CoreError::from(clone_err(e)).to_string()),
            0,
            0,
            0,
        ),
    };
    let vault_id = kf.as_ref().map(|k| k.vault_id()).unwrap_or_default();
    let mut anchors: Vec<(AnchorSource, Option<String>, Anchor)> = Vec::new();
    let file = match anchors::read(&s.ctx.paths, &s.read()?, &vault_id)? {
        FileState::Absent => "absent",
        FileState::Sound(list) => {
            anchors.extend(
                list.into_iter()
                    .map(|a| (AnchorSource::AnchorsFile, None, a)),
            );
            "sound"
        }
        FileState::Altered => "altered",
    };
    let from_file = anchors.len() as u32;
    let backups = backup_anchors(s)?;
    let from_backups = backups.len() as u32;
    anchors.extend(backups);
    anchors.extend(
        given
            .iter()
            .cloned()
            .map(|a| (AnchorSource::Given, None, a)),
    );
    let wanted: HashSet<i64> = anchors.iter().map(|(_, _, a)| a.id).collect();
    let mut rows: HashMap<i64, String> = HashMap::new();
    let chain = audit::verify_chain_with(&s.read()?, |id, hash| {
        if wanted.contains(&id) {
            rows.insert(id, audit::hex(hash));
        }
    })?;
    let contradiction = anchors::contradiction(&rows, chain.head_id, &anchors);
    Ok(VerifyReport {
        cipher_problems,
        integrity_problems,
        key_file_problem,
        key_slots,
        slots_altered,
        slots_legacy,
        rotation_pending: s.ctx.paths.rotation().exists(),
        audit: chain,
        anchors: AnchorReport {
            from_backups,
            from_file,
            given: given.len() as u32,
            file: file.into(),
            set_aside: anchors::set_aside(&s.ctx.paths),
            contradiction,
        },
        consent: crate::store::consent::verify(&s.read()?)?,
        category_keys: custody::states(s)?,
        last_backup_at: store::settings::get(&s.read()?, crate::backup::LAST_AT)?,
        backup_folder: store::settings::get(&s.read()?, crate::backup::FOLDER)?,
    })
}

/// The key file error again (VaultError is not Clone: its I/O error is not).
fn clone_err(e: &kluis_vault::VaultError) -> kluis_vault::VaultError {
    use kluis_vault::VaultError as V;
    match e {
        V::Io(io) => V::Io(std::io::Error::from(io.kind())),
        V::Malformed(m) => V::Malformed(m),
        V::UnsupportedVersion(v) => V::UnsupportedVersion(*v),
        V::WeakKdf => V::WeakKdf,
        V::NoSuchSlot => V::NoSuchSlot,
        V::WrongPassword => V::WrongPassword,
        V::RecoveryKeyMalformed => V::RecoveryKeyMalformed,
        V::RecoveryKeyWrong => V::RecoveryKeyWrong,
        V::Tampered => V::Tampered,
        V::Random => V::Random,
    }
}

/// The audit trail, newest first, for those allowed to read it.
pub fn audit_page(
    s: &Session,
    before_id: Option<i64>,
    limit: u32,
) -> CoreResult<Vec<crate::dto::audit::AuditRow>> {
    s.require(Category::Audit, Action::View)?;
    audit::list(&s.read()?, before_id, limit)
}
