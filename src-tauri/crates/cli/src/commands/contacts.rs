//! `kluis contacts ...`: the customer files from the command line, through the same rights.
use crate::args::{ContactsCommand, Direction, ExportFormatArg, PipelineCommand};
use crate::Failure;
use kluis_core::crm::{persons, search};
use kluis_core::dto::crm::{PersonQuery, SearchKind};
use kluis_core::export::{self, ExportFormat, ExportSelection};
use kluis_core::import::{self, mapping::ImportField, ImportMode, ImportOptions};
use kluis_core::Session;
use std::io::IsTerminal;
use std::sync::atomic::AtomicBool;

pub fn run(s: &mut Session, cmd: ContactsCommand) -> Result<(), Failure> {
    match cmd {
        ContactsCommand::Search { query, limit, json } => {
            let hits = search::search(s, &query, limit)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&hits).unwrap_or_default()
                );
            } else {
                for h in hits {
                    let kind = match h.kind {
                        SearchKind::Person => "person",
                        SearchKind::Organisation => "organisation",
                    };
                    println!(
                        "{:<13} {:>8}  {}{}",
                        kind,
                        h.id,
                        h.title,
                        h.subtitle.map(|s| format!("  ({s})")).unwrap_or_default()
                    );
                }
            }
            Ok(())
        }
        ContactsCommand::Import {
            file,
            valid_only,
            strict_fields,
            map,
            preview,
            json,
        } => import(
            s,
            &file,
            options(valid_only, strict_fields),
            &map,
            preview,
            json,
        ),
        ContactsCommand::Export { format, out, tag } => {
            let format = match format {
                ExportFormatArg::Csv => ExportFormat::Csv,
                ExportFormatArg::Vcf => ExportFormat::Vcard,
            };
            let sel = ExportSelection {
                ids: None,
                filters: Some(PersonQuery {
                    tag,
                    ..Default::default()
                }),
            };
            let n = export::to_file(s, &sel, format, &out)?;
            println!("Exported {n} people to {}.", out.display());
            Ok(())
        }
        ContactsCommand::List {
            limit,
            after,
            tag,
            json,
        } => {
            let page = persons::list(
                s,
                &PersonQuery {
                    limit,
                    after,
                    tag,
                    ..Default::default()
                },
            )?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&page).unwrap_or_default()
                );
            } else {
                for r in &page.rows {
                    println!(
                        "{:>8}  {:<32} {:<36} {}",
                        r.id,
                        r.display_name,
                        r.organisation_name.as_deref().unwrap_or(""),
                        r.email.as_deref().unwrap_or("")
                    );
                }
                if page.total >= 0 {
                    println!("({} people)", page.total);
                }
                if let Some(c) = page.next_cursor {
                    println!("next page: --after '{c}'");
                }
            }
            Ok(())
        }
    }
}

fn field_name(f: Option<ImportField>) -> String {
    f.and_then(|f| serde_json::to_value(f).ok())
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_else(|| "-".into())
}

fn import(
    s: &mut Session,
    file: &std::path::Path,
    options: ImportOptions,
    overrides: &[String],
    preview_only: bool,
    json: bool,
) -> Result<(), Failure> {
    let bytes = std::fs::read(file)
        .map_err(|e| Failure::Usage(format!("cannot read {}: {}", file.display(), e.kind())))?;
    let is_vcard = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("vcf") || e.eq_ignore_ascii_case("vcard"))
        || bytes
            .windows(11)
            .take(64)
            .any(|w| w.eq_ignore_ascii_case(b"BEGIN:VCARD"));
    if is_vcard {
        let report =
            import::run_vcard(s, &bytes, options, &mut |_, _| {}, &AtomicBool::new(false))?;
        return print_report(&report, json);
    }
    let pv = import::preview(&bytes)?;
    let mut mapping = pv.mapping.clone();
    for o in overrides {
        let (col, field) = o
            .split_once('=')
            .ok_or_else(|| Failure::Usage(format!("--map takes COLUMN=FIELD, not {o:?}")))?;
        let idx = pv
            .headers
            .iter()
            .position(|h| h.eq_ignore_ascii_case(col.trim()))
            .ok_or_else(|| Failure::Usage(format!("no column named {col:?}")))?;
        mapping[idx] = if field.trim() == "none" {
            None
        } else {
            Some(
                serde_json::from_value(serde_json::Value::String(field.trim().into()))
                    .map_err(|_| Failure::Usage(format!("unknown field {field:?}")))?,
            )
        };
    }
    if preview_only {
        println!(
            "encoding {:?}, separator {:?}, {} rows",
            pv.encoding, pv.delimiter, pv.rows
        );
        for (h, m) in pv.headers.iter().zip(&mapping) {
            println!("  {h:<30} -> {}", field_name(*m));
        }
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
    print_report(&report, json)
}

fn options(valid_only: bool, strict_fields: bool) -> ImportOptions {
    ImportOptions {
        mode: if valid_only {
            ImportMode::ValidOnly
        } else {
            ImportMode::AllOrNothing
        },
        strict_fields,
    }
}

fn print_report(report: &import::ImportReport, json: bool) -> Result<(), Failure> {
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(report).unwrap_or_default()
        );
    } else {
        for p in &report.problems {
            println!(
                "line {:>6}  {:<20} {}",
                p.line,
                p.column.as_deref().unwrap_or("-"),
                p.reason
            );
        }
        for n in &report.notes {
            println!(
                "line {:>6}  {:<20} {} ({})",
                n.line,
                n.column.as_deref().unwrap_or(&n.field),
                n.reason,
                if n.kept_as_typed {
                    "kept as typed, not checked"
                } else {
                    "left out; the person was imported"
                }
            );
        }
        if report.noted > report.notes.len() {
            println!(
                "... and {} more fields not taken as given.",
                report.noted - report.notes.len()
            );
        }
        if report.committed {
            println!(
                "Imported {} of {} rows ({} refused, {} fields not taken as given).",
                report.imported, report.rows, report.refused, report.noted
            );
        } else {
            println!(
                "Nothing imported: {} of {} rows are invalid. Fix them, or use --valid-only to import the others.",
                report.refused, report.rows
            );
        }
    }
    if report.committed {
        Ok(())
    } else {
        Err(Failure::Reported)
    }
}

/// `kluis pipeline ...`: every change prints the stages as they are afterwards.
pub fn pipeline(s: &Session, c: PipelineCommand) -> Result<(), Failure> {
    use kluis_core::crm::pipeline;
    let stages = match c {
        PipelineCommand::List => pipeline::stages(s)?,
        PipelineCommand::Rename { id, name } => pipeline::rename(s, id, &name)?,
        PipelineCommand::Add { name } => pipeline::add(s, &name)?,
        PipelineCommand::Move { id, direction } => {
            let step = match direction {
                Direction::Earlier => -1,
                Direction::Later => 1,
            };
            pipeline::move_stage(s, id, step)?
        }
        PipelineCommand::Remove { id } => pipeline::remove(s, id)?,
    };
    for st in stages {
        let kind = match st.kind {
            kluis_core::dto::crm::DealStatus::Open => "open",
            kluis_core::dto::crm::DealStatus::Won => "won",
            kluis_core::dto::crm::DealStatus::Lost => "lost",
        };
        println!(
            "{:>4}  {:<28} {:<5} {:>6} deals",
            st.id, st.name, kind, st.count
        );
    }
    Ok(())
}
