//! Where a vault's files live. One folder holds the database, its key file, the rotation
//! journal while a key rotation runs, the audit anchors, the instance lock and the sign-in
//! throttle state.
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct VaultPaths {
    pub dir: PathBuf,
}

/// The identifier Tauri uses too, so the app and the CLI agree on the default folder.
pub const APP_IDENTIFIER: &str = "nl.kluis.app";

impl VaultPaths {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        VaultPaths { dir: dir.into() }
    }

    /// `--data-dir` / `KLUIS_DATA_DIR` win; otherwise the platform's app-data folder.
    pub fn resolve(explicit: Option<&Path>) -> Self {
        if let Some(p) = explicit {
            return Self::new(p);
        }
        if let Some(p) = std::env::var_os("KLUIS_DATA_DIR").filter(|v| !v.is_empty()) {
            return Self::new(PathBuf::from(p));
        }
        let base = dirs::data_dir().unwrap_or_else(|| PathBuf::from("."));
        Self::new(base.join(APP_IDENTIFIER))
    }

    pub fn db(&self) -> PathBuf {
        self.dir.join("kluis.db")
    }
    pub fn keys(&self) -> PathBuf {
        self.dir.join("kluis.keys")
    }
    /// Where earlier versions kept the previous key file as a permanent fallback; removed once
    /// the vault has opened with the current one.
    pub fn legacy_keys_prev(&self) -> PathBuf {
        self.dir.join("kluis.keys.prev")
    }
    /// The rotation journal: exists only while the database key is being replaced.
    pub fn rotation(&self) -> PathBuf {
        self.dir.join("kluis.rotation")
    }
    /// Heads of the audit chain written down as it grew (see `anchors`).
    pub fn anchors(&self) -> PathBuf {
        self.dir.join("kluis.anchors")
    }
    pub fn lock(&self) -> PathBuf {
        self.dir.join("kluis.lock")
    }
    pub fn throttle(&self) -> PathBuf {
        self.dir.join("kluis.throttle")
    }
}
