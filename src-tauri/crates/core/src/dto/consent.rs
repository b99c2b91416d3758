//! Consent, objection, restriction, marketing lists and the privacy dashboard across the IPC
//! boundary.
use crate::dto::privacy::{Lang, LawfulBasis};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How a consent, withdrawal or objection reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConsentChannel {
    WebForm,
    Email,
    Phone,
    Paper,
    InPerson,
    /// Only for a correction recorded by Kluis's own staff.
    Correction,
}

impl ConsentChannel {
    pub const ALL: [ConsentChannel; 6] = [
        ConsentChannel::WebForm,
        ConsentChannel::Email,
        ConsentChannel::Phone,
        ConsentChannel::Paper,
        ConsentChannel::InPerson,
        ConsentChannel::Correction,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentChannel::WebForm => "web_form",
            ConsentChannel::Email => "email",
            ConsentChannel::Phone => "phone",
            ConsentChannel::Paper => "paper",
            ConsentChannel::InPerson => "in_person",
            ConsentChannel::Correction => "correction",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConsentEventKind {
    Granted,
    Withdrawn,
    Objected,
    ObjectionLifted,
    /// Marks an earlier event as recorded in error; history itself is never edited.
    Voided,
}

impl ConsentEventKind {
    pub const ALL: [ConsentEventKind; 5] = [
        ConsentEventKind::Granted,
        ConsentEventKind::Withdrawn,
        ConsentEventKind::Objected,
        ConsentEventKind::ObjectionLifted,
        ConsentEventKind::Voided,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentEventKind::Granted => "granted",
            ConsentEventKind::Withdrawn => "withdrawn",
            ConsentEventKind::Objected => "objected",
            ConsentEventKind::ObjectionLifted => "objection_lifted",
            ConsentEventKind::Voided => "voided",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One published version of a consent text.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConsentStatement {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub purpose_id: i64,
    pub lang: Lang,
    #[ts(type = "number")]
    pub version: i64,
    pub body: String,
    /// SHA-256 (hex) over purpose, language, version and text.
    pub hash: String,
    pub published_at: String,
    pub published_by_name: Option<String>,
    /// The newest version in its language.
    pub current: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StatementInput {
    #[ts(type = "number")]
    pub purpose_id: i64,
    pub lang: Lang,
    pub body: String,
}

/// Granting or withdrawing consent: the same form, the same steps.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConsentInput {
    #[ts(type = "number")]
    pub person_id: i64,
    #[ts(type = "number")]
    pub purpose_id: i64,
    pub granted: bool,
    pub channel: ConsentChannel,
    /// When the subject said so (RFC 3339 or a date); now when empty.
    pub occurred_at: Option<String>,
    /// The statement version shown; required for a grant.
    #[ts(type = "number | null")]
    pub statement_id: Option<i64>,
    /// The language the statement was shown in; must be the statement's.
    pub shown_lang: Option<Lang>,
    /// Where the proof is: "web form submission 2291", "signed form in binder 4".
    pub evidence: Option<String>,
}

/// An objection to direct marketing (Art. 21(3)), or its end when the subject says so.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ObjectionInput {
    #[ts(type = "number")]
    pub person_id: i64,
    pub objects: bool,
    pub channel: ConsentChannel,
    pub occurred_at: Option<String>,
    pub evidence: Option<String>,
}

/// A correction: the named event was recorded in error.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct VoidInput {
    #[ts(type = "number")]
    pub person_id: i64,
    #[ts(type = "number")]
    pub event_id: i64,
    pub reason: String,
}

/// One ledger event as shown in the history.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConsentEvent {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: ConsentEventKind,
    #[ts(type = "number | null")]
    pub purpose_id: Option<i64>,
    pub purpose_name: Option<String>,
    pub occurred_at: String,
    pub recorded_at: String,
    pub channel: ConsentChannel,
    #[ts(type = "number | null")]
    pub statement_version: Option<i64>,
    pub statement_lang: Option<Lang>,
    pub evidence: Option<String>,
    pub recorded_by_name: Option<String>,
    /// The event this one corrects (kind voided).
    #[ts(type = "number | null")]
    pub corrects: Option<i64>,
    /// A later correction marked this event as recorded in error.
    pub voided: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ConsentStatus {
    Granted,
    Withdrawn,
    /// Never asked (or every answer was voided).
    Unknown,
    /// The purpose rests on another basis; consent is not asked.
    NotNeeded,
}

/// The state of one purpose for one person.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PurposeConsent {
    #[ts(type = "number")]
    pub purpose_id: i64,
    pub name: String,
    pub lawful_basis: LawfulBasis,
    pub marketing: bool,
    pub status: ConsentStatus,
    pub since: Option<String>,
    #[ts(type = "number | null")]
    pub statement_version: Option<i64>,
    pub statement_lang: Option<Lang>,
    /// May this purpose process the person now: basis, objection and restriction together.
    pub allowed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RestrictionGround {
    /// Art. 18(1)(a): the subject contests the accuracy, for the time needed to check it.
    AccuracyContested,
    /// Art. 18(1)(b): processing is unlawful and the subject asks restriction over erasure.
    UnlawfulProcessing,
    /// Art. 18(1)(c): no longer needed by us, but the subject needs it for legal claims.
    LegalClaims,
    /// Art. 18(1)(d): an objection under Art. 21(1) is being weighed.
    ObjectionPending,
}

impl RestrictionGround {
    pub const ALL: [RestrictionGround; 4] = [
        RestrictionGround::AccuracyContested,
        RestrictionGround::UnlawfulProcessing,
        RestrictionGround::LegalClaims,
        RestrictionGround::ObjectionPending,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RestrictionGround::AccuracyContested => "accuracy_contested",
            RestrictionGround::UnlawfulProcessing => "unlawful_processing",
            RestrictionGround::LegalClaims => "legal_claims",
            RestrictionGround::ObjectionPending => "objection_pending",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RestrictionInput {
    #[ts(type = "number")]
    pub person_id: i64,
    pub ground: RestrictionGround,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Restriction {
    #[ts(type = "number")]
    pub id: i64,
    pub ground: RestrictionGround,
    pub note: Option<String>,
    pub restricted_at: String,
    pub restricted_by_name: Option<String>,
    pub lifted_at: Option<String>,
    pub lifted_by_name: Option<String>,
    pub lift_reason: Option<String>,
}

/// Everything the person's consent panel shows.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConsentOverview {
    #[ts(type = "number")]
    pub person_id: i64,
    pub purposes: Vec<PurposeConsent>,
    /// Since when the person objects to direct marketing; None: no objection.
    pub objection_since: Option<String>,
    /// The open restriction, if any.
    pub restriction: Option<Restriction>,
    /// Lifted restrictions, newest first.
    pub restriction_history: Vec<Restriction>,
    /// Newest first.
    pub history: Vec<ConsentEvent>,
    /// Published statements of the consent-based purposes, newest version first.
    pub statements: Vec<ConsentStatement>,
    /// The caller may record consent, withdrawal and objection for this person.
    pub may_record: bool,
    /// The caller may restrict and lift.
    pub may_restrict: bool,
}

/// Why someone was left out of a marketing list, counted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LeftOut {
    #[ts(type = "number")]
    pub restricted: i64,
    #[ts(type = "number")]
    pub objected: i64,
    #[ts(type = "number")]
    pub withdrawn: i64,
    #[ts(type = "number")]
    pub no_consent: i64,
    #[ts(type = "number")]
    pub no_email: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MarketingReport {
    #[ts(type = "number")]
    pub purpose_id: i64,
    pub purpose_name: String,
    pub lawful_basis: LawfulBasis,
    #[ts(type = "number")]
    pub included: i64,
    pub left_out: LeftOut,
    /// Set when a file was written.
    pub file_name: Option<String>,
}

/// A purpose a marketing list can be made for.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MarketingPurpose {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub lawful_basis: LawfulBasis,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PurposeCoverage {
    #[ts(type = "number")]
    pub purpose_id: i64,
    pub name: String,
    pub lawful_basis: LawfulBasis,
    pub marketing: bool,
    /// People with valid consent now (consent-based purposes only).
    #[ts(type = "number")]
    pub granted: i64,
    #[ts(type = "number")]
    pub withdrawn: i64,
    /// Consent-based purposes without a published statement cannot collect consent.
    pub has_statement: bool,
}

/// Privacy > Overview.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PrivacyDashboard {
    #[ts(type = "number")]
    pub people: i64,
    pub coverage: Vec<PurposeCoverage>,
    #[ts(type = "number")]
    pub restricted: i64,
    #[ts(type = "number")]
    pub objecting: i64,
    /// Fields that hold data no purpose uses (from the minimisation report).
    pub fields_without_purpose: Vec<String>,
    /// The restricted people, for those who handle them (newest first, at most 100).
    pub restricted_people: Vec<RestrictedPerson>,
    /// Data subject requests still open, and of those past their deadline.
    #[ts(type = "number")]
    pub requests_open: i64,
    #[ts(type = "number")]
    pub requests_overdue: i64,
    /// Breaches within their 72 hours and not yet notified (or decided), and those past them.
    #[ts(type = "number")]
    pub breaches_pending: i64,
    #[ts(type = "number")]
    pub breaches_late: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RestrictedPerson {
    #[ts(type = "number")]
    pub person_id: i64,
    pub display_name: String,
    pub ground: RestrictionGround,
    pub since: String,
}

/// What `kluis verify` finds in the consent ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct LedgerReport {
    #[ts(type = "number")]
    pub entries: i64,
    pub head: String,
    /// The first event whose hash or link does not match.
    #[ts(type = "number | null")]
    pub first_broken_id: Option<i64>,
    /// Events whose kept evidence text no longer matches its digest.
    #[ts(type = "number[]")]
    pub evidence_altered: Vec<i64>,
    /// Statements whose text no longer matches their hash.
    #[ts(type = "number[]")]
    pub statements_altered: Vec<i64>,
    /// People whose stored consent state differs from what the ledger says.
    #[ts(type = "number")]
    pub state_mismatches: i64,
}

impl LedgerReport {
    pub fn ok(&self) -> bool {
        self.first_broken_id.is_none()
            && self.evidence_altered.is_empty()
            && self.statements_altered.is_empty()
            && self.state_mismatches == 0
    }
}
