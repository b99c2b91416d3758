//! Consent, objection and restriction as staff and the privacy officer use them: statements,
//! the ledger and its chain, the marketing list, and a restricted person vanishing for users.
mod common;

use common::*;
use kluis_core::crm::{deals, merge, persons, pipeline, search, view};
use kluis_core::dto::consent::{
    ConsentChannel, ConsentInput, ConsentStatus, ObjectionInput, RestrictionGround,
    RestrictionInput, StatementInput, VoidInput,
};
use kluis_core::dto::crm::{
    ContactPointInput, DealInput, PersonInput, PersonQuery, PersonSort, SearchKind, TaskFilter,
    TaskInput, TimelineInput, TimelineKind,
};
use kluis_core::dto::privacy::{Lang, LawfulBasis};
use kluis_core::export::{self, ExportFormat, ExportSelection};
use kluis_core::privacy::{consent, dashboard, marketing, purposes, restriction, templates};
use kluis_core::{user_admin, verify, CoreError, Session, Vault};

struct World {
    _fx: Fixture,
    admin: Session,
    officer: Session,
    user: Session,
    newsletter: i64,
    service: i64,
    nl_v1: i64,
    en_v1: i64,
    jan: i64,
    els: i64,
}

fn person(given: &str, family: &str, email: &str) -> PersonInput {
    PersonInput {
        given_name: given.into(),
        family_name: family.into(),
        emails: vec![ContactPointInput {
            label: None,
            value: email.into(),
            keep_unchecked: false,
        }],
        ..Default::default()
    }
}

fn world() -> World {
    let fx = Fixture::new();
    let v: Vault = fx.vault();
    let (mut admin, _) = fx.create(&v);
    user_admin::add(
        &mut admin,
        &new_user("olga", "Olga Officier", "privacy_officer"),
    )
    .unwrap();
    user_admin::add(&mut admin, &new_user("piet", "Piet Medewerker", "user")).unwrap();
    drop(admin);
    let (admin, mut signed) = first_sign_ins(&v, &["olga", "piet"]);
    let user = signed.pop().unwrap();
    let officer = signed.pop().unwrap();
    let newsletter = purposes::adopt(&officer, "newsletter", Lang::Nl)
        .unwrap()
        .id;
    let service = purposes::adopt(&officer, "customer_service", Lang::Nl)
        .unwrap()
        .id;
    let nl_v1 = consent::publish(
        &officer,
        &StatementInput {
            purpose_id: newsletter,
            lang: Lang::Nl,
            body: "Ja, ik wil de nieuwsbrief ontvangen.".into(),
        },
    )
    .unwrap()
    .id;
    let en_v1 = consent::publish(
        &officer,
        &StatementInput {
            purpose_id: newsletter,
            lang: Lang::En,
            body: "Yes, send me the newsletter.".into(),
        },
    )
    .unwrap()
    .id;
    let jan = persons::create(&admin, &person("Jan", "Bakker", "jan@example.nl"))
        .unwrap()
        .id;
    let els = persons::create(&admin, &person("Els", "Smit", "els@example.nl"))
        .unwrap()
        .id;
    World {
        _fx: fx,
        admin,
        officer,
        user,
        newsletter,
        service,
        nl_v1,
        en_v1,
        jan,
        els,
    }
}

fn grant(person_id: i64, purpose_id: i64, statement: i64, lang: Lang) -> ConsentInput {
    ConsentInput {
        person_id,
        purpose_id,
        granted: true,
        channel: ConsentChannel::Phone,
        occurred_at: None,
        statement_id: Some(statement),
        shown_lang: Some(lang),
        evidence: Some("call notes 2026-03-01".into()),
    }
}

fn withdraw(person_id: i64, purpose_id: i64) -> ConsentInput {
    ConsentInput {
        granted: false,
        statement_id: None,
        shown_lang: None,
        ..grant(person_id, purpose_id, 0, Lang::Nl)
    }
}

