//! The retention engine (Art. 5(1)(e)): rules such as "inactive prospects: anonymise after 24
//! months" run at unlock and daily while the app is open (as the system, recorded with counts),
//! or by hand (privacy.manage), with a dry run and a preview of the next 30 days. People are
//! erased through the same code as a subject's erasure; restricted people, people with an open
//! request or a valid consent are kept. The clock is the session's, so tests move it.
use super::erasure::{self, ErasureInput, ErasureMode};
use crate::access::{Action, Category};
use crate::clock::{parse_stamp, stamp};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::privacy::Lang;
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::fields;
use crate::job::{Job, JobPhase};
use crate::session::Session;
use crate::store::retention as db;
use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RuleKind {
    /// People without deals and without activity for the period.
    InactiveProspects,
    /// People whose deals are all closed, the last one (and any activity) longer ago.
    FormerCustomers,
    /// Closed deals (the invoices behind them) after the fiscal retention.
    ClosedDeals,
    /// Personnel files after the end of employment.
    FormerEmployees,
}

impl RuleKind {
    pub const ALL: [RuleKind; 4] = [
        RuleKind::InactiveProspects,
        RuleKind::FormerCustomers,
        RuleKind::ClosedDeals,
        RuleKind::FormerEmployees,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::InactiveProspects => "inactive_prospects",
            RuleKind::FormerCustomers => "former_customers",
            RuleKind::ClosedDeals => "closed_deals",
            RuleKind::FormerEmployees => "former_employees",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
    fn target(self) -> &'static str {
        match self {
            RuleKind::InactiveProspects | RuleKind::FormerCustomers => "person",
            RuleKind::ClosedDeals => "deal",
            RuleKind::FormerEmployees => "employee",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RetentionAction {
    Anonymise,
    Delete,
}

impl RetentionAction {
    pub fn as_str(self) -> &'static str {
        match self {
            RetentionAction::Anonymise => "anonymise",
            RetentionAction::Delete => "delete",
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RuleInput {
    pub name: String,
    pub kind: RuleKind,
    #[ts(type = "number")]
    pub months: i64,
    pub action: RetentionAction,
    /// The purpose in the register whose retention period this rule carries out.
    #[serde(default)]
    #[ts(optional, type = "number | null")]
    pub purpose_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetentionRule {
    #[ts(type = "number")]
    pub id: i64,
    pub template: Option<String>,
    #[serde(flatten)]
    pub input: RuleInput,
    pub active: bool,
    /// The linked purpose's name.
    pub purpose_name: Option<String>,
    /// Named when saving (see `Person::version`).
    #[ts(type = "number")]
    pub version: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetentionTemplate {
    pub key: String,
    pub input: RuleInput,
}

/// One thing a rule will do, and when.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PlannedItem {
    #[ts(type = "number")]
    pub rule_id: i64,
    /// person, deal or employee.
    pub target: String,
    #[ts(type = "number")]
    pub target_id: i64,
    pub action: RetentionAction,
    /// YYYY-MM-DD: today or earlier means the next run does it.
    pub due_on: String,
    /// The person's or employee's name, or the deal's title, when the viewer may see that
    /// category (privacy officers do); None otherwise.
    pub label: Option<String>,
}

/// What one rule will do: due now (the next run) and within the next 30 days.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RulePreview {
    #[ts(type = "number")]
    pub rule_id: i64,
    pub name: String,
    pub kind: RuleKind,
    pub action: RetentionAction,
    #[ts(type = "number")]
    pub due_now: i64,
    #[ts(type = "number")]
    pub due_soon: i64,
}

/// The preview of Privacy > Retention: counts per active rule, and the first items by due date
/// (a vault of a million contacts can have a great many; the counts are always whole).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetentionPreview {
    pub rules: Vec<RulePreview>,
    pub items: Vec<PlannedItem>,
    #[ts(type = "number")]
    pub total: i64,
}

/// How many items the preview lists (the counts cover all).
pub const PREVIEW_ITEMS: usize = 200;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RuleCount {
    #[ts(type = "number")]
    pub rule_id: i64,
    pub name: String,
    #[ts(type = "number")]
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RetentionRun {
    #[ts(type = "number")]
    pub id: i64,
    pub ran_at: String,
    /// unlock, daily or manual.
    pub trigger: String,
    pub dry_run: bool,
    pub counts: Vec<RuleCount>,
    /// The error code of a run that failed and changed nothing.
    pub error: Option<String>,
}

fn rule(r: db::RuleRow) -> RetentionRule {
    RetentionRule {
        id: r.id,
        template: r.template,
        input: RuleInput {
            name: r.name,
            kind: RuleKind::parse(&r.kind).unwrap_or(RuleKind::InactiveProspects),
            months: r.months,
            action: if r.action == "delete" {
                RetentionAction::Delete
            } else {
                RetentionAction::Anonymise
            },
            purpose_id: r.purpose_id,
        },
        active: r.active,
        purpose_name: r.purpose_name,
        version: r.version,
    }
}

/// The common rules of PRIVACY.md, in Dutch or English, to adopt and adjust.
pub fn templates(lang: Lang) -> Vec<RetentionTemplate> {
    let t = |key: &str, nl: &str, en: &str, kind, months, action| RetentionTemplate {
        key: key.into(),
        input: RuleInput {
            name: match lang {
                Lang::Nl => nl.into(),
                Lang::En => en.into(),
            },
            kind,
            months,
            action,
            purpose_id: None,
        },
    };
    vec![
        t(
            "inactive_prospects",
            "Prospects zonder activiteit",
            "Prospects without activity",
            RuleKind::InactiveProspects,
            24,
            RetentionAction::Anonymise,
        ),
        t(
            "former_customers",
            "Oud-klanten (de deals blijven voor de fiscale bewaarplicht)",
            "Former customers (the deals stay for the fiscal retention)",
            RuleKind::FormerCustomers,
            24,
            RetentionAction::Delete,
        ),
        t(
            "invoices",
            "Facturen: fiscale bewaarplicht (art. 52 AWR)",
            "Invoices: fiscal retention (Art. 52 AWR)",
            RuleKind::ClosedDeals,
            84,
            RetentionAction::Anonymise,
        ),
        t(
            "personnel_files",
            "Personeelsdossiers van oud-medewerkers",
            "Personnel files of former employees",
            RuleKind::FormerEmployees,
            24,
            RetentionAction::Delete,
        ),
    ]
}

/// The register's purpose template each retention template carries out.
fn purpose_template(key: &str) -> Option<&'static str> {
    match key {
        "inactive_prospects" => Some("sales_follow_up"),
        "former_customers" => Some("customer_service"),
        "invoices" => Some("invoicing"),
        "personnel_files" => Some("personnel_administration"),
        _ => None,
    }
}

/// The templates, for those who see the privacy work; each linked to the purpose adopted from
/// the matching purpose template, when there is one.
pub fn template_list(s: &Session, lang: Lang) -> CoreResult<Vec<RetentionTemplate>> {
    s.require(Category::Privacy, Action::View)?;
    let mut out = templates(lang);
    for t in &mut out {
        if let Some(pt) = purpose_template(&t.key) {
            t.input.purpose_id = db::purpose_from_template(&s.read()?, pt)?;
        }
    }
    Ok(out)
}

pub fn rules(s: &Session) -> CoreResult<Vec<RetentionRule>> {
    s.require(Category::Privacy, Action::View)?;
    Ok(db::rules(&s.read()?, false)?
        .into_iter()
        .map(rule)
        .collect())
}

/// A rule's name, period and action, checked; the kind decides which actions make sense.
fn checked(input: &RuleInput) -> CoreResult<String> {
    let name = fields::opt_text("name", Some(&input.name), 200)?
        .ok_or(CoreError::invalid("name", R::Required))?;
    if !(1..=600).contains(&input.months) {
        return Err(CoreError::invalid("months", R::OutOfRange));
    }
    // A personnel file is not kept anonymised: nothing of it is needed once its term is over.
    if input.kind == RuleKind::FormerEmployees && input.action != RetentionAction::Delete {
        return Err(CoreError::invalid("action", R::InvalidFormat));
    }
    Ok(name)
}

fn columns<'a>(
    input: &'a RuleInput,
    name: &'a str,
    template: Option<&'a str>,
) -> db::RuleColumns<'a> {
    db::RuleColumns {
        template,
        purpose_id: input.purpose_id,
        name,
        kind: input.kind.as_str(),
        months: input.months,
        action: input.action.as_str(),
    }
}

fn checked_purpose(s: &Session, input: &RuleInput) -> CoreResult<()> {
    match input.purpose_id {
        Some(id) if !db::purpose_is_active(&s.read()?, id)? => {
            Err(CoreError::invalid("purposeId", R::InvalidFormat))
        }
        _ => Ok(()),
    }
}

pub fn add_rule(
    s: &Session,
    input: &RuleInput,
    template: Option<&str>,
) -> CoreResult<RetentionRule> {
    s.require(Category::Privacy, Action::Manage)?;
    let name = checked(input)?;
    checked_purpose(s, input)?;
    let tx = s.write()?;
    let id = db::insert_rule(&tx, &columns(input, &name, template), &stamp(s.now()))?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::RetentionChanged)
            .on("retention_rule", id)
            .category(Category::Privacy.as_str())
            .details(
                serde_json::json!({ "change": "added", "kind": input.kind.as_str(),
                "months": input.months, "action": input.action.as_str() }),
            ),
    )?;
    tx.commit()?;
    rule_by_id(s, id)
}

