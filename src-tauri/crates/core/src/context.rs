//! What every session of one vault shares: its files, its clock, its key-derivation settings,
//! and the lock that keeps work on the whole vault (a restore, the daily work) apart.
use crate::clock::SharedClock;
use crate::paths::VaultPaths;
use kluis_vault::KdfParams;
use parking_lot::{Mutex, RawMutex};
use std::sync::Arc;

/// Held while work on the whole vault runs (see `VaultCtx::whole`).
pub type WholeVault = parking_lot::ArcMutexGuard<RawMutex, ()>;

/// What every session of one vault shares.
pub struct VaultCtx {
    pub paths: VaultPaths,
    pub clock: SharedClock,
    /// argon2id parameters for new and changed slots.
    pub kdf: KdfParams,
    /// Held by a restore from its preparation to the switch, and by the daily work: a
    /// retention run writing while a restore carries the vault over would be lost with the
    /// replaced file (and an erasure with it). Always taken after a window's session lock.
    pub(crate) whole: Arc<Mutex<()>>,
}

impl VaultCtx {
    pub(crate) fn new(paths: VaultPaths, clock: SharedClock, kdf: KdfParams) -> Self {
        VaultCtx {
            paths,
            clock,
            kdf,
            whole: Arc::new(Mutex::new(())),
        }
    }
}
