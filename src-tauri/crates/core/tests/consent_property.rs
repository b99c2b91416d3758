//! Property tests over random ledgers: the history only grows and never changes, the derived
//! state is what a plain reading of the events says, and a marketing list never holds someone
//! who withdrew, objects or is restricted.
mod common;

use common::*;
use kluis_core::crm::persons;
use kluis_core::dto::consent::{
    ConsentChannel, ConsentEvent, ConsentInput, ConsentStatus, ObjectionInput, RestrictionGround,
    RestrictionInput, StatementInput, VoidInput,
};
use kluis_core::dto::crm::{ContactPointInput, PersonInput};
use kluis_core::dto::privacy::Lang;
use kluis_core::privacy::{consent, marketing, purposes, restriction};
use kluis_core::{user_admin, verify, CoreError, Session};
use proptest::prelude::*;
use std::collections::HashMap;

#[derive(Debug, Clone)]
enum Op {
    Grant {
        person: usize,
        day: u32,
    },
    Withdraw {
        person: usize,
        day: u32,
    },
    Object {
        person: usize,
        day: u32,
    },
    Lift {
        person: usize,
        day: u32,
    },
    /// Void the k-th event recorded so far (modulo their number).
    Void {
        person: usize,
        k: usize,
    },
    Restrict {
        person: usize,
    },
    Unrestrict {
        person: usize,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..3usize, 1..28u32).prop_map(|(person, day)| Op::Grant { person, day }),
        3 => (0..3usize, 1..28u32).prop_map(|(person, day)| Op::Withdraw { person, day }),
        1 => (0..3usize, 1..28u32).prop_map(|(person, day)| Op::Object { person, day }),
        1 => (0..3usize, 1..28u32).prop_map(|(person, day)| Op::Lift { person, day }),
        1 => (0..3usize, 0..40usize).prop_map(|(person, k)| Op::Void { person, k }),
        1 => (0..3usize).prop_map(|person| Op::Restrict { person }),
        1 => (0..3usize).prop_map(|person| Op::Unrestrict { person }),
    ]
}

/// The model's record of one event.
#[derive(Debug, Clone)]
struct M {
    id: i64,
    kind: &'static str,
    at: String,
    corrects: Option<i64>,
}

/// What a plain reading of the events says: the latest non-voided answer by (when, id).
fn model_state(events: &[M]) -> (Option<bool>, bool) {
    let voided: Vec<i64> = events.iter().filter_map(|e| e.corrects).collect();
    let live = || {
        events
            .iter()
            .filter(|e| e.kind != "voided" && !voided.contains(&e.id))
    };
    let answer = live()
        .filter(|e| e.kind == "granted" || e.kind == "withdrawn")
        .max_by(|a, b| (&a.at, a.id).cmp(&(&b.at, b.id)))
        .map(|e| e.kind == "granted");
    let objects = live()
        .filter(|e| e.kind == "objected" || e.kind == "objection_lifted")
        .max_by(|a, b| (&a.at, a.id).cmp(&(&b.at, b.id)))
        .is_some_and(|e| e.kind == "objected");
    (answer, objects)
}

struct World {
    _fx: Fixture,
    admin: Session,
    officer: Session,
    purpose: i64,
    statement: i64,
    people: Vec<i64>,
    with_email: Vec<bool>,
}

