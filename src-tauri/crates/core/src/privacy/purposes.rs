//! Privacy > Register: the purposes of processing, each with its lawful basis and what Art. 30
//! asks to record. Viewing needs (privacy, view); changing needs (privacy, manage). Every change
//! is audited with the purpose's id and the names of the fields that changed.
use crate::access::{Action, Category};
use crate::clock::stamp;
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::privacy::{Lang, LawfulBasis, Purpose, PurposeInput, PurposeTemplate};
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::fields;
use crate::session::Session;
use crate::store::purposes as db;

const MAX_TEXT: usize = 4_000;
const MAX_ITEMS: usize = 50;
const CATEGORIES: [&str; 4] = ["contact", "sales", "hr", "special"];

fn text(field: &'static str, v: &str, required: bool) -> CoreResult<String> {
    match fields::opt_text(field, Some(v), MAX_TEXT)? {
        Some(t) => Ok(t),
        None if required => Err(CoreError::invalid(field, R::Required)),
        None => Ok(String::new()),
    }
}

fn items(field: &'static str, list: &[String]) -> CoreResult<Vec<String>> {
    if list.len() > MAX_ITEMS {
        return Err(CoreError::invalid(field, R::TooLong));
    }
    let mut out: Vec<String> = Vec::new();
    for i in list {
        if let Some(t) = fields::opt_text(field, Some(i), 200)? {
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    Ok(out)
}

/// Checks a purpose as Art. 30 and Art. 6 require: a name, a description, a lawful basis with
/// a balancing note for legitimate interests, the data used, whose data, a retention rule and
/// the security measures.
fn clean(s: &Session, input: &PurposeInput, except: Option<i64>) -> CoreResult<PurposeInput> {
    let name = fields::opt_text("name", Some(&input.name), 120)?
        .ok_or(CoreError::invalid("name", R::Required))?;
    if db::name_taken(&s.read()?, &name, except)? {
        return Err(CoreError::invalid("name", R::InUse));
    }
    let balancing = fields::opt_text("balancingNote", input.balancing_note.as_deref(), MAX_TEXT)?;
    if input.lawful_basis == LawfulBasis::LegitimateInterests && balancing.is_none() {
        return Err(CoreError::invalid("balancingNote", R::Required));
    }
    let data_categories = items("dataCategories", &input.data_categories)?;
    if data_categories.is_empty() {
        return Err(CoreError::invalid("dataCategories", R::Required));
    }
    if data_categories
        .iter()
        .any(|c| !CATEGORIES.contains(&c.as_str()))
    {
        return Err(CoreError::invalid("dataCategories", R::InvalidFormat));
    }
    let subject_categories = items("subjectCategories", &input.subject_categories)?;
    if subject_categories.is_empty() {
        return Err(CoreError::invalid("subjectCategories", R::Required));
    }
    let used = items("fields", &input.fields)?;
    if used.iter().any(|f| {
        !super::minimisation::FIELDS
            .iter()
            .any(|(name, _)| name == f)
    }) {
        return Err(CoreError::invalid("fields", R::InvalidFormat));
    }
    Ok(PurposeInput {
        name,
        description: text("description", &input.description, true)?,
        lawful_basis: input.lawful_basis,
        balancing_note: if input.lawful_basis == LawfulBasis::LegitimateInterests {
            balancing
        } else {
            None
        },
        marketing: input.marketing,
        data_categories,
        fields: used,
        subject_categories,
        recipients: items("recipients", &input.recipients)?,
        transfers: fields::opt_text("transfers", input.transfers.as_deref(), MAX_TEXT)?,
        retention: text("retention", &input.retention, true)?,
        security_measures: text("securityMeasures", &input.security_measures, true)?,
    })
}

pub fn list(s: &Session, with_archived: bool) -> CoreResult<Vec<Purpose>> {
    s.require(Category::Privacy, Action::View)?;
    db::list(&s.read()?, with_archived)
}

pub fn get(s: &Session, id: i64) -> CoreResult<Purpose> {
    s.require(Category::Privacy, Action::View)?;
    db::get(&s.read()?, id)?.ok_or(CoreError::NotFound)
}

pub fn templates(s: &Session, lang: Lang) -> CoreResult<Vec<PurposeTemplate>> {
    s.require(Category::Privacy, Action::View)?;
    Ok(super::templates::templates(lang))
}

pub fn create(s: &Session, input: &PurposeInput, template: Option<&str>) -> CoreResult<Purpose> {
    s.require(Category::Privacy, Action::Manage)?;
    let p = clean(s, input, None)?;
    let tx = s.write()?;
    let id = db::insert(&tx, &p, template, &stamp(s.now()))?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::PurposeChanged)
            .on("purpose", id)
            .category(Category::Privacy.as_str())
            .details(serde_json::json!({ "change": "created", "basis": p.lawful_basis.as_str() })),
    )?;
    tx.commit()?;
    get(s, id)
}

/// Adopts a template in the given language as a new purpose.
pub fn adopt(s: &Session, key: &str, lang: Lang) -> CoreResult<Purpose> {
    s.require(Category::Privacy, Action::Manage)?;
    let t = super::templates::templates(lang)
        .into_iter()
        .find(|t| t.key == key)
        .ok_or(CoreError::NotFound)?;
    create(s, &t.input, Some(key))
}

pub fn update(s: &Session, id: i64, version: i64, input: &PurposeInput) -> CoreResult<Purpose> {
    s.require(Category::Privacy, Action::Manage)?;
    let p = clean(s, input, Some(id))?;
    let tx = s.write()?;
    let before = db::get(&tx, id)?
        .filter(|p| !p.archived)
        .ok_or(CoreError::NotFound)?;
    crate::store::versions::claim(
        &tx,
        crate::store::versions::Versioned::Purpose,
        id,
        Some(version),
        s.user_id(),
    )?;
    db::update(&tx, id, &p, &stamp(s.now()))?;
    let changed: Vec<&str> = [
        ("name", before.input.name != p.name),
        ("description", before.input.description != p.description),
        ("lawfulBasis", before.input.lawful_basis != p.lawful_basis),
        (
            "balancingNote",
            before.input.balancing_note != p.balancing_note,
        ),
        ("marketing", before.input.marketing != p.marketing),
        (
            "dataCategories",
            before.input.data_categories != p.data_categories,
        ),
        ("fields", before.input.fields != p.fields),
        (
            "subjectCategories",
            before.input.subject_categories != p.subject_categories,
        ),
        ("recipients", before.input.recipients != p.recipients),
        ("transfers", before.input.transfers != p.transfers),
        ("retention", before.input.retention != p.retention),
        (
            "securityMeasures",
            before.input.security_measures != p.security_measures,
        ),
    ]
    .into_iter()
    .filter(|(_, c)| *c)
    .map(|(n, _)| n)
    .collect();
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::PurposeChanged)
            .on("purpose", id)
            .category(Category::Privacy.as_str())
            .details(serde_json::json!({ "change": "updated", "fields": changed })),
    )?;
    tx.commit()?;
    get(s, id)
}

pub fn archive(s: &Session, id: i64) -> CoreResult<()> {
    s.require(Category::Privacy, Action::Manage)?;
    let tx = s.write()?;
    if !db::archive(&tx, id, &stamp(s.now()))? {
        return Err(CoreError::NotFound);
    }
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::PurposeChanged)
            .on("purpose", id)
            .category(Category::Privacy.as_str())
            .details(serde_json::json!({ "change": "archived" })),
    )?;
    tx.commit()?;
    Ok(())
}
