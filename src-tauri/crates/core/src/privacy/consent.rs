//! Consent (Art. 7) and objection to direct marketing (Art. 21(3)), recorded in the append-only
//! ledger. Staff who edit customer data (contact.edit) and the privacy officer (privacy.edit:
//! the consent registry is privacy data too) record answers; publishing statement texts needs
//! privacy.manage. Granting and withdrawing are one call with one flag, so neither takes
//! more steps than the other, and both take effect in the same transaction.
use crate::access::{Action, Category};
use crate::clock::{parse_stamp, stamp};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::consent::{
    ConsentChannel, ConsentEventKind, ConsentInput, ConsentOverview, ConsentStatement,
    ConsentStatus, ObjectionInput, PurposeConsent, StatementInput, VoidInput,
};
use crate::dto::privacy::{LawfulBasis, Purpose};
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::fields;
use crate::session::Session;
use crate::store::consent as db;
use crate::store::purposes as pdb;
use crate::store::restrictions as rdb;
use chrono::{NaiveDate, TimeZone, Utc};

const MAX_STATEMENT: usize = 20_000;

/// Statements of one purpose (or all): for staff, who read the text they are about to record,
/// and for the privacy side, which writes them. They hold no personal data.
pub fn statements(s: &Session, purpose_id: Option<i64>) -> CoreResult<Vec<ConsentStatement>> {
    if !s.rights().allows(Category::Privacy, Action::View) {
        s.require(Category::Contact, Action::View)?;
    }
    db::statements(&s.read()?, purpose_id)
}

/// Publishes the next version of a purpose's statement in one language. Published versions
/// never change; a new text is a new version.
pub fn publish(s: &Session, input: &StatementInput) -> CoreResult<ConsentStatement> {
    s.require(Category::Privacy, Action::Manage)?;
    let purpose = active_purpose(s, input.purpose_id)?;
    if purpose.input.lawful_basis != LawfulBasis::Consent {
        return Err(CoreError::NotConsentBasis);
    }
    let body = fields::opt_text("body", Some(&input.body), MAX_STATEMENT)?
        .ok_or(CoreError::invalid("body", R::Required))?;
    let same = db::statements(&s.read()?, Some(purpose.id))?
        .into_iter()
        .any(|st| st.current && st.lang == input.lang && st.body == body);
    if same {
        return Err(CoreError::invalid("body", R::InUse));
    }
    let tx = s.write()?;
    let id = db::insert_statement(
        &tx,
        purpose.id,
        input.lang,
        &body,
        &stamp(s.now()),
        s.user_id(),
    )?;
    let st = db::statement(&tx, id)?.ok_or(CoreError::NotFound)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::StatementPublished)
            .on("purpose", purpose.id)
            .category(Category::Privacy.as_str())
            .details(serde_json::json!({
                "statement": id, "lang": input.lang.as_str(), "version": st.version
            })),
    )?;
    tx.commit()?;
    Ok(st)
}

/// The purpose with this name (case-insensitive), for the CLI: staff record consent by name.
pub fn purpose_by_name(s: &Session, name: &str) -> CoreResult<i64> {
    s.require(Category::Contact, Action::View)?;
    pdb::id_by_name(&s.read()?, name)?.ok_or(CoreError::NotFound)
}

/// Recording answers: daily work for staff, and the privacy officer's when handling a request.
fn require_record(s: &Session) -> CoreResult<()> {
    if may_record(s) {
        Ok(())
    } else {
        s.require(Category::Contact, Action::Edit)
    }
}

fn may_record(s: &Session) -> bool {
    s.rights().allows(Category::Contact, Action::Edit)
        || s.rights().allows(Category::Privacy, Action::Edit)
}

fn active_purpose(s: &Session, id: i64) -> CoreResult<Purpose> {
    pdb::get(&s.read()?, id)?
        .filter(|p| !p.archived)
        .ok_or(CoreError::NotFound)
}

/// A moment the subject said something: a date or an RFC 3339 time, not in the future.
fn occurred(s: &Session, v: Option<&str>) -> CoreResult<String> {
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(stamp(s.now()));
    };
    // A bare date is today's moment when it is today (so a morning entry is not "in the
    // future" and sorts after what was said earlier today), else noon of that day.
    let at = parse_stamp(v)
        .or_else(|| {
            let d = NaiveDate::parse_from_str(v, "%Y-%m-%d").ok()?;
            if d == s.now().date_naive() {
                return Some(s.now());
            }
            d.and_hms_opt(12, 0, 0).map(|t| Utc.from_utc_datetime(&t))
        })
        .ok_or(CoreError::invalid("occurredAt", R::InvalidFormat))?;
    if at > s.now() + chrono::Duration::minutes(5) {
        return Err(CoreError::invalid("occurredAt", R::OutOfRange));
    }
    Ok(stamp(at))
}

