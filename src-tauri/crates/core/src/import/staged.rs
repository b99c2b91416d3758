//! A file handed over by the app for import: kept in memory (never written to disk unencrypted)
//! between the mapping screen and the import itself, and bound to the user who chose it.
use super::{
    csv_read, preview, run, run_vcard, vcard_read, ImportOptions, ImportPreview, ImportReport,
};
use crate::access::{Action, Category};
use crate::error::{CoreError, CoreResult, ValidationReason};
use crate::import::mapping::ImportField;
use crate::session::Session;
use serde::Serialize;
use std::sync::atomic::AtomicBool;
use ts_rs::TS;
use zeroize::Zeroize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportFormat {
    Csv,
    Vcard,
}

/// What the mapping screen shows about a staged file.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportStaged {
    pub format: ImportFormat,
    /// Columns, sample rows and the suggested mapping (CSV only).
    pub preview: Option<ImportPreview>,
    /// Rows (CSV) or cards (vCard) in the file.
    #[ts(type = "number")]
    pub records: usize,
}

/// Sent to the app while an import runs.
#[derive(Debug, Clone, Copy, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ImportProgress {
    #[ts(type = "number")]
    pub done: usize,
    #[ts(type = "number")]
    pub total: usize,
}

pub struct StagedFile {
    bytes: Vec<u8>,
    format: ImportFormat,
    user_id: i64,
}

/// Never prints the contents.
impl std::fmt::Debug for StagedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StagedFile")
            .field("format", &self.format)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl Drop for StagedFile {
    fn drop(&mut self) {
        // The file holds personal data; wipe it rather than leave it in freed memory.
        self.bytes.zeroize();
    }
}

/// vCard when the content says so (a BEGIN:VCARD first line), whatever the file is called.
fn detect(bytes: &[u8]) -> ImportFormat {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(64)]);
    let head = head.trim_start_matches('\u{feff}').trim_start();
    if head.to_ascii_uppercase().starts_with("BEGIN:VCARD") {
        ImportFormat::Vcard
    } else {
        ImportFormat::Csv
    }
}

/// Reads a chosen file for the mapping screen. Only people who may create contacts can stage.
pub fn stage(s: &Session, bytes: Vec<u8>) -> CoreResult<(StagedFile, ImportStaged)> {
    s.require(Category::Contact, Action::Create)?;
    if bytes.len() > csv_read::MAX_BYTES {
        return Err(CoreError::invalid("file", ValidationReason::TooLong));
    }
    let format = detect(&bytes);
    let staged = match format {
        ImportFormat::Csv => {
            let p = preview(&bytes)?;
            ImportStaged {
                format,
                records: p.rows,
                preview: Some(p),
            }
        }
        ImportFormat::Vcard => {
            let n = vcard_read::cards(&csv_read::decode(&bytes).text).len();
            if n == 0 {
                return Err(CoreError::invalid("file", ValidationReason::InvalidFormat));
            }
            ImportStaged {
                format,
                preview: None,
                records: n,
            }
        }
    };
    let file = StagedFile {
        bytes,
        format,
        user_id: s.user_id(),
    };
    Ok((file, staged))
}

/// Imports a staged file (the mapping is ignored for vCard). Another user's staged file is
/// treated as absent.
pub fn run_staged(
    s: &Session,
    file: &StagedFile,
    map: &[Option<ImportField>],
    options: impl Into<ImportOptions>,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &AtomicBool,
) -> CoreResult<ImportReport> {
    if file.user_id != s.user_id() {
        return Err(CoreError::NotFound);
    }
    let options = options.into();
    match file.format {
        ImportFormat::Csv => run(s, &file.bytes, map, options, progress, cancel),
        ImportFormat::Vcard => run_vcard(s, &file.bytes, options, progress, cancel),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_format() {
        assert_eq!(detect(b"BEGIN:VCARD\r\nVERSION:4.0"), ImportFormat::Vcard);
        assert_eq!(detect(b"\xEF\xBB\xBF  begin:vcard"), ImportFormat::Vcard);
        assert_eq!(detect(b"naam;email\nJan;j@x.nl"), ImportFormat::Csv);
    }
}
