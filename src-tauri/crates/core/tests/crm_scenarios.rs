//! Customer files: people and organisations, search as a person types, paging.
mod common;

use common::*;
use kluis_core::crm::{organisations, persons, search};
use kluis_core::dto::crm::{
    AddressInput, ContactPointInput, OrganisationInput, PersonInput, PersonQuery, SearchKind,
};
use kluis_core::{user_admin, verify, CoreError, Session};

fn person(given: &str, tv: &str, family: &str) -> PersonInput {
    PersonInput {
        given_name: given.into(),
        tussenvoegsel: tv.into(),
        family_name: family.into(),
        ..Default::default()
    }
}

fn names(s: &Session, q: &str) -> Vec<String> {
    search::search(s, q, 20)
        .unwrap()
        .into_iter()
        .map(|h| h.title)
        .collect()
}

fn seed(s: &Session) {
    let org = organisations::create(
        s,
        &OrganisationInput {
            name: "Bakkerij Jansen".into(),
            kvk: Some("87654321".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let mut jan = person("Jan", "de", "Vries");
    jan.organisation_id = Some(org.id);
    persons::create(s, &jan).unwrap();
    let mut anna = person("Anna", "", "Müller");
    anna.emails = vec![ContactPointInput {
        label: Some("werk".into()),
        value: "anna.muller@voorbeeld.nl".into(),
        keep_unchecked: false,
    }];
    anna.phones = vec![ContactPointInput {
        label: None,
        value: "06-12345678".into(),
        keep_unchecked: false,
    }];
    persons::create(s, &anna).unwrap();
    persons::create(s, &person("Piet", "van der", "Berg")).unwrap();
    persons::create(s, &person("Eva", "", "Bakker")).unwrap();
}

#[test]
fn search_folds_diacritics_handles_tussenvoegsels_and_finds_fragments() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    seed(&s);
    assert_eq!(names(&s, "muller"), ["Anna Müller"]);
    assert_eq!(names(&s, "Müller"), ["Anna Müller"]);
    assert_eq!(names(&s, "vries"), ["Jan de Vries"]);
    assert_eq!(names(&s, "de vries"), ["Jan de Vries"]);
    assert_eq!(names(&s, "vri"), ["Jan de Vries"]);
    assert_eq!(names(&s, "berg"), ["Piet van der Berg"]);
    assert_eq!(names(&s, "van der berg"), ["Piet van der Berg"]);
    // E-mail and phone fragments.
    assert_eq!(names(&s, "anna.mul"), ["Anna Müller"]);
    assert_eq!(names(&s, "voorbeeld.nl"), ["Anna Müller"]);
    assert_eq!(names(&s, "0612"), ["Anna Müller"]);
    assert_eq!(names(&s, "12345678"), ["Anna Müller"]);
    assert_eq!(names(&s, "345678"), ["Anna Müller"]);
    assert_eq!(names(&s, "+31 6 1234"), ["Anna Müller"]);
    assert!(names(&s, "99345678").is_empty());
    assert_eq!(names(&s, "+31 6 1234"), ["Anna Müller"]);
    // Organisations are found, and people through their organisation; a name match ranks first.
    let hits = names(&s, "bakker");
    assert_eq!(hits[0], "Eva Bakker");
    assert!(hits.contains(&"Bakkerij Jansen".to_string()));
    assert!(hits.contains(&"Jan de Vries".to_string()));
    // Names with a word starting with what was typed, by that word (the exact word first),
    // then alphabetically by family name; two people, then an organisation.
    assert_eq!(
        names(&s, "b"),
        ["Eva Bakker", "Piet van der Berg", "Bakkerij Jansen"]
    );
    assert_eq!(names(&s, "jan"), ["Jan de Vries", "Bakkerij Jansen"]);
    assert_eq!(names(&s, "va"), ["Piet van der Berg"]);
    assert_eq!(names(&s, "piet v"), ["Piet van der Berg"]);
    assert_eq!(names(&s, "Mü"), ["Anna Müller"]);
    // Organisations are found by their KvK number too.
    assert_eq!(names(&s, "87654321"), ["Bakkerij Jansen"]);
    assert!(names(&s, "zzzz").is_empty());
    assert!(names(&s, "\" OR *").is_empty());
}

#[test]
fn edits_and_deletes_keep_search_in_step() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    let p = persons::create(&s, &person("Karel", "", "Appel")).unwrap();
    let mut edit = person("Karel", "", "Peer");
    edit.notes = Some("prefers calls in the morning".into());
    let after = persons::update(&s, p.id, p.version, &edit).unwrap();
    assert_eq!(after.display_name, "Karel Peer");
    assert!(names(&s, "appel").is_empty());
    assert_eq!(names(&s, "peer"), ["Karel Peer"]);
    // The audit trail names the changed fields, never their values.
    let row = verify::audit_page(&s, None, 5)
        .unwrap()
        .into_iter()
        .find(|r| r.action == "person.updated")
        .unwrap();
    assert!(row.details.contains("familyName") && row.details.contains("notes"));
    assert!(!row.details.contains("Peer") && !row.details.contains("morning"));
    persons::delete(&s, p.id).unwrap();
    assert!(names(&s, "peer").is_empty());
    assert!(matches!(persons::get(&s, p.id), Err(CoreError::NotFound)));
}

#[test]
fn contact_fields_are_validated_and_normalised() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    let mut p = person("Lotte", "", "Visser");
    p.emails = vec![ContactPointInput {
        label: None,
        value: "lotte@".into(),
        keep_unchecked: false,
    }];
    match persons::create(&s, &p) {
        Err(CoreError::Invalid { field, .. }) => assert_eq!(field, "emails"),
        other => panic!("{other:?}"),
    }
    p.emails = vec![ContactPointInput {
        label: None,
        value: "Lotte@Visser.NL".into(),
        keep_unchecked: false,
    }];
    p.phones = vec![ContactPointInput {
        label: None,
        value: "020 123 45 67".into(),
        keep_unchecked: false,
    }];
    p.addresses = vec![AddressInput {
        postcode: Some("1234ab".into()),
        city: Some("Amsterdam".into()),
        country: Some("nl".into()),
        ..Default::default()
    }];
    p.date_of_birth = Some("1985-06-30".into());
    let saved = persons::create(&s, &p).unwrap();
    assert_eq!(saved.emails[0].value, "Lotte@visser.nl");
    assert_eq!(saved.phones[0].value, "+31201234567");
    assert_eq!(saved.addresses[0].postcode.as_deref(), Some("1234 AB"));
    p.date_of_birth = Some("2030-01-01".into());
    assert!(matches!(
        persons::create(&s, &p),
        Err(CoreError::Invalid {
            field: "dateOfBirth",
            ..
        })
    ));
    assert!(matches!(
        persons::create(&s, &person("", "", "")),
        Err(CoreError::Invalid {
            field: "familyName",
            ..
        })
    ));
    p.date_of_birth = None;
    p.organisation_id = Some(999);
    assert!(matches!(
        persons::create(&s, &p),
        Err(CoreError::Invalid {
            field: "organisationId",
            ..
        })
    ));
}

