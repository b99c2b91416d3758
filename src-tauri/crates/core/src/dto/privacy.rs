//! Purposes of processing across the IPC boundary.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The six lawful bases of Art. 6(1) GDPR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LawfulBasis {
    Consent,
    Contract,
    LegalObligation,
    VitalInterests,
    PublicTask,
    LegitimateInterests,
}

impl LawfulBasis {
    pub const ALL: [LawfulBasis; 6] = [
        LawfulBasis::Consent,
        LawfulBasis::Contract,
        LawfulBasis::LegalObligation,
        LawfulBasis::VitalInterests,
        LawfulBasis::PublicTask,
        LawfulBasis::LegitimateInterests,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            LawfulBasis::Consent => "consent",
            LawfulBasis::Contract => "contract",
            LawfulBasis::LegalObligation => "legal_obligation",
            LawfulBasis::VitalInterests => "vital_interests",
            LawfulBasis::PublicTask => "public_task",
            LawfulBasis::LegitimateInterests => "legitimate_interests",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|b| b.as_str() == s)
    }
    /// The article letter and the words, for the register.
    pub fn label(self, lang: Lang) -> &'static str {
        use LawfulBasis::*;
        match (self, lang) {
            (Consent, Lang::En) => "Consent (Art. 6(1)(a))",
            (Consent, Lang::Nl) => "Toestemming (art. 6 lid 1 sub a)",
            (Contract, Lang::En) => "Performance of a contract (Art. 6(1)(b))",
            (Contract, Lang::Nl) => "Uitvoering van een overeenkomst (art. 6 lid 1 sub b)",
            (LegalObligation, Lang::En) => "Legal obligation (Art. 6(1)(c))",
            (LegalObligation, Lang::Nl) => "Wettelijke verplichting (art. 6 lid 1 sub c)",
            (VitalInterests, Lang::En) => "Vital interests (Art. 6(1)(d))",
            (VitalInterests, Lang::Nl) => "Vitale belangen (art. 6 lid 1 sub d)",
            (PublicTask, Lang::En) => "Public task (Art. 6(1)(e))",
            (PublicTask, Lang::Nl) => "Taak van algemeen belang (art. 6 lid 1 sub e)",
            (LegitimateInterests, Lang::En) => "Legitimate interests (Art. 6(1)(f))",
            (LegitimateInterests, Lang::Nl) => "Gerechtvaardigd belang (art. 6 lid 1 sub f)",
        }
    }
}

/// The languages of documents Kluis writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Lang {
    Nl,
    En,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "nl" => Some(Lang::Nl),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PurposeInput {
    pub name: String,
    pub description: String,
    pub lawful_basis: LawfulBasis,
    /// Required for legitimate interests: why the interest outweighs the subject's.
    pub balancing_note: Option<String>,
    /// Direct marketing: an objection (Art. 21(3)) stops it.
    pub marketing: bool,
    /// Data categories used (contact, sales, hr, special).
    pub data_categories: Vec<String>,
    /// Fields used, e.g. "person.email".
    pub fields: Vec<String>,
    pub subject_categories: Vec<String>,
    /// Recipients and processors.
    pub recipients: Vec<String>,
    /// Transfers outside the EU and their safeguards; None: no transfers.
    pub transfers: Option<String>,
    /// The retention rule in words (its engine comes with the retention issue).
    pub retention: String,
    pub security_measures: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Purpose {
    #[ts(type = "number")]
    pub id: i64,
    /// The template it started from, if any.
    pub template: Option<String>,
    #[serde(flatten)]
    pub input: PurposeInput,
    pub archived: bool,
    pub created_at: String,
    pub updated_at: String,
    /// The active retention rules that carry out this purpose's retention period.
    pub retention_rules: Vec<String>,
    /// Named when saving (see `Person::version`).
    #[ts(type = "number")]
    pub version: i64,
}

/// A ready-made purpose in one language, to adopt and adjust.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PurposeTemplate {
    pub key: String,
    pub input: PurposeInput,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct BreachInput {
    pub title: String,
    /// When it was discovered (RFC 3339, or a date); now when empty.
    pub discovered_at: Option<String>,
    /// What happened.
    pub nature: String,
    /// Data categories affected (contact, sales, hr, special).
    pub categories: Vec<String>,
    #[ts(type = "number")]
    pub subjects_approx: i64,
    #[ts(type = "number")]
    pub records_approx: i64,
    pub consequences: String,
    pub measures: String,
    pub authority_notified_at: Option<String>,
    pub authority_reference: Option<String>,
    /// Why the authority need not be notified (no likely risk); excludes a notification.
    pub authority_not_required: Option<String>,
    pub subjects_informed_at: Option<String>,
    /// Why the people affected are not informed (Art. 34(3)); excludes informing them.
    pub subjects_not_informed: Option<String>,
}
