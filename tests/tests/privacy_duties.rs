//! The privacy officer's standing duties in the real app: a breach recorded within its 72 hours,
//! notified and exported; a sealed export that only its passphrase opens, and that a flipped byte
//! gives away; retention rules adopted, previewed and run, with the run in the history.
use kluis_e2e::cli::{add_user, cli_binary, kluis, ADMIN_PW, PW};
use kluis_e2e::Harness;
use std::path::Path;

fn prepare(dir: &Path) -> (i64, String) {
    kluis(
        dir,
        &[("KLUIS_PASSWORD", ADMIN_PW)],
        &["init", "--org", "Bakkerij Jansen", "--admin", "anna"],
    );
    let admin = [("KLUIS_USER", "anna"), ("KLUIS_PASSWORD", ADMIN_PW)];
    // The privacy officer first: the demo's personnel files are sealed to who may read them.
    add_user(dir, "olga", "privacy_officer", "Olga Officier");
    kluis(dir, &admin, &["demo", "--contacts", "30"]);
    let hits: serde_json::Value = serde_json::from_str(&kluis(
        dir,
        &admin,
        &["contacts", "list", "--json", "--limit", "5"],
    ))
    .unwrap();
    let first = &hits["rows"][0];
    (
        first["id"].as_i64().expect("a person"),
        first["displayName"].as_str().unwrap().to_string(),
    )
}

