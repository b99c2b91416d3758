//! Sealed files (SECURITY.md > Sealed files): the one format for everything that leaves the
//! database encrypted, subject exports and backups alike.
//!
//! Layout, little-endian:
//!
//! ```text
//! magic "KLUIS-SEALED" | version u8 (1) | salt [16] | stanza count u8
//! stanzas: kind u8, then
//!   1 passphrase: kdf salt [16], m_kib u32, t u32, p u32, nonce [24], wrapped file key [48]
//!   2 X25519:     label len u8, label, ephemeral public key [32], nonce [24], wrapped key [48]
//! metadata len u32 | metadata | HMAC-SHA256 over everything before it [32]
//! chunks: XChaCha20-Poly1305 of 64 KiB of plaintext each (the last may be shorter, even empty)
//! ```
//!
//! A random file key is wrapped once per stanza. The header MAC and the payload key both come
//! from the file key through HKDF, so a header edit is found before any plaintext is written.
//! Each chunk's nonce carries its counter and a last-chunk flag (STREAM), so reordering,
//! dropping or appending chunks and cutting the file short are all detected.
use crate::seal::wrap_key;
use crate::KdfParams;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use sha2::Sha256;
use std::io::{Read, Write};
use thiserror::Error;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

pub const MAGIC: &[u8; 12] = b"KLUIS-SEALED";
pub const VERSION: u8 = 1;
/// Plaintext bytes per chunk.
pub const CHUNK: usize = 64 * 1024;
const TAG: usize = 16;
const MAX_STANZAS: usize = 32;
const MAX_META: usize = 1 << 20;

/// Why a sealed file could not be written or opened. One clear reason each; none carries a
/// secret or any of the file's content.
#[derive(Debug, Error)]
pub enum SealError {
    #[error("this is not a Kluis sealed file")]
    NotSealed,
    #[error("this sealed file has format version {0}, which this build does not support")]
    UnsupportedVersion(u8),
    #[error("the passphrase or key does not open this file")]
    NoMatchingKey,
    #[error("the file's header was altered")]
    HeaderTampered,
    #[error("the file was altered (chunk {0})")]
    ChunkTampered(u64),
    #[error("the file is incomplete: it was cut short")]
    Truncated,
    #[error("the file's header is malformed: {0}")]
    Malformed(&'static str),
    #[error("the key derivation parameters are below the minimum")]
    WeakKdf,
    #[error("the operating system's random source failed")]
    Random,
    #[error("reading or writing failed ({0})")]
    Io(std::io::ErrorKind),
}

impl From<std::io::Error> for SealError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            SealError::Truncated
        } else {
            SealError::Io(e.kind())
        }
    }
}

/// Who can open the file.
pub enum Recipient<'a> {
    Passphrase {
        passphrase: &'a [u8],
        kdf: KdfParams,
    },
    /// An X25519 public key (a user's key slot, the recovery key) with a label saying whose.
    X25519 { public: [u8; 32], label: String },
}

/// What opens the file.
pub enum Opener<'a> {
    Passphrase(&'a [u8]),
    X25519(&'a StaticSecret),
}

/// What the header says before it is opened (the metadata is not yet authenticated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderInfo {
    pub version: u8,
    pub passphrase_stanzas: usize,
    /// Labels of the X25519 stanzas, in order.
    pub key_labels: Vec<String>,
    pub metadata: Vec<u8>,
}

fn random<const N: usize>() -> Result<[u8; N], SealError> {
    let mut b = [0u8; N];
    OsRng
        .try_fill_bytes(&mut b)
        .map_err(|_| SealError::Random)?;
    Ok(b)
}

fn derived(file_key: &[u8; 32], salt: &[u8; 16], info: &[u8]) -> Zeroizing<[u8; 32]> {
    let hk = Hkdf::<Sha256>::new(Some(salt), file_key);
    let mut out = Zeroizing::new([0u8; 32]);
    hk.expand(info, out.as_mut()).expect("32-byte HKDF output");
    out
}

fn header_mac(file_key: &[u8; 32], salt: &[u8; 16], header: &[u8]) -> [u8; 32] {
    let key = derived(file_key, salt, b"kluis/sealed/header-mac/v1");
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key.as_ref()).expect("any key length");
    mac.update(header);
    mac.finalize().into_bytes().into()
}

