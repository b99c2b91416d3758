//! What an attacker holding the database key would do to the trail and the ledger, for the UI
//! test bridge's Health tests (built with the test KDF only, never in a release): edits made
//! with the append-only guards dropped and put back.
use super::{ReadTx, WriteTx};

/// A table's root page number (see `testkit::root_page`).
pub fn root_page(tx: &ReadTx, table: &str) -> Result<i64, String> {
    tx.conn()
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?1",
            [table],
            |r| r.get(0),
        )
        .map_err(|e| e.to_string())
}

/// See `testkit::tamper`.
pub fn apply(tx: &WriteTx, what: &str, n: i64) -> Result<(), String> {
    let (guards, sql): (&[&str], &str) = match what {
        "audit_entry" => (
            &["audit_log_no_update"],
            "UPDATE audit_log SET details = details || ' ' WHERE id = ?1",
        ),
        "audit_entry_undone" => (
            &["audit_log_no_update"],
            "UPDATE audit_log SET details = rtrim(details, ' ') WHERE id = ?1",
        ),
        "audit_tail" => (
            &["audit_log_no_delete"],
            "DELETE FROM audit_log WHERE id > (SELECT max(id) FROM audit_log) - ?1",
        ),
        "consent_entry" => (
            &["consent_events_no_update"],
            "UPDATE consent_events SET channel = CASE channel WHEN 'email' THEN 'paper' \
             ELSE 'email' END WHERE id = ?1",
        ),
        other => return Err(format!("no tampering {other}")),
    };
    let conn = tx.conn();
    let err = |e: rusqlite::Error| e.to_string();
    let mut saved = Vec::new();
    for guard in guards {
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                [guard],
                |r| r.get(0),
            )
            .map_err(err)?;
        conn.execute_batch(&format!("DROP TRIGGER {guard}"))
            .map_err(err)?;
        saved.push(sql);
    }
    let changed = conn.execute(sql, [n]).map_err(err);
    for sql in saved {
        conn.execute_batch(&sql).map_err(err)?;
    }
    match changed? {
        0 => Err(format!("{what}: no entry {n}")),
        _ => Ok(()),
    }
}
