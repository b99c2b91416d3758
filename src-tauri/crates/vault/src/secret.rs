use rand_core::{OsRng, RngCore};
use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The raw 256-bit SQLCipher database key. Zeroized on drop; never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct DbKey([u8; 32]);

impl DbKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Self {
        let mut k = [0u8; 32];
        OsRng.fill_bytes(&mut k);
        let key = DbKey(k);
        k.zeroize();
        key
    }

    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Self {
        DbKey(bytes)
    }

    /// The key in hex, for the one place it travels inside an encrypted file: a backup's
    /// authenticated manifest (its database copy is under the key of its day).
    pub fn to_hex(&self) -> Zeroizing<String> {
        let mut hex = Zeroizing::new(String::with_capacity(64));
        for b in self.0.iter() {
            hex.push(char::from_digit((b >> 4) as u32, 16).unwrap_or('0'));
            hex.push(char::from_digit((b & 0xf) as u32, 16).unwrap_or('0'));
        }
        hex
    }

    pub fn from_hex(hex: &str) -> Option<Self> {
        let bytes = hex.as_bytes();
        if bytes.len() != 64 {
            return None;
        }
        let mut k = [0u8; 32];
        for (i, pair) in bytes.chunks(2).enumerate() {
            let hi = (pair[0] as char).to_digit(16)?;
            let lo = (pair[1] as char).to_digit(16)?;
            k[i] = (hi * 16 + lo) as u8;
        }
        let key = DbKey(k);
        k.zeroize();
        Some(key)
    }

    pub(crate) fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// `ATTACH DATABASE ?1 AS <schema> KEY "x'…'"`: a second database under this key, the path
    /// bound as the first parameter.
    pub fn attach_statement(&self, schema: &str) -> Zeroizing<String> {
        let stmt = self.pragma_statement("key");
        let raw = stmt
            .trim_start_matches("PRAGMA key = ")
            .trim_end_matches(';');
        Zeroizing::new(format!("ATTACH DATABASE ?1 AS {schema} KEY {raw}"))
    }

    /// `PRAGMA <name> = "x'…'"` with the key in hex, in a zeroizing buffer.
    pub fn pragma_statement(&self, name: &str) -> Zeroizing<String> {
        let hex = self.to_hex();
        Zeroizing::new(format!("PRAGMA {name} = \"x'{}'\";", hex.as_str()))
    }
}

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DbKey(<redacted>)")
    }
}

/// A password held in memory only as long as needed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Password(String);

impl Password {
    pub fn new(s: impl Into<String>) -> Self {
        Password(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Password {
    fn from(s: String) -> Self {
        Password(s)
    }
}

impl From<&str> for Password {
    fn from(s: &str) -> Self {
        Password(s.to_string())
    }
}

/// Requests from the app carry passwords straight into this type, so they are wiped on drop
/// and never printed by a derived Debug.
impl<'de> serde::Deserialize<'de> for Password {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Password)
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_secrets() {
        let k = DbKey::from_bytes([0xAB; 32]);
        let p = Password::new("hunter2-correct-horse");
        let shown = format!("{k:?} {p:?}");
        assert!(!shown.contains("ab"), "{shown}");
        assert!(!shown.contains("AB"));
        assert!(!shown.contains("hunter2"));
    }

    #[test]
    fn pragma_has_raw_key_syntax() {
        let k = DbKey::from_bytes([0x0f; 32]);
        let s = k.pragma_statement("key");
        assert_eq!(
            s.as_str(),
            format!("PRAGMA key = \"x'{}'\";", "0f".repeat(32))
        );
    }

    #[test]
    fn hex_round_trips_and_refuses_junk() {
        let k = DbKey::generate();
        assert_eq!(DbKey::from_hex(&k.to_hex()), Some(k));
        assert!(DbKey::from_hex("zz").is_none());
        assert!(DbKey::from_hex(&"g".repeat(64)).is_none());
    }

    #[test]
    fn generated_keys_differ() {
        assert_ne!(DbKey::generate(), DbKey::generate());
    }
}
