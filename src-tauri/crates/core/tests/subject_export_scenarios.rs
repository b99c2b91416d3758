//! The access and portability export as a privacy officer makes it and a subject opens it:
//! data.json valid against its schema and holding every personal field, the other files, a
//! sealed file that opens only with its passphrase and shows any change, and the rules.
mod common;

use common::*;
use kluis_core::crm::{persons, view};
use kluis_core::dto::consent::{
    ConsentChannel, ConsentInput, RestrictionGround, RestrictionInput, StatementInput,
};
use kluis_core::dto::crm::{
    AddressInput, ContactPointInput, PersonInput, TimelineInput, TimelineKind,
};
use kluis_core::dto::privacy::Lang;
use kluis_core::dto::requests::{RequestInput, RequestKind, Verification};
use kluis_core::privacy::{consent, purposes, requests, restriction, subject_export};
use kluis_core::{CoreError, Password, Session};
use std::path::Path;

/// One value per personal field, each unlikely to appear by chance.
const VALUES: &[&str] = &[
    "Mevrouw",
    "Wilhelmina",
    "van der",
    "Zwaluwstaart",
    "1984-07-19",
    "Inkoopleider",
    "Beursstand Utrecht",
    "Allergisch voor noten",
    "vip-klant",
    "wilhelmina@zwaluw.example",
    "+31612345678",
    "Kastanjelaan 12",
    "3512 AB",
    "Utrecht",
    "Belde over een offerte",
    "Ja, stuur mij de nieuwsbrief.",
    "belnotitie 17",
];

struct World {
    _fx: Fixture,
    admin: Session,
    officer: Session,
    person: i64,
}

