//! Deals, the pipeline board, tasks and the dashboard. Amounts, probabilities and everything
//! derived from them are category `sales`: they come back only with that right, and viewing
//! them is audited; setting them needs the right to edit sales figures.
use crate::access::{Action, Category};
use crate::clock::stamp;
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::crm::{
    Board, Dashboard, DealCard, DealInput, Guarded, MonthResult, TaskFilter, TaskInput, TaskRow,
    WeekActivity,
};
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::fields;
use crate::session::Session;
use crate::store::versions::{self, Versioned};
use crate::store::{deals as db, persons as pdb, ReadTx};
use chrono::{Datelike, Duration, Months, NaiveDate};

pub const BOARD_CARDS_PER_STAGE: u32 = 100;

fn show_sales(s: &Session, what: &str) -> CoreResult<bool> {
    let show = s.rights().allows(Category::Sales, Action::View);
    if show {
        s.audit(
            AuditEvent::new(Some(s.user_id()), AuditAction::SalesViewed)
                .category(Category::Sales.as_str())
                .details(serde_json::json!({ "view": what })),
        )?;
    }
    Ok(show)
}

pub fn board(s: &Session) -> CoreResult<Board> {
    s.require(Category::Contact, Action::View)?;
    let show = show_sales(s, "board")?;
    board_on(&s.read()?, show)
}

/// The board without the rights check (the benchmark calls this on a plain database).
pub(crate) fn board_on(conn: &ReadTx, show: bool) -> CoreResult<Board> {
    Ok(Board {
        stages: db::stages(conn, show)?,
        deals: db::board_cards(conn, BOARD_CARDS_PER_STAGE, show)?,
    })
}

/// A deal form's values, checked.
struct CleanDeal {
    title: String,
    currency: String,
    close: Option<String>,
}

fn clean(s: &Session, input: &DealInput) -> CoreResult<CleanDeal> {
    if input.amount_cents.is_some() || input.probability.is_some() {
        // A field the caller may not edit is refused, not silently dropped.
        s.require(Category::Sales, Action::Edit)?;
    }
    let title = fields::opt_text("title", Some(&input.title), 200)?
        .ok_or(CoreError::invalid("title", R::Required))?;
    if let Some(p) = input.person_id {
        pdb::get_person(&s.read()?, p)?.ok_or(CoreError::invalid("personId", R::InvalidFormat))?;
    }
    if let Some(o) = input.organisation_id {
        if !pdb::organisation_exists(&s.read()?, o)? {
            return Err(CoreError::invalid("organisationId", R::InvalidFormat));
        }
    }
    if input
        .amount_cents
        .is_some_and(|a| !(0..=1_000_000_000_000).contains(&a))
    {
        return Err(CoreError::invalid("amountCents", R::OutOfRange));
    }
    if input.probability.is_some_and(|p| !(0..=100).contains(&p)) {
        return Err(CoreError::invalid("probability", R::OutOfRange));
    }
    let currency = input
        .currency
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .unwrap_or("EUR")
        .to_uppercase();
    if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
        return Err(CoreError::invalid("currency", R::InvalidFormat));
    }
    let close = match input
        .expected_close
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        Some(d) => Some(fields::date(
            "expectedClose",
            d,
            s.now().date_naive(),
            false,
        )?),
        None => None,
    };
    Ok(CleanDeal {
        title,
        currency,
        close,
    })
}

/// Deals and tasks of a restricted person are read-only (Art. 18), whoever asks.
fn unrestricted(s: &Session, table: db::Linked, id: i64) -> CoreResult<()> {
    if db::linked_to_restricted(&s.read()?, table, id)? {
        return Err(CoreError::Restricted);
    }
    Ok(())
}

/// One deal as the board shows it (a form that must see what someone else saved meanwhile).
pub fn get(s: &Session, id: i64) -> CoreResult<DealCard> {
    s.require(Category::Contact, Action::View)?;
    unrestricted(s, db::Linked::Deal, id)?;
    let show = s.rights().allows(Category::Sales, Action::View);
    db::card_by_id(&s.read()?, id, show)?.ok_or(CoreError::NotFound)
}