#[test]
fn the_list_pages_by_keyset_in_family_name_order() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    let families = [
        "Zwart", "de Jong", "Appel", "Bakker", "Meijer", "Visser", "Smit", "Mulder", "Bos", "Vos",
        "Peters", "Hendriks",
    ];
    for (i, f) in families.iter().enumerate() {
        let (tv, fam) = f.split_once(" ").unwrap_or(("", f));
        persons::create(&s, &person(&format!("P{i}"), tv, fam)).unwrap();
    }
    let mut q = PersonQuery {
        limit: 5,
        ..Default::default()
    };
    let mut seen = Vec::new();
    let mut first = true;
    loop {
        let page = persons::list(&s, &q).unwrap();
        if first {
            assert_eq!(page.total, 12);
            first = false;
        }
        seen.extend(page.rows.iter().map(|r| r.display_name.clone()));
        match page.next_cursor {
            Some(c) => q.after = Some(c),
            None => break,
        }
    }
    assert_eq!(seen.len(), 12);
    // "de Jong" sorts under J, as in a Dutch address book.
    let order: Vec<&str> = seen.iter().map(|n| n.rsplit(' ').next().unwrap()).collect();
    assert_eq!(
        order,
        [
            "Appel", "Bakker", "Bos", "Hendriks", "Jong", "Meijer", "Mulder", "Peters", "Smit",
            "Visser", "Vos", "Zwart"
        ]
    );
}

