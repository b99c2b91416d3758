//! SQL for deals, pipeline stages, tasks and the dashboard's aggregates.
use super::{ReadTx, WriteTx};
use crate::dto::crm::{
    DealCard, DealStatus, Guarded, MonthResult, Stage, TaskFilter, TaskRow, WeekActivity,
};
use crate::error::CoreResult;
use crate::fields::display_name;
use rusqlite::{params, OptionalExtension};

fn status(kind: &str) -> DealStatus {
    match kind {
        "won" => DealStatus::Won,
        "lost" => DealStatus::Lost,
        _ => DealStatus::Open,
    }
}

fn guard(show: bool, v: Option<i64>) -> Guarded<i64> {
    if show {
        Guarded::Shown(v.unwrap_or(0))
    } else {
        Guarded::Redacted
    }
}

/// Restricted people (Art. 18): few, read once per query from their partial index, instead of
/// looking up the person of every deal or timeline entry.
macro_rules! restricted {
    () => {
        "(SELECT id FROM persons WHERE restricted = 1)"
    };
}

/// Every stage with its count and value, from the totals kept by triggers (migration 26),
/// less the deals of restricted people (few, found through their own index). Counting the
/// deals on every opening read some 200,000 index entries at a million contacts.
const STAGES_SQL: &str = concat!(
    "WITH hidden AS (
         SELECT d.stage_id, count(*) AS n, coalesce(sum(d.amount_cents), 0) AS v
         FROM deals d WHERE d.person_id IN ",
    restricted!(),
    " GROUP BY d.stage_id)
     SELECT s.id, s.name, s.kind, s.position, coalesce(t.deals, 0) - coalesce(h.n, 0),
         coalesce(t.value_cents, 0) - coalesce(h.v, 0), s.builtin
     FROM pipeline_stages s LEFT JOIN stage_totals t ON t.stage_id = s.id
         LEFT JOIN hidden h ON h.stage_id = s.id
     ORDER BY s.position"
);

