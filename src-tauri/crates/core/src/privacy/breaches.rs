//! Privacy > Breaches (Art. 33, 34): the register of personal data breaches with the 72-hour
//! deadline for telling the authority counting from discovery, what was affected, the likely
//! consequences, the measures, and when the authority and the people affected were told, or why
//! not. privacy.view to see, privacy.create to record, privacy.edit to update, privacy.export for
//! the CSV. Audited with the breach's id and the names of changed fields.
use crate::access::{Action, Category};
use crate::clock::{parse_stamp, stamp};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::privacy::BreachInput;
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::fields;
use crate::session::Session;
use crate::store::breaches as db;
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use serde::Serialize;
use std::path::Path;
use ts_rs::TS;

const HOURS: i64 = 72;
const CATEGORIES: [&str; 4] = ["contact", "sales", "hr", "special"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NotificationState {
    /// Notified, or recorded why not: nothing left to do for the authority.
    Done,
    /// Still within the 72 hours.
    Pending,
    /// Past the 72 hours without notification or reason (Art. 33(1): reasons for the delay).
    Late,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Breach {
    #[ts(type = "number")]
    pub id: i64,
    #[serde(flatten)]
    pub input: BreachInput,
    pub discovered: String,
    /// Discovery plus 72 hours.
    pub deadline: String,
    /// Hours left until the deadline (negative: past it).
    #[ts(type = "number")]
    pub hours_left: i64,
    pub notification: NotificationState,
    pub created_at: String,
    pub updated_at: String,
    /// Named when saving (see `Person::version`).
    #[ts(type = "number")]
    pub version: i64,
}

fn when(field: &'static str, v: Option<&str>, now: DateTime<Utc>) -> CoreResult<Option<String>> {
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let t = parse_stamp(v)
        .or_else(|| {
            NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| Utc.from_utc_datetime(&t))
        })
        .ok_or(CoreError::invalid(field, R::InvalidFormat))?;
    if t > now + Duration::minutes(5) {
        return Err(CoreError::invalid(field, R::OutOfRange));
    }
    Ok(Some(stamp(t)))
}

fn text(field: &'static str, v: &str) -> CoreResult<String> {
    fields::opt_text(field, Some(v), 4_000)?.ok_or(CoreError::invalid(field, R::Required))
}

fn opt(field: &'static str, v: Option<&str>) -> CoreResult<Option<String>> {
    fields::opt_text(field, v, 4_000)
}

fn clean(s: &Session, i: &BreachInput) -> CoreResult<BreachInput> {
    let now = s.now();
    let discovered =
        when("discoveredAt", i.discovered_at.as_deref(), now)?.unwrap_or_else(|| stamp(now));
    let mut categories: Vec<String> = Vec::new();
    for c in &i.categories {
        if !CATEGORIES.contains(&c.as_str()) {
            return Err(CoreError::invalid("categories", R::InvalidFormat));
        }
        if !categories.contains(c) {
            categories.push(c.clone());
        }
    }
    if categories.is_empty() {
        return Err(CoreError::invalid("categories", R::Required));
    }
    if i.subjects_approx < 0 || i.subjects_approx > 1_000_000_000 {
        return Err(CoreError::invalid("subjectsApprox", R::OutOfRange));
    }
    if i.records_approx < 0 || i.records_approx > 1_000_000_000_000 {
        return Err(CoreError::invalid("recordsApprox", R::OutOfRange));
    }
    let notified = when(
        "authorityNotifiedAt",
        i.authority_notified_at.as_deref(),
        now,
    )?;
    let not_required = opt("authorityNotRequired", i.authority_not_required.as_deref())?;
    if notified.is_some() && not_required.is_some() {
        return Err(CoreError::invalid("authorityNotRequired", R::InUse));
    }
    let informed = when("subjectsInformedAt", i.subjects_informed_at.as_deref(), now)?;
    let not_informed = opt("subjectsNotInformed", i.subjects_not_informed.as_deref())?;
    if informed.is_some() && not_informed.is_some() {
        return Err(CoreError::invalid("subjectsNotInformed", R::InUse));
    }
    for (field, t) in [
        ("authorityNotifiedAt", &notified),
        ("subjectsInformedAt", &informed),
    ] {
        if t.as_deref().is_some_and(|t| t < discovered.as_str()) {
            return Err(CoreError::invalid(field, R::OutOfRange));
        }
    }
    Ok(BreachInput {
        title: fields::opt_text("title", Some(&i.title), 200)?
            .ok_or(CoreError::invalid("title", R::Required))?,
        discovered_at: Some(discovered),
        nature: text("nature", &i.nature)?,
        categories,
        subjects_approx: i.subjects_approx,
        records_approx: i.records_approx,
        consequences: text("consequences", &i.consequences)?,
        measures: text("measures", &i.measures)?,
        authority_notified_at: notified,
        authority_reference: opt("authorityReference", i.authority_reference.as_deref())?,
        authority_not_required: not_required,
        subjects_informed_at: informed,
        subjects_not_informed: not_informed,
    })
}

/// A stored breach with its deadline, hours left and notification state as of `now`.
fn breach(r: db::BreachRow, now: DateTime<Utc>) -> Breach {
    let db::BreachRow {
        id,
        input,
        created_at,
        updated_at,
        version,
    } = r;
    let discovered = input.discovered_at.clone().unwrap_or_default();
    let start = parse_stamp(&discovered).unwrap_or(now);
    let deadline = start + Duration::hours(HOURS);
    // Whole hours, rounded up while time remains: just after discovery it says 72, not 71.
    let minutes = (deadline - now).num_minutes();
    let hours_left = if minutes > 0 {
        (minutes + 59) / 60
    } else {
        minutes / 60
    };
    let notification =
        if input.authority_notified_at.is_some() || input.authority_not_required.is_some() {
            NotificationState::Done
        } else if now <= deadline {
            NotificationState::Pending
        } else {
            NotificationState::Late
        };
    Breach {
        id,
        discovered,
        deadline: stamp(deadline),
        hours_left,
        notification,
        input,
        created_at,
        updated_at,
        version,
    }
}

pub fn list(s: &Session) -> CoreResult<Vec<Breach>> {
    s.require(Category::Privacy, Action::View)?;
    let now = s.now();
    Ok(db::all(&s.read()?)?
        .into_iter()
        .map(|r| breach(r, now))
        .collect())
}

pub fn get(s: &Session, id: i64) -> CoreResult<Breach> {
    s.require(Category::Privacy, Action::View)?;
    let now = s.now();
    db::one(&s.read()?, id)?
        .map(|r| breach(r, now))
        .ok_or(CoreError::NotFound)
}

/// Records a breach (`id` None) or writes its new values over the old.
fn write(s: &Session, id: Option<i64>, b: &BreachInput, now: &str) -> CoreResult<i64> {
    s.atomically(|tx| db::upsert(tx, id, b, now, s.user_id()))
}

pub fn create(s: &Session, input: &BreachInput) -> CoreResult<Breach> {
    s.require(Category::Privacy, Action::Create)?;
    let b = clean(s, input)?;
    let now = stamp(s.now());
    let tx = s.write()?;
    let id = write(s, None, &b, &now)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::BreachChanged)
            .on("breach", id)
            .category(Category::Privacy.as_str())
            .details(serde_json::json!({ "change": "recorded", "categories": b.categories })),
    )?;
    tx.commit()?;
    get(s, id)
}

