//! Writes what is generated from the command table, when `cargo test` runs (as ts-rs writes the
//! bindings): the TypeScript client and its interface, the window's capability file, and the
//! command table as JSON (read by the desktop's build script and by people). CI fails when a
//! written file differs from the committed one.
use crate::spec::{ts_config, CommandSpec};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn jsdoc(doc: &str, indent: &str) -> String {
    let lines: Vec<&str> = doc.lines().map(str::trim).collect();
    if lines.is_empty() || doc.trim().is_empty() {
        return String::new();
    }
    let body: Vec<String> = lines
        .iter()
        .map(|l| {
            format!("{indent} * {}", l.replace("*/", "* /"))
                .trim_end()
                .to_string()
        })
        .collect();
    format!("{indent}/**\n{}\n{indent} */\n", body.join("\n"))
}

/// The TypeScript parameters of a command, in order: its arguments, then the file's bytes or
/// the progress listener.
fn params(c: &CommandSpec) -> Vec<String> {
    let mut out: Vec<String> = c
        .args
        .iter()
        .map(|a| format!("{}: {}", camel(a.name), a.ty.ts))
        .collect();
    if c.raw {
        out.push("bytes: Uint8Array".into());
    }
    if let Some(p) = &c.progress {
        out.push(format!("onProgress?: (p: {}) => void", p.ts));
    }
    out
}

pub(crate) fn client_ts(specs: &[CommandSpec]) -> String {
    let body = client_body(specs);
    // Every name the client uses that has a generated binding.
    let bindings = repo().join("ui/src/lib/api/bindings");
    let imports: BTreeSet<&str> = body
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .filter(|w| w.starts_with(|c: char| c.is_ascii_uppercase()))
        .filter(|w| bindings.join(format!("{w}.ts")).exists())
        .collect();
    let mut out = String::from(
        "// Generated from the command table (src-tauri/crates/api/src/table) by\n\
         // `cargo test -p kluis-api`. Do not edit: change the table and run it again.\n",
    );
    for i in &imports {
        out.push_str(&format!("import type {{ {i} }} from \"./bindings/{i}\";\n"));
    }
    out.push_str(&body);
    out
}

/// Everything after the imports.
fn client_body(specs: &[CommandSpec]) -> String {
    let mut out = String::new();
    out.push_str(
        "\n/** How a client reaches the core: Tauri's invoke in the app, HTTP in the UI tests. */\n\
         export interface Transport {\n  call<T, P = never>(\n    command: CommandName,\n    args: Record<string, unknown>,\n    options?: { raw?: Uint8Array; onProgress?: (p: P) => void },\n  ): Promise<T>;\n}\n\n",
    );
    out.push_str("/** Every error code the core answers with (`ErrorCode::ALL`). */\nexport const ERROR_CODES = [\n");
    for code in kluis_core::ErrorCode::ALL {
        out.push_str(&format!("  \"{}\",\n", code.as_str()));
    }
    out.push_str("] as const satisfies readonly ErrorCode[];\n\n");
    out.push_str("/** Every command of the table, by name. */\nexport const COMMANDS = [\n");
    for c in specs {
        out.push_str(&format!("  \"{}\",\n", c.name));
    }
    out.push_str("] as const;\n\nexport type CommandName = (typeof COMMANDS)[number];\n\n");
    out.push_str("/** One method per command; every method rejects with an ApiError. */\nexport interface KluisApi {\n");
    for c in specs {
        out.push_str(&jsdoc(&c.doc, "  "));
        out.push_str(&format!(
            "  {}({}): Promise<{}>;\n",
            camel(c.name),
            params(c).join(", "),
            c.output.ts
        ));
    }
    out.push_str("}\n\n/** The client over a transport. */\nexport function client(t: Transport): KluisApi {\n  return {\n");
    for c in specs {
        let names: Vec<String> = c.args.iter().map(|a| camel(a.name)).collect();
        let mut call_params = names.clone();
        if c.raw {
            call_params.push("bytes".into());
        }
        if c.progress.is_some() {
            call_params.push("onProgress".into());
        }
        let args = if names.is_empty() {
            "{}".to_string()
        } else {
            format!("{{ {} }}", names.join(", "))
        };
        let options = match (c.raw, &c.progress) {
            (true, _) => ", { raw: bytes }".to_string(),
            (false, Some(_)) => ", { onProgress }".to_string(),
            (false, None) => String::new(),
        };
        let generics = match &c.progress {
            Some(p) => format!("<{}, {}>", c.output.ts, p.ts),
            None => format!("<{}>", c.output.ts),
        };
        out.push_str(&format!(
            "    {}: ({}) => t.call{generics}(\"{}\", {args}{options}),\n",
            camel(c.name),
            call_params.join(", "),
            c.name
        ));
    }
    out.push_str("  };\n}\n");
    out
}

