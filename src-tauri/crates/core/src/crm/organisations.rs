//! Organisations: the companies people work for.
use crate::access::{Action, Category};
use crate::clock::stamp;
use crate::crm::view::{timeline_values, TIMELINE_PAGE};
use crate::crm::{persons, search};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::crm::{
    Organisation, OrganisationInput, OrganisationPage, OrganisationView, PersonQuery,
    TimelineEntry, TimelineInput,
};
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::fields;
use crate::session::Session;
use crate::store::activity::{self, TimelineOwner};
use crate::store::persons as db;
use crate::store::versions::{self, Versioned};

fn kvk(v: Option<&str>) -> CoreResult<Option<String>> {
    let Some(v) = v
        .map(|v| v.trim().replace([' ', '.'], ""))
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    if v.len() != 8 || !v.chars().all(|c| c.is_ascii_digit()) {
        return Err(CoreError::invalid("kvk", R::InvalidFormat));
    }
    Ok(Some(v))
}

fn vat(v: Option<&str>) -> CoreResult<Option<String>> {
    let Some(v) = v
        .map(|v| v.trim().replace([' ', '.'], "").to_uppercase())
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    let b = v.as_bytes();
    let ok = b.len() >= 4
        && b.len() <= 14
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && b[2..].iter().all(u8::is_ascii_alphanumeric);
    // Dutch numbers have a fixed shape: NL + 9 digits + B + 2 digits.
    let nl_ok = !v.starts_with("NL")
        || (b.len() == 14
            && b[2..11].iter().all(u8::is_ascii_digit)
            && b[11] == b'B'
            && b[12..].iter().all(u8::is_ascii_digit));
    if !ok || !nl_ok {
        return Err(CoreError::invalid("vat", R::InvalidFormat));
    }
    Ok(Some(v))
}

/// The checked columns and addresses of an organisation form.
struct CleanOrganisation {
    name: String,
    kvk: Option<String>,
    vat: Option<String>,
    website: Option<String>,
    industry: Option<String>,
    addresses: Vec<crate::dto::crm::AddressInput>,
}

impl CleanOrganisation {
    fn columns<'a>(&'a self, sort_name: &'a str) -> db::OrganisationColumns<'a> {
        db::OrganisationColumns {
            name: &self.name,
            sort_name,
            kvk: self.kvk.as_deref(),
            vat: self.vat.as_deref(),
            website: self.website.as_deref(),
            industry: self.industry.as_deref(),
        }
    }
}

fn clean(input: &OrganisationInput) -> CoreResult<CleanOrganisation> {
    Ok(CleanOrganisation {
        name: fields::opt_text("name", Some(&input.name), 200)?
            .ok_or(CoreError::invalid("name", R::Required))?,
        kvk: kvk(input.kvk.as_deref())?,
        vat: vat(input.vat.as_deref())?,
        website: fields::opt_text("website", input.website.as_deref(), 200)?,
        industry: fields::opt_text("industry", input.industry.as_deref(), 100)?,
        addresses: persons::clean_addresses(&input.addresses)?,
    })
}

pub fn create(s: &Session, input: &OrganisationInput) -> CoreResult<Organisation> {
    s.require(Category::Contact, Action::Create)?;
    let c = clean(input)?;
    let sort_name = fields::fold(&c.name);
    let tx = s.write()?;
    let id = db::insert_organisation(&tx, &c.columns(&sort_name), &stamp(s.now()), s.user_id())?;
    db::set_organisation_addresses(&tx, id, &c.addresses)?;
    search::index_organisation(&tx, id)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::OrganisationCreated)
            .on("organisation", id)
            .category(Category::Contact.as_str()),
    )?;
    tx.commit()?;
    get(s, id)
}

