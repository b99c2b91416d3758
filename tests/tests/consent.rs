//! Consent and restriction in the real app: a user records a newsletter consent given by phone
//! with the statement version shown, then the withdrawal, in the same number of clicks; the
//! privacy officer restricts the person; the user no longer finds them. Dutch, then English and
//! dark. The vault is prepared with the `kluis` command line.
use fantoccini::key::Key;
use fantoccini::Locator;
use kluis_e2e::cli::{add_user, kluis, ADMIN_PW, PW};
use kluis_e2e::Harness;
use std::path::Path;

/// Prepares the vault and returns the id and name of the person the scenario works with.
fn prepare(dir: &Path) -> (i64, String) {
    kluis(
        dir,
        &[("KLUIS_PASSWORD", ADMIN_PW)],
        &["init", "--org", "Bakkerij Jansen", "--admin", "anna"],
    );
    let admin = [("KLUIS_USER", "anna"), ("KLUIS_PASSWORD", ADMIN_PW)];
    kluis(dir, &admin, &["demo", "--contacts", "60"]);
    add_user(dir, "olga", "privacy_officer", "Olga Officier");
    add_user(dir, "piet", "user", "Piet Prins");
    let olga = [("KLUIS_USER", "olga"), ("KLUIS_PASSWORD", PW)];
    kluis(
        dir,
        &olga,
        &["purposes", "adopt", "newsletter", "--lang", "nl"],
    );
    for (lang, text) in [
        ("nl", "Ja, ik wil de maandelijkse nieuwsbrief van Bakkerij Jansen per e-mail ontvangen. Afmelden kan altijd."),
        ("en", "Yes, I would like to receive Bakkerij Jansen's monthly newsletter by e-mail. I can unsubscribe at any time."),
    ] {
        let file = dir.join(format!("statement-{lang}.txt"));
        std::fs::write(&file, text).unwrap();
        kluis(
            dir,
            &olga,
            &["consent", "publish", "--purpose", "Nieuwsbrief", "--lang", lang, "--file", file.to_str().unwrap()],
        );
    }
    let hits: serde_json::Value = serde_json::from_str(&kluis(
        dir,
        &admin,
        &["contacts", "search", "ba", "--json", "--limit", "20"],
    ))
    .unwrap();
    let person = hits
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["kind"] == "person")
        .expect("a person in the demo data");
    (
        person["id"].as_i64().unwrap(),
        person["title"].as_str().unwrap().to_string(),
    )
}

async fn open_person(h: &Harness, name: &str, id: i64) {
    h.open_palette().await;
    h.type_into("palette-input", name).await;
    h.click(&format!("palette-hit-person-{id}")).await;
    h.el("person-view").await;
}

async fn status(h: &Harness, purpose: i64) -> String {
    h.attr(&format!("consent-status-{purpose}"), "data-status")
        .await
        .unwrap_or_default()
}

