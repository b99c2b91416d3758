// Every IPC command is listed here; tauri-build generates an allow-/deny- permission for each,
// and capabilities/ grants them. A command missing here cannot be called from the webview.
include!("src/command_list.rs");

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build step");
}
