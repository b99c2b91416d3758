//! Privacy > Register in the real app: a privacy officer adopts a template, records a purpose on
//! legitimate interests (the balancing note is asked for), previews the Art. 30 register and
//! sees the minimisation report; Dutch and English, light and dark.
use kluis_e2e::Harness;
use std::path::{Path, PathBuf};
use std::process::Command;

const ADMIN_PW: &str = "paars-fietsbel-onder-regen";
const PW: &str = "groene-theepot-op-zolder";

fn cli_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("KLUIS_CLI_BIN") {
        return PathBuf::from(p);
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug/kluis");
    assert!(
        p.exists(),
        "the kluis binary {} is missing: build it first (cargo build -p kluis-cli)",
        p.display()
    );
    p
}

fn kluis(dir: &Path, envs: &[(&str, &str)], args: &[&str]) -> String {
    let out = Command::new(cli_binary())
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("KLUIS_DATA_DIR")
        .envs(envs.iter().copied())
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "kluis {args:?}: {text}");
    text
}

fn prepare(dir: &Path) {
    kluis(
        dir,
        &[("KLUIS_PASSWORD", ADMIN_PW)],
        &["init", "--org", "Bakkerij Jansen", "--admin", "anna"],
    );
    let admin = [("KLUIS_USER", "anna"), ("KLUIS_PASSWORD", ADMIN_PW)];
    kluis(dir, &admin, &["demo", "--contacts", "60"]);
    kluis(
        dir,
        &[admin[0], admin[1], ("INITIAL", "tijdelijk-wachtwoord-123")],
        &[
            "user",
            "add",
            "olga",
            "--role",
            "privacy_officer",
            "--display-name",
            "Olga Officier",
            "--password-env",
            "INITIAL",
        ],
    );
    kluis(
        dir,
        &[
            ("KLUIS_USER", "olga"),
            ("KLUIS_PASSWORD", "tijdelijk-wachtwoord-123"),
            ("KLUIS_NEW_PASSWORD", PW),
        ],
        &["passwd"],
    );
}

async fn sign_in(h: &Harness, username: &str, password: &str) {
    h.el("signin-screen").await;
    h.type_into("signin-username", username).await;
    h.type_into("signin-password", password).await;
    h.click("signin-submit").await;
    h.el("sidebar").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_privacy_officer_keeps_the_register() {
    let dir = tempfile::tempdir().unwrap();
    prepare(dir.path());
    let mut h = Harness::start_with("privacy", dir, "nl_NL.UTF-8").await;
    sign_in(&h, "olga", PW).await;
    h.click("nav-privacy").await;
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
