//! Kluis desktop: the Tauri 2 shell. Every window command goes through the command table
//! (`kluis-api`): the session from the desk, one kluis-core service, the error as `{ code, message, details }`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[cfg(test)]
mod authorisation_tests;
mod display;
mod ipc;
mod link;
mod setup;

fn main() {
    display::require_desktop();
    // Before any key or record is in memory: no core dump, no debugger of the same user.
    kluis_core::hardening::protect_process_memory();
    let desk = setup::desk_from_args(std::env::args_os());
    app(tauri::Builder::default(), desk)
        .setup(|app| {
            // Auto-lock is enforced here too, not only by the window's timer: an idle session
            // is ended and its keys leave memory whether or not the window still runs scripts.
            // The window finds out at its next command (session.locked) or by its own timer.
            let handle = app.handle().clone();
            std::thread::spawn(move || loop {
                std::thread::sleep(std::time::Duration::from_secs(15));
                use tauri::Manager;
                handle.state::<kluis_api::Desk>().lock_if_idle();
            });
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the Kluis window could not be started");
}

/// The app on any runtime: the real window in `main`, the mock runtime in the authorisation
/// test, with the same command table, plugin and capabilities.
fn app<R: tauri::Runtime>(builder: tauri::Builder<R>, desk: kluis_api::Desk) -> tauri::Builder<R> {
    let link = link::DesktopLink::load(&desk.paths().dir);
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(desk)
        .manage(link)
        .invoke_handler(ipc::handle::<R>)
}

#[cfg(test)]
mod tests {
    /// The capability grants exactly the table's commands (it is generated from the table; this
    /// catches a hand edit).
    #[test]
    fn capabilities_match_the_command_table() {
        let cap: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
        let mut granted: Vec<String> = cap["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect();
        granted.sort();
        let mut expected: Vec<String> = kluis_api::names()
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .collect();
        expected.sort();
        assert_eq!(granted, expected);
    }

    #[test]
    fn the_window_gets_no_global_tauri_and_a_strict_csp() {
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../tauri.conf.json")).unwrap();
        assert_eq!(conf["app"]["withGlobalTauri"], false);
        let csp = &conf["app"]["security"]["csp"];
        let script = csp["script-src"].as_str().unwrap();
        assert_eq!(script, "'self'");
        for (_, v) in csp.as_object().unwrap() {
            for source in v.as_str().unwrap().split_whitespace() {
                assert_ne!(source, "'unsafe-eval'");
                // No remote origin anywhere; only Tauri's own IPC endpoint.
                if source.starts_with("http") {
                    assert_eq!(source, "http://ipc.localhost");
                }
            }
        }
    }
}