pub fn create(s: &Session, input: &DealInput) -> CoreResult<DealCard> {
    s.require(Category::Contact, Action::Create)?;
    let c = clean(s, input)?;
    if let Some(p) = input.person_id {
        crate::filters::writable(s, p)?;
    }
    if db::stage_kind(&s.read()?, input.stage_id)?.is_none() {
        return Err(CoreError::invalid("stageId", R::InvalidFormat));
    }
    let tx = s.write()?;
    let id = db::insert_deal(
        &tx,
        &c.title,
        input.person_id,
        input.organisation_id,
        input.stage_id,
        input.amount_cents,
        &c.currency,
        input.probability,
        c.close.as_deref(),
        s.user_id(),
        &stamp(s.now()),
    )?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::DealCreated)
            .on("deal", id)
            .category(Category::Contact.as_str()),
    )?;
    tx.commit()?;
    let show = s.rights().allows(Category::Sales, Action::View);
    db::card_by_id(&s.read()?, id, show)?.ok_or(CoreError::NotFound)
}

/// Saves a deal. Staff who may edit customer data change its details; those who may edit
/// sales figures change its amount and probability (sending figures without that right is
/// refused). Someone with only one of the two rights changes only that part. The stage changes
/// only through `move_to`.
pub fn update(s: &Session, id: i64, version: i64, input: &DealInput) -> CoreResult<DealCard> {
    let may_details = s.rights().allows(Category::Contact, Action::Edit);
    let may_sales = s.rights().allows(Category::Sales, Action::Edit);
    if !may_details && !may_sales {
        s.require(Category::Contact, Action::Edit)?;
    }
    let c = clean(s, input)?;
    unrestricted(s, db::Linked::Deal, id)?;
    if let (true, Some(p)) = (may_details, input.person_id) {
        crate::filters::writable(s, p)?;
    }
    let now = stamp(s.now());
    let tx = s.write()?;
    if db::stage_kind_of_deal(&tx, id)?.is_none() {
        return Err(CoreError::NotFound);
    }
    versions::claim(&tx, Versioned::Deal, id, Some(version), s.user_id())?;
    if may_details {
        db::update_deal(
            &tx,
            id,
            &c.title,
            input.person_id,
            input.organisation_id,
            &c.currency,
            c.close.as_deref(),
            &now,
        )?;
    }
    if may_sales {
        db::set_deal_sales(&tx, id, input.amount_cents, input.probability, &now)?;
    }
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::DealUpdated)
            .on("deal", id)
            .category(if may_sales {
                Category::Sales.as_str()
            } else {
                Category::Contact.as_str()
            }),
    )?;
    tx.commit()?;
    let show = s.rights().allows(Category::Sales, Action::View);
    db::card_by_id(&s.read()?, id, show)?.ok_or(CoreError::NotFound)
}

/// Moves a deal to another stage; a lost stage needs the reason, won and lost close the deal.
pub fn move_to(
    s: &Session,
    id: i64,
    version: i64,
    stage_id: i64,
    lost_reason: Option<&str>,
) -> CoreResult<DealCard> {
    s.require(Category::Contact, Action::Edit)?;
    unrestricted(s, db::Linked::Deal, id)?;
    let kind = db::stage_kind(&s.read()?, stage_id)?
        .ok_or(CoreError::invalid("stageId", R::InvalidFormat))?;
    let reason = fields::opt_text("lostReason", lost_reason, 500)?;
    if kind == "lost" && reason.is_none() {
        return Err(CoreError::invalid("lostReason", R::Required));
    }
    let now = stamp(s.now());
    let closed = (kind != "open").then_some(now.as_str());
    let tx = s.write()?;
    // A board shown before someone else moved or edited the card does not move it back.
    versions::claim(&tx, Versioned::Deal, id, Some(version), s.user_id())?;
    if !db::move_deal(
        &tx,
        id,
        stage_id,
        closed,
        if kind == "lost" {
            reason.as_deref()
        } else {
            None
        },
        &now,
    )? {
        return Err(CoreError::NotFound);
    }
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::DealMoved)
            .on("deal", id)
            .category(Category::Contact.as_str())
            .details(serde_json::json!({ "stage": stage_id })),
    )?;
    tx.commit()?;
    let show = s.rights().allows(Category::Sales, Action::View);
    db::card_by_id(&s.read()?, id, show)?.ok_or(CoreError::NotFound)
}

/// How many tasks a list shows.
pub const TASKS_PER_LIST: u32 = 500;

pub fn tasks(s: &Session, filter: TaskFilter) -> CoreResult<Vec<TaskRow>> {
    s.require(Category::Contact, Action::View)?;
    let today = s.now().date_naive().format("%Y-%m-%d").to_string();
    db::tasks(&s.read()?, filter, s.user_id(), &today, TASKS_PER_LIST)
}

