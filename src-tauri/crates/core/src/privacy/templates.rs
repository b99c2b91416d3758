//! Ready-made purposes for what nearly every small business does, in Dutch and English. They
//! are starting points: the business adopts one and adjusts it to what it really does.
use crate::dto::privacy::{Lang, LawfulBasis, PurposeInput, PurposeTemplate};

fn v(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

struct Text {
    name: &'static str,
    description: &'static str,
    balancing: Option<&'static str>,
    subjects: &'static [&'static str],
    recipients: &'static [&'static str],
    retention: &'static str,
}

const SECURITY_EN: &str = "Stored in an encrypted database (SQLCipher, AES-256) on the company's own computer; access per person with roles and an audited trail; automatic lock when idle; encrypted backups.";
const SECURITY_NL: &str = "Opgeslagen in een versleutelde database (SQLCipher, AES-256) op de eigen computer van het bedrijf; toegang per persoon met rollen en een auditlogboek; automatische vergrendeling bij inactiviteit; versleutelde back-ups.";

fn text(key: &str, lang: Lang) -> Option<Text> {
    let t = |name, description, balancing, subjects, recipients, retention| Text {
        name,
        description,
        balancing,
        subjects,
        recipients,
        retention,
    };
    Some(match (key, lang) {
        ("customer_service", Lang::En) => t(
            "Customer service",
            "Answering questions and complaints of customers and keeping a record of contacts with them.",
            None,
            &["Customers", "Contact persons at customers"],
            &["Employees who handle customer contact"],
            "Two years after the last contact.",
        ),
        ("customer_service", Lang::Nl) => t(
            "Klantenservice",
            "Vragen en klachten van klanten beantwoorden en contacten met hen vastleggen.",
            None,
            &["Klanten", "Contactpersonen bij klanten"],
            &["Medewerkers die klantcontact afhandelen"],
            "Twee jaar na het laatste contact.",
        ),
        ("sales_follow_up", Lang::En) => t(
            "Sales follow-up",
            "Following up on quotes and leads, and keeping the deals and their stage.",
            Some("Prospects who asked for a quote expect to be contacted about it; only business contact details are used and anyone may object at any time."),
            &["Prospects", "Contact persons at customers"],
            &["Sales staff", "Management"],
            "One year after the last contact if no deal follows.",
        ),
        ("sales_follow_up", Lang::Nl) => t(
            "Opvolging verkoop",
            "Offertes en leads opvolgen, en de deals met hun fase bijhouden.",
            Some("Wie om een offerte vroeg, verwacht daarover benaderd te worden; alleen zakelijke contactgegevens worden gebruikt en bezwaar kan altijd."),
            &["Prospects", "Contactpersonen bij klanten"],
            &["Verkoopmedewerkers", "Directie"],
            "Eén jaar na het laatste contact als er geen deal volgt.",
        ),
        ("newsletter", Lang::En) => t(
            "Newsletter",
            "Sending the newsletter with news and offers by e-mail.",
            None,
            &["Subscribers"],
            &["E-mail service provider (processor, agreement in place)"],
            "Until consent is withdrawn; the consent record for five years after that.",
        ),
        ("newsletter", Lang::Nl) => t(
            "Nieuwsbrief",
            "De nieuwsbrief met nieuws en aanbiedingen per e-mail versturen.",
            None,
            &["Abonnees"],
            &["E-maildienst (verwerker, verwerkersovereenkomst afgesloten)"],
            "Tot de toestemming wordt ingetrokken; het bewijs van toestemming daarna nog vijf jaar.",
        ),
        ("invoicing", Lang::En) => t(
            "Invoicing",
            "Sending invoices, receiving payments and keeping the accounts.",
            None,
            &["Customers"],
            &["Accountant", "Tax authority (Belastingdienst)"],
            "Seven years (fiscal retention obligation, art. 52 AWR).",
        ),
        ("invoicing", Lang::Nl) => t(
            "Facturatie",
            "Facturen versturen, betalingen ontvangen en de administratie bijhouden.",
            None,
            &["Klanten"],
            &["Accountant", "Belastingdienst"],
            "Zeven jaar (fiscale bewaarplicht, art. 52 AWR).",
        ),
        ("personnel_administration", Lang::En) => t(
            "Personnel administration",
            "Employment contracts, salaries, reviews and absence of employees.",
            None,
            &["Employees", "Former employees"],
            &["Payroll administration (processor)", "Tax authority", "Occupational health service"],
            "Two years after employment ends; salary records seven years (fiscal obligation).",
        ),
        ("personnel_administration", Lang::Nl) => t(
            "Personeelsadministratie",
            "Arbeidsovereenkomsten, salarissen, functioneringsgesprekken en verzuim van medewerkers.",
            None,
            &["Medewerkers", "Oud-medewerkers"],
            &["Salarisadministratie (verwerker)", "Belastingdienst", "Arbodienst"],
            "Twee jaar na einde dienstverband; loongegevens zeven jaar (fiscale plicht).",
        ),
        _ => return None,
    })
}

