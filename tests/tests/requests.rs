//! Data subject requests in the real app: the privacy officer files an access request, produces
//! the export and reads the report, files an erasure request, erases the person and sees the
//! request closed with its outcome. Dutch, then English and dark.
use kluis_e2e::cli::{add_user, kluis, ADMIN_PW, PW};
use kluis_e2e::Harness;
use std::path::Path;

fn prepare(dir: &Path) -> (i64, String) {
    kluis(
        dir,
        &[("KLUIS_PASSWORD", ADMIN_PW)],
        &["init", "--org", "Bakkerij Jansen", "--admin", "anna"],
    );
    let admin = [("KLUIS_USER", "anna"), ("KLUIS_PASSWORD", ADMIN_PW)];
    kluis(dir, &admin, &["demo", "--contacts", "40"]);
    add_user(dir, "olga", "privacy_officer", "Olga Officier");
    // The first person the search finds for a common family-name start.
    let person = ["b", "d", "j", "v", "m", "s"]
        .iter()
        .find_map(|q| {
            let hits: serde_json::Value = serde_json::from_str(&kluis(
                dir,
                &admin,
                &["contacts", "search", q, "--json", "--limit", "20"],
            ))
            .unwrap();
            hits.as_array()?
                .iter()
                .find(|h| h["kind"] == "person")
                .cloned()
        })
        .expect("a person in the demo data");
    (
        person["id"].as_i64().unwrap(),
        person["title"].as_str().unwrap().to_string(),
    )
}

const SEALED_PASSPHRASE: &str = "zeven-blauwe-fietsen-in-de-regen";

/// The subject's report (as they open it: in their language, with their name), and the other
/// files beside it.
fn read_export(folder: &std::path::Path, name: &str) -> String {
    let report = std::fs::read_to_string(folder.join("report.html")).expect("report.html");
    assert!(report.contains(name), "the report names the subject");
    assert!(report.contains("<html lang=\"nl\">") || report.contains("<html lang=\"en\">"));
    for f in [
        "data.json",
        "data.schema.json",
        "contact.vcf",
        "consents.csv",
    ] {
        assert!(folder.join(f).exists(), "{f}");
    }
    report
}

#[tokio::test(flavor = "multi_thread")]
async fn access_export_then_erasure_closes_the_request() {
    let dir = tempfile::tempdir().unwrap();
    let (person, name) = prepare(dir.path());
    let saved = dir.path().join("saved");
    let mut h = Harness::start_with("requests", dir, "nl_NL.UTF-8").await;
    h.sign_in("olga", PW).await;
    h.click("nav-privacy").await;
    h.click("privacy-tab-requests").await;
    h.el("requests-page").await;

    // An access request: filed, due a month later, answered with the export.
    h.file_request(person, &name, "access").await;
    h.el("request-row-1").await;
    h.shot("requests-queue").await;
    h.click("request-open-1").await;
    h.el("request-detail").await;
    h.click("request-export").await;
    h.el("export-dialog").await;
    let report = if h.office.is_some() {
        // On the office's Kluis only a sealed file travels to this computer: the folder is not
        // offered, and the sealed file opens with its passphrase into the same files.
        h.el("export-folder-office").await;
        h.type_into("export-passphrase", SEALED_PASSPHRASE).await;
        h.type_into("export-passphrase-confirm", SEALED_PASSPHRASE)
            .await;
        h.shot("export-dialog").await;
        h.click("export-confirm").await;
        h.el("export-result").await;
        h.el("export-reminder").await;
        h.shot("export-result").await;
        let opened = saved.join("opened");
        kluis_e2e::cli::kluis(
            &saved,
            &[("KLUIS_PASSPHRASE", SEALED_PASSPHRASE)],
            &[
                "open-sealed",
                saved.join("save-1").to_str().unwrap(),
                "--out",
                opened.to_str().unwrap(),
            ],
        );
        read_export(&opened, &name)
    } else {
        h.click("export-mode-folder").await;
        h.shot("export-dialog").await;
        h.click("export-confirm").await;
        h.el("export-result").await;
        h.shot("export-result").await;
        read_export(&saved.join("save-1"), &name)
    };
    h.click("export-close").await;
    h.gone("export-dialog").await;
    h.click("request-detail-dismiss").await;
    h.gone("request-detail").await;
    // The report as the subject's browser shows it (over the app; modal dialogs are closed).
    h.show_document(&report).await;
    h.shot("report").await;
    h.hide_document().await;

    // An erasure request: filed, then the person erased from it.
    h.file_request(person, &name, "erasure").await;
    h.click("request-open-2").await;
    h.el("request-detail").await;
    h.click("request-erase").await;
    h.el("erase-dialog").await;
    h.type_into("erase-confirm-name", &name).await;
    h.shot("erase-dialog").await;
    h.click("erase-confirm").await;
    h.el("erase-result").await;
    h.first_showing("erase-outcome", "deal").await;
    h.shot("erase-result").await;
    h.click("erase-close").await;
    h.gone("erase-dialog").await;
    h.first_showing("request-status", "Uitgevoerd").await;
    h.shot("request-closed").await;

    // The person is gone from search; the core refuses the file.
    let answer = h
        .direct_call("person_view", serde_json::json!({ "id": person }))
        .await;
    assert_eq!(answer["err"]["code"], "record.not_found", "{answer}");

    h.click("request-detail-dismiss").await;
    h.click("lang-en").await;
    h.click("theme-dark").await;
    h.click("requests-show-closed").await;
    h.el("request-row-2").await;
    h.shot("requests-closed-en-dark").await;
    h.click("theme-light").await;
    h.click("lang-nl").await;
    h.finish().await;
}
