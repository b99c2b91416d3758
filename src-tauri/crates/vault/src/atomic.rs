use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` so that a crash leaves either the old or the new file, never a mix:
/// temp file, fsync, rename, fsync of the directory. When `keep_previous` is set, the current
/// file is first copied to `<path>.prev` the same way, so `path` exists at every moment.
pub fn write_atomic(path: &Path, bytes: &[u8], keep_previous: bool) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    if keep_previous && path.exists() {
        let prev = with_suffix(path, ".prev");
        let current = fs::read(path)?;
        write_replace(dir, &prev, &current)?;
    }
    write_replace(dir, path, bytes)
}

fn write_replace(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = with_suffix(path, ".tmp");
    {
        let mut opts = OpenOptions::new();
        opts.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let mut f = opts.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    fs::rename(&tmp, path)?;
    sync_dir(dir);
    Ok(())
}

fn sync_dir(dir: &Path) {
    // Directory fsync makes the rename durable on Linux; other platforms may refuse it.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

pub(crate) fn with_suffix(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("k");
        write_atomic(&p, b"one", true).unwrap();
        write_atomic(&p, b"two", true).unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read(dir.path().join("k.prev")).unwrap(), b"one");
        assert!(!dir.path().join("k.tmp").exists());
    }
}
