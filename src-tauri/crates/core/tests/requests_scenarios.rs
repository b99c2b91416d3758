//! Data subject requests as the privacy officer handles them: deadlines a month after receipt,
//! one extension by at most two more months with its reason, the queue's order as time moves,
//! closing with an outcome, and who may do what.
mod common;

use common::*;
use kluis_core::crm::persons;
use kluis_core::dto::crm::PersonInput;
use kluis_core::dto::requests::{
    CloseInput, ExtendInput, RequestInput, RequestKind, RequestStatus, Urgency, Verification,
};
use kluis_core::privacy::requests;
use kluis_core::{CoreError, Session};

fn input(person_id: i64, kind: RequestKind, received: Option<&str>) -> RequestInput {
    RequestInput {
        person_id,
        kind,
        verification: Verification::InPersonId,
        verification_note: Some("Rijbewijs getoond aan de balie".into()),
        received_on: received.map(str::to_string),
    }
}

struct World {
    fx: Fixture,
    admin: Session,
    officer: Session,
    jan: i64,
}

fn world() -> World {
    let fx = Fixture::new();
    let (admin, officer) = with_privacy_officer(&fx);
    let jan = persons::create(
        &admin,
        &PersonInput {
            given_name: "Jan".into(),
            family_name: "Bakker".into(),
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    World {
        fx,
        admin,
        officer,
        jan,
    }
}

#[test]
fn a_request_is_due_a_month_after_receipt_and_the_queue_follows_the_clock() {
    let w = world();
    // The clock stands at 2026-03-01.
    let r = requests::file(
        &w.officer,
        &input(w.jan, RequestKind::Access, Some("2026-02-20")),
    )
    .unwrap();
    assert_eq!(
        (r.received_on.as_str(), r.due_on.as_str()),
        ("2026-02-20", "2026-03-20")
    );
    assert_eq!(r.subject_name.as_deref(), Some("Jan Bakker"));
    assert_eq!((r.days_left, r.urgency), (19, Urgency::OnTime));
    let later = requests::file(&w.officer, &input(w.jan, RequestKind::Erasure, None)).unwrap();
    assert_eq!(later.due_on, "2026-04-01");

    w.fx.clock.advance(chrono::Duration::days(14));
    let q = requests::queue(&w.officer, false).unwrap();
    assert_eq!(q.requests[0].id, r.id, "the earliest deadline first");
    assert_eq!(q.requests[0].urgency, Urgency::DueSoon);
    assert_eq!((q.open, q.due_soon, q.overdue), (2, 1, 0));

    w.fx.clock.advance(chrono::Duration::days(10));
    let q = requests::queue(&w.officer, false).unwrap();
    assert_eq!(q.requests[0].urgency, Urgency::Overdue);
    assert_eq!(q.requests[0].days_left, -5);
    assert_eq!(q.overdue, 1);
    assert_eq!(requests::of_person(&w.officer, w.jan).unwrap().len(), 2);
}

#[test]
fn an_extension_needs_a_reason_and_stays_within_two_more_months() {
    let w = world();
    let r = requests::file(
        &w.officer,
        &input(w.jan, RequestKind::Portability, Some("2026-02-20")),
    )
    .unwrap();
    let ext = |until: &str, reason: &str| {
        requests::extend(
            &w.officer,
            &ExtendInput {
                id: r.id,
                until: until.into(),
                reason: reason.into(),
            },
        )
    };
    assert!(matches!(
        ext("2026-05-20", " "),
        Err(CoreError::Invalid {
            field: "reason",
            ..
        })
    ));
    assert!(matches!(
        ext("2026-05-21", "Veel systemen"),
        Err(CoreError::Invalid { field: "until", .. })
    ));
    assert!(matches!(
        ext("2026-03-19", "Veel systemen"),
        Err(CoreError::Invalid { field: "until", .. })
    ));
    let e = ext(
        "2026-05-20",
        "Gegevens in drie systemen; verzoek is omvangrijk",
    )
    .unwrap();
    assert_eq!(
        (e.deadline.as_str(), e.due_on.as_str()),
        ("2026-05-20", "2026-03-20")
    );
    // One extension only: a second is refused, the first stands.
    assert!(matches!(
        ext("2026-04-20", "Toch korter"),
        Err(CoreError::Invalid { field: "until", .. })
    ));
    assert_eq!(
        requests::get(&w.officer, r.id).unwrap().deadline,
        "2026-05-20"
    );
    // Past the first month an extension comes too late.
    w.fx.clock.advance(chrono::Duration::days(25));
    assert!(ext("2026-05-10", "Nog meer").is_err());
}

#[test]
fn handling_and_closing_a_request() {
    let w = world();
    let r = requests::file(&w.officer, &input(w.jan, RequestKind::Access, None)).unwrap();
    let started = requests::start(&w.officer, r.id).unwrap();
    assert_eq!(started.status, RequestStatus::InProgress);
    assert_eq!(started.handler_name.as_deref(), Some("Olga Officier"));
    let close = |status, outcome: &str| {
        requests::close(
            &w.officer,
            &CloseInput {
                id: r.id,
                status,
                outcome: outcome.into(),
            },
        )
    };
    assert!(close(RequestStatus::Completed, "").is_err());
    assert!(close(RequestStatus::InProgress, "x").is_err());
    let done = close(RequestStatus::Completed, "Inzage per post verstuurd").unwrap();
    assert_eq!(
        (done.status, done.urgency),
        (RequestStatus::Completed, Urgency::Closed)
    );
    assert!(done.closed_at.is_some());
    // A closed request is the record; it does not change any more.
    assert!(close(RequestStatus::Refused, "toch niet").is_err());
    assert!(requests::queue(&w.officer, false)
        .unwrap()
        .requests
        .is_empty());
    assert_eq!(requests::queue(&w.officer, true).unwrap().requests.len(), 1);
}

#[test]
fn bad_requests_and_other_roles_are_refused() {
    let w = world();
    // An unknown subject, a date in the future, "other" without saying what was checked.
    assert!(matches!(
        requests::file(&w.officer, &input(9_999, RequestKind::Access, None)),
        Err(CoreError::Invalid {
            field: "personId",
            ..
        })
    ));
    assert!(matches!(
        requests::file(
            &w.officer,
            &input(w.jan, RequestKind::Access, Some("2026-03-02"))
        ),
        Err(CoreError::Invalid {
            field: "receivedOn",
            ..
        })
    ));
    let mut other = input(w.jan, RequestKind::Objection, None);
    other.verification = Verification::Other;
    other.verification_note = None;
    assert!(matches!(
        requests::file(&w.officer, &other),
        Err(CoreError::Invalid {
            field: "verificationNote",
            ..
        })
    ));
    // Administrators manage the system, not the privacy work.
    assert!(matches!(
        requests::file(&w.admin, &input(w.jan, RequestKind::Access, None)),
        Err(CoreError::Denied)
    ));
    assert!(matches!(
        requests::queue(&w.admin, true),
        Err(CoreError::Denied)
    ));
}