/// A template's key, lawful basis, whether it is marketing, data categories and fields.
type Shape = (
    &'static str,
    LawfulBasis,
    bool,
    &'static [&'static str],
    &'static [&'static str],
);

/// The template keys, with what each needs besides its texts.
const SHAPES: [Shape; 5] = [
    (
        "customer_service",
        LawfulBasis::Contract,
        false,
        &["contact"],
        &[
            "person.name",
            "person.email",
            "person.phone",
            "person.organisation",
            "timeline",
        ],
    ),
    (
        "sales_follow_up",
        LawfulBasis::LegitimateInterests,
        false,
        &["contact", "sales"],
        &[
            "person.name",
            "person.email",
            "person.phone",
            "person.organisation",
            "person.job_title",
            "deal",
        ],
    ),
    (
        "newsletter",
        LawfulBasis::Consent,
        true,
        &["contact"],
        &["person.name", "person.email", "person.preferred_language"],
    ),
    (
        "invoicing",
        LawfulBasis::LegalObligation,
        false,
        &["contact", "sales"],
        &[
            "person.name",
            "person.address",
            "person.email",
            "organisation.vat",
            "organisation.kvk",
            "deal",
        ],
    ),
    (
        "personnel_administration",
        LawfulBasis::Contract,
        false,
        &["hr", "special"],
        &[
            "employee",
            "employee.salary",
            "employee.review",
            "employee.absence",
            "employee.absence_reason",
        ],
    ),
];

pub fn templates(lang: Lang) -> Vec<PurposeTemplate> {
    SHAPES
        .iter()
        .filter_map(|(key, basis, marketing, categories, fields)| {
            let t = text(key, lang)?;
            Some(PurposeTemplate {
                key: key.to_string(),
                input: PurposeInput {
                    name: t.name.into(),
                    description: t.description.into(),
                    lawful_basis: *basis,
                    balancing_note: t.balancing.map(String::from),
                    marketing: *marketing,
                    data_categories: v(categories),
                    fields: v(fields),
                    subject_categories: v(t.subjects),
                    recipients: v(t.recipients),
                    transfers: None,
                    retention: t.retention.into(),
                    security_measures: match lang {
                        Lang::En => SECURITY_EN.into(),
                        Lang::Nl => SECURITY_NL.into(),
                    },
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_exists_in_both_languages_and_is_complete() {
        for lang in [Lang::Nl, Lang::En] {
            let all = templates(lang);
            assert_eq!(all.len(), SHAPES.len());
            for t in all {
                let i = &t.input;
                assert!(!i.name.is_empty() && !i.description.is_empty() && !i.retention.is_empty());
                assert!(!i.subject_categories.is_empty() && !i.recipients.is_empty());
                for f in &i.fields {
                    assert!(
                        crate::privacy::minimisation::FIELDS
                            .iter()
                            .any(|(name, _)| name == f),
                        "{}: unknown field {f}",
                        t.key
                    );
                }
                if i.lawful_basis == LawfulBasis::LegitimateInterests {
                    assert!(i.balancing_note.is_some(), "{}", t.key);
                }
            }
        }
    }
}