pub(crate) fn capability_json(specs: &[CommandSpec]) -> String {
    let permissions: Vec<String> = specs
        .iter()
        .map(|c| format!("allow-{}", c.name.replace('_', "-")))
        .collect();
    let cap = serde_json::json!({
        "identifier": "default",
        "description": "Generated from the command table (cargo test -p kluis-api). The Kluis window may call the app's own commands and nothing else: no plugin, file-system or shell access.",
        "windows": ["main"],
        "permissions": permissions,
    });
    serde_json::to_string_pretty(&cap).unwrap() + "\n"
}

pub(crate) fn table_json(specs: &[CommandSpec]) -> String {
    let commands: Vec<serde_json::Value> = specs
        .iter()
        .map(|c| {
            serde_json::json!({
                "name": c.name,
                "args": c.args.iter().map(|a| serde_json::json!({ "name": a.name, "type": a.ty.ts })).collect::<Vec<_>>(),
                "output": c.output.ts,
                "needs": c.needs,
                "progress": c.progress.as_ref().map(|p| p.ts.clone()),
                "raw": c.raw,
            })
        })
        .collect();
    let table = serde_json::json!({
        "about": "Generated from the command table (src-tauri/crates/api/src/table) by cargo test -p kluis-api. Do not edit.",
        "commands": commands,
    });
    serde_json::to_string_pretty(&table).unwrap() + "\n"
}

fn write(path: PathBuf, text: &str) {
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text) {
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

#[test]
fn write_what_is_generated_from_the_table() {
    let specs = crate::table::specs(&ts_config());
    let root = repo();
    write(
        root.join("ui/src/lib/api/client.gen.ts"),
        &client_ts(&specs),
    );
    write(
        root.join("src-tauri/capabilities/default.json"),
        &capability_json(&specs),
    );
    write(
        root.join("src-tauri/command-table.json"),
        &table_json(&specs),
    );
}

#[test]
fn names_are_unique_and_snake_case() {
    let names: Vec<&str> = crate::names().collect();
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len());
    assert!(names
        .iter()
        .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
}

#[test]
fn every_type_the_client_names_is_imported_or_built_in() {
    let specs = crate::table::specs(&ts_config());
    let ts = client_ts(&specs);
    let bindings = repo().join("ui/src/lib/api/bindings");
    for line in ts.lines().filter(|l| l.starts_with("import type")) {
        let name = line.split_whitespace().nth(3).unwrap();
        assert!(
            bindings.join(format!("{name}.ts")).exists(),
            "{name} has no generated binding"
        );
    }
}

/// A command is a few lines: arguments in, one core service, the reply out. Anything longer
/// belongs in a core service (or a helper beside the table) that other hosts can use too.
#[test]
fn every_table_entry_is_at_most_fifteen_lines() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/table");
    let mut long = vec![];
    for file in std::fs::read_dir(&dir).unwrap() {
        let path = file.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(name) = line
                .strip_prefix("    fn ")
                .and_then(|l| l.split('(').next())
            else {
                continue;
            };
            let open = (i..lines.len()).find(|&j| lines[j] == "    {").unwrap();
            let close = (open..lines.len()).find(|&j| lines[j] == "    }").unwrap();
            if close - open - 1 > 15 {
                long.push(format!("{name}: {} lines", close - open - 1));
            }
        }
    }
    assert!(long.is_empty(), "{long:?}");
}
