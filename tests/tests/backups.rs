//! Backups in the real app: the administrator chooses a folder, cancels a backup part-way (no
//! file is left), makes a backup, changes her password, runs a restore drill that asks for her
//! password of today (the one of the backup's day is refused; its progress shown), sees the
//! Health tab all green with the audit anchor to note down, signs out (the sign-out backup's
//! progress shown), then restores the backup over a vault where someone was erased since, signs
//! in again and finds the erasure applied again; finally skips a sign-out backup (no file is
//! left). Afterwards the anchor she noted still holds: the restore did not cut the audit trail.
use kluis_e2e::cli::{add_user, init_vault, kluis, ADMIN_PW, PW};

/// Anna's password after she changes it, once the backup is made.
const NEW_PW: &str = "lange-nieuwe-zin-voor-anna";
use kluis_e2e::Harness;
use std::path::Path;

fn prepare(dir: &Path) -> (i64, String, String) {
    let key = init_vault(dir);
    let admin = [("KLUIS_USER", "anna"), ("KLUIS_PASSWORD", ADMIN_PW)];
    kluis(dir, &admin, &["demo", "--contacts", "25"]);
    add_user(dir, "olga", "privacy_officer", "Olga Officier");
    let page: serde_json::Value = serde_json::from_str(&kluis(
        dir,
        &admin,
        &["contacts", "list", "--json", "--limit", "3"],
    ))
    .unwrap();
    let p = &page["rows"][1];
    (
        p["id"].as_i64().unwrap(),
        p["displayName"].as_str().unwrap().to_string(),
        key,
    )
}

fn server(h: &Harness) -> &kluis_e2e::office::OfficeServer {
    h.office.as_ref().expect("connected")
}

