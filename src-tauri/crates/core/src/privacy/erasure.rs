//! Erasure (Art. 17), mode "delete": the person, their contact details, addresses, tags (and
//! tags only they had), notes,
//! timeline entries, tasks, restrictions and consent evidence are deleted; deals stay for the
//! Dutch seven-year fiscal retention (Art. 17(3)(b)) with the person and every free text
//! removed; consent events and requests stay as records without identity (the ledger's chain
//! still verifies). One transaction: it completes or nothing changes. Afterwards the search
//! index holds none of the subject's words (FTS5 secure-delete), freed pages are zeroed
//! (secure_delete) and the WAL is checkpointed and truncated. The erasure ledger keeps the
//! id and the time, so a restored backup can erase again. Needs contact.erase.
use crate::access::{Action, Category};
use crate::clock::stamp;
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::consent::RestrictionGround;
use crate::dto::crm::SearchKind;
use crate::dto::privacy::Lang;
use crate::dto::requests::{RequestKind, RequestStatus};
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::session::Session;
use crate::store::erasure as db;
use crate::store::WriteTx;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Delete: nothing of the person stays. Anonymise: the same, but the person is first counted in
/// an anonymous statistic (year of birth, first two digits of the postcode, country), so
/// reports keep their totals. Pseudonymisation (hashes, tokens) is neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ErasureMode {
    #[default]
    Delete,
    Anonymise,
}

impl ErasureMode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErasureMode::Delete => "delete",
            ErasureMode::Anonymise => "anonymise",
        }
    }
}

/// A date of birth reduced to its year (0 when unknown).
pub fn birth_year(date_of_birth: Option<&str>) -> i64 {
    date_of_birth
        .and_then(|d| d.get(..4))
        .and_then(|y| y.parse().ok())
        .unwrap_or(0)
}

/// A postcode reduced to its first two digits ("3512 AB" -> "35"); empty when it has none.
pub fn postcode_area(postcode: Option<&str>) -> String {
    postcode
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .take(2)
        .collect()
}

#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ErasureInput {
    #[ts(type = "number")]
    pub person_id: i64,
    /// The erasure request this answers; it is closed with the outcome.
    #[ts(type = "number | null")]
    pub request_id: Option<i64>,
    /// The language the outcome is written in.
    pub lang: Lang,
    /// Delete when left out.
    #[serde(default)]
    #[ts(optional)]
    pub mode: Option<ErasureMode>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ErasureReport {
    #[ts(type = "number")]
    pub subject_ref: i64,
    #[ts(type = "number")]
    pub timeline_entries: i64,
    #[ts(type = "number")]
    pub tasks: i64,
    #[ts(type = "number")]
    pub consent_events_cleared: i64,
    /// Deals kept, detached and without free text, for the fiscal retention.
    #[ts(type = "number")]
    pub deals_kept: i64,
    /// What was erased, and what could not be and why: the request's outcome.
    pub outcome: String,
    pub request_closed: bool,
    /// False when another program kept the WAL from being emptied (then run verify later).
    pub wal_emptied: bool,
}

fn outcome(lang: Lang, r: &ErasureReport) -> String {
    match lang {
        Lang::Nl => format!(
            "Gewist: persoonsgegevens, contactgegevens en adressen, {} contactmoment(en), {} taak/taken, het bewijs bij {} toestemmingsregistratie(s). Niet gewist: {} deal(s), bewaard zonder persoon en zonder vrije tekst vanwege de fiscale bewaarplicht van zeven jaar (art. 52 AWR; art. 17 lid 3 sub b AVG). De toestemmingsregistraties en verzoeken blijven als verantwoording zonder identiteit bestaan.",
            r.timeline_entries, r.tasks, r.consent_events_cleared, r.deals_kept
        ),
        Lang::En => format!(
            "Erased: personal details, contact details and addresses, {} timeline entr(y/ies), {} task(s), the evidence of {} consent record(s). Not erased: {} deal(s), kept without the person and without free text for the seven-year Dutch fiscal retention (Art. 52 AWR; Art. 17(3)(b) GDPR). The consent records and requests remain as accountability records without identity.",
            r.timeline_entries, r.tasks, r.consent_events_cleared, r.deals_kept
        ),
    }
}

/// Refuses what must not be erased: a legal hold (a restriction for legal claims, Art.
/// 18(1)(c)), a request that is not this person's open erasure request.
fn check(s: &Session, input: &ErasureInput) -> CoreResult<()> {
    s.require(Category::Contact, Action::Erase)?;
    crate::filters::readable(s, input.person_id)?;
    let holds = crate::store::restrictions::of_person(&s.read()?, input.person_id)?
        .into_iter()
        .any(|r| r.lifted_at.is_none() && r.ground == RestrictionGround::LegalClaims);
    if holds {
        return Err(CoreError::LegalHold);
    }
    if let Some(id) = input.request_id {
        let r = crate::store::requests::get(&s.read()?, id)?.ok_or(CoreError::NotFound)?;
        let fits = r.person_id == Some(input.person_id)
            && r.kind == RequestKind::Erasure
            && matches!(
                r.status,
                RequestStatus::Received | RequestStatus::InProgress
            );
        if !fits {
            return Err(CoreError::invalid("requestId", R::InvalidFormat));
        }
    }
    Ok(())
}

