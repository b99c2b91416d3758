//! SQL for finding possible duplicates and for moving records when two people are merged.
use crate::crm::dto::DuplicateReason;
use crate::error::CoreResult;
use rusqlite::{params, Connection};

/// People (other than `exclude`) with one of these e-mail addresses or phone numbers, or with
/// the same folded family name and given-name initial in the same organisation.
pub fn candidates(
    conn: &Connection,
    emails: &[String],
    phones: &[String],
    org_and_name: Option<(i64, &str, &str)>,
    exclude: Option<i64>,
) -> CoreResult<Vec<(i64, DuplicateReason)>> {
    let ex = exclude.unwrap_or(-1);
    let mut out: Vec<(i64, DuplicateReason)> = Vec::new();
    let mut push = |id: i64, r: DuplicateReason| {
        if !out.iter().any(|(i, _)| *i == id) {
            out.push((id, r));
        }
    };
    let mut by_value = conn.prepare_cached(
        "SELECT DISTINCT person_id FROM contact_points
         WHERE kind = ?1 AND value = ?2 COLLATE NOCASE AND person_id IS NOT NULL AND person_id <> ?3 LIMIT 10",
    )?;
    for e in emails {
        for id in by_value.query_map(params!["email", e, ex], |r| r.get::<_, i64>(0))? {
            push(id?, DuplicateReason::SameEmail);
        }
    }
    for p in phones {
        for id in by_value.query_map(params!["phone", p, ex], |r| r.get::<_, i64>(0))? {
            push(id?, DuplicateReason::SamePhone);
        }
    }
    if let Some((org, family_sort, initial)) = org_and_name {
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM persons WHERE organisation_id = ?1 AND id <> ?2
             AND sort_name >= ?3 AND sort_name < ?4 LIMIT 10",
        )?;
        let lo = format!("{family_sort} {initial}");
        let hi = format!("{lo}\u{10FFFF}");
        for id in stmt.query_map(params![org, ex, lo, hi], |r| r.get::<_, i64>(0))? {
            push(id?, DuplicateReason::SimilarNameSameOrganisation);
        }
    }
    Ok(out)
}

/// How many timeline entries, deals and tasks `from` has.
pub fn counts(conn: &Connection, from: i64) -> CoreResult<(i64, i64, i64)> {
    Ok(conn.query_row(
        "SELECT (SELECT count(*) FROM timeline_entries WHERE person_id = ?1),
                (SELECT count(*) FROM deals WHERE person_id = ?1),
                (SELECT count(*) FROM tasks WHERE person_id = ?1)",
        [from],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?)
}

/// Moves everything that hangs off `from` to `to` (timeline, deals, tasks).
pub fn move_history(conn: &Connection, from: i64, to: i64) -> CoreResult<()> {
    for table in ["timeline_entries", "deals", "tasks"] {
        conn.execute(
            &format!("UPDATE {table} SET person_id = ?2 WHERE person_id = ?1"),
            params![from, to],
        )?;
    }
    Ok(())
}
