//! Marketing lists that check their basis (Art. 6, 7, 18, 21(3)): for a chosen marketing
//! purpose, only people the purpose may reach now: valid consent when it rests on consent, no
//! objection to direct marketing, not restricted, and an e-mail address to reach them at. The
//! report says how many were left out and why. Needs contact.export.
use super::consent_dto::{LeftOut, MarketingPurpose, MarketingReport};
use super::dto::{LawfulBasis, Purpose};
use crate::access::{Action, Category};
use crate::audit::{AuditAction, AuditEvent};
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::session::Session;
use crate::store::purposes as pdb;
use rusqlite::Connection;
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
    Ok(pdb::list(&s.conn, false)?
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
    let p = pdb::get(&s.conn, id)?
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
    pdb::id_by_name(&s.conn, name)?.ok_or(CoreError::NotFound)
}

/// Walks everyone once, in id order, deciding for each whether the purpose may reach them.
/// This is the rule itself; the export and the property test both go through it.
pub fn select(
    conn: &Connection,
    purpose: &Purpose,
    each: &mut dyn FnMut(Recipient) -> CoreResult<()>,
) -> CoreResult<(i64, LeftOut)> {
    let consent_based = purpose.input.lawful_basis == LawfulBasis::Consent;
    let mut stmt = conn.prepare(
        "SELECT p.id, p.given_name, p.tussenvoegsel, p.family_name, p.preferred_language,
            p.restricted, p.marketing_objection, c.granted, c.occurred_at, st.version,
            (SELECT value FROM contact_points WHERE person_id = p.id AND kind = 'email'
             ORDER BY position LIMIT 1)
         FROM persons p
         LEFT JOIN consent_state c ON c.person_id = p.id AND c.purpose_id = ?1
         LEFT JOIN consent_events e ON e.id = c.event_id
         LEFT JOIN consent_statements st ON st.id = e.statement_id
         ORDER BY p.id",
    )?;
    let mut rows = stmt.query([purpose.id])?;
    let mut left = LeftOut::default();
    let mut included = 0i64;
    while let Some(r) = rows.next()? {
        let restricted: bool = r.get(5)?;
        let objects: bool = r.get(6)?;
        let granted: Option<bool> = r.get(7)?;
        let email: Option<String> = r.get(10)?;
        // The first reason that applies is the one counted.
        if restricted {
            left.restricted += 1;
        } else if objects {
            left.objected += 1;
        } else if consent_based && granted == Some(false) {
            left.withdrawn += 1;
        } else if consent_based && granted.is_none() {
            left.no_consent += 1;
        } else if let Some(email) = email {
            included += 1;
            each(Recipient {
                person_id: r.get(0)?,
                given_name: r.get(1)?,
                tussenvoegsel: r.get(2)?,
                family_name: r.get(3)?,
                email,
                preferred_language: r.get(4)?,
                consent_since: if consent_based { r.get(8)? } else { None },
                statement_version: if consent_based { r.get(9)? } else { None },
            })?;
        } else {
            left.no_email += 1;
        }
    }
    Ok((included, left))
}

/// The counts, without writing anything.
pub fn preview(s: &Session, purpose_id: i64) -> CoreResult<MarketingReport> {
    s.require(Category::Contact, Action::Export)?;
    let p = marketing_purpose(s, purpose_id)?;
    let (included, left_out) = select(&s.conn, &p, &mut |_| Ok(()))?;
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
        w.write_all(b"\xEF\xBB\xBF")?;
        let mut c = csv::Writer::from_writer(&mut w);
        c.write_record(HEADER)
            .map_err(|_| CoreError::Internal("csv write"))?;
        let counts = select(&s.conn, &p, &mut |r| {
            c.write_record([
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
            .map_err(|_| CoreError::Internal("csv write"))
        })?;
        c.flush()?;
        drop(c);
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
