//! The retention engine with a moving clock: the templates adopted, a preview of the next 30
//! days, and runs that take exactly the expired records and keep those with a reason to stay.
mod common;

use common::*;
use kluis_core::crm::{deals, persons, pipeline};
use kluis_core::dto::consent::{
    ConsentChannel, ConsentInput, RestrictionGround, RestrictionInput, StatementInput,
};
use kluis_core::dto::crm::{DealInput, DealStatus, PersonInput};
use kluis_core::dto::privacy::Lang;
use kluis_core::job::{Job, JobPhase, JobProgress};
use kluis_core::privacy::{consent, purposes, restriction, retention};
use kluis_core::{hr, user_admin, CoreError, Session};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

fn person(s: &Session, given: &str) -> i64 {
    persons::create(
        s,
        &PersonInput {
            given_name: given.into(),
            family_name: "Proef".into(),
            ..Default::default()
        },
    )
    .unwrap()
    .id
}

fn exists(s: &Session, id: i64) -> bool {
    persons::get(s, id).is_ok()
}

#[test]
fn a_moved_clock_takes_exactly_the_expired_records() {
    let fx = Fixture::new();
    let (mut admin, officer) = with_privacy_officer(&fx);
    user_admin::add(&mut admin, &new_user("hanna", "Hanna HR", "hr")).unwrap();
    drop((admin, officer));
    // Olga holds the personnel key; her next sign-in hands it to Hanna.
    let v = fx.vault();
    drop(v.sign_in("olga", &pw(OWN_PW)).unwrap());
    let (admin, mut signed) = first_sign_ins(&v, &["hanna"]);
    let hr_user = signed.pop().unwrap();
    let officer = v.sign_in("olga", &pw(OWN_PW)).unwrap();
    drop(v);
    // 2026-03-01: a prospect, a customer whose deal closes today, a prospect who consented,
    // a restricted prospect, and an employee who left a month ago.
    let prospect = person(&admin, "Prospect");
    let customer = person(&admin, "Klant");
    let consenting = person(&admin, "Abonnee");
    let restricted = person(&admin, "Beperkt");
    let stages = pipeline::stages(&admin).unwrap();
    let open = stages
        .iter()
        .find(|s| s.kind == DealStatus::Open)
        .unwrap()
        .id;
    let won = stages
        .iter()
        .find(|s| s.kind == DealStatus::Won)
        .unwrap()
        .id;
    let deal = deals::create(
        &admin,
        &DealInput {
            title: "Ovens".into(),
            person_id: Some(customer),
            stage_id: open,
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    deals::move_to(&admin, deal, 1, won, None).unwrap();
    let purpose = purposes::adopt(&officer, "newsletter", Lang::Nl)
        .unwrap()
        .id;
    let st = consent::publish(
        &officer,
        &StatementInput {
            purpose_id: purpose,
            lang: Lang::Nl,
            body: "Ja.".into(),
        },
    )
    .unwrap()
    .id;
    consent::record(
        &officer,
        &ConsentInput {
            person_id: consenting,
            purpose_id: purpose,
            granted: true,
            channel: ConsentChannel::WebForm,
            occurred_at: None,
            statement_id: Some(st),
            shown_lang: Some(Lang::Nl),
            evidence: None,
        },
    )
    .unwrap();
    restriction::restrict(
        &officer,
        &RestrictionInput {
            person_id: restricted,
            ground: RestrictionGround::AccuracyContested,
            note: None,
        },
    )
    .unwrap();
    let mut leaver = testkit_employee("Vertrokken", "Medewerker");
    leaver["endDate"] = "2026-02-01".into();
    let leaver = hr::create(&hr_user, &serde_json::from_value(leaver).unwrap())
        .unwrap()
        .id;

    // Only the privacy officer sets rules; the templates come in both languages.
    assert!(matches!(
        retention::adopt(&admin, "inactive_prospects", Lang::Nl),
        Err(CoreError::Denied)
    ));
    for key in [
        "inactive_prospects",
        "former_customers",
        "invoices",
        "personnel_files",
    ] {
        retention::adopt(&officer, key, Lang::En).unwrap();
    }
    assert_eq!(retention::preview(&officer).unwrap().total, 0);
    assert!(retention::run(&officer, false, &Job::unattended())
        .unwrap()
        .counts
        .iter()
        .all(|c| c.count == 0));

    // Ten days before two years have passed: the leaver is due, the others within 30 days.
    fx.clock.advance(chrono::Duration::days(731 - 10));
    let preview = retention::preview(&officer).unwrap();
    assert_eq!(preview.total, preview.items.len() as i64);
    let due: Vec<(String, i64, i64)> = preview
        .rules
        .iter()
        .map(|r| (r.name.clone(), r.due_now, r.due_soon))
        .collect();
    assert!(
        due.iter()
            .any(|(n, now, soon)| n.starts_with("Personnel") && *now == 1 && *soon == 0),
        "{due:?}"
    );
    assert_eq!(due.iter().map(|(_, now, soon)| now + soon).sum::<i64>(), 3);
    // The officer sees who (they may view contacts and personnel files); the order is by date.
    assert!(preview
        .items
        .iter()
        .all(|i| i.label.as_deref().is_some_and(|l| !l.is_empty())));
    assert!(preview.items.windows(2).all(|w| w[0].due_on <= w[1].due_on));
    let plan = preview.items;
    let targets: Vec<(&str, i64)> = plan
        .iter()
        .map(|p| (p.target.as_str(), p.target_id))
        .collect();
    assert!(targets.contains(&("employee", leaver)));
    assert!(targets.contains(&("person", prospect)));
    assert!(targets.contains(&("person", customer)));
    assert!(
        !targets.contains(&("person", consenting)),
        "a valid consent keeps them"
    );
    assert!(
        !targets.contains(&("person", restricted)),
        "a restriction keeps them"
    );
    let dry = retention::run(&officer, true, &Job::unattended()).unwrap();
    assert_eq!(dry.counts.iter().map(|c| c.count).sum::<i64>(), 1);
    assert!(exists(&officer, prospect), "a dry run changes nothing");

    // The engine's own run at unlock, as the system, whoever is signed in: only what is due.
    let run = retention::run_if_due(&admin, "unlock").unwrap().unwrap();
    assert_eq!(run.counts.iter().map(|c| c.count).sum::<i64>(), 1);
    assert!(
        hr::get(&hr_user, leaver).is_err(),
        "the personnel file is gone"
    );
    assert!(exists(&officer, prospect) && exists(&officer, customer));
    assert!(
        retention::run_if_due(&admin, "daily").unwrap().is_none(),
        "once a day"
    );

    fx.clock.advance(chrono::Duration::days(11));
    // A run by hand cancelled after its first record: undone as a whole, and not recorded.
    let runs_before = retention::history(&officer, 10).unwrap().len();
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    let job = Job::new(cancel, move |p: JobProgress| {
        if p.phase == JobPhase::Retention && p.done >= 1 {
            flag.store(true, Ordering::SeqCst);
        }
    });
    assert!(matches!(
        retention::run(&officer, false, &job),
        Err(CoreError::Cancelled)
    ));
    assert!(exists(&officer, prospect) && exists(&officer, customer));
    assert_eq!(retention::history(&officer, 10).unwrap().len(), runs_before);

    let run = retention::run_if_due(&admin, "daily").unwrap().unwrap();
    assert_eq!(run.counts.iter().map(|c| c.count).sum::<i64>(), 2);
    assert!(!exists(&officer, prospect) && !exists(&officer, customer));
    assert!(exists(&officer, consenting) && exists(&officer, restricted));
    // The customer's deal stays, detached, for the fiscal retention.
    let board = deals::board(&admin).unwrap();
    let kept = board
        .deals
        .iter()
        .find(|d| d.id == deal)
        .expect("the deal is kept");
    assert_eq!(kept.person_id, None);
    let history = retention::history(&officer, 10).unwrap();
    assert_eq!(history.len(), 4);
    assert_eq!(history[0].counts.iter().map(|c| c.count).sum::<i64>(), 2);
    assert_eq!(history[0].trigger, "daily");
    assert!(matches!(
        retention::history(&admin, 10),
        Err(CoreError::Denied)
    ));
}

#[test]
fn two_rules_over_the_same_person_act_once() {
    let fx = Fixture::new();
    let (admin, officer) = with_privacy_officer(&fx);
    let prospect = person(&admin, "Dubbel");
    retention::adopt(&officer, "inactive_prospects", Lang::Nl).unwrap();
    let mut longer = retention::templates(Lang::Nl)[0].input.clone();
    longer.months = 25;
    retention::add_rule(&officer, &longer, None).unwrap();
    fx.clock.advance(chrono::Duration::days(800));
    let preview = retention::preview(&officer).unwrap();
    assert_eq!(preview.total, 1, "one plan per person");
    assert_eq!(preview.items[0].target_id, prospect);
    let run = retention::run_if_due(&admin, "daily").unwrap().unwrap();
    assert_eq!(run.counts.iter().map(|c| c.count).sum::<i64>(), 1);
    assert!(!exists(&officer, prospect));
    assert!(run.error.is_none());
}

#[test]
fn a_rule_carries_out_a_purpose_of_the_register() {
    let fx = Fixture::new();
    let (_admin, officer) = with_privacy_officer(&fx);
    let invoicing = purposes::adopt(&officer, "invoicing", Lang::Nl).unwrap().id;
    // The invoices template finds the purpose adopted from the matching purpose template.
    let rule = retention::adopt(&officer, "invoices", Lang::Nl).unwrap();
    assert_eq!(rule.input.purpose_id, Some(invoicing));
    assert!(rule.purpose_name.is_some());
    // The register shows the purpose with the rule that keeps its period.
    let listed = purposes::get(&officer, invoicing).unwrap();
    assert_eq!(listed.retention_rules, vec![rule.input.name.clone()]);
    retention::set_active(&officer, rule.id, false).unwrap();
    assert!(purposes::get(&officer, invoicing)
        .unwrap()
        .retention_rules
        .is_empty());
    // Without such a purpose a template links nothing; an archived purpose cannot be linked.
    let prospects = retention::adopt(&officer, "inactive_prospects", Lang::Nl).unwrap();
    assert_eq!(prospects.input.purpose_id, None);
    purposes::archive(&officer, invoicing).unwrap();
    let mut input = prospects.input.clone();
    input.purpose_id = Some(invoicing);
    assert!(matches!(
        retention::update_rule(&officer, prospects.id, prospects.version, &input),
        Err(CoreError::Invalid {
            field: "purposeId",
            ..
        })
    ));
}

#[test]
fn rules_are_adjusted_not_redefined() {
    let fx = Fixture::new();
    let (admin, officer) = with_privacy_officer(&fx);
    let rule = retention::adopt(&officer, "inactive_prospects", Lang::Nl).unwrap();
    let mut input = rule.input.clone();
    input.months = 36;
    input.action = retention::RetentionAction::Delete;
    let changed = retention::update_rule(&officer, rule.id, rule.version, &input).unwrap();
    assert_eq!(
        (changed.input.months, changed.input.action),
        (36, retention::RetentionAction::Delete)
    );
    assert_eq!(changed.template.as_deref(), Some("inactive_prospects"));
    // Another kind is another rule; a period of none or fifty years and more is refused.
    input.kind = retention::RuleKind::ClosedDeals;
    assert!(matches!(
        retention::update_rule(&officer, rule.id, changed.version, &input),
        Err(CoreError::Invalid { .. })
    ));
    input.kind = retention::RuleKind::InactiveProspects;
    for months in [0, 601] {
        input.months = months;
        assert!(retention::update_rule(&officer, rule.id, changed.version, &input).is_err());
    }
    // Personnel files are deleted, never kept anonymised.
    let staff = retention::RuleInput {
        name: "Personeel".into(),
        kind: retention::RuleKind::FormerEmployees,
        months: 24,
        action: retention::RetentionAction::Anonymise,
        purpose_id: None,
    };
    assert!(retention::add_rule(&officer, &staff, None).is_err());
    assert!(matches!(
        retention::update_rule(&admin, rule.id, changed.version, &changed.input),
        Err(CoreError::Denied)
    ));
    assert_eq!(retention::rules(&officer).unwrap()[0].input.months, 36);
}

fn testkit_employee(given: &str, family: &str) -> serde_json::Value {
    serde_json::json!({
        "givenName": given, "tussenvoegsel": "", "familyName": family, "email": null,
        "position": "Boekhouder", "department": null, "contractType": "permanent",
        "hoursPerWeek": 32, "startDate": "2020-02-01", "endDate": null,
        "salaryCents": 4242420, "salaryCurrency": "EUR", "salaryPeriod": "month", "notes": null
    })
}
