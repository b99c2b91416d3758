//! The rotation journal (`kluis.rotation`): while the database key is being replaced, the old
//! key, wrapped under the new one, so a crash between writing the new key file and re-encrypting
//! the database is finished by whoever signs in next with the new key file. It exists only while
//! a rotation runs: no earlier key file is ever kept beside the vault as a fallback.
//!
//! Only a holder of the new key can read the old one from it, and only the old key opens the
//! database until the rotation is done; so a journal planted by someone who holds neither key
//! cannot make the vault re-encrypt itself to a key of their choosing.
use crate::atomic::write_atomic;
use crate::seal::{b64, open_with_key, seal_with_key, Sealed};
use crate::secret::DbKey;
use crate::VaultError;
use hkdf::Hkdf;
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::path::Path;
use zeroize::Zeroizing;

const FORMAT: &str = "kluis-rotation";

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RotationJournal {
    format: String,
    #[serde(with = "b64")]
    vault_id: Vec<u8>,
    /// The key file generation the database is being moved from, and to.
    pub from_generation: u64,
    pub to_generation: u64,
    old_key: Sealed,
}

fn wrap_key(new: &DbKey) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(None, new.as_bytes())
        .expand(b"kluis/rotation/old-key/v1", out.as_mut())
        .expect("32-byte HKDF output");
    out
}

fn aad(vault_id: &[u8], from: u64, to: u64) -> Vec<u8> {
    let mut a = b"kluis/rotation/v1\0".to_vec();
    a.extend_from_slice(vault_id);
    a.extend_from_slice(&from.to_le_bytes());
    a.extend_from_slice(&to.to_le_bytes());
    a
}

impl RotationJournal {
    /// `vault_id_hex` as `KeyFile::vault_id` gives it.
    pub fn new(
        vault_id_hex: &str,
        from_generation: u64,
        to_generation: u64,
        old: &DbKey,
        new: &DbKey,
    ) -> Result<Self, VaultError> {
        let vault_id = unhex(vault_id_hex).ok_or(VaultError::Malformed("vault id"))?;
        let old_key = seal_with_key(
            &wrap_key(new),
            old.as_bytes(),
            &aad(&vault_id, from_generation, to_generation),
        )?;
        Ok(RotationJournal {
            format: FORMAT.into(),
            vault_id,
            from_generation,
            to_generation,
            old_key,
        })
    }

    /// The key the database is under until the rotation is finished.
    pub fn old_key(&self, new: &DbKey) -> Result<DbKey, VaultError> {
        let plain = open_with_key(
            &wrap_key(new),
            &self.old_key,
            &aad(&self.vault_id, self.from_generation, self.to_generation),
        )
        .map_err(|_| VaultError::Tampered)?;
        let bytes: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::Tampered)?;
        Ok(DbKey::from_bytes(bytes))
    }

    pub fn vault_id(&self) -> String {
        self.vault_id.iter().map(|b| format!("{b:02x}")).collect()
    }

    pub fn load(path: &Path) -> Result<Self, VaultError> {
        let bytes = std::fs::read(path)?;
        let j: RotationJournal = serde_json::from_slice(&bytes)
            .map_err(|_| VaultError::Malformed("not a rotation journal"))?;
        if j.format != FORMAT || j.vault_id.len() != 16 {
            return Err(VaultError::Malformed("not a rotation journal"));
        }
        Ok(j)
    }

    pub fn save(&self, path: &Path) -> Result<(), VaultError> {
        let bytes = serde_json::to_vec(self).expect("a journal serialises");
        write_atomic(path, &bytes, false)?;
        Ok(())
    }
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_new_key_reads_the_old_one() {
        let (old, new) = (DbKey::generate(), DbKey::generate());
        let vid = "00112233445566778899aabbccddeeff";
        let j = RotationJournal::new(vid, 3, 4, &old, &new).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("kluis.rotation");
        j.save(&p).unwrap();
        let back = RotationJournal::load(&p).unwrap();
        assert_eq!(back.old_key(&new).unwrap(), old);
        assert!(back.old_key(&old).is_err());
        assert!(back.old_key(&DbKey::generate()).is_err());
        // Its generations are bound: a journal edited to another rotation refuses.
        let mut edited = back.clone();
        edited.to_generation = 9;
        assert!(edited.old_key(&new).is_err());
        assert_eq!(back.vault_id(), vid);
    }
}