fn wrap(key: &[u8; 32], file_key: &[u8; 32]) -> Result<([u8; 24], Vec<u8>), SealError> {
    let nonce = random::<24>()?;
    let ct = XChaCha20Poly1305::new(key.into())
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload {
                msg: file_key,
                aad: MAGIC,
            },
        )
        .map_err(|_| SealError::Malformed("wrapping failed"))?;
    Ok((nonce, ct))
}

fn unwrap(key: &[u8; 32], nonce: &[u8; 24], wrapped: &[u8]) -> Option<Zeroizing<[u8; 32]>> {
    let pt = XChaCha20Poly1305::new(key.into())
        .decrypt(
            XNonce::from_slice(nonce),
            Payload {
                msg: wrapped,
                aad: MAGIC,
            },
        )
        .ok()?;
    let mut out = Zeroizing::new([0u8; 32]);
    if pt.len() != 32 {
        return None;
    }
    out.copy_from_slice(&pt);
    Some(out)
}

fn chunk_nonce(counter: u64, last: bool) -> [u8; 24] {
    let mut n = [0u8; 24];
    n[15..23].copy_from_slice(&counter.to_be_bytes());
    n[23] = last as u8;
    n
}

/// Reads until `buf` is full or the input ends; returns how many bytes were read.
fn read_full(r: &mut impl Read, buf: &mut [u8]) -> Result<usize, SealError> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(n)
}

