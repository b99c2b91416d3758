//! The minimisation report (Art. 5(1)(c), 25): every field Kluis stores, how many records hold
//! data in it, and which current purposes use it. A field with data that no purpose uses is data
//! kept without a reason, and shows as such. Fields of categories the caller may not view are
//! left out entirely, counts included.
use crate::access::{Action, Category};
use crate::dto::privacy::Purpose;
use crate::error::CoreResult;
use crate::session::Session;
use crate::store::purposes as db;
use serde::Serialize;
use ts_rs::TS;

/// The fields a purpose can name and their category (store::purposes::field_records counts
/// the records holding data in each).
pub const FIELDS: [(&str, Category); 20] = [
    ("person.name", Category::Contact),
    ("person.email", Category::Contact),
    ("person.phone", Category::Contact),
    ("person.address", Category::Contact),
    ("person.date_of_birth", Category::Contact),
    ("person.organisation", Category::Contact),
    ("person.job_title", Category::Contact),
    ("person.preferred_language", Category::Contact),
    ("person.notes", Category::Contact),
    ("person.tags", Category::Contact),
    ("timeline", Category::Contact),
    ("organisation.kvk", Category::Contact),
    ("organisation.vat", Category::Contact),
    ("task", Category::Contact),
    ("deal", Category::Sales),
    ("employee", Category::Hr),
    ("employee.salary", Category::Hr),
    ("employee.review", Category::Hr),
    ("employee.absence", Category::Hr),
    ("employee.absence_reason", Category::Special),
];

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct FieldUse {
    pub field: String,
    pub category: Category,
    /// Records holding data in this field.
    #[ts(type = "number")]
    pub records: i64,
    /// Names of the current purposes that use it.
    pub purposes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MinimisationReport {
    pub fields: Vec<FieldUse>,
    /// Fields holding data that no current purpose uses.
    #[ts(type = "number")]
    pub without_purpose: usize,
    /// Archived purposes that people still have consent records for.
    pub archived_purposes: Vec<StalePurpose>,
    /// People whose every consent was withdrawn and who have no deal, task or timeline entry:
    /// kept for no purpose that still applies. None without contact.view.
    #[ts(type = "number | null")]
    pub withdrawn_only: Option<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StalePurpose {
    #[ts(type = "number")]
    pub purpose_id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub people: i64,
}

fn used_by(field: &str, purposes: &[Purpose]) -> Vec<String> {
    purposes
        .iter()
        .filter(|p| !p.archived && p.input.fields.iter().any(|f| f == field))
        .map(|p| p.input.name.clone())
        .collect()
}

pub fn report(s: &Session) -> CoreResult<MinimisationReport> {
    s.require(Category::Privacy, Action::View)?;
    let purposes = db::list(&s.read()?, false)?;
    let mut fields = Vec::new();
    for (field, category) in FIELDS {
        if !s.rights().allows(category, Action::View) {
            continue;
        }
        let records = db::field_records(&s.read()?, field)?;
        fields.push(FieldUse {
            field: field.to_string(),
            category,
            records,
            purposes: used_by(field, &purposes),
        });
    }
    let without_purpose = fields
        .iter()
        .filter(|f| f.records > 0 && f.purposes.is_empty())
        .count();
    let sees_people = s.rights().allows(Category::Contact, Action::View);
    let (archived_purposes, withdrawn_only) = if sees_people {
        (
            db::archived_with_consents(&s.read()?)?
                .into_iter()
                .map(|(purpose_id, name, people)| StalePurpose {
                    purpose_id,
                    name,
                    people,
                })
                .collect(),
            Some(db::withdrawn_only(&s.read()?)?),
        )
    } else {
        (Vec::new(), None)
    };
    Ok(MinimisationReport {
        fields,
        without_purpose,
        archived_purposes,
        withdrawn_only,
    })
}
