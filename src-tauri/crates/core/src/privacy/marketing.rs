//! Marketing lists that check their basis (Art. 6, 7, 18, 21(3)): for a chosen marketing
//! purpose, only people the purpose may reach now: valid consent when it rests on consent, no
//! objection to direct marketing, not restricted, and an e-mail address to reach them at. The
//! report says how many were left out and why. Needs contact.export.
use crate::access::{Action, Category};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::consent::{LeftOut, MarketingPurpose, MarketingReport};
use crate::dto::privacy::{LawfulBasis, Purpose};
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::session::Session;
use crate::store::consent as cdb;
use crate::store::purposes as pdb;
use crate::store::ReadTx;
use std::io::Write;
use std::path::Path;

/// One person on a marketing list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub person_id: i64,
    pub given_name: String,
    pub tussenvoegsel: String,
    pub family_name: String,
    pub email: String,
    pub preferred_language: Option<String>,
    /// When consent was given (consent-based purposes).
    pub consent_since: Option<String>,
    pub statement_version: Option<i64>,
}

/// The current marketing purposes a list can be made for.
pub fn purposes(s: &Session) -> CoreResult<Vec<MarketingPurpose>> {
    s.require(Category::Contact, Action::Export)?;
    Ok(pdb::list(&s.read()?, false)?
        .into_iter()
        .filter(|p| p.input.marketing)
        .map(|p| MarketingPurpose {
            id: p.id,
            name: p.input.name,
            lawful_basis: p.input.lawful_basis,
        })
        .collect())
}

fn marketing_purpose(s: &Session, id: i64) -> CoreResult<Purpose> {
    let p = pdb::get(&s.read()?, id)?
        .filter(|p| !p.archived)
        .ok_or(CoreError::NotFound)?;
    if !p.input.marketing {
        return Err(CoreError::invalid("purpose", R::OutOfRange));
    }
    Ok(p)
}

/// The purpose with this name (case-insensitive), for the CLI.
pub fn purpose_by_name(s: &Session, name: &str) -> CoreResult<i64> {
    s.require(Category::Contact, Action::Export)?;
    pdb::id_by_name(&s.read()?, name)?.ok_or(CoreError::NotFound)
}

/// Walks everyone once, in id order, deciding for each whether the purpose may reach them.
/// This is the rule itself; the export and the property test both go through it.
pub fn select(
    conn: &ReadTx,
    purpose: &Purpose,
    each: &mut dyn FnMut(Recipient) -> CoreResult<()>,
) -> CoreResult<(i64, LeftOut)> {
    let consent_based = purpose.input.lawful_basis == LawfulBasis::Consent;
    let mut left = LeftOut::default();
    let mut included = 0i64;
    cdb::marketing_candidates(conn, purpose.id, &mut |c| {
        // The first reason that applies is the one counted.
        if c.restricted {
            left.restricted += 1;
        } else if c.objects {
            left.objected += 1;
        } else if consent_based && c.granted == Some(false) {
            left.withdrawn += 1;
        } else if consent_based && c.granted.is_none() {
            left.no_consent += 1;
        } else if let Some(email) = c.email {
            included += 1;
            each(Recipient {
                person_id: c.person_id,
                given_name: c.given_name,
                tussenvoegsel: c.tussenvoegsel,
                family_name: c.family_name,
                email,
                preferred_language: c.preferred_language,
                consent_since: if consent_based { c.consent_since } else { None },
                statement_version: if consent_based {
                    c.statement_version
                } else {
                    None
                },
            })?;
        } else {
            left.no_email += 1;
        }
        Ok(())
    })?;
    Ok((included, left))
}

/// The counts, without writing anything.
pub fn preview(s: &Session, purpose_id: i64) -> CoreResult<MarketingReport> {
    s.require(Category::Contact, Action::Export)?;
    let p = marketing_purpose(s, purpose_id)?;
    let (included, left_out) = select(&s.read()?, &p, &mut |_| Ok(()))?;
    Ok(report(&p, included, left_out, None))
}

fn report(p: &Purpose, included: i64, left_out: LeftOut, file: Option<String>) -> MarketingReport {
    MarketingReport {
        purpose_id: p.id,
        purpose_name: p.input.name.clone(),
        lawful_basis: p.input.lawful_basis,
        included,
        left_out,
        file_name: file,
    }
}

const HEADER: [&str; 7] = [
    "given_name",
    "tussenvoegsel",
    "family_name",
    "email",
    "preferred_language",
    "consent_since",
    "statement_version",
];

/// Writes the list as CSV to `out`, atomically, and audits the counts (never names).
pub fn export(s: &Session, purpose_id: i64, out: &Path) -> CoreResult<MarketingReport> {
    s.require(Category::Contact, Action::Export)?;
    let p = marketing_purpose(s, purpose_id)?;
    let dir = out
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    let (included, left_out) = {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        let mut c = crate::export::csv_out::SafeCsv::new(&mut w)?;
        c.record(HEADER)?;
        let counts = select(&s.read()?, &p, &mut |r| {
            c.record([
                r.given_name,
                r.tussenvoegsel,
                r.family_name,
                r.email,
                r.preferred_language.unwrap_or_default(),
                r.consent_since.unwrap_or_default(),
                r.statement_version
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            ])
        })?;
        c.finish()?;
        w.flush()?;
        counts
    };
    tmp.as_file().sync_all()?;
    tmp.persist(out).map_err(|e| CoreError::from(e.error))?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::MarketingExported)
            .on("purpose", p.id)
            .category(Category::Contact.as_str())
            .details(serde_json::json!({
                "included": included,
                "leftOut": {
                    "restricted": left_out.restricted, "objected": left_out.objected,
                    "withdrawn": left_out.withdrawn, "noConsent": left_out.no_consent,
                    "noEmail": left_out.no_email
                }
            })),
    )?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(report(&p, included, left_out, Some(name)))
}
