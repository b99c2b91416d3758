//! `report.html`: the subject's data as a readable, self-contained document in their language
//! (no scripts, no remote resources), printed or opened in any browser.
use super::subject_data::SubjectData;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

struct Words {
    title: &'static str,
    intro: &'static str,
    details: &'static str,
    name: &'static str,
    birth: &'static str,
    organisation: &'static str,
    job: &'static str,
    source: &'static str,
    notes: &'static str,
    tags: &'static str,
    emails: &'static str,
    phones: &'static str,
    addresses: &'static str,
    timeline: &'static str,
    deals: &'static str,
    tasks: &'static str,
    consents: &'static str,
    restrictions: &'static str,
    requests: &'static str,
    purposes: &'static str,
    basis: &'static str,
    recipients: &'static str,
    transfers: &'static str,
    retention: &'static str,
    none: &'static str,
    withheld: &'static str,
    voided: &'static str,
    statement: &'static str,
    files: &'static str,
}

const NL: Words = Words {
    title: "Uw gegevens bij",
    intro: "Dit overzicht bevat alle persoonsgegevens die wij over u bewaren, waarvoor en op welke grondslag, wie ze ontvangt en hoe lang wij ze bewaren (art. 15 AVG). De bestanden naast dit rapport bevatten dezelfde gegevens in een machineleesbare vorm (art. 20 AVG).",
    details: "Persoonsgegevens",
    name: "Naam",
    birth: "Geboortedatum",
    organisation: "Organisatie",
    job: "Functie",
    source: "Herkomst van de gegevens",
    notes: "Notities",
    tags: "Labels",
    emails: "E-mailadressen",
    phones: "Telefoonnummers",
    addresses: "Adressen",
    timeline: "Contactmomenten",
    deals: "Offertes en opdrachten",
    tasks: "Taken",
    consents: "Toestemmingen",
    restrictions: "Beperking van de verwerking",
    requests: "Uw verzoeken",
    purposes: "Waarvoor wij uw gegevens gebruiken",
    basis: "Grondslag",
    recipients: "Ontvangers",
    transfers: "Doorgifte buiten de EU",
    retention: "Bewaartermijn",
    none: "Geen.",
    withheld: "niet opgenomen",
    voided: "vastgelegd in vergissing, gecorrigeerd",
    statement: "Tekst die u zag",
    files: "Bestanden in deze export: data.json (met data.schema.json), contact.vcf en CSV-bestanden per onderdeel.",
};

const EN: Words = Words {
    title: "Your data held by",
    intro: "This overview contains all personal data we hold about you, what we use it for and on which lawful basis, who receives it and how long we keep it (Art. 15 GDPR). The files next to this report hold the same data in a machine-readable form (Art. 20 GDPR).",
    details: "Personal details",
    name: "Name",
    birth: "Date of birth",
    organisation: "Organisation",
    job: "Job title",
    source: "Where the data came from",
    notes: "Notes",
    tags: "Tags",
    emails: "E-mail addresses",
    phones: "Phone numbers",
    addresses: "Addresses",
    timeline: "Contacts with you",
    deals: "Quotes and orders",
    tasks: "Tasks",
    consents: "Consents",
    restrictions: "Restriction of processing",
    requests: "Your requests",
    purposes: "What we use your data for",
    basis: "Lawful basis",
    recipients: "Recipients",
    transfers: "Transfers outside the EU",
    retention: "Retention",
    none: "None.",
    withheld: "not included",
    voided: "recorded in error, corrected",
    statement: "Text you were shown",
    files: "Files in this export: data.json (with data.schema.json), contact.vcf and a CSV file per part.",
};

