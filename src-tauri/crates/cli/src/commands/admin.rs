//! Subcommands that run in a signed-in session.
use crate::args::{AuditCommand, Command, SettingsCommand, UserCommand};
use crate::{secrets, Failure};
use kluis_core::dto::{NewUserRequest, SecuritySettings};
use kluis_core::{account, password, security, user_admin, verify, Password, Session};

pub fn run(s: &mut Session, cmd: Command) -> Result<(), Failure> {
    match cmd {
        Command::User(u) => user(s, u),
        Command::Passwd => {
            let current = secrets::read("KLUIS_PASSWORD", "Current password: ")?;
            let new = secrets::read_new("KLUIS_NEW_PASSWORD", "New password: ")?;
            account::change_password(s, &current, &new)?;
            println!("Password changed.");
            Ok(())
        }
        Command::Audit(AuditCommand::List {
            limit,
            before,
            json,
        }) => {
            let rows = verify::audit_page(s, before, limit)?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&rows).unwrap_or_default()
                );
            } else {
                for r in rows {
                    println!(
                        "{:>6}  {}  {:<28} {:<12} {}{}",
                        r.id,
                        r.at,
                        r.action,
                        r.actor_username.as_deref().unwrap_or("-"),
                        r.entity.as_deref().unwrap_or(""),
                        r.entity_id.map(|i| format!(" #{i}")).unwrap_or_default()
                    );
                }
            }
            Ok(())
        }
        Command::Verify(j) => {
            let report = verify::run(s)?;
            if j.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).unwrap_or_default()
                );
            } else {
                let mark = |ok: bool| if ok { "ok" } else { "PROBLEM" };
                println!(
                    "cipher integrity   {}",
                    mark(report.cipher_problems.is_empty())
                );
                for p in &report.cipher_problems {
                    println!("  - {p}");
                }
                println!(
                    "database integrity {}",
                    mark(report.integrity_problems.is_empty())
                );
                for p in &report.integrity_problems {
                    println!("  - {p}");
                }
                println!(
                    "key file           {} ({} slots; previous copy {})",
                    report.key_file_problem.as_deref().unwrap_or("ok"),
                    report.key_slots,
                    if report.key_file_prev_present {
                        "present"
                    } else {
                        "absent"
                    }
                );
                match report.audit.first_broken_id {
                    None => println!("audit chain        ok ({} entries, head {})", report.audit.entries, &report.audit.head[..16]),
                    Some(id) => println!(
                        "audit chain        PROBLEM: entry {id} was altered, inserted or removed behind the app's back"
                    ),
                }
                crate::commands::consent::print_ledger(&report.consent);
                let now = chrono::Utc::now();
                let health = kluis_core::health::checks(
                    &report,
                    report.last_backup_at.as_deref(),
                    report.backup_folder.is_some(),
                    now,
                );
                for c in health.iter().filter(|c| c.key.starts_with("backup")) {
                    println!("{}", crate::commands::backup::health_line(c));
                }
            }
            if report.ok() {
                Ok(())
            } else {
                Err(Failure::Reported)
            }
        }
        Command::Settings(SettingsCommand::Show) => {
            let st = security::get(s)?;
            println!(
                "auto-lock after {} minutes of inactivity",
                st.auto_lock_minutes
            );
            Ok(())
        }
        Command::Settings(SettingsCommand::AutoLock { minutes }) => {
            let st = security::set(
                s,
                &SecuritySettings {
                    auto_lock_minutes: minutes,
                },
            )?;
            println!(
                "auto-lock after {} minutes of inactivity",
                st.auto_lock_minutes
            );
            Ok(())
        }
        Command::Contacts(c) => crate::commands::contacts::run(s, c),
        Command::Pipeline(c) => crate::commands::contacts::pipeline(s, c),
        Command::Roles(c) => crate::commands::access::roles(s, c),
        Command::Hr(c) => crate::commands::hr::run(s, c),
        Command::Purposes(c) => crate::commands::privacy::purposes(s, c),
        Command::Register(c) => crate::commands::privacy::register(s, c),
        Command::Consent(c) => crate::commands::consent::consent(s, c),
        Command::Restriction(c) => crate::commands::consent::restriction(s, c),
        Command::Marketing(c) => crate::commands::consent::marketing(s, c),
        Command::Privacy(j) => crate::commands::consent::dashboard(s, j.json),
        Command::Requests(c) => crate::commands::requests::run(s, c),
        Command::Subject(c) => crate::commands::requests::subject(s, c),
        Command::Breaches(c) => crate::commands::requests::breaches(s, c),
        Command::Backup(c) => crate::commands::backup::run(s, c),
        Command::Retention(c) => crate::commands::requests::retention(s, c),
        Command::Demo { contacts } => {
            let r = kluis_core::demo::fill(s, contacts)?;
            println!(
                "Created {} people, {} organisations, {} timeline entries, {} deals, {} tasks and {} personnel files.",
                r.persons, r.organisations, r.timeline_entries, r.deals, r.tasks, r.employees
            );
            Ok(())
        }
        Command::Init(_)
        | Command::Recover(_)
        | Command::Bench { .. }
        | Command::OpenSealed { .. } => Err(Failure::Usage("not in a session".into())),
    }
}

