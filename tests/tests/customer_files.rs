//! The customer file end to end in the real app: import Excel's semicolon CSV (Windows-1252)
//! through the mapping screen, find an imported person from anywhere with Ctrl+K, then the deals
//! board (move a deal), tasks, organisations and the dashboard.
use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::key::Key;
use fantoccini::Locator;
use kluis_e2e::Harness;
use std::path::Path;
use std::time::Duration;

/// From the contacts page: finds the imported Mette Hansen and opens her, where her number
/// shows as kept but not checked.
async fn open_mette_with_her_unchecked_number(h: &Harness) {
    h.type_into("search-input", "mette").await;
    h.first_showing("search-result-person-", "Mette Hansen")
        .await;
    h.first("search-result-person-")
        .await
        .click()
        .await
        .unwrap();
    h.el("phone-unchecked").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn import_find_move_a_deal_and_see_the_dashboard() {
    let mut h = Harness::start("customer-files").await;
    h.create_vault(
        "Bakkerij Jansen",
        "anna",
        "Anna de Vries",
        "paars-fietsbel-onder-regen",
    )
    .await;
    h.click("nav-contacts").await;
    h.click("demo-fill-button").await;
    h.first("contact-row-").await;

    // Import: the file is picked in the page's file input; the core detects ";" and 1252.
    h.click("import-open").await;
    h.el("import-page").await;
    h.shot("import-choose").await;
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/klanten-excel.csv");
    h.el("import-file")
        .await
        .send_keys(csv.to_str().unwrap())
        .await
        .expect("choose the CSV file");
    let summary = h.text("import-summary").await;
    assert!(summary.contains("4"), "summary: {summary:?}");
    assert!(summary.contains("Windows-1252"), "summary: {summary:?}");
    assert!(summary.contains(';'), "summary: {summary:?}");
    assert_eq!(
        h.attr("import-map-2", "value").await.as_deref(),
        Some("family_name")
    );
    h.shot("import-mapping").await;
    h.click("import-start").await;
    let imported = h.text("import-imported").await;
    assert!(imported.contains('4'), "report: {imported:?}");
    assert_eq!(
        h.attr("import-report", "data-committed").await.as_deref(),
        Some("true")
    );
    // Mette's Danish number cannot be checked and her e-mail address is broken: she is
    // imported all the same, and the report names both fields.
    assert!(h.text("import-noted-count").await.contains('2'));
    let notes = h
        .client
        .find_all(Locator::Css("[data-testid=\"import-note\"]"))
        .await
        .unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(
        notes[0].attr("data-kept").await.unwrap().as_deref(),
        Some("false"),
        "the e-mail address is left out"
    );
    assert_eq!(
        notes[1].attr("data-kept").await.unwrap().as_deref(),
        Some("true"),
        "the number is kept as typed"
    );
    h.direct_scroll("import-notes").await;
    h.shot("import-report").await;
    h.click("import-close").await;
    h.until("the list to count the imported people", || async {
        h.text("contacts-total").await.contains("504")
    })
    .await;
    open_mette_with_her_unchecked_number(&h).await;
    h.shot("unchecked-phone").await;
    h.click("nav-contacts").await;

    // Find an imported person from another section with the keyboard shortcut.
    h.click("nav-settings").await;
    h.open_palette().await;
    // Folded diacritics: "jurgen" finds Jürgen (the organisation Müller GmbH would come first
    // for "muller").
    h.type_into("palette-input", "jurgen").await;
    h.first_showing("palette-hit-person-", "Jürgen Müller")
        .await;
    h.shot("palette").await;
    h.client
        .active_element()
        .await
        .unwrap()
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    h.el("person-view").await;
    assert_eq!(h.text("person-name").await, "Jürgen Müller");
    h.shot("imported-person").await;

    // The deals board: drag a card from the first stage to the second with the mouse.
    h.click("nav-deals").await;
    h.el("deals-page").await;
    // The board loads after the page: wait for its columns, not only the page.
    h.first("stage-column-").await;
    let columns = h
        .client
        .find_all(Locator::Css("[data-testid^=\"stage-column-\"]"))
        .await
        .unwrap();
    assert!(columns.len() >= 4, "stages: {}", columns.len());
    let first = columns[0].clone();
    let second = columns[1].clone();
    let second_id = second.attr("data-testid").await.unwrap().unwrap();
    let card = first
        .find(Locator::Css("[data-testid^=\"deal-card-\"]"))
        .await
        .expect("a deal in the first stage");
    let card_id = card.attr("data-testid").await.unwrap().unwrap();
    h.shot("deals-board").await;
    let drag = MouseActions::new("mouse".into())
        .then(PointerAction::MoveToElement {
            element: card.clone(),
            duration: None,
            x: 0.0,
            y: -10.0,
        })
        .then(PointerAction::Down {
            button: MOUSE_BUTTON_LEFT,
        })
        .then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(100)),
            x: 12.0,
            y: 0.0,
        })
        .then(PointerAction::MoveToElement {
            element: second.clone(),
            duration: Some(Duration::from_millis(400)),
            x: 0.0,
            y: 0.0,
        })
        .then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
    h.client.perform_actions(drag).await.expect("drag the card");
    h.client.release_actions().await.ok();
    let moved = format!("[data-testid=\"{second_id}\"] [data-testid=\"{card_id}\"]");
    h.until("the card in the second stage", || async {
        !h.client
            .find_all(Locator::Css(&moved))
            .await
            .unwrap_or_default()
            .is_empty()
    })
    .await;
    h.shot("deal-moved").await;

    // And without a mouse: the card's "move to" control, into the first stage again.
    let first_id = first.attr("data-testid").await.unwrap().unwrap();
    let stage_number = first_id.trim_start_matches("stage-column-");
    let deal_number = card_id.trim_start_matches("deal-card-");
    h.el(&format!("deal-move-{deal_number}"))
        .await
        .select_by_value(stage_number)
        .await
        .expect("choose the first stage");
    let back = format!("[data-testid=\"{first_id}\"] [data-testid=\"{card_id}\"]");
    h.until("the card back in the first stage", || async {
        !h.client
            .find_all(Locator::Css(&back))
            .await
            .unwrap_or_default()
            .is_empty()
    })
    .await;

    // Tasks, organisations and the dashboard with its charts.
    h.click("nav-tasks").await;
    h.el("tasks-page").await;
    h.click("tasks-tab-all").await;
    h.first("task-row-").await;
    h.shot("tasks").await;
    h.click("nav-organisations").await;
    h.first("organisation-row-").await;
    h.shot("organisations").await;
    h.client
        .find(Locator::Css("[data-testid^=\"organisation-row-\"] button"))
        .await
        .expect("an organisation's name")
        .click()
        .await
        .unwrap();
    h.el("organisation-view").await;
    h.shot("organisation-view").await;
    h.click("nav-dashboard").await;
    h.el("dashboard-page").await;
    h.el("chart-pipeline-canvas").await;
    h.el("chart-activity-canvas").await;
    h.shot("dashboard").await;

    // The pipeline is the business's own: the seeded stages are in Dutch here; rename one in
    // Settings and the board follows.
    h.click("nav-settings").await;
    h.click("settings-tab-pipeline").await;
    assert!(h.text("pipeline-label-3").await.starts_with("Offerte"));
    h.shot("pipeline-settings").await;
    h.click("pipeline-rename-3").await;
    h.type_into("pipeline-name-input", "Voorstel verstuurd")
        .await;
    h.click("pipeline-name-save").await;
    h.until("the new stage name", || async {
        h.text("pipeline-label-3").await == "Voorstel verstuurd"
    })
    .await;
    h.click("nav-deals").await;
    // The third column may be scrolled out of view, so read its heading's text content.
    h.until("the renamed column", || async {
        let heading = h.client.find(Locator::Id("stage-name-3")).await;
        match heading {
            Ok(e) => e
                .prop("textContent")
                .await
                .ok()
                .flatten()
                .is_some_and(|t| t.contains("Voorstel verstuurd")),
            Err(_) => false,
        }
    })
    .await;
    h.click("nav-dashboard").await;
    h.el("chart-pipeline-canvas").await;

    // The same screens in English and dark.
    h.click("lang-en").await;
    h.click("theme-dark").await;
    h.until("English", || async { h.html_lang().await == "en" })
        .await;
    h.shot("dashboard-en-dark").await;
    h.click("nav-deals").await;
    h.el("deals-page").await;
    h.shot("deals-en-dark").await;
    h.click("nav-contacts").await;
    h.first("contact-row-").await;
    h.shot("contacts-en-dark").await;
    // The number kept as typed, marked in English and dark too.
    open_mette_with_her_unchecked_number(&h).await;
    h.shot("unchecked-phone-en-dark").await;
    h.click("nav-tasks").await;
    h.el("tasks-page").await;
    h.shot("tasks-en-dark").await;
    h.click("nav-contacts").await;
    h.first("contact-row-").await;
    h.click("person-new").await;
    h.el("person-form").await;
    h.shot("person-form-en-dark").await;

    h.finish().await;
}
