//! Exporting people as CSV or vCard 4.0: a list (its filters) or a selection, through the
//! caller's rights, audited (count and format, not the contents), written to a temporary file
//! and moved into place only when complete.
pub mod csv_out;
pub mod vcard;

use crate::access::{Action, Category};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::crm::{Person, PersonQuery};
use crate::error::{CoreError, CoreResult};
use crate::session::Session;
use crate::store::persons as db;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ExportFormat {
    Csv,
    Vcard,
}

/// Which people: the given ids, or everyone the list filters match.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportSelection {
    #[ts(type = "Array<number> | null")]
    pub ids: Option<Vec<i64>>,
    pub filters: Option<PersonQuery>,
}

/// What the app reports after saving an export.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExportResult {
    #[ts(type = "number")]
    pub count: usize,
    /// The chosen file's name (not its folder), for the confirmation.
    pub file_name: String,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Csv => "csv",
            ExportFormat::Vcard => "vcf",
        }
    }
}

const CSV_HEADER: &[&str] = &[
    "given_name",
    "tussenvoegsel",
    "family_name",
    "salutation",
    "email",
    "phone",
    "organisation",
    "job_title",
    "street",
    "postcode",
    "city",
    "country",
    "date_of_birth",
    "preferred_language",
    "source",
    "tags",
    "notes",
];

fn csv_row(p: &Person) -> Vec<String> {
    let a = p.addresses.first();
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        p.given_name.clone(),
        p.tussenvoegsel.clone(),
        p.family_name.clone(),
        opt(&p.salutation),
        p.emails
            .iter()
            .map(|e| e.value.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        p.phones
            .iter()
            .map(|e| e.value.as_str())
            .collect::<Vec<_>>()
            .join(" "),
        opt(&p.organisation_name),
        opt(&p.job_title),
        a.and_then(|a| a.street.clone()).unwrap_or_default(),
        a.and_then(|a| a.postcode.clone()).unwrap_or_default(),
        a.and_then(|a| a.city.clone()).unwrap_or_default(),
        a.and_then(|a| a.country.clone()).unwrap_or_default(),
        opt(&p.date_of_birth),
        opt(&p.preferred_language),
        opt(&p.source),
        p.tags.join(", "),
        opt(&p.notes),
    ]
}

/// Calls `each` for every selected person, a page at a time. Restricted people (Art. 18) are
/// never exported, whoever asks: an export is a use of their data.
fn for_each(
    s: &Session,
    sel: &ExportSelection,
    each: &mut dyn FnMut(&Person) -> CoreResult<()>,
) -> CoreResult<usize> {
    let mut n = 0;
    if let Some(ids) = &sel.ids {
        for id in ids {
            let p = db::get_person(&s.read()?, *id)?.ok_or(CoreError::NotFound)?;
            if p.restricted {
                continue;
            }
            each(&p)?;
            n += 1;
        }
        return Ok(n);
    }
    let mut q = sel.filters.clone().unwrap_or_default();
    q.limit = 500;
    q.after = None;
    loop {
        let (rows, next) = db::list_persons(&s.read()?, &q, false)?;
        for r in rows {
            if let Some(p) = db::get_person(&s.read()?, r.id)? {
                each(&p)?;
                n += 1;
            }
        }
        match next {
            Some(c) => q.after = Some(c),
            None => return Ok(n),
        }
    }
}

/// Refuses early when the caller may not export (the app asks before showing a save dialog).
pub fn may_export(s: &Session) -> CoreResult<()> {
    s.require(Category::Contact, Action::Export)
}

/// Writes the export to `out` (atomically). Returns how many people it holds.
pub fn to_file(
    s: &Session,
    sel: &ExportSelection,
    format: ExportFormat,
    out: &Path,
) -> CoreResult<usize> {
    s.require(Category::Contact, Action::Export)?;
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    let n = {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        let n = match format {
            ExportFormat::Csv => {
                // Through the one writer that neutralises formulas (csv_out).
                let mut c = csv_out::SafeCsv::new(&mut w)?;
                c.record(CSV_HEADER)?;
                let n = for_each(s, sel, &mut |p| c.record(csv_row(p)))?;
                c.finish()?;
                n
            }
            ExportFormat::Vcard => for_each(s, sel, &mut |p| {
                Ok(w.write_all(vcard::person(p).as_bytes())?)
            })?,
        };
        w.flush()?;
        n
    };
    tmp.as_file().sync_all()?;
    tmp.persist(out).map_err(|e| CoreError::from(e.error))?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::ContactsExported)
            .category(Category::Contact.as_str())
            .details(serde_json::json!({ "count": n, "format": match format { ExportFormat::Csv => "csv", ExportFormat::Vcard => "vcard" } })),
    )?;
    Ok(n)
}
