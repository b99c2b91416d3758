//! CSV import as an office uses it: Excel's semicolon CSV in Windows-1252, a mapping, a row
//! report, all-or-nothing or valid rows only, cancelling.
mod common;

use common::*;
use kluis_core::crm::{persons, search};
use kluis_core::dto::crm::PersonQuery;
use kluis_core::import::{self, mapping::ImportField, ImportMode, ImportOptions};
use proptest::prelude::*;
use std::sync::atomic::AtomicBool;

const GOOD: &[u8] =
    b"Voornaam;Tussenvoegsel;Achternaam;E-mailadres;Telefoon;Bedrijf;Postcode;Woonplaats\r\n\
Jan;de;Vries;jan@devries.nl;06-12345678;Bakkerij Jansen;1234 AB;Utrecht\r\n\
Anna;;M\xfcller;anna@muller.de;+49 30 1234567;Bakkerij Jansen;;Berlin\r\n\
Piet;van der;Berg;piet@berg.nl;;;;\r\n";

const ONE_BAD: &[u8] = b"Naam;E-mail\r\nJan de Vries;jan@devries.nl\r\nKees Klaas;not-an-email\r\nLotte Visser;lotte@visser.nl\r\n";

/// Imports every row or none, with no progress shown and no cancel.
fn import_all(
    s: &kluis_core::Session,
    bytes: &[u8],
    mapping: &[Option<import::mapping::ImportField>],
) -> import::ImportReport {
    import::run(
        s,
        bytes,
        mapping,
        ImportMode::AllOrNothing,
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

fn count(s: &kluis_core::Session) -> i64 {
    persons::list(
        s,
        &PersonQuery {
            limit: 1,
            ..Default::default()
        },
    )
    .unwrap()
    .total
}

#[test]
fn excel_semicolon_csv_imports_with_the_suggested_mapping() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    let pv = import::preview(GOOD).unwrap();
    assert_eq!(pv.delimiter, ";");
    assert_eq!(pv.rows, 3);
    assert_eq!(pv.mapping[5], Some(ImportField::Organisation));
    let mut calls = 0;
    let r = import::run(
        &s,
        GOOD,
        &pv.mapping,
        ImportMode::AllOrNothing,
        &mut |_, _| calls += 1,
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(r.committed, "{r:?}");
    assert_eq!(r.imported, 3);
    assert!(calls > 0);
    assert_eq!(count(&s), 3);
    // Windows-1252 was decoded; the organisation was created once and linked twice.
    let hits = search::search(&s, "muller", 5).unwrap();
    assert_eq!(hits[0].title, "Anna Müller");
    let anna = persons::get(&s, hits[0].id).unwrap();
    assert_eq!(anna.phones[0].value, "+49301234567");
    assert_eq!(anna.organisation_name.as_deref(), Some("Bakkerij Jansen"));
    let orgs: Vec<_> = search::search(&s, "bakkerij", 10)
        .unwrap()
        .into_iter()
        .filter(|h| h.subtitle.is_none() || h.title == "Bakkerij Jansen")
        .collect();
    assert_eq!(
        orgs.iter().filter(|h| h.title == "Bakkerij Jansen").count(),
        1
    );
}

/// With strict fields (the option that refuses a row for one bad field), one bad row stops the
/// whole file unless the valid rows are wanted.
#[test]
fn one_bad_row_stops_everything_unless_valid_rows_are_wanted() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    let pv = import::preview(ONE_BAD).unwrap();
    let strict = |mode| ImportOptions {
        mode,
        strict_fields: true,
    };
    let r = import::run(
        &s,
        ONE_BAD,
        &pv.mapping,
        strict(ImportMode::AllOrNothing),
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(!r.committed);
    assert_eq!(r.imported, 0);
    assert_eq!(r.refused, 1);
    assert_eq!(r.problems[0].line, 3);
    assert_eq!(r.problems[0].column.as_deref(), Some("E-mail"));
    assert_eq!(r.problems[0].reason, "invalid_format");
    assert_eq!(count(&s), 0, "nothing may be committed");
    let r = import::run(
        &s,
        ONE_BAD,
        &pv.mapping,
        strict(ImportMode::ValidOnly),
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(r.committed);
    assert_eq!((r.imported, r.refused), (2, 1));
    assert_eq!(count(&s), 2);
}

/// A real address list: a Danish number the numbering plan does not know, a broken e-mail
/// address, a Dutch postcode with a typo, a date of birth in the future. Every person is
/// imported with what is right; the number is kept as typed and marked "not checked"; each
/// field not taken as given is in the report, by line and column. Before: each of these rows
/// was refused whole, with its name, e-mail and city.
#[test]
fn one_bad_field_keeps_the_person_and_is_reported_per_field() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    let csv = "Naam;E-mail;Telefoon;Postcode;Woonplaats;Land;Geboortedatum\r\n\
Mette Hansen;mette@hansen.dk;+45 12345678;;K\u{f8}benhavn;DK;\r\n\
Kees Klaas;not-an-email;06-12345678;1234 AB;Utrecht;NL;\r\n\
Lotte Visser;lotte@visser.nl;;12345;Amsterdam;NL;01-01-2990\r\n\
;nobody@example.nl;;;;;\r\n";
    let pv = import::preview(csv.as_bytes()).unwrap();
    let r = import_all(&s, csv.as_bytes(), &pv.mapping);
    // The last line has no name: that row alone is refused, and all-or-nothing then keeps
    // nothing. With the valid rows wanted, the three people are in.
    assert!(!r.committed);
    assert_eq!((r.refused, r.problems[0].line), (1, 5));
    let r = import::run(
        &s,
        csv.as_bytes(),
        &pv.mapping,
        ImportMode::ValidOnly,
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(r.committed, "{r:?}");
    assert_eq!((r.imported, r.refused, r.noted), (3, 1, 4), "{r:?}");
    let noted: Vec<(usize, Option<&str>, &str, bool)> = r
        .notes
        .iter()
        .map(|n| {
            (
                n.line,
                n.column.as_deref(),
                n.field.as_str(),
                n.kept_as_typed,
            )
        })
        .collect();
    assert_eq!(
        noted,
        [
            (2, Some("Telefoon"), "phones", true),
            (3, Some("E-mail"), "emails", false),
            (4, Some("Geboortedatum"), "dateOfBirth", false),
            (4, Some("Postcode"), "postcode", false),
        ]
    );
    let mette = persons::get(&s, search::search(&s, "mette", 5).unwrap()[0].id).unwrap();
    assert_eq!(mette.emails[0].value, "mette@hansen.dk");
    assert_eq!(mette.phones[0].value, "+45 12345678");
    assert!(
        mette.phones[0].unchecked,
        "kept as typed, marked not checked"
    );
    assert_eq!(mette.addresses[0].city.as_deref(), Some("K\u{f8}benhavn"));
    let kees = persons::get(&s, search::search(&s, "kees", 5).unwrap()[0].id).unwrap();
    assert!(kees.emails.is_empty());
    assert_eq!(kees.phones[0].value, "+31612345678");
    assert!(!kees.phones[0].unchecked);
    let lotte = persons::get(&s, search::search(&s, "lotte", 5).unwrap()[0].id).unwrap();
    assert_eq!(lotte.addresses[0].postcode, None);
    assert_eq!(lotte.addresses[0].city.as_deref(), Some("Amsterdam"));
    assert_eq!(lotte.date_of_birth, None);
    // The number as typed is found by its digits, like a checked one.
    let hits = search::search(&s, "12345678", 5).unwrap();
    assert!(hits.iter().any(|h| h.id == mette.id), "{hits:?}");
}

/// The form: a number that cannot be checked is refused until the person confirms it; then
/// it is saved as typed and marked.
#[test]
fn the_form_saves_an_unverifiable_number_once_confirmed() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    let mut input = kluis_core::dto::crm::PersonInput {
        given_name: "Mette".into(),
        family_name: "Hansen".into(),
        phones: vec![kluis_core::dto::crm::ContactPointInput {
            label: None,
            value: "+45 12345678".into(),
            keep_unchecked: false,
        }],
        ..Default::default()
    };
    match persons::create(&s, &input) {
        Err(kluis_core::CoreError::Invalid { field, .. }) => assert_eq!(field, "phones"),
        other => panic!("expected the phone to be refused, got {other:?}"),
    }
    input.phones[0].keep_unchecked = true;
    let p = persons::create(&s, &input).unwrap();
    assert_eq!(p.phones[0].value, "+45 12345678");
    assert!(p.phones[0].unchecked);
    // A number that does check is normalised whatever the flag says.
    input.phones[0].value = "06-12345678".into();
    let p = persons::update(&s, p.id, p.version, &input).unwrap();
    assert_eq!(p.phones[0].value, "+31612345678");
    assert!(!p.phones[0].unchecked);
}

#[test]
fn cancelling_leaves_nothing_behind() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    let mut csv = String::from("first,last\n");
    for i in 0..2000 {
        csv.push_str(&format!("Naam{i},Achter{i}\n"));
    }
    let pv = import::preview(csv.as_bytes()).unwrap();
    let cancel = AtomicBool::new(false);
    let r = import::run(
        &s,
        csv.as_bytes(),
        &pv.mapping,
        ImportMode::AllOrNothing,
        &mut |done, _| {
            if done >= 1000 {
                cancel.store(true, std::sync::atomic::Ordering::Relaxed);
            }
        },
        &cancel,
    )
    .unwrap();
    assert!(r.cancelled && !r.committed);
    assert_eq!(count(&s), 0);
    assert!(search::search(&s, "naam1", 5).unwrap().is_empty());
}

#[test]
fn ragged_rows_and_a_missing_name_column_are_reported() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    let csv = b"first,last,email\nAnna,Jansen,anna@x.nl\nBob,Bakker\n\"Unclosed,quote,x@y.nl\n";
    let pv = import::preview(csv).unwrap();
    let r = import::run(
        &s,
        csv,
        &pv.mapping,
        ImportMode::ValidOnly,
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(r.imported, 1);
    assert!(
        r.problems
            .iter()
            .any(|p| p.line == 3 && p.reason == "ragged_row"),
        "{:?}",
        r.problems
    );
    let only_email = vec![None, None, Some(ImportField::Email)];
    assert!(matches!(
        import::run(
            &s,
            csv,
            &only_email,
            ImportMode::ValidOnly,
            &mut |_, _| {},
            &AtomicBool::new(false)
        ),
        Err(kluis_core::CoreError::Invalid {
            field: "mapping",
            ..
        })
    ));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    /// Whatever the bytes: no panic, and with all-or-nothing either every data row went in or none.
    #[test]
    fn junk_never_half_imports(body in proptest::collection::vec(any::<u8>(), 0..600)) {
        let fx = Fixture::new();
        let v = fx.vault();
        let (s, _) = fx.create(&v);
        let mut bytes = b"first;last;email\n".to_vec();
        bytes.extend_from_slice(&body);
        let pv = import::preview(&bytes).unwrap();
        let map = vec![Some(ImportField::GivenName), Some(ImportField::FamilyName), Some(ImportField::Email)];
        if pv.headers.len() == 3 {
            let r = import::run(&s, &bytes, &map, ImportMode::AllOrNothing, &mut |_, _| {}, &AtomicBool::new(false)).unwrap();
            let n = count(&s) as usize;
            prop_assert!(n == 0 || (r.committed && n == r.rows && r.refused == 0));
        }
    }
}

#[test]
fn an_export_re_imports_into_another_vault_unchanged() {
    use kluis_core::export::{self, ExportFormat, ExportSelection};
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    kluis_core::demo::fill(&s, 60).unwrap();
    let out = fx.dir.path().join("export.csv");
    assert_eq!(
        export::to_file(&s, &ExportSelection::default(), ExportFormat::Csv, &out).unwrap(),
        60
    );
    let bytes = std::fs::read(&out).unwrap();

    let fx2 = Fixture::new();
    let v2 = fx2.vault();
    let (s2, _) = fx2.create(&v2);
    let pv = import::preview(&bytes).unwrap();
    let r = import_all(&s2, &bytes, &pv.mapping);
    assert!(r.committed, "{:?}", r.problems);
    assert_eq!(r.imported, 60);
    assert_eq!(first_person_key(&s), first_person_key(&s2));

    // vCard 4.0 of a selection.
    let vcf = fx.dir.path().join("one.vcf");
    let id = persons::list(
        &s,
        &PersonQuery {
            limit: 1,
            ..Default::default()
        },
    )
    .unwrap()
    .rows[0]
        .id;
    let sel = ExportSelection {
        ids: Some(vec![id]),
        filters: None,
    };
    assert_eq!(
        export::to_file(&s, &sel, ExportFormat::Vcard, &vcf).unwrap(),
        1
    );
    let card = std::fs::read_to_string(&vcf).unwrap();
    assert!(card.starts_with("BEGIN:VCARD\r\nVERSION:4.0\r\n"));
    assert!(card.contains("TEL;VALUE=uri:tel:+316"));
}

#[test]
fn guests_cannot_export() {
    use kluis_core::export::{self, ExportFormat, ExportSelection};
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    kluis_core::user_admin::add(&mut admin, &new_user("gast", "Gerda Gast", "guest")).unwrap();
    admin.end(kluis_core::EndReason::SignOut);
    let mut g = v.sign_in("gast", &pw(USER_PW)).unwrap();
    kluis_core::account::change_password(&mut g, &pw(USER_PW), &pw("rode-kikker-zingt-hard"))
        .unwrap();
    let out = fx.dir.path().join("x.csv");
    assert!(matches!(
        export::to_file(&g, &ExportSelection::default(), ExportFormat::Csv, &out),
        Err(kluis_core::CoreError::Denied)
    ));
    assert!(!out.exists());
}

#[test]
fn a_vcard_export_re_imports_into_another_vault() {
    use kluis_core::export::{self, ExportFormat, ExportSelection};
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    kluis_core::demo::fill(&s, 40).unwrap();
    let out = fx.dir.path().join("all.vcf");
    export::to_file(&s, &ExportSelection::default(), ExportFormat::Vcard, &out).unwrap();
    let fx2 = Fixture::new();
    let v2 = fx2.vault();
    let (s2, _) = fx2.create(&v2);
    let r = import::run_vcard(
        &s2,
        &std::fs::read(&out).unwrap(),
        ImportMode::AllOrNothing,
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(r.committed, "{:?}", r.problems);
    assert_eq!(r.imported, 40);
    assert_eq!(first_person_key(&s), first_person_key(&s2));
    assert_eq!(
        first_person(&s).date_of_birth,
        first_person(&s2).date_of_birth
    );
}

/// The first person in family-name order.
fn first_person(s: &kluis_core::Session) -> kluis_core::dto::crm::Person {
    let q = PersonQuery {
        limit: 1,
        ..Default::default()
    };
    let id = persons::list(s, &q).unwrap().rows[0].id;
    persons::get(s, id).unwrap()
}

/// What a round trip through an export must keep of that person.
type PersonKey = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Vec<String>,
);

fn first_person_key(s: &kluis_core::Session) -> PersonKey {
    let p = first_person(s);
    (
        p.display_name,
        p.emails[0].value.clone(),
        p.phones[0].value.clone(),
        p.organisation_name,
        p.addresses[0].postcode.clone(),
        p.tags,
    )
}

/// The app's path: the picked file is staged for the mapping screen, then imported. A staged
/// file answers only to the person who staged it, and only someone who may create contacts can
/// stage one at all.
#[test]
fn a_staged_file_belongs_to_who_staged_it() {
    use import::staged::{self, ImportFormat};
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    kluis_core::user_admin::add(&mut admin, &new_user("gast", "Gast", "guest")).unwrap();
    kluis_core::user_admin::add(&mut admin, &new_user("jan", "Jan", "user")).unwrap();

    let (file, info) = staged::stage(&admin, GOOD.to_vec()).unwrap();
    assert_eq!(info.format, ImportFormat::Csv);
    assert_eq!(info.records, 3);
    let map = info.preview.unwrap().mapping;
    admin.end(kluis_core::EndReason::SignOut);

    let jan = signed_in(&v, "jan");
    let err = staged::run_staged(
        &jan,
        &file,
        &map,
        ImportMode::AllOrNothing,
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap_err();
    assert!(matches!(err, kluis_core::CoreError::NotFound), "{err:?}");
    assert_eq!(count(&jan), 0);
    jan.end(kluis_core::EndReason::SignOut);

    let guest = signed_in(&v, "gast");
    let err = staged::stage(&guest, GOOD.to_vec()).unwrap_err();
    assert!(matches!(err, kluis_core::CoreError::Denied), "{err:?}");
    guest.end(kluis_core::EndReason::SignOut);

    let vcf = b"BEGIN:VCARD\r\nVERSION:4.0\r\nN:Vries;Jan;de;;\r\nFN:Jan de Vries\r\nEND:VCARD\r\n";
    let admin = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    let (file, info) = staged::stage(&admin, vcf.to_vec()).unwrap();
    assert_eq!(info.format, ImportFormat::Vcard);
    assert_eq!(info.records, 1);
    let r = staged::run_staged(
        &admin,
        &file,
        &[],
        ImportMode::AllOrNothing,
        &mut |_, _| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(r.committed && r.imported == 1, "{r:?}");
}

#[test]
fn the_benchmark_address_list_imports_cleanly_and_its_companies_are_found() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    let csv = kluis_core::demo::address_list_csv(400, 7);
    let pv = import::preview(&csv).unwrap();
    assert_eq!(pv.delimiter, ";");
    let r = import_all(&s, &csv, &pv.mapping);
    assert!(r.committed && r.refused == 0, "{:?}", r.problems.first());
    assert_eq!(count(&s), 400);
    // Companies created during the import get their search rows after the people; each one
    // must still be found by name, as an organisation.
    let companies = kluis_core::crm::organisations::list(&s, None, 100).unwrap();
    assert!(!companies.rows.is_empty());
    for org in companies.rows.iter().take(20) {
        let hits = search::search(&s, &org.name, 50).unwrap();
        assert!(
            hits.iter().any(|h| h.kind == kluis_core::dto::crm::SearchKind::Organisation && h.id == org.id),
            "{} not found",
            org.name
        );
    }
}

/// A few thousand rows through the import's chunk writer (sorted, search rows written
/// together): the first and last people, and those around the 5,000th, are found by name and
/// by e-mail address. (The chunk edges themselves are tested in import/writer.rs.)
#[test]
fn people_of_every_search_batch_are_found() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (s, _) = fx.create(&v);
    let rows = kluis_core::store::search_index::SEARCH_BATCH + 10;
    let csv = kluis_core::demo::address_list_csv(rows as u32, 11);
    let pv = import::preview(&csv).unwrap();
    let r = import_all(&s, &csv, &pv.mapping);
    assert!(
        r.committed && r.imported == rows,
        "{:?}",
        r.problems.first()
    );
    let batch = kluis_core::store::search_index::SEARCH_BATCH as i64;
    for id in [1, batch, batch + 1, rows as i64] {
        let p = persons::get(&s, id).unwrap();
        let found = |q: &str| {
            search::search(&s, q, 100)
                .unwrap()
                .iter()
                .any(|h| h.id == id)
        };
        let name = format!("{} {}", p.given_name, p.family_name);
        assert!(found(&name), "{name} (person {id}) not found by name");
        assert!(found(&p.emails[0].value), "person {id} not found by e-mail");
    }
}
