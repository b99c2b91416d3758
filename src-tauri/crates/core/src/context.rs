//! What every session of one vault shares: its files, its clock, its key-derivation settings,
//! and the lock that keeps work on the whole vault (a restore, the daily work) apart.
use crate::clock::SharedClock;
use crate::paths::VaultPaths;
use kluis_vault::KdfParams;
use parking_lot::{Mutex, RawMutex};
use std::sync::Arc;

/// Held while work on the whole vault runs (see `VaultCtx::whole`).
pub type WholeVault = parking_lot::ArcMutexGuard<RawMutex, ()>;

/// Held while the key file is read, changed and written back (see `VaultCtx::key_file`).
pub type KeyFileHold = parking_lot::ArcReentrantMutexGuard<RawMutex, parking_lot::RawThreadId, ()>;

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
    /// Held from reading the key file to writing it back. The office server has many sessions:
    /// two sign-ins settling keys, or a password change beside an administrator sealing a new
    /// slot, each wrote the file from their own earlier read (one change lost, e.g. a rotated
    /// database key: `vault.database_unreadable`) through the same temporary file (the other's
    /// rename then failed: `vault.key_file_missing`). Reentrant: a change of password rotates
    /// and settles under the same hold.
    key_file: Arc<parking_lot::ReentrantMutex<()>>,
}

impl VaultCtx {
    pub(crate) fn new(paths: VaultPaths, clock: SharedClock, kdf: KdfParams) -> Self {
        VaultCtx {
            paths,
            clock,
            kdf,
            whole: Arc::new(Mutex::new(())),
            key_file: Arc::new(parking_lot::ReentrantMutex::new(())),
        }
    }

    /// See `key_file` (the field): hold it across every read-modify-write of the key file.
    pub(crate) fn editing_key_file(&self) -> KeyFileHold {
        self.key_file.lock_arc()
    }
}
