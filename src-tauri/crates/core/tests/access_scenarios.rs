//! Roles as an office uses them: custom roles from the matrix, roles and the delete switch per
//! user, changes that take effect at once, and personnel files that only HR and management
//! reach (absence reasons only HR).
mod common;

use common::*;
use kluis_core::access::{Action, Category};
use kluis_core::dto::hr::*;
use kluis_core::dto::{GrantDto, RoleInput, UserAccessRequest};
use kluis_core::hr;
use kluis_core::{roles, user_admin, verify, CoreError, Session, SessionSlot};

fn grant(c: Category, a: Action) -> GrantDto {
    GrantDto {
        category: c,
        action: a,
    }
}

fn add_user(admin: &mut Session, username: &str, role: &str) -> i64 {
    user_admin::add(admin, &new_user(username, username, role))
        .unwrap()
        .id
}

fn employee(given: &str, family: &str) -> EmployeeInput {
    EmployeeInput {
        given_name: given.into(),
        tussenvoegsel: String::new(),
        family_name: family.into(),
        email: None,
        position: Some("Boekhouder".into()),
        department: None,
        contract_type: ContractType::Permanent,
        hours_per_week: Some(32),
        start_date: "2020-02-01".into(),
        end_date: None,
        salary_cents: Some(412_500),
        salary_currency: None,
        salary_period: SalaryPeriod::Month,
        notes: None,
    }
}

fn sick(reason: Option<&str>) -> AbsenceInput {
    AbsenceInput {
        kind: AbsenceKind::Sick,
        start_date: "2026-01-12".into(),
        end_date: Some("2026-01-14".into()),
        reason: reason.map(String::from),
    }
}

#[test]
fn custom_roles_are_built_from_grantable_pairs_and_built_in_ones_stay_fixed() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    let overview = roles::overview(&admin).unwrap();
    assert_eq!(overview.roles.iter().filter(|r| r.builtin).count(), 6);
    assert!(overview
        .grantable
        .contains(&grant(Category::Sales, Action::View)));
    assert!(!overview
        .grantable
        .contains(&grant(Category::Audit, Action::Create)));

    // A forged pair is refused, not dropped.
    let forged = RoleInput {
        name: "Assistent".into(),
        grants: vec![grant(Category::Audit, Action::Create)],
    };
    assert!(matches!(
        roles::create(&mut admin, &forged),
        Err(CoreError::Invalid {
            field: "grants",
            ..
        })
    ));
    let role = roles::create(
        &mut admin,
        &RoleInput {
            name: "Verkoopassistent".into(),
            grants: vec![
                grant(Category::Contact, Action::View),
                grant(Category::Sales, Action::View),
            ],
        },
    )
    .unwrap();
    assert!(role.key.starts_with("custom_"));
    assert_eq!(role.grants.len(), 2);
    // Names are unique, whatever the case.
    assert!(matches!(
        roles::create(
            &mut admin,
            &RoleInput {
                name: "verkoopassistent".into(),
                grants: vec![]
            }
        ),
        Err(CoreError::Invalid { field: "name", .. })
    ));
    // Built-in roles can be looked at, not changed or deleted.
    assert!(matches!(
        roles::update(
            &mut admin,
            "guest",
            &RoleInput {
                name: "Gast".into(),
                grants: vec![]
            }
        ),
        Err(CoreError::Invalid { field: "role", .. })
    ));
    assert!(roles::delete(&mut admin, "administrator").is_err());

    // A role someone holds cannot be deleted from under them.
    let kees = add_user(&mut admin, "kees", "guest");
    roles::set_user_access(
        &mut admin,
        kees,
        &UserAccessRequest {
            roles: vec![role.key.clone()],
            may_delete: None,
        },
    )
    .unwrap();
    assert!(roles::delete(&mut admin, &role.key).is_err());
    roles::set_user_access(
        &mut admin,
        kees,
        &UserAccessRequest {
            roles: vec!["guest".into()],
            may_delete: None,
        },
    )
    .unwrap();
    roles::delete(&mut admin, &role.key).unwrap();

    // Each change is in the audit trail with grant names, never anything personal.
    let trail = verify::audit_page(&admin, None, 50).unwrap();
    let actions: Vec<&str> = trail.iter().map(|r| r.action.as_str()).collect();
    for a in ["role.created", "role.deleted", "user.access_changed"] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
    let created = trail.iter().find(|r| r.action == "role.created").unwrap();
    assert!(created.details.contains("sales.view"));
}

