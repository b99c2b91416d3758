//! Ctrl+C during `kluis backup create` and `kluis backup restore`: the command stops with exit
//! code 130 and "nothing was changed", and indeed nothing was: no backup file, the vault as it
//! was. The signal is sent while the job is stopped (SIGSTOP) at a step it reported, so the
//! test does not depend on how fast the machine is.
mod common;

use kluis_core::testkit::seed;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

fn kluis(dir: &Path, args: &[&str]) -> Command {
    let mut c = common::as_admin(dir, args);
    c.env("KLUIS_PROGRESS", "lines");
    c
}

fn signal(pid: u32, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &pid.to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {sig}");
}

/// Runs the command, and at the first progress line starting with `at` stops it, sends SIGINT,
/// lets it go on; returns the exit code and everything it wrote to stderr.
fn interrupted(dir: &Path, args: &[&str], at: &str) -> (Option<i32>, String) {
    let mut child = kluis(dir, args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut seen = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if err.read_line(&mut line).unwrap() == 0 {
            panic!("{args:?} ended before reporting {at:?}: {seen}");
        }
        seen.push_str(&line);
        if line.starts_with(at) {
            break;
        }
    }
    signal(child.id(), "-STOP");
    signal(child.id(), "-INT");
    signal(child.id(), "-CONT");
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    seen.push_str(&rest);
    (child.wait().unwrap().code(), seen)
}

fn files(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn people(dir: &Path) -> String {
    let o = kluis(dir, &["contacts", "search", "Proef"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn ctrl_c_cancels_a_backup_and_a_restore_and_changes_nothing() {
    let vault = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    seed(vault.path());
    // Enough data that encrypting and decrypting take many steps.
    let o = kluis(vault.path(), &["demo", "--contacts", "1500"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let before = files(vault.path());

    let dest = out.path().to_str().unwrap();
    let (code, err) = interrupted(
        vault.path(),
        &["backup", "create", "--out", dest],
        "Encrypting the backup",
    );
    assert_eq!(code, Some(130), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(
        files(out.path()).is_empty(),
        "no backup, not even half of one"
    );
    assert_eq!(files(vault.path()), before);

    // A real backup, then someone added; a cancelled restore keeps them.
    let o = kluis(vault.path(), &["backup", "create", "--out", dest])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = out.path().join("later.csv");
    std::fs::write(&csv, b"Naam;E-mail\r\nLater Proef;later@proef.nl\r\n").unwrap();
    let o = kluis(vault.path(), &["contacts", "import", csv.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    std::fs::remove_file(&csv).unwrap();
    let listed = people(vault.path());
    let (code, err) = interrupted(
        vault.path(),
        &["backup", "restore", dest],
        "Decrypting the backup",
    );
    assert_eq!(code, Some(130), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert_eq!(files(vault.path()), before);
    assert!(listed.contains("Later"), "{listed}");
    assert_eq!(people(vault.path()), listed);
    let o = kluis(vault.path(), &["verify"]).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}
