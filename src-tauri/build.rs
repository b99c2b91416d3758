// Every command of the table gets an allow-/deny- permission from tauri-build, and
// capabilities/ grants them. The names come from command-table.json, which `cargo test -p
// kluis-api` writes from the command table (CI fails when it is not up to date).
fn main() {
    println!("cargo:rerun-if-changed=command-table.json");
    let table: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("command-table.json").expect("command-table.json"),
    )
    .expect("command-table.json is JSON");
    let names: Vec<&'static str> = table["commands"]
        .as_array()
        .expect("a list of commands")
        .iter()
        .map(|c| &*String::leak(c["name"].as_str().expect("a name").to_string()))
        .collect();
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(Box::leak(names.into_boxed_slice())),
    ))
    .expect("tauri build step");
}
