//! Importing people from CSV: preview with a suggested column mapping, then an import that
//! validates every row with the same rules as the forms, in one transaction. Nothing is
//! committed unless the whole file is valid, or the person chose to import only the valid rows;
//! cancelling leaves nothing behind.
pub mod csv_read;
pub mod mapping;
pub mod staged;
mod vcard_read;
mod writer;

use crate::access::{Action, Category};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::crm::{AddressInput, ContactPointInput, PersonInput};
use crate::error::{CoreError, CoreResult, ValidationReason};
use crate::session::Session;
use csv_read::{Record, TextEncoding};
use mapping::ImportField;
use serde::{Deserialize, Serialize};
use std::sync::atomic::AtomicBool;
use ts_rs::TS;

pub use mapping::suggest;
pub(crate) use writer::{write_rows, Writer};

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportPreview {
    pub encoding: TextEncoding,
    /// The detected separator, e.g. ";".
    pub delimiter: String,
    pub headers: Vec<String>,
    /// The first rows, for the mapping screen.
    pub sample: Vec<Vec<String>>,
    #[ts(type = "number")]
    pub rows: usize,
    pub mapping: Vec<Option<ImportField>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportMode {
    /// Commit only when every row is valid.
    AllOrNothing,
    /// Commit the valid rows; report the others.
    ValidOnly,
}

/// How an import treats the file: when to commit, and what a field that breaks a rule costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportOptions {
    pub mode: ImportMode,
    /// Refuse the whole row for one field that breaks a rule. Off (the default): the person is
    /// imported, a phone number that cannot be checked is kept as typed and marked, any other
    /// such field is left out, and each is listed in the report.
    pub strict_fields: bool,
}

impl From<ImportMode> for ImportOptions {
    fn from(mode: ImportMode) -> Self {
        ImportOptions {
            mode,
            strict_fields: false,
        }
    }
}

/// Why a row was refused: the field (CSV header) and a reason code the UI translates.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RowProblem {
    /// Line in the file (the header is line 1).
    #[ts(type = "number")]
    pub line: usize,
    pub column: Option<String>,
    pub reason: String,
}

/// A field of an imported row that was not taken as given. The person was imported; the field
/// was left out, or (a phone number that could not be checked) kept as typed and marked so.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldNote {
    /// Line in the file (the header is line 1), or the card's number in a vCard file.
    #[ts(type = "number")]
    pub line: usize,
    /// The column (CSV header) or vCard property it came from.
    pub column: Option<String>,
    /// The form field: "phones", "emails", "postcode", "dateOfBirth", ...
    pub field: String,
    /// Why the value was not taken as given (a reason code the UI translates).
    pub reason: String,
    pub kept_as_typed: bool,
}

/// An imported row that may be the same person as an existing one (imported all the same;
/// the merge screen resolves it).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportDuplicate {
    #[ts(type = "number")]
    pub line: usize,
    #[ts(type = "number")]
    pub existing_id: i64,
    pub reason: crate::dto::crm::DuplicateReason,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportReport {
    #[ts(type = "number")]
    pub rows: usize,
    #[ts(type = "number")]
    pub imported: usize,
    #[ts(type = "number")]
    pub refused: usize,
    /// At most the first 1,000.
    pub problems: Vec<RowProblem>,
    /// Fields not taken as given in rows that were imported (all of them counted).
    #[ts(type = "number")]
    pub noted: usize,
    /// At most the first 1,000.
    pub notes: Vec<FieldNote>,
    /// At most the first 1,000.
    pub duplicates: Vec<ImportDuplicate>,
    pub committed: bool,
    pub cancelled: bool,
}

const MAX_PROBLEMS: usize = 1000;

pub fn preview(bytes: &[u8]) -> CoreResult<ImportPreview> {
    if bytes.len() > csv_read::MAX_BYTES {
        return Err(CoreError::invalid("file", ValidationReason::TooLong));
    }
    let d = csv_read::decode(bytes);
    let (headers, records) = csv_read::records(&d);
    if headers.is_empty() {
        return Err(CoreError::invalid("file", ValidationReason::Required));
    }
    let mut sample = Vec::new();
    let mut rows = 0;
    for r in records {
        rows += 1;
        if let Record::Fields(f) = r {
            if sample.len() < 5 {
                sample.push(f);
            }
        }
    }
    Ok(ImportPreview {
        encoding: d.encoding,
        delimiter: (d.delimiter as char).to_string(),
        mapping: suggest(&headers),
        headers,
        sample,
        rows,
    })
}

