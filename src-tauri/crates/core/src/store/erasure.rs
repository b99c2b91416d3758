//! SQL for erasure: what goes, what is kept detached, and the erasure ledger.
use super::{ReadTx, WriteTx};
use crate::error::CoreResult;
use rusqlite::{params, OptionalExtension};

/// Deals stay for the fiscal retention (amounts, stages, dates) but lose the person and every
/// free text. Returns how many.
pub fn anonymise_deals(tx: &WriteTx, person_id: i64, title: &str) -> CoreResult<usize> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE deals SET person_id = NULL, title = ?2, lost_reason = NULL, version = version + 1
         WHERE person_id = ?1",
        params![person_id, title],
    )?)
}

/// Evidence references in the consent ledger (the text and its salt; the chain keeps its
/// digest and still verifies).
pub fn clear_consent_evidence(tx: &WriteTx, person_id: i64) -> CoreResult<usize> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE consent_events SET evidence = NULL, evidence_salt = NULL
         WHERE subject_id IN (SELECT id FROM consent_subjects WHERE person_id = ?1)
           AND (evidence IS NOT NULL OR evidence_salt IS NOT NULL)",
        [person_id],
    )?)
}

/// Requests stay as the record of what was done, without any free text that could describe the
/// person: the identity check's notes go, outcomes and extension reasons become `marker`.
pub fn clear_request_notes(tx: &WriteTx, person_id: i64, marker: &str) -> CoreResult<usize> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE subject_requests SET verification_note = NULL,
            extension_reason = CASE WHEN extension_reason IS NULL THEN NULL ELSE ?2 END,
            outcome = CASE WHEN outcome IS NULL THEN NULL ELSE ?2 END
         WHERE person_id = ?1",
        params![person_id, marker],
    )?)
}

/// When a person or employee row was created (with the id, what names it on the ledger).
pub fn created_at(tx: &ReadTx, table: &str, id: i64) -> CoreResult<Option<String>> {
    let conn = tx.conn();
    let sql = match table {
        "employees" => "SELECT created_at FROM employees WHERE id = ?1",
        _ => "SELECT created_at FROM persons WHERE id = ?1",
    };
    Ok(conn.query_row(sql, [id], |r| r.get(0)).optional()?)
}

/// How many rows of each kind the person has (for the outcome).
pub fn counts(tx: &ReadTx, person_id: i64) -> CoreResult<(i64, i64, i64)> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM timeline_entries WHERE person_id = ?1),
                (SELECT count(*) FROM tasks WHERE person_id = ?1),
                (SELECT count(*) FROM consent_events e JOIN consent_subjects s ON s.id = e.subject_id
                 WHERE s.person_id = ?1)",
        [person_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

#[allow(clippy::too_many_arguments)]
pub fn record(
    tx: &WriteTx,
    subject: i64,
    subject_created_at: Option<&str>,
    mode: &str,
    now: &str,
    by: i64,
    request: Option<i64>,
) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO erasures (subject_ref, subject_created_at, mode, erased_at, erased_by, request_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![subject, subject_created_at, mode, now, by, request],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Writes the WAL back into the database and empties it, so erased values leave no copy in
/// the WAL file. Returns false when another connection kept it from completing.
pub fn checkpoint(x: &super::Exclusive) -> CoreResult<bool> {
    let conn = x.conn();
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    Ok(busy == 0)
}

/// The ids of the person's tags (before the person goes).
pub fn tags_of(tx: &ReadTx, person_id: i64) -> CoreResult<Vec<i64>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare("SELECT tag_id FROM person_tags WHERE person_id = ?1")?;
    let rows = stmt.query_map([person_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Removes those of `tags` nobody carries any more: a tag only the subject had can itself say
/// something about them.
pub fn drop_unused_tags(tx: &WriteTx, tags: &[i64]) -> CoreResult<()> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(
        "DELETE FROM tags WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM person_tags WHERE tag_id = ?1)",
    )?;
    for t in tags {
        stmt.execute([t])?;
    }
    Ok(())
}

/// What the statistics keep of a person: year of birth, postcode, country (generalised by the
/// caller before counting).
pub fn quasi_identifiers(
    tx: &ReadTx,
    person_id: i64,
) -> CoreResult<(Option<String>, Option<String>, Option<String>)> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT p.date_of_birth,
            (SELECT postcode FROM addresses WHERE person_id = p.id ORDER BY position LIMIT 1),
            (SELECT country FROM addresses WHERE person_id = p.id ORDER BY position LIMIT 1)
         FROM persons p WHERE p.id = ?1",
        [person_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

/// Adds one person to their statistical bucket.
pub fn count_anonymised(
    tx: &WriteTx,
    birth_year: i64,
    postcode_area: &str,
    country: &str,
) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO anonymised_people (birth_year, postcode_area, country, people)
         VALUES (?1, ?2, ?3, 1)
         ON CONFLICT (birth_year, postcode_area, country) DO UPDATE SET people = people + 1",
        params![birth_year, postcode_area, country],
    )?;
    Ok(())
}

/// A personnel file deleted by the retention engine, on the ledger (the system acts: by 0).
pub fn record_employee(
    tx: &WriteTx,
    employee: i64,
    created_at: Option<&str>,
    now: &str,
) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO erasures (subject_ref, subject_created_at, mode, erased_at, erased_by, kind)
         VALUES (?1, ?2, 'delete', ?3, 0, 'employee')",
        params![employee, created_at, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// One entry of the erasure ledger (ids and times only).
#[derive(Debug, Clone)]
pub struct LedgerEntry {
    pub id: i64,
    pub subject_ref: i64,
    /// When the subject was created: with the id, it names them (absent on entries from before).
    pub subject_created_at: Option<String>,
    pub mode: String,
    /// person, or employee (a personnel file the retention engine deleted).
    pub kind: String,
}

/// The erasure ledger (for a restore to re-apply).
pub fn ledger(tx: &ReadTx) -> CoreResult<Vec<LedgerEntry>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(
        "SELECT id, subject_ref, subject_created_at, mode, kind FROM erasures ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(LedgerEntry {
            id: r.get(0)?,
            subject_ref: r.get(1)?,
            subject_created_at: r.get(2)?,
            mode: r.get(3)?,
            kind: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn employee_exists(tx: &ReadTx, id: i64) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM employees WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?)
}

pub fn person_exists(tx: &ReadTx, id: i64) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM persons WHERE id = ?1)",
        [id],
        |r| r.get(0),
    )?)
}

/// The highest erasure ledger id.
pub fn mark(tx: &ReadTx) -> CoreResult<i64> {
    let conn = tx.conn();
    Ok(
        conn.query_row("SELECT coalesce(max(id), 0) FROM erasures", [], |r| {
            r.get(0)
        })?,
    )
}
