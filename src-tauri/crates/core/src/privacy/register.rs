//! The register of processing activities (Art. 30 GDPR), generated from the purposes: a
//! readable, print-ready HTML document (self-contained: no scripts, no remote fonts) and CSV,
//! in Dutch or English.
use crate::access::{Action, Category};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::privacy::{Lang, Purpose};
use crate::error::{CoreError, CoreResult};
use crate::session::Session;
use crate::store::{purposes as db, settings};
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RegisterFormat {
    Html,
    Csv,
}

/// The row labels, in the order Art. 30(1) lists what to record.
fn labels(lang: Lang) -> [&'static str; 12] {
    match lang {
        Lang::En => [
            "Purpose",
            "Description",
            "Lawful basis",
            "Balancing of interests",
            "Direct marketing",
            "Categories of personal data",
            "Data used",
            "Categories of data subjects",
            "Recipients and processors",
            "Transfers outside the EU and safeguards",
            "Retention",
            "Security measures",
        ],
        Lang::Nl => [
            "Doel",
            "Omschrijving",
            "Verwerkingsgrondslag",
            "Belangenafweging",
            "Direct marketing",
            "Categorieën persoonsgegevens",
            "Gebruikte gegevens",
            "Categorieën betrokkenen",
            "Ontvangers en verwerkers",
            "Doorgifte buiten de EU en waarborgen",
            "Bewaartermijn",
            "Beveiligingsmaatregelen",
        ],
    }
}

fn category_name(c: &str, lang: Lang) -> &str {
    match (c, lang) {
        ("contact", Lang::En) => "Contact data",
        ("contact", Lang::Nl) => "Contactgegevens",
        ("sales", Lang::En) => "Sales figures",
        ("sales", Lang::Nl) => "Verkoopcijfers",
        ("hr", Lang::En) => "Personnel data",
        ("hr", Lang::Nl) => "Personeelsgegevens",
        ("special", Lang::En) => "Special categories (Art. 9)",
        ("special", Lang::Nl) => "Bijzondere persoonsgegevens (art. 9)",
        (other, _) => other,
    }
}

/// A catalogue field in words (the register is read by people, not by Kluis).
fn field_name(f: &str, lang: Lang) -> &str {
    let (en, nl) = match f {
        "person.name" => ("Name", "Naam"),
        "person.email" => ("E-mail address", "E-mailadres"),
        "person.phone" => ("Phone number", "Telefoonnummer"),
        "person.address" => ("Postal address", "Postadres"),
        "person.date_of_birth" => ("Date of birth", "Geboortedatum"),
        "person.organisation" => ("Organisation", "Organisatie"),
        "person.job_title" => ("Job title", "Functie"),
        "person.preferred_language" => ("Preferred language", "Voorkeurstaal"),
        "person.notes" => ("Notes", "Notities"),
        "person.tags" => ("Tags", "Labels"),
        "timeline" => ("Contact history", "Contacthistorie"),
        "organisation.kvk" => ("Chamber of Commerce number", "KvK-nummer"),
        "organisation.vat" => ("VAT number", "Btw-nummer"),
        "task" => ("Tasks", "Taken"),
        "deal" => ("Deals and amounts", "Deals en bedragen"),
        "employee" => ("Employment details", "Gegevens dienstverband"),
        "employee.salary" => ("Salary", "Salaris"),
        "employee.review" => ("Reviews", "Functioneringsgesprekken"),
        "employee.absence" => ("Absence periods", "Verzuimperiodes"),
        "employee.absence_reason" => (
            "Reason for absence (health)",
            "Reden van verzuim (gezondheid)",
        ),
        other => (other, other),
    };
    match lang {
        Lang::En => en,
        Lang::Nl => nl,
    }
}

