//! kluis-vault: the key material of a Kluis vault.
//!
//! The database is encrypted with a random 256-bit key. That key is sealed once per user (to the
//! user's X25519 public key, whose private half is itself sealed under argon2id of the password)
//! and once to a recovery key. See `shared/design/SECURITY.md`.

mod atomic;
mod error;
mod field;
mod journal;
mod kdf;
mod keyfile;
mod recovery;
mod seal;
pub mod sealed;
mod secret;

pub use atomic::write_atomic;
pub use error::VaultError;
pub use field::{field_aad, key_id_of, CategoryKey};
pub use journal::RotationJournal;
pub use kdf::KdfParams;
pub use keyfile::{
    recovery_auth_from_key, Holder, HostSlot, KeyFile, SlotKind, SlotSummary, Unlocked,
};
pub use recovery::RecoveryKey;
pub use secret::{DbKey, Password};

/// Which SQL statement opens a SQLCipher database with a raw key; kept here so the hex form of
/// the key never needs to exist outside a zeroizing buffer.
pub fn sqlcipher_key_pragma(key: &DbKey) -> zeroize::Zeroizing<String> {
    key.pragma_statement("key")
}

// The cheap test parameters must never reach an optimised (release) build.
#[cfg(all(feature = "test-kdf", not(debug_assertions)))]
compile_error!("the test-kdf feature is for tests only and cannot be used in a release build");