fn evidence(v: Option<&str>) -> CoreResult<Option<String>> {
    fields::opt_text("evidence", v, 500)
}

fn channel(c: ConsentChannel) -> CoreResult<ConsentChannel> {
    // Corrections are marked by Kluis itself, not chosen as a way the subject answered.
    if c == ConsentChannel::Correction {
        return Err(CoreError::invalid("channel", R::InvalidFormat));
    }
    Ok(c)
}

/// The person's consent panel.
pub fn overview(s: &Session, person_id: i64) -> CoreResult<ConsentOverview> {
    s.require(Category::Contact, Action::View)?;
    crate::filters::readable(s, person_id)?;
    build_overview(s, person_id)
}

fn build_overview(s: &Session, person_id: i64) -> CoreResult<ConsentOverview> {
    let person =
        crate::store::persons::get_person(&s.read()?, person_id)?.ok_or(CoreError::NotFound)?;
    let restrictions = rdb::of_person(&s.read()?, person_id)?;
    let (open, lifted): (Vec<_>, Vec<_>) = restrictions
        .into_iter()
        .partition(|r| r.lifted_at.is_none());
    let history = db::history(&s.read()?, person_id)?;
    let derived = crate::ledger::derive(&db::events_of(&s.read()?, person_id)?);
    let statements = db::statements(&s.read()?, None)?;
    let mut purposes = Vec::new();
    for p in pdb::list(&s.read()?, false)? {
        let answer = derived.per_purpose.get(&p.id);
        let consent_based = p.input.lawful_basis == LawfulBasis::Consent;
        let status = match (consent_based, answer) {
            (false, _) => ConsentStatus::NotNeeded,
            (true, Some(a)) if a.granted => ConsentStatus::Granted,
            (true, Some(_)) => ConsentStatus::Withdrawn,
            (true, None) => ConsentStatus::Unknown,
        };
        let event = answer.and_then(|a| history.iter().find(|e| e.id == a.event_id));
        let basis_ok = !consent_based || status == ConsentStatus::Granted;
        let objection_ok = !(p.input.marketing && person.marketing_objection);
        purposes.push(PurposeConsent {
            purpose_id: p.id,
            name: p.input.name.clone(),
            lawful_basis: p.input.lawful_basis,
            marketing: p.input.marketing,
            status,
            since: answer.map(|a| a.occurred_at.clone()),
            statement_version: event.and_then(|e| e.statement_version),
            statement_lang: event.and_then(|e| e.statement_lang),
            allowed: basis_ok && objection_ok && !person.restricted,
        });
    }
    let consent_purposes: Vec<i64> = purposes
        .iter()
        .filter(|p| p.lawful_basis == LawfulBasis::Consent)
        .map(|p| p.purpose_id)
        .collect();
    Ok(ConsentOverview {
        person_id,
        purposes,
        objection_since: derived.objection_since,
        restriction: open.into_iter().next(),
        restriction_history: lifted,
        history,
        statements: statements
            .into_iter()
            .filter(|st| consent_purposes.contains(&st.purpose_id))
            .collect(),
        may_record: may_record(s),
        may_restrict: s.rights().allows(Category::Privacy, Action::Manage),
    })
}

/// Appends one event for a person and rewrites their derived state, audited, in one
/// transaction.
fn append(
    s: &Session,
    person_id: i64,
    ev: db::NewEvent<'_>,
    audit_purpose: Option<i64>,
) -> CoreResult<i64> {
    let tx = s.write()?;
    let subject_id = db::subject_for(&tx, person_id)?;
    let id = db::append(&tx, &db::NewEvent { subject_id, ..ev })?;
    db::recompute(&tx, person_id)?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::ConsentRecorded)
            .on("person", person_id)
            .category(Category::Contact.as_str())
            .details(serde_json::json!({
                "event": id, "kind": ev.kind.as_str(), "purpose": audit_purpose,
                "channel": ev.channel.as_str()
            })),
    )?;
    tx.commit()?;
    Ok(id)
}

