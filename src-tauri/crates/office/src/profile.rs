//! A computer's enrolment with the office's Kluis, kept in the vault folder's `office/`: where
//! the server is, this device's certificate and the office CA (`profile.json`), and this
//! device's private key (`device.key`), both readable by this user only. The desktop app and the
//! `kluis` CLI on the same computer share it: the CLI is one more window of the same device.
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub host: String,
    pub port: u16,
    pub device_id: String,
    pub device_name: String,
    pub ca_pem: String,
    pub cert_pem: String,
}

impl Profile {
    /// "host:port", as shown to people.
    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

/// "host", "host:port" or "[v6 address]:port" as a person typed it: the host and the port
/// (`default_port` when none is given). None when it cannot be an address.
pub fn parse_address(address: &str, default_port: u16) -> Option<(String, u16)> {
    let a = address.trim();
    let (host, port) = match a.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') || h.starts_with('[') => (
            h.trim_matches(|c| c == '[' || c == ']').to_string(),
            p.parse::<u16>().ok()?,
        ),
        _ => (
            a.trim_matches(|c| c == '[' || c == ']').to_string(),
            default_port,
        ),
    };
    (!host.is_empty() && !host.contains(char::is_whitespace)).then_some((host, port))
}

/// The first address `host` resolves to now.
pub fn resolve(host: &str, port: u16) -> Option<std::net::SocketAddr> {
    use std::net::ToSocketAddrs;
    (host, port).to_socket_addrs().ok()?.next()
}

/// The `office/` folder of a vault folder.
pub fn dir_of(vault_dir: &Path) -> PathBuf {
    vault_dir.join("office")
}

/// The profile and the device key in `dir`, if this computer is enrolled.
pub fn load(dir: &Path) -> Option<(Profile, Zeroizing<String>)> {
    let profile: Profile =
        serde_json::from_slice(&std::fs::read(dir.join("profile.json")).ok()?).ok()?;
    let key = Zeroizing::new(std::fs::read_to_string(dir.join("device.key")).ok()?);
    Some((profile, key))
}

/// Keeps an enrolment: the key first, so a profile never names a key that is not there.
pub fn save(dir: &Path, profile: &Profile, key_pem: &str) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    write_private(&dir.join("device.key"), key_pem.as_bytes())?;
    let json = serde_json::to_vec_pretty(profile).map_err(std::io::Error::other)?;
    write_private(&dir.join("profile.json"), &json)
}

/// Forgets the enrolment (the server keeps the device until an administrator revokes it).
pub fn forget(dir: &Path) {
    for f in ["profile.json", "device.key"] {
        let _ = std::fs::remove_file(dir.join(f));
    }
    let _ = std::fs::remove_dir_all(dir.join("incoming"));
}

/// A folder readable by this user only (made if missing).
pub fn private_dir(path: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Where files made on the server arrive on this computer before they are saved: emptied
/// first (what a crash left there goes), readable by this user only.
pub fn fresh_downloads(dir: &Path) -> std::io::Result<PathBuf> {
    let d = dir.join("incoming");
    let _ = std::fs::remove_dir_all(&d);
    private_dir(&d)?;
    Ok(d)
}

/// Replaced whole through a temporary file beside it, readable by this user only.
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    kluis_vault::write_atomic(path, bytes, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_as_people_type_them() {
        assert_eq!(
            parse_address("kantoor.local", 7444),
            Some(("kantoor.local".into(), 7444))
        );
        assert_eq!(
            parse_address(" 10.0.0.5:9000 ", 7444),
            Some(("10.0.0.5".into(), 9000))
        );
        assert_eq!(
            parse_address("[::1]:9000", 7444),
            Some(("::1".into(), 9000))
        );
        assert_eq!(parse_address("::1", 7444), Some(("::1".into(), 7444)));
        assert_eq!(parse_address("host:poort", 7444), None);
        assert_eq!(parse_address("", 7444), None);
    }

    #[test]
    fn a_saved_profile_loads_and_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let office = dir_of(dir.path());
        assert!(load(&office).is_none());
        let p = Profile {
            host: "kantoor.local".into(),
            port: 7443,
            device_id: "3".into(),
            device_name: "Balie".into(),
            ca_pem: "ca".into(),
            cert_pem: "cert".into(),
        };
        save(&office, &p, "key").unwrap();
        let (back, key) = load(&office).unwrap();
        assert_eq!(
            (back.address().as_str(), key.as_str()),
            ("kantoor.local:7443", "key")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(office.join("device.key"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(
                mode & 0o077,
                0,
                "the device key is readable by this user only"
            );
        }
        forget(&office);
        assert!(load(&office).is_none());
    }
}
