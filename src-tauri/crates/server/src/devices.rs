//! The enrolled desktops: what Settings > Devices and `kluis-server devices` list, and the
//! allow-list every handshake and every request is checked against. Kept beside the vault
//! (not in it): the server must recognise a desktop before anyone has unlocked it, so that an
//! administrator can unlock it from that desktop.
use kluis_office::Fingerprint;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::RwLock;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    pub id: i64,
    pub name: String,
    pub fingerprint: Fingerprint,
    pub serial: String,
    /// The administrator who made the enrolment code (their user number).
    pub enrolled_by: i64,
    pub enrolled_at: String,
    pub last_seen: Option<String>,
    /// The address it last connected from.
    pub address: Option<String>,
    pub revoked_at: Option<String>,
}

pub struct Devices {
    path: PathBuf,
    list: RwLock<Vec<Device>>,
    /// Fingerprint -> device number, for devices not revoked (the hot path: every request).
    allowed: RwLock<HashMap<Fingerprint, i64>>,
    /// When "last seen" was last written to disk (at most once a minute).
    flushed: std::sync::Mutex<Instant>,
}

fn lock<T>(r: std::sync::LockResult<T>) -> T {
    // The data behind these locks is replaced whole under the lock, so a panic elsewhere
    // cannot have left it half-changed.
    r.unwrap_or_else(|p| p.into_inner())
}

impl Devices {
    pub fn load(path: PathBuf) -> std::io::Result<Devices> {
        let list: Vec<Device> = match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(std::io::Error::other)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => return Err(e),
        };
        let d = Devices {
            path,
            allowed: RwLock::new(HashMap::new()),
            list: RwLock::new(list),
            flushed: std::sync::Mutex::new(Instant::now()),
        };
        d.rebuild();
        Ok(d)
    }

    fn rebuild(&self) {
        let map = lock(self.list.read())
            .iter()
            .filter(|d| d.revoked_at.is_none())
            .map(|d| (d.fingerprint, d.id))
            .collect();
        *lock(self.allowed.write()) = map;
    }

    fn save(&self) -> std::io::Result<()> {
        let bytes = serde_json::to_vec_pretty(&*lock(self.list.read()))?;
        crate::state::write_private(&self.path, &bytes)
    }

    /// The device a certificate belongs to, if it is enrolled and not revoked.
    pub fn allowed(&self, fp: &Fingerprint) -> Option<i64> {
        lock(self.allowed.read()).get(fp).copied()
    }

    pub fn list(&self) -> Vec<Device> {
        lock(self.list.read()).clone()
    }

    pub fn get(&self, id: i64) -> Option<Device> {
        lock(self.list.read()).iter().find(|d| d.id == id).cloned()
    }

    /// The number the next device will get (its certificate names it).
    pub fn next_id(&self) -> i64 {
        lock(self.list.read())
            .iter()
            .map(|d| d.id)
            .max()
            .unwrap_or(0)
            + 1
    }

    /// Records a newly signed device (written before its certificate is handed out).
    pub fn add(&self, device: Device) -> std::io::Result<()> {
        lock(self.list.write()).push(device);
        self.save()?;
        self.rebuild();
        Ok(())
    }

    /// Revokes a device: refused from this moment on. False if there is no such device.
    pub fn revoke(&self, id: i64, at: &str) -> std::io::Result<bool> {
        let found = {
            let mut list = lock(self.list.write());
            match list
                .iter_mut()
                .find(|d| d.id == id && d.revoked_at.is_none())
            {
                Some(d) => {
                    d.revoked_at = Some(at.to_string());
                    true
                }
                None => false,
            }
        };
        // The allow-list changes before the file is written: a failing disk must not keep a
        // revoked desktop in.
        self.rebuild();
        if found {
            self.save()?;
        }
        Ok(found)
    }

    pub fn rename(&self, id: i64, name: &str) -> std::io::Result<bool> {
        let found = {
            let mut list = lock(self.list.write());
            match list.iter_mut().find(|d| d.id == id) {
                Some(d) => {
                    d.name = name.to_string();
                    true
                }
                None => false,
            }
        };
        if found {
            self.save()?;
        }
        Ok(found)
    }

    /// Notes that a device was seen (kept in memory; written at most once a minute). Every
    /// request of every desktop comes here: within the same minute from the same address only
    /// a read lock is taken, so fifty desktops do not queue behind each other's write.
    pub fn seen(&self, id: i64, address: &str, at: &str) {
        let minute = |s: &str| s.get(..16).map(str::to_string);
        let known = lock(self.list.read()).iter().any(|d| {
            d.id == id
                && d.address.as_deref() == Some(address)
                && d.last_seen.as_deref().and_then(minute) == minute(at)
        });
        if known {
            return;
        }
        {
            let mut list = lock(self.list.write());
            if let Some(d) = list.iter_mut().find(|d| d.id == id) {
                d.last_seen = Some(at.to_string());
                d.address = Some(address.to_string());
            }
        }
        let mut flushed = lock(self.flushed.lock());
        if flushed.elapsed() > Duration::from_secs(60) {
            *flushed = Instant::now();
            let _ = self.save();
        }
    }

    /// Writes what is only in memory (at shutdown).
    pub fn flush(&self) {
        let _ = self.save();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn device(id: i64) -> Device {
        Device {
            id,
            name: format!("Desk {id}"),
            fingerprint: Fingerprint::of_der(&id.to_be_bytes()),
            serial: "01".into(),
            enrolled_by: 1,
            enrolled_at: "2026-12-07T10:00:00Z".into(),
            last_seen: None,
            address: None,
            revoked_at: None,
        }
    }

    #[test]
    fn revoked_devices_leave_the_allow_list_and_stay_out_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("devices.json");
        let d = Devices::load(path.clone()).unwrap();
        d.add(device(1)).unwrap();
        d.add(device(2)).unwrap();
        assert_eq!(d.allowed(&device(1).fingerprint), Some(1));
        assert!(d.revoke(1, "2026-12-07T11:00:00Z").unwrap());
        assert!(!d.revoke(1, "2026-12-07T11:00:00Z").unwrap());
        assert_eq!(d.allowed(&device(1).fingerprint), None);
        let again = Devices::load(path).unwrap();
        assert_eq!(again.allowed(&device(1).fingerprint), None);
        assert_eq!(again.allowed(&device(2).fingerprint), Some(2));
        assert_eq!(again.next_id(), 3);
    }

    #[test]
    fn last_seen_moves_by_the_minute_and_with_the_address() {
        let dir = tempfile::tempdir().unwrap();
        let d = Devices::load(dir.path().join("devices.json")).unwrap();
        d.add(device(1)).unwrap();
        let seen = |d: &Devices| {
            let x = d.get(1).unwrap();
            (x.last_seen.unwrap(), x.address.unwrap())
        };
        d.seen(1, "10.0.0.5", "2026-12-07T09:00:05Z");
        d.seen(1, "10.0.0.5", "2026-12-07T09:00:59Z");
        assert_eq!(seen(&d), ("2026-12-07T09:00:05Z".into(), "10.0.0.5".into()));
        d.seen(1, "10.0.0.5", "2026-12-07T09:01:00Z");
        assert_eq!(seen(&d).0, "2026-12-07T09:01:00Z");
        d.seen(1, "10.0.0.9", "2026-12-07T09:01:10Z");
        assert_eq!(seen(&d), ("2026-12-07T09:01:10Z".into(), "10.0.0.9".into()));
    }
}
