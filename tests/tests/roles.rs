//! Roles end to end in the real app: a guest sees no edit controls and a direct call from the
//! webview is refused; a user without the delete right cannot delete; HR sees personnel files
//! and the reasons of absences, a user sees no Personnel menu and a direct call is refused;
//! management sees money on the dashboard and a user does not; an administrator edits roles
//! in Settings. The vault is prepared with the `kluis` command line first.
use kluis_e2e::cli::{add_user, init_vault, kluis, ADMIN_PW, PW};
use kluis_e2e::Harness;
use serde_json::Value;
use std::path::Path;

/// A vault with a person in each role, all with their own password, and demo data (after
/// them: invented personnel files are sealed to those who may read them); returns the recovery
/// key the administrator will be asked to type back.
fn prepare(dir: &Path) -> String {
    let key = init_vault(dir);
    let admin = [("KLUIS_USER", "anna"), ("KLUIS_PASSWORD", ADMIN_PW)];
    for (name, display, role) in [
        ("gast", "Gijs Gast", "guest"),
        ("piet", "Piet Prins", "user"),
        ("hanna", "Hanna Hoekstra", "hr"),
        ("mark", "Mark Meijer", "management"),
    ] {
        add_user(dir, name, role, display);
    }
    kluis(dir, &admin, &["demo", "--contacts", "120"]);
    key
}

