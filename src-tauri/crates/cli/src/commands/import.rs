//! `kluis contacts import`: on a vault of this computer through the core, or with `--server`
//! on the office's Kluis through the same two commands the app uses (stage the file, then run
//! it with the mapping), in one window. The mapping overrides and the report are the same.
use crate::office::Remote;
use crate::Failure;
use kluis_core::import::{self, mapping::ImportField, ImportMode, ImportOptions};
use kluis_core::Session;
use serde_json::{json, Value};
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::AtomicBool;

pub fn options(valid_only: bool, strict_fields: bool) -> ImportOptions {
    ImportOptions {
        mode: if valid_only {
            ImportMode::ValidOnly
        } else {
            ImportMode::AllOrNothing
        },
        strict_fields,
    }
}

fn read(file: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(file)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {}", file.display(), e.kind())))
}

fn field_name(f: Option<ImportField>) -> String {
    f.and_then(|f| serde_json::to_value(f).ok())
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_else(|| "-".into())
}

/// `--map COLUMN=FIELD` over the suggested mapping.
fn apply_overrides(
    headers: &[String],
    mapping: &mut [Option<ImportField>],
    overrides: &[String],
) -> Result<(), Failure> {
    for o in overrides {
        let (col, field) = o
            .split_once('=')
            .ok_or_else(|| Failure::Usage(format!("--map takes COLUMN=FIELD, not {o:?}")))?;
        let idx = headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(col.trim()))
            .ok_or_else(|| Failure::Usage(format!("no column named {col:?}")))?;
        mapping[idx] = if field.trim() == "none" {
            None
        } else {
            Some(
                serde_json::from_value(Value::String(field.trim().into()))
                    .map_err(|_| Failure::Usage(format!("unknown field {field:?}")))?,
            )
        };
    }
    Ok(())
}

fn print_preview(preview: &Value, mapping: &[Option<ImportField>]) {
    println!(
        "encoding {}, separator {}, {} rows",
        preview["encoding"], preview["delimiter"], preview["rows"]
    );
    let headers = preview["headers"].as_array().cloned().unwrap_or_default();
    for (h, m) in headers.iter().zip(mapping) {
        println!("  {:<30} -> {}", h.as_str().unwrap_or(""), field_name(*m));
    }
}

fn is_vcard(file: &Path, bytes: &[u8]) -> bool {
    file.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("vcf") || e.eq_ignore_ascii_case("vcard"))
        || bytes
            .windows(11)
            .take(64)
            .any(|w| w.eq_ignore_ascii_case(b"BEGIN:VCARD"))
}

pub fn local(
    s: &mut Session,
    file: &Path,
    options: ImportOptions,
    overrides: &[String],
    preview_only: bool,
    json: bool,
) -> Result<(), Failure> {
    let bytes = read(file)?;
    if is_vcard(file, &bytes) {
        let report =
            import::run_vcard(s, &bytes, options, &mut |_, _| {}, &AtomicBool::new(false))?;
        return print_report(&to_json(&report), json);
    }
    let pv = import::preview(&bytes)?;
    let mut mapping = pv.mapping.clone();
    apply_overrides(&pv.headers, &mut mapping, overrides)?;
    if preview_only {
        print_preview(&to_json(&pv), &mapping);
        return Ok(());
    }
    let cancel = AtomicBool::new(false);
    let tty = std::io::stderr().is_terminal();
    let report = import::run(
        s,
        &bytes,
        &mapping,
        options,
        &mut |done, total| {
            if tty {
                eprint!("\r{done}/{total}")
            }
        },
        &cancel,
    )?;
    if tty {
        eprintln!();
    }
    print_report(&to_json(&report), json)
}

/// On the office's Kluis: the file is staged and run in one window of this computer's device,
/// so nothing of it is left on the server either way (discarded after a preview or a refusal).
pub fn remote(
    data_dir: Option<&Path>,
    user: Option<&str>,
    file: &Path,
    options: ImportOptions,
    overrides: &[String],
    preview_only: bool,
    json: bool,
) -> Result<(), Failure> {
    let bytes = read(file)?;
    let paths = kluis_core::paths::VaultPaths::resolve(data_dir);
    let remote = Remote::open(&paths.dir)?;
    let (user, pw) = super::call::credentials(user)?;
    remote.sign_in(user, pw.expose())?;
    let out = (|| {
        let (staged, _) = remote.call("import_stage", json!({}), Some(bytes))?;
        let mut mapping: Vec<Option<ImportField>> = Vec::new();
        if let Some(preview) = staged.get("preview").filter(|p| !p.is_null()) {
            mapping = serde_json::from_value(preview["mapping"].clone())
                .map_err(|_| Failure::Usage("the server's mapping could not be read".into()))?;
            let headers: Vec<String> =
                serde_json::from_value(preview["headers"].clone()).unwrap_or_default();
            apply_overrides(&headers, &mut mapping, overrides)?;
            if preview_only {
                print_preview(preview, &mapping);
                let _ = remote.call("import_discard", json!({}), None);
                return Ok(());
            }
        }
        let (report, _) = remote.call(
            "import_run",
            json!({ "mapping": mapping, "options": options }),
            None,
        )?;
        if report["committed"] != true {
            let _ = remote.call("import_discard", json!({}), None);
        }
        print_report(&report, json)
    })();
    remote.sign_out();
    out
}

fn to_json(v: &impl serde::Serialize) -> Value {
    serde_json::to_value(v).unwrap_or_default()
}

fn count(v: &Value) -> u64 {
    v.as_u64().unwrap_or(0)
}

/// The report as text (or JSON); fails (exit code) when nothing was committed.
fn print_report(report: &Value, json: bool) -> Result<(), Failure> {
    let list = |k: &str| report[k].as_array().cloned().unwrap_or_default();
    let text = |v: &Value| v.as_str().unwrap_or("-").to_string();
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(report).unwrap_or_default()
        );
    } else {
        for p in list("problems") {
            println!(
                "line {:>6}  {:<20} {}",
                count(&p["line"]),
                text(&p["column"]),
                text(&p["reason"])
            );
        }
        let notes = list("notes");
        for n in &notes {
            let column = if n["column"].is_string() {
                text(&n["column"])
            } else {
                text(&n["field"])
            };
            println!(
                "line {:>6}  {:<20} {} ({})",
                count(&n["line"]),
                column,
                text(&n["reason"]),
                if n["keptAsTyped"] == true {
                    "kept as typed, not checked"
                } else {
                    "left out; the person was imported"
                }
            );
        }
        let noted = count(&report["noted"]);
        if noted > notes.len() as u64 {
            println!(
                "... and {} more fields not taken as given.",
                noted - notes.len() as u64
            );
        }
        let (rows, refused) = (count(&report["rows"]), count(&report["refused"]));
        if report["committed"] == true {
            println!(
                "Imported {} of {rows} rows ({refused} refused, {noted} fields not taken as given).",
                count(&report["imported"])
            );
        } else {
            println!(
                "Nothing imported: {refused} of {rows} rows are invalid. Fix them, or use --valid-only to import the others."
            );
        }
    }
    if report["committed"] == true {
        Ok(())
    } else {
        Err(Failure::Reported)
    }
}