async fn health_state(h: &Harness) -> String {
    h.attr("health-summary", "data-state")
        .await
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn backup_drill_health_and_a_restore_that_erases_again() {
    let dir = tempfile::tempdir().unwrap();
    let (person, name, key) = prepare(dir.path());
    // While this file exists the app (a debug build) holds a job at its first measurable step,
    // so its progress can be seen and cancelled at a known moment.
    let saved = dir.path().join("saved");
    std::fs::create_dir_all(&saved).unwrap();
    let hold = saved.join("hold-jobs");
    let mut h = Harness::start_with("backups", dir, "nl_NL.UTF-8").await;
    h.sign_in_confirming("anna", ADMIN_PW, &key).await;
    if kluis_e2e::connected_mode() {
        return on_the_office_server(h, person, &name).await;
    }
    h.click("nav-settings").await;
    h.click("settings-tab-backups").await;
    h.el("backups-tab").await;
    h.shot("backups-empty").await;

    // The folder for automatic backups, then a backup now.
    h.click("backups-choose-folder").await;
    h.until("the folder is shown", || async {
        h.text("backups-folder").await.contains("backups")
    })
    .await;

    // A backup cancelled part-way: the progress shows, Cancel stops it, no file is left.
    std::fs::write(&hold, b"").unwrap();
    h.click("backups-create").await;
    h.el("backup-progress-percent").await;
    h.shot("backup-progress").await;
    h.click("backup-progress-cancel").await;
    h.until("the cancel is reported", || async {
        h.text("backups-notice").await.contains("Geannuleerd")
    })
    .await;
    h.shot("backup-cancelled").await;
    let left: Vec<_> = std::fs::read_dir(saved.join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "nothing left after the cancel: {left:?}");
    std::fs::remove_file(&hold).unwrap();

    h.click("backups-create").await;
    h.el("backup-row").await;
    h.until("the backup is reported", || async {
        !h.text("backups-notice").await.contains("Geannuleerd")
    })
    .await;
    h.shot("backups-made").await;

    // Anna changes her password after the backup (a new key pair, a new database key).
    let changed = h
        .direct_call(
            "change_password",
            serde_json::json!({ "currentPassword": ADMIN_PW, "newPassword": NEW_PW }),
        )
        .await;
    assert!(changed["ok"].is_object(), "{changed}");

    // The restore drill (in English and dark): it asks for the signed-in administrator's
    // password of today; the one she had when the backup was made is refused.
    h.click("lang-en").await;
    h.click("theme-dark").await;
    h.click("backup-drill").await;
    h.el("backup-dialog").await;
    h.shot("drill-dialog").await;
    h.type_into("backup-password", ADMIN_PW).await;
    h.click("backup-submit").await;
    h.el("backup-password-error").await;
    h.shot("drill-wrong-password").await;
    h.type_into("backup-password", NEW_PW).await;
    std::fs::write(&hold, b"").unwrap();
    h.click("backup-submit").await;
    h.el("backup-dialog-progress-percent").await;
    h.shot("drill-progress").await;
    std::fs::remove_file(&hold).unwrap();
    h.el("backup-result").await;
    h.shot("drill-result").await;
    h.click("backup-result-close").await;
    h.gone("backup-dialog").await;
    h.click("theme-light").await;
    h.click("lang-nl").await;

    // Settings > Health: every check green.
    h.click("settings-tab-health").await;
    h.el("health-tab").await;
    h.until("health is checked", || async {
        !health_state(&h).await.is_empty()
    })
    .await;
    assert_eq!(health_state(&h).await, "ok", "all green after a backup");
    h.shot("health-green").await;
    // The audit anchor to note down, as ID:HASH (what `kluis verify --anchor` takes).
    let anchor = h.text("health-audit-head").await.trim().to_string();
    let (id, hash) = anchor.split_once(':').expect("ID:HASH");
    assert!(
        id.parse::<u64>().is_ok()
            && hash.len() == 16
            && hash.chars().all(|c| c.is_ascii_hexdigit()),
        "{anchor}"
    );
    h.direct_scroll("health-audit-head").await;
    h.shot("health-anchor").await;
    h.click("lang-en").await;
    h.click("theme-dark").await;
    h.el("health-check-backup").await;
    h.shot("health-en-dark").await;
    h.click("theme-light").await;
    h.click("lang-nl").await;

    // Signing out with a folder chosen makes the sign-out backup, its progress shown.
    std::fs::write(&hold, b"").unwrap();
    h.click("sign-out").await;
    h.el("sign-out-backup-progress-percent").await;
    h.shot("sign-out-backup").await;
    std::fs::remove_file(&hold).unwrap();
    h.el("signin-screen").await;

    // Olga erases someone after the backup.
    h.sign_in("olga", PW).await;
    let erased = h
        .direct_call(
            "subject_erase",
            serde_json::json!({ "input": { "personId": person, "requestId": null, "lang": "nl" } }),
        )
        .await;
    assert!(erased["ok"].is_object(), "{erased}");
    h.sign_out().await;

    // The restore: the backup comes back, the erasure is applied again, sign in anew (with the
    // password of today: the restore keeps who may sign in and how).
    h.sign_in("anna", NEW_PW).await;
    h.click("nav-settings").await;
    h.click("settings-tab-backups").await;
    h.el("backup-row").await;
    h.click("backup-restore").await;
    h.el("backup-dialog").await;
    h.type_into("backup-password", NEW_PW).await;
    h.click("backup-confirm-replace").await;
    h.shot("restore-dialog").await;
    h.click("backup-submit").await;
    h.el("backup-result").await;
    h.shot("restore-result").await;
    h.click("backup-result-close").await;
    h.sign_in("anna", NEW_PW).await;
    let answer = h
        .direct_call("person_view", serde_json::json!({ "id": person }))
        .await;
    assert_eq!(
        answer["err"]["code"], "record.not_found",
        "{name} was erased after the backup and stays erased after the restore: {answer}"
    );
    h.click("nav-settings").await;
    h.click("settings-tab-health").await;
    h.el("health-tab").await;
    h.until("health is checked", || async {
        !health_state(&h).await.is_empty()
    })
    .await;
    h.shot("health-after-restore").await;

    // The sign-out backup skipped (in English and dark): signed out, no file left of it.
    let files = || -> Vec<_> {
        let mut v: Vec<_> = std::fs::read_dir(saved.join("backups"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        v.sort();
        v
    };
    let before = files();
    h.click("lang-en").await;
    h.click("theme-dark").await;
    std::fs::write(&hold, b"").unwrap();
    h.click("sign-out").await;
    h.el("sign-out-backup-progress-percent").await;
    h.shot("sign-out-backup-en-dark").await;
    h.click("sign-out-backup-progress-cancel").await;
    h.el("signin-screen").await;
    std::fs::remove_file(&hold).unwrap();
    assert_eq!(files(), before, "a skipped sign-out backup leaves no file");
    let dir = h.finish_keeping().await;
    // The anchor noted before the restore still holds: the trail went on from where it was.
    kluis(
        dir.path(),
        &[("KLUIS_USER", "anna"), ("KLUIS_PASSWORD", NEW_PW)],
        &["verify", "--anchor", &anchor],
    );
}

/// The same duties against the office's Kluis: the backups are the host's (its folder, set at
/// unlock, where the day's backup already is), the jobs run on the server and their progress
/// and Cancel travel over HTTPS, a restore ends every session, and the erasure made since
/// the backup is applied again. No sign-out backup: the host makes its own.
async fn on_the_office_server(mut h: Harness, person: i64, name: &str) {
    h.click("nav-settings").await;
    h.click("settings-tab-backups").await;
    h.el("backups-tab").await;
    assert_eq!(
        h.attr("backups-folder", "data-state").await.as_deref(),
        Some("on"),
        "unlocking made the host's folder the backup folder"
    );
    assert!(!h.exists("backups-choose-folder").await);
    h.shot("backups-office").await;
    // The day's backup the host made at unlock.
    h.until("the day's backup made at unlock", || async {
        server(&h).backups().len() == 1
    })
    .await;
    let at_unlock = server(&h).backups();

    // Cancelled part-way on the server: the progress arrives, Cancel travels, no file is left.
    server(&h).hold_jobs(true);
    h.click("backups-create").await;
    h.el("backup-progress-percent").await;
    h.shot("backup-progress-office").await;
    h.click("backup-progress-cancel").await;
    h.until("the cancel is reported", || async {
        h.text("backups-notice").await.contains("Geannuleerd")
    })
    .await;
    server(&h).hold_jobs(false);
    assert_eq!(
        server(&h).backups(),
        at_unlock,
        "nothing left after the cancel"
    );

    h.click("backups-create").await;
    h.until("the new backup is listed", || async {
        server(&h).backups().len() == 2 && !h.text("backups-notice").await.contains("Geannuleerd")
    })
    .await;
    h.shot("backups-made-office").await;

    // The drill in English and dark, its progress held on the server.
    h.click("lang-en").await;
    h.click("theme-dark").await;
    h.click("backup-drill").await;
    h.el("backup-dialog").await;
    h.type_into("backup-password", ADMIN_PW).await;
    server(&h).hold_jobs(true);
    h.click("backup-submit").await;
    h.el("backup-dialog-progress-percent").await;
    h.shot("drill-progress-office-en-dark").await;
    server(&h).hold_jobs(false);
    h.el("backup-result").await;
    h.shot("drill-result-office-en-dark").await;
    h.click("backup-result-close").await;
    h.gone("backup-dialog").await;
    h.click("theme-light").await;
    h.click("lang-nl").await;
    h.sign_out().await;

    // Olga erases someone after the backup; anna restores it; the erasure holds.
    h.sign_in("olga", PW).await;
    let erased = h
        .direct_call(
            "subject_erase",
            serde_json::json!({ "input": { "personId": person, "requestId": null, "lang": "nl" } }),
        )
        .await;
    assert!(erased["ok"].is_object(), "{erased}");
    h.sign_out().await;
    h.sign_in("anna", ADMIN_PW).await;
    h.click("nav-settings").await;
    h.click("settings-tab-backups").await;
    h.click("backup-restore").await;
    h.el("backup-dialog").await;
    h.type_into("backup-password", ADMIN_PW).await;
    h.click("backup-confirm-replace").await;
    h.click("backup-submit").await;
    h.el("backup-result").await;
    h.shot("restore-result-office").await;
    h.click("backup-result-close").await;
    h.sign_in("anna", ADMIN_PW).await;
    let answer = h
        .direct_call("person_view", serde_json::json!({ "id": person }))
        .await;
    assert_eq!(
        answer["err"]["code"], "record.not_found",
        "{name} was erased after the backup and stays erased after the restore: {answer}"
    );
    h.click("nav-settings").await;
    h.click("settings-tab-health").await;
    h.until("health is checked", || async {
        !health_state(&h).await.is_empty()
    })
    .await;
    h.shot("health-after-restore-office").await;
    h.finish().await;
}
