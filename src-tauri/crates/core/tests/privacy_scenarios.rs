//! Privacy > Register as a privacy officer uses it: purposes from templates, the lawful-basis
//! rules, and the Art. 30 register as a document and CSV with every required field.
mod common;

use common::*;
use kluis_core::dto::privacy::{Lang, LawfulBasis, PurposeInput};
use kluis_core::privacy::register::{self, RegisterFormat};
use kluis_core::privacy::{purposes, templates};
use kluis_core::{user_admin, verify, CoreError, Session, Vault};

/// Adds the privacy officer and signs her in; `admin` is signed in again after her password
/// change rotated the key.
fn officer(v: &Vault, admin: &mut Session) -> Session {
    user_admin::add(admin, &new_user("olga", "Olga Officier", "privacy_officer")).unwrap();
    let o = signed_in(v, "olga");
    *admin = again(v);
    o
}

fn newsletter() -> PurposeInput {
    templates::templates(Lang::En)
        .into_iter()
        .find(|t| t.key == "newsletter")
        .unwrap()
        .input
}

#[test]
fn the_register_lists_every_purpose_with_every_required_field() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    let s = officer(&v, &mut admin);
    for t in templates::templates(Lang::Nl) {
        purposes::adopt(&s, &t.key, Lang::Nl).unwrap();
    }
    let all = purposes::list(&s, false).unwrap();
    assert_eq!(all.len(), 5);
    let doc = register::render(&s, RegisterFormat::Html, Lang::Nl).unwrap();
    assert!(doc.contains("<html lang=\"nl\">") && doc.contains("Verwerkingsregister"));
    assert!(doc.contains("Bakkerij Jansen"), "the controller is named");
    assert!(
        !doc.contains("<script") && !doc.contains("http"),
        "self-contained"
    );
    for p in &all {
        let start = doc
            .find(&format!("data-purpose=\"{}\"", p.id))
            .expect("a section per purpose");
        let section = &doc[start..start + doc[start..].find("</section>").unwrap()];
        for label in [
            "Omschrijving",
            "Verwerkingsgrondslag",
            "Belangenafweging",
            "Categorieën persoonsgegevens",
            "Categorieën betrokkenen",
            "Ontvangers en verwerkers",
            "Doorgifte buiten de EU en waarborgen",
            "Bewaartermijn",
            "Beveiligingsmaatregelen",
        ] {
            assert!(section.contains(label), "{}: {label} missing", p.input.name);
        }
        assert!(section.contains(&p.input.retention));
        assert!(
            section.contains("art. 6 lid 1"),
            "the basis with its article"
        );
    }
    let csv = register::render(&s, RegisterFormat::Csv, Lang::En).unwrap();
    assert_eq!(csv.trim_end().lines().count(), 1 + 5);
    assert!(csv.contains("Lawful basis") && csv.contains("Retention"));

    // An archived purpose leaves the register but stays on record.
    purposes::archive(&s, all[0].id).unwrap();
    let doc = register::render(&s, RegisterFormat::Html, Lang::En).unwrap();
    assert!(!doc.contains(&format!("data-purpose=\"{}\"", all[0].id)));
    assert_eq!(purposes::list(&s, true).unwrap().len(), 5);
}