/// Opens a list row through its name button (what a keyboard user would press).
async fn open_link(row: &fantoccini::elements::Element) {
    row.find(fantoccini::Locator::Css("button.link, button.record-link"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
}

fn refused(answer: &Value) -> bool {
    answer["err"]["code"] == "access.denied"
}

#[tokio::test(flavor = "multi_thread")]
async fn each_role_sees_and_may_do_what_its_grants_allow() {
    let dir = tempfile::tempdir().unwrap();
    let key = prepare(dir.path());
    let mut h = Harness::start_with("roles", dir, "nl_NL.UTF-8").await;

    // A guest: the list and a person, without any control that changes something.
    h.sign_in("gast", PW).await;
    h.click("nav-contacts").await;
    let row = h.first("contact-row-").await;
    assert!(!h.exists("person-new").await && !h.exists("import-open").await);
    assert!(!h.exists("export-open").await);
    h.shot("guest-contacts").await;
    open_link(&row).await;
    h.el("person-view").await;
    assert!(!h.exists("person-edit").await && !h.exists("person-delete").await);
    h.shot("guest-person").await;
    h.click("nav-deals").await;
    h.el("deals-page").await;
    assert!(!h.exists("deal-new").await);
    h.shot("guest-deals").await;
    // The webview console is no way around it: the core refuses and nothing changes.
    let answer = h
        .direct_call(
            "person_update",
            serde_json::json!({ "id": 1, "version": 1, "input": {
        "givenName": "Gehackt", "tussenvoegsel": "", "familyName": "X", "salutation": null,
        "dateOfBirth": null, "organisationId": null, "jobTitle": null, "preferredLanguage": null,
        "source": null, "ownerId": null, "notes": null, "emails": [], "phones": [],
        "addresses": [], "tags": [] } }),
        )
        .await;
    assert!(refused(&answer), "guest edit: {answer}");
    h.sign_out().await;

    // A user: edits, but deletes nothing, sees no money and no Personnel.
    h.sign_in("piet", PW).await;
    h.click("nav-contacts").await;
    let row = h.first("contact-row-").await;
    open_link(&row).await;
    h.el("person-edit").await;
    assert!(!h.exists("person-delete").await);
    h.shot("user-person-no-delete").await;
    let answer = h
        .direct_call("person_delete", serde_json::json!({ "id": 1 }))
        .await;
    assert!(refused(&answer), "user delete: {answer}");
    assert!(!h.exists("nav-hr").await, "a user must not see Personnel");
    let answer = h
        .direct_call(
            "employees_list",
            serde_json::json!({ "query": { "after": null, "limit": 10, "includeFormer": true } }),
        )
        .await;
    assert!(refused(&answer), "user personnel list: {answer}");
    h.click("nav-dashboard").await;
    h.el("figure-open-deals").await;
    assert!(!h.exists("figure-pipeline-value").await);
    h.shot("user-dashboard-without-money").await;
    h.sign_out().await;

    // HR: the personnel files, with the reasons of absences.
    h.sign_in("hanna", PW).await;
    h.click("nav-hr").await;
    open_link(&h.first("hr-row-").await).await;
    h.el("hr-file").await;
    h.shot("hr-file").await;
    h.click("hr-back").await;
    h.el("hr-list").await;
    h.shot("hr-list").await;
    h.sign_out().await;

    // Management: money on the dashboard; personnel files with absence reasons locked.
    h.sign_in("mark", PW).await;
    h.click("nav-dashboard").await;
    h.until("the pipeline value in euros", || async {
        h.el("figure-pipeline-value-value")
            .await
            .prop("textContent")
            .await
            .ok()
            .flatten()
            .is_some_and(|v| v.contains('€'))
    })
    .await;
    h.shot("management-dashboard").await;
    h.click("nav-hr").await;
    open_link(&h.first("hr-row-").await).await;
    h.el("hr-file").await;
    let shown = h
        .client
        .find_all(fantoccini::Locator::Css(
            "[data-testid^=\"hr-absence-reason-\"][data-redacted=\"false\"]",
        ))
        .await
        .unwrap();
    assert!(shown.is_empty(), "management must not see absence reasons");
    h.shot("management-file").await;
    h.sign_out().await;

    // The administrator: Settings > Roles, a custom role from the matrix, given to Piet with
    // the right to delete; Piet's next sign-in offers Delete.
    h.sign_in_confirming("anna", ADMIN_PW, &key).await;
    assert!(
        !h.exists("nav-hr").await,
        "administrators do not see personnel files"
    );
    h.click("nav-settings").await;
    h.click("settings-tab-roles").await;
    h.el("roles-tab").await;
    h.shot("roles").await;
    h.click("role-view-management").await;
    h.el("grant-matrix").await;
    h.shot("role-management-matrix").await;
    h.client
        .active_element()
        .await
        .unwrap()
        .send_keys(&fantoccini::key::Key::Escape.to_string())
        .await
        .unwrap();
    h.click("role-new-button").await;
    h.type_into("role-name", "Verkoop binnendienst").await;
    h.click("grant-contact-edit").await;
    h.click("grant-sales-view").await;
    h.shot("role-editor").await;
    h.click("role-save").await;
    h.first("role-row-custom_").await;
    h.click("settings-tab-users").await;
    h.click("user-access-piet").await;
    h.click("user-access-delete-yes").await;
    h.shot("user-access").await;
    h.click("user-access-save").await;
    h.el("user-row-piet").await;
    h.sign_out().await;
    h.sign_in("piet", PW).await;
    h.click("nav-contacts").await;
    let row = h.first("contact-row-").await;
    open_link(&row).await;
    h.el("person-delete").await;
    h.shot("user-may-delete").await;

    // English and dark, on the roles screen of the administrator.
    h.sign_out().await;
    h.sign_in("anna", ADMIN_PW).await;
    h.click("nav-settings").await;
    h.click("lang-en").await;
    h.click("theme-dark").await;
    h.click("settings-tab-roles").await;
    h.el("roles-tab").await;
    h.shot("roles-en-dark").await;
    if kluis_e2e::connected_mode() {
        unattended_restart(&mut h).await;
    }
    h.click("theme-light").await;
    h.click("lang-nl").await;
    h.finish().await;
}

/// Settings > Security on a connected desktop: the administrator allows unattended restart
/// with the trade-off in view, is shown the host's next step, and turns it off again. The
/// state comes from the server (the core decides; the host then seals its credential).
async fn unattended_restart(h: &mut Harness) {
    h.click("settings-tab-security").await;
    h.el("unattended").await;
    assert!(h.text("unattended-status").await.contains("Off"));
    assert!(h
        .text("unattended-tradeoff")
        .await
        .contains("without any password"));
    h.click("unattended-allow").await;
    h.el("confirm-dialog").await;
    h.shot("unattended-allow-en-dark").await;
    h.click("confirm-dialog-ok").await;
    h.gone("confirm-dialog").await;
    assert!(h
        .text("unattended-command")
        .await
        .contains("kluis-server unattended --admin anna"));
    h.shot("unattended-allowed-en-dark").await;
    h.click("theme-light").await;
    h.click("lang-nl").await;
    h.el("unattended-command").await;
    assert!(h.text("unattended-status").await.contains("Toegestaan"));
    h.shot("unattended-allowed-nl-light").await;
    let state = h.direct_call("unattended_get", serde_json::json!({})).await;
    assert_eq!(state["ok"]["allowed"], true, "{state}");
    h.click("unattended-off").await;
    h.click("confirm-dialog-ok").await;
    h.gone("confirm-dialog").await;
    assert!(h.text("unattended-status").await.contains("Uit"));
    h.click("lang-en").await;
    h.click("theme-dark").await;
}