pub fn stages(tx: &ReadTx, show_sales: bool) -> CoreResult<Vec<Stage>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(STAGES_SQL)?;
    let rows = stmt.query_map([], |r| {
        Ok(Stage {
            id: r.get(0)?,
            name: r.get(1)?,
            builtin: r.get(6)?,
            kind: status(&r.get::<_, String>(2)?),
            position: r.get(3)?,
            count: r.get(4)?,
            value_cents: guard(show_sales, r.get(5)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The kind of the stage a deal is in; None when there is no such deal.
pub fn stage_kind_of_deal(tx: &ReadTx, id: i64) -> CoreResult<Option<String>> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            "SELECT s.kind FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn stage_kind(tx: &ReadTx, id: i64) -> CoreResult<Option<String>> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            "SELECT kind FROM pipeline_stages WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

const CARD_SQL: &str =
    "SELECT d.id, d.title, d.stage_id, d.person_id, p.given_name, p.tussenvoegsel, p.family_name,
        o.name, d.amount_cents, d.currency, d.probability, d.expected_close, d.lost_reason,
        d.organisation_id, d.version
     FROM deals d LEFT JOIN persons p ON p.id = d.person_id
     LEFT JOIN organisations o ON o.id = COALESCE(d.organisation_id, p.organisation_id)";

fn card(r: &rusqlite::Row<'_>, show: bool) -> rusqlite::Result<DealCard> {
    let name = match (
        r.get::<_, Option<String>>(4)?,
        r.get::<_, Option<String>>(5)?,
        r.get::<_, Option<String>>(6)?,
    ) {
        (Some(g), Some(t), Some(f)) => Some(display_name(&g, &t, &f)),
        _ => None,
    };
    Ok(DealCard {
        id: r.get(0)?,
        title: r.get(1)?,
        stage_id: r.get(2)?,
        person_id: r.get(3)?,
        person_name: name,
        organisation_name: r.get(7)?,
        organisation_id: r.get(13)?,
        amount_cents: guard(show, r.get(8)?),
        currency: r.get(9)?,
        probability: guard(show, r.get(10)?),
        expected_close: r.get(11)?,
        lost_reason: r.get(12)?,
        version: r.get(14)?,
    })
}

/// The first `per_stage` cards of every stage: open deals by expected close, closed ones newest first.
pub fn board_cards(tx: &ReadTx, per_stage: u32, show_sales: bool) -> CoreResult<Vec<DealCard>> {
    let conn = tx.conn();
    let mut out = Vec::new();
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM pipeline_stages ORDER BY position")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached(&board_sql())?;
    for id in ids {
        for c in stmt.query_map(params![id, per_stage], |r| card(r, show_sales))? {
            out.push(c?);
        }
    }
    Ok(out)
}

/// A stage's first cards, read in the board index's order.
fn board_sql() -> String {
    format!(
        "{CARD_SQL} WHERE d.stage_id = ?1 AND coalesce(p.restricted, 0) = 0 ORDER BY d.closed_at DESC, d.expected_close, d.id LIMIT ?2"
    )
}

pub fn card_by_id(tx: &ReadTx, id: i64, show_sales: bool) -> CoreResult<Option<DealCard>> {
    let conn = tx.conn();
    Ok(conn
        .prepare_cached(&format!("{CARD_SQL} WHERE d.id = ?1"))?
        .query_row([id], |r| card(r, show_sales))
        .optional()?)
}

#[allow(clippy::too_many_arguments)]
pub fn insert_deal(
    tx: &WriteTx,
    title: &str,
    person: Option<i64>,
    org: Option<i64>,
    stage: i64,
    amount: Option<i64>,
    currency: &str,
    probability: Option<i64>,
    expected_close: Option<&str>,
    owner: i64,
    now: &str,
) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.execute(
        // A deal entered straight into a won or lost stage is closed now, as a move there would.
        "INSERT INTO deals (title, person_id, organisation_id, stage_id, amount_cents, currency, probability, expected_close, owner_id, created_at, updated_at, closed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10,
             CASE WHEN (SELECT kind FROM pipeline_stages WHERE id = ?4) IN ('won', 'lost') THEN ?10 END)",
        params![title, person, org, stage, amount, currency, probability, expected_close, owner, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Saves a deal's details (not its stage, not its sales figures).
#[allow(clippy::too_many_arguments)]
pub fn update_deal(
    tx: &WriteTx,
    id: i64,
    title: &str,
    person: Option<i64>,
    org: Option<i64>,
    currency: &str,
    expected_close: Option<&str>,
    now: &str,
) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE deals SET title = ?2, person_id = ?3, organisation_id = ?4, currency = ?5,
            expected_close = ?6, updated_at = ?7 WHERE id = ?1",
        params![id, title, person, org, currency, expected_close, now],
    )? == 1)
}

/// Saves a deal's amount and probability (category `sales`).
pub fn set_deal_sales(
    tx: &WriteTx,
    id: i64,
    amount: Option<i64>,
    probability: Option<i64>,
    now: &str,
) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE deals SET amount_cents = ?2, probability = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, amount, probability, now],
    )? == 1)
}

pub fn move_deal(
    tx: &WriteTx,
    id: i64,
    stage: i64,
    closed_at: Option<&str>,
    lost_reason: Option<&str>,
    now: &str,
) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE deals SET stage_id = ?2, closed_at = ?3, lost_reason = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, stage, closed_at, lost_reason, now],
    )? == 1)
}

/// Each filter in the order of its own index (migration 25), so the first page is read in
/// order and the rest never: sorting every task took seconds at a million contacts.
fn tasks_sql(filter: TaskFilter) -> String {
    let (cond, order) = match filter {
        TaskFilter::Mine => (
            "t.assignee_id = ?1 AND t.done_at IS NULL AND ?2 = ?2",
            "t.due_date IS NULL, t.due_date, t.id",
        ),
        TaskFilter::Overdue => (
            "t.done_at IS NULL AND t.due_date < ?2 AND ?1 = ?1",
            "t.due_date, t.id",
        ),
        TaskFilter::All => (
            "?1 = ?1 AND ?2 = ?2",
            "t.done_at IS NOT NULL, t.due_date IS NULL, t.due_date, t.id",
        ),
    };
    format!(
        "SELECT t.id, t.title, t.due_date, t.done_at IS NOT NULL, u.display_name, t.person_id,
            p.given_name, p.tussenvoegsel, p.family_name
         FROM tasks t LEFT JOIN users u ON u.id = t.assignee_id LEFT JOIN persons p ON p.id = t.person_id
         WHERE {cond} AND coalesce(p.restricted, 0) = 0 ORDER BY {order} LIMIT ?3"
    )
}

