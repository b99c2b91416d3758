//! Backups onto a full disk and onto read-only media, for real: a small tmpfs mounted in a
//! private user and mount namespace (`unshare`), so no root and no change to the machine.
//! A backup that does not fit fails with "the disk is full"; one onto read-only media says the
//! folder cannot be written to; both leave the earlier backup and the vault as they were.
use kluis_core::testkit::{seed, user_for, OWN_PASSWORD};
use std::process::Command;

fn namespaces_work() -> bool {
    Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "true"])
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn a_full_or_read_only_backup_disk_fails_clearly_and_keeps_what_was_there() {
    if !namespaces_work() {
        // Containers may forbid user namespaces; say so loudly rather than pass in silence.
        eprintln!("SKIPPED: this machine does not allow `unshare --user --mount`");
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let vault = work.path().join("vault");
    seed(&vault);
    let kluis = env!("CARGO_BIN_EXE_kluis");
    // One backup's size, to size the disk for one and not two.
    let probe = work.path().join("probe");
    std::fs::create_dir(&probe).unwrap();
    let ok = Command::new(kluis)
        .arg("--data-dir")
        .arg(&vault)
        .args(["backup", "create", "--out"])
        .arg(&probe)
        .env("KLUIS_USER", user_for("administrator"))
        .env("KLUIS_PASSWORD", OWN_PASSWORD)
        .status()
        .unwrap();
    assert!(ok.success());
    let size = std::fs::read_dir(&probe)
        .unwrap()
        .flatten()
        .map(|e| e.metadata().unwrap().len())
        .sum::<u64>();
    let disk_kib = (size * 3 / 2) / 1024 + 8;
    let disk = work.path().join("disk");
    std::fs::create_dir(&disk).unwrap();
    let script = r#"
set -u
exec 2>&1
mount -t tmpfs -o "size=${DISK_KIB}k" tmpfs "$DISK" || exit 90
"$KLUIS" backup create --out "$DISK" || exit 91
echo "== second"
"$KLUIS" backup create --out "$DISK"; echo "exit $?"
echo "== files"; ls -a "$DISK"
echo "== verify after full"; "$KLUIS" backup verify "$DISK" || exit 92
mount -o remount,ro "$DISK" || exit 93
echo "== read-only"
"$KLUIS" backup create --out "$DISK"; echo "exit $?"
echo "== verify after read-only"; "$KLUIS" backup verify "$DISK" || exit 94
"$KLUIS" verify || exit 95
echo "== done"
"#;
    let out = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", script])
        .env("DISK", &disk)
        .env("DISK_KIB", disk_kib.to_string())
        .env("KLUIS", kluis)
        .env("KLUIS_DATA_DIR", &vault)
        .env("KLUIS_USER", user_for("administrator"))
        .env("KLUIS_PASSWORD", OWN_PASSWORD)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "{text}");
    let part = |from: &str, to: &str| -> String {
        let a = text.find(from).unwrap_or_else(|| panic!("{from}: {text}"));
        let b = text[a..].find(to).map(|b| a + b).unwrap_or(text.len());
        text[a..b].to_string()
    };
    let second = part("== second", "== files");
    assert!(second.contains("the disk is full"), "{second}");
    assert!(second.contains("exit 1"), "{second}");
    let files = part("== files", "== verify after full");
    assert_eq!(
        files.matches(".kluisbackup").count(),
        1,
        "the first backup stays, nothing half-written beside it: {files}"
    );
    assert!(!files.contains(".partial"), "{files}");
    let read_only = part("== read-only", "== verify after read-only");
    assert!(
        read_only.contains("cannot be written to") && read_only.contains("exit 1"),
        "{read_only}"
    );
    assert!(text.contains("every check passed"), "{text}");
    assert!(text.contains("== done"), "{text}");
}