pub fn erase(s: &Session, input: &ErasureInput) -> CoreResult<ErasureReport> {
    check(s, input)?;
    let tx = s.write()?;
    let mut report = erase_in_tx(s, input, Some(s.user_id()))?;
    tx.commit()?;
    s.store.reclaim_free_pages()?;
    report.wal_emptied = db::checkpoint(&s.store.exclusive()?)?;
    Ok(report)
}

/// The erasure itself, inside the caller's transaction, without the rights check: the
/// retention engine calls it as the system (`actor` None), with its own checks.
pub(crate) fn erase_in_tx(
    s: &Session,
    input: &ErasureInput,
    actor: Option<i64>,
) -> CoreResult<ErasureReport> {
    let tx = s.write()?;
    let report = erase_rows(s, &tx, input, actor, true)?;
    tx.commit()?;
    Ok(report)
}

/// Erases an erased person again in a restored backup: as `erase_in_tx`, but the ledger
/// already names them (it is carried from the vault the restore replaces).
pub(crate) fn reapply(s: &Session, person_id: i64, mode: ErasureMode) -> CoreResult<()> {
    let input = ErasureInput {
        person_id,
        request_id: None,
        lang: Lang::Nl,
        mode: Some(mode),
    };
    let tx = s.write()?;
    erase_rows(s, &tx, &input, None, false)?;
    tx.commit()
}

fn erase_rows(
    s: &Session,
    tx: &WriteTx,
    input: &ErasureInput,
    actor: Option<i64>,
    on_ledger: bool,
) -> CoreResult<ErasureReport> {
    let p = input.person_id;
    let now = stamp(s.now());
    let created = db::created_at(tx, "persons", p)?;
    let (timeline_entries, tasks, _) = db::counts(tx, p)?;
    let consent_events_cleared = db::clear_consent_evidence(tx, p)? as i64;
    let deals_kept = db::anonymise_deals(tx, p, anonymised_title(input.lang))? as i64;
    db::clear_request_notes(tx, p, anonymised_title(input.lang))?;
    let tags = db::tags_of(tx, p)?;
    let mode = input.mode.unwrap_or_default();
    if mode == ErasureMode::Anonymise {
        let (dob, postcode, country) = db::quasi_identifiers(tx, p)?;
        db::count_anonymised(
            tx,
            birth_year(dob.as_deref()),
            &postcode_area(postcode.as_deref()),
            &country.unwrap_or_default(),
        )?;
    }
    // The row and everything hanging from it (contact points, addresses, tags, timeline,
    // tasks, restrictions, derived consent state); ledger subjects and requests are detached.
    if !crate::store::persons::delete_person(tx, p)? {
        return Err(CoreError::NotFound);
    }
    crate::crm::search::unindex(tx, SearchKind::Person, p)?;
    db::drop_unused_tags(tx, &tags)?;
    let by = actor.unwrap_or(0);
    let erasure = if on_ledger {
        Some(db::record(
            tx,
            p,
            created.as_deref(),
            mode.as_str(),
            &now,
            by,
            input.request_id,
        )?)
    } else {
        None
    };
    let mut report = ErasureReport {
        subject_ref: p,
        timeline_entries,
        tasks,
        consent_events_cleared,
        deals_kept,
        outcome: String::new(),
        request_closed: false,
        wal_emptied: false,
    };
    report.outcome = outcome(input.lang, &report);
    if let Some(id) = input.request_id {
        crate::store::requests::close(tx, id, RequestStatus::Completed, &report.outcome, by, &now)?;
        report.request_closed = true;
    }
    s.audit(
        AuditEvent::new(actor, AuditAction::SubjectErased)
            .on("person", p)
            .category(Category::Contact.as_str())
            .details(serde_json::json!({
                "erasure": erasure, "mode": mode.as_str(), "request": input.request_id,
                "timelineEntries": timeline_entries, "tasks": tasks,
                "consentEvidenceCleared": consent_events_cleared, "dealsKept": deals_kept
            })),
    )?;
    Ok(report)
}

/// The title a kept deal gets when its person goes.
pub fn anonymised_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "[geanonimiseerd]",
        Lang::En => "[anonymised]",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quasi_identifiers_are_generalised() {
        assert_eq!(birth_year(Some("1984-07-19")), 1984);
        assert_eq!(birth_year(None), 0);
        assert_eq!(postcode_area(Some("3512 AB")), "35");
        assert_eq!(postcode_area(Some("D-10115")), "10");
        assert_eq!(postcode_area(None), "");
    }
}
