//! Several sessions on one vault at the same moment, each with its own connection (another
//! process is kept out by the vault's lock, so these are sessions of one process): people
//! created (each in its own transaction) and audited views (an audit entry written outside any
//! transaction of the caller's) all land, none is refused as busy (the busy timeout waits for the
//! other writer), and the audit chain, each entry linked to the one before, stays whole.
mod common;
use common::*;
use kluis_core::crm::{persons, view};
use kluis_core::dto::crm::{PersonInput, PersonQuery};
use kluis_core::verify;

const EACH: usize = 200;

#[test]
fn four_sessions_writing_at_once_all_succeed_and_the_audit_chain_stays_whole() {
    let fx = Fixture::new();
    let v = fx.vault();
    let (first, _) = fx.create(&v);
    // Someone with a deal: viewing them is audited (sales figures seen), outside any
    // transaction of the caller's.
    kluis_core::demo::fill(&first, 30).unwrap();
    let all = persons::list(
        &first,
        &PersonQuery {
            limit: 100,
            ..Default::default()
        },
    )
    .unwrap();
    let with_deal = all
        .rows
        .iter()
        .map(|r| r.id)
        .find(|id| !view::person_view(&first, *id).unwrap().deals.is_empty())
        .unwrap();
    let mut sessions = vec![first];
    for _ in 0..3 {
        sessions.push(v.sign_in("anna", &pw(ADMIN_PW)).unwrap());
    }
    let failures: Vec<String> = std::thread::scope(|scope| {
        let workers: Vec<_> = sessions
            .into_iter()
            .enumerate()
            .map(|(n, s)| {
                scope.spawn(move || {
                    let mut failed = Vec::new();
                    for i in 0..EACH {
                        let input = PersonInput {
                            given_name: format!("Schrijver{n}"),
                            family_name: format!("Nummer{i}"),
                            ..Default::default()
                        };
                        if i % 10 == 0 {
                            if let Err(e) = persons::create(&s, &input) {
                                failed.push(format!("session {n}, write {i}: {e:?}"));
                            }
                        }
                        if let Err(e) = view::person_view(&s, with_deal) {
                            failed.push(format!("session {n}, view {i}: {e:?}"));
                        }
                    }
                    (s, failed)
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap().1)
            .collect()
    });
    assert!(failures.is_empty(), "{failures:#?}");
    let s = v.sign_in("anna", &pw(ADMIN_PW)).unwrap();
    let listed = persons::list(&s, &PersonQuery::default()).unwrap();
    assert_eq!(listed.total, 30 + 4 * EACH as i64 / 10);
    let report = verify::run(&s).unwrap();
    assert!(report.ok(), "{report:?}");
}
