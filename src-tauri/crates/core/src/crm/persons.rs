//! People: create, read, edit, delete, list. Every call checks the caller's rights, runs in one
//! transaction with its search-index update, and is audited (ids and field names, not values).
use crate::access::{Action, Category};
use crate::clock::stamp;
use crate::crm::search;
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::crm::{AddressInput, Person, PersonInput, PersonPage, PersonQuery, SearchKind};
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::fields;
use crate::session::Session;
use crate::store::persons::{self as db, PersonColumns};
use crate::store::search_index;
use crate::store::versions::{self, Versioned};
use crate::store::{ReadTx, WriteTx};

const MAX_NAME: usize = 100;
const MAX_NOTES: usize = 20_000;

/// Validated, normalised form of a person's input.
pub(crate) struct CleanPerson {
    pub cols: PersonColumns,
    /// (label, value, kept as typed without a check)
    pub emails: Vec<db::Point>,
    pub phones: Vec<db::Point>,
    pub addresses: Vec<AddressInput>,
    pub tags: Vec<String>,
}

fn name_part(field: &'static str, v: &str) -> CoreResult<String> {
    Ok(fields::opt_text(field, Some(v), MAX_NAME)?.unwrap_or_default())
}

/// Postal addresses as the forms and imports send them: country upper-cased, postcode checked
/// for that country (Dutch ones normalised to "1234 AB"), empty ones dropped; at most ten.
pub(crate) fn clean_addresses(inputs: &[AddressInput]) -> CoreResult<Vec<AddressInput>> {
    let mut addresses = Vec::new();
    for a in inputs.iter().take(10) {
        let country =
            fields::opt_text("addresses", a.country.as_deref(), 2)?.map(|c| c.to_uppercase());
        let clean = AddressInput {
            label: fields::opt_text("addresses", a.label.as_deref(), 40)?,
            street: fields::opt_text("addresses", a.street.as_deref(), 200)?,
            postcode: match a
                .postcode
                .as_deref()
                .map(str::trim)
                .filter(|p| !p.is_empty())
            {
                Some(pc) => Some(fields::postcode(
                    "addresses",
                    pc,
                    country.as_deref().unwrap_or(""),
                )?),
                None => None,
            },
            city: fields::opt_text("addresses", a.city.as_deref(), 100)?,
            country,
        };
        if clean.street.is_some() || clean.postcode.is_some() || clean.city.is_some() {
            addresses.push(clean);
        }
    }
    Ok(addresses)
}

pub(crate) fn clean(s: &Session, input: &PersonInput) -> CoreResult<CleanPerson> {
    clean_on(&s.read()?, s.now().date_naive(), input)
}

/// The same rules on a bare connection (the import engine and the benchmark use this).
pub(crate) fn clean_on(
    conn: &ReadTx,
    today: chrono::NaiveDate,
    input: &PersonInput,
) -> CoreResult<CleanPerson> {
    let c = clean_fields(today, input)?;
    check_references(conn, &c)?;
    Ok(c)
}

/// The organisation and owner a cleaned person points at exist.
pub(crate) fn check_references(conn: &ReadTx, c: &CleanPerson) -> CoreResult<()> {
    if let Some(org) = c.cols.organisation_id {
        if !db::organisation_exists(conn, org)? {
            return Err(CoreError::invalid("organisationId", R::InvalidFormat));
        }
    }
    if let Some(owner) = c.cols.owner_id {
        if !db::user_exists(conn, owner)? {
            return Err(CoreError::invalid("ownerId", R::InvalidFormat));
        }
    }
    Ok(())
}

