//! Duplicates: found when a person is entered or imported, and merged with a preview. A merge
//! keeps every timeline entry, deal and task, unions contact details and tags, fills empty
//! fields from the other record, and is audited.
use crate::access::{Action, Category};
use crate::clock::stamp;
use crate::crm::{persons, search};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::crm::{
    AddressInput, ContactPointInput, DuplicateHint, MergePreview, Person, PersonInput, SearchKind,
};
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::fields;
use crate::session::Session;
use crate::store::versions::Versioned;
use crate::store::{duplicates as db, persons as pdb};
use crate::store::{ReadTx, WriteTx};

/// Possible duplicates of what is being entered (`exclude`: the record being edited).
pub fn check(
    s: &Session,
    input: &PersonInput,
    exclude: Option<i64>,
) -> CoreResult<Vec<DuplicateHint>> {
    s.require(Category::Contact, Action::View)?;
    let c = persons::clean(s, input)?;
    let mut hints = find(&s.read()?, &c, exclude)?;
    // A restricted person (Art. 18) is not named to someone who may not see them.
    if !crate::filters::sees_restricted(s) {
        let mut kept = Vec::with_capacity(hints.len());
        for h in hints {
            if crate::store::restrictions::is_restricted(&s.read()?, h.id)? != Some(true) {
                kept.push(h);
            }
        }
        hints = kept;
    }
    Ok(hints)
}

pub(crate) fn find(
    conn: &ReadTx,
    c: &persons::CleanPerson,
    exclude: Option<i64>,
) -> CoreResult<Vec<DuplicateHint>> {
    let emails: Vec<String> = c.emails.iter().map(|e| e.1.clone()).collect();
    let phones: Vec<String> = c.phones.iter().map(|p| p.1.clone()).collect();
    let family = fields::fold(&c.cols.family_name);
    let initial: String = fields::fold(&c.cols.given_name).chars().take(1).collect();
    let org = c
        .cols
        .organisation_id
        .filter(|_| !family.is_empty())
        .map(|o| (o, family.as_str(), initial.as_str()));
    let mut out = Vec::new();
    for (id, reason) in db::candidates(conn, &emails, &phones, org, exclude)? {
        if let Some(p) = pdb::get_person(conn, id)? {
            out.push(DuplicateHint {
                id,
                display_name: p.display_name,
                organisation_name: p.organisation_name,
                reason,
            });
        }
    }
    Ok(out)
}

fn or<T: Clone>(a: &Option<T>, b: &Option<T>) -> Option<T> {
    a.clone().or_else(|| b.clone())
}

/// The kept person's fields, with empty ones filled from the other and lists unioned.
fn merged(keep: &Person, other: &Person) -> PersonInput {
    let mut emails: Vec<ContactPointInput> = keep
        .emails
        .iter()
        .map(|e| ContactPointInput {
            label: e.label.clone(),
            value: e.value.clone(),
            keep_unchecked: false,
        })
        .collect();
    for e in &other.emails {
        if !emails
            .iter()
            .any(|x| x.value.eq_ignore_ascii_case(&e.value))
        {
            emails.push(ContactPointInput {
                label: e.label.clone(),
                value: e.value.clone(),
                keep_unchecked: false,
            });
        }
    }
    let mut phones: Vec<ContactPointInput> = keep
        .phones
        .iter()
        .map(|e| ContactPointInput {
            label: e.label.clone(),
            value: e.value.clone(),
            keep_unchecked: e.unchecked,
        })
        .collect();
    for p in &other.phones {
        if !phones.iter().any(|x| x.value == p.value) {
            phones.push(ContactPointInput {
                label: p.label.clone(),
                value: p.value.clone(),
                keep_unchecked: p.unchecked,
            });
        }
    }
    let as_input = |a: &crate::dto::crm::Address| AddressInput {
        label: a.label.clone(),
        street: a.street.clone(),
        postcode: a.postcode.clone(),
        city: a.city.clone(),
        country: a.country.clone(),
    };
    let mut addresses: Vec<AddressInput> = keep.addresses.iter().map(as_input).collect();
    for a in &other.addresses {
        if !keep
            .addresses
            .iter()
            .any(|k| k.street == a.street && k.postcode == a.postcode && k.city == a.city)
        {
            addresses.push(as_input(a));
        }
    }
    let mut tags = keep.tags.clone();
    for t in &other.tags {
        if !tags.iter().any(|x| x.eq_ignore_ascii_case(t)) {
            tags.push(t.clone());
        }
    }
    let notes = match (&keep.notes, &other.notes) {
        (Some(a), Some(b)) if a != b => Some(format!("{a}\n\n{b}")),
        (a, b) => or(a, b),
    };
    PersonInput {
        given_name: if keep.given_name.is_empty() {
            other.given_name.clone()
        } else {
            keep.given_name.clone()
        },
        tussenvoegsel: if keep.tussenvoegsel.is_empty() && keep.family_name == other.family_name {
            other.tussenvoegsel.clone()
        } else {
            keep.tussenvoegsel.clone()
        },
        family_name: if keep.family_name.is_empty() {
            other.family_name.clone()
        } else {
            keep.family_name.clone()
        },
        salutation: or(&keep.salutation, &other.salutation),
        date_of_birth: or(&keep.date_of_birth, &other.date_of_birth),
        organisation_id: keep.organisation_id.or(other.organisation_id),
        job_title: or(&keep.job_title, &other.job_title),
        preferred_language: or(&keep.preferred_language, &other.preferred_language),
        source: or(&keep.source, &other.source),
        owner_id: keep.owner_id.or(other.owner_id),
        notes,
        emails,
        phones,
        addresses,
        tags,
    }
}