fn rule_by_id(s: &Session, id: i64) -> CoreResult<RetentionRule> {
    rules(s)?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(CoreError::NotFound)
}

/// Adjusts a rule: its name, period or action. The kind cannot change (that is another rule).
pub fn update_rule(
    s: &Session,
    id: i64,
    version: i64,
    input: &RuleInput,
) -> CoreResult<RetentionRule> {
    s.require(Category::Privacy, Action::Manage)?;
    let before = rule_by_id(s, id)?;
    if before.input.kind != input.kind {
        return Err(CoreError::invalid("kind", R::InvalidFormat));
    }
    let name = checked(input)?;
    checked_purpose(s, input)?;
    let tx = s.write()?;
    crate::store::versions::claim(
        &tx,
        crate::store::versions::Versioned::RetentionRule,
        id,
        Some(version),
        s.user_id(),
    )?;
    db::update_rule(&tx, id, &columns(input, &name, None), &stamp(s.now()))?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::RetentionChanged)
            .on("retention_rule", id)
            .category(Category::Privacy.as_str())
            .details(serde_json::json!({ "change": "updated",
                "months": [before.input.months, input.months],
                "action": [before.input.action.as_str(), input.action.as_str()] })),
    )?;
    tx.commit()?;
    rule_by_id(s, id)
}