/// The rules that need no database: any thread can apply them (the import engine does so
/// on a second core while the first writes).
pub(crate) fn clean_fields(
    today: chrono::NaiveDate,
    input: &PersonInput,
) -> CoreResult<CleanPerson> {
    let given = name_part("givenName", &input.given_name)?;
    let tv = name_part("tussenvoegsel", &input.tussenvoegsel)?;
    let family = name_part("familyName", &input.family_name)?;
    if given.is_empty() && family.is_empty() {
        return Err(CoreError::invalid("familyName", R::Required));
    }
    let dob = match input
        .date_of_birth
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        Some(d) => Some(fields::date("dateOfBirth", d, today, true)?),
        None => None,
    };
    let mut emails = Vec::new();
    for e in input
        .emails
        .iter()
        .filter(|e| !e.value.trim().is_empty())
        .take(20)
    {
        emails.push((
            fields::opt_text("emails", e.label.as_deref(), 40)?,
            fields::email("emails", &e.value)?,
            false,
        ));
    }
    let mut phones = Vec::new();
    for p in input
        .phones
        .iter()
        .filter(|p| !p.value.trim().is_empty())
        .take(20)
    {
        let label = fields::opt_text("phones", p.label.as_deref(), 40)?;
        phones.push(match fields::phone("phones", &p.value) {
            Ok(e164) => (label, e164, false),
            // A number the numbering plan does not know (a new range, an extension, a typo)
            // is still how to reach the person: kept as typed once someone said so.
            Err(CoreError::Invalid {
                reason: R::InvalidFormat,
                ..
            }) if p.keep_unchecked => {
                let typed = fields::opt_text("phones", Some(&p.value), 40)?.unwrap_or_default();
                (label, typed, true)
            }
            Err(e) => return Err(e),
        });
    }
    let addresses = clean_addresses(&input.addresses)?;
    let mut tags: Vec<String> = Vec::new();
    for t in input.tags.iter().take(50) {
        if let Some(t) = fields::opt_text("tags", Some(t), 40)? {
            if !tags.iter().any(|x| x.eq_ignore_ascii_case(&t)) {
                tags.push(t);
            }
        }
    }
    Ok(CleanPerson {
        cols: PersonColumns {
            sort_name: fields::person_sort_key(&given, &family),
            given_name: given,
            tussenvoegsel: tv,
            family_name: family,
            salutation: fields::opt_text("salutation", input.salutation.as_deref(), 40)?,
            date_of_birth: dob,
            organisation_id: input.organisation_id,
            job_title: fields::opt_text("jobTitle", input.job_title.as_deref(), 100)?,
            preferred_language: fields::opt_text(
                "preferredLanguage",
                input.preferred_language.as_deref(),
                10,
            )?,
            source: fields::opt_text("source", input.source.as_deref(), 200)?,
            owner_id: input.owner_id,
            notes: fields::opt_text("notes", input.notes.as_deref(), MAX_NOTES)?,
        },
        emails,
        phones,
        addresses,
        tags,
    })
}

/// A field of an imported row that was not taken as given; the person was kept.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldNote {
    /// The form field ("phones", "emails", "postcode", ...).
    pub field: &'static str,
    pub reason: R,
    /// Kept as typed and marked "not checked" (phone numbers); otherwise left out.
    pub kept_as_typed: bool,
}

/// The form rules for an imported row that keep the person when one field breaks them: a
/// phone number that cannot be checked is kept as typed and marked; any other optional field
/// that breaks a rule (an e-mail address, a postcode, a date of birth, a tag, a too-long text)
/// is left out. Each is noted for the report. The name stays required: without one the row is
/// refused as before.
pub(crate) fn clean_fields_keeping(
    today: chrono::NaiveDate,
    input: &PersonInput,
) -> CoreResult<(CleanPerson, Vec<FieldNote>)> {
    let mut input = input.clone();
    for p in &mut input.phones {
        p.keep_unchecked = true;
    }
    let mut notes = Vec::new();
    // Each round leaves out one field; a row has far fewer than this many.
    for _ in 0..128 {
        match clean_fields(today, &input) {
            Ok(c) => {
                notes.extend(c.phones.iter().filter(|p| p.2).map(|_| FieldNote {
                    field: "phones",
                    reason: R::InvalidFormat,
                    kept_as_typed: true,
                }));
                return Ok((c, notes));
            }
            Err(CoreError::Invalid { field, reason }) => match leave_out(&mut input, field) {
                Some(field) => notes.push(FieldNote {
                    field,
                    reason,
                    kept_as_typed: false,
                }),
                None => return Err(CoreError::Invalid { field, reason }),
            },
            Err(e) => return Err(e),
        }
    }
    Err(CoreError::Internal("import row rules did not settle"))
}