/// Encrypts everything `input` yields into `output` for the given recipients.
pub fn seal(
    mut input: impl Read,
    mut output: impl Write,
    recipients: &[Recipient<'_>],
    metadata: &[u8],
) -> Result<(), SealError> {
    if recipients.is_empty() || recipients.len() > MAX_STANZAS {
        return Err(SealError::Malformed("one to 32 recipients"));
    }
    if metadata.len() > MAX_META {
        return Err(SealError::Malformed("metadata too large"));
    }
    let file_key = Zeroizing::new(random::<32>()?);
    let salt = random::<16>()?;
    let mut header = Vec::with_capacity(256 + metadata.len());
    header.extend_from_slice(MAGIC);
    header.push(VERSION);
    header.extend_from_slice(&salt);
    header.push(recipients.len() as u8);
    for r in recipients {
        match r {
            Recipient::Passphrase { passphrase, kdf } => {
                let kdf_salt = random::<16>()?;
                let key = kdf
                    .derive(passphrase, &kdf_salt)
                    .map_err(|_| SealError::WeakKdf)?;
                let (nonce, wrapped) = wrap(&key, &file_key)?;
                header.push(1);
                header.extend_from_slice(&kdf_salt);
                for v in [kdf.m_kib, kdf.t, kdf.p] {
                    header.extend_from_slice(&v.to_le_bytes());
                }
                header.extend_from_slice(&nonce);
                header.extend_from_slice(&wrapped);
            }
            Recipient::X25519 { public, label } => {
                if label.len() > 255 {
                    return Err(SealError::Malformed("label too long"));
                }
                let eph = StaticSecret::random_from_rng(OsRng);
                let eph_pub = PublicKey::from(&eph);
                let shared = eph.diffie_hellman(&PublicKey::from(*public));
                if !shared.was_contributory() {
                    return Err(SealError::Malformed("public key is a low-order point"));
                }
                let key = wrap_key(shared.as_bytes(), eph_pub.as_bytes(), public);
                let (nonce, wrapped) = wrap(&key, &file_key)?;
                header.push(2);
                header.push(label.len() as u8);
                header.extend_from_slice(label.as_bytes());
                header.extend_from_slice(eph_pub.as_bytes());
                header.extend_from_slice(&nonce);
                header.extend_from_slice(&wrapped);
            }
        }
    }
    header.extend_from_slice(&(metadata.len() as u32).to_le_bytes());
    header.extend_from_slice(metadata);
    let mac = header_mac(&file_key, &salt, &header);
    output.write_all(&header)?;
    output.write_all(&mac)?;

    let payload_key = derived(&file_key, &salt, b"kluis/sealed/payload/v1");
    let cipher = XChaCha20Poly1305::new(payload_key.as_ref().into());
    let mut buf = Zeroizing::new(vec![0u8; CHUNK]);
    let mut n = read_full(&mut input, &mut buf)?;
    let mut counter = 0u64;
    loop {
        // Look one byte ahead: the last chunk is the one with nothing after it.
        let mut peek = [0u8; 1];
        let more = n == CHUNK && read_full(&mut input, &mut peek)? == 1;
        let ct = cipher
            .encrypt(XNonce::from_slice(&chunk_nonce(counter, !more)), &buf[..n])
            .map_err(|_| SealError::Malformed("encryption failed"))?;
        output.write_all(&ct)?;
        if !more {
            break;
        }
        buf[0] = peek[0];
        n = 1 + read_full(&mut input, &mut buf[1..])?;
        counter += 1;
    }
    output.flush()?;
    Ok(())
}

enum Stanza {
    Passphrase {
        salt: [u8; 16],
        kdf: KdfParams,
        nonce: [u8; 24],
        wrapped: [u8; 48],
    },
    X25519 {
        label: String,
        ephemeral: [u8; 32],
        nonce: [u8; 24],
        wrapped: [u8; 48],
    },
}

struct Header {
    raw: Vec<u8>,
    salt: [u8; 16],
    stanzas: Vec<Stanza>,
    metadata: Vec<u8>,
    mac: [u8; 32],
}

/// Reads exactly `N` bytes into the header being collected.
fn take<const N: usize>(r: &mut impl Read, raw: &mut Vec<u8>) -> Result<[u8; N], SealError> {
    let mut b = [0u8; N];
    if read_full(r, &mut b)? != N {
        return Err(SealError::Truncated);
    }
    raw.extend_from_slice(&b);
    Ok(b)
}

fn read_header(r: &mut impl Read) -> Result<Header, SealError> {
    let mut raw = Vec::new();
    let mut magic = [0u8; 12];
    if read_full(r, &mut magic)? != 12 || &magic != MAGIC {
        return Err(SealError::NotSealed);
    }
    raw.extend_from_slice(&magic);
    let [version] = take::<1>(r, &mut raw)?;
    if version != VERSION {
        return Err(SealError::UnsupportedVersion(version));
    }
    let salt = take::<16>(r, &mut raw)?;
    let [count] = take::<1>(r, &mut raw)?;
    if count == 0 || count as usize > MAX_STANZAS {
        return Err(SealError::Malformed("stanza count"));
    }
    let mut stanzas = Vec::new();
    for _ in 0..count {
        let [kind] = take::<1>(r, &mut raw)?;
        stanzas.push(match kind {
            1 => {
                let salt = take::<16>(r, &mut raw)?;
                let m_kib = u32::from_le_bytes(take::<4>(r, &mut raw)?);
                let t = u32::from_le_bytes(take::<4>(r, &mut raw)?);
                let p = u32::from_le_bytes(take::<4>(r, &mut raw)?);
                Stanza::Passphrase {
                    salt,
                    kdf: KdfParams { m_kib, t, p },
                    nonce: take::<24>(r, &mut raw)?,
                    wrapped: take::<48>(r, &mut raw)?,
                }
            }
            2 => {
                let [len] = take::<1>(r, &mut raw)?;
                let mut label = vec![0u8; len as usize];
                if read_full(r, &mut label)? != label.len() {
                    return Err(SealError::Truncated);
                }
                raw.extend_from_slice(&label);
                Stanza::X25519 {
                    label: String::from_utf8_lossy(&label).into_owned(),
                    ephemeral: take::<32>(r, &mut raw)?,
                    nonce: take::<24>(r, &mut raw)?,
                    wrapped: take::<48>(r, &mut raw)?,
                }
            }
            _ => return Err(SealError::Malformed("unknown stanza kind")),
        });
    }
    let len = u32::from_le_bytes(take::<4>(r, &mut raw)?) as usize;
    if len > MAX_META {
        return Err(SealError::Malformed("metadata too large"));
    }
    let mut metadata = vec![0u8; len];
    if read_full(r, &mut metadata)? != len {
        return Err(SealError::Truncated);
    }
    raw.extend_from_slice(&metadata);
    let mut mac = [0u8; 32];
    if read_full(r, &mut mac)? != 32 {
        return Err(SealError::Truncated);
    }
    Ok(Header {
        raw,
        salt,
        stanzas,
        metadata,
        mac,
    })
}

/// The header of a sealed file, without opening it: who it is sealed to and its (not yet
/// authenticated) metadata.
pub fn inspect(mut input: impl Read) -> Result<HeaderInfo, SealError> {
    let h = read_header(&mut input)?;
    Ok(HeaderInfo {
        version: VERSION,
        passphrase_stanzas: h
            .stanzas
            .iter()
            .filter(|s| matches!(s, Stanza::Passphrase { .. }))
            .count(),
        key_labels: h
            .stanzas
            .iter()
            .filter_map(|s| match s {
                Stanza::X25519 { label, .. } => Some(label.clone()),
                _ => None,
            })
            .collect(),
        metadata: h.metadata,
    })
}

fn file_key(h: &Header, opener: &Opener<'_>) -> Result<Zeroizing<[u8; 32]>, SealError> {
    for s in &h.stanzas {
        let found = match (s, opener) {
            (
                Stanza::Passphrase {
                    salt,
                    kdf,
                    nonce,
                    wrapped,
                },
                Opener::Passphrase(p),
            ) => {
                // Only a minimum-strength derivation is accepted (test builds excepted), so an
                // edited header cannot make a guess cheap or a derivation endless.
                let key = kdf.derive(p, salt).map_err(|_| SealError::WeakKdf)?;
                unwrap(&key, nonce, wrapped)
            }
            (
                Stanza::X25519 {
                    ephemeral,
                    nonce,
                    wrapped,
                    ..
                },
                Opener::X25519(secret),
            ) => {
                let shared = secret.diffie_hellman(&PublicKey::from(*ephemeral));
                if !shared.was_contributory() {
                    continue;
                }
                let me = PublicKey::from(*secret);
                let key = wrap_key(shared.as_bytes(), ephemeral, me.as_bytes());
                unwrap(&key, nonce, wrapped)
            }
            _ => None,
        };
        if let Some(k) = found {
            return Ok(k);
        }
    }
    Err(SealError::NoMatchingKey)
}

/// Opens a sealed file into `output` and returns its metadata. Plaintext is written chunk by
/// chunk as each one authenticates; on an error, what was written must be discarded (write to
/// a temporary file and keep it only on success).
pub fn open(
    input: impl Read,
    mut output: impl Write,
    opener: &Opener<'_>,
) -> Result<Vec<u8>, SealError> {
    let (metadata, mut reader) = open_reader(input, opener)?;
    std::io::copy(&mut reader, &mut output).map_err(from_io)?;
    output.flush()?;
    Ok(metadata)
}

/// Opens a sealed file's header (authenticating it) and returns its metadata with a reader of
/// its plaintext. Each chunk is authenticated before any of it is read; a cut, reordered or
/// altered chunk fails the read with the `SealError` inside the `io::Error` (see `from_io`).
/// Reading only the start of a file (a backup's manifest) authenticates only that part.
pub fn open_reader<R: Read>(
    mut input: R,
    opener: &Opener<'_>,
) -> Result<(Vec<u8>, OpenReader<R>), SealError> {
    let h = read_header(&mut input)?;
    let key = file_key(&h, opener)?;
    let mut check = <Hmac<Sha256> as Mac>::new_from_slice(
        derived(&key, &h.salt, b"kluis/sealed/header-mac/v1").as_ref(),
    )
    .expect("any key length");
    check.update(&h.raw);
    // Constant-time comparison through the MAC type.
    if check.verify_slice(&h.mac).is_err() {
        return Err(SealError::HeaderTampered);
    }
    let payload_key = derived(&key, &h.salt, b"kluis/sealed/payload/v1");
    let reader = OpenReader {
        input,
        cipher: XChaCha20Poly1305::new(payload_key.as_ref().into()),
        buf: vec![0u8; CHUNK + TAG],
        plain: Zeroizing::new(Vec::new()),
        pos: 0,
        counter: 0,
        pending: None,
        last_seen: false,
    };
    Ok((h.metadata, reader))
}

/// The plaintext of a sealed file, chunk by authenticated chunk.
pub struct OpenReader<R: Read> {
    input: R,
    cipher: XChaCha20Poly1305,
    buf: Vec<u8>,
    plain: Zeroizing<Vec<u8>>,
    pos: usize,
    counter: u64,
    /// The byte read ahead to know whether a chunk is the last.
    pending: Option<u8>,
    last_seen: bool,
}

impl<R: Read> OpenReader<R> {
    fn next_chunk(&mut self) -> Result<(), SealError> {
        let mut n = 0;
        if let Some(b) = self.pending.take() {
            self.buf[0] = b;
            n = 1;
        }
        n += read_full(&mut self.input, &mut self.buf[n..])?;
        if n < TAG {
            return Err(SealError::Truncated);
        }
        let mut peek = [0u8; 1];
        let more = n == CHUNK + TAG && read_full(&mut self.input, &mut peek)? == 1;
        let nonce = chunk_nonce(self.counter, !more);
        match self
            .cipher
            .decrypt(XNonce::from_slice(&nonce), &self.buf[..n])
        {
            Ok(pt) => self.plain = Zeroizing::new(pt),
            Err(_) => {
                // A full chunk with nothing after it that opens as a middle chunk: the chunks
                // after it were cut off.
                let cut = !more
                    && n == CHUNK + TAG
                    && self
                        .cipher
                        .decrypt(
                            XNonce::from_slice(&chunk_nonce(self.counter, false)),
                            &self.buf[..n],
                        )
                        .is_ok();
                return Err(if cut {
                    SealError::Truncated
                } else {
                    SealError::ChunkTampered(self.counter)
                });
            }
        }
        self.pos = 0;
        if more {
            self.pending = Some(peek[0]);
        } else {
            self.last_seen = true;
        }
        self.counter += 1;
        Ok(())
    }
}

impl<R: Read> Read for OpenReader<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        while self.pos >= self.plain.len() {
            if self.last_seen {
                return Ok(0);
            }
            self.next_chunk().map_err(std::io::Error::other)?;
        }
        let n = out.len().min(self.plain.len() - self.pos);
        out[..n].copy_from_slice(&self.plain[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

/// The `SealError` an `OpenReader` failed with, or the I/O error as one.
pub fn from_io(e: std::io::Error) -> SealError {
    if e.get_ref().is_some_and(|i| i.is::<SealError>()) {
        if let Some(inner) = e.into_inner() {
            if let Ok(se) = inner.downcast::<SealError>() {
                return *se;
            }
        }
        return SealError::Io(std::io::ErrorKind::Other);
    }
    SealError::from(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "test-kdf")]
    fn kdf() -> KdfParams {
        KdfParams::fast_for_tests()
    }
    #[cfg(not(feature = "test-kdf"))]
    fn kdf() -> KdfParams {
        KdfParams::recommended()
    }

    /// Most tests seal to a key (no password hashing, so they stay fast in debug builds).
    fn key() -> StaticSecret {
        StaticSecret::from([7u8; 32])
    }

    fn sealed(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        seal(
            data,
            &mut out,
            &[Recipient::X25519 {
                public: *PublicKey::from(&key()).as_bytes(),
                label: "t".into(),
            }],
            b"{\"kind\":\"test\"}",
        )
        .unwrap();
        out
    }

    fn opened(file: &[u8]) -> Result<Vec<u8>, SealError> {
        let mut out = Vec::new();
        open(file, &mut out, &Opener::X25519(&key())).map(|_| out)
    }

    fn data(n: usize) -> Vec<u8> {
        (0..n).map(|i| (i * 31 % 251) as u8).collect()
    }

    #[test]
    fn round_trips_at_every_chunk_boundary() {
        for n in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 5] {
            let d = data(n);
            assert_eq!(opened(&sealed(&d)).unwrap(), d, "{n} bytes");
        }
    }

    #[test]
    fn a_passphrase_opens_it_a_wrong_one_and_a_stranger_do_not() {
        let stranger = StaticSecret::from([9u8; 32]);
        let mut f = Vec::new();
        seal(
            &data(100)[..],
            &mut f,
            &[
                Recipient::Passphrase {
                    passphrase: b"correct horse battery",
                    kdf: kdf(),
                },
                Recipient::X25519 {
                    public: *PublicKey::from(&key()).as_bytes(),
                    label: "anna".into(),
                },
            ],
            b"meta",
        )
        .unwrap();
        let info = inspect(&f[..]).unwrap();
        assert_eq!(
            (info.passphrase_stanzas, info.key_labels, info.metadata),
            (1, vec!["anna".to_string()], b"meta".to_vec())
        );
        let mut out = Vec::new();
        let meta = open(
            &f[..],
            &mut out,
            &Opener::Passphrase(b"correct horse battery"),
        )
        .unwrap();
        assert_eq!((out, meta), (data(100), b"meta".to_vec()));
        assert!(matches!(
            open(&f[..], &mut Vec::new(), &Opener::Passphrase(b"wrong")),
            Err(SealError::NoMatchingKey)
        ));
        assert!(matches!(
            open(&f[..], &mut Vec::new(), &Opener::X25519(&stranger)),
            Err(SealError::NoMatchingKey)
        ));
    }

    #[test]
    fn foreign_files_and_other_versions_are_named() {
        let f = sealed(&data(10));
        assert!(matches!(
            opened(b"PK\x03\x04 a zip file"),
            Err(SealError::NotSealed)
        ));
        let mut v2 = f.clone();
        v2[12] = 2;
        assert!(matches!(opened(&v2), Err(SealError::UnsupportedVersion(2))));
    }

    /// Offsets of the regions of a file sealed by `sealed`: header parts, then chunks.
    fn regions(file_len: usize) -> Vec<(&'static str, usize)> {
        let stanza = 12 + 1 + 16 + 1;
        let meta_len_at = stanza + 1 + 1 + 1 + 32 + 24 + 48;
        let mac = meta_len_at + 4 + 15;
        let first_chunk = mac + 32;
        vec![
            ("magic", 0),
            ("salt", 13),
            ("stanza count", stanza - 1),
            ("stanza kind", stanza),
            ("label", stanza + 2),
            ("ephemeral key", stanza + 3),
            ("wrap nonce", stanza + 35),
            ("wrapped key", stanza + 59),
            ("metadata length", meta_len_at),
            ("metadata", meta_len_at + 4),
            ("mac", mac),
            ("first chunk", first_chunk),
            ("first chunk tag", first_chunk + CHUNK + TAG - 1),
            ("middle chunk", first_chunk + CHUNK + TAG + 100),
            ("last chunk", file_len - 20),
            ("last byte", file_len - 1),
        ]
    }

    #[test]
    fn a_flipped_byte_in_any_region_is_detected() {
        let d = data(2 * CHUNK + 300);
        let f = sealed(&d);
        for (name, at) in regions(f.len()) {
            let mut bad = f.clone();
            bad[at] ^= 0x01;
            match opened(&bad) {
                Ok(_) => panic!("{name}: a flipped byte went unnoticed"),
                Err(SealError::Truncated) if name != "metadata length" => {
                    panic!("{name}: reported as truncated")
                }
                Err(_) => {}
            }
        }
    }

    #[test]
    fn truncation_reordering_and_appending_are_detected() {
        let d = data(3 * CHUNK);
        let f = sealed(&d);
        let header = f.len() - (3 * (CHUNK + TAG));
        // Cut at a chunk boundary: the remaining chunks open, but none is the last.
        let cut = &f[..header + 2 * (CHUNK + TAG)];
        assert!(matches!(opened(cut), Err(SealError::Truncated)));
        // Cut inside a chunk, right after the header, inside the header.
        assert!(opened(&f[..f.len() - 7]).is_err());
        assert!(matches!(opened(&f[..header]), Err(SealError::Truncated)));
        assert!(matches!(opened(&f[..40]), Err(SealError::Truncated)));
        // Swap the first two chunks.
        let mut swapped = f[..header].to_vec();
        swapped.extend_from_slice(&f[header + CHUNK + TAG..header + 2 * (CHUNK + TAG)]);
        swapped.extend_from_slice(&f[header..header + CHUNK + TAG]);
        swapped.extend_from_slice(&f[header + 2 * (CHUNK + TAG)..]);
        assert!(matches!(opened(&swapped), Err(SealError::ChunkTampered(0))));
        // Something appended after the last chunk.
        let mut longer = f.clone();
        longer.extend_from_slice(b"extra");
        assert!(opened(&longer).is_err());
    }

    #[test]
    fn an_edited_key_derivation_in_the_header_is_refused() {
        let mut f = Vec::new();
        seal(
            &b"x"[..],
            &mut f,
            &[Recipient::Passphrase {
                passphrase: b"pw",
                kdf: kdf(),
            }],
            b"",
        )
        .unwrap();
        // t = 0 is out of range for every build.
        let t_at = 12 + 1 + 16 + 1 + 1 + 16 + 4;
        f[t_at..t_at + 4].copy_from_slice(&0u32.to_le_bytes());
        assert!(matches!(
            open(&f[..], &mut Vec::new(), &Opener::Passphrase(b"pw")),
            Err(SealError::WeakKdf)
        ));
    }
}
