//! `kluis verify`: cipher integrity, SQLite integrity, the key file, the audit chain, the
//! consent ledger.
use crate::access::{Action, Category};
use crate::audit::{self, ChainReport};
use crate::error::CoreResult;
use crate::privacy::consent_dto::LedgerReport;
use crate::session::Session;
use crate::store;
use kluis_vault::KeyFile;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VerifyReport {
    pub cipher_problems: Vec<String>,
    pub integrity_problems: Vec<String>,
    /// None when the key file is sound; otherwise what is wrong with it.
    pub key_file_problem: Option<String>,
    pub key_file_prev_present: bool,
    #[ts(type = "number")]
    pub key_slots: usize,
    pub audit: ChainReport,
    pub consent: LedgerReport,
    /// When the last backup was made (Settings > Health turns its age into a warning).
    pub last_backup_at: Option<String>,
    pub backup_folder: Option<String>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.cipher_problems.is_empty()
            && self.integrity_problems.is_empty()
            && self.key_file_problem.is_none()
            && self.audit.first_broken_id.is_none()
            && self.consent.ok()
    }
}

pub fn run(s: &Session) -> CoreResult<VerifyReport> {
    s.require(Category::Audit, Action::View)?;
    let (cipher_problems, integrity_problems) = store::integrity_problems(&s.conn)?;
    let (key_file_problem, key_slots) = match KeyFile::load(&s.ctx.paths.keys()) {
        Ok(kf) => (None, kf.slots().len()),
        Err(e) => (Some(e.to_string()), 0),
    };
    Ok(VerifyReport {
        cipher_problems,
        integrity_problems,
        key_file_problem,
        key_file_prev_present: s.ctx.paths.keys_prev().exists(),
        key_slots,
        audit: audit::verify_chain(&s.conn)?,
        consent: crate::store::consent::verify(&s.conn)?,
        last_backup_at: store::settings::get(&s.conn, crate::backup::LAST_AT)?,
        backup_folder: store::settings::get(&s.conn, crate::backup::FOLDER)?,
    })
}

/// The audit trail, newest first, for those allowed to read it.
pub fn audit_page(
    s: &Session,
    before_id: Option<i64>,
    limit: u32,
) -> CoreResult<Vec<audit::AuditRow>> {
    s.require(Category::Audit, Action::View)?;
    audit::list(&s.conn, before_id, limit)
}