fn initial_password(var: Option<String>) -> Result<(Password, bool), Failure> {
    match var {
        Some(v) => match std::env::var(&v) {
            Ok(p) if !p.is_empty() => Ok((Password::new(p), false)),
            _ => Err(Failure::Usage(format!(
                "the environment variable {v} is empty or unset"
            ))),
        },
        None => Ok((Password::new(password::generate_initial()), true)),
    }
}

fn user(s: &mut Session, cmd: UserCommand) -> Result<(), Failure> {
    match cmd {
        UserCommand::Add {
            name,
            role,
            display_name,
            password_env,
        } => {
            let (pw, generated) = initial_password(password_env)?;
            let u = user_admin::add(
                s,
                &NewUserRequest {
                    username: name.clone(),
                    display_name: display_name.unwrap_or(name),
                    roles: role,
                    initial_password: pw.clone(),
                },
            )?;
            println!("Added {} ({}).", u.username, u.roles.join(", "));
            if generated {
                println!("Initial password (give it to them privately; they must change it at first sign-in):");
                println!("    {}", pw.expose());
            }
            Ok(())
        }
        UserCommand::List(j) => {
            let list = user_admin::list(s)?;
            if j.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&list).unwrap_or_default()
                );
            } else {
                for u in list {
                    println!(
                        "{:<20} {:<30} {:<30} {}",
                        u.username,
                        u.display_name,
                        u.roles.join(","),
                        if u.active { "active" } else { "disabled" }
                    );
                }
            }
            Ok(())
        }
        UserCommand::Remove { name } => {
            let id = user_admin::id_by_username(s, &name)?;
            user_admin::remove(s, id)?;
            println!("Removed {name}; the database key was rotated.");
            Ok(())
        }
        UserCommand::Disable { name } => {
            let id = user_admin::id_by_username(s, &name)?;
            user_admin::set_active(s, id, false)?;
            println!("Disabled {name}.");
            Ok(())
        }
        UserCommand::Enable { name } => {
            let id = user_admin::id_by_username(s, &name)?;
            user_admin::set_active(s, id, true)?;
            println!("Enabled {name}.");
            Ok(())
        }
        UserCommand::Access {
            name,
            role,
            may_delete,
        } => crate::commands::access::user_access(s, &name, role, may_delete),
        UserCommand::ResetPassword { name, password_env } => {
            let id = user_admin::id_by_username(s, &name)?;
            let (pw, generated) = initial_password(password_env)?;
            user_admin::reset_password(s, id, &pw)?;
            println!(
                "New initial password set for {name}; they must change it at their next sign-in."
            );
            if generated {
                println!("    {}", pw.expose());
            }
            Ok(())
        }
    }
}
