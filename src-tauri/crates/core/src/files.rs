//! Writing files so a crash or a full disk never leaves half of one under its name.
use crate::error::{CoreError, CoreResult};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `out` through a temporary file in the same folder, so a crash or a full
/// disk never leaves half a file under the chosen name.
pub fn write_atomically(out: &Path, bytes: &[u8]) -> CoreResult<()> {
    let dir = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(out).map_err(|e| CoreError::from(e.error))?;
    Ok(())
}

/// Makes a rename durable (best effort: not every platform can open a folder).
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}
