//! The key file (`kluis.keys`): one slot per user plus one recovery slot, each holding the
//! database key sealed to the slot's X25519 public key. Slot metadata is bound as AEAD associated
//! data, so editing a user id, salt, parameter or generation breaks the seal.
use crate::atomic::write_atomic;
use crate::kdf::KdfParams;
use crate::recovery::RecoveryKey;
use crate::seal::{b64, open_with_key, open_with_secret, seal_to_public, seal_with_key};
use crate::seal::{Sealed, SealedToKey};
use crate::secret::{DbKey, Password};
use crate::VaultError;
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::Path;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

const FORMAT: &str = "kluis-keys";
const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct KeyFile {
    format: String,
    version: u32,
    #[serde(with = "b64")]
    vault_id: Vec<u8>,
    /// Incremented by every rotation of the database key; bound into every sealed key.
    generation: u64,
    slots: Vec<Slot>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Slot {
    #[serde(with = "b64")]
    id: Vec<u8>,
    #[serde(with = "b64")]
    public_key: Vec<u8>,
    /// Present for user slots, absent for the recovery slot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user: Option<UserPart>,
    sealed_db_key: SealedToKey,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct UserPart {
    user_id: i64,
    /// A hash of the lower-cased username, so sign-in finds the slot without the key file
    /// naming anyone in plain text. Not a secret: usernames are guessable.
    #[serde(with = "b64")]
    tag: Vec<u8>,
    kdf: KdfParams,
    #[serde(with = "b64")]
    salt: Vec<u8>,
    sealed_secret: Sealed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    User,
    Recovery,
}

/// What a slot says about itself, for `verify` and admin screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotSummary {
    pub kind: SlotKind,
    pub user_id: Option<i64>,
    pub kdf: Option<KdfParams>,
}

fn random<const N: usize>() -> Result<[u8; N], VaultError> {
    let mut b = [0u8; N];
    OsRng
        .try_fill_bytes(&mut b)
        .map_err(|_| VaultError::Random)?;
    Ok(b)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn user_tag(vault_id: &[u8], username: &str) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(b"kluis/user-tag/v1\0");
    h.update(vault_id);
    h.update(b"\0");
    h.update(username.trim().to_lowercase().as_bytes());
    h.finalize().to_vec()
}

impl Slot {
    fn aad(&self, vault_id: &[u8], purpose: &str, generation: Option<u64>) -> Vec<u8> {
        let mut s = format!(
            "kluis-keys/v{VERSION}\0{purpose}\0vault={}\0slot={}\0pk={}",
            hex(vault_id),
            hex(&self.id),
            hex(&self.public_key)
        );
        if let Some(u) = &self.user {
            s.push_str(&format!(
                "\0user={}\0tag={}\0kdf={},{},{}\0salt={}",
                u.user_id,
                hex(&u.tag),
                u.kdf.m_kib,
                u.kdf.t,
                u.kdf.p,
                hex(&u.salt)
            ));
        }
        if let Some(g) = generation {
            s.push_str(&format!("\0gen={g}"));
        }
        s.into_bytes()
    }

    fn public(&self) -> Result<PublicKey, VaultError> {
        let pk: [u8; 32] = self
            .public_key
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::Malformed("public key length"))?;
        Ok(PublicKey::from(pk))
    }

    fn seal_db_key(
        &mut self,
        vault_id: &[u8],
        generation: u64,
        key: &DbKey,
    ) -> Result<(), VaultError> {
        let aad = self.aad(vault_id, "dbkey", Some(generation));
        self.sealed_db_key = seal_to_public(&self.public()?, key.as_bytes(), &aad)?;
        Ok(())
    }

    fn open_db_key(
        &self,
        vault_id: &[u8],
        generation: u64,
        secret: &StaticSecret,
    ) -> Result<DbKey, VaultError> {
        if PublicKey::from(secret).as_bytes().as_slice() != self.public_key.as_slice() {
            return Err(VaultError::Tampered);
        }
        let aad = self.aad(vault_id, "dbkey", Some(generation));
        let plain = open_with_secret(secret, &self.sealed_db_key, &aad)
            .map_err(|_| VaultError::Tampered)?;
        let bytes: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::Tampered)?;
        Ok(DbKey::from_bytes(bytes))
    }

    /// A new user slot with a fresh key pair, its private key sealed under the password.
    fn new_user(
        vault_id: &[u8],
        generation: u64,
        db_key: &DbKey,
        user_id: i64,
        username: &str,
        password: &Password,
        kdf: KdfParams,
    ) -> Result<Slot, VaultError> {
        kdf.check()?;
        let secret = StaticSecret::random_from_rng(OsRng);
        let mut slot = Slot {
            id: random::<8>()?.to_vec(),
            public_key: PublicKey::from(&secret).as_bytes().to_vec(),
            user: Some(UserPart {
                user_id,
                tag: user_tag(vault_id, username),
                kdf,
                salt: random::<16>()?.to_vec(),
                sealed_secret: Sealed {
                    nonce: vec![],
                    ct: vec![],
                },
            }),
            sealed_db_key: placeholder_sealed(),
        };
        slot.seal_secret(vault_id, &secret, password)?;
        slot.seal_db_key(vault_id, generation, db_key)?;
        Ok(slot)
    }

    fn seal_secret(
        &mut self,
        vault_id: &[u8],
        secret: &StaticSecret,
        password: &Password,
    ) -> Result<(), VaultError> {
        let aad = self.aad(vault_id, "secret", None);
        let user = self.user.as_mut().ok_or(VaultError::NoSuchSlot)?;
        let salt: [u8; 16] = user
            .salt
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::Malformed("salt length"))?;
        let kek = user.kdf.derive(password.expose().as_bytes(), &salt)?;
        let bytes = Zeroizing::new(secret.to_bytes());
        user.sealed_secret = seal_with_key(&kek, bytes.as_ref(), &aad)?;
        Ok(())
    }

    fn open_secret(
        &self,
        vault_id: &[u8],
        password: &Password,
    ) -> Result<StaticSecret, VaultError> {
        let user = self.user.as_ref().ok_or(VaultError::NoSuchSlot)?;
        let salt: [u8; 16] = user
            .salt
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::Malformed("salt length"))?;
        let kek = user.kdf.derive(password.expose().as_bytes(), &salt)?;
        let aad = self.aad(vault_id, "secret", None);
        let plain = open_with_key(&kek, &user.sealed_secret, &aad)
            .map_err(|_| VaultError::WrongPassword)?;
        let bytes: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::Tampered)?;
        Ok(StaticSecret::from(bytes))
    }
}

