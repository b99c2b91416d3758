//! The SHA-256 fingerprint of a certificate: what an administrator reads out from Settings >
//! Devices and a person types on the desktop being enrolled, and how the server recognises a
//! device on every request.
use crate::OfficeError;
use sha2::{Digest, Sha256};
use std::fmt;

#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// The fingerprint of a DER-encoded certificate.
    pub fn of_der(der: &[u8]) -> Self {
        Fingerprint(Sha256::digest(der).into())
    }

    /// Reads a fingerprint as people copy it: hexadecimal, any case, with or without spaces
    /// and colons between the groups.
    pub fn parse(text: &str) -> Result<Self, OfficeError> {
        let digits: Vec<u8> = text
            .bytes()
            .filter(|b| !matches!(b, b' ' | b':' | b'-' | b'\t' | b'\n' | b'\r'))
            .collect();
        if digits.len() != 64 {
            return Err(OfficeError::BadFingerprint);
        }
        let mut out = [0u8; 32];
        for (i, pair) in digits.chunks(2).enumerate() {
            let hi = hex_value(pair[0]).ok_or(OfficeError::BadFingerprint)?;
            let lo = hex_value(pair[1]).ok_or(OfficeError::BadFingerprint)?;
            out[i] = hi << 4 | lo;
        }
        Ok(Fingerprint(out))
    }

    /// Compares in constant time (the fingerprint a person typed against the one received).
    pub fn matches(&self, other: &Fingerprint) -> bool {
        self.0
            .iter()
            .zip(other.0.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }

    /// Lower-case hexadecimal without separators (file names, logs of device ids).
    pub fn hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Groups of four upper-case digits, as shown to people: easy to read out over the phone.
impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = self.hex().to_uppercase();
        for (i, group) in hex.as_bytes().chunks(4).enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            f.write_str(std::str::from_utf8(group).map_err(|_| fmt::Error)?)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({})", self.hex())
    }
}

impl serde::Serialize for Fingerprint {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.hex())
    }
}

impl<'de> serde::Deserialize<'de> for Fingerprint {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Fingerprint::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_people_type_and_shows_groups() {
        let f = Fingerprint::of_der(b"certificate");
        let shown = f.to_string();
        assert_eq!(shown.split(' ').count(), 16);
        assert_eq!(Fingerprint::parse(&shown).unwrap(), f);
        assert_eq!(Fingerprint::parse(&f.hex().to_uppercase()).unwrap(), f);
        let with_colons: Vec<String> = f.0.iter().map(|b| format!("{b:02X}")).collect();
        assert_eq!(Fingerprint::parse(&with_colons.join(":")).unwrap(), f);
    }

    #[test]
    fn refuses_wrong_length_and_letters() {
        assert!(Fingerprint::parse("ABCD").is_err());
        let mut bad = Fingerprint::of_der(b"x").hex();
        bad.replace_range(0..1, "g");
        assert!(Fingerprint::parse(&bad).is_err());
    }

    #[test]
    fn one_bit_differs() {
        let a = Fingerprint::of_der(b"a");
        let mut b = a;
        b.0[31] ^= 1;
        assert!(a.matches(&a));
        assert!(!a.matches(&b));
    }
}
