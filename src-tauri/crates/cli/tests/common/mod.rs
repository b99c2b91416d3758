//! Shared by the CLI tests that drive the real binary on a seeded vault (`testkit::seed`).
#![allow(dead_code)]
use kluis_core::testkit::{user_for, OWN_PASSWORD};
use std::path::Path;
use std::process::{Command, Stdio};

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