/// The subject's words for the stored codes (kinds, statuses, channels, grounds).
fn word(en: bool, code: &str) -> &str {
    const WORDS: &[(&str, &str, &str)] = &[
        ("note", "notitie", "note"),
        ("call", "telefoongesprek", "phone call"),
        ("email", "e-mail", "e-mail"),
        ("meeting", "afspraak", "meeting"),
        ("open", "lopend", "open"),
        ("won", "gewonnen", "won"),
        ("lost", "niet doorgegaan", "lost"),
        ("granted", "toestemming gegeven", "consent given"),
        ("withdrawn", "toestemming ingetrokken", "consent withdrawn"),
        ("voided", "correctie", "correction"),
        (
            "objected",
            "bezwaar tegen direct marketing",
            "objection to direct marketing",
        ),
        (
            "objection_lifted",
            "bezwaar ingetrokken",
            "objection withdrawn",
        ),
        ("paper", "op papier", "on paper"),
        ("phone", "telefonisch", "by phone"),
        ("in_person", "persoonlijk", "in person"),
        ("web_form", "via een webformulier", "through a web form"),
        (
            "accuracy_contested",
            "juistheid betwist",
            "accuracy contested",
        ),
        (
            "unlawful_processing",
            "onrechtmatige verwerking",
            "unlawful processing",
        ),
        (
            "legal_claims",
            "nodig voor een rechtsvordering",
            "needed for legal claims",
        ),
        (
            "objection_pending",
            "bezwaar in behandeling",
            "objection pending",
        ),
        ("access", "inzage", "access"),
        ("rectification", "rectificatie", "rectification"),
        ("erasure", "verwijdering", "erasure"),
        ("restriction", "beperking", "restriction"),
        ("portability", "overdraagbaarheid", "portability"),
        ("objection", "bezwaar", "objection"),
        ("received", "ontvangen", "received"),
        ("in_progress", "in behandeling", "in progress"),
        ("completed", "afgehandeld", "completed"),
        ("refused", "afgewezen", "refused"),
    ];
    WORDS
        .iter()
        .find(|(c, _, _)| *c == code)
        .map(|(_, nl, e)| if en { *e } else { *nl })
        .unwrap_or(code)
}

/// A stored date or moment as the subject reads it: "27 november 2026" / "27 November 2026".
fn date(en: bool, stamp: &str) -> String {
    const NL_MONTHS: [&str; 12] = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ];
    const EN_MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    use chrono::Datelike;
    match chrono::NaiveDate::parse_from_str(stamp.get(..10).unwrap_or(stamp), "%Y-%m-%d") {
        Ok(d) => {
            let months = if en { EN_MONTHS } else { NL_MONTHS };
            format!("{} {} {}", d.day(), months[d.month0() as usize], d.year())
        }
        Err(_) => stamp.to_string(),
    }
}

fn list(items: &[String], none: &str) -> String {
    if items.is_empty() {
        return format!("<p class=\"none\">{}</p>", esc(none));
    }
    let lis: String = items.iter().map(|i| format!("<li>{i}</li>")).collect();
    format!("<ul>{lis}</ul>")
}

fn row(label: &str, value: &Option<String>) -> String {
    match value.as_deref().filter(|v| !v.is_empty()) {
        Some(v) => format!("<tr><th>{}</th><td>{}</td></tr>", esc(label), esc(v)),
        None => String::new(),
    }
}

pub fn html(d: &SubjectData) -> String {
    let en = d.language == "en";
    let w = if en { &EN } else { &NL };
    let s = &d.subject;
    let name = [
        s.salutation.clone().unwrap_or_default(),
        s.given_name.clone(),
        s.tussenvoegsel.clone(),
        s.family_name.clone(),
    ]
    .iter()
    .filter(|p| !p.is_empty())
    .cloned()
    .collect::<Vec<_>>()
    .join(" ");
    let details = [
        row(w.name, &Some(name.clone())),
        row(w.birth, &s.date_of_birth.as_deref().map(|b| date(en, b))),
        row(w.organisation, &s.organisation),
        row(w.job, &s.job_title),
        row(w.source, &s.source),
        row(w.notes, &s.notes),
        row(w.tags, &Some(s.tags.join(", "))),
    ]
    .concat();
    let emails: Vec<String> = d.emails.iter().map(|c| esc(&c.value)).collect();
    let phones: Vec<String> = d.phones.iter().map(|c| esc(&c.value)).collect();
    let addresses: Vec<String> = d
        .addresses
        .iter()
        .map(|a| {
            esc(&[
                a.street.clone(),
                a.postcode.clone(),
                a.city.clone(),
                a.country.clone(),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", "))
        })
        .collect();
    let timeline: Vec<String> = d
        .timeline
        .iter()
        .map(|t| {
            format!(
                "<b>{}</b> {}: {}",
                esc(&date(en, &t.occurred_at)),
                esc(word(en, t.kind)),
                esc(&t.text)
            )
        })
        .collect();
    let deals: Vec<String> = d
        .deals
        .iter()
        .map(|x| {
            let amount = match (x.amount_cents, x.amount_withheld) {
                (Some(c), _) => format!("{} {:.2}", esc(&x.currency), c as f64 / 100.0),
                (None, true) => format!("({})", w.withheld),
                (None, false) => String::new(),
            };
            format!(
                "{} ({}, {}) {amount}",
                esc(&x.title),
                esc(&x.stage),
                word(en, x.status)
            )
        })
        .collect();
    let tasks: Vec<String> = d.tasks.iter().map(|t| esc(&t.title)).collect();
    let consents: Vec<String> = d
        .consents
        .iter()
        .map(|c| {
            let mut line = format!(
                "<b>{}</b> {} {}, {}",
                esc(&date(en, &c.occurred_at)),
                esc(c.purpose.as_deref().unwrap_or("")),
                word(en, c.kind),
                word(en, c.channel)
            );
            if c.voided {
                line.push_str(&format!(" <i>({})</i>", w.voided));
            }
            if let Some(t) = &c.statement_text {
                line.push_str(&format!(
                    "<blockquote><small>{} (v{})</small><br>{}</blockquote>",
                    w.statement,
                    c.statement_version.unwrap_or_default(),
                    esc(t)
                ));
            }
            line
        })
        .collect();
    let restrictions: Vec<String> = d
        .restrictions
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                esc(&date(en, &r.since)),
                word(en, r.ground),
                r.lifted_at
                    .as_deref()
                    .map(|l| format!("– {}", esc(&date(en, l))))
                    .unwrap_or_default()
            )
        })
        .collect();
    let requests: Vec<String> = d
        .requests
        .iter()
        .map(|r| {
            format!(
                "{} {} ({})",
                esc(&date(en, &r.received_on)),
                word(en, r.kind),
                word(en, r.status)
            )
        })
        .collect();
    let purposes: String = d
        .purposes
        .iter()
        .map(|p| {
            format!(
                "<section><h3>{}</h3><p>{}</p><table>{}{}{}{}</table></section>",
                esc(&p.name),
                esc(&p.description),
                row(w.basis, &Some(p.lawful_basis_label.to_string())),
                row(w.recipients, &Some(p.recipients.join(", "))),
                row(w.transfers, &p.transfers),
                row(w.retention, &Some(p.retention.clone())),
            )
        })
        .collect();
    format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title} {controller}</title>\
