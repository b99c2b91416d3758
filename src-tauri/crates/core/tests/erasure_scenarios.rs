//! Erasure as the privacy officer performs it, checked the way an attacker with the database
//! key would look: every page of the database file decrypted, free pages included, and the WAL.
mod common;

use common::*;
use kluis_core::crm::{deals, persons, pipeline, search, view};
use kluis_core::dto::consent::{
    ConsentChannel, ConsentInput, RestrictionGround, RestrictionInput, StatementInput,
};
use kluis_core::dto::crm::{
    AddressInput, ContactPointInput, DealInput, PersonInput, TaskInput, TimelineInput, TimelineKind,
};
use kluis_core::dto::privacy::Lang;
use kluis_core::dto::requests::{RequestInput, RequestKind, RequestStatus, Verification};
use kluis_core::job::Job;
use kluis_core::privacy::erasure::{self, ErasureInput, ErasureMode};
use kluis_core::privacy::{consent, purposes, requests, restriction};
use kluis_core::{verify, CoreError, Session};

/// One marker per personal field. Each starts with its own letters, so no marker shares a
/// prefix with another in the search index (FTS5 stores terms prefix-compressed).
const MARKERS: &[&str] = &[
    "qoxgiven",
    "jaxfamily",
    "vyxmail",
    "687654329",
    "kexstraat",
    "wuxstad",
    "fyxnotes",
    "gixjob",
    "bexsource",
    "tuxtag",
    "luxtimeline",
    "moxtask",
    "naxdeal",
    "roxevidence",
    "soxrestrict",
    "ciqverify",
    "1911-11-11",
    // Free text on another of the person's requests: its extension reason and its outcome.
    "wexreason",
    "pixoutcome",
];

struct World {
    fx: Fixture,
    officer: Session,
    admin: Session,
    person: i64,
    deal: i64,
    request: i64,
}

