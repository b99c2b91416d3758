//! Duplicates found on entry and import, and merged without losing history.
mod common;

use common::*;
use kluis_core::crm::{merge, organisations, persons, search, view};
use kluis_core::dto::crm::{
    ContactPointInput, DuplicateReason, OrganisationInput, PersonInput, TimelineInput, TimelineKind,
};
use kluis_core::import::{self, ImportMode};
use kluis_core::verify;
use std::sync::atomic::AtomicBool;

fn input(given: &str, family: &str, email: &str, phone: &str) -> PersonInput {
    PersonInput {
        given_name: given.into(),
        family_name: family.into(),
        emails: if email.is_empty() {
            vec![]
        } else {
            vec![ContactPointInput {
                label: None,
                value: email.into(),
                keep_unchecked: false,
            }]
        },
        phones: if phone.is_empty() {
            vec![]
        } else {
            vec![ContactPointInput {
                label: None,
                value: phone.into(),
                keep_unchecked: false,
            }]
        },
        ..Default::default()
    }
}

#[test]
fn duplicates_are_found_by_email_phone_and_name_in_the_same_organisation() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    let org = organisations::create(
        &s,
        &OrganisationInput {
            name: "Bakkerij Jansen".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let mut jan = input("Jan", "Vries", "jan@devries.nl", "06-12345678");
    jan.tussenvoegsel = "de".into();
    jan.organisation_id = Some(org.id);
    let jan = persons::create(&s, &jan).unwrap();
    let hits = merge::check(&s, &input("J", "Other", "JAN@devries.nl", ""), None).unwrap();
    assert_eq!(
        (hits[0].id, hits[0].reason),
        (jan.id, DuplicateReason::SameEmail)
    );
    let hits = merge::check(&s, &input("X", "Y", "", "+31 6 1234 5678"), None).unwrap();
    assert_eq!(
        (hits[0].id, hits[0].reason),
        (jan.id, DuplicateReason::SamePhone)
    );
    let mut similar = input("Johannes", "Vries", "", "");
    similar.organisation_id = Some(org.id);
    let hits = merge::check(&s, &similar, None).unwrap();
    assert_eq!(
        (hits[0].id, hits[0].reason),
        (jan.id, DuplicateReason::SimilarNameSameOrganisation)
    );
    // Not a duplicate of itself while being edited, nor of an unrelated person.
    assert!(merge::check(
        &s,
        &input("Jan", "Vries", "jan@devries.nl", ""),
        Some(jan.id)
    )
    .unwrap()
    .is_empty());
    assert!(
        merge::check(&s, &input("Piet", "Berg", "piet@berg.nl", ""), None)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_merge_keeps_every_timeline_entry_deal_and_task_and_can_be_previewed() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    kluis_core::demo::fill(&s, 300).unwrap();
    // Two people with history: take the two with the most.
    let ids: Vec<i64> = (1..=300).collect();
    let mut rich: Vec<(i64, usize)> = ids
        .iter()
        .map(|id| {
            let v = view::person_view(&s, *id).unwrap();
            (*id, v.timeline.len() + v.deals.len() + v.tasks.len())
        })
        .collect();
    rich.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let (keep, remove) = (rich[0].0, rich[1].0);
    let before_keep = view::person_view(&s, keep).unwrap();
    let before_remove = view::person_view(&s, remove).unwrap();
    view::add_timeline(
        &s,
        remove,
        &TimelineInput {
            kind: TimelineKind::Note,
            occurred_at: None,
            body: "marker-note".into(),
        },
    )
    .unwrap();

    let pv = merge::preview(&s, keep, remove).unwrap();
    assert_eq!(
        pv.timeline_entries_moved as usize,
        before_remove.timeline.len() + 1
    );
    // The preview changed nothing.
    assert!(persons::get(&s, remove).is_ok());
    assert_eq!(
        view::person_view(&s, keep).unwrap().timeline.len(),
        before_keep.timeline.len()
    );

    let result = merge::apply(&s, keep, remove).unwrap();
    assert_eq!(result.emails.len(), pv.result.emails.len());
    let after = view::person_view(&s, keep).unwrap();
    assert_eq!(
        after.timeline.len(),
        before_keep.timeline.len() + before_remove.timeline.len() + 1
    );
    assert_eq!(
        after.deals.len(),
        before_keep.deals.len() + before_remove.deals.len()
    );
    assert_eq!(
        after.tasks.len(),
        before_keep.tasks.len() + before_remove.tasks.len()
    );
    assert!(after.timeline.iter().any(|t| t.body == "marker-note"));
    // Both e-mail addresses are kept; the removed person is gone from search.
    for e in before_remove
        .person
        .emails
        .iter()
        .chain(before_keep.person.emails.iter())
    {
        assert!(after.person.emails.iter().any(|x| x.value == e.value));
    }
    assert!(persons::get(&s, remove).is_err());
    let hits = search::search(&s, &before_remove.person.emails[0].value, 5).unwrap();
    assert_eq!(hits[0].id, keep);
    let audit = verify::audit_page(&s, None, 5).unwrap();
    assert!(audit.iter().any(|r| r.action == "person.merged"));
    assert!(verify::run(&s).unwrap().ok());
}

#[test]
fn imports_report_possible_duplicates() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    persons::create(&s, &input("Jan", "Vries", "jan@devries.nl", "")).unwrap();
    let csv = b"Naam,E-mail\nJan de Vries,jan@devries.nl\nPiet Berg,piet@berg.nl\nPietje Berg,PIET@berg.nl\n";
    let pv = import::preview(csv).unwrap();
    let r = import::run(
        &s,
        csv,
        &pv.mapping,
        ImportMode::AllOrNothing,
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(r.committed);
    let lines: Vec<usize> = r.duplicates.iter().map(|d| d.line).collect();
    assert_eq!(lines, [2, 4], "{:?}", r.duplicates);
}
