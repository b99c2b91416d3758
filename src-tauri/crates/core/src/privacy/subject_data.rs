//! Everything Kluis holds about one data subject, gathered for an access or portability export
//! (Art. 15, 20): `data.json`, described by `subject_schema.json`. Gathered under the handler's
//! rights: sales figures the handler may not see stay out (marked redacted).
use crate::access::{Action, Category};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::crm::{DealStatus, Guarded, Person, TimelineKind};
use crate::dto::privacy::Lang;
use crate::error::{CoreError, CoreResult};
use crate::session::Session;
use crate::store::{activity, consent, persons, purposes, requests, restrictions, settings};
use serde::Serialize;

pub const FORMAT: &str = "kluis-subject-export/1";

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubjectData {
    pub format: &'static str,
    pub exported_at: String,
    pub controller: String,
    /// The language the report is written in (the subject's preferred one, else Dutch).
    pub language: &'static str,
    pub subject: Subject,
    pub emails: Vec<Labelled>,
    pub phones: Vec<Labelled>,
    pub addresses: Vec<AddressOut>,
    pub timeline: Vec<TimelineOut>,
    pub deals: Vec<DealOut>,
    pub tasks: Vec<TaskOut>,
    pub consents: Vec<ConsentOut>,
    pub restrictions: Vec<RestrictionOut>,
    pub requests: Vec<RequestOut>,
    pub purposes: Vec<PurposeOut>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Subject {
    pub id: i64,
    pub salutation: Option<String>,
    pub given_name: String,
    pub tussenvoegsel: String,
    pub family_name: String,
    pub date_of_birth: Option<String>,
    pub organisation: Option<String>,
    pub job_title: Option<String>,
    pub preferred_language: Option<String>,
    /// How the data was obtained.
    pub source: Option<String>,
    pub notes: Option<String>,
    pub tags: Vec<String>,
    pub owner: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub restricted: bool,
    pub objects_to_direct_marketing: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Labelled {
    pub label: Option<String>,
    pub value: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AddressOut {
    pub label: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TimelineOut {
    pub kind: &'static str,
    pub occurred_at: String,
    pub author: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DealOut {
    pub title: String,
    pub stage: String,
    pub status: &'static str,
    /// In cents; None with `amountWithheld` when the handler may not see sales figures.
    pub amount_cents: Option<i64>,
    pub amount_withheld: bool,
    pub currency: String,
    pub expected_close: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskOut {
    pub title: String,
    pub due_date: Option<String>,
    pub done: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentOut {
    pub purpose: Option<String>,
    pub kind: &'static str,
    pub occurred_at: String,
    pub recorded_at: String,
    pub channel: &'static str,
    pub statement_version: Option<i64>,
    pub statement_language: Option<&'static str>,
    /// The exact text the subject was shown.
    pub statement_text: Option<String>,
    pub evidence: Option<String>,
    /// Marked as recorded in error by a later correction.
    pub voided: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestrictionOut {
    pub ground: &'static str,
    pub since: String,
    pub lifted_at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestOut {
    pub kind: &'static str,
    pub received_on: String,
    pub deadline: String,
    pub status: &'static str,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PurposeOut {
    pub name: String,
    pub description: String,
    pub lawful_basis: &'static str,
    pub lawful_basis_label: &'static str,
    pub recipients: Vec<String>,
    pub transfers: Option<String>,
    pub retention: String,
}

fn kind_str(k: TimelineKind) -> &'static str {
    k.as_str()
}

fn status_str(s: DealStatus) -> &'static str {
    match s {
        DealStatus::Open => "open",
        DealStatus::Won => "won",
        DealStatus::Lost => "lost",
    }
}

/// The subject's language for the report: their preferred one when Kluis writes it.
pub fn language(p: &Person) -> Lang {
    match p.preferred_language.as_deref().map(str::to_ascii_lowercase) {
        Some(l) if l.starts_with("en") => Lang::En,
        _ => Lang::Nl,
    }
}

/// Gathers the subject's data. The caller has checked the export right.
pub fn collect(s: &Session, person_id: i64) -> CoreResult<(SubjectData, Person)> {
    let p = persons::get_person(&s.read()?, person_id)?.ok_or(CoreError::NotFound)?;
    let lang = language(&p);
    let show_sales = s.rights().allows(Category::Sales, Action::View);
    let statements = consent::statements(&s.read()?, None)?;
    let consents = consent::history(&s.read()?, person_id)?
        .into_iter()
        .rev()
        .map(|e| {
            let text = statements
                .iter()
                .find(|st| {
                    Some(st.version) == e.statement_version
                        && Some(st.lang) == e.statement_lang
                        && Some(st.purpose_id) == e.purpose_id
                })
                .map(|st| st.body.clone());
            ConsentOut {
                purpose: e.purpose_name,
                kind: e.kind.as_str(),
                occurred_at: e.occurred_at,
                recorded_at: e.recorded_at,
                channel: e.channel.as_str(),
                statement_version: e.statement_version,
                statement_language: e.statement_lang.map(Lang::as_str),
                statement_text: text,
                evidence: e.evidence,
                voided: e.voided,
            }
        })
        .collect();
    let data = SubjectData {
        format: FORMAT,
        exported_at: crate::clock::stamp(s.now()),
        controller: settings::get(&s.read()?, settings::ORG_NAME)?.unwrap_or_default(),
        language: lang.as_str(),
        subject: Subject {
            id: p.id,
            salutation: p.salutation.clone(),
            given_name: p.given_name.clone(),
            tussenvoegsel: p.tussenvoegsel.clone(),
            family_name: p.family_name.clone(),
            date_of_birth: p.date_of_birth.clone(),
            organisation: p.organisation_name.clone(),
            job_title: p.job_title.clone(),
            preferred_language: p.preferred_language.clone(),
            source: p.source.clone(),
            notes: p.notes.clone(),
            tags: p.tags.clone(),
            owner: p.owner_name.clone(),
            created_at: p.created_at.clone(),
            updated_at: p.updated_at.clone(),
            restricted: p.restricted,
            objects_to_direct_marketing: p.marketing_objection,
        },
        emails: p
            .emails
            .iter()
            .map(|c| Labelled {
                label: c.label.clone(),
                value: c.value.clone(),
            })
            .collect(),
        phones: p
            .phones
            .iter()
            .map(|c| Labelled {
                label: c.label.clone(),
                value: c.value.clone(),
            })
            .collect(),
        addresses: p
            .addresses
            .iter()
            .map(|a| AddressOut {
                label: a.label.clone(),
                street: a.street.clone(),
                postcode: a.postcode.clone(),
                city: a.city.clone(),
                country: a.country.clone(),
            })
            .collect(),
        timeline: activity::timeline_for_person(&s.read()?, person_id, u32::MAX)?
            .into_iter()
            .map(|t| TimelineOut {
                kind: kind_str(t.kind),
                occurred_at: t.occurred_at,
                author: t.author_name,
                text: t.body,
            })
            .collect(),
        deals: activity::deals_for_person(&s.read()?, person_id, show_sales)?
            .into_iter()
            .map(|d| {
                let (amount, withheld) = match d.amount_cents {
                    Guarded::Shown(v) => (Some(v), false),
                    Guarded::Redacted => (None, true),
                };
                DealOut {
                    title: d.title,
                    stage: d.stage_name,
                    status: status_str(d.status),
                    amount_cents: amount,
                    amount_withheld: withheld,
                    currency: d.currency,
                    expected_close: d.expected_close,
                }
            })
            .collect(),
        tasks: activity::tasks_for_person(&s.read()?, person_id)?
            .into_iter()
            .map(|t| TaskOut {
                title: t.title,
                due_date: t.due_date,
                done: t.done,
            })
            .collect(),
        consents,
        restrictions: restrictions::of_person(&s.read()?, person_id)?
            .into_iter()
            .map(|r| RestrictionOut {
                ground: r.ground.as_str(),
                since: r.restricted_at,
                lifted_at: r.lifted_at,
            })
            .collect(),
        requests: requests::of_person(&s.read()?, person_id)?
            .into_iter()
            .map(|r| RequestOut {
                kind: r.kind.as_str(),
                received_on: r.received_on,
                deadline: r.extended_until.unwrap_or(r.due_on),
                status: r.status.as_str(),
                outcome: r.outcome,
            })
            .collect(),
        purposes: purposes::list(&s.read()?, false)?
            .into_iter()
            .filter(|p| p.input.data_categories.iter().any(|c| c == "contact"))
            .map(|p| PurposeOut {
                name: p.input.name,
                description: p.input.description,
                lawful_basis: p.input.lawful_basis.as_str(),
                lawful_basis_label: p.input.lawful_basis.label(lang),
                recipients: p.input.recipients,
                transfers: p.input.transfers,
                retention: p.input.retention,
            })
            .collect(),
    };
    // Sales figures that went into the export were viewed, as on the person's page: audited
    // (who, whose, when; never the amounts).
    if data.deals.iter().any(|d| d.amount_cents.is_some()) {
        s.audit(
            AuditEvent::new(Some(s.user_id()), AuditAction::SalesViewed)
                .on("person", person_id)
                .category(Category::Sales.as_str())
                .details(serde_json::json!({ "view": "subject_export" })),
        )?;
    }
    Ok((data, p))
}