#[test]
fn a_purpose_needs_its_basis_rules_and_what_art_30_asks() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    let s = officer(&v, &mut admin);
    let mut li = newsletter();
    li.name = "Relatiebeheer".into();
    li.lawful_basis = LawfulBasis::LegitimateInterests;
    li.balancing_note = Some("  ".into());
    assert!(matches!(
        purposes::create(&s, &li, None),
        Err(CoreError::Invalid {
            field: "balancingNote",
            ..
        })
    ));
    li.balancing_note = Some("Bestaande klanten verwachten dit; bezwaar kan altijd.".into());
    purposes::create(&s, &li, None).unwrap();
    // The same name twice, whatever the case.
    li.name = "relatiebeheer".into();
    assert!(matches!(
        purposes::create(&s, &li, None),
        Err(CoreError::Invalid { field: "name", .. })
    ));
    let mut bad = newsletter();
    bad.retention = " ".into();
    assert!(matches!(
        purposes::create(&s, &bad, None),
        Err(CoreError::Invalid {
            field: "retention",
            ..
        })
    ));
    let mut bad = newsletter();
    bad.data_categories = vec!["everything".into()];
    assert!(matches!(
        purposes::create(&s, &bad, None),
        Err(CoreError::Invalid {
            field: "dataCategories",
            ..
        })
    ));
    let mut bad = newsletter();
    bad.subject_categories = vec![];
    assert!(matches!(
        purposes::create(&s, &bad, None),
        Err(CoreError::Invalid {
            field: "subjectCategories",
            ..
        })
    ));
    // A balancing note is kept only where it belongs.
    let mut consent = newsletter();
    consent.balancing_note = Some("irrelevant".into());
    let p = purposes::create(&s, &consent, None).unwrap();
    assert_eq!(p.input.balancing_note, None);
    // Changes are audited by field name, never with the texts.
    let mut changed = p.input.clone();
    changed.retention = "Tot intrekking.".into();
    purposes::update(&s, p.id, p.version, &changed).unwrap();
    let trail = verify::audit_page(&s, None, 20).unwrap();
    let row = trail
        .iter()
        .find(|r| r.action == "purpose.changed")
        .unwrap();
    assert!(row.details.contains("retention") && !row.details.contains("intrekking"));
}

#[test]
fn only_privacy_roles_see_or_change_the_register() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    assert!(matches!(
        purposes::list(&admin, false),
        Err(CoreError::Denied)
    ));
    assert!(matches!(
        purposes::create(&admin, &newsletter(), None),
        Err(CoreError::Denied)
    ));
    assert!(matches!(
        register::render(&admin, RegisterFormat::Html, Lang::En),
        Err(CoreError::Denied)
    ));
    let s = officer(&v, &mut admin);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("register.html");
    register::export(&s, RegisterFormat::Html, Lang::En, &out).unwrap();
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("No purposes have been recorded yet."));
}

#[test]
fn the_minimisation_report_shows_data_no_purpose_uses() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    kluis_core::demo::fill(&admin, 30).unwrap();
    let s = officer(&v, &mut admin);
    let r = kluis_core::privacy::minimisation::report(&s).unwrap();
    // No purposes yet: everything that holds data is data without a reason.
    let email = r.fields.iter().find(|f| f.field == "person.email").unwrap();
    assert_eq!(email.records, 30);
    assert!(email.purposes.is_empty());
    let before = r.without_purpose;
    assert!(before > 0);
    purposes::adopt(&s, "customer_service", Lang::En).unwrap();
    let r = kluis_core::privacy::minimisation::report(&s).unwrap();
    let email = r.fields.iter().find(|f| f.field == "person.email").unwrap();
    assert_eq!(email.purposes, vec!["Customer service".to_string()]);
    assert!(r.without_purpose < before);
    // A purpose naming a field Kluis does not have is refused.
    let mut bad = newsletter();
    bad.fields = vec!["person.shoe_size".into()];
    assert!(matches!(
        purposes::create(&s, &bad, None),
        Err(CoreError::Invalid {
            field: "fields",
            ..
        })
    ));
    // A role with privacy.view but no hr.view gets no personnel fields, not even counts.
    let role = kluis_core::roles::create(
        &mut admin,
        &kluis_core::dto::RoleInput {
            name: "Register lezen".into(),
            grants: vec![kluis_core::dto::GrantDto {
                category: kluis_core::access::Category::Privacy,
                action: kluis_core::access::Action::View,
            }],
        },
    )
    .unwrap();
    user_admin::add(&mut admin, &new_user("lies", "Lies", &role.key)).unwrap();
    drop(admin);
    let l = signed_in(&v, "lies");
    let r = kluis_core::privacy::minimisation::report(&l).unwrap();
    assert!(r.fields.iter().all(|f| !f.field.starts_with("employee")));
    assert!(r.fields.iter().all(|f| !f.field.starts_with("person")));
}
