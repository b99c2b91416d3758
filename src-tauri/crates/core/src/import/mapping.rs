//! Which CSV column feeds which field: suggested from the header (Dutch and English names),
//! and how a full name is split into given name, tussenvoegsel and family name.
use crate::fields::fold;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportField {
    GivenName,
    Tussenvoegsel,
    FamilyName,
    /// "Jan de Vries" or "Vries, Jan de": split on import.
    FullName,
    Salutation,
    Email,
    Phone,
    Street,
    Postcode,
    City,
    Country,
    Organisation,
    JobTitle,
    DateOfBirth,
    /// Several tags separated by commas.
    Tags,
    Notes,
    Source,
}

const SYNONYMS: &[(ImportField, &[&str])] = &[
    (
        ImportField::GivenName,
        &[
            "voornaam",
            "roepnaam",
            "firstname",
            "first",
            "givenname",
            "forename",
        ],
    ),
    (
        ImportField::Tussenvoegsel,
        &["tussenvoegsel", "tussenvoegsels", "tv", "infix", "prefix"],
    ),
    (
        ImportField::FamilyName,
        &[
            "achternaam",
            "familienaam",
            "lastname",
            "last",
            "surname",
            "familyname",
        ],
    ),
    (
        ImportField::FullName,
        &[
            "naam",
            "name",
            "fullname",
            "volledigenaam",
            "contactpersoon",
            "contact",
        ],
    ),
    (ImportField::Salutation, &["aanhef", "salutation", "titel"]),
    (
        ImportField::Email,
        &["email", "emailadres", "mail", "emailaddress"],
    ),
    (
        ImportField::Phone,
        &[
            "telefoon",
            "telefoonnummer",
            "tel",
            "phone",
            "mobiel",
            "mobile",
            "gsm",
            "phonenumber",
        ],
    ),
    (
        ImportField::Street,
        &[
            "adres",
            "straat",
            "straatnaam",
            "street",
            "address",
            "streetaddress",
        ],
    ),
    (
        ImportField::Postcode,
        &["postcode", "zip", "zipcode", "postalcode"],
    ),
    (
        ImportField::City,
        &["plaats", "woonplaats", "stad", "city", "town"],
    ),
    (ImportField::Country, &["land", "country", "countrycode"]),
    (
        ImportField::Organisation,
        &[
            "bedrijf",
            "bedrijfsnaam",
            "organisatie",
            "company",
            "organisation",
            "organization",
            "firma",
        ],
    ),
    (
        ImportField::JobTitle,
        &["functie", "jobtitle", "job", "position", "role"],
    ),
    (
        ImportField::DateOfBirth,
        &[
            "geboortedatum",
            "dateofbirth",
            "birthday",
            "birthdate",
            "dob",
        ],
    ),
    (
        ImportField::Tags,
        &["tags", "labels", "label", "groep", "groups"],
    ),
    (
        ImportField::Notes,
        &[
            "notities",
            "notitie",
            "opmerkingen",
            "opmerking",
            "notes",
            "note",
            "memo",
        ],
    ),
    (ImportField::Source, &["bron", "herkomst", "source"]),
];

/// A field for each header, or none; each field at most once.
pub fn suggest(headers: &[String]) -> Vec<Option<ImportField>> {
    let mut used = Vec::new();
    headers
        .iter()
        .map(|h| {
            let key: String = fold(h)
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect();
            let found = SYNONYMS
                .iter()
                .find(|(f, names)| !used.contains(f) && names.contains(&key.as_str()))
                .map(|(f, _)| *f);
            if let Some(f) = found {
                used.push(f);
            }
            found
        })
        .collect()
}

const TUSSENVOEGSELS: &[&str] = &[
    "van", "de", "der", "den", "het", "'t", "ter", "te", "ten", "in", "op", "la", "le", "du", "d'",
    "von", "zu", "da", "del", "dos", "uit",
];

/// Splits a full name into (given, tussenvoegsel, family).
pub fn split_full_name(full: &str) -> (String, String, String) {
    let full = full.trim();
    if let Some((family, rest)) = full.split_once(',') {
        // "Vries, Jan de"
        let mut given = Vec::new();
        let mut tv = Vec::new();
        for w in rest.split_whitespace() {
            if !given.is_empty() && TUSSENVOEGSELS.contains(&w.to_lowercase().as_str()) {
                tv.push(w.to_lowercase());
            } else if tv.is_empty() {
                given.push(w);
            } else {
                tv.push(w.to_string());
            }
        }
        return (given.join(" "), tv.join(" "), family.trim().to_string());
    }
    let words: Vec<&str> = full.split_whitespace().collect();
    match words.len() {
        0 => (String::new(), String::new(), String::new()),
        1 => (String::new(), String::new(), words[0].to_string()),
        _ => {
            let given = words[0].to_string();
            let mut i = 1;
            let mut tv = Vec::new();
            while i < words.len() - 1 && TUSSENVOEGSELS.contains(&words[i].to_lowercase().as_str())
            {
                tv.push(words[i].to_lowercase());
                i += 1;
            }
            (given, tv.join(" "), words[i..].join(" "))
        }
    }
}

/// Dates as spreadsheets write them, to YYYY-MM-DD: 1985-06-30, 30-06-1985, 30/6/1985, 30.06.1985.
pub fn normalise_date(v: &str) -> String {
    let v = v.trim();
    let parts: Vec<&str> = v.split(['-', '/', '.']).collect();
    if parts.len() == 3 && parts[2].len() == 4 && parts[0].len() <= 2 && parts[1].len() <= 2 {
        return format!("{}-{:0>2}-{:0>2}", parts[2], parts[1], parts[0]);
    }
    v.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_dutch_and_english() {
        let h: Vec<String> = [
            "Voornaam",
            "Tussenvoegsel",
            "Achternaam",
            "E-mailadres",
            "Telefoon",
            "Bedrijf",
            "Woonplaats",
            "Unknown",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            suggest(&h),
            vec![
                Some(ImportField::GivenName),
                Some(ImportField::Tussenvoegsel),
                Some(ImportField::FamilyName),
                Some(ImportField::Email),
                Some(ImportField::Phone),
                Some(ImportField::Organisation),
                Some(ImportField::City),
                None
            ]
        );
        let h: Vec<String> = ["E-mail", "Email"].iter().map(|s| s.to_string()).collect();
        assert_eq!(suggest(&h), vec![Some(ImportField::Email), None]);
    }

    #[test]
    fn full_names() {
        assert_eq!(
            split_full_name("Jan de Vries"),
            ("Jan".into(), "de".into(), "Vries".into())
        );
        assert_eq!(
            split_full_name("Piet van der Berg"),
            ("Piet".into(), "van der".into(), "Berg".into())
        );
        assert_eq!(
            split_full_name("Vries, Jan de"),
            ("Jan".into(), "de".into(), "Vries".into())
        );
        assert_eq!(
            split_full_name("Müller"),
            ("".into(), "".into(), "Müller".into())
        );
        assert_eq!(
            split_full_name("Anna Maria Jansen"),
            ("Anna".into(), "".into(), "Maria Jansen".into())
        );
    }

    #[test]
    fn dates() {
        assert_eq!(normalise_date("30-06-1985"), "1985-06-30");
        assert_eq!(normalise_date("3/6/1985"), "1985-06-03");
        assert_eq!(normalise_date("1985-06-30"), "1985-06-30");
    }
}
