//! SQL for saved views of the contact list (crm::views checks rights and input).
use super::{ReadTx, WriteTx};
use crate::error::CoreResult;
use rusqlite::params;

/// A user's views as (name, filters JSON), by name.
pub fn of_user(tx: &ReadTx, user_id: i64) -> CoreResult<Vec<(String, String)>> {
    let conn = tx.conn();
    let mut stmt = conn
        .prepare_cached("SELECT name, filters FROM saved_views WHERE user_id = ?1 ORDER BY name")?;
    let rows = stmt.query_map([user_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// How many views the user has under other names than `name`.
pub fn count_others(tx: &ReadTx, user_id: i64, name: &str) -> CoreResult<i64> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT count(*) FROM saved_views WHERE user_id = ?1 AND name <> ?2",
        params![user_id, name],
        |r| r.get(0),
    )?)
}

/// Saves the view, replacing the filters of one with the same name.
pub fn upsert(tx: &WriteTx, user_id: i64, name: &str, json: &str, now: &str) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO saved_views (user_id, name, filters, created_at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (user_id, name) DO UPDATE SET filters = excluded.filters",
        params![user_id, name, json, now],
    )?;
    Ok(())
}

pub fn delete(tx: &WriteTx, user_id: i64, name: &str) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "DELETE FROM saved_views WHERE user_id = ?1 AND name = ?2",
        params![user_id, name],
    )?;
    Ok(())
}