#[test]
fn guests_read_but_cannot_write_customer_files() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    seed(&admin);
    user_admin::add(&mut admin, &new_user("gast", "Gerda Gast", "guest")).unwrap();
    admin.end(kluis_core::EndReason::SignOut);
    let mut g = v.sign_in("gast", &pw(USER_PW)).unwrap();
    kluis_core::account::change_password(&mut g, &pw(USER_PW), &pw("rode-kikker-zingt-hard"))
        .unwrap();
    assert_eq!(names(&g, "vries"), ["Jan de Vries"]);
    assert!(matches!(
        persons::create(&g, &person("X", "", "Y")),
        Err(CoreError::Denied)
    ));
    let id = persons::list(
        &g,
        &PersonQuery {
            limit: 1,
            ..Default::default()
        },
    )
    .unwrap()
    .rows[0]
        .id;
    assert!(matches!(
        persons::update(&g, id, 1, &person("X", "", "Y")),
        Err(CoreError::Denied)
    ));
    assert!(matches!(persons::delete(&g, id), Err(CoreError::Denied)));
}

#[test]
fn demo_data_is_deterministic_and_searchable() {
    let page = |n: u32| {
        let fx = Fixture::new();
        let v = fx.vault();
        let (s, _) = fx.create(&v);
        let r = kluis_core::demo::fill(&s, n).unwrap();
        assert_eq!(r.persons, n);
        assert!(r.organisations > 0 && r.timeline_entries > 0 && r.deals > 0);
        let rows = persons::list(
            &s,
            &PersonQuery {
                limit: 20,
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(rows.total, n as i64);
        // Every generated person is found by their own e-mail address.
        let first = persons::get(&s, rows.rows[0].id).unwrap();
        let hits = search::search(&s, &first.emails[0].value, 5).unwrap();
        assert_eq!(hits[0].id, first.id);
        // The generator writes the organisations' search rows last, all together: each is
        // found by its name and by its website.
        for org in organisations::list(&s, None, 100).unwrap().rows {
            let full = organisations::get(&s, org.id).unwrap();
            for q in [full.name.clone(), full.website.clone().unwrap()] {
                let hits = search::search(&s, &q, 50).unwrap();
                assert!(
                    hits.iter()
                        .any(|h| h.kind == SearchKind::Organisation && h.id == org.id),
                    "{q} not found"
                );
            }
        }
        assert!(verify::run(&s).unwrap().ok());
        rows.rows
            .into_iter()
            .map(|r| (r.display_name, r.email))
            .collect::<Vec<_>>()
    };
    assert_eq!(page(300), page(300));
}

/// Past the generator's search batch (people's search rows are written 5,000 at a time, the
/// organisations' at the end): people on both sides of the edge and in the last partial batch,
/// and every organisation, are found.
#[test]
fn a_demo_past_a_search_batch_is_searchable_throughout() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    let n = kluis_core::store::search_index::SEARCH_BATCH as u32 + 10;
    let r = kluis_core::demo::fill(&s, n).unwrap();
    assert_eq!(r.persons, n);
    let mut ids: Vec<i64> = Vec::new();
    let mut after = None;
    loop {
        let page = persons::list(
            &s,
            &PersonQuery {
                limit: 500,
                after,
                ..Default::default()
            },
        )
        .unwrap();
        ids.extend(page.rows.iter().map(|r| r.id));
        after = page.next_cursor;
        if after.is_none() {
            break;
        }
    }
    ids.sort();
    assert_eq!(ids.len(), n as usize);
    let edge = kluis_core::store::search_index::SEARCH_BATCH;
    for i in [0, edge - 1, edge, ids.len() - 1] {
        let p = persons::get(&s, ids[i]).unwrap();
        let hits = search::search(&s, &p.emails[0].value, 5).unwrap();
        assert_eq!(hits[0].id, p.id, "person {i}");
    }
    let mut cursor = None;
    let mut seen = 0;
    loop {
        let page = organisations::list(&s, cursor.as_deref(), 200).unwrap();
        for org in &page.rows {
            let hits = search::search(&s, &org.name, 50).unwrap();
            assert!(
                hits.iter()
                    .any(|h| h.kind == SearchKind::Organisation && h.id == org.id),
                "{} not found",
                org.name
            );
            seen += 1;
        }
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(seen, r.organisations);
    assert!(verify::run(&s).unwrap().ok());
}

#[test]
fn organisations_page_and_view() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    kluis_core::demo::fill(&s, 400).unwrap();
    let first = organisations::list(&s, None, 20).unwrap();
    assert_eq!(first.total, 50);
    let mut names: Vec<String> = first.rows.iter().map(|r| r.name.clone()).collect();
    let mut after = first.next_cursor;
    while let Some(c) = after {
        let page = organisations::list(&s, Some(&c), 20).unwrap();
        names.extend(page.rows.iter().map(|r| r.name.clone()));
        after = page.next_cursor;
    }
    assert_eq!(names.len(), 50);
    let busiest = first.rows.iter().max_by_key(|r| r.people).unwrap();
    let view = organisations::view(&s, busiest.id).unwrap();
    assert_eq!(view.people_total, busiest.people);
    assert!(view
        .people
        .iter()
        .all(|p| p.organisation_name.as_deref() == Some(busiest.name.as_str())));
}

/// An organisation is edited like a person: addresses checked the same way, its own timeline,
/// and a new name reaches its people's search rows in the same transaction.
#[test]
fn organisations_are_edited_with_addresses_and_a_timeline() {
    use kluis_core::dto::crm::{AddressInput, TimelineInput, TimelineKind};
    let fx = Fixture::new();
    let v = fx.vault();
    let (admin, _) = fx.create(&v);
    seed(&admin);
    let org = organisations::list(&admin, None, 10).unwrap().rows[0].id;
    let mut input = OrganisationInput {
        name: "Bakkerij Jansen & Zn.".into(),
        kvk: Some("87654321".into()),
        addresses: vec![AddressInput {
            street: Some("Dorpsstraat 1".into()),
            postcode: Some("1234ab".into()),
            city: Some("Utrecht".into()),
            country: Some("nl".into()),
            ..Default::default()
        }],
        ..Default::default()
    };
    let saved = organisations::update(&admin, org, 1, &input).unwrap();
    assert_eq!(saved.addresses[0].postcode.as_deref(), Some("1234 AB"));
    assert_eq!(saved.addresses[0].country.as_deref(), Some("NL"));
    // People are found under the organisation's new name.
    assert_eq!(names(&admin, "vries zn"), ["Jan de Vries"]);
    input.addresses[0].postcode = Some("12345".into());
    assert!(matches!(
        organisations::update(&admin, org, saved.version, &input),
        Err(CoreError::Invalid {
            field: "addresses",
            ..
        })
    ));
    let entry = organisations::add_timeline(
        &admin,
        org,
        &TimelineInput {
            kind: TimelineKind::Meeting,
            occurred_at: None,
            body: "Jaargesprek met de directie".into(),
        },
    )
    .unwrap();
    let view = organisations::view(&admin, org).unwrap();
    assert_eq!(view.timeline[0].id, entry.id);
    assert_eq!(view.organisation.name, "Bakkerij Jansen & Zn.");
}

/// Saved views live in the vault, per person: one colleague's views are not another's.
#[test]
fn saved_views_belong_to_one_person() {
    use kluis_core::crm::views::{self, ViewFilters};
    use kluis_core::dto::crm::PersonSort;
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    user_admin::add(&mut admin, &new_user("gast", "Gerda Gast", "guest")).unwrap();
    let filters = ViewFilters {
        sort: PersonSort::Created,
        descending: true,
        tag: Some("vip".into()),
        ..Default::default()
    };
    let saved = views::save(&admin, " Nieuwe VIP's ", &filters).unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].name, "Nieuwe VIP's");
    assert_eq!(saved[0].filters, filters);
    // Saving under the same name replaces it.
    let again = views::save(&admin, "Nieuwe VIP's", &ViewFilters::default()).unwrap();
    assert_eq!(again.len(), 1);
    assert_eq!(again[0].filters, ViewFilters::default());
    assert!(views::save(&admin, "  ", &filters).is_err());
    admin.end(kluis_core::EndReason::SignOut);

    let mut g = v.sign_in("gast", &pw(USER_PW)).unwrap();
    kluis_core::account::change_password(&mut g, &pw(USER_PW), &pw("rode-kikker-zingt-hard"))
        .unwrap();
    assert!(views::list(&g).unwrap().is_empty());
    views::delete(&g, "Nieuwe VIP's").unwrap();
    g.end(kluis_core::EndReason::SignOut);
    let admin = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    assert_eq!(views::list(&admin).unwrap().len(), 1);
}

