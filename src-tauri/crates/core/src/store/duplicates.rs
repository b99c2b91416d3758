//! SQL for finding possible duplicates and for moving records when two people are merged.
use super::{ReadTx, WriteTx};
use crate::dto::crm::DuplicateReason;
use crate::error::CoreResult;
use rusqlite::{params, OptionalExtension};

/// People (other than ?3) with this kind (?1) of contact point of this value (?2), case aside.
const SAME_VALUE: &str = "SELECT DISTINCT person_id FROM contact_points
     WHERE kind = ?1 AND value = ?2 COLLATE NOCASE AND person_id IS NOT NULL AND person_id <> ?3 LIMIT ?4";

/// People (other than ?2) of organisation ?1 whose sort name lies in [?3, ?4).
const SIMILAR_NAME: &str = "SELECT id FROM persons WHERE organisation_id = ?1 AND id <> ?2
     AND sort_name >= ?3 AND sort_name < ?4 LIMIT ?5";

/// Sort names that start with the folded family name and the given name's initial.
fn name_range(family_sort: &str, initial: &str) -> (String, String) {
    let lo = format!("{family_sort} {initial}");
    let hi = format!("{lo}\u{10FFFF}");
    (lo, hi)
}

/// The first person with this e-mail address or phone number (`kind`), case aside. (Without
/// DISTINCT, which costs a temporary B-tree per lookup: a third of the time of a miss.)
pub fn first_with_value(tx: &ReadTx, kind: &str, value: &str) -> CoreResult<Option<i64>> {
    let conn = tx.conn();
    Ok(conn
        .prepare_cached(
            "SELECT person_id FROM contact_points
             WHERE kind = ?1 AND value = ?2 COLLATE NOCASE AND person_id IS NOT NULL LIMIT 1",
        )?
        .query_row(params![kind, value], |r| r.get(0))
        .optional()?)
}

/// The first person in `org` with this folded family name and given-name initial.
pub fn first_similar_name(
    tx: &ReadTx,
    org: i64,
    family_sort: &str,
    initial: &str,
) -> CoreResult<Option<i64>> {
    let conn = tx.conn();
    let (lo, hi) = name_range(family_sort, initial);
    Ok(conn
        .prepare_cached(SIMILAR_NAME)?
        .query_row(params![org, -1, lo, hi, 1], |r| r.get(0))
        .optional()?)
}

/// People (other than `exclude`) with one of these e-mail addresses or phone numbers, or with
/// the same folded family name and given-name initial in the same organisation.
pub fn candidates(
    tx: &ReadTx,
    emails: &[String],
    phones: &[String],
    org_and_name: Option<(i64, &str, &str)>,
    exclude: Option<i64>,
) -> CoreResult<Vec<(i64, DuplicateReason)>> {
    let conn = tx.conn();
    let ex = exclude.unwrap_or(-1);
    let mut out: Vec<(i64, DuplicateReason)> = Vec::new();
    let mut push = |id: i64, r: DuplicateReason| {
        if !out.iter().any(|(i, _)| *i == id) {
            out.push((id, r));
        }
    };
    let mut by_value = conn.prepare_cached(SAME_VALUE)?;
    for e in emails {
        for id in by_value.query_map(params!["email", e, ex, 10], |r| r.get::<_, i64>(0))? {
            push(id?, DuplicateReason::SameEmail);
        }
    }
    for p in phones {
        for id in by_value.query_map(params!["phone", p, ex, 10], |r| r.get::<_, i64>(0))? {
            push(id?, DuplicateReason::SamePhone);
        }
    }
    if let Some((org, family_sort, initial)) = org_and_name {
        let mut stmt = conn.prepare_cached(SIMILAR_NAME)?;
        let (lo, hi) = name_range(family_sort, initial);
        for id in stmt.query_map(params![org, ex, lo, hi, 10], |r| r.get::<_, i64>(0))? {
            push(id?, DuplicateReason::SimilarNameSameOrganisation);
        }
    }
    Ok(out)
}

/// How many timeline entries, deals and tasks `from` has.
pub fn counts(tx: &ReadTx, from: i64) -> CoreResult<(i64, i64, i64)> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM timeline_entries WHERE person_id = ?1),
                (SELECT count(*) FROM deals WHERE person_id = ?1),
                (SELECT count(*) FROM tasks WHERE person_id = ?1)",
        [from],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

/// Moves everything that hangs off `from` to `to` (timeline, deals, tasks).
pub fn move_history(tx: &WriteTx, from: i64, to: i64) -> CoreResult<()> {
    let conn = tx.conn();
    // A deal moves on a version: a deal form opened before the merge names the removed person.
    for (table, bump) in [
        ("timeline_entries", ""),
        ("deals", ", version = version + 1"),
        ("tasks", ""),
    ] {
        conn.execute(
            &format!("UPDATE {table} SET person_id = ?2{bump} WHERE person_id = ?1"),
            params![from, to],
        )?;
    }
    Ok(())
}
