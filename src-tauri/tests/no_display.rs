//! A newcomer who runs the app where there is no desktop session (a server, an SSH shell, CI)
//! gets one line in their language that says what is needed and what to use instead, and a
//! non-zero exit code: not a GTK panic backtrace.
use std::process::Command;

fn run_without_display(lang: &str) -> std::process::Output {
    let data = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_kluis-desktop"))
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", lang)
        .env("KLUIS_DATA_DIR", data.path())
        .output()
        .unwrap()
}

#[test]
#[cfg(target_os = "linux")]
fn without_a_display_the_app_says_so_in_one_line() {
    for (lang, expected) in [
        (
            "nl_NL.UTF-8",
            "Kluis heeft een grafische bureaubladsessie nodig",
        ),
        ("en_GB.UTF-8", "Kluis needs a graphical desktop session"),
    ] {
        let out = run_without_display(lang);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{lang}: {stderr}");
        assert!(stderr.starts_with(expected), "{lang}: {stderr}");
        assert!(stderr.contains("kluis --help"), "{lang}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{lang}: {stderr}");
        assert!(!stderr.contains("panicked"), "{lang}: {stderr}");
        assert!(out.stdout.is_empty());
    }
}
