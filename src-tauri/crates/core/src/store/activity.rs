//! SQL for what hangs off a person: timeline entries, deals, tasks; and small lookups.
use super::{ReadTx, WriteTx};
use crate::dto::crm::{
    DealStatus, DealSummary, Guarded, StaffMember, TaskSummary, TimelineEntry, TimelineKind,
};
use crate::error::CoreResult;
use rusqlite::params;

/// Where a timeline entry belongs: a person or an organisation.
#[derive(Debug, Clone, Copy)]
pub enum TimelineOwner {
    Person(i64),
    Organisation(i64),
}

impl TimelineOwner {
    fn ids(self) -> (Option<i64>, Option<i64>) {
        match self {
            TimelineOwner::Person(id) => (Some(id), None),
            TimelineOwner::Organisation(id) => (None, Some(id)),
        }
    }
}

/// A person's or an organisation's timeline, newest first.
pub fn timeline_of(
    tx: &ReadTx,
    owner: TimelineOwner,
    limit: u32,
) -> CoreResult<Vec<TimelineEntry>> {
    let conn = tx.conn();
    // One statement per owner column, so each uses its own (owner, occurred_at) index.
    let (column, id) = match owner {
        TimelineOwner::Person(id) => ("person_id", id),
        TimelineOwner::Organisation(id) => ("organisation_id", id),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT t.id, t.kind, t.occurred_at, u.display_name, t.body FROM timeline_entries t
         LEFT JOIN users u ON u.id = t.author_id WHERE t.{column} = ?1
         ORDER BY t.occurred_at DESC, t.id DESC LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![id, limit], |r| {
        Ok(TimelineEntry {
            id: r.get(0)?,
            kind: TimelineKind::parse(&r.get::<_, String>(1)?).unwrap_or(TimelineKind::Note),
            occurred_at: r.get(2)?,
            author_name: r.get(3)?,
            body: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn timeline_for_person(
    tx: &ReadTx,
    person_id: i64,
    limit: u32,
) -> CoreResult<Vec<TimelineEntry>> {
    timeline_of(tx, TimelineOwner::Person(person_id), limit)
}

pub fn insert_timeline_for(
    tx: &WriteTx,
    owner: TimelineOwner,
    kind: TimelineKind,
    at: &str,
    author: i64,
    body: &str,
    now: &str,
) -> CoreResult<i64> {
    let conn = tx.conn();
    let (person, org) = owner.ids();
    conn.prepare_cached(
        "INSERT INTO timeline_entries (person_id, organisation_id, kind, occurred_at, author_id, body, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
    )?
    .execute(params![person, org, kind.as_str(), at, author, body, now])?;
    Ok(conn.last_insert_rowid())
}

pub fn insert_timeline(
    tx: &WriteTx,
    person_id: i64,
    kind: TimelineKind,
    at: &str,
    author: i64,
    body: &str,
    now: &str,
) -> CoreResult<i64> {
    insert_timeline_for(
        tx,
        TimelineOwner::Person(person_id),
        kind,
        at,
        author,
        body,
        now,
    )
}

/// A person's deals; `show_sales` decides whether amounts and probabilities come back.
pub fn deals_for_person(
    tx: &ReadTx,
    person_id: i64,
    show_sales: bool,
) -> CoreResult<Vec<DealSummary>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT d.id, d.title, s.name, s.kind, d.amount_cents, d.currency, d.probability, d.expected_close, s.builtin
         FROM deals d JOIN pipeline_stages s ON s.id = d.stage_id WHERE d.person_id = ?1
         ORDER BY d.closed_at IS NOT NULL, d.expected_close, d.id",
    )?;
    let rows = stmt.query_map([person_id], |r| {
        let guard = |v: Option<i64>| {
            if show_sales {
                v.map(Guarded::Shown).unwrap_or(Guarded::Shown(0))
            } else {
                Guarded::Redacted
            }
        };
        Ok(DealSummary {
            id: r.get(0)?,
            title: r.get(1)?,
            stage_name: r.get(2)?,
            stage_builtin: r.get(8)?,
            status: match r.get::<_, String>(3)?.as_str() {
                "won" => DealStatus::Won,
                "lost" => DealStatus::Lost,
                _ => DealStatus::Open,
            },
            amount_cents: guard(r.get(4)?),
            currency: r.get(5)?,
            probability: guard(r.get(6)?),
            expected_close: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn tasks_for_person(tx: &ReadTx, person_id: i64) -> CoreResult<Vec<TaskSummary>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT t.id, t.title, t.due_date, t.done_at IS NOT NULL, u.display_name FROM tasks t
         LEFT JOIN users u ON u.id = t.assignee_id WHERE t.person_id = ?1
         ORDER BY t.done_at IS NOT NULL, t.due_date, t.id",
    )?;
    let rows = stmt.query_map([person_id], |r| {
        Ok(TaskSummary {
            id: r.get(0)?,
            title: r.get(1)?,
            due_date: r.get(2)?,
            done: r.get(3)?,
            assignee_name: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn staff(tx: &ReadTx) -> CoreResult<Vec<StaffMember>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT id, display_name FROM users WHERE active = 1 AND removed_at IS NULL ORDER BY display_name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(StaffMember {
            id: r.get(0)?,
            display_name: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn tags(tx: &ReadTx) -> CoreResult<Vec<String>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached("SELECT name FROM tags ORDER BY name COLLATE NOCASE")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}
