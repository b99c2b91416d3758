//! SQL for restriction of processing (Art. 18) and the flag lists and search filter on.
use super::{ReadTx, WriteTx};
use crate::dto::consent::{RestrictedPerson, Restriction, RestrictionGround};
use crate::error::CoreResult;
use crate::fields::display_name;
use rusqlite::{params, OptionalExtension};

pub fn is_restricted(tx: &ReadTx, person_id: i64) -> CoreResult<Option<bool>> {
    let conn = tx.conn();
    Ok(conn
        .prepare_cached("SELECT restricted FROM persons WHERE id = ?1")?
        .query_row([person_id], |r| r.get(0))
        .optional()?)
}

pub fn restrict(
    tx: &WriteTx,
    person_id: i64,
    ground: RestrictionGround,
    note: Option<&str>,
    now: &str,
    by: i64,
) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO restrictions (person_id, ground, note, restricted_at, restricted_by)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![person_id, ground.as_str(), note, now, by],
    )?;
    let id = conn.last_insert_rowid();
    conn.execute(
        "UPDATE persons SET restricted = 1 WHERE id = ?1",
        [person_id],
    )?;
    Ok(id)
}

/// Lifts the open restriction; returns its id, or None when there was none.
pub fn lift(
    tx: &WriteTx,
    person_id: i64,
    reason: &str,
    now: &str,
    by: i64,
) -> CoreResult<Option<i64>> {
    let conn = tx.conn();
    let open: Option<i64> = conn
        .query_row(
            "SELECT id FROM restrictions WHERE person_id = ?1 AND lifted_at IS NULL",
            [person_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(id) = open else { return Ok(None) };
    conn.execute(
        "UPDATE restrictions SET lifted_at = ?2, lifted_by = ?3, lift_reason = ?4 WHERE id = ?1",
        params![id, now, by, reason],
    )?;
    conn.execute(
        "UPDATE persons SET restricted = 0 WHERE id = ?1",
        [person_id],
    )?;
    Ok(Some(id))
}

/// A person's restrictions, the open one first, then newest first.
pub fn of_person(tx: &ReadTx, person_id: i64) -> CoreResult<Vec<Restriction>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.ground, r.note, r.restricted_at, a.display_name, r.lifted_at,
            b.display_name, r.lift_reason
         FROM restrictions r LEFT JOIN users a ON a.id = r.restricted_by
         LEFT JOIN users b ON b.id = r.lifted_by
         WHERE r.person_id = ?1 ORDER BY r.lifted_at IS NOT NULL, r.restricted_at DESC, r.id DESC",
    )?;
    let rows = stmt.query_map([person_id], |r| {
        Ok(Restriction {
            id: r.get(0)?,
            ground: RestrictionGround::parse(&r.get::<_, String>(1)?)
                .unwrap_or(RestrictionGround::AccuracyContested),
            note: r.get(2)?,
            restricted_at: r.get(3)?,
            restricted_by_name: r.get(4)?,
            lifted_at: r.get(5)?,
            lifted_by_name: r.get(6)?,
            lift_reason: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn count_restricted(tx: &ReadTx) -> CoreResult<i64> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT count(*) FROM persons WHERE restricted = 1",
        [],
        |r| r.get(0),
    )?)
}

pub fn count_objecting(tx: &ReadTx) -> CoreResult<i64> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT count(*) FROM persons WHERE marketing_objection = 1",
        [],
        |r| r.get(0),
    )?)
}

/// The people under an open restriction, newest first.
pub fn restricted_people(tx: &ReadTx, limit: u32) -> CoreResult<Vec<RestrictedPerson>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.given_name, p.tussenvoegsel, p.family_name, r.ground, r.restricted_at
         FROM restrictions r JOIN persons p ON p.id = r.person_id
         WHERE r.lifted_at IS NULL ORDER BY r.restricted_at DESC, r.id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(RestrictedPerson {
            person_id: r.get(0)?,
            display_name: display_name(
                &r.get::<_, String>(1)?,
                &r.get::<_, String>(2)?,
                &r.get::<_, String>(3)?,
            ),
            ground: RestrictionGround::parse(&r.get::<_, String>(4)?)
                .unwrap_or(RestrictionGround::AccuracyContested),
            since: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
