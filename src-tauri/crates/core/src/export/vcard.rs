//! vCard 4.0 (RFC 6350) writing: escaping and line folding done by the book.
use crate::dto::crm::Person;

/// Escapes a text value: backslash, comma, semicolon and newlines.
fn esc(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (never inside a UTF-8 sequence), CRLF-terminated.
fn fold_line(line: &str, out: &mut String) {
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

pub fn person(p: &Person) -> String {
    let mut lines = vec!["BEGIN:VCARD".to_string(), "VERSION:4.0".to_string()];
    lines.push(format!("FN:{}", esc(&p.display_name)));
    lines.push(format!(
        "N:{};{};{};{};",
        esc(&p.family_name),
        esc(&p.given_name),
        esc(&p.tussenvoegsel),
        esc(p.salutation.as_deref().unwrap_or(""))
    ));
    for e in &p.emails {
        lines.push(format!("EMAIL:{}", esc(&e.value)));
    }
    for t in &p.phones {
        lines.push(format!("TEL;VALUE=uri:tel:{}", t.value));
    }
    for a in &p.addresses {
        lines.push(format!(
            "ADR:;;{};{};;{};{}",
            esc(a.street.as_deref().unwrap_or("")),
            esc(a.city.as_deref().unwrap_or("")),
            esc(a.postcode.as_deref().unwrap_or("")),
            esc(a.country.as_deref().unwrap_or(""))
        ));
    }
    if let Some(o) = &p.organisation_name {
        lines.push(format!("ORG:{}", esc(o)));
    }
    if let Some(t) = &p.job_title {
        lines.push(format!("TITLE:{}", esc(t)));
    }
    if let Some(d) = &p.date_of_birth {
        lines.push(format!("BDAY:{}", d.replace('-', "")));
    }
    if let Some(l) = &p.preferred_language {
        lines.push(format!("LANG:{}", esc(l)));
    }
    if !p.tags.is_empty() {
        lines.push(format!(
            "CATEGORIES:{}",
            p.tags.iter().map(|t| esc(t)).collect::<Vec<_>>().join(",")
        ));
    }
    if let Some(n) = &p.notes {
        lines.push(format!("NOTE:{}", esc(n)));
    }
    lines.push("END:VCARD".to_string());
    let mut out = String::new();
    for l in lines {
        fold_line(&l, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_folds() {
        assert_eq!(esc("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = String::new();
        fold_line(&format!("NOTE:{}", "é".repeat(60)), &mut out);
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets", l.len());
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("NOTE:{}\r\n", "é".repeat(60))
        );
    }
}