pub fn task_create(s: &Session, input: &TaskInput) -> CoreResult<i64> {
    s.require(Category::Contact, Action::Create)?;
    let title = fields::opt_text("title", Some(&input.title), 200)?
        .ok_or(CoreError::invalid("title", R::Required))?;
    let due = match input.due_date.as_deref().filter(|d| !d.trim().is_empty()) {
        Some(d) => Some(fields::date("dueDate", d, s.now().date_naive(), false)?),
        None => None,
    };
    if let Some(a) = input.assignee_id {
        if !pdb::user_exists(&s.read()?, a)? {
            return Err(CoreError::invalid("assigneeId", R::InvalidFormat));
        }
    }
    if let Some(p) = input.person_id {
        pdb::get_person(&s.read()?, p)?.ok_or(CoreError::invalid("personId", R::InvalidFormat))?;
        crate::filters::writable(s, p)?;
    }
    let tx = s.write()?;
    let id = db::insert_task(
        &tx,
        &title,
        due.as_deref(),
        input.assignee_id.or(Some(s.user_id())),
        input.person_id,
        s.user_id(),
        &stamp(s.now()),
    )?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::TaskChanged)
            .on("task", id)
            .category(Category::Contact.as_str()),
    )?;
    tx.commit()?;
    Ok(id)
}

pub fn task_set_done(s: &Session, id: i64, done: bool) -> CoreResult<()> {
    s.require(Category::Contact, Action::Edit)?;
    unrestricted(s, db::Linked::Task, id)?;
    let now = stamp(s.now());
    let tx = s.write()?;
    if !db::set_task_done(&tx, id, done.then_some(now.as_str()), &now)? {
        return Err(CoreError::NotFound);
    }
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::TaskChanged)
            .on("task", id)
            .category(Category::Contact.as_str()),
    )?;
    tx.commit()?;
    Ok(())
}

pub fn dashboard(s: &Session) -> CoreResult<Dashboard> {
    s.require(Category::Contact, Action::View)?;
    let show = show_sales(s, "dashboard")?;
    dashboard_on(&s.read()?, s.now().date_naive(), show)
}

/// The dashboard without the rights check (the benchmark calls this on a plain database).
pub(crate) fn dashboard_on(conn: &ReadTx, today: NaiveDate, show: bool) -> CoreResult<Dashboard> {
    // Twelve whole calendar months up to and including this one, and twelve weeks up to this
    // one; every period is listed, with zeros where nothing happened.
    let this_month = today.with_day(1).unwrap_or(today);
    let months: Vec<NaiveDate> = (0..12)
        .rev()
        .filter_map(|k| this_month.checked_sub_months(Months::new(k)))
        .collect();
    let next_month = this_month
        .checked_add_months(Months::new(1))
        .unwrap_or(this_month);
    let found = db::won_lost(
        conn,
        &months[0].format("%Y-%m-%d").to_string(),
        &next_month.format("%Y-%m-%d").to_string(),
        show,
    )?;
    let won_lost = months
        .iter()
        .map(|m| {
            let key = m.format("%Y-%m").to_string();
            found
                .iter()
                .find(|r| r.month == key)
                .cloned()
                .unwrap_or(MonthResult {
                    month: key,
                    won: 0,
                    lost: 0,
                    won_value_cents: if show {
                        Guarded::Shown(0)
                    } else {
                        Guarded::Redacted
                    },
                })
        })
        .collect();
    let week_days: Vec<NaiveDate> = (0..12).rev().map(|k| today - Duration::weeks(k)).collect();
    let monday =
        week_days[0] - Duration::days(week_days[0].weekday().num_days_from_monday() as i64);
    let found = db::activity(conn, &monday.format("%Y-%m-%d").to_string())?;
    let activity = week_days
        .iter()
        .map(|d| {
            // The ISO week, as the store names the weeks it counted.
            let key = db::iso_week(&d.format("%Y-%m-%d").to_string());
            found
                .iter()
                .find(|w| w.week == key)
                .cloned()
                .unwrap_or(WeekActivity {
                    week: key,
                    notes: 0,
                    calls: 0,
                    emails: 0,
                    meetings: 0,
                })
        })
        .collect();
    Ok(Dashboard {
        pipeline: db::stages(conn, show)?,
        won_lost,
        activity,
    })
}