fn status(s: &Session, person: i64, purpose: i64) -> ConsentStatus {
    consent::overview(s, person)
        .unwrap()
        .purposes
        .into_iter()
        .find(|p| p.purpose_id == purpose)
        .unwrap()
        .status
}

#[test]
fn consent_by_phone_with_its_statement_version_then_withdrawn() {
    let w = world();
    let o = consent::record(&w.user, &grant(w.jan, w.newsletter, w.nl_v1, Lang::Nl)).unwrap();
    let p = o
        .purposes
        .iter()
        .find(|p| p.purpose_id == w.newsletter)
        .unwrap();
    assert_eq!(p.status, ConsentStatus::Granted);
    assert_eq!(p.statement_version, Some(1));
    assert_eq!(p.statement_lang, Some(Lang::Nl));
    assert!(p.allowed);
    let svc = o
        .purposes
        .iter()
        .find(|p| p.purpose_id == w.service)
        .unwrap();
    assert_eq!(svc.status, ConsentStatus::NotNeeded);

    let o = consent::record(&w.user, &withdraw(w.jan, w.newsletter)).unwrap();
    assert_eq!(
        status(&w.user, w.jan, w.newsletter),
        ConsentStatus::Withdrawn
    );
    assert_eq!(o.history.len(), 2, "history keeps the grant");
    assert_eq!(o.history[1].channel, ConsentChannel::Phone);
    assert_eq!(o.history[1].statement_version, Some(1));
    assert_eq!(
        o.history[1].evidence.as_deref(),
        Some("call notes 2026-03-01")
    );
    assert!(verify::run(&w.admin).unwrap().consent.ok());
}

#[test]
fn bad_consent_input_is_refused_clearly() {
    let w = world();
    // A purpose resting on a contract asks no consent.
    let mut g = grant(w.jan, w.service, w.nl_v1, Lang::Nl);
    assert!(matches!(
        consent::record(&w.user, &g),
        Err(CoreError::NotConsentBasis)
    ));
    // The Dutch text recorded as shown in English.
    g = grant(w.jan, w.newsletter, w.nl_v1, Lang::En);
    assert!(matches!(
        consent::record(&w.user, &g),
        Err(CoreError::StatementMismatch)
    ));
    // A grant without the statement shown.
    g = grant(w.jan, w.newsletter, w.en_v1, Lang::En);
    g.statement_id = None;
    assert!(matches!(
        consent::record(&w.user, &g),
        Err(CoreError::Invalid {
            field: "statementId",
            ..
        })
    ));
    // Consent said tomorrow.
    g = grant(w.jan, w.newsletter, w.en_v1, Lang::En);
    g.occurred_at = Some("2026-03-09".into());
    assert!(matches!(
        consent::record(&w.user, &g),
        Err(CoreError::Invalid {
            field: "occurredAt",
            ..
        })
    ));
    // Publishing statements is the privacy officer's; for a consent purpose only.
    let st = StatementInput {
        purpose_id: w.newsletter,
        lang: Lang::Nl,
        body: "Andere tekst".into(),
    };
    assert!(matches!(
        consent::publish(&w.user, &st),
        Err(CoreError::Denied)
    ));
    assert!(matches!(
        consent::publish(
            &w.officer,
            &StatementInput {
                purpose_id: w.service,
                ..st.clone()
            }
        ),
        Err(CoreError::NotConsentBasis)
    ));
    // A guest-like user cannot record at all: piet can, a reader cannot.
    assert!(consent::overview(&w.user, w.jan).unwrap().may_record);
    assert!(!consent::overview(&w.user, w.jan).unwrap().may_restrict);
}