fn world(with_email: &[bool]) -> World {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    user_admin::add(&mut admin, &new_user("olga", "Olga", "privacy_officer")).unwrap();
    drop(admin);
    let officer = signed_in(&v, "olga");
    let admin = again(&v);
    let purpose = purposes::adopt(&officer, "newsletter", Lang::En)
        .unwrap()
        .id;
    let statement = consent::publish(
        &officer,
        &StatementInput {
            purpose_id: purpose,
            lang: Lang::En,
            body: "Yes, send me the newsletter.".into(),
        },
    )
    .unwrap()
    .id;
    let people = with_email
        .iter()
        .enumerate()
        .map(|(i, mail)| {
            persons::create(
                &admin,
                &PersonInput {
                    given_name: format!("Person{i}"),
                    family_name: "Proef".into(),
                    emails: if *mail {
                        vec![ContactPointInput {
                            label: None,
                            value: format!("p{i}@example.nl"),
                            keep_unchecked: false,
                        }]
                    } else {
                        vec![]
                    },
                    ..Default::default()
                },
            )
            .unwrap()
            .id
        })
        .collect();
    World {
        _fx: fx,
        admin,
        officer,
        purpose,
        statement,
        people,
        with_email: with_email.to_vec(),
    }
}

fn day(d: u32) -> String {
    format!("2026-02-{d:02}")
}

fn said(d: u32) -> String {
    format!("2026-02-{d:02}T12:00:00.000Z")
}

fn newest(history: &[ConsentEvent]) -> i64 {
    history.iter().map(|e| e.id).max().unwrap()
}