pub fn adopt(s: &Session, key: &str, lang: Lang) -> CoreResult<RetentionRule> {
    let t = template_list(s, lang)?
        .into_iter()
        .find(|t| t.key == key)
        .ok_or(CoreError::NotFound)?;
    add_rule(s, &t.input, Some(key))
}

pub fn set_active(s: &Session, id: i64, active: bool) -> CoreResult<()> {
    s.require(Category::Privacy, Action::Manage)?;
    let tx = s.write()?;
    if !db::set_active(&tx, id, active, &stamp(s.now()))? {
        return Err(CoreError::NotFound);
    }
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::RetentionChanged)
            .on("retention_rule", id)
            .category(Category::Privacy.as_str())
            .details(serde_json::json!({ "change": if active { "activated" } else { "paused" } })),
    )?;
    tx.commit()?;
    Ok(())
}

fn months_before(t: DateTime<Utc>, months: i64) -> DateTime<Utc> {
    t.checked_sub_months(Months::new(months as u32))
        .unwrap_or(t)
}

fn due_on(since: &str, months: i64) -> String {
    let start = parse_stamp(since)
        .map(|t| t.date_naive())
        .or_else(|| NaiveDate::parse_from_str(since.get(..10).unwrap_or(""), "%Y-%m-%d").ok());
    start
        .and_then(|d| d.checked_add_months(Months::new(months as u32)))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// What the active rules will do by the end of the day `until` falls on. A record more than
/// one rule applies to is planned once, by the rule that reaches it first (then the lower rule
/// id): two rules must never act on the same record in one run.
fn planned(s: &Session, until: DateTime<Utc>) -> CoreResult<Vec<PlannedItem>> {
    let end_of_day = until
        .date_naive()
        .succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .unwrap_or(until);
    let mut out = Vec::new();
    for r in db::rules(&s.read()?, true)?.into_iter().map(rule) {
        let before = stamp(months_before(end_of_day, r.input.months));
        for (id, since) in db::candidates(&s.read()?, r.input.kind.as_str(), &before)? {
            out.push(PlannedItem {
                rule_id: r.id,
                target: r.input.kind.target().into(),
                target_id: id,
                action: r.input.action,
                due_on: due_on(&since, r.input.months),
                label: None,
            });
        }
    }
    out.sort_by(|a, b| {
        (a.target.as_str(), a.target_id, &a.due_on, a.rule_id).cmp(&(
            b.target.as_str(),
            b.target_id,
            &b.due_on,
            b.rule_id,
        ))
    });
    out.dedup_by(|later, first| later.target == first.target && later.target_id == first.target_id);
    out.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.target_id.cmp(&b.target_id)));
    Ok(out)
}