fn world() -> World {
    let fx = Fixture::new();
    let (admin, officer) = with_privacy_officer(&fx);
    let p = persons::create(
        &admin,
        &PersonInput {
            given_name: "Qoxgiven".into(),
            family_name: "Jaxfamily".into(),
            date_of_birth: Some("1911-11-11".into()),
            job_title: Some("Gixjob".into()),
            source: Some("Bexsource".into()),
            notes: Some("Fyxnotes".into()),
            tags: vec!["tuxtag".into()],
            emails: vec![ContactPointInput {
                label: None,
                value: "vyxmail@example.nl".into(),
                keep_unchecked: false,
            }],
            phones: vec![ContactPointInput {
                label: None,
                value: "+31687654329".into(),
                keep_unchecked: false,
            }],
            addresses: vec![AddressInput {
                label: None,
                street: Some("Kexstraat 7".into()),
                postcode: Some("9999 ZZ".into()),
                city: Some("Wuxstad".into()),
                country: Some("NL".into()),
            }],
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    view::add_timeline(
        &admin,
        p,
        &TimelineInput {
            kind: TimelineKind::Note,
            body: "Luxtimeline".into(),
            occurred_at: None,
        },
    )
    .unwrap();
    deals::task_create(
        &admin,
        &TaskInput {
            title: "Moxtask".into(),
            due_date: None,
            assignee_id: None,
            person_id: Some(p),
        },
    )
    .unwrap();
    let stage = pipeline::stages(&admin).unwrap()[0].id;
    let deal = deals::create(
        &admin,
        &DealInput {
            title: "Naxdeal".into(),
            person_id: Some(p),
            stage_id: stage,
            ..Default::default()
        },
    )
    .unwrap()
    .id;
    let purpose = purposes::adopt(&officer, "newsletter", Lang::Nl)
        .unwrap()
        .id;
    let st = consent::publish(
        &officer,
        &StatementInput {
            purpose_id: purpose,
            lang: Lang::Nl,
            body: "Ja graag.".into(),
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
            channel: ConsentChannel::Paper,
            occurred_at: None,
            statement_id: Some(st),
            shown_lang: Some(Lang::Nl),
            evidence: Some("Roxevidence".into()),
        },
    )
    .unwrap();
    restriction::restrict(
        &officer,
        &RestrictionInput {
            person_id: p,
            ground: RestrictionGround::AccuracyContested,
            note: Some("Soxrestrict".into()),
        },
    )
    .unwrap();
    // An earlier access request, extended and answered in words that describe the person.
    let earlier = requests::file(
        &officer,
        &RequestInput {
            person_id: p,
            kind: RequestKind::Access,
            verification: Verification::KnownEmail,
            verification_note: None,
            received_on: None,
        },
    )
    .unwrap();
    requests::extend(
        &officer,
        &kluis_core::dto::requests::ExtendInput {
            id: earlier.id,
            until: {
                let due = chrono::NaiveDate::parse_from_str(&earlier.due_on, "%Y-%m-%d").unwrap();
                (due + chrono::Duration::days(20))
                    .format("%Y-%m-%d")
                    .to_string()
            },
            reason: "Wexreason: gegevens in drie systemen".into(),
        },
    )
    .unwrap();
    requests::close(
        &officer,
        &kluis_core::dto::requests::CloseInput {
            id: earlier.id,
            status: RequestStatus::Completed,
            outcome: "Pixoutcome: inzage gegeven".into(),
        },
    )
    .unwrap();
    let request = requests::file(
        &officer,
        &RequestInput {
            person_id: p,
            kind: RequestKind::Erasure,
            verification: Verification::Other,
            verification_note: Some("Ciqverify".into()),
            received_on: None,
        },
    )
    .unwrap()
    .id;
    World {
        fx,
        officer,
        admin,
        person: p,
        deal,
        request,
    }
}

/// The raw database key, as someone holding the administrator's password could get it.
fn raw_key(w: &World) -> [u8; 32] {
    let kf = kluis_vault::KeyFile::load(&w.fx.paths().keys()).unwrap();
    let key = kf
        .unlock_user("anna", &pw(ADMIN_PW))
        .unwrap()
        .db_key
        .unwrap();
    let stmt = key.pragma_statement("key");
    let hex = &stmt[stmt.find("x'").unwrap() + 2..][..64];
    let mut out = [0u8; 32];
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap();
    }
    out
}

#[test]
fn after_erasure_no_decrypted_page_and_no_wal_holds_the_subject() {
    let w = world();
    let key = raw_key(&w);
    // The reading works: before erasure every marker is in the decrypted pages (after a
    // checkpoint, so the file holds them and not only the WAL).
    let db = w.fx.paths().db();
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch(&kluis_vault::sqlcipher_key_pragma(&{
            let kf = kluis_vault::KeyFile::load(&w.fx.paths().keys()).unwrap();
            kf.unlock_user("anna", &pw(ADMIN_PW))
                .unwrap()
                .db_key
                .unwrap()
        }))
        .unwrap();
        c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .unwrap();
    }
    let before = decrypted_pages(&std::fs::read(&db).unwrap(), &key);
    for m in MARKERS {
        assert!(
            contains(&before, m),
            "{m} should be on some page before erasure"
        );
    }

    let report = erasure::erase(
        &w.officer,
        &ErasureInput {
            person_id: w.person,
            request_id: Some(w.request),
            lang: Lang::En,
            mode: None,
        },
    )
    .unwrap();
    assert_eq!(
        (
            report.timeline_entries,
            report.tasks,
            report.consent_events_cleared,
            report.deals_kept
        ),
        (1, 1, 1, 1)
    );
    assert!(report.wal_emptied && report.request_closed);
    // The pages the erasure freed went back to the file system (incremental vacuum).
    let free: i64 = side_connection(&w)
        .query_row("PRAGMA freelist_count", [], |r| r.get(0))
        .unwrap();
    assert_eq!(free, 0, "free pages were left in the file");
    assert!(report.outcome.contains("fiscal retention"));

    let wal = db.with_extension("db-wal");
    let wal_len = std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0);
    assert_eq!(wal_len, 0, "the WAL was emptied");
    let after = decrypted_pages(&std::fs::read(&db).unwrap(), &key);
    for m in MARKERS {
        assert!(!contains(&after, m), "{m} is still on a decrypted page");
    }

    // What stays: the deal without person or text, the request closed with its outcome, the
    // consent chain still verifying, the erasure ledger.
    let r = requests::get(&w.officer, w.request).unwrap();
    assert_eq!(r.status, RequestStatus::Completed);
    assert_eq!(r.person_id, None);
    assert_eq!(r.subject_ref, w.person);
    assert!(r.outcome.unwrap().contains("deal"));
    let board = deals::board(&w.admin).unwrap();
    let kept = board.deals.iter().find(|d| d.id == w.deal).unwrap();
    assert_eq!(kept.title, "[anonymised]");
    assert_eq!(kept.person_id, None);
    assert!(search::search(&w.officer, "jaxfamily", 10)
        .unwrap()
        .is_empty());
    assert!(matches!(
        persons::get(&w.officer, w.person),
        Err(CoreError::NotFound)
    ));
    let v = verify::run(&w.admin).unwrap();
    assert!(v.ok(), "{v:?}");
}