/// Runs the ops through the public services (as the privacy officer, who sees restricted
/// people) and keeps the model in step. Returns the model per person and who is restricted.
fn run(w: &World, ops: &[Op]) -> (Vec<Vec<M>>, Vec<bool>) {
    let s = &w.officer;
    let mut model: Vec<Vec<M>> = vec![Vec::new(); w.people.len()];
    let mut restricted = vec![false; w.people.len()];
    // Every event ever seen, by id, to prove none changes later.
    let mut seen: HashMap<i64, (String, String, Option<i64>)> = HashMap::new();
    for op in ops {
        let (who, result) = match op.clone() {
            Op::Grant { person, day: d } => (
                person,
                consent::record(
                    s,
                    &ConsentInput {
                        person_id: w.people[person],
                        purpose_id: w.purpose,
                        granted: true,
                        channel: ConsentChannel::WebForm,
                        occurred_at: Some(day(d)),
                        statement_id: Some(w.statement),
                        shown_lang: Some(Lang::En),
                        evidence: Some(format!("form {d}")),
                    },
                )
                .map(|o| (o, "granted", said(d), None)),
            ),
            Op::Withdraw { person, day: d } => (
                person,
                consent::record(
                    s,
                    &ConsentInput {
                        person_id: w.people[person],
                        purpose_id: w.purpose,
                        granted: false,
                        channel: ConsentChannel::Email,
                        occurred_at: Some(day(d)),
                        statement_id: None,
                        shown_lang: None,
                        evidence: None,
                    },
                )
                .map(|o| (o, "withdrawn", said(d), None)),
            ),
            Op::Object { person, day: d } | Op::Lift { person, day: d } => {
                let objects = matches!(op, Op::Object { .. });
                (
                    person,
                    consent::object(
                        s,
                        &ObjectionInput {
                            person_id: w.people[person],
                            objects,
                            channel: ConsentChannel::Phone,
                            occurred_at: Some(day(d)),
                            evidence: None,
                        },
                    )
                    .map(|o| {
                        let kind = if objects {
                            "objected"
                        } else {
                            "objection_lifted"
                        };
                        (o, kind, said(d), None)
                    }),
                )
            }
            Op::Void { person, k } => {
                let Some(target) = (!model[person].is_empty())
                    .then(|| model[person][k % model[person].len()].clone())
                else {
                    continue;
                };
                (
                    person,
                    consent::void(
                        s,
                        &VoidInput {
                            person_id: w.people[person],
                            event_id: target.id,
                            reason: "recorded in error".into(),
                        },
                    )
                    .map(|o| {
                        let at = o
                            .history
                            .iter()
                            .find(|e| e.id == newest(&o.history))
                            .unwrap();
                        let at = at.occurred_at.clone();
                        (o, "voided", at, Some(target.id))
                    }),
                )
            }
            Op::Restrict { person } => {
                let r = restriction::restrict(
                    s,
                    &RestrictionInput {
                        person_id: w.people[person],
                        ground: RestrictionGround::ObjectionPending,
                        note: None,
                    },
                );
                assert_eq!(r.is_ok(), !restricted[person], "restrict: {r:?}");
                restricted[person] = true;
                continue;
            }
            Op::Unrestrict { person } => {
                let r = restriction::lift(s, w.people[person], "weighed");
                assert_eq!(r.is_ok(), restricted[person], "lift: {r:?}");
                restricted[person] = false;
                continue;
            }
        };
        // What the model expects the core to refuse.
        let (answer, objects) = model_state(&model[who]);
        let _ = answer;
        let expect_refusal = match op {
            Op::Grant { .. } => restricted[who],
            Op::Object { .. } => objects,
            Op::Lift { .. } => !objects,
            Op::Void { person, k } => {
                let t = &model[*person][k % model[*person].len()];
                t.kind == "voided" || model[*person].iter().any(|e| e.corrects == Some(t.id))
            }
            _ => false,
        };
        match result {
            Ok((o, kind, at, corrects)) => {
                assert!(!expect_refusal, "{op:?} should have been refused");
                model[who].push(M {
                    id: newest(&o.history),
                    kind,
                    at,
                    corrects,
                });
                // Append-only: every event seen before is still there, unchanged.
                for e in &o.history {
                    let now = (
                        e.kind.as_str().to_string(),
                        e.occurred_at.clone(),
                        e.corrects,
                    );
                    if let Some(before) = seen.get(&e.id) {
                        assert_eq!(before, &now, "event {} changed", e.id);
                    }
                    seen.insert(e.id, now);
                }
                assert_eq!(o.history.len(), model[who].len());
            }
            Err(e) => {
                assert!(expect_refusal, "{op:?} refused unexpectedly: {e:?}");
                assert!(matches!(
                    e,
                    CoreError::Restricted | CoreError::Invalid { .. }
                ));
            }
        }
    }
    (model, restricted)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_derived_state_is_what_the_events_say(ops in prop::collection::vec(op(), 1..24)) {
        let w = world(&[true, true, true]);
        let (model, _) = run(&w, &ops);
        for (i, events) in model.iter().enumerate() {
            let (answer, objects) = model_state(events);
            let o = consent::overview(&w.officer, w.people[i]).unwrap();
            let status = o.purposes.iter().find(|p| p.purpose_id == w.purpose).unwrap().status;
            let want = match answer {
                Some(true) => ConsentStatus::Granted,
                Some(false) => ConsentStatus::Withdrawn,
                None => ConsentStatus::Unknown,
            };
            prop_assert_eq!(status, want, "person {}", i);
            prop_assert_eq!(o.objection_since.is_some(), objects);
        }
        prop_assert!(verify::run(&w.admin).unwrap().consent.ok());
    }

    #[test]
    fn a_marketing_list_never_holds_a_withdrawn_objecting_or_restricted_person(
        mails in prop::collection::vec(any::<bool>(), 3),
        ops in prop::collection::vec(op(), 1..24),
    ) {
        let w = world(&mails);
        let (model, restricted) = run(&w, &ops);
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("list.csv");
        let r = marketing::export(&w.admin, w.purpose, &out).unwrap();
        let csv = std::fs::read_to_string(&out).unwrap();
        let mut expected = 0;
        for (i, events) in model.iter().enumerate() {
            let (answer, objects) = model_state(events);
            let valid = answer == Some(true) && !objects && !restricted[i] && w.with_email[i];
            let on_list = csv.contains(&format!("p{i}@example.nl"));
            prop_assert_eq!(on_list, valid, "person {}: answer {:?}, objects {}, restricted {}", i, answer, objects, restricted[i]);
            expected += valid as i64;
        }
        let l = &r.left_out;
        prop_assert_eq!(r.included, expected);
        prop_assert_eq!(r.included + l.restricted + l.objected + l.withdrawn + l.no_consent + l.no_email, 3);
    }
}