/// Removes from `input` the part of `field` the rules refuse; returns the field as noted
/// ("postcode" when only an address's postcode went), or None when it cannot be left out.
fn leave_out(input: &mut PersonInput, field: &str) -> Option<&'static str> {
    let text_ok = |v: Option<&str>, max| fields::opt_text("x", v, max).is_ok();
    fn remove_first<T>(list: &mut Vec<T>, bad: impl Fn(&T) -> bool) -> bool {
        match list.iter().position(bad) {
            Some(i) => {
                list.remove(i);
                true
            }
            None => false,
        }
    }
    match field {
        "emails" => remove_first(&mut input.emails, |e| {
            !e.value.trim().is_empty()
                && (fields::email("emails", &e.value).is_err() || !text_ok(e.label.as_deref(), 40))
        })
        .then_some("emails"),
        "phones" => remove_first(&mut input.phones, |p| {
            !p.value.trim().is_empty()
                && (!text_ok(Some(&p.value), 40) || !text_ok(p.label.as_deref(), 40))
        })
        .then_some("phones"),
        "dateOfBirth" => input.date_of_birth.take().map(|_| "dateOfBirth"),
        "addresses" => {
            let i = input
                .addresses
                .iter()
                .position(|a| clean_addresses(std::slice::from_ref(a)).is_err())?;
            let mut without_postcode = input.addresses[i].clone();
            without_postcode.postcode = None;
            if clean_addresses(std::slice::from_ref(&without_postcode)).is_ok() {
                input.addresses[i] = without_postcode;
                Some("postcode")
            } else {
                input.addresses.remove(i);
                Some("addresses")
            }
        }
        "tags" => remove_first(&mut input.tags, |t| !text_ok(Some(t), 40)).then_some("tags"),
        "salutation" => input.salutation.take().map(|_| "salutation"),
        "jobTitle" => input.job_title.take().map(|_| "jobTitle"),
        "preferredLanguage" => input.preferred_language.take().map(|_| "preferredLanguage"),
        "source" => input.source.take().map(|_| "source"),
        "notes" => input.notes.take().map(|_| "notes"),
        _ => None,
    }
}

/// Replaces the person's child rows and index entry (inside the caller's transaction).
pub(crate) fn write_children(tx: &WriteTx, id: i64, p: &CleanPerson) -> CoreResult<()> {
    db::set_contact_points(tx, id, "email", &p.emails, true)?;
    db::set_contact_points(tx, id, "phone", &p.phones, true)?;
    db::set_addresses(tx, id, &p.addresses, true)?;
    db::set_tags(tx, id, &p.tags, true)?;
    search::index_person(tx, id)
}

/// A new person's search rows, made from the values at hand instead of read back, for a bulk
/// writer to write in a batch.
pub(crate) fn search_row(
    id: i64,
    p: &CleanPerson,
    organisation_name: &str,
) -> search_index::PersonRow {
    let points: Vec<(String, String)> = p
        .emails
        .iter()
        .map(|e| ("email".to_string(), e.1.clone()))
        .chain(p.phones.iter().map(|t| ("phone".to_string(), t.1.clone())))
        .collect();
    let c = &p.cols;
    let names = search_index::Names {
        given: &c.given_name,
        tussenvoegsel: &c.tussenvoegsel,
        family: &c.family_name,
    };
    let place: Vec<String> = p
        .addresses
        .iter()
        .map(|a| {
            search_index::place_text(
                a.street.as_deref().unwrap_or(""),
                a.postcode.as_deref().unwrap_or(""),
                a.city.as_deref().unwrap_or(""),
            )
        })
        .collect();
    search_index::PersonRow::new(id, &names, organisation_name, &points, place.join(" "))
}

pub fn create(s: &Session, input: &PersonInput) -> CoreResult<Person> {
    s.require(Category::Contact, Action::Create)?;
    let p = clean(s, input)?;
    let tx = s.write()?;
    let id = db::insert_person(&tx, &p.cols, &stamp(s.now()), s.user_id())?;
    write_children(&tx, id, &p)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::PersonCreated)
            .on("person", id)
            .category(Category::Contact.as_str()),
    )?;
    tx.commit()?;
    get(s, id)
}

