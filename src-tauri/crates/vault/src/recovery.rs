//! The recovery key: the private key of the recovery slot, shown once at setup as a printable
//! string (Crockford base32 in groups of five, with a checksum that catches typing mistakes).
use crate::VaultError;
use data_encoding::{Encoding, Specification};
use rand_core::OsRng;
use sha2::{Digest, Sha256};
use std::fmt;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

pub struct RecoveryKey(StaticSecret);

fn crockford() -> Encoding {
    let mut spec = Specification::new();
    spec.symbols.push_str("0123456789ABCDEFGHJKMNPQRSTVWXYZ");
    spec.translate.from.push_str("abcdefghjkmnpqrstvwxyzoOiIlL");
    spec.translate.to.push_str("ABCDEFGHJKMNPQRSTVWXYZ001111");
    spec.ignore.push_str("- \t\n");
    spec.encoding().expect("valid base32 specification")
}

fn checksum(bytes: &[u8; 32]) -> [u8; 2] {
    let mut h = Sha256::new();
    h.update(b"kluis/recovery-key/v1");
    h.update(bytes);
    let d = h.finalize();
    [d[0], d[1]]
}

impl RecoveryKey {
    pub(crate) fn generate() -> Self {
        RecoveryKey(StaticSecret::random_from_rng(OsRng))
    }

    /// The X25519 secret: opens the recovery slot and what is sealed to it (backups).
    pub fn secret(&self) -> &StaticSecret {
        &self.0
    }

    pub(crate) fn public(&self) -> PublicKey {
        PublicKey::from(&self.0)
    }

    /// The string shown to the person once, e.g. `7K2QD-…` (11 groups of five).
    pub fn to_display_string(&self) -> Zeroizing<String> {
        let bytes = Zeroizing::new(self.0.to_bytes());
        let mut raw = Zeroizing::new([0u8; 34]);
        raw[..32].copy_from_slice(bytes.as_ref());
        raw[32..].copy_from_slice(&checksum(&bytes));
        let enc = Zeroizing::new(crockford().encode(raw.as_ref()));
        let mut out = Zeroizing::new(String::with_capacity(66));
        for (i, c) in enc.chars().enumerate() {
            if i > 0 && i % 5 == 0 {
                out.push('-');
            }
            out.push(c);
        }
        out
    }

    /// Parses what a person typed: case, dashes and spaces do not matter, O/I/L are read as 0/1/1.
    pub fn parse(text: &str) -> Result<Self, VaultError> {
        let decoded = Zeroizing::new(
            crockford()
                .decode(text.trim().as_bytes())
                .map_err(|_| VaultError::RecoveryKeyMalformed)?,
        );
        if decoded.len() != 34 {
            return Err(VaultError::RecoveryKeyMalformed);
        }
        let mut key = Zeroizing::new([0u8; 32]);
        key.copy_from_slice(&decoded[..32]);
        if checksum(&key) != decoded[32..34] {
            return Err(VaultError::RecoveryKeyMalformed);
        }
        Ok(RecoveryKey(StaticSecret::from(*key)))
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_round_trips_forgivingly() {
        let k = RecoveryKey::generate();
        let s = k.to_display_string();
        assert_eq!(s.len(), 55 + 10);
        let back = RecoveryKey::parse(&s.to_lowercase().replace('-', " ")).unwrap();
        assert_eq!(back.public().as_bytes(), k.public().as_bytes());
    }

    #[test]
    fn a_typo_is_caught_by_the_checksum() {
        let k = RecoveryKey::generate();
        let s = k.to_display_string();
        let mut chars: Vec<char> = s.chars().collect();
        chars[3] = if chars[3] == 'A' { 'B' } else { 'A' };
        let typo: String = chars.into_iter().collect();
        assert!(matches!(
            RecoveryKey::parse(&typo),
            Err(VaultError::RecoveryKeyMalformed)
        ));
        assert!(RecoveryKey::parse("hello").is_err());
    }

    #[test]
    fn debug_is_redacted() {
        let k = RecoveryKey::generate();
        let s = k.to_display_string();
        let dbg = format!("{k:?}");
        assert!(!dbg.contains(&s[..5]));
    }
}
