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
    /// cipher, database, key_file, key_slots, rotation, audit, anchors, consent, category_keys,
    /// backup, backup_folder.
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
    /// The audit chain's head: the anchor an administrator can note down and give to
    /// `kluis verify --anchor ID:HASH` later, as `ID:HASH` (the hash's first 16 digits suffice).
    pub audit_head: String,
    #[ts(type = "number")]
    pub audit_head_id: i64,
    #[ts(type = "number")]
    pub audit_entries: i64,
    /// The category keys: who waits for one, whether one is due to be renewed.
    pub category_keys: Vec<crate::keys::custody::CategoryKeyState>,
    /// The first anchor the chain contradicts, if any (what the anchors check names).
    pub contradiction: Option<crate::anchors::Contradiction>,
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
        if v.slots_altered > 0 {
            check(
                "key_slots",
                Problem,
                Some("altered"),
                Some(v.slots_altered as i64),
            )
        } else if v.slots_legacy > 0 {
            check(
                "key_slots",
                Warning,
                Some("legacy"),
                Some(v.slots_legacy as i64),
            )
        } else {
            check("key_slots", Ok, None, None)
        },
        if v.rotation_pending {
            check("rotation", Warning, Some("interrupted"), None)
        } else {
            check("rotation", Ok, None, None)
        },
        match v.audit.first_broken_id {
            None => check("audit", Ok, None, Some(v.audit.entries)),
            Some(id) => check("audit", Problem, Some("entry_altered"), Some(id)),
        },
        match (&v.anchors.contradiction, v.anchors.file.as_str()) {
            (Some(c), _) => check(
                "anchors",
                Problem,
                Some(if c.kind == "cut" { "cut" } else { "rewritten" }),
                Some(c.anchor_id),
            ),
            (None, "altered") => check("anchors", Problem, Some("file_altered"), None),
            (None, _) if !v.anchors.set_aside.is_empty() => check(
                "anchors",
                Problem,
                Some("file_altered"),
                Some(v.anchors.set_aside.len() as i64),
            ),
            (None, _) => check(
                "anchors",
                Ok,
                None,
                Some((v.anchors.from_backups + v.anchors.from_file + v.anchors.given) as i64),
            ),
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
    let waiting: u32 = v.category_keys.iter().map(|c| c.waiting).sum();
    let due = v.category_keys.iter().filter(|c| c.rotation_due).count();
    out.push(if waiting > 0 {
        check(
            "category_keys",
            Warning,
            Some("waiting"),
            Some(waiting as i64),
        )
    } else if due > 0 {
        check(
            "category_keys",
            Warning,
            Some("rotation_due"),
            Some(due as i64),
        )
    } else {
        check("category_keys", Ok, None, None)
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
        audit_head_id: v.audit.head_id,
        audit_entries: v.audit.entries,
        category_keys: v.category_keys.clone(),
        contradiction: v.anchors.contradiction.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dto::audit::ChainReport;
    use crate::dto::consent::LedgerReport;

    fn sound() -> VerifyReport {
        VerifyReport {
            cipher_problems: vec![],
            integrity_problems: vec![],
            key_file_problem: None,
            key_slots: 3,
            slots_altered: 0,
            slots_legacy: 0,
            rotation_pending: false,
            audit: ChainReport {
                entries: 10,
                head_id: 10,
                head: "ab".into(),
                first_broken_id: None,
            },
            anchors: crate::verify::AnchorReport {
                from_backups: 1,
                from_file: 2,
                given: 0,
                file: "sound".into(),
                set_aside: vec![],
                contradiction: None,
            },
            category_keys: vec![],
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
    fn a_cut_tail_an_altered_slot_and_an_altered_anchors_file_are_problems() {
        let now = parse_stamp("2026-11-27T12:00:00Z").unwrap();
        let state = |v: &VerifyReport, key: &str| {
            let c = checks(v, Some("2026-11-27T08:00:00Z"), true, now)
                .into_iter()
                .find(|c| c.key == key)
                .unwrap();
            (c.state, c.reason, c.figure)
        };
        let mut v = sound();
        v.anchors.contradiction = Some(crate::anchors::Contradiction {
            source: crate::anchors::AnchorSource::Backup,
            file: Some("b".into()),
            anchor_id: 12,
            kind: "cut".into(),
        });
        assert_eq!(
            state(&v, "anchors"),
            (CheckState::Problem, Some("cut".into()), Some(12))
        );
        let mut v = sound();
        v.anchors.file = "altered".into();
        assert_eq!(state(&v, "anchors").0, CheckState::Problem);
        let mut v = sound();
        v.slots_altered = 1;
        assert_eq!(state(&v, "key_slots").0, CheckState::Problem);
        assert_eq!(state(&sound(), "anchors"), (CheckState::Ok, None, Some(3)));
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
