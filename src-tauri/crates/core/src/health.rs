//! Settings > Health and `kluis verify`: every check of `verify` plus the age of the last
//! backup, each as ok, warning or problem, with a stable key the UI and the CLI turn into what
//! to do about it. Nothing here carries personal data.
use crate::access::{Action, Category};
use crate::clock::parse_stamp;
use crate::error::CoreResult;
use crate::session::Session;
use crate::verify::{self, VerifyReport};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CheckState {
    Ok,
    Warning,
    Problem,
}

/// One line of the health report.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct HealthCheck {
    /// cipher, database, key_file, key_file_prev, audit, consent, backup, backup_folder.
    pub key: String,
    pub state: CheckState,
    /// What was found, as a stable reason (e.g. "never", "stale", "entry_altered").
    pub reason: Option<String>,
    /// A number that goes with the reason: problems found, the broken entry, days since.
    #[ts(type = "number | null")]
    pub figure: Option<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Health {
    pub checks: Vec<HealthCheck>,
    pub last_backup_at: Option<String>,
    pub backup_folder: Option<String>,
    /// The audit chain's head: the anchor an administrator can note down and compare.
    pub audit_head: String,
    #[ts(type = "number")]
    pub audit_entries: i64,
}

impl Health {
    pub fn worst(&self) -> CheckState {
        if self.checks.iter().any(|c| c.state == CheckState::Problem) {
            CheckState::Problem
        } else if self.checks.iter().any(|c| c.state == CheckState::Warning) {
            CheckState::Warning
        } else {
            CheckState::Ok
        }
    }
}

fn check(key: &str, state: CheckState, reason: Option<&str>, figure: Option<i64>) -> HealthCheck {
    HealthCheck {
        key: key.into(),
        state,
        reason: reason.map(Into::into),
        figure,
    }
}

fn count_check(key: &str, problems: usize, reason: &str) -> HealthCheck {
    if problems == 0 {
        check(key, CheckState::Ok, None, None)
    } else {
        check(
            key,
            CheckState::Problem,
            Some(reason),
            Some(problems as i64),
        )
    }
}

/// The checks of a verify report, and the backup's age (days since, by the session's clock).
pub fn checks(
    v: &VerifyReport,
    last_backup_at: Option<&str>,
    folder: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<HealthCheck> {
    use CheckState::*;
    let mut out = vec![
        count_check("cipher", v.cipher_problems.len(), "pages_fail"),
        count_check("database", v.integrity_problems.len(), "integrity"),
        match &v.key_file_problem {
            None => check("key_file", Ok, None, Some(v.key_slots as i64)),
            Some(_) => check("key_file", Problem, Some("damaged"), None),
        },
        if v.key_file_prev_present {
            check("key_file_prev", Ok, None, None)
        } else {
            check("key_file_prev", Warning, Some("absent"), None)
        },
        match v.audit.first_broken_id {
            None => check("audit", Ok, None, Some(v.audit.entries)),
            Some(id) => check("audit", Problem, Some("entry_altered"), Some(id)),
        },
        if v.consent.ok() {
            check("consent", Ok, None, Some(v.consent.entries))
        } else {
            check(
                "consent",
                Problem,
                Some("ledger_altered"),
                v.consent.first_broken_id,
            )
        },
    ];
    let age = last_backup_at
        .and_then(parse_stamp)
        .map(|t| (now - t).num_days().max(0));
    out.push(match age {
        None => check("backup", Problem, Some("never"), None),
        Some(d) if d <= 1 => check("backup", Ok, None, Some(d)),
        Some(d) if d <= 7 => check("backup", Warning, Some("stale"), Some(d)),
        Some(d) => check("backup", Problem, Some("stale"), Some(d)),
    });
    out.push(if folder {
        check("backup_folder", Ok, None, None)
    } else {
        check("backup_folder", Warning, Some("automatic_off"), None)
    });
    out
}

pub fn report(s: &Session) -> CoreResult<Health> {
    s.require(Category::Admin, Action::View)?;
    let v = verify::run(s)?;
    Ok(Health {
        checks: checks(
            &v,
            v.last_backup_at.as_deref(),
            v.backup_folder.is_some(),
            s.now(),
        ),
        last_backup_at: v.last_backup_at.clone(),
        backup_folder: v.backup_folder.clone(),
        audit_head: v.audit.head.clone(),
        audit_entries: v.audit.entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::ChainReport;
    use crate::privacy::consent_dto::LedgerReport;

    fn sound() -> VerifyReport {
        VerifyReport {
            cipher_problems: vec![],
            integrity_problems: vec![],
            key_file_problem: None,
            key_file_prev_present: true,
            key_slots: 3,
            audit: ChainReport {
                entries: 10,
                head: "ab".into(),
                first_broken_id: None,
            },
            consent: LedgerReport {
                entries: 2,
                head: "cd".into(),
                first_broken_id: None,
                evidence_altered: vec![],
                statements_altered: vec![],
                state_mismatches: 0,
            },
            last_backup_at: None,
            backup_folder: None,
        }
    }

    fn backup_state(at: Option<&str>) -> (CheckState, Option<i64>) {
        let now = parse_stamp("2026-11-27T12:00:00Z").unwrap();
        let c = checks(&sound(), at, true, now)
            .into_iter()
            .find(|c| c.key == "backup")
            .unwrap();
        (c.state, c.figure)
    }

    #[test]
    fn the_backup_ages_into_a_warning_then_a_problem() {
        use CheckState::*;
        assert_eq!(backup_state(None), (Problem, None));
        assert_eq!(backup_state(Some("2026-11-27T08:00:00Z")), (Ok, Some(0)));
        assert_eq!(
            backup_state(Some("2026-11-24T08:00:00Z")),
            (Warning, Some(3))
        );
        assert_eq!(
            backup_state(Some("2026-11-01T08:00:00Z")),
            (Problem, Some(26))
        );
    }

    #[test]
    fn a_broken_chain_is_a_problem_naming_the_entry() {
        let mut v = sound();
        v.audit.first_broken_id = Some(7);
        let now = parse_stamp("2026-11-27T12:00:00Z").unwrap();
        let all = checks(&v, Some("2026-11-27T08:00:00Z"), false, now);
        let audit = all.iter().find(|c| c.key == "audit").unwrap();
        assert_eq!((audit.state, audit.figure), (CheckState::Problem, Some(7)));
        let folder = all.iter().find(|c| c.key == "backup_folder").unwrap();
        assert_eq!(folder.state, CheckState::Warning);
    }
}