/// What will happen in the next 30 days (and what is already due), per rule and item by item.
pub fn preview(s: &Session) -> CoreResult<RetentionPreview> {
    s.require(Category::Privacy, Action::View)?;
    let today = s.now().date_naive().format("%Y-%m-%d").to_string();
    let mut items = planned(s, s.now() + Duration::days(30))?;
    let rules = db::rules(&s.read()?, true)?
        .into_iter()
        .map(rule)
        .map(|r| {
            let of_rule = items.iter().filter(|i| i.rule_id == r.id);
            let due_now = of_rule.clone().filter(|i| i.due_on <= today).count() as i64;
            RulePreview {
                rule_id: r.id,
                due_soon: of_rule.count() as i64 - due_now,
                due_now,
                name: r.input.name,
                kind: r.input.kind,
                action: r.input.action,
            }
        })
        .collect();
    let total = items.len() as i64;
    items.truncate(PREVIEW_ITEMS);
    label_items(s, &mut items)?;
    Ok(RetentionPreview {
        rules,
        items,
        total,
    })
}

/// Names the listed items for a viewer who may see them; viewing personnel names is audited as
/// a view of personnel files, as the HR list is.
fn label_items(s: &Session, items: &mut [PlannedItem]) -> CoreResult<()> {
    // Deal titles are contact data; only their amounts are sales data.
    let contact = s.rights().allows(Category::Contact, Action::View);
    let staff = s.rights().allows(Category::Hr, Action::View);
    let mut staff_named = 0;
    for i in items.iter_mut() {
        i.label = match i.target.as_str() {
            "person" if contact => db::person_label(&s.read()?, i.target_id)?,
            "deal" if contact => db::deal_label(&s.read()?, i.target_id)?,
            "employee" if staff => {
                staff_named += 1;
                crate::hr::label(s, i.target_id)?
            }
            _ => None,
        };
    }
    if staff_named > 0 {
        s.audit(
            AuditEvent::new(Some(s.user_id()), AuditAction::HrViewed)
                .category(Category::Hr.as_str())
                .details(serde_json::json!({ "list": staff_named, "view": "retention_preview" })),
        )?;
    }
    Ok(())
}

pub fn history(s: &Session, limit: u32) -> CoreResult<Vec<RetentionRun>> {
    s.require(Category::Privacy, Action::View)?;
    Ok(db::runs(&s.read()?, limit)?
        .into_iter()
        .map(
            |(id, ran_at, trigger, dry_run, counts, error)| RetentionRun {
                id,
                ran_at,
                trigger,
                dry_run,
                error,
                counts: serde_json::from_str::<Vec<(i64, String, i64)>>(&counts)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(rule_id, name, count)| RuleCount {
                        rule_id,
                        name,
                        count,
                    })
                    .collect(),
            },
        )
        .collect())
}

