//! Failed sign-ins, counted before the database can be opened. Kept in a small plain file next
//! to the vault (`kluis.throttle`) holding only hashed usernames (keyed to this vault, so a
//! hash says nothing across vaults), counts and times. Repeated failures add a growing delay;
//! on the next successful unlock the failures are written into the audit trail, which the file
//! cannot be before the key is known.
//!
//! An attempt is counted before the password is checked and uncounted when it succeeds, under
//! one lock: attempts made at the same moment cannot all slip through before the first failure
//! is written down. The vault's folder lock keeps other processes out, so the lock is this
//! process's.
use crate::clock::{parse_stamp, stamp};
use crate::error::{CoreError, CoreResult};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Failures allowed before any delay.
pub const FREE_ATTEMPTS: u32 = 3;
const BASE_DELAY_SECS: u64 = 5;
const MAX_DELAY_SECS: u64 = 15 * 60;
/// At most this many unflushed failures are remembered, so the file cannot grow without bound.
const MAX_PENDING: usize = 1000;

/// One lock for every throttle file of this process: check and record happen under it.
static LOCK: Mutex<()> = Mutex::new(());

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
    /// A sign-in of a disabled account (audited as refused, not failed).
    #[serde(default)]
    pub refused: bool,
}

/// The hashed name a username is counted under in this vault.
pub fn tag(vault_id: &str, username: &str) -> String {
    let d = Sha256::digest(format!(
        "kluis/throttle/v2\0{vault_id}\0{}",
        username.trim().to_lowercase()
    ));
    d.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// The name the recovery key's attempts are counted under.
pub const RECOVERY: &str = "\u{0}recovery";

pub fn delay_after(failures: u32) -> u64 {
    if failures < FREE_ATTEMPTS {
        return 0;
    }
    let exp = (failures - FREE_ATTEMPTS).min(20);
    (BASE_DELAY_SECS << exp).min(MAX_DELAY_SECS)
}

pub struct Throttle {
    path: PathBuf,
    vault_id: String,
}

/// An attempt counted as failed until `succeeded` says otherwise.
#[must_use = "say how the attempt ended"]
pub struct Attempt<'a> {
    throttle: &'a Throttle,
    tag: String,
    at: DateTime<Utc>,
}

impl Attempt<'_> {
    /// The password or key was right: the count starts again.
    pub fn succeeded(self) -> CoreResult<()> {
        let _g = LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let mut s = self.throttle.load();
        if s.users.remove(&self.tag).is_some() {
            self.throttle.save(&s)?;
        }
        Ok(())
    }

    /// It was wrong: the failure stays counted and is audited at the next unlock.
    pub fn failed(self) -> CoreResult<()> {
        self.throttle.pend(&self.tag, self.at, false)
    }

    /// A disabled account: counted like a failure, audited as refused.
    pub fn refused(self) -> CoreResult<()> {
        self.throttle.pend(&self.tag, self.at, true)
    }
}

impl Throttle {
    pub fn new(path: &Path, vault_id: &str) -> Self {
        Throttle {
            path: path.to_path_buf(),
            vault_id: vault_id.to_string(),
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

    fn pend(&self, tag: &str, at: DateTime<Utc>, refused: bool) -> CoreResult<()> {
        let _g = LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let mut s = self.load();
        if s.pending.len() < MAX_PENDING {
            s.pending.push(Pending {
                tag: tag.to_string(),
                at: stamp(at),
                refused,
            });
        }
        self.save(&s)
    }

    /// Refuses an attempt while the delay after earlier failures has not passed; otherwise
    /// counts it (as a failure until it succeeds) and lets it go ahead.
    pub fn attempt(&self, username: &str, now: DateTime<Utc>) -> CoreResult<Attempt<'_>> {
        let t = tag(&self.vault_id, username);
        let _g = LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let mut s = self.load();
        let e = s.users.entry(t.clone()).or_default();
        let delay = delay_after(e.failures) as i64;
        if let Some(last) = parse_stamp(&e.last_failure_at) {
            let wait_ms = (last + chrono::Duration::seconds(delay) - now).num_milliseconds();
            if delay > 0 && wait_ms > 0 {
                return Err(CoreError::Throttled {
                    retry_after_secs: ((wait_ms + 999) / 1000) as u32,
                });
            }
        }
        e.failures = e.failures.saturating_add(1);
        e.last_failure_at = stamp(now);
        self.save(&s)?;
        Ok(Attempt {
            throttle: self,
            tag: t,
            at: now,
        })
    }

    /// Takes the failures not yet written to the audit trail.
    pub fn take_pending(&self) -> CoreResult<Vec<Pending>> {
        let _g = LOCK.lock().unwrap_or_else(|e| e.into_inner());
        let mut s = self.load();
        if s.pending.is_empty() {
            return Ok(vec![]);
        }
        let p = std::mem::take(&mut s.pending);
        self.save(&s)?;
        Ok(p)
    }

    pub fn tag_of(&self, username: &str) -> String {
        tag(&self.vault_id, username)
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
        let th = Throttle::new(&dir.path().join("t"), "v1");
        let t0 = Utc::now();
        for _ in 0..3 {
            th.attempt("anna", t0).unwrap().failed().unwrap();
        }
        match th.attempt("Anna", t0 + chrono::Duration::seconds(1)) {
            Err(CoreError::Throttled { retry_after_secs }) => assert_eq!(retry_after_secs, 4),
            Err(other) => panic!("{other:?}"),
            Ok(_) => panic!("not throttled"),
        }
        th.attempt("bob", t0).unwrap().succeeded().unwrap();
        th.attempt("anna", t0 + chrono::Duration::seconds(6))
            .unwrap()
            .succeeded()
            .unwrap();
        th.attempt("anna", t0).unwrap().succeeded().unwrap();
        assert_eq!(th.take_pending().unwrap().len(), 3);
        assert!(th.take_pending().unwrap().is_empty());
        let raw = std::fs::read_to_string(dir.path().join("t")).unwrap();
        assert!(!raw.contains("anna"));
    }

    #[test]
    fn the_same_name_hashes_differently_in_another_vault() {
        assert_ne!(tag("vault-a", "anna"), tag("vault-b", "anna"));
        assert_eq!(tag("vault-a", "Anna "), tag("vault-a", "anna"));
    }

    #[test]
    fn attempts_at_the_same_moment_cannot_pass_the_free_ones_together() {
        let dir = tempfile::tempdir().unwrap();
        let th = Throttle::new(&dir.path().join("t"), "v1");
        let now = Utc::now();
        let barrier = std::sync::Barrier::new(12);
        let let_through = std::sync::atomic::AtomicU32::new(0);
        std::thread::scope(|sc| {
            for _ in 0..12 {
                sc.spawn(|| {
                    barrier.wait();
                    if let Ok(a) = th.attempt("anna", now) {
                        let_through.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        // The password check takes a while; every attempt fails.
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        a.failed().unwrap();
                    }
                });
            }
        });
        assert_eq!(let_through.into_inner(), FREE_ATTEMPTS);
    }
}
