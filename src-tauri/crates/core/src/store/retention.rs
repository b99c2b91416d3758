//! SQL for retention rules, what they apply to, and the history of runs.
use super::{ReadTx, WriteTx};
use crate::error::CoreResult;
use rusqlite::{params, Connection, OptionalExtension};

pub struct RuleRow {
    pub id: i64,
    pub template: Option<String>,
    pub purpose_id: Option<i64>,
    pub purpose_name: Option<String>,
    pub name: String,
    pub kind: String,
    pub months: i64,
    pub action: String,
    pub active: bool,
    pub version: i64,
}

pub fn rules(tx: &ReadTx, only_active: bool) -> CoreResult<Vec<RuleRow>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT r.id, r.template, r.name, r.kind, r.months, r.action, r.active, r.purpose_id, p.name,
            r.version
         FROM retention_rules r LEFT JOIN purposes p ON p.id = r.purpose_id
         WHERE r.active = 1 OR NOT ?1 ORDER BY r.id",
    )?;
    let rows = stmt.query_map([only_active], |r| {
        Ok(RuleRow {
            id: r.get(0)?,
            template: r.get(1)?,
            purpose_id: r.get(7)?,
            purpose_name: r.get(8)?,
            name: r.get(2)?,
            kind: r.get(3)?,
            months: r.get(4)?,
            action: r.get(5)?,
            active: r.get(6)?,
            version: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A rule's own columns.
pub struct RuleColumns<'a> {
    pub template: Option<&'a str>,
    pub purpose_id: Option<i64>,
    pub name: &'a str,
    pub kind: &'a str,
    pub months: i64,
    pub action: &'a str,
}

pub fn insert_rule(tx: &WriteTx, c: &RuleColumns<'_>, now: &str) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO retention_rules (template, purpose_id, name, kind, months, action, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![c.template, c.purpose_id, c.name, c.kind, c.months, c.action, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn set_active(tx: &WriteTx, id: i64, active: bool, now: &str) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE retention_rules SET active = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, active, now],
    )? == 1)
}

/// Candidates of a rule kind with the date their clock started (last activity, closing, end of
/// employment), for those whose clock started before `before`. A person's clock is the latest of
/// several dates, their record's own among them, so a record changed since `before` is left out
/// first, before any of the costlier look-ups. People who are restricted, under
/// an open request or with a valid consent are never candidates: there is a reason to keep them.
pub fn candidates(tx: &ReadTx, kind: &str, before: &str) -> CoreResult<Vec<(i64, String)>> {
    let conn = tx.conn();
    let Some(sql) = candidates_sql(kind) else {
        return Ok(Vec::new());
    };
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([before], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

fn candidates_sql(kind: &str) -> Option<String> {
    // `+d.closed_at` keeps SQLite on the person's own deals: through the date index it read
    // every open deal for each person (migration 25 made that index covering).
    const KEEP: &str = "p.restricted = 0
        AND NOT EXISTS (SELECT 1 FROM subject_requests r WHERE r.person_id = p.id
                        AND r.status IN ('received', 'in_progress'))
        AND NOT EXISTS (SELECT 1 FROM consent_state c WHERE c.person_id = p.id AND c.granted = 1)";
    const LAST_ACTIVITY: &str = "max(p.updated_at,
        coalesce((SELECT max(occurred_at) FROM timeline_entries t WHERE t.person_id = p.id), ''),
        coalesce((SELECT max(updated_at) FROM tasks k WHERE k.person_id = p.id), ''))";
    let sql = match kind {
        "inactive_prospects" => format!(
            "SELECT id, since FROM (SELECT p.id, {LAST_ACTIVITY} AS since FROM persons p
             WHERE p.updated_at < ?1 AND {KEEP} AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.person_id = p.id))
             WHERE since < ?1 ORDER BY id"
        ),
        "former_customers" => format!(
            "SELECT id, since FROM (SELECT p.id, max({LAST_ACTIVITY},
                (SELECT max(closed_at) FROM deals d WHERE d.person_id = p.id)) AS since
             FROM persons p WHERE p.updated_at < ?1 AND {KEEP}
               AND EXISTS (SELECT 1 FROM deals d WHERE d.person_id = p.id)
               AND NOT EXISTS (SELECT 1 FROM deals d WHERE d.person_id = p.id AND +d.closed_at IS NULL))
             WHERE since < ?1 ORDER BY id"
        ),
        "closed_deals" => "SELECT id, closed_at FROM deals WHERE closed_at IS NOT NULL AND closed_at < ?1
             AND NOT (person_id IS NULL AND title IN ('[geanonimiseerd]', '[anonymised]'))
             ORDER BY id"
            .to_string(),
        "former_employees" => "SELECT id, end_date FROM employees WHERE end_date IS NOT NULL AND end_date < ?1 ORDER BY id"
            .to_string(),
        _ => return None,
    };
    Some(sql)
}