fn living_at(given: &str, family: &str, street: &str, postcode: &str, city: &str) -> PersonInput {
    let mut p = person(given, "", family);
    p.addresses = vec![AddressInput {
        street: Some(street.into()),
        postcode: Some(postcode.into()),
        city: Some(city.into()),
        country: Some("NL".into()),
        ..Default::default()
    }];
    p
}

/// Staff search by place: city (with its everyday name), postcode (whole, compact or its
/// digits) and street, with diacritics folded and prefixes, ranked below names. Before: none
/// of these found anybody.
#[test]
fn people_are_found_by_city_postcode_and_street() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    persons::create(
        &s,
        &living_at(
            "Sanne",
            "Kuipers",
            "Hinthamerstraat 12",
            "5211 MR",
            "'s-Hertogenbosch",
        ),
    )
    .unwrap();
    persons::create(
        &s,
        &living_at("Daan", "Smits", "Keizersgracht 123", "1015AB", "Amsterdam"),
    )
    .unwrap();
    persons::create(
        &s,
        &living_at("Lieke", "Jansen", "Prinsengracht 7", "2513 AA", "Den Haag"),
    )
    .unwrap();
    persons::create(
        &s,
        &living_at("Jörg", "Weber", "Café Müllerstraße 3", "", "Düsseldorf"),
    )
    .unwrap();
    // A person called Bosch ranks above a person who lives in Den Bosch.
    persons::create(&s, &person("Bram", "", "Bosch")).unwrap();
    for (q, expected) in [
        ("hertogenbosch", vec!["Sanne Kuipers"]),
        ("den bosch", vec!["Sanne Kuipers"]),
        ("Den Bosch hinthamer", vec!["Sanne Kuipers"]),
        ("5211", vec!["Sanne Kuipers"]),
        ("1015", vec!["Daan Smits"]),
        ("1015ab", vec!["Daan Smits"]),
        ("1015 ab", vec!["Daan Smits"]),
        ("keizersgr", vec!["Daan Smits"]),
        ("amsterdam", vec!["Daan Smits"]),
        ("s-gravenhage", vec!["Lieke Jansen"]),
        ("den haag", vec!["Lieke Jansen"]),
        ("mullerstr", vec!["Jörg Weber"]),
        ("dusseldorf", vec!["Jörg Weber"]),
        ("düsseld", vec!["Jörg Weber"]),
        ("bosch", vec!["Bram Bosch", "Sanne Kuipers"]),
    ] {
        assert_eq!(names(&s, q), expected, "{q}");
    }
    // An address change moves the person in the index; so does a new one in the form.
    let daan = search::search(&s, "daan", 1).unwrap()[0].id;
    let mut input = living_at("Daan", "Smits", "Oudegracht 1", "3511 AA", "Utrecht");
    input.addresses[0].label = Some("thuis".into());
    persons::update(&s, daan, 1, &input).unwrap();
    assert!(names(&s, "keizersgr").is_empty());
    assert_eq!(names(&s, "utrecht"), ["Daan Smits"]);
    // Organisations are found by their place too.
    organisations::create(
        &s,
        &OrganisationInput {
            name: "Drukkerij Noord".into(),
            addresses: vec![AddressInput {
                street: Some("Industrieweg 4".into()),
                postcode: Some("9723 AB".into()),
                city: Some("Groningen".into()),
                country: Some("NL".into()),
                ..Default::default()
            }],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(names(&s, "groningen"), ["Drukkerij Noord"]);
    assert_eq!(names(&s, "9723"), ["Drukkerij Noord"]);
}

/// "de vr" in a vault where many organisations are called "... De Vries ...": the people called
/// de Vries are not pushed below them, and both kinds show in the first screenful. Before: ten
/// organisations came first.
#[test]
fn people_named_as_typed_rank_with_organisations_that_hold_the_name() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    for i in 0..12 {
        organisations::create(
            &s,
            &OrganisationInput {
                name: format!("Aannemer De Vries {i}"),
                ..Default::default()
            },
        )
        .unwrap();
    }
    for given in ["Jan", "Piet", "Sanne", "Bram", "Eva", "Noor"] {
        persons::create(&s, &person(given, "de", "Vries")).unwrap();
    }
    for q in ["de vr", "vries", "de vries"] {
        let hits = search::search(&s, q, 15).unwrap();
        assert_eq!(hits.len(), 15, "{q}");
        assert_eq!(hits[0].kind, SearchKind::Person, "{q}: {hits:?}");
        let first_screen = &hits[..6];
        assert!(
            first_screen
                .iter()
                .any(|h| h.kind == SearchKind::Organisation),
            "{q}: {hits:?}"
        );
        assert_eq!(
            hits.iter().filter(|h| h.kind == SearchKind::Person).count(),
            6,
            "{q}: every de Vries is listed"
        );
    }
}