/// The values of one purpose, in the order of `labels`.
fn values(p: &Purpose, lang: Lang) -> [String; 12] {
    let i = &p.input;
    let none = match lang {
        Lang::En => "None",
        Lang::Nl => "Geen",
    };
    let yes_no = |b: bool| match (b, lang) {
        (true, Lang::En) => "Yes",
        (false, Lang::En) => "No",
        (true, Lang::Nl) => "Ja",
        (false, Lang::Nl) => "Nee",
    };
    let list = |v: &[String]| {
        if v.is_empty() {
            none.to_string()
        } else {
            v.join("; ")
        }
    };
    [
        i.name.clone(),
        i.description.clone(),
        i.lawful_basis.label(lang).to_string(),
        i.balancing_note.clone().unwrap_or_else(|| "—".into()),
        yes_no(i.marketing).to_string(),
        i.data_categories
            .iter()
            .map(|c| category_name(c, lang))
            .collect::<Vec<_>>()
            .join("; "),
        list(
            &i.fields
                .iter()
                .map(|f| field_name(f, lang).to_string())
                .collect::<Vec<_>>(),
        ),
        list(&i.subject_categories),
        list(&i.recipients),
        i.transfers.clone().unwrap_or_else(|| none.to_string()),
        if p.retention_rules.is_empty() {
            i.retention.clone()
        } else {
            // The rules that carry the period out, so the register says how it is kept to.
            let applied = match lang {
                Lang::En => "applied by the retention rule",
                Lang::Nl => "uitgevoerd door de bewaarregel",
            };
            format!(
                "{} ({applied}: {})",
                i.retention,
                p.retention_rules.join("; ")
            )
        },
        i.security_measures.clone(),
    ]
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The register as a document: the controller, the date, one section per current purpose.
pub fn html(org: &str, date: &str, purposes: &[Purpose], lang: Lang) -> String {
    let (title, controller, made, empty, lang_attr) = match lang {
        Lang::En => (
            "Register of processing activities",
            "Controller",
            "Drawn up",
            "No purposes have been recorded yet.",
            "en",
        ),
        Lang::Nl => (
            "Verwerkingsregister",
            "Verwerkingsverantwoordelijke",
            "Opgesteld op",
            "Er zijn nog geen doelen vastgelegd.",
            "nl",
        ),
    };
    let mut out = format!(
        "<!doctype html>\n<html lang=\"{lang_attr}\"><head><meta charset=\"utf-8\"><title>{title} — {org}</title>\n<style>\
body{{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;color:#1d2330;line-height:1.45}}\
h1{{font-size:1.6rem;margin-bottom:.2rem}}.meta{{color:#5b6475;margin-bottom:2rem}}\
section{{break-inside:avoid;border-top:1px solid #d5d9e2;padding-top:1rem;margin-top:1.5rem}}\
h2{{font-size:1.15rem}}dl{{display:grid;grid-template-columns:14rem 1fr;gap:.35rem 1rem}}\
dt{{color:#5b6475}}dd{{margin:0}}@media print{{body{{margin:0}}}}</style></head><body>\n\
<h1>{title}</h1>\n<p class=\"meta\">{controller}: {org} · {made} {date} · Art. 30 AVG/GDPR</p>\n",
        org = esc(org),
        date = esc(date),
    );
    let current: Vec<&Purpose> = purposes.iter().filter(|p| !p.archived).collect();
    if current.is_empty() {
        out.push_str(&format!("<p>{empty}</p>\n"));
    }
    let l = labels(lang);
    for p in current {
        let v = values(p, lang);
        out.push_str(&format!(
            "<section data-purpose=\"{}\"><h2>{}</h2><dl>\n",
            p.id,
            esc(&v[0])
        ));
        for (label, value) in l.iter().zip(v.iter()).skip(1) {
            out.push_str(&format!("<dt>{label}</dt><dd>{}</dd>\n", esc(value)));
        }
        out.push_str("</dl></section>\n");
    }
    out.push_str("</body></html>\n");
    out
}

/// The register as CSV (UTF-8 with BOM for spreadsheets), one row per current purpose.
pub fn csv(purposes: &[Purpose], lang: Lang) -> CoreResult<String> {
    let bytes = crate::export::csv_out::bytes(
        &labels(lang),
        purposes
            .iter()
            .filter(|p| !p.archived)
            .map(|p| values(p, lang)),
    )?;
    String::from_utf8(bytes).map_err(|_| CoreError::Internal("csv"))
}

/// The register in the chosen form and language, for the screen or a file.
pub fn render(s: &Session, format: RegisterFormat, lang: Lang) -> CoreResult<String> {
    s.require(Category::Privacy, Action::View)?;
    let purposes = db::list(&s.read()?, false)?;
    let org = settings::get(&s.read()?, settings::ORG_NAME)?.unwrap_or_default();
    match format {
        RegisterFormat::Html => Ok(html(
            &org,
            &s.now().date_naive().format("%Y-%m-%d").to_string(),
            &purposes,
            lang,
        )),
        RegisterFormat::Csv => csv(&purposes, lang),
    }
}

/// May the caller write the register to a file? (Asked before showing a save dialog.)
pub fn may_export(s: &Session) -> CoreResult<()> {
    s.require(Category::Privacy, Action::Export)
}

/// Writes the register to `out` (atomically) and records that it was exported.
pub fn export(s: &Session, format: RegisterFormat, lang: Lang, out: &Path) -> CoreResult<()> {
    s.require(Category::Privacy, Action::Export)?;
    let text = render(s, format, lang)?;
    crate::files::write_atomically(out, text.as_bytes())?;
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::RegisterExported)
            .category(Category::Privacy.as_str())
            .details(serde_json::json!({ "format": match format { RegisterFormat::Html => "html", RegisterFormat::Csv => "csv" } })),
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_field_has_words_in_both_languages() {
        for (f, _) in crate::privacy::minimisation::FIELDS {
            for lang in [Lang::Nl, Lang::En] {
                assert_ne!(field_name(f, lang), f, "{f}");
            }
        }
    }
}