/// Saves an edited organisation. Its people's search rows carry its name, so a rename
/// re-indexes them in the same transaction.
pub fn update(
    s: &Session,
    id: i64,
    version: i64,
    input: &OrganisationInput,
) -> CoreResult<Organisation> {
    s.require(Category::Contact, Action::Edit)?;
    let c = clean(input)?;
    let sort_name = fields::fold(&c.name);
    let tx = s.write()?;
    let before = db::get_organisation(&tx, id)?.ok_or(CoreError::NotFound)?;
    versions::claim(&tx, Versioned::Organisation, id, Some(version), s.user_id())?;
    if !db::update_organisation(&tx, id, &c.columns(&sort_name), &stamp(s.now()))? {
        return Err(CoreError::NotFound);
    }
    db::set_organisation_addresses(&tx, id, &c.addresses)?;
    search::index_organisation(&tx, id)?;
    if before.name != c.name {
        for person in db::person_ids_of_organisation(&tx, id)? {
            search::index_person(&tx, person)?;
        }
    }
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::OrganisationUpdated)
            .on("organisation", id)
            .category(Category::Contact.as_str()),
    )?;
    tx.commit()?;
    get(s, id)
}

/// A note, call, e-mail or meeting with the organisation as a whole.
pub fn add_timeline(s: &Session, id: i64, input: &TimelineInput) -> CoreResult<TimelineEntry> {
    s.require(Category::Contact, Action::Edit)?;
    get(s, id)?;
    let (body, at) = timeline_values(s, input)?;
    let tx = s.write()?;
    let entry = activity::insert_timeline_for(
        &tx,
        TimelineOwner::Organisation(id),
        input.kind,
        &at,
        s.user_id(),
        &body,
        &stamp(s.now()),
    )?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::TimelineAdded)
            .on("organisation", id)
            .category(Category::Contact.as_str())
            .details(serde_json::json!({ "entry": entry, "kind": input.kind.as_str() })),
    )?;
    tx.commit()?;
    activity::timeline_of(&s.read()?, TimelineOwner::Organisation(id), TIMELINE_PAGE)?
        .into_iter()
        .find(|e| e.id == entry)
        .ok_or(CoreError::NotFound)
}

pub fn get(s: &Session, id: i64) -> CoreResult<Organisation> {
    s.require(Category::Contact, Action::View)?;
    db::get_organisation(&s.read()?, id)?.ok_or(CoreError::NotFound)
}

pub fn list(s: &Session, after: Option<&str>, limit: u32) -> CoreResult<OrganisationPage> {
    s.require(Category::Contact, Action::View)?;
    let (rows, next_cursor) = db::list_organisations(&s.read()?, after, limit)?;
    let total = if after.is_none() {
        db::count_organisations(&s.read()?)?
    } else {
        -1
    };
    Ok(OrganisationPage {
        rows,
        next_cursor,
        total,
    })
}

/// The organisation's page: details, its people and its deals (sales figures guarded).
pub fn view(s: &Session, id: i64) -> CoreResult<OrganisationView> {
    let organisation = get(s, id)?;
    let q = PersonQuery {
        organisation_id: Some(id),
        limit: 200,
        ..Default::default()
    };
    let with_restricted = crate::filters::sees_restricted(s);
    let (people, _) = db::list_persons(&s.read()?, &q, with_restricted)?;
    let people_total = db::count_persons(&s.read()?, &q, with_restricted)?;
    let show = s.rights().allows(Category::Sales, Action::View);
    let deals = crate::store::deals::cards_for_organisation(&s.read()?, id, show)?;
    if show && !deals.is_empty() {
        s.audit(
            AuditEvent::new(Some(s.user_id()), AuditAction::SalesViewed)
                .on("organisation", id)
                .category(Category::Sales.as_str()),
        )?;
    }
    Ok(OrganisationView {
        organisation,
        people,
        people_total,
        deals,
        timeline: activity::timeline_of(
            &s.read()?,
            TimelineOwner::Organisation(id),
            TIMELINE_PAGE,
        )?,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn registry_numbers() {
        assert_eq!(
            super::kvk(Some("1234 5678")).unwrap().as_deref(),
            Some("12345678")
        );
        assert!(super::kvk(Some("1234567")).is_err());
        assert_eq!(
            super::vat(Some("nl123456789b01")).unwrap().as_deref(),
            Some("NL123456789B01")
        );
        assert!(super::vat(Some("NL12345678B01")).is_err());
        assert_eq!(
            super::vat(Some("DE123456789")).unwrap().as_deref(),
            Some("DE123456789")
        );
        assert!(super::vat(Some("12")).is_err());
    }
}
