//! `kluis-server init`: the data folder, the vault (new, or the one already in it, adopted by
//! its administrator), the office CA (its key inside the vault) and the server's certificate.
use crate::config::{Config, ServerPaths};
use kluis_core::clock::SharedClock;
use kluis_core::dto::CreateVaultRequest;
use kluis_core::office;
use kluis_core::paths::VaultPaths;
use kluis_core::{EndReason, KdfParams, Password, Vault};
use kluis_office::pki::Ca;
use zeroize::Zeroizing;

pub struct InitReport {
    /// Shown once when the vault was made here (None when an existing vault was adopted).
    pub recovery_key: Option<Zeroizing<String>>,
    /// The CA fingerprint desktops compare when they enrol.
    pub fingerprint: String,
}

pub struct InitRequest<'a> {
    pub org: &'a str,
    pub admin: &'a str,
    pub password: &'a Password,
    pub config: Config,
}

pub fn init(
    paths: &ServerPaths,
    req: InitRequest<'_>,
    clock: SharedClock,
    kdf: KdfParams,
) -> Result<InitReport, String> {
    crate::state::private_dir(&paths.data_dir).map_err(|e| e.to_string())?;
    if paths.ca_cert().exists() {
        return Err(format!(
            "{} is already a Kluis server's folder",
            paths.data_dir.display()
        ));
    }
    let vault = Vault::open(VaultPaths::new(paths.vault()), clock, kdf).map_err(|e| match e {
        kluis_core::CoreError::VaultInUse => "another process holds the vault".to_string(),
        other => format!("the vault cannot be opened: {}", other.code().as_str()),
    })?;
    let (mut session, recovery_key) = if vault.exists() {
        let s = vault
            .sign_in(req.admin, req.password)
            .map_err(|e| format!("signing in to the existing vault: {}", e.code().as_str()))?;
        (s, None)
    } else {
        let (s, key) = vault
            .create(&CreateVaultRequest {
                org_name: req.org.to_string(),
                admin_username: req.admin.to_string(),
                admin_display_name: req.admin.to_string(),
                password: req.password.clone(),
            })
            .map_err(|e| format!("making the vault: {} ({})", e.code().as_str(), e))?;
        (s, Some(key))
    };
    let (ca, ca_files) = Ca::create(req.org).map_err(|e| e.to_string())?;
    let server = ca
        .server_cert(&req.config.names)
        .map_err(|e| e.to_string())?;
    let stored = office::set_ca_key(&mut session, &ca_files.key_pem);
    session.end(EndReason::SignOut);
    stored.map_err(|e| format!("keeping the CA in the vault: {}", e.code().as_str()))?;
    let write = |p: std::path::PathBuf, text: &str| {
        crate::state::write_private(&p, text.as_bytes())
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    write(paths.server_key(), &server.key_pem)?;
    write(paths.server_cert(), &server.cert_pem)?;
    req.config
        .save(&paths.data_dir)
        .map_err(|e| e.to_string())?;
    // The CA certificate last: its presence is what marks the folder as done.
    write(paths.ca_cert(), &ca_files.cert_pem)?;
    let fingerprint = kluis_office::pki::fingerprint_of_pem(&ca_files.cert_pem)
        .map_err(|e| e.to_string())?
        .to_string();
    Ok(InitReport {
        recovery_key,
        fingerprint,
    })
}
