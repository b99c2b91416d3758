//! Reading vCard 3.0 and 4.0 files (one or many cards): unfolding, escapes, the properties a
//! CRM keeps (FN, N, EMAIL, TEL, ADR, ORG, TITLE, BDAY, NOTE, CATEGORIES, LANG). Quoted-printable
//! values (older exports) are decoded. Never panics on junk; a card that cannot be read is a
//! row-level finding.
use super::Incoming;
use crate::dto::crm::{AddressInput, ContactPointInput, PersonInput};

fn unescape(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    let mut it = v.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(o) => out.push(o),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits on unescaped `sep`.
fn split_unescaped(v: &str, sep: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut escaped = false;
    for c in v.chars() {
        if escaped {
            if let Some(p) = parts.last_mut() {
                p.push('\\');
                p.push(c);
            }
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            parts.push(String::new());
        } else if let Some(p) = parts.last_mut() {
            p.push(c);
        }
    }
    parts.into_iter().map(|p| unescape(&p)).collect()
}

fn quoted_printable(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(
                std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"),
                16,
            ) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Cards in the text, each as an import record numbered from 1.
pub(crate) fn cards(text: &str) -> Vec<Incoming> {
    // Unfold: a line starting with a space or tab continues the previous one.
    let mut lines: Vec<String> = Vec::new();
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some(rest) = raw.strip_prefix([' ', '\t']) {
            if let Some(last) = lines.last_mut() {
                last.push_str(rest);
                continue;
            }
        }
        lines.push(raw.to_string());
    }
    let mut out = Vec::new();
    let mut current: Option<(PersonInput, Option<String>, AddressInput)> = None;
    let mut n = 0;
    for line in lines {
        let Some((head, value)) = line.split_once(':') else {
            continue;
        };
        let mut params = head.split(';');
        let name = params.next().unwrap_or("").to_ascii_uppercase();
        // Strip a group prefix ("item1.EMAIL").
        let name = name.rsplit('.').next().unwrap_or("").to_string();
        let qp = head.to_ascii_uppercase().contains("QUOTED-PRINTABLE");
        let value = if qp {
            quoted_printable(value)
        } else {
            value.to_string()
        };
        match name.as_str() {
            "BEGIN" if value.eq_ignore_ascii_case("VCARD") => {
                n += 1;
                current = Some((PersonInput::default(), None, AddressInput::default()));
            }
            "END" if value.eq_ignore_ascii_case("VCARD") => {
                if let Some((mut p, org, addr)) = current.take() {
                    if addr.street.is_some() || addr.postcode.is_some() || addr.city.is_some() {
                        p.addresses.push(addr);
                    }
                    out.push(Incoming {
                        line: n,
                        item: Ok((p, org)),
                    });
                }
            }
            _ => {
                let Some((p, org, addr)) = current.as_mut() else {
                    continue;
                };
                let value = value.trim();
                match name.as_str() {
                    "N" => {
                        let parts = split_unescaped(value, ';');
                        p.family_name = parts.first().cloned().unwrap_or_default();
                        p.given_name = parts.get(1).cloned().unwrap_or_default();
                        // Dutch exports put the tussenvoegsel in the "additional names" part.
                        p.tussenvoegsel = parts.get(2).cloned().unwrap_or_default();
                        let prefix = parts.get(3).cloned().unwrap_or_default();
                        if !prefix.is_empty() {
                            p.salutation = Some(prefix);
                        }
                    }
                    "FN" if p.family_name.is_empty() && p.given_name.is_empty() => {
                        let (g, t, f) = super::mapping::split_full_name(&unescape(value));
                        p.given_name = g;
                        p.tussenvoegsel = t;
                        p.family_name = f;
                    }
                    "EMAIL" => p.emails.push(ContactPointInput {
                        label: None,
                        value: unescape(value),
                        keep_unchecked: false,
                    }),
                    "TEL" => p.phones.push(ContactPointInput {
                        label: None,
                        value: unescape(value).trim_start_matches("tel:").to_string(),
                        keep_unchecked: false,
                    }),
                    "ADR" if addr.street.is_none() && addr.city.is_none() => {
                        let parts = split_unescaped(value, ';');
                        let get = |i: usize| parts.get(i).cloned().filter(|v| !v.is_empty());
                        addr.street = get(2);
                        addr.city = get(3);
                        addr.postcode = get(5);
                        addr.country = get(6).map(|c| country_code(&c));
                    }
                    "ORG" => {
                        *org = split_unescaped(value, ';')
                            .into_iter()
                            .next()
                            .filter(|v| !v.is_empty())
                    }
                    "TITLE" => p.job_title = Some(unescape(value)),
                    "BDAY" => p.date_of_birth = Some(bday(value)),
                    "NOTE" => p.notes = Some(unescape(value)),
                    "LANG" => p.preferred_language = Some(unescape(value)),
                    "CATEGORIES" => {
                        p.tags = split_unescaped(value, ',')
                            .into_iter()
                            .filter(|t| !t.trim().is_empty())
                            .collect()
                    }
                    _ => {}
                }
            }
        }
    }
    if current.is_some() {
        out.push(Incoming {
            line: n,
            item: Err("unterminated_card".into()),
        });
    }
    out
}

/// vCard 3 writes 1985-06-30, vCard 4 also 19850630.
fn bday(v: &str) -> String {
    let v = v.trim();
    if v.len() == 8 && v.chars().all(|c| c.is_ascii_digit()) {
        return format!("{}-{}-{}", &v[..4], &v[4..6], &v[6..]);
    }
    v.chars().take(10).collect()
}

/// Country names as exports write them, to the two-letter code the address uses.
fn country_code(v: &str) -> String {
    match crate::fields::fold(v.trim()).as_str() {
        "nederland" | "netherlands" | "the netherlands" | "holland" => "NL".into(),
        "belgie" | "belgium" | "belgique" => "BE".into(),
        "duitsland" | "germany" | "deutschland" => "DE".into(),
        "frankrijk" | "france" => "FR".into(),
        "verenigd koninkrijk" | "united kingdom" | "uk" => "GB".into(),
        other if other.len() == 2 => other.to_uppercase(),
        _ => v.trim().chars().take(2).collect::<String>().to_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_3_0_and_4_0() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Vries;Jan;de;;\r\nFN:Jan de Vries\r\nEMAIL;TYPE=INTERNET:jan@devries.nl\r\nTEL;TYPE=CELL:06-12345678\r\nADR;TYPE=WORK:;;Dorpsstraat 1;Utrecht;;1234 AB;Nederland\r\nORG:Bakkerij Jansen;Verkoop\r\nNOTE:Eerste regel\\nTweede\\, met komma\r\nEND:VCARD\r\n\
BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Anna M\u{fc}ller\r\nTEL;VALUE=uri:tel:+49301234567\r\nBDAY:19850630\r\nCATEGORIES:klant,vip\r\nNOTE:a very long note that is folded\r\n  over two lines\r\nEND:VCARD\r\n";
        let c = cards(text);
        assert_eq!(c.len(), 2);
        let Ok((jan, org)) = &c[0].item else { panic!() };
        assert_eq!(
            (
                jan.given_name.as_str(),
                jan.tussenvoegsel.as_str(),
                jan.family_name.as_str()
            ),
            ("Jan", "de", "Vries")
        );
        assert_eq!(org.as_deref(), Some("Bakkerij Jansen"));
        assert_eq!(jan.addresses[0].country.as_deref(), Some("NL"));
        assert_eq!(
            jan.notes.as_deref(),
            Some("Eerste regel\nTweede, met komma")
        );
        let Ok((anna, _)) = &c[1].item else { panic!() };
        assert_eq!(anna.family_name, "Müller");
        assert_eq!(anna.phones[0].value, "+49301234567");
        assert_eq!(anna.date_of_birth.as_deref(), Some("1985-06-30"));
        assert_eq!(anna.tags, ["klant", "vip"]);
        assert_eq!(
            anna.notes.as_deref(),
            Some("a very long note that is folded over two lines")
        );
    }

    #[test]
    fn quoted_printable_from_old_exports() {
        let c = cards(
            "BEGIN:VCARD\nVERSION:2.1\nN;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;Anna\nEND:VCARD\n",
        );
        let Ok((p, _)) = &c[0].item else { panic!() };
        assert_eq!(p.family_name, "Müller");
    }

    #[test]
    fn an_unterminated_card_is_reported() {
        let c = cards("BEGIN:VCARD\nFN:Half\n");
        assert!(matches!(&c[0].item, Err(e) if e == "unterminated_card"));
    }

    proptest! {
        #[test]
        fn junk_never_panics(s in ".{0,400}") {
            let _ = cards(&s);
            let _ = cards(&format!("BEGIN:VCARD\n{s}\nEND:VCARD"));
        }
    }
}