/// A restricted person is refused to those who do not handle restrictions.
pub fn get(s: &Session, id: i64) -> CoreResult<Person> {
    s.require(Category::Contact, Action::View)?;
    crate::filters::readable(s, id)?;
    db::get_person(&s.read()?, id)?.ok_or(CoreError::NotFound)
}

/// Field names whose values differ, for the audit trail (values themselves are never logged).
fn changed_fields(before: &Person, after: &Person) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut check = |name: &'static str, changed: bool| {
        if changed {
            out.push(name);
        }
    };
    check("givenName", before.given_name != after.given_name);
    check("tussenvoegsel", before.tussenvoegsel != after.tussenvoegsel);
    check("familyName", before.family_name != after.family_name);
    check("salutation", before.salutation != after.salutation);
    check("dateOfBirth", before.date_of_birth != after.date_of_birth);
    check(
        "organisationId",
        before.organisation_id != after.organisation_id,
    );
    check("jobTitle", before.job_title != after.job_title);
    check(
        "preferredLanguage",
        before.preferred_language != after.preferred_language,
    );
    check("source", before.source != after.source);
    check("ownerId", before.owner_id != after.owner_id);
    check("notes", before.notes != after.notes);
    let values =
        |v: &[crate::dto::crm::ContactPoint]| v.iter().map(|c| c.value.clone()).collect::<Vec<_>>();
    check("emails", values(&before.emails) != values(&after.emails));
    check("phones", values(&before.phones) != values(&after.phones));
    let addr = |v: &[crate::dto::crm::Address]| {
        v.iter()
            .map(|a| {
                (
                    a.street.clone(),
                    a.postcode.clone(),
                    a.city.clone(),
                    a.country.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    check(
        "addresses",
        addr(&before.addresses) != addr(&after.addresses),
    );
    check("tags", before.tags != after.tags);
    out
}

/// Saves a person edited from `version`; refused with `Conflict` when someone saved it since.
pub fn update(s: &Session, id: i64, version: i64, input: &PersonInput) -> CoreResult<Person> {
    s.require(Category::Contact, Action::Edit)?;
    crate::filters::readable(s, id)?;
    crate::filters::writable(s, id)?;
    let p = clean(s, input)?;
    let tx = s.write()?;
    let before = db::get_person(&tx, id)?.ok_or(CoreError::NotFound)?;
    versions::claim(&tx, Versioned::Person, id, Some(version), s.user_id())?;
    db::update_person(&tx, id, &p.cols, &stamp(s.now()))?;
    write_children(&tx, id, &p)?;
    let after = db::get_person(&tx, id)?.ok_or(CoreError::NotFound)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::PersonUpdated)
            .on("person", id)
            .category(Category::Contact.as_str())
            .details(serde_json::json!({ "fields": changed_fields(&before, &after) })),
    )?;
    tx.commit()?;
    Ok(after)
}

pub fn delete(s: &Session, id: i64) -> CoreResult<()> {
    s.require(Category::Contact, Action::Delete)?;
    crate::filters::readable(s, id)?;
    crate::filters::writable(s, id)?;
    let tx = s.write()?;
    if !db::delete_person(&tx, id)? {
        return Err(CoreError::NotFound);
    }
    search::unindex(&tx, SearchKind::Person, id)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::PersonDeleted)
            .on("person", id)
            .category(Category::Contact.as_str()),
    )?;
    tx.commit()?;
    Ok(())
}

pub fn list(s: &Session, q: &PersonQuery) -> CoreResult<PersonPage> {
    s.require(Category::Contact, Action::View)?;
    let with_restricted = crate::filters::sees_restricted(s);
    let (rows, next_cursor) = db::list_persons(&s.read()?, q, with_restricted)?;
    // Counting a million rows costs more than a page; only the first page carries it.
    let total = if q.after.is_none() && q.offset.is_none() {
        db::count_persons(&s.read()?, q, with_restricted)?
    } else {
        -1
    };
    Ok(PersonPage {
        rows,
        next_cursor,
        total,
    })
}