fn reason_code(r: ValidationReason) -> String {
    serde_json::to_value(r)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// Builds the form input from one row. The organisation is returned by name, to be found or
/// created only once the row is known to be valid.
fn row_input(fields_: &[String], map: &[Option<ImportField>]) -> (PersonInput, Option<String>) {
    let mut p = PersonInput::default();
    let mut addr = AddressInput::default();
    let mut org = None;
    for (value, field) in fields_.iter().zip(map.iter()) {
        let Some(field) = field else { continue };
        if value.is_empty() {
            continue;
        }
        let v = value.clone();
        match field {
            ImportField::GivenName => p.given_name = v,
            ImportField::Tussenvoegsel => p.tussenvoegsel = v,
            ImportField::FamilyName => p.family_name = v,
            ImportField::FullName => {
                let (g, t, f) = mapping::split_full_name(&v);
                p.given_name = g;
                p.tussenvoegsel = t;
                p.family_name = f;
            }
            ImportField::Salutation => p.salutation = Some(v),
            ImportField::Email => p.emails.push(ContactPointInput {
                label: None,
                value: v,
                keep_unchecked: false,
            }),
            ImportField::Phone => p.phones.push(ContactPointInput {
                label: None,
                value: v,
                keep_unchecked: false,
            }),
            ImportField::Street => addr.street = Some(v),
            ImportField::Postcode => addr.postcode = Some(v),
            ImportField::City => addr.city = Some(v),
            ImportField::Country => addr.country = Some(v),
            ImportField::Organisation => org = Some(v),
            ImportField::JobTitle => p.job_title = Some(v),
            ImportField::DateOfBirth => p.date_of_birth = Some(mapping::normalise_date(&v)),
            ImportField::Tags => {
                p.tags = v
                    .split([',', ';'])
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect()
            }
            ImportField::Notes => p.notes = Some(v),
            ImportField::Source => p.source = Some(v),
        }
    }
    if addr.street.is_some() || addr.postcode.is_some() || addr.city.is_some() {
        p.addresses.push(addr);
    }
    (p, org)
}

/// The CSV column a form field came from, for the row report.
fn column_of(field: &str, headers: &[String], map: &[Option<ImportField>]) -> Option<String> {
    let wanted: &[ImportField] = match field {
        "givenName" => &[ImportField::GivenName, ImportField::FullName],
        "familyName" => &[ImportField::FamilyName, ImportField::FullName],
        "tussenvoegsel" => &[ImportField::Tussenvoegsel, ImportField::FullName],
        "emails" => &[ImportField::Email],
        "phones" => &[ImportField::Phone],
        "addresses" => &[
            ImportField::Postcode,
            ImportField::Street,
            ImportField::City,
            ImportField::Country,
        ],
        "postcode" => &[ImportField::Postcode],
        "organisation" => &[ImportField::Organisation],
        "dateOfBirth" => &[ImportField::DateOfBirth],
        "tags" => &[ImportField::Tags],
        "notes" => &[ImportField::Notes],
        "jobTitle" => &[ImportField::JobTitle],
        "salutation" => &[ImportField::Salutation],
        "source" => &[ImportField::Source],
        _ => &[],
    };
    map.iter()
        .position(|m| m.is_some_and(|f| wanted.contains(&f)))
        .and_then(|i| headers.get(i).cloned())
}

/// One incoming record: its line (or card number) and either the form input with the
/// organisation's name, or why it could not be read.
pub(crate) struct Incoming {
    pub line: usize,
    pub item: Result<(PersonInput, Option<String>), String>,
}

/// Imports the file with the given mapping. `progress(done, total)` is called now and then;
/// setting `cancel` stops the import and rolls everything back.
pub fn run(
    s: &Session,
    bytes: &[u8],
    map: &[Option<ImportField>],
    options: impl Into<ImportOptions>,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &AtomicBool,
) -> CoreResult<ImportReport> {
    s.require(Category::Contact, Action::Create)?;
    let options = options.into();
    with_csv_rows(bytes, map, &mut |items, total, col| {
        commit_records(s, items, total, col, options, progress, cancel)
    })
}

/// What `with_csv_rows` hands the records to: the records, their count, and the CSV column
/// a form field came from.
pub(crate) type RowsFn<'a, T> = dyn FnMut(
        &mut (dyn Iterator<Item = Incoming> + Send),
        usize,
        &dyn Fn(&str) -> Option<String>,
    ) -> CoreResult<T>
    + 'a;

