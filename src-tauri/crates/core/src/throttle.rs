//! Failed sign-ins, counted before the database can be opened. Kept in a small plain file next
//! to the vault (`kluis.throttle`) holding only hashed usernames, counts and times. Repeated
//! failures add a growing delay; on the next successful unlock the failures are written into the
//! audit trail, which the file cannot be before the key is known.
use crate::clock::{parse_stamp, stamp};
use crate::error::{CoreError, CoreResult};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Failures allowed before any delay.
pub const FREE_ATTEMPTS: u32 = 3;
const BASE_DELAY_SECS: u64 = 5;
const MAX_DELAY_SECS: u64 = 15 * 60;
/// At most this many unflushed failures are remembered, so the file cannot grow without bound.
const MAX_PENDING: usize = 1000;

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct State {
    #[serde(default)]
    users: BTreeMap<String, Entry>,
    #[serde(default)]
    pending: Vec<Pending>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    failures: u32,
    last_failure_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pending {
    pub tag: String,
    pub at: String,
}

pub fn tag(username: &str) -> String {
    let d = Sha256::digest(format!(
        "kluis/throttle/v1\0{}",
        username.trim().to_lowercase()
    ));
    d.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

pub fn delay_after(failures: u32) -> u64 {
    if failures < FREE_ATTEMPTS {
        return 0;
    }
    let exp = (failures - FREE_ATTEMPTS).min(20);
    (BASE_DELAY_SECS << exp).min(MAX_DELAY_SECS)
}

pub struct Throttle {
    path: PathBuf,
}

impl Throttle {
    pub fn new(path: &Path) -> Self {
        Throttle {
            path: path.to_path_buf(),
        }
    }

    fn load(&self) -> State {
        // A damaged throttle file must not lock everyone out; it only resets the counters.
        std::fs::read(&self.path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    fn save(&self, s: &State) -> CoreResult<()> {
        let bytes = serde_json::to_vec(s).map_err(|_| CoreError::Internal("throttle state"))?;
        kluis_vault::write_atomic(&self.path, &bytes, false)?;
        Ok(())
    }

    /// Refuses an attempt while the delay after earlier failures has not passed.
    pub fn check(&self, username: &str, now: DateTime<Utc>) -> CoreResult<()> {
        let s = self.load();
        if let Some(e) = s.users.get(&tag(username)) {
            let delay = delay_after(e.failures) as i64;
            if let Some(last) = parse_stamp(&e.last_failure_at) {
                let wait_ms = (last + chrono::Duration::seconds(delay) - now).num_milliseconds();
                if delay > 0 && wait_ms > 0 {
                    return Err(CoreError::Throttled {
                        retry_after_secs: ((wait_ms + 999) / 1000) as u32,
                    });
                }
            }
        }
        Ok(())
    }

    pub fn record_failure(&self, username: &str, now: DateTime<Utc>) -> CoreResult<()> {
        let mut s = self.load();
        let t = tag(username);
        let e = s.users.entry(t.clone()).or_default();
        e.failures = e.failures.saturating_add(1);
        e.last_failure_at = stamp(now);
        if s.pending.len() < MAX_PENDING {
            s.pending.push(Pending {
                tag: t,
                at: stamp(now),
            });
        }
        self.save(&s)
    }

    pub fn record_success(&self, username: &str) -> CoreResult<()> {
        let mut s = self.load();
        if s.users.remove(&tag(username)).is_some() {
            self.save(&s)?;
        }
        Ok(())
    }

    /// Takes the failures not yet written to the audit trail.
    pub fn take_pending(&self) -> CoreResult<Vec<Pending>> {
        let mut s = self.load();
        if s.pending.is_empty() {
            return Ok(vec![]);
        }
        let p = std::mem::take(&mut s.pending);
        self.save(&s)?;
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delay_grows_and_is_capped() {
        assert_eq!(delay_after(0), 0);
        assert_eq!(delay_after(2), 0);
        assert_eq!(delay_after(3), 5);
        assert_eq!(delay_after(4), 10);
        assert_eq!(delay_after(5), 20);
        assert_eq!(delay_after(60), MAX_DELAY_SECS);
    }

    #[test]
    fn failures_delay_the_next_attempt_and_success_resets() {
        let dir = tempfile::tempdir().unwrap();
        let th = Throttle::new(&dir.path().join("t"));
        let t0 = Utc::now();
        for _ in 0..3 {
            th.check("anna", t0).unwrap();
            th.record_failure("anna", t0).unwrap();
        }
        match th.check("Anna", t0 + chrono::Duration::seconds(1)) {
            Err(CoreError::Throttled { retry_after_secs }) => assert_eq!(retry_after_secs, 4),
            other => panic!("{other:?}"),
        }
        th.check("bob", t0).unwrap();
        th.check("anna", t0 + chrono::Duration::seconds(6)).unwrap();
        th.record_success("anna").unwrap();
        th.check("anna", t0).unwrap();
        assert_eq!(th.take_pending().unwrap().len(), 3);
        assert!(th.take_pending().unwrap().is_empty());
        let raw = std::fs::read_to_string(dir.path().join("t")).unwrap();
        assert!(!raw.contains("anna"));
    }
}
