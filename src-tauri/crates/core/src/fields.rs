//! Checks and normal forms for contact fields: e-mail, phone (E.164), postcode, dates, and the
//! folded keys used for sorting.
use crate::error::{CoreError, CoreResult, ValidationReason as R};

/// Lower-case ASCII letters and digits with diacritics folded ("Müller" -> "muller"), for sort
/// keys and search words. Anything else is not a letter: apostrophes vanish ("O'Brien" ->
/// "obrien"), other symbols, punctuation and emoji separate words and are dropped, so a smiley
/// never sorts under its English name.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // A separator is written only before the next letter, so none leads, trails or doubles.
    let mut gap = false;
    let push = |c: char, out: &mut String, gap: &mut bool| {
        if *gap && !out.is_empty() {
            out.push(' ');
        }
        *gap = false;
        out.push(c.to_ascii_lowercase());
    };
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            push(c, &mut out, &mut gap);
        } else if c.is_alphanumeric() {
            // "ß" -> "ss", "Ø" -> "O", "中" -> "Zhong ": only its letters and digits count.
            for d in deunicode::deunicode_char(c)
                .unwrap_or("")
                .chars()
                .filter(char::is_ascii_alphanumeric)
            {
                push(d, &mut out, &mut gap);
            }
        } else if !matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '`' | '\u{00B4}') {
            gap = true;
        }
    }
    out
}

/// "Jan de Vries": given name, tussenvoegsel and family name, as people write it.
pub fn display_name(given: &str, tussenvoegsel: &str, family: &str) -> String {
    [given, tussenvoegsel, family]
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The key Dutch address books sort by: family name without tussenvoegsel, then given name.
pub fn person_sort_key(given: &str, family: &str) -> String {
    let k = fold(&format!("{} {}", family.trim(), given.trim()));
    k.trim().to_string()
}

pub fn email(field: &'static str, v: &str) -> CoreResult<String> {
    let v = v.trim();
    if v.len() > 254 {
        return Err(CoreError::invalid(field, R::TooLong));
    }
    let ok = match v.rsplit_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local.len() <= 64
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && domain.contains('.')
                && !domain.contains("..")
                && domain
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
                && !local
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || c == '@')
        }
        None => false,
    };
    if !ok {
        return Err(CoreError::invalid(field, R::InvalidFormat));
    }
    // The domain is case-insensitive; the local part, strictly, is not.
    let (local, domain) = v.rsplit_once('@').unwrap_or((v, ""));
    Ok(format!("{local}@{}", domain.to_lowercase()))
}

/// E.164 (`+31612345678`). Numbers without a country code are read as Dutch.
pub fn phone(field: &'static str, v: &str) -> CoreResult<String> {
    let v = v.trim();
    if v.len() > 40 {
        return Err(CoreError::invalid(field, R::TooLong));
    }
    let parsed = phonenumber::parse(Some(phonenumber::country::Id::NL), v)
        .map_err(|_| CoreError::invalid(field, R::InvalidFormat))?;
    if !phonenumber::is_valid(&parsed) {
        return Err(CoreError::invalid(field, R::InvalidFormat));
    }
    Ok(parsed.format().mode(phonenumber::Mode::E164).to_string())
}

/// Dutch postcodes become "1234 AB"; elsewhere letters, digits, spaces and dashes, up to 12.
pub fn postcode(field: &'static str, v: &str, country: &str) -> CoreResult<String> {
    let v = v.trim().to_uppercase();
    if v.is_empty() {
        return Ok(v);
    }
    let c = country.trim().to_uppercase();
    if c.is_empty() || c == "NL" || c == "NEDERLAND" || c == "NETHERLANDS" {
        let compact: String = v.chars().filter(|c| !c.is_whitespace()).collect();
        let b = compact.as_bytes();
        let ok = b.len() == 6
            && b[0] != b'0'
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4..].iter().all(u8::is_ascii_uppercase);
        if !ok {
            return Err(CoreError::invalid(field, R::InvalidFormat));
        }
        return Ok(format!("{} {}", &compact[..4], &compact[4..]));
    }
    if v.len() > 12
        || !v
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
    {
        return Err(CoreError::invalid(field, R::InvalidFormat));
    }
    Ok(v)
}

