//! Kluis is a desktop app: without a graphical session GTK cannot start, and its panic told a
//! newcomer nothing. Instead: one line in the person's language saying what is needed and what
//! to use instead (the `kluis` command line), and exit code 2.

/// The exit code when there is no desktop session to open a window in.
pub const NO_DISPLAY_EXIT: i32 = 2;

/// The line printed instead of a window, in the language of the person's locale.
pub fn message(dutch: bool) -> &'static str {
    if dutch {
        "Kluis heeft een grafische bureaubladsessie nodig (X11 of Wayland) en vond er geen. \
         Start Kluis vanuit een bureaublad, of gebruik zonder scherm de opdrachtregel: kluis --help"
    } else {
        "Kluis needs a graphical desktop session (X11 or Wayland) and found none. \
         Start Kluis from a desktop, or without a screen use the command line: kluis --help"
    }
}

/// Whether the locale asks for Dutch (LC_ALL, then LC_MESSAGES, then LANG, as gettext reads them).
pub fn locale_is_dutch(var: impl Fn(&str) -> Option<String>) -> bool {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|k| var(k).filter(|v| !v.is_empty()))
        .next()
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("nl"))
}

/// Whether a window can be opened at all. On Linux GTK needs X11 or Wayland; elsewhere the
/// system always has a desktop.
pub fn has_display(var: impl Fn(&str) -> Option<String>) -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|k| var(k).is_some_and(|v| !v.is_empty()))
}

fn env(k: &str) -> Option<String> {
    std::env::var(k).ok()
}

/// Stops here with the message when there is no display; otherwise makes a GTK start-up
/// failure (a display that is set but cannot be reached) end the same way, not in a panic
/// backtrace. Other panics keep the default report.
pub fn require_desktop() {
    let dutch = locale_is_dutch(env);
    if !has_display(env) {
        eprintln!("{}", message(dutch));
        std::process::exit(NO_DISPLAY_EXIT);
    }
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if text.contains("gtk") || text.contains("display") {
            eprintln!("{}", message(dutch));
            std::process::exit(NO_DISPLAY_EXIT);
        }
        default(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn the_locale_picks_the_language() {
        assert!(locale_is_dutch(vars(&[("LANG", "nl_NL.UTF-8")])));
        assert!(locale_is_dutch(vars(&[
            ("LC_ALL", "nl_BE"),
            ("LANG", "en_GB")
        ])));
        assert!(!locale_is_dutch(vars(&[
            ("LC_ALL", "en_GB"),
            ("LANG", "nl_NL")
        ])));
        assert!(!locale_is_dutch(vars(&[("LC_ALL", ""), ("LANG", "de_DE")])));
        assert!(!locale_is_dutch(vars(&[])));
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_display_is_x11_or_wayland() {
        assert!(!has_display(vars(&[])));
        assert!(!has_display(vars(&[("DISPLAY", "")])));
        assert!(has_display(vars(&[("DISPLAY", ":0")])));
        assert!(has_display(vars(&[("WAYLAND_DISPLAY", "wayland-0")])));
    }
}