#[test]
fn a_legal_hold_an_unrelated_request_and_other_roles_are_refused() {
    let w = world();
    // Restricted for legal claims: a legal hold.
    restriction::lift(&w.officer, w.person, "checked").unwrap();
    restriction::restrict(
        &w.officer,
        &RestrictionInput {
            person_id: w.person,
            ground: RestrictionGround::LegalClaims,
            note: None,
        },
    )
    .unwrap();
    let input = ErasureInput {
        person_id: w.person,
        request_id: None,
        lang: Lang::Nl,
        mode: Some(ErasureMode::Delete),
    };
    assert!(matches!(
        erasure::erase(&w.officer, &input),
        Err(CoreError::LegalHold)
    ));
    assert!(persons::get(&w.officer, w.person).is_ok(), "nothing erased");
    restriction::lift(&w.officer, w.person, "case settled").unwrap();
    // Administrators may delete people, but erasure with its guarantees is the privacy role's.
    assert!(matches!(
        erasure::erase(&w.admin, &input),
        Err(CoreError::Denied)
    ));
    let access = requests::file(
        &w.officer,
        &RequestInput {
            person_id: w.person,
            kind: RequestKind::Access,
            verification: Verification::KnownEmail,
            verification_note: None,
            received_on: None,
        },
    )
    .unwrap();
    assert!(matches!(
        erasure::erase(
            &w.officer,
            &ErasureInput {
                request_id: Some(access.id),
                ..input.clone()
            }
        ),
        Err(CoreError::Invalid {
            field: "requestId",
            ..
        })
    ));
    assert!(matches!(
        erasure::erase(
            &w.officer,
            &ErasureInput {
                person_id: 9_999,
                ..input.clone()
            }
        ),
        Err(CoreError::NotFound)
    ));
    erasure::erase(&w.officer, &input).unwrap();
}