#[test]
fn non_admins_cannot_touch_roles_and_forged_role_keys_are_refused() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    let piet = add_user(&mut admin, "piet", "user");
    drop(admin);
    let mut p = signed_in(&v, "piet");
    let mut admin = again(&v);
    // Piet tries to make himself administrator, straight at the core.
    let forged = UserAccessRequest {
        roles: vec!["administrator".into()],
        may_delete: Some(true),
    };
    assert!(matches!(
        roles::set_user_access(&mut p, piet, &forged),
        Err(CoreError::Denied)
    ));
    assert!(matches!(roles::overview(&p), Err(CoreError::Denied)));
    // A role key that does not exist is refused, and nothing changes.
    assert!(roles::set_user_access(
        &mut admin,
        piet,
        &UserAccessRequest {
            roles: vec!["superuser".into()],
            may_delete: None
        }
    )
    .is_err());
    let summary = user_admin::list(&admin)
        .unwrap()
        .into_iter()
        .find(|u| u.id == piet)
        .unwrap();
    assert_eq!(summary.roles, vec!["user".to_string()]);
    // The refusals were audited.
    let denied = verify::audit_page(&admin, None, 50)
        .unwrap()
        .into_iter()
        .filter(|r| r.action == "access.denied")
        .count();
    assert!(denied >= 2);
}

#[test]
fn the_last_administrator_cannot_be_taken_away() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    let me = admin.user_id();
    let only_user = UserAccessRequest {
        roles: vec!["user".into()],
        may_delete: None,
    };
    assert!(matches!(
        roles::set_user_access(&mut admin, me, &only_user),
        Err(CoreError::LastAdmin)
    ));
    // Nothing changed: Anna still manages users.
    assert!(admin.rights().allows(Category::Admin, Action::Manage));
    assert!(user_admin::list(&admin).is_ok());
}

#[test]
fn a_change_of_roles_takes_effect_in_an_open_session_at_once() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    let guest = add_user(&mut admin, "gast", "guest");
    drop(admin);
    drop(signed_in(&v, "gast"));
    let mut admin = again(&v);
    let mut slot = SessionSlot::default();
    slot.set(v.sign_in("gast", &pw(OWN_PW)).unwrap());
    let query = kluis_core::dto::crm::PersonQuery {
        limit: 10,
        ..Default::default()
    };
    assert!(slot
        .with(|s| kluis_core::crm::persons::list(s, &query))
        .is_ok());
    // The administrator takes every role away but HR (no contact data beyond viewing).
    roles::set_user_access(
        &mut admin,
        guest,
        &UserAccessRequest {
            roles: vec!["hr".into()],
            may_delete: None,
        },
    )
    .unwrap();
    // The guest's very next command already runs with the new rights: no restart.
    assert!(slot
        .with(|s| hr::list(
            s,
            &EmployeeQuery {
                limit: 10,
                ..Default::default()
            }
        ))
        .is_ok());
    let info = slot.with(|s| s.info()).unwrap();
    assert_eq!(info.roles, vec!["hr".to_string()]);
}

