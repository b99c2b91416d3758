//! Dispatch: open the vault, sign in, hand over to the subcommand.
mod access;
mod admin;
mod backup;
mod call;
mod consent;
mod contacts;
mod hr;
mod import;
mod privacy;
mod requests;
mod setup;

use crate::args::{BackupCommand, Cli, Command};
use crate::{secrets, Failure};
use kluis_core::clock::SystemClock;
use kluis_core::paths::VaultPaths;
use kluis_core::{EndReason, KdfParams, Password, Session, Vault};
use std::sync::Arc;

pub fn run(cli: Cli) -> Result<(), Failure> {
    if let Command::OpenSealed { file, out } = &cli.command {
        let pass = secrets::read("KLUIS_PASSPHRASE", "Passphrase: ")?;
        let names = kluis_core::privacy::subject_export::open_sealed(file, out, &pass)?;
        println!("Opened {} file(s) into {}:", names.len(), out.display());
        for n in names {
            println!("  {n}");
        }
        return Ok(());
    }
    if let Command::Bench {
        contacts,
        searches,
        samples,
        dir,
        encrypted_only,
        cipher_hmac,
        cipher_page_size,
        server,
        clients,
        seconds,
        think_ms,
    } = cli.command
    {
        if server {
            let report = kluis_server::bench::run(&kluis_server::bench::ServerBenchOptions {
                contacts,
                clients,
                seconds,
                dir,
                think_ms,
            })
            .map_err(|e| {
                eprintln!("kluis: bench --server: {e}");
                Failure::Reported
            })?;
            println!(
                "{}",
                serde_json::to_string_pretty(&report).unwrap_or_default()
            );
            return Ok(());
        }
        return bench(kluis_core::bench::BenchOptions {
            contacts,
            searches,
            samples,
            dir,
            plain: !encrypted_only,
            layout: kluis_core::store::CipherLayout {
                hmac_sha256: cipher_hmac == "sha256",
                page_size: cipher_page_size,
            },
        });
    }
    let paths = VaultPaths::resolve(cli.data_dir.as_deref());
    match cli.command {
        Command::Connect(a) => return crate::office::connect(&paths.dir, a),
        Command::Disconnect => return crate::office::disconnect(&paths.dir),
        Command::Commands => return call::list(),
        Command::Call(a) if cli.server => {
            return call::remote(cli.data_dir.as_deref(), cli.user.as_deref(), a)
        }
        Command::Contacts(crate::args::ContactsCommand::Import {
            file,
            valid_only,
            strict_fields,
            map,
            preview,
            json,
        }) if cli.server => {
            return import::remote(
                cli.data_dir.as_deref(),
                cli.user.as_deref(),
                &file,
                import::options(valid_only, strict_fields),
                &map,
                preview,
                json,
            )
        }
        _ if cli.server => {
            return Err(Failure::Usage(
                "with --server, commands run as `kluis --server call COMMAND [ARGS]` (see `kluis commands`), and `kluis --server contacts import FILE` imports; the other subcommands work on a vault on this computer".into(),
            ))
        }
        _ => {}
    }
    // A computer that works with the office's Kluis has no vault here to open.
    if let Some(at) = crate::office::connected_to(&paths.dir) {
        if !paths.db().exists() {
            return Err(Failure::Usage(format!(
                "this computer works with the office's Kluis at {at}: add --server (e.g. `kluis --server call session_info`)"
            )));
        }
    }
    if let Command::Call(a) = cli.command {
        return call::local(cli.data_dir.as_deref(), cli.user.as_deref(), a);
    }
    let vault = Vault::open(paths, Arc::new(SystemClock), KdfParams::recommended())?;
    match cli.command {
        Command::Init(a) => setup::init(&vault, a),
        Command::Recover(a) => setup::recover(&vault, a),
        // With the recovery key a backup opens without a session (the vault may be gone).
        Command::Backup(
            c @ (BackupCommand::Verify { recovery: true, .. }
            | BackupCommand::Restore { recovery: true, .. }),
        ) => backup::open_with_recovery(&vault, c),
        // Otherwise as a current administrator, signed in.
        Command::Backup(c @ (BackupCommand::Verify { .. } | BackupCommand::Restore { .. })) => {
            let (session, pw) = sign_in_with(&vault, cli.user.as_deref())?;
            gate(&session, false)?;
            backup::open_as_admin(&vault, session, &pw, c)
        }
        other => {
            let mut session = sign_in(&vault, cli.user.as_deref())?;
            let out = gate(&session, matches!(other, Command::Passwd))
                .and_then(|()| admin::run(&mut session, other));
            session.end(EndReason::SignOut);
            out
        }
    }
}

fn sign_in(vault: &Vault, user: Option<&str>) -> Result<Session, Failure> {
    sign_in_with(vault, user).map(|(s, _)| s)
}

fn sign_in_with(vault: &Vault, user: Option<&str>) -> Result<(Session, Password), Failure> {
    let Some(user) = user else {
        return Err(Failure::Usage(
            "say who you are with --user USER (or KLUIS_USER)".into(),
        ));
    };
    if !vault.exists() {
        return Err(kluis_core::CoreError::VaultNotFound.into());
    }
    let pw = secrets::read("KLUIS_PASSWORD", &format!("Password for {user}: "))?;
    let s = vault.sign_in(user, &pw)?;
    Ok((s, pw))
}

/// Someone who must change their initial password does that first, and nothing else.
fn gate(s: &Session, changing_password: bool) -> Result<(), Failure> {
    if !changing_password {
        s.gate()?;
    }
    Ok(())
}

fn bench(opts: kluis_core::bench::BenchOptions) -> Result<(), Failure> {
    let report = kluis_core::bench::run(&opts)?;
    println!(
        "{}",
        serde_json::to_string_pretty(&report).unwrap_or_default()
    );
    Ok(())
}
