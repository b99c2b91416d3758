//! Many desktops writing at once: eight desktops each create 200 people at the same time; every
//! one is there afterwards, exactly once, and the audit trail's chain is intact.
mod common;
use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_desktops_writing_at_once_lose_nothing_and_keep_the_audit_chain() {
    const DESKTOPS: usize = 8;
    const EACH: usize = 200;
    let srv = server(true).await;
    let mut desks = Vec::new();
    for n in 0..DESKTOPS {
        let (_, d) = srv.desktop(&format!("Bureau {n}")).await;
        sign_in(&d, ADMIN, PASSWORD).await;
        desks.push(d);
    }
    let mut tasks = Vec::new();
    for (n, d) in desks.into_iter().enumerate() {
        tasks.push(tokio::spawn(async move {
            for i in 0..EACH {
                let family = format!("Schrijver{n}x{i}");
                ok(d.call("person_create", person("Gelijk", &family)).await);
            }
            d
        }));
    }
    let mut desks = Vec::new();
    for t in tasks {
        desks.push(t.await.unwrap());
    }
    let o = srv.office();
    let (count, chain_ok, entries) = tokio::task::spawn_blocking(move || {
        let s = o.admin(ADMIN, PASSWORD).unwrap();
        let report = kluis_core::verify::run(&s).unwrap();
        let page = kluis_core::crm::persons::list(
            &s,
            &serde_json::from_value(serde_json::json!({
                "sort": "family_name", "descending": false, "after": null, "limit": 1,
                "tag": null, "ownerId": null, "organisationId": null
            }))
            .unwrap(),
        )
        .unwrap();
        s.end(kluis_core::EndReason::SignOut);
        (page.total, report.ok(), report.audit.entries)
    })
    .await
    .unwrap();
    assert_eq!(count as usize, DESKTOPS * EACH);
    assert!(chain_ok, "verify finds the vault intact");
    assert!(entries as usize >= DESKTOPS * EACH);
    // Each desktop finds each of its own people once.
    for (n, d) in desks.iter().enumerate() {
        assert_eq!(found(d, &format!("Schrijver{n}x199")).await, 1);
    }
}
