//! Deals, tasks and the dashboard, and who sees the sales figures.
mod common;

use common::*;
use kluis_core::crm::deals;
use kluis_core::crm::persons;
use kluis_core::dto::crm::{DealInput, DealStatus, Guarded, PersonInput, TaskFilter, TaskInput};
use kluis_core::dto::NewUserRequest;
use kluis_core::{user_admin, verify, CoreError, EndReason};

#[test]
fn sales_figures_only_for_those_allowed_and_audited() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    user_admin::add(
        &mut admin,
        &NewUserRequest {
            username: "mia".into(),
            display_name: "Mia Manager".into(),
            roles: vec!["user".into(), "management".into()],
            initial_password: USER_PW.into(),
        },
    )
    .unwrap();
    user_admin::add(&mut admin, &new_user("ulla", "Ulla User", "user")).unwrap();
    let p = persons::create(
        &admin,
        &PersonInput {
            given_name: "Jan".into(),
            family_name: "Vries".into(),
            ..Default::default()
        },
    )
    .unwrap();
    admin.end(EndReason::SignOut);

    let mia = signed_in(&v, "mia");
    let board = deals::board(&mia).unwrap();
    let lead = board.stages[0].id;
    let lost = board
        .stages
        .iter()
        .find(|s| s.kind == DealStatus::Lost)
        .unwrap()
        .id;
    let won = board
        .stages
        .iter()
        .find(|s| s.kind == DealStatus::Won)
        .unwrap()
        .id;
    let d = deals::create(
        &mia,
        &DealInput {
            title: "Jaarorder".into(),
            person_id: Some(p.id),
            stage_id: lead,
            amount_cents: Some(1_250_000),
            probability: Some(50),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(d.amount_cents, Guarded::Shown(1_250_000));
    deals::move_to(&mia, d.id, d.version, won, None).unwrap();
    let dash = deals::dashboard(&mia).unwrap();
    let won_stage = dash.pipeline.iter().find(|s| s.id == won).unwrap();
    assert_eq!(won_stage.value_cents, Guarded::Shown(1_250_000));
    assert_eq!(dash.won_lost.iter().map(|m| m.won).sum::<i64>(), 1);
    // Twelve months ending with this one, every one listed; the win is in this month.
    assert_eq!(dash.won_lost.len(), 12);
    let this_month = mia.now().format("%Y-%m").to_string();
    assert_eq!(dash.won_lost.last().unwrap().month, this_month);
    assert_eq!(dash.won_lost.last().unwrap().won, 1);
    assert!(dash.won_lost.windows(2).all(|w| w[0].month < w[1].month));
    assert_eq!(dash.activity.len(), 12);
    mia.end(EndReason::SignOut);

    let ulla = signed_in(&v, "ulla");
    let board = deals::board(&ulla).unwrap();
    let card = board.deals.iter().find(|c| c.id == d.id).unwrap();
    assert_eq!(card.amount_cents, Guarded::Redacted);
    assert_eq!(card.probability, Guarded::Redacted);
    assert!(board
        .stages
        .iter()
        .all(|s| s.value_cents == Guarded::Redacted));
    let dash = deals::dashboard(&ulla).unwrap();
    assert!(dash
        .won_lost
        .iter()
        .all(|m| m.won_value_cents == Guarded::Redacted));
    // Serialised, a redacted amount carries no number at all.
    let json = serde_json::to_string(&board).unwrap();
    assert!(!json.contains("1250000"), "{json}");
    // Setting a sales figure without the right is refused; without the figure it is fine.
    let attempt = DealInput {
        title: "Pilot".into(),
        stage_id: lead,
        amount_cents: Some(100),
        ..Default::default()
    };
    assert!(matches!(
        deals::create(&ulla, &attempt),
        Err(CoreError::Denied)
    ));
    let ok = deals::create(
        &ulla,
        &DealInput {
            title: "Pilot".into(),
            stage_id: lead,
            ..Default::default()
        },
    )
    .unwrap();
    // Lost needs a reason.
    assert!(matches!(
        deals::move_to(&ulla, ok.id, ok.version, lost, None),
        Err(CoreError::Invalid {
            field: "lostReason",
            ..
        })
    ));
    let moved = deals::move_to(&ulla, ok.id, ok.version, lost, Some("Price")).unwrap();
    assert_eq!(moved.lost_reason.as_deref(), Some("Price"));
    ulla.end(EndReason::SignOut);

    let admin = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    let audit = verify::audit_page(&admin, None, 200).unwrap();
    let viewed: Vec<_> = audit
        .iter()
        .filter(|r| r.action == "sales.viewed")
        .collect();
    assert_eq!(
        viewed.len(),
        2,
        "Mia's board and dashboard views; Ulla saw no figures"
    );
    assert!(viewed.iter().all(|r| !r.details.contains("1250000")));
}

#[test]
fn tasks_mine_overdue_and_done() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    deals::task_create(
        &s,
        &TaskInput {
            title: "Offerte sturen".into(),
            due_date: Some("2026-02-20".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let later = deals::task_create(
        &s,
        &TaskInput {
            title: "Terugbellen".into(),
            due_date: Some("2026-03-10".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(deals::tasks(&s, TaskFilter::Mine).unwrap().len(), 2);
    let overdue = deals::tasks(&s, TaskFilter::Overdue).unwrap();
    assert_eq!(overdue.len(), 1);
    assert_eq!(overdue[0].title, "Offerte sturen");
    fx.clock.advance(chrono::Duration::days(14));
    assert_eq!(deals::tasks(&s, TaskFilter::Overdue).unwrap().len(), 2);
    deals::task_set_done(&s, later, true).unwrap();
    assert_eq!(deals::tasks(&s, TaskFilter::Overdue).unwrap().len(), 1);
    assert_eq!(deals::tasks(&s, TaskFilter::All).unwrap().len(), 2);
    assert!(matches!(
        deals::task_create(
            &s,
            &TaskInput {
                title: " ".into(),
                ..Default::default()
            }
        ),
        Err(CoreError::Invalid { field: "title", .. })
    ));
}

/// The pipeline is the business's own: administrators rename (the seeded names are keys the
/// app translates until then), add, reorder and remove open stages; nobody else may, and a stage
/// holding deals stays.
#[test]
fn administrators_shape_the_pipeline() {
    use kluis_core::crm::pipeline;
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    user_admin::add(&mut admin, &new_user("ulla", "Ulla User", "user")).unwrap();
    let stages = pipeline::stages(&admin).unwrap();
    let keys: Vec<_> = stages.iter().map(|s| s.builtin.clone().unwrap()).collect();
    assert_eq!(
        keys,
        [
            "lead",
            "qualified",
            "proposal",
            "negotiation",
            "won",
            "lost"
        ]
    );

    let lead = stages[0].id;
    let after = pipeline::rename(&admin, lead, "  Eerste contact ").unwrap();
    assert_eq!(after[0].name, "Eerste contact");
    assert_eq!(after[0].builtin, None);
    assert!(matches!(
        pipeline::rename(&admin, lead, "   "),
        Err(CoreError::Invalid { .. })
    ));

    // A new open stage comes before won and lost, and can move earlier.
    let after = pipeline::add(&admin, "Demo gegeven").unwrap();
    let names: Vec<_> = after.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names[4], "Demo gegeven");
    assert_eq!(after[5].builtin.as_deref(), Some("won"));
    let demo = after[4].id;
    let after = pipeline::move_stage(&admin, demo, -1).unwrap();
    assert_eq!(after[3].id, demo);
    // Open stages stay before won and lost; won and lost do not move.
    assert!(pipeline::move_stage(&admin, after[4].id, 1).is_err());
    assert!(pipeline::move_stage(&admin, lead, -1).is_err());
    let won = after
        .iter()
        .find(|s| s.builtin.as_deref() == Some("won"))
        .unwrap()
        .id;
    assert!(pipeline::move_stage(&admin, won, -1).is_err());

    // A stage with a deal, and won/lost, cannot be removed; an empty open one can.
    deals::create(
        &admin,
        &DealInput {
            title: "Pilot".into(),
            stage_id: lead,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(matches!(
        pipeline::remove(&admin, lead),
        Err(CoreError::Invalid { .. })
    ));
    assert!(pipeline::remove(&admin, won).is_err());
    let after = pipeline::remove(&admin, demo).unwrap();
    assert!(after.iter().all(|s| s.id != demo));
    admin.end(EndReason::SignOut);

    // Only administrators.
    let ulla = signed_in(&v, "ulla");
    assert!(matches!(
        pipeline::rename(&ulla, lead, "Mijn naam"),
        Err(CoreError::Denied)
    ));
    assert!(matches!(pipeline::add(&ulla, "X"), Err(CoreError::Denied)));
    assert_eq!(pipeline::stages(&ulla).unwrap()[0].name, "Eerste contact");
}

/// Editing a deal: staff change its details, management its figures; each only their part.
#[test]
fn deals_are_edited_within_each_role_s_part() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    user_admin::add(&mut admin, &new_user("ulla", "Ulla User", "user")).unwrap();
    user_admin::add(&mut admin, &new_user("mia", "Mia Manager", "management")).unwrap();
    let lead = deals::board(&admin).unwrap().stages[0].id;
    let d = deals::create(
        &admin,
        &DealInput {
            title: "Pilot".into(),
            stage_id: lead,
            ..Default::default()
        },
    )
    .unwrap();
    admin.end(EndReason::SignOut);

    let mia = signed_in(&v, "mia");
    let card = deals::update(
        &mia,
        d.id,
        d.version,
        &DealInput {
            title: "Ignored title".into(),
            stage_id: lead,
            amount_cents: Some(990_000),
            probability: Some(60),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        card.title, "Pilot",
        "management does not edit customer details"
    );
    assert_eq!(card.amount_cents, Guarded::Shown(990_000));
    assert_eq!(card.probability, Guarded::Shown(60));
    mia.end(EndReason::SignOut);

    let ulla = signed_in(&v, "ulla");
    let mut input = DealInput {
        title: "Pilot, uitgebreid".into(),
        stage_id: lead,
        expected_close: Some("2099-01-31".into()),
        ..Default::default()
    };
    // Ulla opened the deal after Mia's change (a stale version is refused: conflict tests).
    let card = deals::update(&ulla, d.id, d.version + 1, &input).unwrap();
    assert_eq!(card.title, "Pilot, uitgebreid");
    assert_eq!(card.amount_cents, Guarded::Redacted);
    input.amount_cents = Some(1);
    assert!(matches!(
        deals::update(&ulla, d.id, card.version, &input),
        Err(CoreError::Denied)
    ));
    ulla.end(EndReason::SignOut);
    // The figures Mia set survived Ulla's edit.
    let mia = v.sign_in("mia", &pw("zilveren-maan-boven-zee")).unwrap();
    let board = deals::board(&mia).unwrap();
    let card = board.deals.iter().find(|c| c.id == d.id).unwrap();
    assert_eq!(card.amount_cents, Guarded::Shown(990_000));
    assert_eq!(card.title, "Pilot, uitgebreid");
}