/// A name with an emoji or symbols sorts by its letters: the smiley does not file the person
/// under "G" (for its English name "grinning face"), and searching by the letters still works.
#[test]
fn emoji_and_symbols_do_not_change_where_a_name_sorts() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    persons::create(&s, &person("Anna", "", "Zwart 😀")).unwrap();
    persons::create(&s, &person("Gijs", "", "Groen")).unwrap();
    persons::create(&s, &person("Bas ★", "", "Bakker")).unwrap();
    persons::create(&s, &person("Olga", "", "O'Brien")).unwrap();
    let page = persons::list(
        &s,
        &PersonQuery {
            limit: 10,
            ..Default::default()
        },
    )
    .unwrap();
    let order: Vec<&str> = page.rows.iter().map(|r| r.display_name.as_str()).collect();
    assert_eq!(
        order,
        [
            "Bas ★ Bakker",
            "Gijs Groen",
            "Olga O'Brien",
            "Anna Zwart 😀"
        ]
    );
    assert_eq!(names(&s, "zwart"), ["Anna Zwart 😀"]);
    assert_eq!(names(&s, "obrien"), ["Olga O'Brien"]);
    assert_eq!(names(&s, "o'brien"), ["Olga O'Brien"]);
    assert!(names(&s, "grinning").is_empty());
}

