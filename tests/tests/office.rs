//! Two desktops and one office server (OFFICE.md), as people use them: each connects from the
//! first screen with a code and the fingerprint, signs in and works on the same vault; an
//! administrator adds the second desktop from Settings > Devices and later revokes it, and that
//! desktop is told so; the server restarts and is sealed until an administrator unlocks it from a
//! desktop. Working together: a person one desktop adds appears in the other's open list
//! without a reload, and a stale edit gets the conflict notice instead of overwriting. One
//! desktop speaks English in the dark theme, the other Dutch in the light one.
use kluis_e2e::cli::ADMIN_PW;
use kluis_e2e::office::OfficeServer;
use kluis_e2e::Harness;

#[tokio::test(flavor = "multi_thread")]
async fn two_desktops_one_server_devices_revocation_and_a_sealed_restart() {
    let mut server = OfficeServer::start();
    server.unlock();

    // Desktop A (English, dark): connects with a code from the server's command line.
    let mut a = Harness::start_with("office-a", tempfile::tempdir().unwrap(), "en_GB.UTF-8").await;
    a.click("theme-dark").await;
    a.el("setup-connect").await;
    a.shot("first-screen-offers-the-office").await;
    let first = server.code();
    a.connect(
        &server.enrol_address(),
        &first.fingerprint,
        &first.code,
        "Front desk",
    )
    .await;
    a.shot("connected-sign-in").await;
    a.sign_in_confirming("anna", ADMIN_PW, &server.recovery_key)
        .await;
    a.shot("connected-app").await;

    // A adds desktop B in Settings > Devices: the code dialog shows what B types.
    a.click("nav-settings").await;
    a.click("settings-tab-devices").await;
    a.el("device-row-1").await;
    a.shot("devices-one").await;
    a.click("device-add").await;
    let code = a.text("device-code-code").await.trim().to_string();
    let fingerprint = a.text("device-code-fingerprint").await.trim().to_string();
    assert_eq!(
        fingerprint, first.fingerprint,
        "the same CA on both ways in"
    );
    a.shot("device-code").await;
    a.click("device-code-done").await;

    // Desktop B (Dutch, light): a wrong code is refused in Dutch, then the right one works.
    let b_dir = tempfile::tempdir().unwrap();
    let b_saved = b_dir.path().join("saved");
    let mut b = Harness::start_with("office-b", b_dir, "nl_NL.UTF-8").await;
    b.click("theme-light").await;
    b.click("setup-connect").await;
    b.type_into("connect-address", &server.enrol_address())
        .await;
    b.type_into("connect-fingerprint", &fingerprint).await;
    b.type_into("connect-code", "AAAAA-AAAAA").await;
    b.type_into("connect-device-name", "Kantoor achter").await;
    b.click("connect-submit").await;
    assert_eq!(
        b.attr("form-error", "data-code").await.as_deref(),
        Some("enrol.code_invalid")
    );
    b.shot("wrong-code-refused").await;
    b.type_into("connect-code", &code).await;
    b.click("connect-submit").await;
    b.el("signin-screen").await;
    b.sign_in_confirming("anna", ADMIN_PW, &server.recovery_key)
        .await;
    b.shot("connected-app").await;

    // Working together. B has the contact list open; A adds a person, and B's list shows her
    // without anyone reloading (the server's event stream).
    b.click("nav-contacts").await;
    b.el("contacts-page").await;
    a.click("nav-contacts").await;
    a.click("person-new").await;
    a.type_into("pf-givenName", "Greet").await;
    a.type_into("pf-familyName", "Jansen").await;
    a.click("pf-save").await;
    a.el("person-view").await;
    let row = b.first_showing("contact-row-", "Greet Jansen").await;
    b.shot("sees-it-live").await;

    // Both open her form; B saves first. A's save, made from the version before, is refused:
    // the conflict notice says who and when, A's input stays, A compares and saves over it.
    a.click("person-edit").await;
    a.el("person-form").await;
    row.find(fantoccini::Locator::Css("button.link, button.record-link"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    b.click("person-edit").await;
    b.type_into("pf-familyName", "Janssen").await;
    b.click("pf-save").await;
    b.gone("person-form").await;
    a.type_into("pf-tags", "vip").await;
    a.click("pf-save").await;
    a.el("conflict-notice").await;
    assert!(
        a.text("conflict-title")
            .await
            .contains("while you were editing"),
        "{}",
        a.text("conflict-title").await
    );
    a.click("conflict-compare").await;
    a.el("conflict-diff").await;
    assert_eq!(
        a.el("pf-tags")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("vip")
    );
    a.shot("conflict-dialog").await;
    a.click("conflict-overwrite").await;
    a.gone("person-form").await;
    // B's open 360 view follows A's save.
    b.first_showing("person-view", "vip").await;
    b.shot("sees-the-save-live").await;

    // Files travel, paths do not: B exports the contact list; the server makes the file and B
    // saves it on this computer (the test's save folder stands in for the save dialog).
    b.click("nav-contacts").await;
    b.click("export-open").await;
    b.click("export-scope-all").await;
    b.click("export-csv").await;
    b.click("export-start").await;
    b.el("export-done").await;
    b.shot("export-saved-here").await;
    let csv = std::fs::read_dir(&b_saved)
        .unwrap()
        .filter_map(|e| std::fs::read_to_string(e.unwrap().path()).ok())
        .find(|t| t.contains("Greet"))
        .expect("the exported list is saved on B's computer");
    assert!(csv.contains("Jansen"), "{csv}");
    b.click("export-done-close").await;

    // A sees both desktops and revokes B; B is told at its next step.
    a.click("nav-settings").await;
    a.click("settings-tab-devices").await;
    a.el("device-row-2").await;
    a.shot("devices-two").await;
    a.click("device-revoke-2").await;
    a.el("confirm-dialog").await;
    a.shot("revoke-confirm").await;
    a.click("confirm-dialog-ok").await;
    a.el("devices-notice").await;
    a.shot("revoked").await;
    b.click("nav-dashboard").await;
    b.until("the revoked screen", || async {
        b.exists("vault-problem").await
    })
    .await;
    assert_eq!(
        b.attr("problem-code", "data-code").await.as_deref(),
        Some("device.revoked")
    );
    b.shot("told-revoked").await;

    // The server restarts: sealed. A is told, and unlocks it as an administrator.
    server.kill();
    server.run();
    // The first step after the restart finds the old connection broken: the window says the
    // server cannot be reached; asking again finds it sealed.
    a.click("nav-dashboard").await;
    a.until("the server's state", || async {
        a.exists("unlock-server").await || a.exists("offline-banner").await
    })
    .await;
    if a.exists("offline-banner").await {
        a.shot("offline").await;
        a.click("offline-retry").await;
    }
    a.until("the sealed screen", || async {
        a.exists("unlock-server").await
    })
    .await;
    assert_eq!(
        a.attr("problem-code", "data-code").await.as_deref(),
        Some("server.sealed")
    );
    a.shot("sealed").await;
    a.type_into("unlock-username", "anna").await;
    a.type_into("unlock-password", ADMIN_PW).await;
    a.click("unlock-submit").await;
    a.el("signin-screen").await;
    a.sign_in("anna", ADMIN_PW).await;
    a.el("sidebar").await;
    a.shot("unlocked-and-back").await;

    a.finish().await;
    b.finish().await;
}
