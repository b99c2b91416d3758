//! The one CSV writer for every file Kluis writes (contact lists, marketing lists, subject
//! exports, the register, the breach register): UTF-8 with a BOM for spreadsheets, and every
//! cell a spreadsheet would run as a formula neutralised (SECURITY.md > Files that leave the
//! app). A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading
//! apostrophe, so "=HYPERLINK(...)" in a name arrives as text. Plain numbers ("-12.50") and
//! telephone numbers in E.164 ("+31612345678") are left as they are: a spreadsheet reads them as
//! numbers, never as formulas, and they stay usable.
use crate::error::{CoreError, CoreResult};
use std::borrow::Cow;
use std::io::Write;

fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let mut seps = 0;
    !digits.is_empty()
        && digits.chars().all(|c| {
            if c == '.' || c == ',' {
                seps += 1;
                true
            } else {
                c.is_ascii_digit()
            }
        })
        && seps <= 1
        && digits.starts_with(|c: char| c.is_ascii_digit())
}

fn is_e164(s: &str) -> bool {
    s.strip_prefix('+')
        .is_some_and(|d| (7..=15).contains(&d.len()) && d.chars().all(|c| c.is_ascii_digit()))
}

/// The cell as it is written: neutralised when a spreadsheet would run it.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') if !is_plain_number(cell) && !is_e164(cell) => {
            Cow::Owned(format!("'{cell}"))
        }
        _ => Cow::Borrowed(cell),
    }
}

/// A CSV file being written: the BOM first, then neutralised records.
pub struct SafeCsv<W: Write> {
    inner: csv::Writer<W>,
}

fn fail(_: csv::Error) -> CoreError {
    CoreError::Internal("csv write")
}

impl<W: Write> SafeCsv<W> {
    pub fn new(mut out: W) -> CoreResult<Self> {
        out.write_all(b"\xEF\xBB\xBF")?;
        Ok(SafeCsv {
            inner: csv::Writer::from_writer(out),
        })
    }

    pub fn record<I, S>(&mut self, cells: I) -> CoreResult<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|c| neutralise(c.as_ref()).into_owned())
            .collect();
        self.inner.write_record(&cells).map_err(fail)
    }

    pub fn finish(self) -> CoreResult<W> {
        self.inner
            .into_inner()
            .map_err(|e| fail(e.into_error().into()))
    }
}

/// A whole CSV file in memory.
pub fn bytes<I, R, S>(header: &[&str], rows: I) -> CoreResult<Vec<u8>>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut w = SafeCsv::new(Vec::new())?;
    w.record(header)?;
    for r in rows {
        w.record(r)?;
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for (cell, out) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+1", "'+1+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("+31612345678", "+31612345678"),
            ("-12.50", "-12.50"),
            ("-", "'-"),
            ("Jansen", "Jansen"),
            ("", ""),
            ("a=b", "a=b"),
        ] {
            assert_eq!(neutralise(cell), out, "{cell:?}");
        }
    }

    #[test]
    fn a_file_has_a_bom_and_quoted_neutralised_cells() {
        let b = bytes(&["naam", "tel"], [["=cmd|' /C calc'!A0", "+31612345678"]]).unwrap();
        let text = String::from_utf8(b).unwrap();
        assert!(text.starts_with('\u{feff}'));
        assert!(text.contains("'=cmd|' /C calc'!A0"), "{text}");
        assert!(text.contains("+31612345678"));
    }
}
