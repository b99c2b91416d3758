//! The breach register as the privacy officer keeps it: the 72-hour deadline counting from
//! discovery as the clock moves, notification recorded or reasoned away, and the CSV.
mod common;

use common::*;
use kluis_core::dto::privacy::BreachInput;
use kluis_core::privacy::breaches::{self, NotificationState};
use kluis_core::CoreError;

fn lost_laptop() -> BreachInput {
    BreachInput {
        title: "Laptop verloren in de trein".into(),
        discovered_at: Some("2026-03-01T08:00:00Z".into()),
        nature: "Een laptop met een kopie van de klantenlijst is verloren.".into(),
        categories: vec!["contact".into()],
        subjects_approx: 1_200,
        records_approx: 1_200,
        consequences: "Mogelijk phishing gericht op klanten.".into(),
        measures: "Apparaat op afstand gewist; wachtwoorden gewijzigd.".into(),
        authority_notified_at: None,
        authority_reference: None,
        authority_not_required: None,
        subjects_informed_at: None,
        subjects_not_informed: None,
    }
}

#[test]
fn the_72_hours_count_from_discovery_until_the_authority_is_told() {
    let fx = Fixture::new();
    let (admin, s) = with_privacy_officer(&fx);
    // The clock stands at 2026-03-01 09:00; discovered an hour earlier.
    let b = breaches::create(&s, &lost_laptop()).unwrap();
    assert_eq!(b.deadline, "2026-03-04T08:00:00.000Z");
    assert_eq!(
        (b.hours_left, b.notification),
        (71, NotificationState::Pending)
    );
    // Privacy > Overview points at it, pending, then late.
    let overview = |s| kluis_core::privacy::dashboard::dashboard(s).unwrap();
    assert_eq!(
        (overview(&s).breaches_pending, overview(&s).breaches_late),
        (1, 0)
    );
    fx.clock.advance(chrono::Duration::hours(72));
    let late = breaches::get(&s, b.id).unwrap();
    assert_eq!(late.notification, NotificationState::Late);
    assert!(late.hours_left < 0);
    assert_eq!(
        (overview(&s).breaches_pending, overview(&s).breaches_late),
        (0, 1)
    );

    let mut told = lost_laptop();
    told.authority_notified_at = Some("2026-03-04T08:30:00Z".into());
    told.authority_reference = Some("AP-2026-123".into());
    told.subjects_not_informed = Some("De gegevens op de laptop waren versleuteld.".into());
    let b = breaches::update(&s, b.id, b.version, &told).unwrap();
    assert_eq!(b.notification, NotificationState::Done);

    // Told and "not required" at once, told before discovery, told in the future: refused.
    let mut both = told.clone();
    both.authority_not_required = Some("Geen risico".into());
    assert!(matches!(
        breaches::update(&s, b.id, b.version, &both),
        Err(CoreError::Invalid {
            field: "authorityNotRequired",
            ..
        })
    ));
    let mut early = told.clone();
    early.authority_notified_at = Some("2026-02-28T10:00:00Z".into());
    assert!(breaches::update(&s, b.id, b.version, &early).is_err());
    let mut future = told.clone();
    future.subjects_not_informed = None;
    future.subjects_informed_at = Some("2027-01-01".into());
    assert!(breaches::update(&s, b.id, b.version, &future).is_err());
    let mut nothing = lost_laptop();
    nothing.categories.clear();
    assert!(matches!(
        breaches::create(&s, &nothing),
        Err(CoreError::Invalid {
            field: "categories",
            ..
        })
    ));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("datalekken.csv");
    assert_eq!(breaches::export(&s, &out).unwrap(), 1);
    let csv = std::fs::read_to_string(&out).unwrap();
    assert!(csv.contains("AP-2026-123") && csv.contains("2026-03-04T08:00:00.000Z"));
    // Administrators run the system; the breach register is the privacy role's.
    assert!(matches!(breaches::list(&admin), Err(CoreError::Denied)));
}