#[test]
fn anonymise_keeps_only_a_count_in_an_anonymous_bucket() {
    let w = world();
    let key = raw_key(&w);
    erasure::erase(
        &w.officer,
        &ErasureInput {
            person_id: w.person,
            request_id: None,
            lang: Lang::Nl,
            mode: Some(ErasureMode::Anonymise),
        },
    )
    .unwrap();
    let db = w.fx.paths().db();
    let after = decrypted_pages(&std::fs::read(&db).unwrap(), &key);
    for m in MARKERS {
        assert!(!contains(&after, m), "{m} is still on a decrypted page");
    }
    // What is left: one person born in 1911 with a postcode starting 99 in NL, not who.
    let c = rusqlite::Connection::open(&db).unwrap();
    c.execute_batch(&kluis_vault::sqlcipher_key_pragma(&{
        let kf = kluis_vault::KeyFile::load(&w.fx.paths().keys()).unwrap();
        kf.unlock_user("anna", &pw(ADMIN_PW))
            .unwrap()
            .db_key
            .unwrap()
    }))
    .unwrap();
    let bucket: (i64, String, String, i64) = c
        .query_row(
            "SELECT birth_year, postcode_area, country, people FROM anonymised_people",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(bucket, (1911, "99".to_string(), "NL".to_string(), 1));
    let mode: String = c
        .query_row("SELECT mode FROM erasures", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "anonymise");
}

/// A keyed connection of its own to the vault, as a second process would have.
fn side_connection(w: &World) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(w.fx.paths().db()).unwrap();
    c.execute_batch(&kluis_vault::sqlcipher_key_pragma(&{
        let kf = kluis_vault::KeyFile::load(&w.fx.paths().keys()).unwrap();
        kf.unlock_user("anna", &pw(ADMIN_PW))
            .unwrap()
            .db_key
            .unwrap()
    }))
    .unwrap();
    c
}

