//! SQL for data subject requests.
use super::{ReadTx, WriteTx};
use crate::dto::requests::{RequestKind, RequestStatus, Verification};
use crate::error::CoreResult;
use crate::fields::display_name;
use rusqlite::{params, OptionalExtension};

/// A request row as stored, with the names joined in.
pub struct Row {
    pub id: i64,
    pub kind: RequestKind,
    pub person_id: Option<i64>,
    pub subject_ref: i64,
    pub subject_name: Option<String>,
    pub subject_restricted: bool,
    pub verification: Verification,
    pub verification_note: Option<String>,
    pub received_on: String,
    pub due_on: String,
    pub extended_until: Option<String>,
    pub extension_reason: Option<String>,
    pub status: RequestStatus,
    pub handler_name: Option<String>,
    pub outcome: Option<String>,
    pub files: Vec<String>,
    pub closed_at: Option<String>,
    pub created_at: String,
}

const SELECT: &str =
    "SELECT r.id, r.kind, r.person_id, r.subject_ref, p.given_name, p.tussenvoegsel,
        p.family_name, coalesce(p.restricted, 0), r.verification, r.verification_note,
        r.received_on, r.due_on, r.extended_until, r.extension_reason, r.status, u.display_name,
        r.outcome, r.files, r.closed_at, r.created_at
     FROM subject_requests r LEFT JOIN persons p ON p.id = r.person_id
     LEFT JOIN users u ON u.id = r.handler_id";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    let name = match (
        r.get::<_, Option<String>>(4)?,
        r.get::<_, Option<String>>(5)?,
        r.get::<_, Option<String>>(6)?,
    ) {
        (Some(g), Some(t), Some(f)) => Some(display_name(&g, &t, &f)),
        _ => None,
    };
    Ok(Row {
        id: r.get(0)?,
        kind: RequestKind::parse(&r.get::<_, String>(1)?).unwrap_or(RequestKind::Access),
        person_id: r.get(2)?,
        subject_ref: r.get(3)?,
        subject_name: name,
        subject_restricted: r.get(7)?,
        verification: Verification::parse(&r.get::<_, String>(8)?).unwrap_or(Verification::Other),
        verification_note: r.get(9)?,
        received_on: r.get(10)?,
        due_on: r.get(11)?,
        extended_until: r.get(12)?,
        extension_reason: r.get(13)?,
        status: RequestStatus::parse(&r.get::<_, String>(14)?).unwrap_or(RequestStatus::Received),
        handler_name: r.get(15)?,
        outcome: r.get(16)?,
        files: serde_json::from_str(&r.get::<_, String>(17)?).unwrap_or_default(),
        closed_at: r.get(18)?,
        created_at: r.get(19)?,
    })
}

pub struct NewRequest<'a> {
    pub kind: RequestKind,
    pub person_id: i64,
    pub verification: Verification,
    pub verification_note: Option<&'a str>,
    pub received_on: &'a str,
    pub due_on: &'a str,
}

pub fn insert(tx: &WriteTx, r: &NewRequest<'_>, now: &str, by: i64) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO subject_requests (kind, person_id, subject_ref, verification,
            verification_note, received_on, due_on, created_at, created_by, updated_at)
         VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?7)",
        params![
            r.kind.as_str(),
            r.person_id,
            r.verification.as_str(),
            r.verification_note,
            r.received_on,
            r.due_on,
            now,
            by
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn get(tx: &ReadTx, id: i64) -> CoreResult<Option<Row>> {
    let conn = tx.conn();
    Ok(conn
        .query_row(&format!("{SELECT} WHERE r.id = ?1"), [id], row)
        .optional()?)
}

/// Open requests by deadline, then closed ones, newest first; at most `limit`.
pub fn queue(tx: &ReadTx, with_closed: bool, limit: u32) -> CoreResult<Vec<Row>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE ?1 OR r.status IN ('received', 'in_progress')
         ORDER BY r.status IN ('completed', 'refused'),
            CASE WHEN r.status IN ('received', 'in_progress')
                 THEN coalesce(r.extended_until, r.due_on) END,
            r.closed_at DESC, r.id DESC
         LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![with_closed, limit], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn of_person(tx: &ReadTx, person_id: i64) -> CoreResult<Vec<Row>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE r.person_id = ?1 ORDER BY r.received_on DESC, r.id DESC"
    ))?;
    let rows = stmt.query_map([person_id], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Open requests whose deadline is before `today`, and those due by `soon` (inclusive).
pub fn counts(tx: &ReadTx, today: &str, soon: &str) -> CoreResult<(i64, i64, i64)> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT count(*), coalesce(sum(coalesce(extended_until, due_on) < ?1), 0),
            coalesce(sum(coalesce(extended_until, due_on) >= ?1 AND coalesce(extended_until, due_on) <= ?2), 0)
         FROM subject_requests WHERE status IN ('received', 'in_progress')",
        params![today, soon],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

pub fn start(tx: &WriteTx, id: i64, handler: i64, now: &str) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE subject_requests SET status = 'in_progress', handler_id = ?2, updated_at = ?3
         WHERE id = ?1 AND status = 'received'",
        params![id, handler, now],
    )? == 1)
}

pub fn extend(tx: &WriteTx, id: i64, until: &str, reason: &str, now: &str) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE subject_requests SET extended_until = ?2, extension_reason = ?3, updated_at = ?4
         WHERE id = ?1 AND status IN ('received', 'in_progress')",
        params![id, until, reason, now],
    )? == 1)
}

pub fn close(
    tx: &WriteTx,
    id: i64,
    status: RequestStatus,
    outcome: &str,
    handler: i64,
    now: &str,
) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE subject_requests SET status = ?2, outcome = ?3, closed_at = ?5, updated_at = ?5,
            handler_id = coalesce(handler_id, ?4)
         WHERE id = ?1 AND status IN ('received', 'in_progress')",
        params![id, status.as_str(), outcome, handler, now],
    )? == 1)
}

/// Adds produced file names to a request's outcome files.
pub fn add_files(tx: &WriteTx, id: i64, names: &[String]) -> CoreResult<()> {
    let conn = tx.conn();
    let current: String = conn.query_row(
        "SELECT files FROM subject_requests WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    let mut files: Vec<String> = serde_json::from_str(&current).unwrap_or_default();
    files.extend(names.iter().cloned());
    conn.execute(
        "UPDATE subject_requests SET files = ?2 WHERE id = ?1",
        params![
            id,
            serde_json::to_string(&files).unwrap_or_else(|_| "[]".into())
        ],
    )?;
    Ok(())
}
