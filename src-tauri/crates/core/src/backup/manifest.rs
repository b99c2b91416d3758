//! What a backup says about itself. The clear header of the sealed file holds only what finds
//! the right backup and the right key: the vault, when it was made and what kind, with a MAC
//! under the vault's backup authentication key (so rotation and listing trust only dates this
//! vault wrote). Everything else is in the manifest at the start of the encrypted payload: the
//! database key of its day, the key file of its day, the audit chain's head (an anchor), how
//! far the erasure ledger reached, the copy's size and SHA-256, and tags that authenticate the
//! whole manifest for the two ways a backup is opened:
//!
//! - `vault`: under the backup authentication key kept in the database; a current
//!   administrator's restore checks it against the vault it replaces.
//! - `recovery`: under the recovery slot's authentication key, which only the recovery key's
//!   holder can derive; a restore with the recovery key checks it when no vault is readable.
//!
//! Someone who can write the backup folder knows the public keys a backup is sealed to, but
//! neither of these keys: a backup they build is refused before anything is restored.
use crate::anchors::Anchor;
use crate::error::{CoreError, CoreResult};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::collections::BTreeMap;

pub const FORMAT: &str = "kluis-backup";
pub const VERSION: u32 = 2;
const MANIFEST_FORMAT: &str = "kluis-backup-manifest";
/// A manifest larger than this is not one Kluis wrote.
pub const MAX_MANIFEST: u32 = 8 << 20;

/// The sealed file's clear metadata.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    pub created_at: String,
    /// manual, daily or sign_out.
    pub kind: String,
    /// HMAC over the fields above under the vault's backup authentication key.
    pub mac: String,
}

/// What a backup's clear metadata turned out to be.
pub enum HeaderState {
    Current(Header),
    /// Written by a version of Kluis that did not authenticate its backups.
    OldFormat,
    NotABackup,
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any key length");
    for p in parts {
        mac.update(&(p.len() as u64).to_le_bytes());
        mac.update(p);
    }
    mac.finalize().into_bytes().to_vec()
}

