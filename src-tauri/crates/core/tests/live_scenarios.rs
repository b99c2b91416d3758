//! Live refresh (office mode): every committed change is announced once, as what changed and
//! never a value, and only to the sessions that may see it.
mod common;

use common::*;
use kluis_core::crm::persons;
use kluis_core::dto::consent::{RestrictionGround, RestrictionInput};
use kluis_core::dto::crm::PersonInput;
use kluis_core::live::{self, Topic};
use kluis_core::privacy::restriction;
use kluis_core::user_admin;

fn person(family: &str) -> PersonInput {
    PersonInput {
        given_name: "Greet".into(),
        family_name: family.into(),
        ..Default::default()
    }
}

#[test]
fn changes_are_announced_without_values_to_those_who_may_see_them() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    user_admin::add(&mut admin, &new_user("ulla", "Ulla User", "user")).unwrap();
    user_admin::add(&mut admin, &new_user("hans", "Hans HR", "hr")).unwrap();
    user_admin::add(
        &mut admin,
        &new_user("olga", "Olga Officier", "privacy_officer"),
    )
    .unwrap();
    drop(admin);
    let (admin, others) = first_sign_ins(&v, &["ulla", "hans", "olga"]);
    let [ulla, hans, olga] = [&others[0], &others[1], &others[2]];

    let start = live::latest(&v).unwrap();
    let p = persons::create(ulla, &person("Jansen")).unwrap();
    let (last, changes) = live::since(&v, start).unwrap();
    assert!(last > start);
    let c = changes
        .iter()
        .find(|c| c.change == "person.created")
        .expect("announced");
    assert_eq!(
        (c.topic, c.entity.as_deref(), c.id),
        (Topic::People, Some("person"), Some(p.id))
    );
    let wire = serde_json::to_string(c).unwrap();
    assert!(
        !wire.contains("Jansen") && !wire.contains("Greet"),
        "{wire}"
    );
    assert!(c.visible_to(ulla) && c.visible_to(&admin) && c.visible_to(hans));
    // Read again from where it stopped: nothing twice, nothing for a view.
    kluis_core::crm::view::person_view(&admin, p.id).unwrap();
    assert!(live::since(&v, last).unwrap().1.is_empty());

    // A personnel file: told to HR, not to staff.
    let e = kluis_core::hr::create(
        hans,
        &serde_json::from_value(kluis_core::testkit::employee_input("Piet", "Personeel")).unwrap(),
    )
    .unwrap();
    let (last, changes) = live::since(&v, last).unwrap();
    let c = changes.iter().find(|c| c.id == Some(e.id)).unwrap();
    assert_eq!(c.topic, Topic::Personnel);
    assert!(c.visible_to(hans) && !c.visible_to(ulla));

    // A restricted person's changes reach only those who see restricted people.
    restriction::restrict(
        olga,
        &RestrictionInput {
            person_id: p.id,
            ground: RestrictionGround::AccuracyContested,
            note: None,
        },
    )
    .unwrap();
    let (_, changes) = live::since(&v, last).unwrap();
    let c = changes
        .iter()
        .find(|c| c.change == "restriction.changed")
        .unwrap();
    assert!(c.visible_to(olga) && !c.visible_to(ulla));
}
