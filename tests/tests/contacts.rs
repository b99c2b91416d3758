//! Customer files as a person uses them: fill a new vault with demo data from the first-run
//! offer, find someone by typing part of the name, open the 360° view, add a note.
use kluis_e2e::Harness;

#[tokio::test(flavor = "multi_thread")]
async fn demo_data_search_person_view_and_a_note() {
    let mut h = Harness::start("contacts").await;
    h.create_vault(
        "Bakkerij Jansen",
        "anna",
        "Anna de Vries",
        "paars-fietsbel-onder-regen",
    )
    .await;

    // The empty contact list offers demo data.
    h.click("nav-contacts").await;
    h.el("contacts-page").await;
    h.shot("contacts-empty").await;
    h.click("demo-fill-button").await;
    h.first("contact-row-").await;
    let total = h.text("contacts-total").await;
    assert!(total.contains("500"), "total shows {total:?}");
    h.shot("contacts-list").await;

    // Search as you type: part of a family name, with the tussenvoegsel.
    h.type_into("search-input", "de vr").await;
    let hit = h.first_showing("search-result-person-", "Vries").await;
    h.shot("search").await;
    hit.click().await.unwrap();

    // The 360° view; add a note to the timeline.
    h.el("person-view").await;
    assert!(h.text("person-name").await.contains("Vries"));
    h.shot("person-view").await;
    h.click("timeline-kind-call").await;
    h.type_into("timeline-body", "Belde over de levering van volgende week.")
        .await;
    h.click("timeline-submit").await;
    h.until("the new timeline entry", || async {
        h.client
            .source()
            .await
            .map(|src| src.contains("Belde over de levering van volgende week."))
            .unwrap_or(false)
    })
    .await;
    h.shot("note-added").await;

    // The same screen in English and dark.
    h.click("lang-en").await;
    h.click("theme-dark").await;
    h.until("English", || async { h.html_lang().await == "en" })
        .await;
    h.shot("person-view-en-dark").await;
    h.finish().await;
}