<style>body{{font:15px/1.5 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1c1c28}}\
h1{{font-size:1.6rem}}h2{{margin-top:2rem;font-size:1.15rem;border-bottom:1px solid #ddd}}\
th{{text-align:left;padding-right:1rem;vertical-align:top;font-weight:600}}blockquote{{margin:.4rem 0 .6rem 1rem;color:#444}}\
.none{{color:#666}}@media print{{body{{margin:0}}}}</style></head><body>\
<h1>{title} {controller}</h1><p>{intro}</p><p><small>{exported}</small></p>\
<h2>{h_details}</h2><table>{details}</table>\
<h2>{h_emails}</h2>{emails}<h2>{h_phones}</h2>{phones}<h2>{h_addresses}</h2>{addresses}\
<h2>{h_timeline}</h2>{timeline}<h2>{h_deals}</h2>{deals}<h2>{h_tasks}</h2>{tasks}\
<h2>{h_consents}</h2>{consents}<h2>{h_restrictions}</h2>{restrictions}<h2>{h_requests}</h2>{requests}\
<h2>{h_purposes}</h2>{purposes}<p><small>{files}</small></p></body></html>",
        lang = d.language,
        title = esc(w.title),
        controller = esc(&d.controller),
        intro = esc(w.intro),
        exported = esc(&date(en, &d.exported_at)),
        h_details = w.details,
        details = details,
        h_emails = w.emails,
        emails = list(&emails, w.none),
        h_phones = w.phones,
        phones = list(&phones, w.none),
        h_addresses = w.addresses,
        addresses = list(&addresses, w.none),
        h_timeline = w.timeline,
        timeline = list(&timeline, w.none),
        h_deals = w.deals,
        deals = list(&deals, w.none),
        h_tasks = w.tasks,
        tasks = list(&tasks, w.none),
        h_consents = w.consents,
        consents = list(&consents, w.none),
        h_restrictions = w.restrictions,
        restrictions = list(&restrictions, w.none),
        h_requests = w.requests,
        requests = list(&requests, w.none),
        h_purposes = w.purposes,
        purposes = if purposes.is_empty() { format!("<p class=\"none\">{}</p>", w.none) } else { purposes },
        files = esc(w.files),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_dates_read_in_the_subjects_language() {
        assert_eq!(date(false, "2026-11-27T11:52:18.554Z"), "27 november 2026");
        assert_eq!(date(true, "2026-03-01"), "1 March 2026");
        assert_eq!(word(false, "call"), "telefoongesprek");
        assert_eq!(word(true, "withdrawn"), "consent withdrawn");
        assert_eq!(word(false, "in_progress"), "in behandeling");
        // An unknown code is shown as it is rather than dropped.
        assert_eq!(word(true, "something_new"), "something_new");
    }
}
