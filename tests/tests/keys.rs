//! Category keys and forged backups in the real app. Hanna gets the HR role while only the
//! privacy officer holds the personnel key: the personnel screen tells her the key has not
//! reached her (in Dutch and English, light and dark), Settings > Users tells the administrator
//! who waits, and the administrator hands the key over with the recovery key (a wrong one is
//! refused on its field); then Hanna reads the files. Settings > Backups lists another vault's
//! backup and a re-dated copy of this vault's as such, without restore buttons.
use kluis_e2e::cli::{add_user, init_vault, kluis, ADMIN_PW, PW};
use kluis_e2e::Harness;
use std::path::Path;

/// A vault whose personnel files (from the demo) are sealed to the privacy officer only, with
/// Hanna (HR) added after them; a backup folder holding this vault's backup, a copy of it whose
/// clear date was changed, and another vault's backup.
fn prepare(dir: &Path) -> String {
    let key = init_vault(dir);
    let admin = [("KLUIS_USER", "anna"), ("KLUIS_PASSWORD", ADMIN_PW)];
    add_user(dir, "olga", "privacy_officer", "Olga Officier");
    kluis(dir, &admin, &["demo", "--contacts", "20"]);
    add_user(dir, "hanna", "hr", "Hanna Hoekstra");

    let backups = dir.join("saved").join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    let folder = backups.to_str().unwrap();
    kluis(dir, &admin, &["backup", "folder", folder]);
    kluis(dir, &admin, &["backup", "create", "--out", folder]);
    // A copy of it with the date in its clear header moved (same length, so only the MAC can
    // tell): listed, but not as this vault's.
    let ours = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "kluisbackup"))
        .unwrap();
    let mut bytes = std::fs::read(&ours).unwrap();
    let at = bytes
        .windows(8)
        .position(|w| w == b"\"created")
        .expect("the header names its date");
    let year = at + bytes[at..].windows(4).position(|w| w == b"2026").unwrap();
    bytes[year..year + 4].copy_from_slice(b"2024");
    std::fs::write(
        backups.join("kluis-20240101-000000-daily.kluisbackup"),
        bytes,
    )
    .unwrap();
    // Another vault's backup in the same folder.
    let other = tempfile::tempdir().unwrap();
    init_vault(other.path());
    kluis(other.path(), &admin, &["backup", "create", "--out", folder]);
    key
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_waits_for_hand_over_and_forged_backups_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let key = prepare(dir.path());
    let mut h = Harness::start_with("keys", dir, "nl_NL.UTF-8").await;

    // Hanna has the role, not yet the key: Personnel says so, calmly.
    h.sign_in("hanna", PW).await;
    h.click("nav-hr").await;
    h.el("hr-key-waiting").await;
    h.shot("hr-key-waiting").await;
    h.click("lang-en").await;
    h.click("theme-dark").await;
    h.el("hr-key-waiting").await;
    h.shot("hr-key-waiting-en-dark").await;
    h.click("theme-light").await;
    h.click("lang-nl").await;
    h.sign_out().await;

    // The administrator sees who waits and hands the key over with the recovery key.
    h.sign_in_confirming("anna", ADMIN_PW, &key).await;
    h.click("nav-settings").await;
    h.click("settings-tab-users").await;
    h.el("keys-waiting").await;
    h.shot("users-keys-waiting").await;
    h.click("keys-hand-over").await;
    h.el("keys-hand-over-dialog").await;
    h.type_into(
        "keys-recovery-key",
        "ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ",
    )
    .await;
    h.click("keys-hand-over-submit").await;
    h.el("keys-recovery-key-error").await;
    h.shot("hand-over-wrong-key").await;
    h.type_into("keys-recovery-key", &key).await;
    h.click("keys-hand-over-submit").await;
    h.gone("keys-hand-over-dialog").await;
    h.gone("keys-waiting").await;
    h.shot("users-keys-handed-over").await;

    // Settings > Backups: the forged copy and the other vault's file are named, not offered.
    h.click("lang-en").await;
    h.click("theme-dark").await;
    h.click("settings-tab-backups").await;
    h.el("backup-row").await;
    // Anna's sign-out above also wrote an automatic backup, so count by status, not rows.
    h.until("the forged and the foreign file are listed", || async {
        let Ok(rows) = h
            .client
            .find_all(fantoccini::Locator::Css("[data-testid=\"backup-row\"]"))
            .await
        else {
            return false;
        };
        let mut statuses = Vec::new();
        for r in rows {
            statuses.push(
                r.attr("data-status")
                    .await
                    .ok()
                    .flatten()
                    .unwrap_or_default(),
            );
        }
        statuses.iter().filter(|s| *s == "other_vault").count() == 1
            && statuses.iter().filter(|s| *s == "unauthenticated").count() == 1
    })
    .await;
    let rows = h
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=\"backup-row\"]"))
        .await
        .unwrap();
    let mut own = 0;
    for r in &rows {
        if r.attr("data-status").await.unwrap().as_deref() == Some("ok") {
            own += 1;
        }
    }
    assert!(own >= 1, "this vault's own backups are listed");
    let offered = h
        .client
        .find_all(fantoccini::Locator::Css("[data-testid=\"backup-restore\"]"))
        .await
        .unwrap();
    assert_eq!(
        offered.len(),
        own,
        "only this vault's own backups can be restored"
    );
    h.direct_scroll("backup-status").await;
    h.shot("backups-forged-and-foreign").await;
    h.click("theme-light").await;
    h.click("lang-nl").await;
    h.direct_scroll("backup-status").await;
    h.shot("backups-forged-and-foreign-nl").await;
    h.sign_out().await;

    // Hanna now reads the personnel files.
    h.sign_in("hanna", PW).await;
    h.click("nav-hr").await;
    h.first("hr-row-").await;
    h.shot("hr-list-after-hand-over").await;
    h.finish().await;
}