/// Records a grant or a withdrawal.
pub fn record(s: &Session, input: &ConsentInput) -> CoreResult<ConsentOverview> {
    require_record(s)?;
    crate::filters::readable(s, input.person_id)?;
    let purpose = if input.granted {
        active_purpose(s, input.purpose_id)?
    } else {
        // A withdrawal is taken for an archived purpose too: the subject's word counts.
        pdb::get(&s.read()?, input.purpose_id)?.ok_or(CoreError::NotFound)?
    };
    if purpose.input.lawful_basis != LawfulBasis::Consent {
        return Err(CoreError::NotConsentBasis);
    }
    let channel = channel(input.channel)?;
    let at = occurred(s, input.occurred_at.as_deref())?;
    let evidence = evidence(input.evidence.as_deref())?;
    let statement_id = if input.granted {
        // Restricted data is not used for anything new; a withdrawal still counts at once.
        crate::filters::writable(s, input.person_id)?;
        let id = input
            .statement_id
            .ok_or(CoreError::invalid("statementId", R::Required))?;
        let st = db::statement(&s.read()?, id)?.ok_or(CoreError::StatementMismatch)?;
        let shown = input
            .shown_lang
            .ok_or(CoreError::invalid("shownLang", R::Required))?;
        if st.purpose_id != purpose.id || st.lang != shown {
            return Err(CoreError::StatementMismatch);
        }
        Some(id)
    } else {
        None
    };
    append(
        s,
        input.person_id,
        db::NewEvent {
            subject_id: 0,
            purpose_id: Some(purpose.id),
            kind: if input.granted {
                ConsentEventKind::Granted
            } else {
                ConsentEventKind::Withdrawn
            },
            occurred_at: &at,
            recorded_at: &stamp(s.now()),
            channel,
            statement_id,
            evidence: evidence.as_deref(),
            corrects: None,
            recorded_by: s.user_id(),
        },
        Some(purpose.id),
    )?;
    build_overview(s, input.person_id)
}

/// Records an objection to direct marketing, or its end.
pub fn object(s: &Session, input: &ObjectionInput) -> CoreResult<ConsentOverview> {
    require_record(s)?;
    crate::filters::readable(s, input.person_id)?;
    let channel = channel(input.channel)?;
    let at = occurred(s, input.occurred_at.as_deref())?;
    let evidence = evidence(input.evidence.as_deref())?;
    let now_objecting = crate::ledger::derive(&db::events_of(&s.read()?, input.person_id)?)
        .objection_since
        .is_some();
    if now_objecting == input.objects {
        return Err(CoreError::invalid("objects", R::InUse));
    }
    append(
        s,
        input.person_id,
        db::NewEvent {
            subject_id: 0,
            purpose_id: None,
            kind: if input.objects {
                ConsentEventKind::Objected
            } else {
                ConsentEventKind::ObjectionLifted
            },
            occurred_at: &at,
            recorded_at: &stamp(s.now()),
            channel,
            statement_id: None,
            evidence: evidence.as_deref(),
            corrects: None,
            recorded_by: s.user_id(),
        },
        None,
    )?;
    build_overview(s, input.person_id)
}

/// Marks an event as recorded in error. The event stays in the history, shown as voided.
pub fn void(s: &Session, input: &VoidInput) -> CoreResult<ConsentOverview> {
    require_record(s)?;
    crate::filters::readable(s, input.person_id)?;
    let reason = fields::opt_text("reason", Some(&input.reason), 500)?
        .ok_or(CoreError::invalid("reason", R::Required))?;
    let (kind, purpose, owner) =
        db::event_owner(&s.read()?, input.event_id)?.ok_or(CoreError::NotFound)?;
    if owner != Some(input.person_id) {
        return Err(CoreError::NotFound);
    }
    let events = db::events_of(&s.read()?, input.person_id)?;
    if kind == ConsentEventKind::Voided
        || crate::ledger::voided_ids(&events).contains(&input.event_id)
    {
        return Err(CoreError::invalid("eventId", R::InUse));
    }
    let now = stamp(s.now());
    append(
        s,
        input.person_id,
        db::NewEvent {
            subject_id: 0,
            purpose_id: purpose,
            kind: ConsentEventKind::Voided,
            occurred_at: &now,
            recorded_at: &now,
            channel: ConsentChannel::Correction,
            statement_id: None,
            evidence: Some(&reason),
            corrects: Some(input.event_id),
            recorded_by: s.user_id(),
        },
        purpose,
    )?;
    build_overview(s, input.person_id)
}
