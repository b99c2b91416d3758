//! Files the server writes in its data folder: readable by the service's user only, replaced
//! whole (kluis_core::files) so a crash leaves the old file or the new, never half.
use std::path::Path;

pub fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    // A temporary file is made readable by its owner only, then renamed over the old one.
    kluis_core::files::write_atomically(path, bytes).map_err(std::io::Error::other)?;
    if let Some(dir) = path.parent() {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// Makes the data folder, readable by the service's user only.
pub use kluis_office::profile::private_dir;