#[test]
fn statements_are_versioned_and_published_ones_never_change() {
    let w = world();
    let v2 = consent::publish(
        &w.officer,
        &StatementInput {
            purpose_id: w.newsletter,
            lang: Lang::Nl,
            body: "Ja, stuur mij maandelijks de nieuwsbrief.".into(),
        },
    )
    .unwrap();
    assert_eq!(v2.version, 2);
    assert!(v2.current);
    let all = consent::statements(&w.user, Some(w.newsletter)).unwrap();
    let v1 = all.iter().find(|s| s.id == w.nl_v1).unwrap();
    assert!(!v1.current && v1.body == "Ja, ik wil de nieuwsbrief ontvangen.");
    assert_eq!(v1.hash.len(), 64);
    // The same text again is no new version.
    assert!(matches!(
        consent::publish(
            &w.officer,
            &StatementInput {
                purpose_id: w.newsletter,
                lang: Lang::Nl,
                body: v2.body.clone(),
            }
        ),
        Err(CoreError::Invalid { field: "body", .. })
    ));
    // An old version can still be recorded as the one shown (a paper form printed earlier).
    consent::record(&w.user, &grant(w.jan, w.newsletter, w.nl_v1, Lang::Nl)).unwrap();
}

#[test]
fn the_later_answer_counts_and_a_correction_voids_without_editing() {
    let w = world();
    let mut g = grant(w.jan, w.newsletter, w.nl_v1, Lang::Nl);
    g.occurred_at = Some("2026-02-01".into());
    consent::record(&w.user, &g).unwrap();
    let mut wd = withdraw(w.jan, w.newsletter);
    wd.occurred_at = Some("2026-02-20".into());
    let o = consent::record(&w.user, &wd).unwrap();
    // A paper form from January recorded last: the withdrawal of February still counts.
    g.occurred_at = Some("2026-01-15".into());
    consent::record(&w.user, &g).unwrap();
    assert_eq!(
        status(&w.user, w.jan, w.newsletter),
        ConsentStatus::Withdrawn
    );
    // The withdrawal was recorded for the wrong person: void it.
    let withdrawal = o
        .history
        .iter()
        .find(|e| e.kind.as_str() == "withdrawn")
        .unwrap()
        .id;
    let o = consent::void(
        &w.user,
        &VoidInput {
            person_id: w.jan,
            event_id: withdrawal,
            reason: "recorded on the wrong person".into(),
        },
    )
    .unwrap();
    assert_eq!(status(&w.user, w.jan, w.newsletter), ConsentStatus::Granted);
    assert_eq!(o.history.len(), 4, "the voided event stays in the history");
    assert!(o.history.iter().any(|e| e.id == withdrawal && e.voided));
    assert!(matches!(
        consent::void(
            &w.user,
            &VoidInput {
                person_id: w.els,
                event_id: withdrawal,
                reason: "x".into()
            }
        ),
        Err(CoreError::NotFound)
    ));
    assert!(verify::run(&w.admin).unwrap().consent.ok());
}

#[test]
fn an_objection_suppresses_every_marketing_purpose() {
    let w = world();
    consent::record(&w.user, &grant(w.jan, w.newsletter, w.nl_v1, Lang::Nl)).unwrap();
    let o = consent::object(
        &w.user,
        &ObjectionInput {
            person_id: w.jan,
            objects: true,
            channel: ConsentChannel::Email,
            occurred_at: None,
            evidence: None,
        },
    )
    .unwrap();
    assert!(o.objection_since.is_some());
    let news = o
        .purposes
        .iter()
        .find(|p| p.purpose_id == w.newsletter)
        .unwrap();
    assert_eq!(news.status, ConsentStatus::Granted);
    assert!(!news.allowed, "consent given, but the objection wins");
    assert!(
        o.purposes
            .iter()
            .find(|p| p.purpose_id == w.service)
            .unwrap()
            .allowed
    );
    assert!(persons::get(&w.user, w.jan).unwrap().marketing_objection);
    let rep = marketing::preview(&w.admin, w.newsletter).unwrap();
    assert_eq!((rep.included, rep.left_out.objected), (0, 1));
    // Objecting twice is no new fact.
    assert!(matches!(
        consent::object(
            &w.user,
            &ObjectionInput {
                person_id: w.jan,
                objects: true,
                channel: ConsentChannel::Email,
                occurred_at: None,
                evidence: None
            }
        ),
        Err(CoreError::Invalid {
            field: "objects",
            ..
        })
    ));
}

