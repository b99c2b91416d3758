//! `kluis backup create|list|folder|verify|restore`: the same core services as Settings >
//! Backups.
use crate::args::BackupCommand;
use crate::{secrets, Failure};
use kluis_core::backup::{self, restore, RestoreReport, Unlock};
use kluis_core::{Session, Vault};
use kluis_vault::RecoveryKey;
use std::path::Path;

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
            let list = backup::list_folder(&dir, None)?;
            println!(
                "{} backup(s) in {}; last made {}",
                list.len(),
                dir.display(),
                o.last_at.as_deref().unwrap_or("never")
            );
            for b in list {
                println!(
                    "  {}  {:<9} {:>12} bytes  {}",
                    b.created_at, b.kind, b.bytes, b.file_name
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
                "WARNING: the vault that was replaced could not be read with these credentials, so \
                 erasures made after the backup could not be applied again. Erase those people again."
            );
        }
    } else {
        println!("Nothing was replaced (drill).");
    }
}

/// Verify and restore: opened with an administrator's password or the recovery key.
pub fn open(vault: &Vault, user: Option<&str>, cmd: BackupCommand) -> Result<(), Failure> {
    let (file, recovery, replace) = match cmd {
        BackupCommand::Verify { file, recovery } => (file, recovery, false),
        BackupCommand::Restore { file, recovery } => (file, recovery, true),
        _ => unreachable!("only verify and restore"),
    };
    // A folder means its newest backup.
    let file = if file.is_dir() {
        let newest = backup::list_folder(&file, None)?.into_iter().next();
        let Some(b) = newest else {
            return Err(Failure::Usage(format!("no backup in {}", file.display())));
        };
        println!("The newest backup there: {}", b.file_name);
        b.path.into()
    } else {
        file
    };
    let go = |unlock: &Unlock<'_>, file: &Path| -> Result<RestoreReport, Failure> {
        let job = crate::job::watched();
        Ok(if replace {
            let current = restore::carried_unlocked(vault, unlock);
            restore::restore(vault, file, unlock, current, &job)?
        } else {
            restore::drill(vault, file, unlock, &job)?
        })
    };
    let report = if recovery {
        let text = secrets::read("KLUIS_RECOVERY_KEY", "Recovery key: ")?;
        let rk = RecoveryKey::parse(text.expose())
            .map_err(|_| kluis_core::CoreError::RecoveryKeyInvalid)?;
        go(&Unlock::Recovery(&rk), &file)?
    } else {
        let Some(user) = user else {
            return Err(Failure::Usage(
                "say which administrator opens the backup with --user USER, or use --recovery"
                    .into(),
            ));
        };
        let pw = secrets::read("KLUIS_PASSWORD", &format!("Password for {user}: "))?;
        go(
            &Unlock::Admin {
                username: user,
                password: &pw,
            },
            &file,
        )?
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
