//! Thinning automatic backups: the newest of each of the last 7 days that have one, and the
//! newest of each of the last 12 months. Manual backups are the administrator's and stay, and
//! so does every file that is not this vault's by its authenticated header: a backup of
//! another vault in the same folder, or a file someone dated to make Kluis delete the others.
use super::{list_folder, BackupStatus};
use crate::error::CoreResult;
use crate::files::sync_dir;
use std::collections::HashSet;
use std::path::Path;

pub const DAILY: usize = 7;
pub const MONTHLY: usize = 12;

/// Which of these automatic backups (newest first, `created_at` stamps) to keep.
pub fn keep(created: &[String]) -> HashSet<usize> {
    let mut keep = HashSet::new();
    let (mut days, mut months) = (Vec::new(), Vec::new());
    for (i, c) in created.iter().enumerate() {
        let day = c.get(..10).unwrap_or(c).to_string();
        let month = c.get(..7).unwrap_or(c).to_string();
        if !days.contains(&day) && days.len() < DAILY {
            days.push(day);
            keep.insert(i);
        }
        if !months.contains(&month) && months.len() < MONTHLY {
            months.push(month);
            keep.insert(i);
        }
    }
    keep
}

pub fn thin(dir: &Path, vault_id: &str, auth: &[u8; 32]) -> CoreResult<()> {
    let auto: Vec<_> = list_folder(dir, Some((vault_id, auth)))?
        .into_iter()
        .filter(|b| b.status == BackupStatus::Ok && b.kind != "manual")
        .collect();
    let stamps: Vec<String> = auto.iter().map(|b| b.created_at.clone()).collect();
    let keep = keep(&stamps);
    for (i, b) in auto.iter().enumerate() {
        if !keep.contains(&i) {
            let _ = std::fs::remove_file(&b.path);
        }
    }
    sync_dir(dir);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_days_and_twelve_months() {
        // Two backups a day (daily and at sign-out) for 400 days, newest first.
        let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        let stamps: Vec<String> = (0..400)
            .flat_map(|d| {
                let day = start - chrono::Duration::days(d);
                [format!("{day}T17:00:00Z"), format!("{day}T08:00:00Z")]
            })
            .collect();
        let kept = keep(&stamps);
        let mut kept_days: Vec<&str> = kept.iter().map(|&i| &stamps[i][..10]).collect();
        kept_days.sort();
        kept_days.dedup();
        // The last 7 days, plus one per month back to a year (the month's newest).
        let recent: Vec<&str> = kept_days.iter().rev().take(7).copied().collect();
        assert_eq!(recent[0], "2026-11-27");
        assert_eq!(recent[6], "2026-11-21");
        assert_eq!(kept.len(), 7 + 11, "{kept_days:?}");
        assert!(kept_days.contains(&"2025-12-31"));
        assert!(!kept_days.iter().any(|d| d < &"2025-12-01"));
        // Of each day only the newest (the sign-out one at 17:00).
        assert!(kept.iter().all(|&i| stamps[i].ends_with("T17:00:00Z")));
    }
}