#[test]
fn an_erasure_that_fails_at_its_last_step_leaves_everything_as_it_was() {
    let w = world();
    // A fault at the very end: closing the request fails after the person, their timeline,
    // tasks and consent evidence were already gone inside the transaction.
    let side = side_connection(&w);
    side.execute_batch(
        "CREATE TRIGGER injected_fault BEFORE UPDATE OF status ON subject_requests
         BEGIN SELECT RAISE(ABORT, 'injected fault'); END;",
    )
    .unwrap();
    let input = ErasureInput {
        person_id: w.person,
        request_id: Some(w.request),
        lang: Lang::Nl,
        mode: None,
    };
    let err = erasure::erase(&w.officer, &input).unwrap_err();
    let shown = format!("{err} {err:?}").to_lowercase();
    for m in MARKERS {
        assert!(!shown.contains(m), "the error names {m}: {shown}");
    }
    // Nothing of it happened: the person, their file, their search entry and their consent
    // evidence are all there, the request is still open, no erasure is on the ledger.
    let file = persons::get(&w.officer, w.person).expect("the person is still there");
    assert_eq!(file.family_name, "Jaxfamily");
    let v = view::person_view(&w.officer, w.person).unwrap();
    assert_eq!((v.timeline.len(), v.tasks.len()), (1, 1));
    assert_eq!(
        search::search(&w.officer, "jaxfamily", 10).unwrap().len(),
        1
    );
    assert_eq!(
        requests::get(&w.officer, w.request).unwrap().status,
        RequestStatus::Received
    );
    let (ledger, evidence): (i64, i64) = side
        .query_row(
            "SELECT (SELECT count(*) FROM erasures),
                    (SELECT count(*) FROM consent_events WHERE evidence IS NOT NULL)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((ledger, evidence), (0, 1));
    let deal: (String, Option<i64>) = side
        .query_row(
            "SELECT title, person_id FROM deals WHERE id = ?1",
            [w.deal],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(deal, ("Naxdeal".to_string(), Some(w.person)));

    // With the fault gone the same erasure goes through.
    side.execute_batch("DROP TRIGGER injected_fault").unwrap();
    erasure::erase(&w.officer, &input).unwrap();
    assert!(persons::get(&w.officer, w.person).is_err());
}

/// The retention engine deletes a leaver's personnel file the same way: reviews and absence
/// reasons (health data) included, from every decrypted page and the WAL.
#[test]
fn retention_removes_a_personnel_file_from_every_page() {
    use kluis_core::dto::hr::{AbsenceInput, AbsenceKind, ReviewInput};
    use kluis_core::hr;
    use kluis_core::privacy::retention;
    let mut w = world();
    kluis_core::user_admin::add(&mut w.admin, &new_user("hanna", "Hanna HR", "hr")).unwrap();
    let v = w.fx.vault();
    // Olga holds the personnel key; her next sign-in hands it to Hanna.
    drop(v.sign_in("olga", &pw(OWN_PW)).unwrap());
    let hr_user = signed_in(&v, "hanna");
    w.admin = again(&v);
    w.officer = v.sign_in("olga", &pw(OWN_PW)).unwrap();
    drop(v);
    let leaver: kluis_core::dto::hr::EmployeeInput = serde_json::from_value(serde_json::json!({
        "givenName": "Zuxgiven", "tussenvoegsel": "", "familyName": "Hoxfamily",
        "email": "dixmail@example.nl", "position": "Pexposition", "department": "Daxdept",
        "contractType": "permanent", "hoursPerWeek": 32, "startDate": "2019-02-01",
        "endDate": "2026-01-31", "salaryCents": 4242420, "salaryCurrency": "EUR",
        "salaryPeriod": "month", "notes": "Nuxnotes"
    }))
    .unwrap();
    let id = hr::create(&hr_user, &leaver).unwrap().id;
    hr::add_review(
        &hr_user,
        id,
        &ReviewInput {
            review_date: "2025-06-01".into(),
            rating: Some(4),
            summary: "Ruxreview".into(),
        },
    )
    .unwrap();
    hr::add_absence(
        &hr_user,
        id,
        &AbsenceInput {
            kind: AbsenceKind::Sick,
            start_date: "2025-03-01".into(),
            end_date: Some("2025-03-04".into()),
            reason: Some("Yuxreason".into()),
        },
    )
    .unwrap();
    let markers = [
        "zuxgiven",
        "hoxfamily",
        "dixmail",
        "pexposition",
        "daxdept",
        "nuxnotes",
        "ruxreview",
        "yuxreason",
    ];
    let key = raw_key(&w);
    let db = w.fx.paths().db();
    side_connection(&w)
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let before = decrypted_pages(&std::fs::read(&db).unwrap(), &key);
    // Personnel values are sealed under the hr and special keys: not even the database key
    // shows them (the page scan itself works: the customer in `world` is on a page).
    assert!(contains(&before, "qoxgiven"));
    for m in markers {
        assert!(
            !contains(&before, m),
            "{m} is readable with the database key"
        );
    }
    // What is on the pages is the sealed file: a stretch of its ciphertext marks it.
    let sealed: Vec<Vec<u8>> = {
        let c = side_connection(&w);
        let mut stmt = c
            .prepare(
                "SELECT sealed FROM employees WHERE id = ?1
                 UNION ALL SELECT sealed FROM employee_reviews WHERE employee_id = ?1
                 UNION ALL SELECT reason_sealed FROM employee_absences WHERE employee_id = ?1",
            )
            .unwrap();
        let rows = stmt
            .query_map([id], |r| r.get::<_, Vec<u8>>(0))
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        rows.into_iter()
            .map(|b| b[b.len() - 32..].to_ascii_lowercase())
            .collect()
    };
    assert_eq!(sealed.len(), 3);
    for b in &sealed {
        assert!(before.windows(b.len()).any(|w| w == b.as_slice()));
    }

    retention::adopt(&w.officer, "personnel_files", Lang::En).unwrap();
    w.fx.clock.advance(chrono::Duration::days(2 * 366));
    let run = retention::run(&w.officer, false, &Job::unattended()).unwrap();
    assert_eq!(run.counts.iter().map(|c| c.count).sum::<i64>(), 1);
    assert!(hr::get(&hr_user, id).is_err());
    let wal = db.with_extension("db-wal");
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
    let after = decrypted_pages(&std::fs::read(&db).unwrap(), &key);
    for m in markers {
        assert!(!contains(&after, m), "{m} is on a decrypted page");
    }
    for b in &sealed {
        assert!(
            !after.windows(b.len()).any(|w| w == b.as_slice()),
            "the sealed personnel file is still on a page"
        );
    }
}