pub fn tasks(
    tx: &ReadTx,
    filter: TaskFilter,
    me: i64,
    today: &str,
    limit: u32,
) -> CoreResult<Vec<TaskRow>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(&tasks_sql(filter))?;
    let rows = stmt.query_map(params![me, today, limit], |r| {
        let name = match (
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, Option<String>>(8)?,
        ) {
            (Some(g), Some(t), Some(f)) => Some(display_name(&g, &t, &f)),
            _ => None,
        };
        Ok(TaskRow {
            id: r.get(0)?,
            title: r.get(1)?,
            due_date: r.get(2)?,
            done: r.get(3)?,
            assignee_name: r.get(4)?,
            person_id: r.get(5)?,
            person_name: name,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn insert_task(
    tx: &WriteTx,
    title: &str,
    due: Option<&str>,
    assignee: Option<i64>,
    person: Option<i64>,
    by: i64,
    now: &str,
) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO tasks (title, due_date, assignee_id, person_id, created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![title, due, assignee, person, by, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn set_task_done(tx: &WriteTx, id: i64, done_at: Option<&str>, now: &str) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE tasks SET done_at = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, done_at, now],
    )? == 1)
}

/// Won and lost per month from the monthly totals (migration 26), less restricted people's
/// closes in the range. `from` and `until` are first days of months.
const WON_LOST_SQL: &str = concat!(
    "WITH hidden AS (
         SELECT substr(d.closed_at, 1, 7) AS month, d.stage_id, count(*) AS n,
             coalesce(sum(d.amount_cents), 0) AS v
         FROM deals d WHERE d.person_id IN ",
    restricted!(),
    " AND d.closed_at >= ?1 AND d.closed_at < ?2 GROUP BY 1, 2)
     SELECT m.month,
         sum(CASE WHEN s.kind = 'won' THEN m.deals - coalesce(h.n, 0) ELSE 0 END),
         sum(CASE WHEN s.kind = 'lost' THEN m.deals - coalesce(h.n, 0) ELSE 0 END),
         sum(CASE WHEN s.kind = 'won' THEN m.value_cents - coalesce(h.v, 0) ELSE 0 END)
     FROM deal_months m JOIN pipeline_stages s ON s.id = m.stage_id
         LEFT JOIN hidden h ON h.month = m.month AND h.stage_id = m.stage_id
     WHERE m.month >= substr(?1, 1, 7) AND m.month < substr(?2, 1, 7)
     GROUP BY m.month ORDER BY m.month"
);

/// Deals won and lost per month, for closes in [from, until).
pub fn won_lost(
    tx: &ReadTx,
    from: &str,
    until: &str,
    show_sales: bool,
) -> CoreResult<Vec<MonthResult>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(WON_LOST_SQL)?;
    let rows = stmt.query_map([from, until], |r| {
        Ok(MonthResult {
            month: r.get(0)?,
            won: r.get(1)?,
            lost: r.get(2)?,
            won_value_cents: guard(show_sales, r.get(3)?),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Entries per week from the daily totals (migration 26), less restricted people's entries in
/// the range.
const ACTIVITY_SQL: &str = concat!(
    "WITH hidden AS (
         SELECT substr(t.occurred_at, 1, 10) AS day, t.kind, count(*) AS n
         FROM timeline_entries t WHERE t.person_id IN ",
    restricted!(),
    " AND t.occurred_at >= ?1 GROUP BY 1, 2)
     SELECT date(a.day, 'weekday 0', '-6 days') AS w,
         sum(CASE WHEN a.kind = 'note' THEN a.entries - coalesce(h.n, 0) ELSE 0 END),
         sum(CASE WHEN a.kind = 'call' THEN a.entries - coalesce(h.n, 0) ELSE 0 END),
         sum(CASE WHEN a.kind = 'email' THEN a.entries - coalesce(h.n, 0) ELSE 0 END),
         sum(CASE WHEN a.kind = 'meeting' THEN a.entries - coalesce(h.n, 0) ELSE 0 END)
     FROM activity_days a LEFT JOIN hidden h ON h.day = a.day AND h.kind = a.kind
     WHERE a.day >= ?1
     GROUP BY w ORDER BY w"
);

/// Timeline entries per ISO-like week (year and week number from strftime) since `from`.
pub fn activity(tx: &ReadTx, from: &str) -> CoreResult<Vec<WeekActivity>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(ACTIVITY_SQL)?;
    let rows = stmt.query_map([from], |r| {
        Ok(WeekActivity {
            week: iso_week(&r.get::<_, String>(0)?),
            notes: r.get(1)?,
            calls: r.get(2)?,
            emails: r.get(3)?,
            meetings: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The ISO 8601 week ("2026-W50") of a date ("2026-12-07"), as the dashboard names weeks (SQLite's
/// own `%W` counts from the year's first Monday: week 49 on that day, and "2027-W00").
pub fn iso_week(day: &str) -> String {
    use chrono::Datelike;
    match chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d") {
        Ok(d) => {
            let w = d.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
        Err(_) => String::new(),
    }
}

pub fn cards_for_organisation(
    tx: &ReadTx,
    org: i64,
    show_sales: bool,
) -> CoreResult<Vec<DealCard>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "{CARD_SQL} WHERE COALESCE(d.organisation_id, p.organisation_id) = ?1
            AND coalesce(p.restricted, 0) = 0 ORDER BY d.closed_at IS NOT NULL, d.expected_close, d.id LIMIT 200"
    ))?;
    let rows = stmt.query_map([org], |r| card(r, show_sales))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Renames a stage; the business's own name replaces the translated seed name.
pub fn rename_stage(tx: &WriteTx, id: i64, name: &str) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE pipeline_stages SET name = ?2, builtin = NULL WHERE id = ?1",
        params![id, name],
    )? == 1)
}

/// Adds an open stage just before the first closed (won/lost) one.
pub fn add_stage(tx: &WriteTx, name: &str) -> CoreResult<i64> {
    let conn = tx.conn();
    let at: i64 = conn.query_row(
        "SELECT COALESCE(min(position), (SELECT COALESCE(max(position), 0) + 1 FROM pipeline_stages))
         FROM pipeline_stages WHERE kind <> 'open'",
        [],
        |r| r.get(0),
    )?;
    conn.execute(
        "UPDATE pipeline_stages SET position = position + 1 WHERE position >= ?1",
        [at],
    )?;
    conn.execute(
        "INSERT INTO pipeline_stages (name, position, kind) VALUES (?1, ?2, 'open')",
        params![name, at],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Swaps an open stage with its open neighbour (`step` -1: earlier, +1: later). False when
/// there is no open neighbour that way.
pub fn move_stage(tx: &WriteTx, id: i64, step: i64) -> CoreResult<bool> {
    let conn = tx.conn();
    let Some(pos) = conn
        .query_row(
            "SELECT position FROM pipeline_stages WHERE id = ?1 AND kind = 'open'",
            [id],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
    else {
        return Ok(false);
    };
    let sql = if step < 0 {
        "SELECT id, position FROM pipeline_stages WHERE kind = 'open' AND position < ?1 ORDER BY position DESC LIMIT 1"
    } else {
        "SELECT id, position FROM pipeline_stages WHERE kind = 'open' AND position > ?1 ORDER BY position LIMIT 1"
    };
    let Some((other, other_pos)) = conn
        .query_row(sql, [pos], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })
        .optional()?
    else {
        return Ok(false);
    };
    conn.execute(
        "UPDATE pipeline_stages SET position = ?2 WHERE id = ?1",
        params![id, other_pos],
    )?;
    conn.execute(
        "UPDATE pipeline_stages SET position = ?2 WHERE id = ?1",
        params![other, pos],
    )?;
    Ok(true)
}

pub fn deals_in_stage(tx: &ReadTx, id: i64) -> CoreResult<i64> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT count(*) FROM deals WHERE stage_id = ?1",
        [id],
        |r| r.get(0),
    )?)
}

pub fn open_stage_count(tx: &ReadTx) -> CoreResult<i64> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT count(*) FROM pipeline_stages WHERE kind = 'open'",
        [],
        |r| r.get(0),
    )?)
}

pub fn delete_stage(tx: &WriteTx, id: i64) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute(
        "DELETE FROM pipeline_stages WHERE id = ?1 AND kind = 'open'",
        [id],
    )? == 1)
}