/// The name of a person (`persons`) or an employee (`employees`) for the retention preview.
fn name_in(conn: &Connection, table: &str, id: i64) -> CoreResult<Option<String>> {
    Ok(conn
        .query_row(
            &format!("SELECT given_name, tussenvoegsel, family_name FROM {table} WHERE id = ?1"),
            [id],
            |r| {
                Ok(crate::fields::display_name(
                    &r.get::<_, String>(0)?,
                    &r.get::<_, String>(1)?,
                    &r.get::<_, String>(2)?,
                ))
            },
        )
        .optional()?)
}

pub fn person_label(tx: &ReadTx, id: i64) -> CoreResult<Option<String>> {
    let conn = tx.conn();
    name_in(conn, "persons", id)
}

pub fn deal_label(tx: &ReadTx, id: i64) -> CoreResult<Option<String>> {
    let conn = tx.conn();
    Ok(conn
        .query_row("SELECT title FROM deals WHERE id = ?1", [id], |r| r.get(0))
        .optional()?)
}

/// Changes a rule's name, period and action (its kind stays: a rule about something else is a
/// new rule).
pub fn update_rule(tx: &WriteTx, id: i64, c: &RuleColumns<'_>, now: &str) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE retention_rules SET name = ?2, months = ?3, action = ?4, purpose_id = ?5,
         updated_at = ?6 WHERE id = ?1",
        params![id, c.name, c.months, c.action, c.purpose_id, now],
    )? == 1)
}

/// An active purpose adopted from this purpose template, if any (newest first).
pub fn purpose_from_template(tx: &ReadTx, template: &str) -> CoreResult<Option<i64>> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            "SELECT id FROM purposes WHERE template = ?1 AND archived_at IS NULL
             ORDER BY id DESC LIMIT 1",
            [template],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn purpose_is_active(tx: &ReadTx, id: i64) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM purposes WHERE id = ?1 AND archived_at IS NULL)",
        [id],
        |r| r.get(0),
    )?)
}

/// For deals past their fiscal retention: the deal goes, or only its person and text.
pub fn delete_deal(tx: &WriteTx, id: i64) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute("DELETE FROM deals WHERE id = ?1", [id])?;
    Ok(())
}

pub fn anonymise_deal(tx: &WriteTx, id: i64, title: &str) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "UPDATE deals SET person_id = NULL, title = ?2, lost_reason = NULL, version = version + 1 WHERE id = ?1",
        params![id, title],
    )?;
    Ok(())
}

pub fn delete_employee(tx: &WriteTx, id: i64) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute("DELETE FROM employees WHERE id = ?1", [id])?;
    Ok(())
}

pub fn record_run(
    tx: &WriteTx,
    at: &str,
    trigger: &str,
    dry_run: bool,
    counts: &str,
    by: Option<i64>,
) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO retention_runs (ran_at, trigger, dry_run, counts, ran_by) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![at, trigger, dry_run, counts, by],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A run that failed (rolled back whole), with its error code.
pub fn record_failed_run(tx: &WriteTx, at: &str, trigger: &str, error: &str) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO retention_runs (ran_at, trigger, dry_run, counts, error) VALUES (?1, ?2, 0, '[]', ?3)",
        params![at, trigger, error],
    )?;
    Ok(conn.last_insert_rowid())
}

/// When the last real (not dry) run happened.
pub fn last_run(tx: &ReadTx) -> CoreResult<Option<String>> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            "SELECT max(ran_at) FROM retention_runs WHERE dry_run = 0 AND error IS NULL",
            [],
            |r| r.get(0),
        )
        .optional()?
        .flatten())
}

/// A run as stored: id, when, trigger, dry run, counts (JSON), error code.
pub type RunRow = (i64, String, String, bool, String, Option<String>);

pub fn runs(tx: &ReadTx, limit: u32) -> CoreResult<Vec<RunRow>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(
        "SELECT id, ran_at, trigger, dry_run, counts, error FROM retention_runs ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

#[cfg(test)]
mod plan_tests {
    use super::*;

    /// Each person's latest activity is one look-up in that person's own index entries. A
    /// wider date index (the dashboard's, migration 25) once made SQLite find a person's
    /// latest timeline entry by walking all entries from the newest: the scan over a million
    /// people never ended.
    #[test]
    fn a_persons_dates_are_looked_up_by_person() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::store::migrate(&mut conn).unwrap();
        let st = crate::store::Store::over(conn);
        let conn = st.write().unwrap();
        for kind in ["inactive_prospects", "former_customers", "closed_deals"] {
            let sql = candidates_sql(kind).unwrap();
            let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
            let mut rows = stmt.raw_query();
            let mut steps = Vec::new();
            while let Some(r) = rows.next().unwrap() {
                steps.push(r.get::<_, String>(3).unwrap());
            }
            let plan = steps.join(" | ");
            for (table, index) in [
                ("t", "timeline_person"),
                ("k", "tasks_person"),
                ("d", "deals_person"),
            ] {
                for step in &steps {
                    if step.starts_with(&format!("SEARCH {table} ")) && kind != "closed_deals" {
                        assert!(step.contains(index), "{kind}: {step}\n{plan}");
                    }
                }
            }
            assert!(
                !plan.contains("SCAN t ") && !plan.contains("SCAN d "),
                "{kind}: {plan}"
            );
        }
    }
}