pub fn update(s: &Session, id: i64, version: i64, input: &BreachInput) -> CoreResult<Breach> {
    s.require(Category::Privacy, Action::Edit)?;
    let before = get(s, id)?;
    let b = clean(s, input)?;
    let changed: Vec<&str> = [
        ("title", before.input.title != b.title),
        (
            "discoveredAt",
            before.input.discovered_at != b.discovered_at,
        ),
        ("nature", before.input.nature != b.nature),
        ("categories", before.input.categories != b.categories),
        (
            "subjectsApprox",
            before.input.subjects_approx != b.subjects_approx,
        ),
        (
            "recordsApprox",
            before.input.records_approx != b.records_approx,
        ),
        ("consequences", before.input.consequences != b.consequences),
        ("measures", before.input.measures != b.measures),
        (
            "authorityNotifiedAt",
            before.input.authority_notified_at != b.authority_notified_at,
        ),
        (
            "authorityReference",
            before.input.authority_reference != b.authority_reference,
        ),
        (
            "authorityNotRequired",
            before.input.authority_not_required != b.authority_not_required,
        ),
        (
            "subjectsInformedAt",
            before.input.subjects_informed_at != b.subjects_informed_at,
        ),
        (
            "subjectsNotInformed",
            before.input.subjects_not_informed != b.subjects_not_informed,
        ),
    ]
    .into_iter()
    .filter(|(_, c)| *c)
    .map(|(n, _)| n)
    .collect();
    let tx = s.write()?;
    crate::store::versions::claim(
        &tx,
        crate::store::versions::Versioned::Breach,
        id,
        Some(version),
        s.user_id(),
    )?;
    write(s, Some(id), &b, &stamp(s.now()))?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::BreachChanged)
            .on("breach", id)
            .category(Category::Privacy.as_str())
            .details(serde_json::json!({ "change": "updated", "fields": changed })),
    )?;
    tx.commit()?;
    get(s, id)
}

/// The register as CSV (Art. 33(5): documentation the authority may ask for), atomically.
pub fn export(s: &Session, out: &Path) -> CoreResult<usize> {
    s.require(Category::Privacy, Action::Export)?;
    let all = list(s)?;
    let mut w = crate::export::csv_out::SafeCsv::new(Vec::new())?;
    let header = [
        "id",
        "title",
        "discovered_at",
        "deadline_72h",
        "nature",
        "categories",
        "subjects_approx",
        "records_approx",
        "consequences",
        "measures",
        "authority_notified_at",
        "authority_reference",
        "authority_not_required",
        "subjects_informed_at",
        "subjects_not_informed",
    ];
    w.record(header)?;
    let o = |v: &Option<String>| v.clone().unwrap_or_default();
    for b in &all {
        let i = &b.input;
        w.record([
            b.id.to_string(),
            i.title.clone(),
            b.discovered.clone(),
            b.deadline.clone(),
            i.nature.clone(),
            i.categories.join(", "),
            i.subjects_approx.to_string(),
            i.records_approx.to_string(),
            i.consequences.clone(),
            i.measures.clone(),
            o(&i.authority_notified_at),
            o(&i.authority_reference),
            o(&i.authority_not_required),
            o(&i.subjects_informed_at),
            o(&i.subjects_not_informed),
        ])?;
    }
    let bytes = w.finish()?;
    crate::files::write_atomically(out, &bytes)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::BreachChanged)
            .category(Category::Privacy.as_str())
            .details(serde_json::json!({ "change": "exported", "count": all.len() })),
    )?;
    Ok(all.len())
}

/// Refuses early when the caller may not export (the app asks before its save dialog).
pub fn may_export(s: &Session) -> CoreResult<()> {
    s.require(Category::Privacy, Action::Export)
}