fn placeholder_sealed() -> SealedToKey {
    SealedToKey {
        ephemeral: vec![],
        sealed: Sealed {
            nonce: vec![],
            ct: vec![],
        },
    }
}

impl KeyFile {
    /// A new vault's key material: a random database key, the first user's slot and the
    /// recovery slot. The recovery key is returned to be shown once.
    pub fn create(
        user_id: i64,
        username: &str,
        password: &Password,
        kdf: KdfParams,
    ) -> Result<(KeyFile, DbKey, RecoveryKey), VaultError> {
        kdf.check()?;
        let db_key = DbKey::generate();
        let vault_id = random::<16>()?.to_vec();
        let recovery = RecoveryKey::generate();
        let mut rslot = Slot {
            id: random::<8>()?.to_vec(),
            public_key: recovery.public().as_bytes().to_vec(),
            user: None,
            sealed_db_key: placeholder_sealed(),
        };
        rslot.seal_db_key(&vault_id, 1, &db_key)?;
        let uslot = Slot::new_user(&vault_id, 1, &db_key, user_id, username, password, kdf)?;
        let kf = KeyFile {
            format: FORMAT.into(),
            version: VERSION,
            vault_id,
            generation: 1,
            slots: vec![uslot, rslot],
        };
        Ok((kf, db_key, recovery))
    }

    pub fn from_json(bytes: &[u8]) -> Result<KeyFile, VaultError> {
        #[derive(Deserialize)]
        struct Head {
            format: String,
            version: u32,
        }
        let head: Head =
            serde_json::from_slice(bytes).map_err(|_| VaultError::Malformed("not a key file"))?;
        if head.format != FORMAT {
            return Err(VaultError::Malformed("not a key file"));
        }
        if head.version != VERSION {
            return Err(VaultError::UnsupportedVersion(head.version));
        }
        let kf: KeyFile = serde_json::from_slice(bytes)
            .map_err(|_| VaultError::Malformed("unexpected structure"))?;
        kf.validate()?;
        Ok(kf)
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("key file serialises")
    }