/// Runs the merge inside the caller's transaction and returns the result and what moved.
fn merge_in_tx(s: &Session, tx: &WriteTx, keep: i64, remove: i64) -> CoreResult<MergePreview> {
    if keep == remove {
        return Err(CoreError::invalid("remove", R::InvalidFormat));
    }
    for id in [keep, remove] {
        crate::filters::readable(s, id)?;
        crate::filters::writable(s, id)?;
    }
    let k = pdb::get_person(tx, keep)?.ok_or(CoreError::NotFound)?;
    let r = pdb::get_person(tx, remove)?.ok_or(CoreError::NotFound)?;
    let (t, d, ta) = db::counts(tx, remove)?;
    let clean = persons::clean(s, &merged(&k, &r))?;
    // A form open on the kept person was made from what it was before the merge.
    crate::store::versions::claim(tx, Versioned::Person, keep, None, s.user_id())?;
    pdb::update_person(tx, keep, &clean.cols, &stamp(s.now()))?;
    persons::write_children(tx, keep, &clean)?;
    db::move_history(tx, remove, keep)?;
    // The ledger is never rewritten: the removed person's subject now means the kept person.
    crate::store::consent::repoint(tx, remove, keep)?;
    pdb::delete_person(tx, remove)?;
    crate::store::consent::recompute(tx, keep)?;
    search::unindex(tx, SearchKind::Person, remove)?;
    let result = pdb::get_person(tx, keep)?.ok_or(CoreError::NotFound)?;
    Ok(MergePreview {
        keep: k,
        remove: r,
        result,
        timeline_entries_moved: t,
        deals_moved: d,
        tasks_moved: ta,
    })
}

/// What the merge would do, without doing it (it runs and is rolled back, so the preview is
/// exactly the outcome).
pub fn preview(s: &Session, keep: i64, remove: i64) -> CoreResult<MergePreview> {
    s.require(Category::Contact, Action::Edit)?;
    s.require(Category::Contact, Action::Delete)?;
    let tx = s.write()?;
    let p = merge_in_tx(s, &tx, keep, remove);
    tx.rollback()?;
    p
}

pub fn apply(s: &Session, keep: i64, remove: i64) -> CoreResult<Person> {
    s.require(Category::Contact, Action::Edit)?;
    s.require(Category::Contact, Action::Delete)?;
    let tx = s.write()?;
    let p = merge_in_tx(s, &tx, keep, remove)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::PersonMerged)
            .on("person", keep)
            .category(Category::Contact.as_str())
            .details(serde_json::json!({
                "removed": remove,
                "timelineEntriesMoved": p.timeline_entries_moved,
                "dealsMoved": p.deals_moved,
                "tasksMoved": p.tasks_moved
            })),
    )?;
    tx.commit()?;
    Ok(p.result)
}
