//! Shared by the CLI tests that drive the real binary on a seeded vault (`testkit::seed`).
#![allow(dead_code)]
use kluis_core::testkit::{user_for, OWN_PASSWORD};
use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `kluis --data-dir DIR ARGS` as the seeded administrator, with no terminal on stdin.
pub fn as_admin(dir: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kluis"));
    c.arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("KLUIS_DATA_DIR")
        .env("KLUIS_USER", user_for("administrator"))
        .env("KLUIS_PASSWORD", OWN_PASSWORD)
        .stdin(Stdio::null());
    c
}

/// `kluis --data-dir DIR ARGS` with exactly `envs` (none inherited), no terminal on stdin.
pub fn kluis(dir: &Path, envs: &[(&str, &str)], args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kluis"));
    c.arg("--data-dir").arg(dir).args(args);
    c.env_remove("KLUIS_PASSWORD")
        .env_remove("KLUIS_USER")
        .env_remove("KLUIS_DATA_DIR");
    for (k, v) in envs {
        c.env(k, v);
    }
    c.stdin(Stdio::null());
    c.output().unwrap()
}

/// What a run printed, stdout then stderr.
pub fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}
