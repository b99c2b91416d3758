//! AEAD building blocks: XChaCha20-Poly1305 under a symmetric key, and sealing to an X25519
//! public key (ephemeral key agreement + HKDF-SHA256), in the manner of age's X25519 recipients.
use crate::VaultError;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

/// A value sealed under a symmetric key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    #[serde(with = "b64")]
    pub nonce: Vec<u8>,
    #[serde(with = "b64")]
    pub ct: Vec<u8>,
}

/// A value sealed to an X25519 public key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SealedToKey {
    #[serde(with = "b64")]
    pub ephemeral: Vec<u8>,
    #[serde(flatten)]
    pub sealed: Sealed,
}

pub fn seal_with_key(key: &[u8; 32], plaintext: &[u8], aad: &[u8]) -> Result<Sealed, VaultError> {
    let cipher = XChaCha20Poly1305::new(key.into());
    let mut nonce = [0u8; 24];
    OsRng
        .try_fill_bytes(&mut nonce)
        .map_err(|_| VaultError::Random)?;
    let ct = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: plaintext,
                aad,
            },
        )
        .map_err(|_| VaultError::Malformed("encryption failed"))?;
    Ok(Sealed {
        nonce: nonce.to_vec(),
        ct,
    })
}

/// Opens a sealed value. A failure means a wrong key or altered data; the caller decides which
/// error that is for the person.
pub fn open_with_key(
    key: &[u8; 32],
    sealed: &Sealed,
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>, ()> {
    if sealed.nonce.len() != 24 {
        return Err(());
    }
    let cipher = XChaCha20Poly1305::new(key.into());
    cipher
        .decrypt(
            XNonce::from_slice(&sealed.nonce),
            Payload {
                msg: &sealed.ct,
                aad,
            },
        )
        .map(Zeroizing::new)
        .map_err(|_| ())
}

pub(crate) fn wrap_key(
    shared: &[u8; 32],
    ephemeral: &[u8; 32],
    recipient: &[u8; 32],
) -> Zeroizing<[u8; 32]> {
    let mut salt = [0u8; 64];
    salt[..32].copy_from_slice(ephemeral);
    salt[32..].copy_from_slice(recipient);
    let hk = Hkdf::<Sha256>::new(Some(&salt), shared);
    let mut out = Zeroizing::new([0u8; 32]);
    // 32 bytes is always a valid HKDF-SHA256 output length.
    hk.expand(b"kluis/x25519-seal/v1", out.as_mut())
        .expect("32-byte HKDF output");
    out
}

pub fn seal_to_public(
    recipient: &PublicKey,
    plaintext: &[u8],
    aad: &[u8],
) -> Result<SealedToKey, VaultError> {
    let eph = StaticSecret::random_from_rng(OsRng);
    let eph_pub = PublicKey::from(&eph);
    let shared = eph.diffie_hellman(recipient);
    if !shared.was_contributory() {
        return Err(VaultError::Malformed("public key is a low-order point"));
    }
    let key = wrap_key(shared.as_bytes(), eph_pub.as_bytes(), recipient.as_bytes());
    Ok(SealedToKey {
        ephemeral: eph_pub.as_bytes().to_vec(),
        sealed: seal_with_key(&key, plaintext, aad)?,
    })
}

pub fn open_with_secret(
    secret: &StaticSecret,
    sealed: &SealedToKey,
    aad: &[u8],
) -> Result<Zeroizing<Vec<u8>>, ()> {
    let eph: [u8; 32] = sealed.ephemeral.as_slice().try_into().map_err(|_| ())?;
    let eph = PublicKey::from(eph);
    let shared = secret.diffie_hellman(&eph);
    if !shared.was_contributory() {
        return Err(());
    }
    let me = PublicKey::from(secret);
    let key = wrap_key(shared.as_bytes(), eph.as_bytes(), me.as_bytes());
    open_with_key(&key, &sealed.sealed, aad)
}

pub(crate) mod b64 {
    use data_encoding::BASE64;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&BASE64.encode(v))
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let s = String::deserialize(d)?;
        BASE64
            .decode(s.as_bytes())
            .map_err(|_| serde::de::Error::custom("invalid base64"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_seal_round_trips_and_binds_aad() {
        let sk = StaticSecret::random_from_rng(OsRng);
        let pk = PublicKey::from(&sk);
        let s = seal_to_public(&pk, b"secret", b"aad-1").unwrap();
        assert_eq!(
            open_with_secret(&sk, &s, b"aad-1").unwrap().as_slice(),
            b"secret"
        );
        assert!(open_with_secret(&sk, &s, b"aad-2").is_err());
        let other = StaticSecret::random_from_rng(OsRng);
        assert!(open_with_secret(&other, &s, b"aad-1").is_err());
    }

    #[test]
    fn flipped_ciphertext_is_refused() {
        let key = [7u8; 32];
        let mut s = seal_with_key(&key, b"hello", b"").unwrap();
        s.ct[0] ^= 1;
        assert!(open_with_key(&key, &s, b"").is_err());
    }
}