fn list_names(s: &Session) -> Vec<String> {
    persons::list(
        s,
        &PersonQuery {
            sort: PersonSort::FamilyName,
            descending: false,
            after: None,
            offset: None,
            limit: 50,
            tag: None,
            owner_id: None,
            organisation_id: None,
        },
    )
    .unwrap()
    .rows
    .into_iter()
    .map(|r| r.display_name)
    .collect()
}

#[test]
fn a_restricted_person_vanishes_for_users_and_is_read_only_for_everyone() {
    let w = world();
    assert!(search::search(&w.user, "bakker", 10).unwrap().len() == 1);
    let stage = pipeline::stages(&w.admin).unwrap()[0].id;
    let deal_input = DealInput {
        title: "Ovens voor Jan".into(),
        person_id: Some(w.jan),
        stage_id: stage,
        ..Default::default()
    };
    let deal = deals::create(&w.admin, &deal_input).unwrap().id;
    let task_input = TaskInput {
        title: "Jan terugbellen".into(),
        due_date: None,
        assignee_id: None,
        person_id: Some(w.jan),
    };
    deals::task_create(&w.admin, &task_input).unwrap();
    let on_board = |s: &Session| deals::board(s).unwrap().deals.iter().any(|d| d.id == deal);
    let tasks = |s: &Session| deals::tasks(s, TaskFilter::All).unwrap().len();
    assert!(on_board(&w.user) && tasks(&w.user) == 1);
    restriction::restrict(
        &w.officer,
        &RestrictionInput {
            person_id: w.jan,
            ground: RestrictionGround::AccuracyContested,
            note: Some("disputes his address".into()),
        },
    )
    .unwrap();
    // A user: gone from search, the list, its count and exports; opening it is refused.
    assert!(search::search(&w.user, "bakker", 10).unwrap().is_empty());
    assert!(search::search(&w.user, "jan@", 10).unwrap().is_empty());
    assert_eq!(list_names(&w.user), vec!["Els Smit"]);
    // Nor on the board, in task lists or in the dashboard's figures; no new deal or task.
    assert!(!on_board(&w.user) && tasks(&w.user) == 0);
    assert_eq!(
        deals::dashboard(&w.user)
            .unwrap()
            .pipeline
            .iter()
            .map(|s| s.count)
            .sum::<i64>(),
        0
    );
    assert!(matches!(
        deals::create(&w.admin, &deal_input),
        Err(CoreError::Restricted)
    ));
    assert!(matches!(
        deals::task_create(&w.admin, &task_input),
        Err(CoreError::Restricted)
    ));
    // Nor may an existing deal or task of theirs be moved, edited or ticked off.
    let mgmt_stage = pipeline::stages(&w.admin).unwrap()[1].id;
    assert!(matches!(
        deals::move_to(&w.admin, deal, 1, mgmt_stage, None),
        Err(CoreError::Restricted)
    ));
    assert!(matches!(
        deals::update(&w.admin, deal, 1, &deal_input),
        Err(CoreError::Restricted)
    ));
    assert!(matches!(
        persons::get(&w.user, w.jan),
        Err(CoreError::Restricted)
    ));
    assert!(matches!(
        view::person_view(&w.user, w.jan),
        Err(CoreError::Restricted)
    ));
    assert!(matches!(
        consent::overview(&w.user, w.jan),
        Err(CoreError::Restricted)
    ));
    // The privacy officer still finds them, marked, but cannot change anything either.
    let hits = search::search(&w.officer, "bakker", 10).unwrap();
    assert!(hits.len() == 1 && hits[0].restricted && hits[0].kind == SearchKind::Person);
    assert!(list_names(&w.officer).contains(&"Jan Bakker".to_string()));
    assert!(persons::get(&w.officer, w.jan).unwrap().restricted);
    let edit = person("Jan", "Bakker", "jan@elders.nl");
    assert!(matches!(
        persons::update(&w.admin, w.jan, 1, &edit),
        Err(CoreError::Restricted)
    ));
    assert!(matches!(
        view::add_timeline(
            &w.admin,
            w.jan,
            &TimelineInput {
                kind: TimelineKind::Note,
                body: "x".into(),
                occurred_at: None
            }
        ),
        Err(CoreError::Restricted)
    ));
    assert!(matches!(
        merge::apply(&w.admin, w.els, w.jan),
        Err(CoreError::Restricted)
    ));
    // New consent is not taken while restricted; a withdrawal is.
    assert!(matches!(
        consent::record(&w.officer, &grant(w.jan, w.newsletter, w.nl_v1, Lang::Nl)),
        Err(CoreError::Restricted)
    ));
    consent::record(&w.officer, &withdraw(w.jan, w.newsletter)).unwrap();
    // Exports leave them out, even a selection naming them.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.csv");
    let n = export::to_file(
        &w.admin,
        &ExportSelection {
            ids: Some(vec![w.jan, w.els]),
            filters: None,
        },
        ExportFormat::Csv,
        &out,
    )
    .unwrap();
    assert_eq!(n, 1);
    assert!(!std::fs::read_to_string(&out).unwrap().contains("Bakker"));
    let d = dashboard::dashboard(&w.officer).unwrap();
    assert_eq!(d.restricted, 1);
    assert_eq!(d.restricted_people[0].person_id, w.jan);
    // Only the privacy officer restricts and lifts; lifting needs a reason.
    assert!(matches!(
        restriction::lift(&w.admin, w.jan, "checked"),
        Err(CoreError::Denied)
    ));
    assert!(matches!(
        restriction::lift(&w.officer, w.jan, " "),
        Err(CoreError::Invalid {
            field: "reason",
            ..
        })
    ));
    let o = restriction::lift(&w.officer, w.jan, "address checked and corrected").unwrap();
    assert!(o.restriction.is_none() && o.restriction_history.len() == 1);
    assert_eq!(search::search(&w.user, "bakker", 10).unwrap().len(), 1);
    assert!(on_board(&w.user) && tasks(&w.user) == 1);
    let version = persons::get(&w.admin, w.jan).unwrap().version;
    persons::update(&w.admin, w.jan, version, &edit).unwrap();
}

