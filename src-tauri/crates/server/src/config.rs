//! The server's folder and its config file (`kluis-server.toml` in the data folder). Every
//! setting has a default, so a folder made by `init` runs as it is.
//!
//! ```toml
//! listen = "0.0.0.0:7443"          # calls and events (client certificates required)
//! enrol_listen = "0.0.0.0:7444"    # enrolling desktops (no client certificate yet)
//! vault = "vault"                  # the vault folder, relative to the data folder
//! backups = "backups"              # daily backups, relative to the data folder
//! names = ["crm.kantoor.lan"]      # extra names or addresses in the server certificate
//! ```
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub const CONFIG_FILE: &str = "kluis-server.toml";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub listen: SocketAddr,
    pub enrol_listen: SocketAddr,
    pub vault: PathBuf,
    pub backups: PathBuf,
    pub names: Vec<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: SocketAddr::from(([0, 0, 0, 0], kluis_office::wire::PORT)),
            enrol_listen: SocketAddr::from(([0, 0, 0, 0], kluis_office::wire::ENROL_PORT)),
            vault: PathBuf::from("vault"),
            backups: PathBuf::from("backups"),
            names: Vec::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("{0} is not valid: {1}")]
    Invalid(PathBuf, String),
}

impl Config {
    /// Reads the config file in `data_dir` (defaults for what it does not say, or for all of
    /// it when there is none).
    pub fn load(data_dir: &Path) -> Result<Config, ConfigError> {
        let path = data_dir.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                toml::from_str(&text).map_err(|e| ConfigError::Invalid(path, e.to_string()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(ConfigError::Read(path, e)),
        }
    }

    pub fn save(&self, data_dir: &Path) -> std::io::Result<()> {
        let text = toml::to_string(self).map_err(std::io::Error::other)?;
        crate::state::write_private(&data_dir.join(CONFIG_FILE), text.as_bytes())
    }
}

/// Where the server keeps what it must read before it is unlocked.
#[derive(Debug, Clone)]
pub struct ServerPaths {
    pub data_dir: PathBuf,
    pub config: Config,
}

impl ServerPaths {
    pub fn new(data_dir: PathBuf, config: Config) -> Self {
        ServerPaths { data_dir, config }
    }
    fn under(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.data_dir.join(p)
        }
    }
    pub fn vault(&self) -> PathBuf {
        self.under(&self.config.vault)
    }
    pub fn backups(&self) -> PathBuf {
        self.under(&self.config.backups)
    }
    /// The CA's certificate (public; desktops pin its fingerprint).
    pub fn ca_cert(&self) -> PathBuf {
        self.data_dir.join("ca.pem")
    }
    /// The server's certificate and key (the handshake needs them while sealed).
    pub fn server_cert(&self) -> PathBuf {
        self.data_dir.join("server.pem")
    }
    pub fn server_key(&self) -> PathBuf {
        self.data_dir.join("server.key")
    }
    /// The enrolled devices (fingerprints; read before anyone unlocks the server).
    pub fn devices(&self) -> PathBuf {
        self.data_dir.join("devices.json")
    }
    /// Files a command makes for a desktop (an export), each in a folder of its own, until the
    /// reply carries them there (files travel, paths do not).
    pub fn outgoing(&self) -> PathBuf {
        self.data_dir.join("outgoing")
    }
    /// The host's way in for `kluis-server unlock/enrol/devices/revoke/status`.
    pub fn control_socket(&self) -> PathBuf {
        self.data_dir.join("control.sock")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_partial_files() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::load(dir.path()).unwrap();
        assert_eq!(c.listen.port(), 7443);
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "listen = \"127.0.0.1:9000\"\n",
        )
        .unwrap();
        let c = Config::load(dir.path()).unwrap();
        assert_eq!(c.listen.to_string(), "127.0.0.1:9000");
        assert_eq!(c.enrol_listen.port(), 7444);
        std::fs::write(dir.path().join(CONFIG_FILE), "lisen = 1\n").unwrap();
        assert!(matches!(
            Config::load(dir.path()),
            Err(ConfigError::Invalid(..))
        ));
    }
}