/// Applies what is due now, in one transaction, and records the run with counts per rule.
fn apply(
    s: &Session,
    trigger: &str,
    dry_run: bool,
    actor: Option<i64>,
    job: &Job<'_>,
) -> CoreResult<RetentionRun> {
    job.progress(JobPhase::Retention, 0, 0)?;
    // The plan is made inside the write, so nothing changes between planning and deleting.
    let tx = s.write()?;
    let due = job.interruptible(tx.interrupt(), || planned(s, s.now()))?;
    let rules: Vec<RetentionRule> = db::rules(&tx, true)?.into_iter().map(rule).collect();
    let total = if dry_run { 0 } else { due.len() as u64 };
    let mut done = 0u64;
    let mut counts = Vec::new();
    for r in &rules {
        let items: Vec<&PlannedItem> = due.iter().filter(|i| i.rule_id == r.id).collect();
        if !dry_run {
            for i in &items {
                // A cancel drops the transaction: the run is undone as a whole.
                job.progress(JobPhase::Retention, done, total)?;
                done += 1;
                match (r.input.kind, r.input.action) {
                    (RuleKind::InactiveProspects | RuleKind::FormerCustomers, action) => {
                        erasure::erase_in_tx(
                            s,
                            &ErasureInput {
                                person_id: i.target_id,
                                request_id: None,
                                lang: Lang::Nl,
                                mode: Some(match action {
                                    RetentionAction::Anonymise => ErasureMode::Anonymise,
                                    RetentionAction::Delete => ErasureMode::Delete,
                                }),
                            },
                            actor,
                        )?;
                    }
                    (RuleKind::ClosedDeals, RetentionAction::Delete) => {
                        db::delete_deal(&tx, i.target_id)?
                    }
                    (RuleKind::ClosedDeals, RetentionAction::Anonymise) => {
                        db::anonymise_deal(&tx, i.target_id, erasure::anonymised_title(Lang::Nl))?
                    }
                    (RuleKind::FormerEmployees, _) => {
                        let created =
                            crate::store::erasure::created_at(&tx, "employees", i.target_id)?;
                        db::delete_employee(&tx, i.target_id)?;
                        // On the ledger, so restoring an older backup deletes it again.
                        crate::store::erasure::record_employee(
                            &tx,
                            i.target_id,
                            created.as_deref(),
                            &stamp(s.now()),
                        )?;
                    }
                }
            }
        }
        counts.push((r.id, r.input.name.clone(), items.len() as i64));
    }
    let counts_json = serde_json::to_string(&counts).unwrap_or_else(|_| "[]".into());
    let id = db::record_run(&tx, &stamp(s.now()), trigger, dry_run, &counts_json, actor)?;
    s.audit(
        AuditEvent::new(actor, AuditAction::RetentionRun)
            .on("retention_run", id)
            .category(Category::Privacy.as_str())
            .details(serde_json::json!({ "trigger": trigger, "dryRun": dry_run,
                "counts": counts.iter().map(|(r, _, c)| serde_json::json!({"rule": r, "count": c})).collect::<Vec<_>>() })),
    )?;
    tx.commit()?;
    if !dry_run && counts.iter().any(|(_, _, c)| *c > 0) {
        s.store.reclaim_free_pages()?;
        crate::store::erasure::checkpoint(&s.store.exclusive()?)?;
    }
    Ok(RetentionRun {
        id,
        ran_at: stamp(s.now()),
        trigger: trigger.into(),
        dry_run,
        error: None,
        counts: counts
            .into_iter()
            .map(|(rule_id, name, count)| RuleCount {
                rule_id,
                name,
                count,
            })
            .collect(),
    })
}

/// A run by hand (Privacy > Retention, `kluis retention run [--dry-run]`).
/// Progress counts the records acted on; a cancelled run changes and records nothing.
pub fn run(s: &Session, dry_run: bool, job: &Job<'_>) -> CoreResult<RetentionRun> {
    s.require(Category::Privacy, Action::Manage)?;
    apply(s, "manual", dry_run, Some(s.user_id()), job)
}

/// The engine's own run at unlock and daily: as the system, whoever is signed in, and only
/// when it has not run yet today. Returns None when there was nothing to do.
pub fn run_if_due(s: &Session, trigger: &str) -> CoreResult<Option<RetentionRun>> {
    if db::rules(&s.read()?, true)?.is_empty() {
        return Ok(None);
    }
    let today = s.now().date_naive().format("%Y-%m-%d").to_string();
    if db::last_run(&s.read()?)?.is_some_and(|t| t.starts_with(&today)) {
        return Ok(None);
    }
    let trigger = if trigger == "unlock" {
        "unlock"
    } else {
        "daily"
    };
    match apply(s, trigger, false, None, &Job::unattended()) {
        Ok(run) => Ok(Some(run)),
        Err(e) => {
            // Rolled back whole; the history says so (a code, never personal data).
            s.atomically(|tx| {
                db::record_failed_run(tx, &stamp(s.now()), trigger, e.code().as_str())
            })?;
            Err(e)
        }
    }
}
