//! `kluis contacts ...`: the customer files from the command line, through the same rights.
use crate::args::ContactsCommand;
use crate::Failure;
use kluis_core::crm::dto::{PersonQuery, SearchKind};
use kluis_core::crm::{persons, search};
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