/// The list shows each person's first e-mail address and phone number, kept with the person
/// (migration 27) through every change to their contact points.
#[test]
fn the_list_shows_the_first_address_and_number_after_every_change() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    let point = |value: &str| ContactPointInput {
        label: None,
        value: value.into(),
        keep_unchecked: false,
    };
    let mut input = person("Mila", "", "Bos");
    input.emails = vec![point("mila@werk.nl"), point("mila@thuis.nl")];
    input.phones = vec![point("06-11111111")];
    let id = persons::create(&s, &input).unwrap().id;
    let row = |s: &Session| {
        let page = persons::list(
            s,
            &PersonQuery {
                limit: 10,
                ..Default::default()
            },
        )
        .unwrap();
        let r = page.rows.into_iter().find(|r| r.id == id).unwrap();
        (r.email, r.phone)
    };
    assert_eq!(
        row(&s),
        (Some("mila@werk.nl".into()), Some("+31611111111".into()))
    );
    input.emails.reverse();
    input.phones = vec![];
    persons::update(&s, id, persons::get(&s, id).unwrap().version, &input).unwrap();
    assert_eq!(row(&s), (Some("mila@thuis.nl".into()), None));
    input.emails = vec![];
    input.phones = vec![point("+45 12345678")];
    input.phones[0].keep_unchecked = true;
    persons::update(&s, id, persons::get(&s, id).unwrap().version, &input).unwrap();
    assert_eq!(row(&s), (None, Some("+45 12345678".into())));
}

