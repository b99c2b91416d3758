//! What every session of one vault shares: its files, its clock, its key-derivation settings.
use crate::clock::SharedClock;
use crate::paths::VaultPaths;
use kluis_vault::KdfParams;

/// What every session of one vault shares.
pub struct VaultCtx {
    pub paths: VaultPaths,
    pub clock: SharedClock,
    /// argon2id parameters for new and changed slots.
    pub kdf: KdfParams,
}
