//! The `kluis` command line, for preparing a vault before the app opens it.
use std::path::{Path, PathBuf};
use std::process::Command;

/// The administrator's password in vaults the scenarios prepare.
pub const ADMIN_PW: &str = "paars-fietsbel-onder-regen";
/// Everyone else's own password there.
pub const PW: &str = "groene-theepot-op-zolder";

/// `KLUIS_CLI_BIN`, or the workspace's debug build.
pub fn cli_binary() -> PathBuf {
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

/// Runs `kluis --data-dir DIR ARGS` with the given environment; panics unless it succeeds.
pub fn kluis(dir: &Path, envs: &[(&str, &str)], args: &[&str]) -> String {
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

/// `kluis init` for "Bakkerij Jansen" with administrator `anna` (password `ADMIN_PW`); returns
/// the recovery key it prints once, which the app asks to type back at anna's first sign-in.
pub fn init_vault(dir: &Path) -> String {
    let init = kluis(
        dir,
        &[("KLUIS_PASSWORD", ADMIN_PW)],
        &["init", "--org", "Bakkerij Jansen", "--admin", "anna"],
    );
    init.lines()
        .map(str::trim)
        .find(|l| l.len() == 65 && l.matches('-').count() == 10)
        .expect("recovery key")
        .to_string()
}

/// Adds a user with a role as the administrator `anna`, and sets their own password to `PW`.
pub fn add_user(dir: &Path, username: &str, role: &str, display: &str) {
    let admin = [("KLUIS_USER", "anna"), ("KLUIS_PASSWORD", ADMIN_PW)];
    kluis(
        dir,
        &[admin[0], admin[1], ("INITIAL", "tijdelijk-wachtwoord-123")],
        &[
            "user",
            "add",
            username,
            "--role",
            role,
            "--display-name",
            display,
            "--password-env",
            "INITIAL",
        ],
    );
    kluis(
        dir,
        &[
            ("KLUIS_USER", username),
            ("KLUIS_PASSWORD", "tijdelijk-wachtwoord-123"),
            ("KLUIS_NEW_PASSWORD", PW),
        ],
        &["passwd"],
    );
}