fn world() -> World {
    let fx = Fixture::new();
    let (admin, officer) = with_privacy_officer(&fx);
    let p = persons::create(
        &admin,
        &PersonInput {
            salutation: Some(VALUES[0].into()),
            given_name: VALUES[1].into(),
            tussenvoegsel: VALUES[2].into(),
            family_name: VALUES[3].into(),
            date_of_birth: Some(VALUES[4].into()),
            job_title: Some(VALUES[5].into()),
            source: Some(VALUES[6].into()),
            notes: Some(VALUES[7].into()),
            tags: vec![VALUES[8].into()],
            emails: vec![ContactPointInput {
                label: None,
                value: VALUES[9].into(),
                keep_unchecked: false,
            }],
            phones: vec![ContactPointInput {
                label: None,
                value: VALUES[10].into(),
                keep_unchecked: false,
            }],
            addresses: vec![AddressInput {
                label: None,
                street: Some(VALUES[11].into()),
                postcode: Some(VALUES[12].into()),
                city: Some(VALUES[13].into()),
                country: Some("NL".into()),
            }],
            preferred_language: Some("nl".into()),
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    view::add_timeline(
        &admin,
        p,
        &TimelineInput {
            kind: TimelineKind::Call,
            body: VALUES[14].into(),
            occurred_at: None,
        },
    )
    .unwrap();
    let purpose = purposes::adopt(&officer, "newsletter", Lang::Nl)
        .unwrap()
        .id;
    let st = consent::publish(
        &officer,
        &StatementInput {
            purpose_id: purpose,
            lang: Lang::Nl,
            body: VALUES[15].into(),
        },
    )
    .unwrap()
    .id;
    consent::record(
        &officer,
        &ConsentInput {
            person_id: p,
            purpose_id: purpose,
            granted: true,
            channel: ConsentChannel::Phone,
            occurred_at: None,
            statement_id: Some(st),
            shown_lang: Some(Lang::Nl),
            evidence: Some(VALUES[16].into()),
        },
    )
    .unwrap();
    World {
        _fx: fx,
        admin,
        officer,
        person: p,
    }
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

#[test]
fn the_folder_holds_every_field_and_data_json_follows_its_schema() {
    let w = world();
    let out = tempfile::tempdir().unwrap();
    let r = subject_export::to_folder(&w.officer, w.person, None, out.path(), "export").unwrap();
    let dir = out.path().join("export");
    for f in [
        "data.json",
        "data.schema.json",
        "contact.vcf",
        "person.csv",
        "consents.csv",
        "report.html",
    ] {
        assert!(r.files.contains(&f.to_string()), "{f} listed");
        assert!(dir.join(f).exists(), "{f} written");
    }
    let data: serde_json::Value = serde_json::from_str(&read(&dir, "data.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&read(&dir, "data.schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&data)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    // The schema is strict: an unknown field fails, so it really describes the file.
    let mut extra = data.clone();
    extra["subject"]["shoeSize"] = 42.into();
    assert!(!validator.is_valid(&extra));
    let json = read(&dir, "data.json");
    for v in VALUES {
        assert!(json.contains(v), "data.json lacks {v}");
    }
    // The readable report and the vCard carry them too.
    let report = read(&dir, "report.html");
    assert!(report.starts_with("<!doctype html><html lang=\"nl\">"));
    assert!(!report.contains("<script") && !report.contains("http"));
    for v in [
        "Wilhelmina",
        "Zwaluwstaart",
        "wilhelmina@zwaluw.example",
        "Ja, stuur mij de nieuwsbrief.",
    ] {
        assert!(report.contains(v), "report lacks {v}");
    }
    assert!(read(&dir, "contact.vcf").contains("VERSION:4.0"));
    assert!(read(&dir, "contact_points.csv").contains("+31612345678"));
    // No half-written temporary folder is left next to it.
    let left: Vec<_> = std::fs::read_dir(out.path()).unwrap().collect();
    assert_eq!(left.len(), 1);
}

#[test]
fn a_sealed_export_opens_only_with_its_passphrase_and_shows_any_change() {
    let w = world();
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("export.kluis");
    let pass = Password::new("zeven-blauwe-reigers-op-het-dak");
    assert!(matches!(
        subject_export::to_sealed(
            &w.officer,
            w.person,
            None,
            &file,
            &Password::new("welkom123")
        ),
        Err(CoreError::Invalid {
            field: "passphrase",
            ..
        })
    ));
    let r = subject_export::to_sealed(&w.officer, w.person, None, &file, &pass).unwrap();
    assert!(r.sealed);
    let bytes = std::fs::read(&file).unwrap();
    assert!(
        !String::from_utf8_lossy(&bytes).contains("Zwaluwstaart"),
        "encrypted"
    );

    let opened = out.path().join("opened");
    let names = subject_export::open_sealed(&file, &opened, &pass).unwrap();
    assert_eq!(names, r.files);
    assert!(read(&opened, "data.json").contains("Zwaluwstaart"));

    let wrong = out.path().join("wrong");
    assert!(matches!(
        subject_export::open_sealed(&file, &wrong, &Password::new("iets-anders-helemaal")),
        Err(CoreError::SealedWrongSecret)
    ));
    assert!(!wrong.exists(), "nothing written");
    for (name, change) in [
        ("flipped", {
            let mut b = bytes.clone();
            let at = b.len() / 2;
            b[at] ^= 1;
            b
        }),
        ("truncated", bytes[..bytes.len() - 100].to_vec()),
    ] {
        let f = out.path().join(name);
        std::fs::write(&f, &change).unwrap();
        let dest = out.path().join(format!("{name}-out"));
        assert!(
            matches!(
                subject_export::open_sealed(&f, &dest, &pass),
                Err(CoreError::SealedDamaged(_))
            ),
            "{name}"
        );
        assert!(!dest.exists(), "{name}: nothing written");
    }
}

#[test]
fn who_may_export_and_a_restricted_subject() {
    let w = world();
    let out = tempfile::tempdir().unwrap();
    // Administrators manage the system, not subjects' data exports.
    assert!(matches!(
        subject_export::to_folder(&w.admin, w.person, None, out.path(), "a"),
        Err(CoreError::Denied)
    ));
    restriction::restrict(
        &w.officer,
        &RestrictionInput {
            person_id: w.person,
            ground: RestrictionGround::AccuracyContested,
            note: None,
        },
    )
    .unwrap();
    // Restricted data is not used, except to answer the subject's own access request.
    assert!(matches!(
        subject_export::to_folder(&w.officer, w.person, None, out.path(), "b"),
        Err(CoreError::Restricted)
    ));
    let req = requests::file(
        &w.officer,
        &RequestInput {
            person_id: w.person,
            kind: RequestKind::Access,
            verification: Verification::InPersonId,
            verification_note: None,
            received_on: None,
        },
    )
    .unwrap();
    let r = subject_export::to_folder(&w.officer, w.person, Some(req.id), out.path(), "c").unwrap();
    let files = requests::get(&w.officer, req.id).unwrap().files;
    assert_eq!(files.len(), r.files.len());
    assert!(files.iter().all(|f| f.starts_with("c/")));
    // An erasure request is not answered with an export.
    let erase = requests::file(
        &w.officer,
        &RequestInput {
            person_id: w.person,
            kind: RequestKind::Erasure,
            verification: Verification::InPersonId,
            verification_note: None,
            received_on: None,
        },
    )
    .unwrap();
    assert!(matches!(
        subject_export::to_folder(&w.officer, w.person, Some(erase.id), out.path(), "d"),
        Err(CoreError::Invalid {
            field: "requestId",
            ..
        })
    ));
    assert!(matches!(
        subject_export::to_folder(&w.officer, 9_999, None, out.path(), "e"),
        Err(CoreError::NotFound)
    ));
}

/// Sales figures that go into a subject's export were viewed: audited as a view of sales data,
/// as on the person's page (who, whose, when; never the amount).
#[test]
fn sales_figures_in_an_export_are_audited_as_a_view_of_sales_data() {
    let mut w = world();
    kluis_core::user_admin::add(&mut w.admin, &new_user("mia", "Mia", "management")).unwrap();
    let v = w._fx.vault();
    let (admin, mut signed) = first_sign_ins(&v, &["mia"]);
    let mia = signed.pop().unwrap();
    let officer = v.sign_in("olga", &pw(OWN_PW)).unwrap();
    let stage = kluis_core::crm::pipeline::stages(&admin).unwrap()[0].id;
    let input = |amount: Option<i64>| -> kluis_core::dto::crm::DealInput {
        serde_json::from_value(serde_json::json!({
            "title": "Onderhoud", "personId": w.person, "organisationId": null, "stageId": stage,
            "amountCents": amount, "currency": amount.map(|_| "EUR"),
            "probability": amount.map(|_| 50), "expectedClose": null
        }))
        .unwrap()
    };
    let deal = kluis_core::crm::deals::create(&admin, &input(None))
        .unwrap()
        .id;
    kluis_core::crm::deals::update(&mia, deal, 1, &input(Some(7_777_700))).unwrap();
    let sales_views = |s: &kluis_core::Session| {
        kluis_core::verify::audit_page(s, None, 200)
            .unwrap()
            .into_iter()
            .filter(|r| r.action == "sales.viewed" && r.details.contains("subject_export"))
            .collect::<Vec<_>>()
    };
    assert!(sales_views(&officer).is_empty());
    let out = tempfile::tempdir().unwrap();
    subject_export::to_folder(&officer, w.person, None, out.path(), "export").unwrap();
    let views = sales_views(&officer);
    assert_eq!(views.len(), 1);
    assert_eq!(
        views[0].entity_id.as_deref(),
        Some(w.person.to_string().as_str())
    );
    assert!(!views[0].details.contains("7777700"));
}
