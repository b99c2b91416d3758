//! `kluis backup create|list|folder|verify|restore`: the same core services as Settings >
//! Backups.
use crate::args::BackupCommand;
use crate::{secrets, Failure};
use kluis_core::backup::{self, restore, Authority, BackupStatus, RestoreReport};
use kluis_core::{EndReason, Password, Session, Vault};
use kluis_vault::RecoveryKey;
use std::path::PathBuf;

pub fn run(s: &mut Session, cmd: BackupCommand) -> Result<(), Failure> {
    match cmd {
        BackupCommand::Create { out } => {
            let b = backup::create(s, &out, &crate::job::watched())?;
            println!("Backup written: {} ({} bytes)", b.path, b.bytes);
        }
        BackupCommand::List { dir } => {
            let o = backup::overview(s)?;
            let dir = dir.or(o.folder.as_ref().map(Into::into));
            let Some(dir) = dir else {
                return Err(Failure::Usage(
                    "no folder: name one, or choose one with `kluis backup folder DIR`".into(),
                ));
            };
            let list = backup::list(s, &dir)?;
            let ours = list.iter().filter(|b| b.this_vault).count();
            println!(
                "{ours} backup(s) of this vault in {}; last made {}",
                dir.display(),
                o.last_at.as_deref().unwrap_or("never")
            );
            for b in list {
                let note = match b.status {
                    BackupStatus::Ok => "",
                    BackupStatus::OtherVault => "  (another vault's)",
                    BackupStatus::Unauthenticated => {
                        "  (NOT AUTHENTIC: altered or forged; never restored)"
                    }
                    BackupStatus::OldFormat => "  (older format: not restored)",
                };
                println!(
                    "  {:<24}  {:<9} {:>12} bytes  {}{note}",
                    if b.created_at.is_empty() {
                        "date unknown"
                    } else {
                        &b.created_at
                    },
                    b.kind,
                    b.bytes,
                    b.file_name
                );
            }
        }
        BackupCommand::Folder { dir, off } => {
            if off || dir.is_none() {
                backup::set_folder(s, None)?;
                println!("Automatic backups are off.");
            } else if let Some(d) = dir {
                backup::set_folder(s, Some(&d))?;
                println!(
                    "Automatic backups go to {} (daily and at sign-out; the last 7 daily and 12 monthly are kept).",
                    d.display()
                );
            }
        }
        BackupCommand::Verify { .. } | BackupCommand::Restore { .. } => {
            unreachable!("opened without a session")
        }
    }
    Ok(())
}

fn print(r: &RestoreReport) {
    println!(
        "Backup of {} ({}): {} people, {} audit entries, every check passed.",
        r.created_at, r.kind, r.people, r.audit_entries
    );
    if r.replaced {
        println!(
            "Restored. Erasures made since the backup applied again: {}; personnel files deleted again: {}.",
            r.erasures_reapplied.len(),
            r.personnel_files_deleted
        );
        if r.ledger_unavailable {
            println!(
                "WARNING: no vault could be read, so the backup's own users came back and erasures \
                 made after the backup could not be applied again. Erase those people again."
            );
        } else {
            println!("Users, roles and the audit trail are as they were before the restore; the database has a new key.");
        }
    } else {
        println!("Nothing was replaced (drill).");
    }
}

/// A folder means its newest backup of this vault (or, without a vault to tell, its newest).
fn newest(file: PathBuf, s: Option<&Session>) -> Result<PathBuf, Failure> {
    if !file.is_dir() {
        return Ok(file);
    }
    let list = match s {
        Some(s) => backup::list(s, &file)?,
        None => backup::list_folder(&file, None)?,
    };
    let Some(b) = list
        .into_iter()
        .filter(|b| s.is_none() || b.this_vault)
        .max_by(|a, b| a.created_at.cmp(&b.created_at))
    else {
        return Err(Failure::Usage(format!("no backup in {}", file.display())));
    };
    println!("The newest backup there: {}", b.file_name);
    Ok(b.path.into())
}

/// Verify and restore as a current administrator: signed in to the vault (their password is
/// the confirmation); the session ends before the files are switched.
pub fn open_as_admin(
    vault: &Vault,
    session: Session,
    password: &Password,
    cmd: BackupCommand,
) -> Result<(), Failure> {
    let (file, replace) = match cmd {
        BackupCommand::Verify { file, .. } => (file, false),
        BackupCommand::Restore { file, .. } => (file, true),
        _ => unreachable!("only verify and restore"),
    };
    let file = newest(file, Some(&session))?;
    let job = crate::job::watched();
    let by = Authority::Admin {
        session: &session,
        password,
    };
    let report = if replace {
        let prepared = restore::prepare(vault, &file, &by, &job);
        session.end(if prepared.is_ok() {
            EndReason::Restore
        } else {
            EndReason::SignOut
        });
        prepared?.finish(&job)?
    } else {
        let r = restore::drill(vault, &file, &by, &job);
        session.end(EndReason::SignOut);
        r?
    };
    print(&report);
    Ok(())
}

/// Verify and restore with the recovery key (no session: the vault may be gone).
pub fn open_with_recovery(vault: &Vault, cmd: BackupCommand) -> Result<(), Failure> {
    let (file, replace, confirm) = match cmd {
        BackupCommand::Verify { file, .. } => (file, false, None),
        BackupCommand::Restore { file, confirm, .. } => (file, true, confirm),
        _ => unreachable!("only verify and restore"),
    };
    let file = newest(file, None)?;
    let text = secrets::read("KLUIS_RECOVERY_KEY", "Recovery key: ")?;
    let rk =
        RecoveryKey::parse(text.expose()).map_err(|_| kluis_core::CoreError::RecoveryKeyInvalid)?;
    let job = crate::job::watched();
    let by = Authority::Recovery {
        key: &rk,
        confirmation: confirm.as_deref(),
    };
    let report = if replace {
        match restore::prepare(vault, &file, &by, &job) {
            Err(kluis_core::CoreError::RestoreNeedsConfirmation) => {
                eprintln!(
                    "No vault can be read here, so Kluis cannot apply the erasures made after this \
                     backup again: people erased since would come back. To restore anyway, run \
                     again with --confirm \"{}\" (or, in Dutch, \"{}\").",
                    restore::CONFIRM_EN,
                    restore::CONFIRM_NL
                );
                return Err(kluis_core::CoreError::RestoreNeedsConfirmation.into());
            }
            other => other?.finish(&job)?,
        }
    } else {
        restore::drill(vault, &file, &by, &job)?
    };
    print(&report);
    Ok(())
}

/// The backup lines of `kluis verify`, with what to do.
pub fn health_line(c: &kluis_core::health::HealthCheck) -> String {
    use kluis_core::health::CheckState;
    let mark = match c.state {
        CheckState::Ok => "ok",
        CheckState::Warning => "WARNING",
        CheckState::Problem => "PROBLEM",
    };
    let days = c.figure.unwrap_or(0);
    match (c.key.as_str(), c.reason.as_deref()) {
        ("backup", None) => format!("last backup        {mark} ({days} day(s) ago)"),
        ("backup", Some("never")) => format!(
            "last backup        {mark}: there is no backup yet; make one now with `kluis backup create --out DIR`"
        ),
        ("backup", _) => format!(
            "last backup        {mark}: {days} days ago; make one now and check the automatic backups' disk"
        ),
        (_, None) => format!("automatic backups  {mark}"),
        _ => format!(
            "automatic backups  {mark}: off; choose a folder with `kluis backup folder DIR`"
        ),
    }
}