fn derive(secret: &[u8; 32], info: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    Hkdf::<Sha256>::new(None, secret)
        .expand(info, &mut out)
        .expect("32-byte HKDF output");
    out
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Header {
    fn mac_of(&self, backup_auth: &[u8; 32]) -> String {
        let key = derive(backup_auth, b"kluis/backup/header/v2");
        hex(&hmac(
            &key,
            &[
                self.format.as_bytes(),
                &self.version.to_le_bytes(),
                self.vault_id.as_bytes(),
                self.created_at.as_bytes(),
                self.kind.as_bytes(),
            ],
        ))
    }

    pub fn new(vault_id: &str, created_at: &str, kind: &str, backup_auth: &[u8; 32]) -> Header {
        let mut h = Header {
            format: FORMAT.into(),
            version: VERSION,
            vault_id: vault_id.into(),
            created_at: created_at.into(),
            kind: kind.into(),
            mac: String::new(),
        };
        h.mac = h.mac_of(backup_auth);
        h
    }

    pub fn authentic(&self, backup_auth: &[u8; 32]) -> bool {
        same(&self.mac, &self.mac_of(backup_auth))
    }

    pub fn parse(metadata: &[u8]) -> HeaderState {
        #[derive(Deserialize)]
        struct Head {
            format: String,
            version: u32,
        }
        let Ok(head) = serde_json::from_slice::<Head>(metadata) else {
            return HeaderState::NotABackup;
        };
        if head.format != FORMAT {
            return HeaderState::NotABackup;
        }
        if head.version < VERSION {
            return HeaderState::OldFormat;
        }
        match serde_json::from_slice::<Header>(metadata) {
            Ok(h) if h.version == VERSION => HeaderState::Current(h),
            _ => HeaderState::NotABackup,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a header serialises")
    }
}

/// The manifest at the start of the encrypted payload.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    pub created_at: String,
    pub kind: String,
    /// The database key of its day, in hex: the copy is encrypted under it.
    pub db_key: String,
    /// The key file of its day (a restore with the recovery key when no vault is readable
    /// starts from it).
    pub key_file: String,
    /// The audit chain's head when the copy was taken.
    pub audit_anchor: Anchor,
    /// The highest erasure ledger id in the copy (for ledger entries from before the ledger
    /// named its subjects' creation).
    pub erasure_mark: i64,
    pub db_bytes: u64,
    pub db_sha256: String,
    pub app_version: String,
    /// Tags over everything above: `vault` and, where the recovery slot allows, `recovery`.
    pub auth: BTreeMap<String, String>,
}

impl Manifest {
    fn body(&self) -> Vec<u8> {
        let mut unsigned = self.clone();
        unsigned.auth.clear();
        serde_json::to_vec(&unsigned).expect("a manifest serialises")
    }

    /// Adds the tags: under the vault's backup authentication key, and under the recovery
    /// slot's authentication key when there is one (not while the slot is a legacy one).
    pub fn authenticate(&mut self, backup_auth: &[u8; 32], recovery_auth: Option<&[u8; 32]>) {
        let body = self.body();
        let vault = derive(backup_auth, b"kluis/backup/manifest/v2");
        let mut auth = BTreeMap::new();
        auth.insert("vault".to_string(), hex(&hmac(&vault, &[b"vault", &body])));
        if let Some(r) = recovery_auth {
            auth.insert(
                "recovery".to_string(),
                hex(&hmac(r, &[b"kluis/backup/recovery/v2", &body])),
            );
        }
        self.auth = auth;
    }

    /// Checked with the backup authentication key of the vault it claims to be from.
    pub fn authentic_for_vault(&self, backup_auth: &[u8; 32]) -> bool {
        let vault = derive(backup_auth, b"kluis/backup/manifest/v2");
        let expected = hex(&hmac(&vault, &[b"vault", &self.body()]));
        self.auth.get("vault").is_some_and(|t| same(t, &expected))
    }

    /// Checked with the recovery slot's authentication key, as the recovery key derives it.
    pub fn authentic_for_recovery(&self, recovery_auth: &[u8; 32]) -> bool {
        let expected = hex(&hmac(
            recovery_auth,
            &[b"kluis/backup/recovery/v2", &self.body()],
        ));
        self.auth
            .get("recovery")
            .is_some_and(|t| same(t, &expected))
    }

    pub fn parse(bytes: &[u8]) -> CoreResult<Manifest> {
        let m: Manifest = serde_json::from_slice(bytes)
            .map_err(|_| CoreError::SealedDamaged("its backup description is malformed"))?;
        if m.format != MANIFEST_FORMAT || m.version != VERSION {
            return Err(CoreError::SealedDamaged(
                "its backup description is malformed",
            ));
        }
        Ok(m)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn new(
        vault_id: &str,
        created_at: &str,
        kind: &str,
        db_key: &str,
        key_file: String,
        audit_anchor: Anchor,
        erasure_mark: i64,
        db_bytes: u64,
        db_sha256: String,
    ) -> Manifest {
        Manifest {
            format: MANIFEST_FORMAT.into(),
            version: VERSION,
            vault_id: vault_id.into(),
            created_at: created_at.into(),
            kind: kind.into(),
            db_key: db_key.into(),
            key_file,
            audit_anchor,
            erasure_mark,
            db_bytes,
            db_sha256,
            app_version: env!("CARGO_PKG_VERSION").into(),
            auth: BTreeMap::new(),
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a manifest serialises")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        Manifest::new(
            "v1",
            "2026-03-01T09:00:00.000Z",
            "manual",
            &"00".repeat(32),
            "{}".into(),
            Anchor {
                id: 3,
                hash: "ab".repeat(32),
                at: None,
            },
            0,
            4096,
            "cd".repeat(32),
        )
    }

    #[test]
    fn every_field_is_covered_by_both_tags() {
        let (auth, rec) = ([1u8; 32], [2u8; 32]);
        let mut m = manifest();
        m.authenticate(&auth, Some(&rec));
        assert!(m.authentic_for_vault(&auth) && m.authentic_for_recovery(&rec));
        assert!(!m.authentic_for_vault(&[3u8; 32]) && !m.authentic_for_recovery(&[3u8; 32]));
        let mut edited = m.clone();
        edited.db_sha256 = "ee".repeat(32);
        assert!(!edited.authentic_for_vault(&auth) && !edited.authentic_for_recovery(&rec));
        let mut edited = m.clone();
        edited.created_at = "2027-01-01T00:00:00.000Z".into();
        assert!(!edited.authentic_for_vault(&auth));
        // Without a recovery tag, the recovery key cannot vouch for it.
        let mut bare = manifest();
        bare.authenticate(&auth, None);
        assert!(!bare.authentic_for_recovery(&rec));
    }

    #[test]
    fn the_clear_header_says_when_and_what_only_with_the_vault_key() {
        let h = Header::new("v1", "2026-03-01T09:00:00.000Z", "daily", &[1u8; 32]);
        assert!(h.authentic(&[1u8; 32]));
        assert!(!h.authentic(&[2u8; 32]));
        let mut moved = h.clone();
        moved.created_at = "2020-01-01T00:00:00.000Z".into();
        assert!(!moved.authentic(&[1u8; 32]));
        assert!(matches!(
            Header::parse(&h.to_bytes()),
            HeaderState::Current(_)
        ));
        assert!(matches!(
            Header::parse(br#"{"format":"kluis-backup","version":1,"vaultId":"x"}"#),
            HeaderState::OldFormat
        ));
        assert!(matches!(Header::parse(b"{}"), HeaderState::NotABackup));
    }
}
