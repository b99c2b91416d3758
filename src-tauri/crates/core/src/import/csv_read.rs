//! Reading a CSV file the way spreadsheets write them: UTF-8 (with or without BOM) or
//! Windows-1252, comma, semicolon (Excel in Dutch locales) or tab separated, quoted fields.
//! Never panics on junk; every problem is a row-level finding.
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TextEncoding {
    Utf8,
    Windows1252,
}

/// Longest field accepted; longer ones are a row error, not a memory problem.
pub const MAX_FIELD: usize = 20_000;
/// Largest file read.
pub const MAX_BYTES: usize = 200 * 1024 * 1024;

/// The file's text, decoded, with what was detected.
pub struct Decoded {
    pub text: String,
    pub encoding: TextEncoding,
    pub delimiter: u8,
}

pub fn decode(bytes: &[u8]) -> Decoded {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, encoding) = match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), TextEncoding::Utf8),
        Err(_) => {
            let (cow, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            (cow.into_owned(), TextEncoding::Windows1252)
        }
    };
    let delimiter = detect_delimiter(&text);
    Decoded {
        text,
        encoding,
        delimiter,
    }
}

/// The candidate that splits the first lines into the most, and most consistent, columns.
fn detect_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .collect();
    let mut best = (b',', 0usize);
    for d in [b';', b',', b'\t', b'|'] {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first == 0 {
            continue;
        }
        let consistent = counts.iter().filter(|&&c| c == first).count();
        let score = consistent * 1000 + first;
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut inside = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            inside = !inside;
        } else if b == d && !inside {
            n += 1;
        }
    }
    n
}

/// One parsed record, or why it could not be read.
pub enum Record {
    Fields(Vec<String>),
    Broken(&'static str),
}

/// Header and records, read lazily so a large file is never held twice in memory. Ragged rows
/// are kept (the caller reports them); a field over `MAX_FIELD` or a malformed quote makes that
/// record `Broken`; blank lines are skipped.
pub fn records(decoded: &Decoded) -> (Vec<String>, impl Iterator<Item = Record> + '_) {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(decoded.delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(decoded.text.as_bytes());
    let mut it = rdr.records();
    let header = match it.next() {
        Some(Ok(r)) => r.iter().map(|f| f.trim().to_string()).collect(),
        _ => Vec::new(),
    };
    let rest = csv::ReaderBuilder::new()
        .delimiter(decoded.delimiter)
        .has_headers(true)
        .flexible(true)
        .from_reader(decoded.text.as_bytes())
        .into_records()
        .filter_map(|rec| {
            let r = match rec {
                Ok(r) if r.iter().any(|f| f.len() > MAX_FIELD) => Record::Broken("field_too_long"),
                Ok(r) => {
                    let f: Vec<String> = r.iter().map(|f| f.trim().to_string()).collect();
                    // Blank lines in spreadsheets are noise, not records.
                    if f.iter().all(|v| v.is_empty()) {
                        return None;
                    }
                    Record::Fields(f)
                }
                Err(_) => Record::Broken("unreadable_row"),
            };
            Some(r)
        });
    (header, rest)
}

/// Header and all records (for small files and tests).
pub fn parse(decoded: &Decoded) -> (Vec<String>, Vec<Record>) {
    let (h, it) = records(decoded);
    (h, it.collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn excel_semicolon_windows_1252() {
        // "Müller;Straße" in Windows-1252, as Excel saves it on a Dutch machine.
        let bytes = b"Naam;Plaats\r\nM\xfcller;Den Haag\r\n\"de Vries; Jan\";Utrecht\r\n";
        let d = decode(bytes);
        assert_eq!(d.encoding, TextEncoding::Windows1252);
        assert_eq!(d.delimiter, b';');
        let (h, rows) = parse(&d);
        assert_eq!(h, ["Naam", "Plaats"]);
        let Record::Fields(r0) = &rows[0] else {
            panic!()
        };
        assert_eq!(r0, &["Müller", "Den Haag"]);
        let Record::Fields(r1) = &rows[1] else {
            panic!()
        };
        assert_eq!(r1[0], "de Vries; Jan");
    }

    #[test]
    fn utf8_with_bom_and_commas() {
        let d = decode("\u{feff}first,last\nAnna,Jansen\n\n".as_bytes());
        assert_eq!(d.encoding, TextEncoding::Utf8);
        assert_eq!(d.delimiter, b',');
        let (h, rows) = parse(&d);
        assert_eq!(h, ["first", "last"]);
        assert_eq!(rows.len(), 1);
    }

    proptest! {
        #[test]
        fn junk_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let d = decode(&bytes);
            let _ = parse(&d);
        }
    }
}