#[test]
fn the_marketing_list_holds_only_people_with_a_valid_basis() {
    let w = world();
    let ann = persons::create(&w.admin, &person("Ann", "Mol", "ann@example.nl"))
        .unwrap()
        .id;
    let nomail = persons::create(
        &w.admin,
        &PersonInput {
            given_name: "Kees".into(),
            family_name: "Zondermail".into(),
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    for p in [w.jan, w.els, ann, nomail] {
        consent::record(&w.user, &grant(p, w.newsletter, w.nl_v1, Lang::Nl)).unwrap();
    }
    consent::record(&w.user, &withdraw(w.els, w.newsletter)).unwrap();
    restriction::restrict(
        &w.officer,
        &RestrictionInput {
            person_id: ann,
            ground: RestrictionGround::LegalClaims,
            note: None,
        },
    )
    .unwrap();
    persons::create(&w.admin, &person("Nooit", "Gevraagd", "nooit@example.nl")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nieuwsbrief.csv");
    let r = marketing::export(&w.admin, w.newsletter, &out).unwrap();
    assert_eq!(r.included, 1);
    assert_eq!(
        (
            r.left_out.withdrawn,
            r.left_out.restricted,
            r.left_out.no_consent,
            r.left_out.no_email
        ),
        (1, 1, 1, 1)
    );
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains("jan@example.nl"));
    for absent in ["els@", "ann@", "nooit@"] {
        assert!(!csv.contains(absent), "{absent} must not be on the list");
    }
    // Not a marketing purpose; not allowed to export.
    assert!(matches!(
        marketing::preview(&w.admin, w.service),
        Err(CoreError::Invalid {
            field: "purpose",
            ..
        })
    ));
    assert!(matches!(
        marketing::preview(&w.user, w.newsletter),
        Err(CoreError::Denied)
    ));
}

#[test]
fn a_legitimate_interests_mailing_skips_objections_and_restrictions_only() {
    let w = world();
    let mut li = templates::templates(Lang::En)
        .into_iter()
        .find(|t| t.key == "sales_follow_up")
        .unwrap()
        .input;
    li.marketing = true;
    assert_eq!(li.lawful_basis, LawfulBasis::LegitimateInterests);
    let p = purposes::create(&w.officer, &li, None).unwrap().id;
    consent::object(
        &w.user,
        &ObjectionInput {
            person_id: w.els,
            objects: true,
            channel: ConsentChannel::Paper,
            occurred_at: None,
            evidence: None,
        },
    )
    .unwrap();
    let r = marketing::preview(&w.admin, p).unwrap();
    assert_eq!(
        (r.included, r.left_out.objected, r.left_out.no_consent),
        (1, 1, 0)
    );
}

#[test]
fn a_merge_keeps_both_histories_and_the_chain() {
    let w = world();
    consent::record(&w.user, &grant(w.jan, w.newsletter, w.nl_v1, Lang::Nl)).unwrap();
    consent::object(
        &w.user,
        &ObjectionInput {
            person_id: w.els,
            objects: true,
            channel: ConsentChannel::Paper,
            occurred_at: None,
            evidence: None,
        },
    )
    .unwrap();
    merge::apply(&w.admin, w.jan, w.els).unwrap();
    let o = consent::overview(&w.admin, w.jan).unwrap();
    assert_eq!(o.history.len(), 2);
    assert!(o.objection_since.is_some());
    assert!(persons::get(&w.admin, w.jan).unwrap().marketing_objection);
    assert!(verify::run(&w.admin).unwrap().consent.ok());
}

/// A connection with the key, as someone with the vault's key but not the app would have.
fn raw(w: &World) -> rusqlite::Connection {
    let kf = kluis_vault::KeyFile::load(&w._fx.paths().keys()).unwrap();
    let key = kf
        .unlock_user("anna", &pw(ADMIN_PW))
        .unwrap()
        .db_key
        .unwrap();
    let c = rusqlite::Connection::open(w._fx.paths().db()).unwrap();
    c.execute_batch(&key.pragma_statement("key")).unwrap();
    c
}

#[test]
fn verify_finds_a_ledger_changed_behind_the_apps_back() {
    let w = world();
    consent::record(&w.user, &grant(w.jan, w.newsletter, w.nl_v1, Lang::Nl)).unwrap();
    consent::record(&w.user, &withdraw(w.jan, w.newsletter)).unwrap();
    consent::record(&w.user, &grant(w.els, w.newsletter, w.en_v1, Lang::En)).unwrap();
    assert!(verify::run(&w.admin).unwrap().consent.ok());
    let c = raw(&w);
    // The app's own guard refuses an edit.
    assert!(c
        .execute(
            "UPDATE consent_events SET kind = 'granted' WHERE id = 2",
            []
        )
        .is_err());
    assert!(c
        .execute("DELETE FROM consent_events WHERE id = 3", [])
        .is_err());
    // Someone drops the guard and turns the withdrawal into a grant.
    c.execute_batch(
        "DROP TRIGGER consent_events_no_update;
         UPDATE consent_events SET kind = 'granted', statement_id = 1 WHERE id = 2;",
    )
    .unwrap();
    let r = verify::run(&w.admin).unwrap();
    assert_eq!(r.consent.first_broken_id, Some(2));
    assert!(!r.ok());
    // Evidence text swapped, a statement reworded, the derived state forged.
    c.execute_batch(
        "UPDATE consent_events SET evidence = 'forged' WHERE id = 1;
         DROP TRIGGER consent_statements_no_update;
         UPDATE consent_statements SET body = 'Iets anders' WHERE id = 1;
         UPDATE consent_state SET granted = 0;",
    )
    .unwrap();
    let r = verify::run(&w.admin).unwrap().consent;
    assert_eq!(r.evidence_altered, vec![1]);
    assert_eq!(r.statements_altered, vec![1]);
    assert!(r.state_mismatches >= 1);
}
