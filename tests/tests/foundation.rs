//! The foundation as a person uses it: create a vault, confirm the recovery key, lock, a wrong
//! password, sign in, add a user, sign out, the new user changes the initial password, switch
//! languages.
use kluis_e2e::Harness;

const ADMIN_PW: &str = "paars-fietsbel-onder-regen";
const BOB_INITIAL: &str = "groene-theepot-op-zolder";
const BOB_NEW: &str = "blauwe-olifant-danst-traag";

#[tokio::test(flavor = "multi_thread")]
async fn create_lock_sign_in_add_user_change_password_switch_language() {
    let mut h = Harness::start("foundation").await;
    if kluis_e2e::connected_mode() {
        // Connected, the office's server made the vault (its recovery key is the host's):
        // this desktop connects from its first screen, and everything after is the same.
        assert_eq!(h.html_lang().await, "nl");
        h.create_vault("Bakkerij Jansen", "anna", "Anna de Vries", ADMIN_PW)
            .await;
        h.shot("app-frame").await;
    } else {
        make_the_vault(&mut h).await;
    }

    // Lock now; a wrong password is refused with a message; the right one unlocks.
    h.click("lock-now").await;
    h.el("lock-screen").await;
    h.shot("locked").await;
    h.type_into("unlock-password", "dit-is-het-niet").await;
    h.click("unlock-submit").await;
    let err = h.text("unlock-error").await;
    assert!(!err.trim().is_empty());
    h.shot("wrong-password").await;
    h.type_into("unlock-password", ADMIN_PW).await;
    h.click("unlock-submit").await;
    h.el("sidebar").await;

    // Add a user in Settings > Users.
    h.click("nav-settings").await;
    h.click("settings-tab-users").await;
    h.el("user-row-anna").await;
    h.shot("users").await;
    h.click("user-add-button").await;
    h.type_into("user-form-username", "bob").await;
    h.type_into("user-form-display-name", "Bob Bakker").await;
    // Most people added are Users: that role comes ticked; ticking Guest too and untick again.
    let ticked = |id: &'static str| {
        let h = &h;
        async move { h.el(id).await.prop("checked").await.unwrap().as_deref() == Some("true") }
    };
    assert!(ticked("user-form-role-user").await);
    h.click("user-form-role-guest").await;
    assert!(ticked("user-form-role-guest").await);
    h.click("user-form-role-guest").await;
    assert!(!ticked("user-form-role-guest").await);
    h.type_into("user-form-password", BOB_INITIAL).await;
    h.shot("add-user-form").await;
    h.click("user-form-submit").await;
    h.el("user-row-bob").await;
    h.shot("user-added").await;

    // Sign out; Bob signs in with the initial password and must change it first.
    h.click("sign-out").await;
    h.el("signin-screen").await;
    h.shot("signed-out").await;
    h.type_into("signin-username", "bob").await;
    h.type_into("signin-password", BOB_INITIAL).await;
    h.click("signin-submit").await;
    h.el("change-password-screen").await;
    h.shot("must-change-password").await;
    h.type_into("current-password", BOB_INITIAL).await;
    h.type_into("new-password", BOB_NEW).await;
    h.type_into("new-password-confirm", BOB_NEW).await;
    h.click("change-password-submit").await;
    h.el("sidebar").await;
    let who = h
        .el("current-user")
        .await
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(who.contains("Bob Bakker"), "signed in as {who:?}");
    // Bob is a User: no Users tab in Settings.
    h.click("nav-settings").await;
    h.el("settings-tab-account").await;
    assert!(!h.exists("settings-tab-users").await);
    h.shot("bob-settings").await;

    // Switch to English and back.
    let dutch_title = h.text("page-title").await;
    h.click("lang-en").await;
    h.until("English", || async { h.html_lang().await == "en" })
        .await;
    let english_title = h.text("page-title").await;
    assert_ne!(
        dutch_title, english_title,
        "the title did not change language"
    );
    h.shot("english").await;
    h.click("theme-dark").await;
    h.until("the dark theme", || async {
        h.client
            .execute("return document.documentElement.dataset.theme || document.documentElement.className", vec![])
            .await
            .map(|v| v.to_string().contains("dark"))
            .unwrap_or(false)
    })
    .await;
    h.shot("english-dark").await;
    h.click("theme-light").await;
    h.click("lang-nl").await;
    h.until("Dutch", || async { h.html_lang().await == "nl" })
        .await;
    assert_eq!(h.text("page-title").await, dutch_title);
    h.shot("dutch-again").await;

    h.finish().await;
}

/// First run on this computer: the setup screen, in Dutch on a Dutch system, then the recovery
/// key, shown once, typed back.
async fn make_the_vault(h: &mut Harness) {
    h.el("setup-org").await;
    assert_eq!(h.html_lang().await, "nl");
    h.shot("setup-empty").await;
    h.type_into("setup-org", "Bakkerij Jansen").await;
    h.type_into("setup-username", "anna").await;
    h.type_into("setup-display-name", "Anna de Vries").await;
    h.type_into("setup-password", "welkom").await;
    h.until("a low score for a weak password", || async {
        h.attr("password-meter", "data-score")
            .await
            .and_then(|s| s.parse::<u8>().ok())
            .unwrap_or(9)
            < 3
    })
    .await;
    h.shot("setup-weak-password").await;
    h.type_into("setup-password", ADMIN_PW).await;
    h.type_into("setup-password-confirm", ADMIN_PW).await;
    h.until("a strong score", || async {
        h.attr("password-meter", "data-score")
            .await
            .and_then(|s| s.parse::<u8>().ok())
            .unwrap_or(0)
            >= 3
    })
    .await;
    h.shot("setup-filled").await;
    h.click("setup-submit").await;

    let key = h.text("recovery-key").await.trim().to_string();
    assert_eq!(key.len(), 65, "recovery key looks wrong: {key:?}");
    h.shot("recovery-key").await;
    h.click("recovery-saved-checkbox").await;
    h.type_into("recovery-confirm-input", &key).await;
    h.click("recovery-confirm-submit").await;
    h.el("sidebar").await;
    h.shot("app-frame").await;
}