#[test]
fn the_delete_switch_decides_per_user() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    let person = kluis_core::crm::persons::create(
        &admin,
        &kluis_core::dto::crm::PersonInput {
            given_name: "Jan".into(),
            family_name: "Smit".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let piet = add_user(&mut admin, "piet", "user");
    drop(admin);
    let p = signed_in(&v, "piet");
    let mut admin = again(&v);
    assert!(matches!(
        kluis_core::crm::persons::delete(&p, person.id),
        Err(CoreError::Denied)
    ));
    drop(p);
    roles::set_user_access(
        &mut admin,
        piet,
        &UserAccessRequest {
            roles: vec!["user".into()],
            may_delete: Some(true),
        },
    )
    .unwrap();
    let p = v.sign_in("piet", &pw("zilveren-maan-boven-zee")).unwrap();
    kluis_core::crm::persons::delete(&p, person.id).unwrap();
}

#[test]
fn personnel_files_reach_hr_and_management_only_and_absence_reasons_hr_only() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    add_user(&mut admin, "hanna", "hr");
    add_user(&mut admin, "mark", "management");
    add_user(&mut admin, "piet", "user");
    drop(admin);
    // Hanna's first sign-in hands the personnel key on to Mark, who waits for it.
    let (admin, mut signed) = first_sign_ins(&v, &["hanna", "mark", "piet"]);
    let (p, m, h) = (
        signed.pop().unwrap(),
        signed.pop().unwrap(),
        signed.pop().unwrap(),
    );
    let e = hr::create(&h, &employee("Sanne", "Bakker")).unwrap();
    let file = hr::add_absence(&h, e.id, &sick(Some("Migraine"))).unwrap();
    assert_eq!(
        file.absences[0].reason,
        kluis_core::dto::crm::Guarded::Shown(Some("Migraine".into()))
    );
    drop(h);

    // Management sees the file and the salary, that Sanne was absent, but not why.
    let file = hr::get(&m, e.id).unwrap();
    assert_eq!(file.employee.salary.as_ref().unwrap().cents, 412_500);
    assert_eq!(
        file.absences[0].reason,
        kluis_core::dto::crm::Guarded::Redacted
    );
    assert!(matches!(
        hr::update(&m, e.id, e.version, &employee("Sanne", "Visser")),
        Err(CoreError::Denied)
    ));
    drop(m);

    // A user gets nothing: not the list, not the count, not the file.
    assert!(matches!(
        hr::list(
            &p,
            &EmployeeQuery {
                limit: 10,
                ..Default::default()
            }
        ),
        Err(CoreError::Denied)
    ));
    assert!(matches!(hr::get(&p, e.id), Err(CoreError::Denied)));
    drop(p);
    // Nor does the administrator (separation of duties).
    assert!(matches!(hr::get(&admin, e.id), Err(CoreError::Denied)));

    // Views are audited with who and which file; never a value.
    let trail = verify::audit_page(&admin, None, 100).unwrap();
    assert!(trail
        .iter()
        .any(|r| r.action == "hr.viewed" && r.entity_id.as_deref() == Some(&e.id.to_string())));
    assert!(trail.iter().any(|r| r.action == "special.viewed"));
    for r in &trail {
        assert!(!r.details.contains("Migraine") && !r.details.contains("412500"));
    }
}

#[test]
fn an_absence_reason_without_the_special_grant_is_refused_whole() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    // An office role that keeps personnel files but may not record health data.
    let clerk = roles::create(
        &mut admin,
        &RoleInput {
            name: "Personeelsadministratie".into(),
            grants: vec![
                grant(Category::Hr, Action::View),
                grant(Category::Hr, Action::Create),
                grant(Category::Hr, Action::Edit),
            ],
        },
    )
    .unwrap();
    add_user(&mut admin, "els", &clerk.key);
    let s = signed_in(&v, "els");
    let e = hr::create(&s, &employee("Bram", "Mulder")).unwrap();
    assert!(matches!(
        hr::add_absence(&s, e.id, &sick(Some("Rugklachten"))),
        Err(CoreError::Denied)
    ));
    // Nothing was stored; without a reason the absence is recorded and the reason is locked.
    let file = hr::add_absence(&s, e.id, &sick(None)).unwrap();
    assert_eq!(file.absences.len(), 1);
    assert_eq!(
        file.absences[0].reason,
        kluis_core::dto::crm::Guarded::Redacted
    );
}

#[test]
fn employee_input_is_checked_field_by_field() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    add_user(&mut admin, "hanna", "hr");
    let h = signed_in(&v, "hanna");
    let mut bad = employee("Sanne", "Bakker");
    bad.end_date = Some("2019-01-01".into());
    assert!(matches!(
        hr::create(&h, &bad),
        Err(CoreError::Invalid {
            field: "endDate",
            ..
        })
    ));
    let mut bad = employee("Sanne", "Bakker");
    bad.start_date = "1-2-2020".into();
    assert!(matches!(
        hr::create(&h, &bad),
        Err(CoreError::Invalid {
            field: "startDate",
            ..
        })
    ));
    let mut bad = employee("", "Bakker");
    bad.given_name = " ".into();
    assert!(matches!(
        hr::create(&h, &bad),
        Err(CoreError::Invalid {
            field: "givenName",
            ..
        })
    ));
    let page = hr::list(
        &h,
        &EmployeeQuery {
            limit: 10,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(page.total, 0);
}