/// A list that jumps (the scroll bar dragged far down) asks for a page by position; it is the
/// same page the cursors reach, with the same rights and filters.
#[test]
fn a_page_by_position_is_the_page_the_cursors_reach() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    // Pairs share a family name: the id orders within one.
    for i in 0..23 {
        persons::create(
            &s,
            &person(&format!("P{i}"), "", &format!("Familie{:02}", (22 - i) / 2)),
        )
        .unwrap();
    }
    for descending in [false, true] {
        let mut walked = Vec::new();
        let mut q = PersonQuery {
            limit: 5,
            descending,
            ..Default::default()
        };
        loop {
            let page = persons::list(&s, &q).unwrap();
            walked.push(page.rows.iter().map(|r| r.id).collect::<Vec<_>>());
            match page.next_cursor {
                Some(c) => q.after = Some(c),
                None => break,
            }
        }
        assert_eq!(walked.concat().len(), 23);
        for (n, expected) in walked.iter().enumerate() {
            let page = persons::list(
                &s,
                &PersonQuery {
                    limit: 5,
                    descending,
                    offset: Some(n as u32 * 5),
                    ..Default::default()
                },
            )
            .unwrap();
            assert_eq!(
                &page.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
                expected
            );
            assert_eq!(page.next_cursor.is_some(), n + 1 < walked.len());
        }
        // Past the end: an empty page.
        let past = persons::list(
            &s,
            &PersonQuery {
                limit: 5,
                descending,
                offset: Some(40),
                ..Default::default()
            },
        )
        .unwrap();
        assert!(past.rows.is_empty() && past.next_cursor.is_none());
    }
}

/// Office mode: two people have the same person open. The second save, made from the version
/// both opened, is refused naming who saved first and when, and changes nothing; saving over it
/// on purpose names the version it is at now. A board shown before a move does not move it back.
#[test]
fn a_save_from_a_stale_version_is_refused_and_changes_nothing() {
    use kluis_core::crm::{deals, pipeline};
    use kluis_core::dto::crm::DealInput;
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    user_admin::add(&mut admin, &new_user("ulla", "Ulla User", "user")).unwrap();
    let ulla = signed_in(&v, "ulla");
    let p = persons::create(&admin, &person("Karel", "", "Appel")).unwrap();

    let first = persons::update(&ulla, p.id, p.version, &person("Karel", "", "Peer")).unwrap();
    assert_eq!(first.version, p.version + 1);
    match persons::update(&admin, p.id, p.version, &person("Karel", "", "Appelboom")) {
        Err(CoreError::Conflict(c)) => {
            assert_eq!(c.changed_by.as_deref(), Some("Ulla User"));
            assert_eq!(
                (c.version, c.changed_at.as_str()),
                (first.version, first.updated_at.as_str())
            );
        }
        other => panic!("a stale save must be refused as a conflict, got {other:?}"),
    }
    let now = persons::get(&admin, p.id).unwrap();
    assert_eq!(
        (now.family_name.as_str(), now.version),
        ("Peer", first.version)
    );
    assert_eq!(names(&admin, "appelboom"), Vec::<String>::new());
    let over = persons::update(
        &admin,
        p.id,
        first.version,
        &person("Karel", "", "Appelboom"),
    )
    .unwrap();
    assert_eq!(
        (over.family_name.as_str(), over.version),
        ("Appelboom", first.version + 1)
    );

    // The same for organisations and the deals board.
    let org = organisations::create(
        &admin,
        &OrganisationInput {
            name: "Acme".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let renamed = OrganisationInput {
        name: "Acme BV".into(),
        ..Default::default()
    };
    organisations::update(&ulla, org.id, org.version, &renamed).unwrap();
    assert!(matches!(
        organisations::update(&admin, org.id, org.version, &renamed),
        Err(CoreError::Conflict(_))
    ));
    let stages = pipeline::stages(&admin).unwrap();
    let deal = deals::create(
        &admin,
        &DealInput {
            title: "Ovens".into(),
            stage_id: stages[0].id,
            ..Default::default()
        },
    )
    .unwrap();
    let moved = deals::move_to(&ulla, deal.id, deal.version, stages[1].id, None).unwrap();
    assert!(matches!(
        deals::move_to(&admin, deal.id, deal.version, stages[0].id, None),
        Err(CoreError::Conflict(_))
    ));
    assert!(matches!(
        deals::update(
            &admin,
            deal.id,
            deal.version,
            &DealInput {
                title: "Ovens 2".into(),
                stage_id: stages[0].id,
                ..Default::default()
            }
        ),
        Err(CoreError::Conflict(_))
    ));
    assert_eq!(
        deals::board(&admin)
            .unwrap()
            .deals
            .iter()
            .find(|c| c.id == deal.id)
            .unwrap()
            .stage_id,
        moved.stage_id
    );
    // A record that is gone is not a conflict.
    persons::delete(&admin, p.id).unwrap();
    assert!(matches!(
        persons::update(&admin, p.id, over.version, &person("X", "", "Y")),
        Err(CoreError::NotFound)
    ));
}
