//! For random roles and random data: no response of any list, search, view, dashboard or
//! export contains a value of a category the caller may not view. Values are random and
//! distinctive, so finding one in a response (or an export file) is a leak.
mod common;

use common::*;
use kluis_core::access::{grantable, Action, Category};
use kluis_core::dto::crm::PersonQuery;
use kluis_core::dto::hr::EmployeeQuery;
use kluis_core::dto::{GrantDto, RoleInput};
use kluis_core::export::{self, ExportFormat, ExportSelection};
use kluis_core::hr;
use kluis_core::{crm, roles, user_admin, Session};
use proptest::prelude::*;
use serde_json::json;

fn from<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> T {
    serde_json::from_value(v).unwrap()
}

/// What a caller's responses were, as text, call by call (refusals leave nothing).
fn everything_seen(
    s: &Session,
    person: i64,
    org: i64,
    employee: i64,
    dir: &std::path::Path,
) -> Vec<(String, String)> {
    let mut seen = Vec::new();
    let mut add = |name: &str, v: Result<String, kluis_core::CoreError>| {
        if let Ok(text) = v {
            seen.push((name.to_string(), text));
        }
    };
    let js = |v: &dyn erased::Ser| v.json();
    let q = PersonQuery {
        limit: 100,
        ..Default::default()
    };
    add("persons list", crm::persons::list(s, &q).map(|v| js(&v)));
    add(
        "search",
        crm::search::search(s, "Klant", 50).map(|v| js(&v)),
    );
    add(
        "person view",
        crm::view::person_view(s, person).map(|v| js(&v)),
    );
    add(
        "organisation view",
        crm::organisations::view(s, org).map(|v| js(&v)),
    );
    add(
        "organisations list",
        crm::organisations::list(s, None, 50).map(|v| js(&v)),
    );
    add("deals board", crm::deals::board(s).map(|v| js(&v)));
    add("dashboard", crm::deals::dashboard(s).map(|v| js(&v)));
    add(
        "tasks",
        crm::deals::tasks(s, kluis_core::dto::crm::TaskFilter::All).map(|v| js(&v)),
    );
    add(
        "employees",
        hr::list(
            s,
            &EmployeeQuery {
                limit: 50,
                include_former: true,
                ..Default::default()
            },
        )
        .map(|v| js(&v)),
    );
    add("personnel file", hr::get(s, employee).map(|v| js(&v)));
    for (format, name) in [
        (ExportFormat::Csv, "out.csv"),
        (ExportFormat::Vcard, "out.vcf"),
    ] {
        let path = dir.join(name);
        let written = export::to_file(
            s,
            &ExportSelection {
                ids: None,
                filters: Some(q.clone()),
            },
            format,
            &path,
        )
        .map(|_| std::fs::read_to_string(&path).unwrap_or_default());
        add(name, written);
    }
    seen
}

/// Serialising any response to JSON text without naming its type.
mod erased {
    pub trait Ser {
        fn json(&self) -> String;
    }
    impl<T: serde::Serialize> Ser for T {
        fn json(&self) -> String {
            serde_json::to_string(self).unwrap()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]
    #[test]
    fn no_response_carries_a_category_the_caller_may_not_view(
        picks in proptest::collection::vec(any::<bool>(), grantable().len()),
        // Digits from disjoint sets, so neither figure can appear inside the other.
        amount in "[13]{7}",
        salary in "[24]{8}",
        word in "[A-Z][a-z]{6}",
    ) {
        let amount: i64 = amount.parse().unwrap();
        let salary: i64 = salary.parse().unwrap();
        let fx = Fixture::new();
        let v = fx.vault();
        let (mut admin, _) = fx.create(&v);
        // Data of every category, each value distinctive.
        let org = crm::organisations::create(&admin, &from(json!({ "name": "Klant Holding", "kvk": null, "vat": null,
            "website": null, "industry": null, "addresses": [] }))).unwrap().id;
        let person = crm::persons::create(&admin, &from(json!({ "givenName": "Klant", "tussenvoegsel": "",
            "familyName": format!("Naam{word}"), "salutation": null, "dateOfBirth": null, "organisationId": org,
            "jobTitle": null, "preferredLanguage": null, "source": null, "ownerId": null, "notes": null,
            "emails": [], "phones": [], "addresses": [], "tags": [] }))).unwrap().id;
        let stage = crm::pipeline::stages(&admin).unwrap()[0].id;
        let deal = crm::deals::create(&admin, &from(json!({ "title": "Deal", "personId": person,
            "organisationId": org, "stageId": stage, "amountCents": null, "currency": null,
            "probability": null, "expectedClose": null }))).unwrap().id;
        user_admin::add(&mut admin, &new_user("mia", "Mia", "management")).unwrap();
        user_admin::add(&mut admin, &new_user("hans", "Hans", "hr")).unwrap();
        let signed = |name: &str| signed_in(&v, name);
        let m = signed("mia");
        crm::deals::update(&m, deal, 1, &from(json!({ "title": "Deal", "personId": person, "organisationId": org,
            "stageId": stage, "amountCents": amount, "currency": "EUR", "probability": 50,
            "expectedClose": null }))).unwrap();
        drop(m);
        let h = signed("hans");
        let employee = hr::create(&h, &from(json!({ "givenName": format!("Mede{word}"), "tussenvoegsel": "",
            "familyName": "Werker", "email": null, "position": null, "department": null,
            "contractType": "permanent", "hoursPerWeek": null, "startDate": "2021-01-01", "endDate": null,
            "salaryCents": salary, "salaryCurrency": "EUR", "salaryPeriod": "month", "notes": null }))).unwrap().id;
        hr::add_absence(&h, employee, &from(json!({ "kind": "sick", "startDate": "2026-01-05",
            "endDate": null, "reason": format!("Ziekte{word}") }))).unwrap();
        drop(h);
        // The password changes above rotated the key: the administrator signs in again.
        let mut admin = again(&v);

        // A random role, held by a new user.
        let grants: Vec<GrantDto> = grantable().into_iter().zip(&picks).filter(|(_, p)| **p)
            .map(|(g, _)| GrantDto::from(g)).collect();
        let role = roles::create(&mut admin, &RoleInput { name: "Willekeurig".into(), grants }).unwrap();
        user_admin::add(&mut admin, &new_user("rik", "Rik", &role.key)).unwrap();
        drop(admin);
        let s = signed("rik");
        let r = s.rights().clone();
        let dir = tempfile::tempdir().unwrap();
        let forbidden: Vec<(Category, String)> = [
            (Category::Contact, format!("Naam{word}")),
            (Category::Sales, amount.to_string()),
            (Category::Hr, format!("Mede{word}")),
            (Category::Hr, salary.to_string()),
            (Category::Special, format!("Ziekte{word}")),
        ]
        .into_iter()
        .filter(|(c, _)| !r.allows(*c, Action::View))
        .collect();
        for (call, text) in everything_seen(&s, person, org, employee, dir.path()) {
            for (c, value) in &forbidden {
                prop_assert!(!text.contains(value.as_str()), "{call} leaked {} data", c.as_str());
            }
        }
    }
}