/// A calendar date `YYYY-MM-DD`, not in the future when `past_only`.
pub fn date(
    field: &'static str,
    v: &str,
    today: chrono::NaiveDate,
    past_only: bool,
) -> CoreResult<String> {
    let d = chrono::NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .map_err(|_| CoreError::invalid(field, R::InvalidFormat))?;
    if past_only && d > today {
        return Err(CoreError::invalid(field, R::OutOfRange));
    }
    if d.year_ce().1 < 1900 && past_only {
        return Err(CoreError::invalid(field, R::OutOfRange));
    }
    Ok(d.format("%Y-%m-%d").to_string())
}

use chrono::Datelike;

/// Optional free text: trimmed, `None` when empty, refused when too long or with control
/// characters other than line breaks and tabs.
pub fn opt_text(field: &'static str, v: Option<&str>, max: usize) -> CoreResult<Option<String>> {
    let Some(v) = v.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    if v.chars().count() > max {
        return Err(CoreError::invalid(field, R::TooLong));
    }
    if v.chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    {
        return Err(CoreError::invalid(field, R::InvalidFormat));
    }
    Ok(Some(v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(email("e", " Jan@Bakkerij.NL ").unwrap(), "Jan@bakkerij.nl");
        for bad in ["jan", "jan@", "@x.nl", "jan@nl", "jan@x..nl", "ja n@x.nl"] {
            assert!(email("e", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phones_become_e164() {
        assert_eq!(phone("p", "06-12345678").unwrap(), "+31612345678");
        assert_eq!(phone("p", "+31 20 123 4567").unwrap(), "+31201234567");
        assert_eq!(phone("p", "+49 30 1234567").unwrap(), "+49301234567");
        assert!(phone("p", "12").is_err());
        assert!(phone("p", "hello").is_err());
    }

    #[test]
    fn postcodes() {
        assert_eq!(postcode("pc", "1234ab", "NL").unwrap(), "1234 AB");
        assert_eq!(postcode("pc", "1234 AB", "").unwrap(), "1234 AB");
        assert!(postcode("pc", "0123 AB", "NL").is_err());
        assert!(postcode("pc", "12345", "NL").is_err());
        assert_eq!(postcode("pc", "10115", "DE").unwrap(), "10115");
        assert_eq!(postcode("pc", "sw1a 1aa", "GB").unwrap(), "SW1A 1AA");
        assert!(postcode("pc", "<script>", "GB").is_err());
    }

    #[test]
    fn names_and_sorting() {
        assert_eq!(display_name("Jan", "de", "Vries"), "Jan de Vries");
        assert_eq!(display_name("", "", "Müller"), "Müller");
        assert_eq!(person_sort_key("Jan", "Vries"), "vries jan");
        assert_eq!(fold("Müller"), "muller");
    }

    #[test]
    fn emoji_and_symbols_are_not_words() {
        // Before: the smiley sorted as "grinning face" and the heart as "heart".
        assert_eq!(fold("😀 Anna"), "anna");
        assert_eq!(person_sort_key("Jan ❤️", "de Vries 🚀"), "de vries jan");
        assert_eq!(fold("O'Brien"), "obrien");
        assert_eq!(fold("Müller-Lüdenscheidt"), "muller ludenscheidt");
        assert_eq!(fold("'s-Hertogenbosch"), "s hertogenbosch");
        assert_eq!(fold("Straße 12b"), "strasse 12b");
        assert_eq!(fold("Ærø  ★ Øster"), "aero oster");
        assert_eq!(fold("★☆✓"), "");
        assert_eq!(fold("B.V."), "b v");
        // A name of emoji only sorts before every letter, not among the G's.
        assert!(person_sort_key("😀", "") < person_sort_key("Anna", "Aalders"));
    }

    #[test]
    fn dates() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(date("d", "1980-02-29", today, true).unwrap(), "1980-02-29");
        assert!(date("d", "1981-02-29", today, true).is_err());
        assert!(date("d", "2027-01-01", today, true).is_err());
        assert!(date("d", "01-02-1980", today, true).is_err());
    }
}