/// Decodes the file and hands its records, with their count and the column lookup for the row
/// report, to `f`. Fails before any row when the file or the mapping cannot work.
pub(crate) fn with_csv_rows<T>(
    bytes: &[u8],
    map: &[Option<ImportField>],
    f: &mut RowsFn<'_, T>,
) -> CoreResult<T> {
    if bytes.len() > csv_read::MAX_BYTES {
        return Err(CoreError::invalid("file", ValidationReason::TooLong));
    }
    let d = csv_read::decode(bytes);
    let total = csv_read::records(&d).1.count();
    let (headers, records) = csv_read::records(&d);
    if headers.is_empty() {
        return Err(CoreError::invalid("file", ValidationReason::Required));
    }
    if map.len() != headers.len() {
        return Err(CoreError::invalid(
            "mapping",
            ValidationReason::InvalidFormat,
        ));
    }
    if !map.iter().any(|m| {
        matches!(
            m,
            Some(ImportField::FamilyName | ImportField::FullName | ImportField::GivenName)
        )
    }) {
        return Err(CoreError::invalid("mapping", ValidationReason::Required));
    }
    let mut items = records.enumerate().map(|(i, rec)| Incoming {
        line: i + 2,
        item: match rec {
            Record::Broken(why) => Err(why.to_string()),
            Record::Fields(f) if f.len() != headers.len() => Err("ragged_row".into()),
            Record::Fields(f) => Ok(row_input(&f, map)),
        },
    });
    let col = |field: &str| column_of(field, &headers, map);
    f(&mut items, total, &col)
}

/// The shared import engine behind CSV and vCard: rights, one transaction, commit only as the
/// mode allows, one audit entry.
pub(crate) fn commit_records(
    s: &Session,
    items: &mut (dyn Iterator<Item = Incoming> + Send),
    total: usize,
    column_of: &dyn Fn(&str) -> Option<String>,
    options: ImportOptions,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &AtomicBool,
) -> CoreResult<ImportReport> {
    s.require(Category::Contact, Action::Create)?;
    let mode = options.mode;
    let tx = s.write()?;
    let w = Writer {
        tx: &tx,
        user_id: s.user_id(),
        now: s.now(),
        strict: options.strict_fields,
    };
    let mut report = write_rows(&w, items, total, column_of, progress, cancel)?;
    // A restricted person (Art. 18) is not even named as a possible duplicate to someone who
    // may not see restricted people: not by a hint, not by an id.
    if !crate::filters::sees_restricted(s) {
        let mut kept = Vec::with_capacity(report.duplicates.len());
        for d in std::mem::take(&mut report.duplicates) {
            if crate::store::restrictions::is_restricted(&tx, d.existing_id)? != Some(true) {
                kept.push(d);
            }
        }
        report.duplicates = kept;
    }
    if report.cancelled || (report.refused > 0 && mode == ImportMode::AllOrNothing) {
        report.imported = 0;
        return Ok(report); // the transaction rolls back on drop
    }
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::ContactsImported)
            .category(Category::Contact.as_str())
            .details(serde_json::json!({ "imported": report.imported, "refused": report.refused })),
    )?;
    tx.commit()?;
    report.committed = true;
    Ok(report)
}

/// Imports people from a vCard file (3.0 or 4.0; one or many cards), with the same rules as CSV.
pub fn run_vcard(
    s: &Session,
    bytes: &[u8],
    options: impl Into<ImportOptions>,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &AtomicBool,
) -> CoreResult<ImportReport> {
    s.require(Category::Contact, Action::Create)?;
    if bytes.len() > csv_read::MAX_BYTES {
        return Err(CoreError::invalid("file", ValidationReason::TooLong));
    }
    let text = csv_read::decode(bytes).text;
    let cards = vcard_read::cards(&text);
    if cards.is_empty() {
        return Err(CoreError::invalid("file", ValidationReason::InvalidFormat));
    }
    let total = cards.len();
    let col = |field: &str| {
        let prop = match field {
            "givenName" | "familyName" | "tussenvoegsel" | "salutation" => "N",
            "emails" => "EMAIL",
            "phones" => "TEL",
            "addresses" | "postcode" => "ADR",
            "dateOfBirth" => "BDAY",
            "notes" => "NOTE",
            "tags" => "CATEGORIES",
            "jobTitle" => "TITLE",
            "organisation" => "ORG",
            _ => return None,
        };
        Some(prop.to_string())
    };
    commit_records(
        s,
        &mut cards.into_iter(),
        total,
        &col,
        options.into(),
        progress,
        cancel,
    )
}
