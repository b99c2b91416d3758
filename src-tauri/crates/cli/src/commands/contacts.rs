//! `kluis contacts ...`: the customer files from the command line, through the same rights.
use crate::args::{ContactsCommand, Direction, ExportFormatArg, PipelineCommand};
use crate::Failure;
use kluis_core::crm::{persons, search};
use kluis_core::dto::crm::{PersonQuery, SearchKind};
use kluis_core::export::{self, ExportFormat, ExportSelection};
use kluis_core::Session;

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
        } => super::import::local(
            s,
            &file,
            super::import::options(valid_only, strict_fields),
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
