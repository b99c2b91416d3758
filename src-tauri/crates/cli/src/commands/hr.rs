//! `kluis hr ...`: personnel files through the same rights as the app (HR and management).
use crate::args::HrCommand;
use crate::Failure;
use kluis_core::dto::crm::Guarded;
use kluis_core::dto::hr::EmployeeQuery;
use kluis_core::hr;
use kluis_core::Session;

pub fn run(s: &mut Session, cmd: HrCommand) -> Result<(), Failure> {
    match cmd {
        HrCommand::List { former, json } => {
            let mut after = None;
            let mut rows = Vec::new();
            loop {
                let page = hr::list(
                    s,
                    &EmployeeQuery {
                        after: after.take(),
                        limit: 200,
                        include_former: former,
                    },
                )?;
                rows.extend(page.rows);
                match page.next_cursor {
                    Some(c) => after = Some(c),
                    None => break,
                }
            }
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&rows).unwrap_or_default()
                );
            } else {
                for r in rows {
                    println!(
                        "{:>6}  {:<30} {:<24} {:<10} {}{}",
                        r.id,
                        r.display_name,
                        r.position.as_deref().unwrap_or("-"),
                        r.contract_type.as_str(),
                        r.start_date,
                        r.end_date.map(|e| format!(" - {e}")).unwrap_or_default()
                    );
                }
            }
            Ok(())
        }
        HrCommand::Show { id, json } => {
            let f = hr::get(s, id)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&f).unwrap_or_default());
                return Ok(());
            }
            let e = &f.employee;
            println!("{} (#{})", e.display_name, e.id);
            println!("  position   {}", e.position.as_deref().unwrap_or("-"));
            println!(
                "  contract   {} from {}{}",
                e.contract_type.as_str(),
                e.start_date,
                e.end_date
                    .as_deref()
                    .map(|d| format!(" to {d}"))
                    .unwrap_or_default()
            );
            if let Some(sal) = &e.salary {
                println!(
                    "  salary     {} {:.2} per {}",
                    sal.currency,
                    sal.cents as f64 / 100.0,
                    sal.period.as_str()
                );
            }
            for r in &f.reviews {
                println!(
                    "  review     {}  {}  {}",
                    r.review_date,
                    r.rating.map(|v| format!("{v}/5")).unwrap_or_default(),
                    r.summary
                );
            }
            for a in &f.absences {
                let reason = match &a.reason {
                    Guarded::Shown(Some(r)) => r.clone(),
                    Guarded::Shown(None) => String::new(),
                    Guarded::Redacted => "[reason withheld: special category]".into(),
                };
                println!(
                    "  absence    {} {}{}  {}",
                    a.kind.as_str(),
                    a.start_date,
                    a.end_date
                        .as_deref()
                        .map(|d| format!(" - {d}"))
                        .unwrap_or_default(),
                    reason
                );
            }
            Ok(())
        }
    }
}
