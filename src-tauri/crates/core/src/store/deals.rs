//! SQL for deals, pipeline stages, tasks and the dashboard's aggregates.
use crate::crm::dto::{
    DealCard, DealStatus, Guarded, MonthResult, Stage, TaskFilter, TaskRow, WeekActivity,
};
use crate::crm::fields::display_name;
use crate::error::CoreResult;
use rusqlite::{params, Connection, OptionalExtension};

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

pub fn stages(conn: &Connection, show_sales: bool) -> CoreResult<Vec<Stage>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.name, s.kind, s.position, count(d.id), sum(d.amount_cents), s.builtin
         FROM pipeline_stages s LEFT JOIN deals d ON d.stage_id = s.id AND NOT EXISTS
             (SELECT 1 FROM persons x WHERE x.id = d.person_id AND x.restricted = 1)
         GROUP BY s.id ORDER BY s.position",
    )?;
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
pub fn stage_kind_of_deal(conn: &Connection, id: i64) -> CoreResult<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT s.kind FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn stage_kind(conn: &Connection, id: i64) -> CoreResult<Option<String>> {
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
        o.name, d.amount_cents, d.currency, d.probability, d.expected_close, d.lost_reason
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
        amount_cents: guard(show, r.get(8)?),
        currency: r.get(9)?,
        probability: guard(show, r.get(10)?),
        expected_close: r.get(11)?,
        lost_reason: r.get(12)?,
    })
}

/// The first `per_stage` cards of every stage: open deals by expected close, closed ones newest first.
pub fn board_cards(
    conn: &Connection,
    per_stage: u32,
    show_sales: bool,
) -> CoreResult<Vec<DealCard>> {
    let mut out = Vec::new();
    let ids: Vec<i64> = conn
        .prepare_cached("SELECT id FROM pipeline_stages ORDER BY position")?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut stmt = conn.prepare_cached(&format!(
        "{CARD_SQL} WHERE d.stage_id = ?1 AND coalesce(p.restricted, 0) = 0 ORDER BY d.closed_at DESC, d.expected_close, d.id LIMIT ?2"
    ))?;
    for id in ids {
        for c in stmt.query_map(params![id, per_stage], |r| card(r, show_sales))? {
            out.push(c?);
        }
    }
    Ok(out)
}

pub fn card_by_id(conn: &Connection, id: i64, show_sales: bool) -> CoreResult<Option<DealCard>> {
    Ok(conn
        .prepare_cached(&format!("{CARD_SQL} WHERE d.id = ?1"))?
        .query_row([id], |r| card(r, show_sales))
        .optional()?)
}

