//! The desk the window works on: the vault folder from the command line, and in debug builds
//! the answers end-to-end tests give in advance for dialogs they cannot drive.
use kluis_api::{Desk, DialogTargets};
use kluis_core::paths::VaultPaths;
use kluis_core::KdfParams;
use std::ffi::OsString;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};

/// `--data-dir DIR` (or `KLUIS_DATA_DIR`) chooses the vault folder, as in the CLI.
pub fn desk_from_args(args: impl Iterator<Item = OsString>) -> Desk {
    let mut explicit: Option<PathBuf> = None;
    let mut args = args.skip(1);
    while let Some(a) = args.next() {
        if a == "--data-dir" {
            explicit = args.next().map(PathBuf::from);
        } else if let Some(v) = a.to_str().and_then(|s| s.strip_prefix("--data-dir=")) {
            explicit = Some(PathBuf::from(v));
        }
    }
    let desk = Desk::open(
        VaultPaths::resolve(explicit.as_deref()),
        KdfParams::recommended(),
    );
    match e2e_dir() {
        Some(dir) => desk
            .with_targets(DialogTargets {
                save: Some(dir.clone()),
                numbered: true,
                folder: Some(dir.join("backups")),
            })
            .with_job_hook(e2e_hold),
        None => desk,
    }
}

/// End-to-end tests cannot drive native dialogs: a debug build takes the answers from
/// KLUIS_E2E_SAVE_DIR (a new file name in it per save; `backups` for folders). A release build
/// never does.
fn e2e_dir() -> Option<PathBuf> {
    if !cfg!(debug_assertions) || cfg!(test) {
        return None;
    }
    Some(PathBuf::from(std::env::var_os("KLUIS_E2E_SAVE_DIR")?))
}

/// End-to-end tests hold a job at its first measurable step while `hold-jobs` exists in
/// KLUIS_E2E_SAVE_DIR, so its progress and Cancel can be seen and used at a known moment (a
/// small test vault is backed up faster than a click); a cancel lets it go at once.
fn e2e_hold(p: &kluis_core::job::JobProgress, cancel: &AtomicBool) {
    if p.total == 0 || p.done == 0 {
        return;
    }
    let Some(hold) = e2e_dir().map(|d| d.join("hold-jobs")) else {
        return;
    };
    let since = std::time::Instant::now();
    while hold.exists()
        && !cancel.load(Ordering::SeqCst)
        && since.elapsed() < std::time::Duration::from_secs(60)
    {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_dir_comes_from_the_argument() {
        let dir = tempfile::tempdir().unwrap();
        let args = [
            "kluis-desktop".into(),
            "--data-dir".into(),
            dir.path().as_os_str().to_owned(),
        ];
        let desk = desk_from_args(args.into_iter());
        assert_eq!(desk.paths().dir, dir.path());
        assert!(desk.vault().is_ok());
        // A second window on the same folder is told the vault is in use.
        let args = [
            "kluis-desktop".into(),
            format!("--data-dir={}", dir.path().display()).into(),
        ];
        let second = desk_from_args(args.into_iter());
        assert_eq!(
            second.vault().unwrap_err().code,
            kluis_core::ErrorCode::VaultInUse
        );
    }
}
