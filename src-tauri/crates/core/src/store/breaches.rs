//! SQL for the breach register (privacy::breaches holds the rules and the deadline).
use super::{ReadTx, WriteTx};
use crate::dto::privacy::BreachInput;
use crate::error::CoreResult;
use rusqlite::{params, OptionalExtension, Row};

/// A breach as stored; the service adds its deadline and notification state.
pub struct BreachRow {
    pub id: i64,
    pub input: BreachInput,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

const COLS: &str = "id, title, discovered_at, nature, categories, subjects_approx, records_approx,
    consequences, measures, authority_notified_at, authority_reference, authority_not_required,
    subjects_informed_at, subjects_not_informed, created_at, updated_at, version";

fn row(r: &Row<'_>) -> rusqlite::Result<BreachRow> {
    Ok(BreachRow {
        id: r.get(0)?,
        input: BreachInput {
            title: r.get(1)?,
            discovered_at: Some(r.get(2)?),
            nature: r.get(3)?,
            categories: serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default(),
            subjects_approx: r.get(5)?,
            records_approx: r.get(6)?,
            consequences: r.get(7)?,
            measures: r.get(8)?,
            authority_notified_at: r.get(9)?,
            authority_reference: r.get(10)?,
            authority_not_required: r.get(11)?,
            subjects_informed_at: r.get(12)?,
            subjects_not_informed: r.get(13)?,
        },
        created_at: r.get(14)?,
        updated_at: r.get(15)?,
        version: r.get(16)?,
    })
}

/// Every breach, the most recently discovered first.
pub fn all(tx: &ReadTx) -> CoreResult<Vec<BreachRow>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLS} FROM breaches ORDER BY discovered_at DESC, id DESC"
    ))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn one(tx: &ReadTx, id: i64) -> CoreResult<Option<BreachRow>> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            &format!("SELECT {COLS} FROM breaches WHERE id = ?1"),
            [id],
            row,
        )
        .optional()?)
}

fn json(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

/// Records a breach (`id` None) or writes its new values over the old: one column list for both,
/// created_at and created_by kept from the first write.
pub fn upsert(
    tx: &WriteTx,
    id: Option<i64>,
    b: &BreachInput,
    now: &str,
    user_id: i64,
) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO breaches (id, title, discovered_at, nature, categories, subjects_approx,
            records_approx, consequences, measures, authority_notified_at, authority_reference,
            authority_not_required, subjects_informed_at, subjects_not_informed, created_at,
            created_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?15)
         ON CONFLICT(id) DO UPDATE SET title = excluded.title,
            discovered_at = excluded.discovered_at, nature = excluded.nature,
            categories = excluded.categories, subjects_approx = excluded.subjects_approx,
            records_approx = excluded.records_approx, consequences = excluded.consequences,
            measures = excluded.measures, authority_notified_at = excluded.authority_notified_at,
            authority_reference = excluded.authority_reference,
            authority_not_required = excluded.authority_not_required,
            subjects_informed_at = excluded.subjects_informed_at,
            subjects_not_informed = excluded.subjects_not_informed, updated_at = excluded.updated_at",
        params![
            id,
            b.title,
            b.discovered_at,
            b.nature,
            json(&b.categories),
            b.subjects_approx,
            b.records_approx,
            b.consequences,
            b.measures,
            b.authority_notified_at,
            b.authority_reference,
            b.authority_not_required,
            b.subjects_informed_at,
            b.subjects_not_informed,
            now,
            user_id
        ],
    )?;
    Ok(id.unwrap_or_else(|| conn.last_insert_rowid()))
}
