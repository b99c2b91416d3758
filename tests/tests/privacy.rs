//! Privacy > Register in the real app: a privacy officer adopts a template, records a purpose on
//! legitimate interests (the balancing note is asked for), previews the Art. 30 register and
//! sees the minimisation report; Dutch and English, light and dark.
use kluis_e2e::cli::{add_user, kluis, ADMIN_PW, PW};
use kluis_e2e::Harness;
use std::path::Path;

fn prepare(dir: &Path) {
    kluis(
        dir,
        &[("KLUIS_PASSWORD", ADMIN_PW)],
        &["init", "--org", "Bakkerij Jansen", "--admin", "anna"],
    );
    let admin = [("KLUIS_USER", "anna"), ("KLUIS_PASSWORD", ADMIN_PW)];
    kluis(dir, &admin, &["demo", "--contacts", "60"]);
    add_user(dir, "olga", "privacy_officer", "Olga Officier");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_privacy_officer_keeps_the_register() {
    let dir = tempfile::tempdir().unwrap();
    prepare(dir.path());
    let mut h = Harness::start_with("privacy", dir, "nl_NL.UTF-8").await;
    h.sign_in("olga", PW).await;
    h.click("nav-privacy").await;
    // The section opens on the overview; the register is its own tab.
    h.el("privacy-overview").await;
    h.click("privacy-tab-register").await;
    h.el("purposes-empty").await;
    h.shot("register-empty").await;

    h.click("purpose-from-template").await;
    h.click("template-newsletter").await;
    h.shot("template-picker").await;
    h.click("template-adopt").await;
    h.first("purpose-").await;

    // A purpose on legitimate interests needs its balancing of interests.
    h.click("purpose-new").await;
    h.type_into("purpose-name", "Relatiebeheer").await;
    h.type_into(
        "purpose-description",
        "Bestaande klanten op de hoogte houden van nieuwe producten.",
    )
    .await;
    h.click("purpose-basis-legitimate_interests").await;
    h.click("purpose-field-person.email").await;
    h.type_into("purpose-subjects", "Klanten").await;
    h.type_into("purpose-retention", "Twee jaar na het laatste contact.")
        .await;
    h.type_into(
        "purpose-security",
        "Versleutelde database, rollen, auditlogboek.",
    )
    .await;
    h.click("purpose-save").await;
    h.el("purpose-balancingNote-error").await;
    h.shot("balancing-note-required").await;
    h.type_into(
        "purpose-balancingNote",
        "Klanten verwachten dit; bezwaar kan altijd en wordt direct verwerkt.",
    )
    .await;
    h.click("purpose-save").await;
    h.gone("purpose-editor").await;
    h.until("two purposes", || async {
        h.text("purposes-count").await.contains('2')
    })
    .await;
    h.shot("register").await;

    h.click("register-preview").await;
    h.el("register-preview-frame").await;
    h.shot("register-preview").await;
    h.click("register-preview-close").await;

    h.click("privacy-tab-minimisation").await;
    h.el("minimisation-table").await;
    h.shot("minimisation").await;

    h.click("lang-en").await;
    h.click("theme-dark").await;
    h.click("privacy-tab-register").await;
    h.el("purposes-list").await;
    h.shot("register-en-dark").await;
    h.click("theme-light").await;
    h.click("lang-nl").await;
    h.finish().await;
}
