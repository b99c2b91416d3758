//! Subcommands that run in a signed-in session.
use crate::args::{AuditCommand, Command, KeysCommand, SettingsCommand, UserCommand};
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
        Command::Verify(a) => {
            let mut given = Vec::new();
            for text in &a.anchor {
                given.push(kluis_core::anchors::Anchor::parse(text).ok_or_else(|| {
                    Failure::Usage(format!(
                        "--anchor {text}: write it as ID:HASH, as Settings > Health shows it"
                    ))
                })?);
            }
            let report = verify::run_with(s, &given)?;
            if a.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).unwrap_or_default()
                );
            } else {
                print_verify(&report);
            }
            if report.ok() {
                Ok(())
            } else {
                Err(Failure::Reported)
            }
        }
        Command::Keys(KeysCommand::Status(j)) => {
            let states = kluis_core::keys::custody::status(s)?;
            if j.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&states).unwrap_or_default()
                );
            } else {
                for st in states {
                    println!(
                        "{:<8} {} holder(s), {} waiting{}",
                        st.category.as_str(),
                        st.holders,
                        st.waiting,
                        if st.rotation_due {
                            "; renewed when a holder signs in"
                        } else {
                            ""
                        }
                    );
                }
            }
            Ok(())
        }
        Command::Keys(KeysCommand::HandOver) => {
            let rk = secrets::read("KLUIS_RECOVERY_KEY", "Recovery key: ")?;
            let states = kluis_core::keys::custody::hand_over_with_recovery(s, rk.expose())?;
            let waiting: u32 = states.iter().map(|st| st.waiting).sum();
            println!("Category keys handed over; still waiting: {waiting}.");
            Ok(())
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
        Command::Daily => {
            let report = kluis_core::daily::run(s, kluis_core::daily::Trigger::Daily);
            println!(
                "{}",
                serde_json::to_string_pretty(&report).expect("a report serialises")
            );
            Ok(())
        }
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
        | Command::OpenSealed { .. }
        | Command::Connect(_)
        | Command::Disconnect
        | Command::Call(_)
        | Command::Commands => Err(Failure::Usage("not in a session".into())),
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

/// `kluis verify` as text: each check, and what to do about a problem.
fn print_verify(report: &verify::VerifyReport) {
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
    match &report.key_file_problem {
        Some(p) => println!("key file           PROBLEM: {p}"),
        None if report.slots_altered > 0 => println!(
            "key file           PROBLEM: {} slot(s) do not authenticate: the file was altered; put back kluis.keys from a backup",
            report.slots_altered
        ),
        None if report.slots_legacy > 0 => println!(
            "key file           ok ({} slots; {} from before authenticated slots, upgraded when their owner signs in)",
            report.key_slots, report.slots_legacy
        ),
        None => println!("key file           ok ({} authenticated slots)", report.key_slots),
    }
    if report.rotation_pending {
        println!("key rotation       WARNING: interrupted; finished at the next sign-in");
    }
    match report.audit.first_broken_id {
        None => println!(
            "audit chain        ok ({} entries, head {}:{})",
            report.audit.entries,
            report.audit.head_id,
            &report.audit.head[..16]
        ),
        Some(id) => println!(
            "audit chain        PROBLEM: entry {id} was altered, inserted or removed behind the app's back"
        ),
    }
    let a = &report.anchors;
    let checked = a.from_backups + a.from_file + a.given;
    match &a.contradiction {
        None => println!(
            "audit anchors      ok ({checked} checked: {} from backups, {} from the anchors file, {} given)",
            a.from_backups, a.from_file, a.given
        ),
        Some(c) => {
            let from = match c.source {
                kluis_core::anchors::AnchorSource::Backup => {
                    format!("the backup {}", c.file.as_deref().unwrap_or(""))
                }
                kluis_core::anchors::AnchorSource::AnchorsFile => "the anchors file".to_string(),
                kluis_core::anchors::AnchorSource::Given => "the anchor you gave".to_string(),
            };
            if c.kind == "cut" {
                println!(
                    "audit anchors      PROBLEM: the trail ends before entry {}, which {from} recorded: its end was cut off",
                    c.anchor_id
                );
            } else {
                println!(
                    "audit anchors      PROBLEM: entry {} differs from what {from} recorded: the trail was rewritten",
                    c.anchor_id
                );
            }
        }
    }
    if a.file == "altered" || !a.set_aside.is_empty() {
        println!(
            "anchors file       PROBLEM: kluis.anchors was altered or swapped; it is not used (set aside: {})",
            a.set_aside.join(", ")
        );
    }
    crate::commands::consent::print_ledger(&report.consent);
    let waiting: u32 = report.category_keys.iter().map(|c| c.waiting).sum();
    if waiting > 0 {
        println!(
            "category keys      WARNING: {waiting} colleague(s) wait for a key; it is handed over when a holder signs in, or with `kluis keys hand-over`"
        );
    }
    let now = chrono::Utc::now();
    let health = kluis_core::health::checks(
        report,
        report.last_backup_at.as_deref(),
        report.backup_folder.is_some(),
        now,
    );
    for c in health.iter().filter(|c| c.key.starts_with("backup")) {
        println!("{}", crate::commands::backup::health_line(c));
    }
}
