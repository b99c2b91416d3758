//! `kluis init` and `kluis recover`: the two ways in without a session.
use crate::args::{InitArgs, RecoverArgs};
use crate::{secrets, Failure};
use kluis_core::dto::CreateVaultRequest;
use kluis_core::{EndReason, Vault};

pub fn init(vault: &Vault, a: InitArgs) -> Result<(), Failure> {
    if vault.exists() {
        return Err(kluis_core::CoreError::VaultExists.into());
    }
    let pw = secrets::read_new("KLUIS_PASSWORD", &format!("New password for {}: ", a.admin))?;
    let (session, recovery_key) = vault.create(&CreateVaultRequest {
        org_name: a.org,
        admin_username: a.admin.clone(),
        admin_display_name: a.display_name.unwrap_or(a.admin),
        password: pw,
    })?;
    session.end(EndReason::SignOut);
    println!("Vault created in {}", vault.paths().dir.display());
    println!();
    println!("Recovery key (shown only now; store it offline, e.g. printed in a safe):");
    println!();
    println!("    {}", recovery_key.as_str());
    println!();
    println!("Anyone with this key can open the vault. Without it and without an administrator's");
    println!("password, the data cannot be recovered by anyone.");
    Ok(())
}

pub fn recover(vault: &Vault, a: RecoverArgs) -> Result<(), Failure> {
    let rk = secrets::read("KLUIS_RECOVERY_KEY", "Recovery key: ")?;
    let pw = secrets::read_new(
        "KLUIS_NEW_PASSWORD",
        &format!("New password for {}: ", a.admin),
    )?;
    let session = vault.recover(rk.expose(), &a.admin, &pw)?;
    println!("New password set for {}.", session.username());
    session.end(EndReason::SignOut);
    Ok(())
}