/// Whether the person a deal or task is linked to is restricted (Art. 18): such records are
/// read-only until the restriction is lifted.
pub fn linked_to_restricted(tx: &ReadTx, table: Linked, id: i64) -> CoreResult<bool> {
    let conn = tx.conn();
    let sql = match table {
        Linked::Deal => {
            "SELECT 1 FROM deals d JOIN persons p ON p.id = d.person_id WHERE d.id = ?1 AND p.restricted = 1"
        }
        Linked::Task => {
            "SELECT 1 FROM tasks t JOIN persons p ON p.id = t.person_id WHERE t.id = ?1 AND p.restricted = 1"
        }
    };
    Ok(conn
        .prepare_cached(sql)?
        .query_row([id], |_| Ok(()))
        .optional()?
        .is_some())
}

#[derive(Debug, Clone, Copy)]
pub enum Linked {
    Deal,
    Task,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(conn: &crate::store::ReadTx, sql: &str) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        // Unbound parameters are NULL: the plan does not depend on them.
        let mut rows = stmt.raw_query();
        let mut steps = Vec::new();
        while let Some(r) = rows.next().unwrap() {
            steps.push(r.get::<_, String>(3).unwrap());
        }
        steps.join(" | ")
    }

    /// The board, the dashboard and the task list read their indexes in order and never sort
    /// or scan a whole table: at a million contacts that is the difference between
    /// milliseconds and seconds (issue 18).
    #[test]
    fn weeks_are_iso_weeks() {
        assert_eq!(iso_week("2026-12-07"), "2026-W50");
        assert_eq!(iso_week("2027-01-01"), "2026-W53");
        assert_eq!(iso_week("2025-12-29"), "2026-W01");
    }

    #[test]
    fn sections_read_indexes_in_order() {
        let mut conn = rusqlite::Connection::open_in_memory().unwrap();
        crate::store::migrate(&mut conn).unwrap();
        let st = crate::store::Store::over(conn);
        let conn = st.write().unwrap();
        // (query, what its plan must use, whether it may sort: only small sets, such as the
        // stages or the groups of a few restricted people's deals)
        let checks: Vec<(String, &[&str], bool)> = vec![
            (
                STAGES_SQL.into(),
                &[
                    "SEARCH t USING INTEGER PRIMARY KEY",
                    "INDEX persons_restricted",
                    "INDEX deals_person",
                ],
                true,
            ),
            (board_sql(), &["INDEX deals_board"], false),
            (
                WON_LOST_SQL.into(),
                &["SEARCH m USING PRIMARY KEY", "INDEX deals_person"],
                true,
            ),
            (
                ACTIVITY_SQL.into(),
                &["SEARCH a USING PRIMARY KEY", "INDEX timeline_person"],
                true,
            ),
            (tasks_sql(TaskFilter::All), &["INDEX tasks_list"], false),
            (
                tasks_sql(TaskFilter::Mine),
                &["INDEX tasks_open_mine"],
                false,
            ),
            (
                tasks_sql(TaskFilter::Overdue),
                &["INDEX tasks_open_due"],
                false,
            ),
        ];
        for (sql, wanted, may_sort) in checks {
            let p = plan(&conn, &sql);
            for w in wanted {
                assert!(p.contains(w), "{w} not in the plan of {sql}:\n{p}");
            }
            assert!(may_sort || !p.contains("ORDER BY"), "a sort in {sql}:\n{p}");
            for step in p.split(" | ") {
                for table in ["deals", "tasks", "timeline_entries", "persons"] {
                    let scan = format!("SCAN {table}");
                    let alias_scan = format!("SCAN {}", &table[..1]);
                    for s in [scan, alias_scan] {
                        assert!(
                            !(step == s
                                || step.starts_with(&format!("{s} ")) && !step.contains("USING")),
                            "a table scan ({step}) in {sql}:\n{p}"
                        );
                    }
                }
            }
        }
    }

    /// What the totals must always equal: the counts straight from the rows, restricted
    /// people left out (the queries the totals replaced).
    /// Per stage (id, deals, amount); per month (month, won, lost, amount won); per day.
    type Counts = (
        Vec<(i64, i64, i64)>,
        Vec<(String, i64, i64, i64)>,
        Vec<(String, i64, i64, i64, i64)>,
    );

    fn counted(conn: &crate::store::ReadTx) -> Counts {
        let hide =
            "NOT EXISTS (SELECT 1 FROM persons x WHERE x.id = d.person_id AND x.restricted = 1)";
        let stages = conn
            .prepare(&format!(
                "SELECT s.id, count(d.id), coalesce(sum(d.amount_cents), 0) FROM pipeline_stages s
                 LEFT JOIN deals d ON d.stage_id = s.id AND {hide} GROUP BY s.id ORDER BY s.position"
            ))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let months = conn
            .prepare(&format!(
                "SELECT substr(d.closed_at, 1, 7) AS m, sum(s.kind = 'won'), sum(s.kind = 'lost'),
                     sum(CASE WHEN s.kind = 'won' THEN coalesce(d.amount_cents, 0) ELSE 0 END)
                 FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id
                 WHERE d.closed_at >= '2026-01-01' AND d.closed_at < '2027-01-01' AND {hide}
                 GROUP BY m ORDER BY m"
            ))
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let weeks = conn
            .prepare(
                "SELECT date(occurred_at, 'weekday 0', '-6 days') AS w, sum(kind = 'note'), sum(kind = 'call'),
                     sum(kind = 'email'), sum(kind = 'meeting')
                 FROM timeline_entries d WHERE occurred_at >= '2026-02-02' AND NOT EXISTS
                     (SELECT 1 FROM persons x WHERE x.id = d.person_id AND x.restricted = 1)
                 GROUP BY w ORDER BY w",
            )
            .unwrap()
            .query_map([], |r| {
                Ok((iso_week(&r.get::<_, String>(0)?), r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        (stages, months, weeks)
    }

    #[derive(Debug, Clone)]
    enum Op {
        AddDeal {
            person: Option<i64>,
            stage: i64,
            amount: Option<i64>,
            day: Option<u32>,
        },
        MoveDeal {
            nth: usize,
            stage: i64,
            day: Option<u32>,
        },
        SetAmount {
            nth: usize,
            amount: Option<i64>,
        },
        DeleteDeal {
            nth: usize,
        },
        AddEntry {
            person: Option<i64>,
            kind: usize,
            day: u32,
        },
        MoveEntry {
            nth: usize,
            kind: usize,
            day: u32,
        },
        DeleteEntry {
            nth: usize,
        },
        Restrict {
            person: i64,
            on: bool,
        },
        DeletePerson {
            person: i64,
        },
    }

    fn op() -> impl proptest::strategy::Strategy<Value = Op> {
        use proptest::prelude::*;
        let person = proptest::option::of(1i64..6);
        let day = 0u32..400;
        prop_oneof![
            (
                person.clone(),
                1i64..7,
                proptest::option::of(0i64..10_000),
                proptest::option::of(day.clone())
            )
                .prop_map(|(person, stage, amount, day)| Op::AddDeal {
                    person,
                    stage,
                    amount,
                    day
                }),
            (any::<usize>(), 1i64..7, proptest::option::of(day.clone()))
                .prop_map(|(nth, stage, day)| Op::MoveDeal { nth, stage, day }),
            (any::<usize>(), proptest::option::of(0i64..10_000))
                .prop_map(|(nth, amount)| Op::SetAmount { nth, amount }),
            any::<usize>().prop_map(|nth| Op::DeleteDeal { nth }),
            (person, 0usize..4, day.clone()).prop_map(|(person, kind, day)| Op::AddEntry {
                person,
                kind,
                day
            }),
            (any::<usize>(), 0usize..4, day).prop_map(|(nth, kind, day)| Op::MoveEntry {
                nth,
                kind,
                day
            }),
            any::<usize>().prop_map(|nth| Op::DeleteEntry { nth }),
            (1i64..6, any::<bool>()).prop_map(|(person, on)| Op::Restrict { person, on }),
            (1i64..6).prop_map(|person| Op::DeletePerson { person }),
        ]
    }

    fn nth_id(conn: &crate::store::ReadTx, table: &str, nth: usize) -> Option<i64> {
        let ids: Vec<i64> = conn
            .prepare(&format!("SELECT id FROM {table} ORDER BY id"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        (!ids.is_empty()).then(|| ids[nth % ids.len()])
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(64))]
        /// Whatever happens to deals, timeline entries and people, the kept totals give the
        /// same board, won/lost and activity as counting the rows.
        #[test]
        fn kept_totals_equal_counting(ops in proptest::collection::vec(op(), 1..60)) {
            let mut conn = rusqlite::Connection::open_in_memory().unwrap();
            crate::store::migrate(&mut conn).unwrap();
            let st = crate::store::Store::over(conn);
            let conn = st.write().unwrap();
            conn.execute_batch("PRAGMA foreign_keys = ON;").unwrap();
            for id in 1..6 {
                conn.execute(
                    "INSERT INTO persons (id, given_name, tussenvoegsel, family_name, sort_name, created_at, updated_at)
                     VALUES (?1, 'P', '', 'Q', 'q p', '', '')",
                    [id],
                ).unwrap();
            }
            let date = |d: u32| (chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                + chrono::Duration::days(d as i64)).format("%Y-%m-%dT10:00:00Z").to_string();
            let exists = |conn: &crate::store::ReadTx, p: Option<i64>| p.filter(|p| {
                conn.query_row("SELECT 1 FROM persons WHERE id = ?1", [p], |_| Ok(())).is_ok()
            });
            for op in ops {
                match op {
                    Op::AddDeal { person, stage, amount, day } => {
                        let person = exists(&conn, person);
                        conn.execute(
                            "INSERT INTO deals (title, person_id, stage_id, amount_cents, closed_at, created_at, updated_at)
                             VALUES ('d', ?1, ?2, ?3, ?4, '', '')",
                            rusqlite::params![person, stage, amount, day.map(date)],
                        ).unwrap();
                    }
                    Op::MoveDeal { nth, stage, day } => if let Some(id) = nth_id(&conn, "deals", nth) {
                        move_deal(&conn, id, stage, day.map(date).as_deref(), None, "").unwrap();
                    },
                    Op::SetAmount { nth, amount } => if let Some(id) = nth_id(&conn, "deals", nth) {
                        set_deal_sales(&conn, id, amount, None, "").unwrap();
                    },
                    Op::DeleteDeal { nth } => if let Some(id) = nth_id(&conn, "deals", nth) {
                        conn.execute("DELETE FROM deals WHERE id = ?1", [id]).unwrap();
                    },
                    Op::AddEntry { person, kind, day } => {
                        let person = exists(&conn, person);
                        let org: Option<i64> = None;
                        if person.is_some() {
                            conn.execute(
                                "INSERT INTO timeline_entries (person_id, organisation_id, kind, occurred_at, body, created_at, updated_at)
                                 VALUES (?1, ?2, ?3, ?4, '', '', '')",
                                rusqlite::params![person, org, ["note", "call", "email", "meeting"][kind], date(day)],
                            ).unwrap();
                        }
                    }
                    Op::MoveEntry { nth, kind, day } => if let Some(id) = nth_id(&conn, "timeline_entries", nth) {
                        conn.execute(
                            "UPDATE timeline_entries SET kind = ?2, occurred_at = ?3 WHERE id = ?1",
                            rusqlite::params![id, ["note", "call", "email", "meeting"][kind], date(day)],
                        ).unwrap();
                    },
                    Op::DeleteEntry { nth } => if let Some(id) = nth_id(&conn, "timeline_entries", nth) {
                        conn.execute("DELETE FROM timeline_entries WHERE id = ?1", [id]).unwrap();
                    },
                    Op::Restrict { person, on } => {
                        conn.execute("UPDATE persons SET restricted = ?2 WHERE id = ?1", rusqlite::params![person, on]).unwrap();
                    }
                    Op::DeletePerson { person } => {
                        conn.execute("DELETE FROM persons WHERE id = ?1", [person]).unwrap();
                    }
                }
            }
            let (stages_want, months_want, weeks_want) = counted(&conn);
            let got: Vec<(i64, i64, i64)> = stages(&conn, true).unwrap().into_iter()
                .map(|s| (s.id, s.count, match s.value_cents { Guarded::Shown(v) => v, Guarded::Redacted => -1 }))
                .collect();
            proptest::prop_assert_eq!(got, stages_want);
            let got: Vec<(String, i64, i64, i64)> = won_lost(&conn, "2026-01-01", "2027-01-01", true).unwrap()
                .into_iter()
                .filter(|m| m.won != 0 || m.lost != 0 || !matches!(m.won_value_cents, Guarded::Shown(0)))
                .map(|m| (m.month, m.won, m.lost, match m.won_value_cents { Guarded::Shown(v) => v, Guarded::Redacted => -1 }))
                .collect();
            let want: Vec<_> = months_want.into_iter().filter(|m| m.1 != 0 || m.2 != 0 || m.3 != 0).collect();
            proptest::prop_assert_eq!(got, want);
            let got: Vec<(String, i64, i64, i64, i64)> = activity(&conn, "2026-02-02").unwrap().into_iter()
                .filter(|w| w.notes + w.calls + w.emails + w.meetings != 0)
                .map(|w| (w.week, w.notes, w.calls, w.emails, w.meetings))
                .collect();
            let want: Vec<_> = weeks_want.into_iter().filter(|w| w.1 + w.2 + w.3 + w.4 != 0).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }
}