    fn validate(&self) -> Result<(), VaultError> {
        if self.vault_id.len() != 16 {
            return Err(VaultError::Malformed("vault id length"));
        }
        let recovery = self.slots.iter().filter(|s| s.user.is_none()).count();
        if recovery != 1 {
            return Err(VaultError::Malformed(
                "there must be exactly one recovery slot",
            ));
        }
        let mut ids = HashSet::new();
        for s in &self.slots {
            if s.public_key.len() != 32 {
                return Err(VaultError::Malformed("public key length"));
            }
            if let Some(u) = &s.user {
                u.kdf.check()?;
                if u.salt.len() != 16 || u.tag.len() != 32 {
                    return Err(VaultError::Malformed("slot field length"));
                }
                if !ids.insert(u.user_id) {
                    return Err(VaultError::Malformed("two slots for one user"));
                }
            }
        }
        Ok(())
    }

    pub fn load(path: &Path) -> Result<KeyFile, VaultError> {
        let bytes = std::fs::read(path)?;
        Self::from_json(&bytes)
    }

    /// Writes the key file atomically, keeping the previous version as `<path>.prev`.
    pub fn save(&self, path: &Path) -> Result<(), VaultError> {
        write_atomic(path, &self.to_json(), true)?;
        Ok(())
    }