#[allow(clippy::too_many_arguments)]
pub fn insert_deal(
    conn: &Connection,
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
    conn.execute(
        "INSERT INTO deals (title, person_id, organisation_id, stage_id, amount_cents, currency, probability, expected_close, owner_id, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
        params![title, person, org, stage, amount, currency, probability, expected_close, owner, now],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Saves a deal's details (not its stage, not its sales figures).
#[allow(clippy::too_many_arguments)]
pub fn update_deal(
    conn: &Connection,
    id: i64,
    title: &str,
    person: Option<i64>,
    org: Option<i64>,
    currency: &str,
    expected_close: Option<&str>,
    now: &str,
) -> CoreResult<bool> {
    Ok(conn.execute(
        "UPDATE deals SET title = ?2, person_id = ?3, organisation_id = ?4, currency = ?5,
            expected_close = ?6, updated_at = ?7 WHERE id = ?1",
        params![id, title, person, org, currency, expected_close, now],
    )? == 1)
}

/// Saves a deal's amount and probability (category `sales`).
pub fn set_deal_sales(
    conn: &Connection,
    id: i64,
    amount: Option<i64>,
    probability: Option<i64>,
    now: &str,
) -> CoreResult<bool> {
    Ok(conn.execute(
        "UPDATE deals SET amount_cents = ?2, probability = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, amount, probability, now],
    )? == 1)
}

pub fn move_deal(
    conn: &Connection,
    id: i64,
    stage: i64,
    closed_at: Option<&str>,
    lost_reason: Option<&str>,
    now: &str,
) -> CoreResult<bool> {
    Ok(conn.execute(
        "UPDATE deals SET stage_id = ?2, closed_at = ?3, lost_reason = ?4, updated_at = ?5 WHERE id = ?1",
        params![id, stage, closed_at, lost_reason, now],
    )? == 1)
}

pub fn tasks(
    conn: &Connection,
    filter: TaskFilter,
    me: i64,
    today: &str,
    limit: u32,
) -> CoreResult<Vec<TaskRow>> {
    let cond = match filter {
        TaskFilter::Mine => "t.assignee_id = ?1 AND t.done_at IS NULL",
        TaskFilter::Overdue => "t.done_at IS NULL AND t.due_date < ?2 AND ?1 = ?1",
        TaskFilter::All => "?1 = ?1 AND ?2 = ?2",
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT t.id, t.title, t.due_date, t.done_at IS NOT NULL, u.display_name, t.person_id,
            p.given_name, p.tussenvoegsel, p.family_name
         FROM tasks t LEFT JOIN users u ON u.id = t.assignee_id LEFT JOIN persons p ON p.id = t.person_id
         WHERE {cond} AND coalesce(p.restricted, 0) = 0 ORDER BY t.done_at IS NOT NULL, t.due_date IS NULL, t.due_date, t.id LIMIT ?3"
    ))?;
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
    conn: &Connection,
    title: &str,
    due: Option<&str>,
    assignee: Option<i64>,
    person: Option<i64>,
    by: i64,
    now: &str,
) -> CoreResult<i64> {
    conn.execute(
        "INSERT INTO tasks (title, due_date, assignee_id, person_id, created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        params![title, due, assignee, person, by, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn set_task_done(
    conn: &Connection,
    id: i64,
    done_at: Option<&str>,
    now: &str,
) -> CoreResult<bool> {
    Ok(conn.execute(
        "UPDATE tasks SET done_at = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, done_at, now],
    )? == 1)
}

/// Won and lost deals per month since `from` (YYYY-MM-DD).
/// Deals won and lost per month, for closes in [from, until).
pub fn won_lost(
    conn: &Connection,
    from: &str,
    until: &str,
    show_sales: bool,
) -> CoreResult<Vec<MonthResult>> {
    let mut stmt = conn.prepare_cached(
        "SELECT substr(d.closed_at, 1, 7) AS m, sum(s.kind = 'won'), sum(s.kind = 'lost'),
            sum(CASE WHEN s.kind = 'won' THEN d.amount_cents ELSE 0 END)
         FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id
         WHERE d.closed_at >= ?1 AND d.closed_at < ?2 AND NOT EXISTS
             (SELECT 1 FROM persons x WHERE x.id = d.person_id AND x.restricted = 1)
         GROUP BY m ORDER BY m",
    )?;
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

/// Timeline entries per ISO-like week (year and week number from strftime) since `from`.
pub fn activity(conn: &Connection, from: &str) -> CoreResult<Vec<WeekActivity>> {
    let mut stmt = conn.prepare_cached(
        "SELECT strftime('%Y-W%W', occurred_at) AS w, sum(kind = 'note'), sum(kind = 'call'),
            sum(kind = 'email'), sum(kind = 'meeting')
         FROM timeline_entries t WHERE occurred_at >= ?1 AND NOT EXISTS
             (SELECT 1 FROM persons x WHERE x.id = t.person_id AND x.restricted = 1)
         GROUP BY w ORDER BY w",
    )?;
    let rows = stmt.query_map([from], |r| {
        Ok(WeekActivity {
            week: r.get(0)?,
            notes: r.get(1)?,
            calls: r.get(2)?,
            emails: r.get(3)?,
            meetings: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn cards_for_organisation(
    conn: &Connection,
    org: i64,
    show_sales: bool,
) -> CoreResult<Vec<DealCard>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{CARD_SQL} WHERE COALESCE(d.organisation_id, p.organisation_id) = ?1
            AND coalesce(p.restricted, 0) = 0 ORDER BY d.closed_at IS NOT NULL, d.expected_close, d.id LIMIT 200"
    ))?;
    let rows = stmt.query_map([org], |r| card(r, show_sales))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Renames a stage; the business's own name replaces the translated seed name.
pub fn rename_stage(conn: &Connection, id: i64, name: &str) -> CoreResult<bool> {
    Ok(conn.execute(
        "UPDATE pipeline_stages SET name = ?2, builtin = NULL WHERE id = ?1",
        params![id, name],
    )? == 1)
}

/// Adds an open stage just before the first closed (won/lost) one.
pub fn add_stage(conn: &Connection, name: &str) -> CoreResult<i64> {
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
pub fn move_stage(conn: &Connection, id: i64, step: i64) -> CoreResult<bool> {
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

pub fn deals_in_stage(conn: &Connection, id: i64) -> CoreResult<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM deals WHERE stage_id = ?1",
        [id],
        |r| r.get(0),
    )?)
}

pub fn open_stage_count(conn: &Connection) -> CoreResult<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM pipeline_stages WHERE kind = 'open'",
        [],
        |r| r.get(0),
    )?)
}

pub fn delete_stage(conn: &Connection, id: i64) -> CoreResult<bool> {
    Ok(conn.execute(
        "DELETE FROM pipeline_stages WHERE id = ?1 AND kind = 'open'",
        [id],
    )? == 1)
}

/// Whether the person a deal or task is linked to is restricted (Art. 18): such records are
/// read-only until the restriction is lifted.
pub fn linked_to_restricted(conn: &Connection, table: Linked, id: i64) -> CoreResult<bool> {
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