/// Clicks the page has seen since the counter was last reset.
async fn clicks(h: &Harness, reset: bool) -> i64 {
    let script = if reset {
        "if (!window.__kluisClicks) { document.addEventListener('click', () => { window.__kluisClickCount += 1; }, true); window.__kluisClicks = true; }
         window.__kluisClickCount = 0; return 0;"
    } else {
        "return window.__kluisClickCount;"
    };
    h.client
        .execute(script, vec![])
        .await
        .unwrap()
        .as_i64()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn consent_by_phone_withdrawn_in_as_many_clicks_then_restricted_and_gone() {
    let dir = tempfile::tempdir().unwrap();
    let (person, name) = prepare(dir.path());
    let purpose = 1;
    let mut h = Harness::start_with("consent", dir, "nl_NL.UTF-8").await;
    h.sign_in("piet", PW).await;
    open_person(&h, &name, person).await;
    h.el("consent-panel").await;
    assert_eq!(status(&h, purpose).await, "unknown");
    h.shot("consent-panel").await;

    // Granting: one button, the way it reached us, the statement shown (the current Dutch
    // version is preselected), the evidence, confirm.
    clicks(&h, true).await;
    h.click(&format!("consent-action-{purpose}")).await;
    h.el("consent-dialog").await;
    h.select("consent-channel", "phone").await;
    h.type_into(
        "consent-evidence",
        "Telefoongesprek 27-11, klant vroeg zelf om de nieuwsbrief",
    )
    .await;
    let statement = h.el("consent-statement-text").await;
    let shown = statement
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(shown.contains("maandelijkse nieuwsbrief"), "{shown}");
    h.shot("consent-grant-dialog").await;
    h.click("consent-confirm").await;
    h.until("consent granted", || async {
        status(&h, purpose).await == "granted"
    })
    .await;
    let grant_clicks = clicks(&h, false).await;
    let version = h.el(&format!("consent-version-{purpose}")).await;
    let version = version
        .prop("textContent")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(version.contains('1'), "statement version shown: {version}");
    h.shot("consent-granted").await;

    // Withdrawing: the same button, the same form, the same clicks.
    clicks(&h, true).await;
    h.click(&format!("consent-action-{purpose}")).await;
    h.el("consent-dialog").await;
    h.select("consent-channel", "phone").await;
    h.type_into(
        "consent-evidence",
        "Telefoongesprek 27-11, wil geen nieuwsbrief meer",
    )
    .await;
    h.shot("consent-withdraw-dialog").await;
    h.click("consent-confirm").await;
    h.until("consent withdrawn", || async {
        status(&h, purpose).await == "withdrawn"
    })
    .await;
    let withdraw_clicks = clicks(&h, false).await;
    assert_eq!(
        grant_clicks, withdraw_clicks,
        "granting and withdrawing take the same number of clicks"
    );
    let history = h
        .client
        .find_all(Locator::Css("[data-testid^=\"consent-event-\"]"))
        .await
        .unwrap();
    assert_eq!(history.len(), 2, "both events stay in the history");
    h.shot("consent-withdrawn-history").await;
    h.sign_out().await;

    // The privacy officer restricts processing (the subject contests the data).
    h.sign_in("olga", PW).await;
    open_person(&h, &name, person).await;
    h.click("restriction-add").await;
    h.select("restriction-ground", "accuracy_contested").await;
    h.type_into("restriction-note", "Betwist het adres; wordt nagegaan.")
        .await;
    h.shot("restriction-dialog").await;
    h.click("restriction-confirm").await;
    h.el("restriction-banner").await;
    h.shot("restricted-person").await;
    h.sign_out().await;

    // The user no longer finds them, and the core refuses them to a direct call too.
    h.sign_in("piet", PW).await;
    h.open_palette().await;
    h.type_into("palette-input", &name).await;
    h.until("the search answered", || async {
        h.client
            .find(Locator::Css(
                "[data-testid=\"palette\"] li.empty, [data-testid^=\"palette-hit-\"]",
            ))
            .await
            .is_ok()
    })
    .await;
    // Results can arrive a moment after the input; give the last query time to land.
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    assert!(
        !h.exists(&format!("palette-hit-person-{person}")).await,
        "a restricted person is not found by a user"
    );
    h.shot("search-without-restricted").await;
    let answer = h
        .direct_call("person_view", serde_json::json!({ "id": person }))
        .await;
    assert_eq!(answer["err"]["code"], "record.restricted", "{answer}");
    h.el("palette-input")
        .await
        .send_keys(&Key::Escape.to_string())
        .await
        .unwrap();
    h.gone("palette").await;
    h.sign_out().await;

    // English and dark: the officer's view of the marked person.
    h.sign_in("olga", PW).await;
    h.click("lang-en").await;
    h.click("theme-dark").await;
    open_person(&h, &name, person).await;
    h.el("restriction-banner").await;
    h.shot("restricted-person-en-dark").await;
    // Privacy in English and dark: coverage, the statements, a marketing list's preview.
    h.click("nav-privacy").await;
    h.el("privacy-overview").await;
    h.first_showing("overview-restricted-value", "1").await;
    h.shot("privacy-overview-en-dark").await;
    h.click("privacy-tab-statements").await;
    h.el(&format!("statement-current-{purpose}-en")).await;
    h.shot("privacy-statements-en-dark").await;
    h.click("privacy-tab-marketing").await;
    h.el("marketing-included").await;
    // The restricted person is counted as left out.
    h.first_showing("marketing-left-restricted", "1").await;
    h.shot("privacy-marketing-en-dark").await;
    h.click("theme-light").await;
    h.click("lang-nl").await;
    h.finish().await;
}
