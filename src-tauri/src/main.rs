//! Kluis desktop: the Tauri 2 shell. Commands are thin: take the session from the app state,
//! call one kluis-core service, map the error to `{ code, message, details }`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[cfg(test)]
mod authorisation_tests;
mod commands;
mod display;
mod state;

fn main() {
    display::require_desktop();
    // Before any key or record is in memory: no core dump, no debugger of the same user.
    kluis_core::hardening::protect_process_memory();
    let state = state::AppState::from_args(std::env::args_os());
    app(tauri::Builder::default(), state)
        .setup(|app| {
            // Auto-lock is enforced here too, not only by the window's timer: an idle session
            // is ended and its keys leave memory whether or not the window still runs scripts.
            // The window finds out at its next command (session.locked) or by its own timer.
            let handle = app.handle().clone();
            std::thread::spawn(move || loop {
                std::thread::sleep(std::time::Duration::from_secs(15));
                use tauri::Manager;
                handle.state::<state::AppState>().lock_if_idle();
            });
            Ok(())
        })
        .run(tauri::generate_context!())
        .expect("the Kluis window could not be started");
}

/// The app on any runtime: the real window in `main`, the mock runtime in the authorisation
/// test, with the same commands, plugin and capabilities.
fn app<R: tauri::Runtime>(builder: tauri::Builder<R>, state: state::AppState) -> tauri::Builder<R> {
    builder
        .plugin(tauri_plugin_dialog::init())
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::auth::app_status,
            commands::auth::vault_create,
            commands::auth::recovery_key_confirm,
            commands::auth::sign_in,
            commands::auth::sign_out,
            commands::auth::lock,
            commands::auth::recover,
            commands::auth::change_password,
            commands::auth::password_strength,
            commands::auth::session_touch,
            commands::auth::session_info,
            commands::users::users_list,
            commands::users::roles_list,
            commands::users::role_create,
            commands::users::role_update,
            commands::users::role_delete,
            commands::users::user_set_access,
            commands::users::user_add,
            commands::users::user_set_active,
            commands::users::user_remove,
            commands::users::user_reset_password,
            commands::settings::security_settings_get,
            commands::settings::security_settings_set,
            commands::contacts::search_contacts,
            commands::contacts::persons_list,
            commands::contacts::person_view,
            commands::contacts::person_create,
            commands::contacts::person_update,
            commands::contacts::person_delete,
            commands::contacts::organisation_create,
            commands::contacts::timeline_add,
            commands::contacts::staff_list,
            commands::contacts::tags_list,
            commands::contacts::demo_fill,
            commands::contacts::person_duplicates,
            commands::contacts::merge_preview,
            commands::contacts::merge_apply,
            commands::deals::deals_board,
            commands::deals::deal_create,
            commands::deals::deal_move,
            commands::deals::tasks_list,
            commands::deals::task_create,
            commands::deals::task_set_done,
            commands::deals::dashboard_get,
            commands::contacts::organisations_list,
            commands::contacts::organisation_view,
            commands::transfer::import_stage,
            commands::transfer::import_run,
            commands::transfer::import_cancel,
            commands::transfer::import_discard,
            commands::transfer::contacts_export,
            commands::deals::pipeline_stages,
            commands::deals::stage_rename,
            commands::deals::stage_add,
            commands::deals::stage_move,
            commands::deals::stage_remove,
            commands::contacts::organisation_update,
            commands::contacts::organisation_timeline_add,
            commands::deals::deal_update,
            commands::contacts::views_list,
            commands::contacts::view_save,
            commands::contacts::view_delete,
            commands::hr::employees_list,
            commands::hr::employee_view,
            commands::hr::employee_create,
            commands::hr::employee_update,
            commands::hr::employee_delete,
            commands::hr::employee_review_add,
            commands::hr::employee_absence_add,
            commands::privacy::purposes_list,
            commands::privacy::purpose_templates,
            commands::privacy::purpose_adopt,
            commands::privacy::purpose_create,
            commands::privacy::purpose_update,
            commands::privacy::purpose_archive,
            commands::privacy::register_render,
            commands::privacy::register_export,
            commands::privacy::minimisation_report,
            commands::consent::consent_overview,
            commands::consent::consent_record,
            commands::consent::consent_object,
            commands::consent::consent_void,
            commands::consent::consent_statements,
            commands::consent::consent_statement_publish,
            commands::consent::restriction_add,
            commands::consent::restriction_lift,
            commands::consent::marketing_purposes,
            commands::consent::marketing_preview,
            commands::consent::marketing_export,
            commands::consent::privacy_dashboard,
            commands::requests::requests_queue,
            commands::requests::requests_of_person,
            commands::requests::request_file,
            commands::requests::request_start,
            commands::requests::request_extend,
            commands::requests::request_close,
            commands::requests::subject_export,
            commands::requests::subject_erase,
            commands::privacy::breaches_list,
            commands::privacy::breach_create,
            commands::privacy::breach_update,
            commands::privacy::breach_export,
            commands::privacy::retention_rules,
            commands::privacy::retention_templates,
            commands::privacy::retention_adopt,
            commands::privacy::retention_add,
            commands::privacy::retention_update,
            commands::privacy::retention_set_active,
            commands::privacy::retention_preview,
            commands::privacy::retention_run,
            commands::privacy::retention_history,
            commands::backup::backup_overview,
            commands::backup::health_report,
            commands::users::category_keys_status,
            commands::users::category_keys_hand_over,
            commands::backup::backup_create,
            commands::backup::job_cancel,
            commands::backup::backup_set_folder,
            commands::backup::backup_drill,
            commands::backup::backup_restore,
        ])
}

#[cfg(test)]
mod tests {
    include!("command_list.rs");

    /// The capability grants exactly the listed commands, and the handler registers each of them.
    #[test]
    fn capabilities_and_handlers_match_the_command_list() {
        let cap: serde_json::Value =
            serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
        let mut granted: Vec<String> = cap["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap().to_string())
            .collect();
        granted.sort();
        let mut expected: Vec<String> = COMMANDS
            .iter()
            .map(|c| format!("allow-{}", c.replace('_', "-")))
            .collect();
        expected.sort();
        assert_eq!(granted, expected);
        let main = include_str!("main.rs");
        for c in COMMANDS {
            assert!(
                main.contains(&format!("::{c},")),
                "{c} is not registered in generate_handler!"
            );
        }
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
