//! Category keys (SECURITY.md > Category keys): personnel files and special-category values are
//! encrypted in their columns under a key per category, so the database key alone (which every
//! user holds) does not read them. A value is stored as
//! `version (1) | key id u32 LE | nonce [24] | XChaCha20-Poly1305 ciphertext`, its associated
//! data naming the table, column and row, so a value moved to another row or column refuses to
//! open.
use crate::VaultError;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand_core::{OsRng, RngCore};
use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

const FIELD_VERSION: u8 = 1;
const HEAD: usize = 1 + 4 + 24;

/// A category's 256-bit key. Zeroized on drop; never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct CategoryKey([u8; 32]);

impl fmt::Debug for CategoryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CategoryKey(<redacted>)")
    }
}

/// The associated data of one stored value: which table, column and row it belongs to.
pub fn field_aad(table: &str, column: &str, row: i64) -> Vec<u8> {
    format!("kluis/field/v1\0{table}\0{column}\0{row}").into_bytes()
}

fn nonce() -> [u8; 24] {
    let mut n = [0u8; 24];
    OsRng.fill_bytes(&mut n);
    n
}

impl CategoryKey {
    pub fn generate() -> Self {
        let mut k = [0u8; 32];
        OsRng.fill_bytes(&mut k);
        let key = CategoryKey(k);
        k.zeroize();
        key
    }

    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Self {
        CategoryKey(bytes)
    }

    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A key for another purpose, derived from this one (HKDF-SHA256): the X25519 key pair
    /// backups are sealed to comes from the backup category key.
    pub fn derive(&self, info: &[u8]) -> Zeroizing<[u8; 32]> {
        let mut out = Zeroizing::new([0u8; 32]);
        hkdf::Hkdf::<sha2::Sha256>::new(None, &self.0)
            .expand(info, out.as_mut())
            .expect("32-byte HKDF output");
        out
    }

    fn cipher(&self) -> XChaCha20Poly1305 {
        XChaCha20Poly1305::new((&self.0).into())
    }

    /// Encrypts one value; `key_id` is stored with it so a later key can tell it apart.
    pub fn seal_value(&self, key_id: u32, aad: &[u8], plaintext: &[u8]) -> Vec<u8> {
        let n = nonce();
        let mut full_aad = aad.to_vec();
        full_aad.extend_from_slice(&key_id.to_le_bytes());
        let ct = self
            .cipher()
            .encrypt(
                XNonce::from_slice(&n),
                Payload {
                    msg: plaintext,
                    aad: &full_aad,
                },
            )
            .expect("XChaCha20-Poly1305 encrypts any length");
        let mut out = Vec::with_capacity(HEAD + ct.len());
        out.push(FIELD_VERSION);
        out.extend_from_slice(&key_id.to_le_bytes());
        out.extend_from_slice(&n);
        out.extend_from_slice(&ct);
        out
    }

    /// Opens a value sealed with `seal_value`. Fails on another key, another row or column
    /// (the associated data), or any change to the stored bytes.
    pub fn open_value(&self, aad: &[u8], stored: &[u8]) -> Result<Zeroizing<Vec<u8>>, VaultError> {
        let key_id = key_id_of(stored).ok_or(VaultError::Malformed("stored value"))?;
        let mut full_aad = aad.to_vec();
        full_aad.extend_from_slice(&key_id.to_le_bytes());
        self.cipher()
            .decrypt(
                XNonce::from_slice(&stored[5..HEAD]),
                Payload {
                    msg: &stored[HEAD..],
                    aad: &full_aad,
                },
            )
            .map(Zeroizing::new)
            .map_err(|_| VaultError::Tampered)
    }

    /// Wraps another category key under this one (an earlier key kept for values and backups
    /// written under it).
    pub fn wrap_key(&self, other: &CategoryKey, aad: &[u8]) -> Vec<u8> {
        self.seal_value(0, aad, &other.0)
    }

    pub fn unwrap_key(&self, stored: &[u8], aad: &[u8]) -> Result<CategoryKey, VaultError> {
        let plain = self.open_value(aad, stored)?;
        let bytes: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::Malformed("wrapped key length"))?;
        Ok(CategoryKey(bytes))
    }
}

/// The key id a stored value was sealed with, without opening it.
pub fn key_id_of(stored: &[u8]) -> Option<u32> {
    if stored.len() < HEAD + 16 || stored[0] != FIELD_VERSION {
        return None;
    }
    Some(u32::from_le_bytes(stored[1..5].try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_opens_only_with_its_key_in_its_place() {
        let k = CategoryKey::generate();
        let aad = field_aad("employees", "salary", 7);
        let stored = k.seal_value(3, &aad, b"4242420");
        assert_eq!(key_id_of(&stored), Some(3));
        assert_eq!(k.open_value(&aad, &stored).unwrap().as_slice(), b"4242420");
        // Another row, another column, another key, a flipped bit, a changed key id.
        assert!(k
            .open_value(&field_aad("employees", "salary", 8), &stored)
            .is_err());
        assert!(k
            .open_value(&field_aad("employees", "notes", 7), &stored)
            .is_err());
        assert!(CategoryKey::generate().open_value(&aad, &stored).is_err());
        let mut flipped = stored.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(k.open_value(&aad, &flipped).is_err());
        let mut other_id = stored.clone();
        other_id[1] = 4;
        assert!(k.open_value(&aad, &other_id).is_err());
        assert!(!String::from_utf8_lossy(&stored).contains("4242420"));
    }

    #[test]
    fn keys_wrap_under_keys() {
        let (a, b) = (CategoryKey::generate(), CategoryKey::generate());
        let w = a.wrap_key(&b, b"hr:1");
        assert_eq!(a.unwrap_key(&w, b"hr:1").unwrap(), b);
        assert!(a.unwrap_key(&w, b"hr:2").is_err());
        assert!(format!("{a:?}").contains("redacted"));
    }
}
