//! The vault's daily work: the retention engine and the automatic backup, each at most once a
//! day (the vault records both runs, so a restart the same day does nothing again). Whatever
//! serves the vault asks for it at unlock and with the first command of a new day (the desktop
//! now, the office server next); `kluis daily` runs it from a scheduler. Neither part may keep
//! anyone from working: a failure is kept in the retention history and shows in Health as the
//! last backup's age, and is returned here as a code, never with personal data.
use crate::api_error::ErrorCode;
use crate::backup::{self, BackupInfo, BackupKind};
use crate::job::Job;
use crate::privacy::retention::{self, RetentionRun};
use crate::session::Session;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::sync::atomic::{AtomicI64, Ordering};

/// Why the daily work runs now: at unlock, or as the day's first command or a scheduler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Unlock,
    Daily,
}

/// What the daily work did; None where there was nothing to do (no active rule, no backup
/// folder, already done today).
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DailyReport {
    pub retention: Option<RetentionRun>,
    pub retention_error: Option<ErrorCode>,
    pub backup: Option<BackupInfo>,
    pub backup_error: Option<ErrorCode>,
}

/// Runs today's retention and automatic backup, as the system, if they have not run today.
pub fn run(s: &Session, trigger: Trigger) -> DailyReport {
    let mut report = DailyReport::default();
    let trigger = match trigger {
        Trigger::Unlock => "unlock",
        Trigger::Daily => "daily",
    };
    match retention::run_if_due(s, trigger) {
        Ok(run) => report.retention = run,
        Err(e) => report.retention_error = Some(e.code()),
    }
    match backup::automatic(s, BackupKind::Daily, &Job::unattended()) {
        Ok(info) => report.backup = info,
        Err(e) => report.backup_error = Some(e.code()),
    }
    report
}

/// The day the daily work was last asked for in this process: a check that takes no lock and
/// reads nothing, made before every command.
#[derive(Debug)]
pub struct Schedule {
    day: AtomicI64,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            day: AtomicI64::new(i64::MIN),
        }
    }
}

fn day_of(now: DateTime<Utc>) -> i64 {
    now.timestamp().div_euclid(86_400)
}

impl Schedule {
    /// Whether today's daily work has not been asked for yet.
    pub fn due(&self, now: DateTime<Utc>) -> bool {
        self.day.load(Ordering::SeqCst) != day_of(now)
    }

    /// Runs the daily work if it was not asked for today in this process (once per day, however
    /// many commands race to it).
    pub fn run_if_due(&self, s: &Session, trigger: Trigger) -> Option<DailyReport> {
        let today = day_of(s.now());
        (self.day.swap(today, Ordering::SeqCst) != today).then(|| run(s, trigger))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_once_a_day() {
        let sch = Schedule::default();
        let day = DateTime::parse_from_rfc3339("2026-12-07T08:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert!(sch.due(day));
        sch.day.store(day_of(day), Ordering::SeqCst);
        assert!(!sch.due(day + chrono::Duration::hours(15)));
        assert!(sch.due(day + chrono::Duration::hours(16)));
    }
}