/// People who left, as the app's own command answers the privacy officer.
async fn former_staff(h: &Harness) -> usize {
    let r = h
        .direct_call(
            "employees_list",
            serde_json::json!({ "query": { "after": null, "limit": 200, "includeFormer": true } }),
        )
        .await;
    r["ok"]["rows"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .filter(|e| !e["endDate"].is_null())
        .count()
}

/// `kluis open-sealed FILE --out DIR`, as the subject runs it: the exit status and the output.
fn open_sealed(file: &Path, out: &Path, passphrase: &str) -> (bool, String) {
    let o = std::process::Command::new(cli_binary())
        .args(["open-sealed"])
        .arg(file)
        .arg("--out")
        .arg(out)
        .env("KLUIS_PASSPHRASE", passphrase)
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    (
        o.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn breach_sealed_export_and_retention() {
    let dir = tempfile::tempdir().unwrap();
    let (person, name) = prepare(dir.path());
    let saved = dir.path().join("saved");
    let mut h = Harness::start_with("privacy-duties", dir, "nl_NL.UTF-8").await;
    h.sign_in("olga", PW).await;
    h.click("nav-privacy").await;

    // A breach: recorded now, so 72 hours to notify the authority.
    h.click("privacy-tab-breaches").await;
    h.el("breaches-page").await;
    h.click("breach-new").await;
    h.el("breach-dialog").await;
    h.type_into("breach-title", "Laptop gestolen uit auto")
        .await;
    h.type_into(
        "breach-nature",
        "Onversleutelde laptop met een klantenexport gestolen.",
    )
    .await;
    h.click("breach-category-contact").await;
    h.type_into("breach-subjects", "120").await;
    h.type_into("breach-records", "120").await;
    h.type_into("breach-consequences", "Phishing met klantgegevens.")
        .await;
    h.type_into(
        "breach-measures",
        "Wachtwoorden gewijzigd, apparaat op afstand gewist.",
    )
    .await;
    h.shot("breach-dialog").await;
    h.click("breach-save").await;
    h.gone("breach-dialog").await;
    h.el("breach-row-1").await;
    assert_eq!(
        h.attr("breach-countdown-1", "data-state").await.as_deref(),
        Some("pending"),
        "a new breach counts down"
    );
    h.shot("breach-pending").await;
    // The overview points at it while the 72 hours run.
    h.click("privacy-tab-overview").await;
    h.el("overview-breaches").await;
    h.shot("overview-duties").await;
    h.click("privacy-tab-breaches").await;
    h.el("breach-row-1").await;
    // Notified: the deadline is met.
    h.click("breach-edit-1").await;
    h.el("breach-dialog").await;
    h.type_into(
        "breach-authority-not-required",
        "Gering risico: gegevens op afstand gewist binnen een uur.",
    )
    .await;
    h.click("breach-save").await;
    h.gone("breach-dialog").await;
    h.until("the breach is done", || async {
        h.attr("breach-countdown-1", "data-state").await.as_deref() == Some("done")
    })
    .await;
    h.click("breach-export").await;
    h.el("breaches-notice").await;
    let csv = std::fs::read_to_string(saved.join("save-1")).expect("the breach register CSV");
    assert!(csv.contains("Laptop gestolen uit auto"), "{csv}");
    h.shot("breach-done").await;

    // A sealed export for an access request: a weak passphrase is refused, a strong one seals.
    h.click("privacy-tab-requests").await;
    h.el("requests-page").await;
    h.file_request(person, &name, "portability").await;
    h.click("request-open-1").await;
    h.el("request-detail").await;
    h.click("request-export").await;
    h.el("export-dialog").await;
    h.click("export-mode-sealed").await;
    h.type_into("export-passphrase", "welkom123").await;
    h.type_into("export-passphrase-confirm", "welkom123").await;
    h.click("export-confirm").await;
    h.el("export-passphrase-error").await;
    h.shot("export-weak-passphrase").await;
    let passphrase = "kaneel-vijver-trompet-oktober";
    h.type_into("export-passphrase", passphrase).await;
    h.type_into("export-passphrase-confirm", passphrase).await;
    h.click("export-confirm").await;
    h.el("export-result").await;
    h.el("export-reminder").await;
    h.shot("export-sealed").await;
    h.click("export-close").await;
    h.gone("export-dialog").await;
    h.click("request-detail-dismiss").await;

    // What the subject does with the file: open it with the passphrase given separately.
    let sealed = saved.join("save-2");
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("opened");
    let (ok, text) = open_sealed(&sealed, &out, passphrase);
    assert!(ok, "{text}");
    let data = std::fs::read_to_string(out.join("data.json")).expect("data.json");
    assert!(
        data.contains(name.split(' ').next_back().unwrap()),
        "the export holds the subject"
    );
    for f in ["data.schema.json", "contact.vcf", "report.html"] {
        assert!(out.join(f).exists(), "{f}");
    }
    // A wrong passphrase, or one byte changed on the way, and nothing is written.
    let (ok, text) = open_sealed(
        &sealed,
        &scratch.path().join("wrong"),
        "verkeerd-wachtwoord",
    );
    assert!(!ok && !scratch.path().join("wrong").exists(), "{text}");
    let mut bytes = std::fs::read(&sealed).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    let flipped = scratch.path().join("flipped.kluis");
    std::fs::write(&flipped, bytes).unwrap();
    let (ok, text) = open_sealed(&flipped, &scratch.path().join("tampered"), passphrase);
    assert!(!ok, "a flipped byte must be detected: {text}");
    assert!(!scratch.path().join("tampered").exists());

    // Retention: the personnel-files template, set to one month, takes the two leavers.
    let before = former_staff(&h).await;
    assert!(before >= 1, "the demo has people who left");
    h.click("privacy-tab-retention").await;
    h.el("retention-tab").await;
    h.shot("retention-empty").await;
    h.click("retention-add").await;
    h.click("retention-template-personnel_files").await;
    h.el("retention-rule-dialog").await;
    h.type_into("retention-field-months", "0").await;
    h.click("retention-rule-save").await;
    h.el("retention-field-months-error").await;
    h.type_into("retention-field-months", "1").await;
    h.shot("retention-rule-dialog").await;
    h.click("retention-rule-save").await;
    h.gone("retention-rule-dialog").await;
    h.el("retention-rule").await;
    h.el("retention-preview-item").await;
    h.shot("retention-preview").await;
    h.click("retention-run-now").await;
    h.el("retention-run-dialog").await;
    h.shot("retention-run-dialog").await;
    h.click("retention-run-confirm").await;
    h.gone("retention-run-dialog").await;
    h.el("retention-notice").await;
    h.el("retention-run-row").await;
    h.shot("retention-history").await;
    let after = former_staff(&h).await;
    assert!(
        after < before,
        "leavers of over a month ago are gone: {before} -> {after}"
    );

    h.click("lang-en").await;
    h.click("theme-dark").await;
    h.el("retention-history").await;
    h.shot("retention-en-dark").await;
    h.click("privacy-tab-breaches").await;
    h.el("breach-row-1").await;
    h.shot("breaches-en-dark").await;
    h.click("theme-light").await;
    h.click("lang-nl").await;
    h.finish().await;
}