    /// The vault's random identifier, in hex (not secret).
    pub fn vault_id(&self) -> String {
        hex(&self.vault_id)
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn slots(&self) -> Vec<SlotSummary> {
        self.slots
            .iter()
            .map(|s| SlotSummary {
                kind: if s.user.is_some() {
                    SlotKind::User
                } else {
                    SlotKind::Recovery
                },
                user_id: s.user.as_ref().map(|u| u.user_id),
                kdf: s.user.as_ref().map(|u| u.kdf),
            })
            .collect()
    }

    pub fn has_user(&self, user_id: i64) -> bool {
        self.user_slot_index(user_id).is_some()
    }

    fn user_slot_index(&self, user_id: i64) -> Option<usize> {
        self.slots
            .iter()
            .position(|s| s.user.as_ref().is_some_and(|u| u.user_id == user_id))
    }

    fn slot_by_username(&self, username: &str) -> Option<&Slot> {
        let tag = user_tag(&self.vault_id, username);
        self.slots
            .iter()
            .find(|s| s.user.as_ref().is_some_and(|u| u.tag == tag))
    }

    /// Opens the database key with a user's password. Returns the user id of the slot.
    /// An unknown username costs the same key derivation as a wrong password, so timing does
    /// not reveal which usernames exist.
    pub fn unlock_user(
        &self,
        username: &str,
        password: &Password,
    ) -> Result<(i64, DbKey), VaultError> {
        self.unlock_user_secret(username, password)
            .map(|(user_id, _, key)| (user_id, key))
    }

    /// Whether this key file has a slot for the username (a backup's key file may predate them).
    pub fn has_username(&self, username: &str) -> bool {
        self.slot_by_username(username).is_some()
    }

    /// Opens a user's slot with the password: the user id, the slot's X25519 secret (which opens
    /// backups sealed to the slot) and the database key. Costs one key derivation, as sign-in.
    pub fn unlock_user_secret(
        &self,
        username: &str,
        password: &Password,
    ) -> Result<(i64, StaticSecret, DbKey), VaultError> {
        let Some(slot) = self.slot_by_username(username) else {
            let _ = KdfParams::recommended().derive(password.expose().as_bytes(), &[0u8; 16]);
            return Err(VaultError::WrongPassword);
        };
        let secret = slot.open_secret(&self.vault_id, password)?;
        let key = slot.open_db_key(&self.vault_id, self.generation, &secret)?;
        let user_id = slot
            .user
            .as_ref()
            .map(|u| u.user_id)
            .ok_or(VaultError::NoSuchSlot)?;
        Ok((user_id, secret, key))
    }

    /// The public keys a backup is sealed to: the slots of these users (the administrators)
    /// and the recovery slot, labelled `user:<id>` and `recovery`. Removed users have no slot,
    /// so a backup made after their removal is out of their reach.
    pub fn recipients(&self, user_ids: &[i64]) -> Vec<(String, [u8; 32])> {
        self.slots
            .iter()
            .filter_map(|s| {
                let label = match &s.user {
                    Some(u) if user_ids.contains(&u.user_id) => format!("user:{}", u.user_id),
                    Some(_) => return None,
                    None => "recovery".to_string(),
                };
                let pk: [u8; 32] = s.public_key.as_slice().try_into().ok()?;
                Some((label, pk))
            })
            .collect()
    }

    pub fn unlock_recovery(&self, recovery: &RecoveryKey) -> Result<DbKey, VaultError> {
        let slot = self
            .slots
            .iter()
            .find(|s| s.user.is_none())
            .ok_or(VaultError::Malformed("no recovery slot"))?;
        if slot.public_key.as_slice() != recovery.public().as_bytes().as_slice() {
            return Err(VaultError::RecoveryKeyWrong);
        }
        slot.open_db_key(&self.vault_id, self.generation, recovery.secret())
    }

    /// Adds a slot for a user, or replaces theirs (a password reset by an administrator, who
    /// holds the database key but not the old password). The user gets a fresh key pair.
    pub fn set_user(
        &mut self,
        db_key: &DbKey,
        user_id: i64,
        username: &str,
        password: &Password,
        kdf: KdfParams,
    ) -> Result<(), VaultError> {
        let tag = user_tag(&self.vault_id, username);
        if self.slots.iter().any(|s| {
            s.user
                .as_ref()
                .is_some_and(|u| u.tag == tag && u.user_id != user_id)
        }) {
            return Err(VaultError::Malformed("username already has a slot"));
        }
        let slot = Slot::new_user(
            &self.vault_id,
            self.generation,
            db_key,
            user_id,
            username,
            password,
            kdf,
        )?;
        match self.user_slot_index(user_id) {
            Some(i) => self.slots[i] = slot,
            None => self.slots.push(slot),
        }
        Ok(())
    }

    /// Changes a user's password: the same key pair, its private key sealed anew.
    pub fn change_password(
        &mut self,
        username: &str,
        old: &Password,
        new: &Password,
        kdf: KdfParams,
    ) -> Result<(), VaultError> {
        kdf.check()?;
        let tag = user_tag(&self.vault_id, username);
        let idx = self
            .slots
            .iter()
            .position(|s| s.user.as_ref().is_some_and(|u| u.tag == tag))
            .ok_or(VaultError::WrongPassword)?;
        let vault_id = self.vault_id.clone();
        let secret = self.slots[idx].open_secret(&vault_id, old)?;
        let mut slot = self.slots[idx].clone();
        if let Some(u) = slot.user.as_mut() {
            u.kdf = kdf;
            u.salt = random::<16>()?.to_vec();
        }
        // The salt and parameters are in the associated data of both seals.
        slot.seal_secret(&vault_id, &secret, new)?;
        slot.seal_db_key(
            &vault_id,
            self.generation,
            &self.slots[idx].open_db_key(&vault_id, self.generation, &secret)?,
        )?;
        self.slots[idx] = slot;
        Ok(())
    }

    pub fn remove_user(&mut self, user_id: i64) -> Result<(), VaultError> {
        let idx = self
            .user_slot_index(user_id)
            .ok_or(VaultError::NoSuchSlot)?;
        self.slots.remove(idx);
        Ok(())
    }

    /// Seals a new database key to every slot's public key (users and recovery) without any
    /// password: what an administrator does after removing someone.
    pub fn rotate(&mut self, new_key: &DbKey) -> Result<(), VaultError> {
        let generation = self.generation + 1;
        let vault_id = self.vault_id.clone();
        for s in self.slots.iter_mut() {
            s.seal_db_key(&vault_id, generation, new_key)?;
        }
        self.generation = generation;
        Ok(())
    }
}

#[cfg(test)]
#[path = "keyfile_tests.rs"]
mod tests;
