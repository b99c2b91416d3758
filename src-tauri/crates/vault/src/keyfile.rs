//! The key file (`kluis.keys`): one slot per user plus one recovery slot. Each slot holds the
//! database key (and the category keys its owner's roles grant) sealed to the slot's X25519
//! public key. Slot metadata is bound as AEAD associated data, so editing a user id, salt,
//! parameter or generation breaks the seal.
//!
//! Sealing to a public key needs no secret, so a sealed key alone proves nothing about who
//! sealed it. Every slot therefore carries a MAC over all it holds, under the slot's own
//! authentication key: derived from the slot's private key (which only its owner can open, with
//! the password or the recovery key) and kept wrapped under the database key for those who
//! rotate keys. Someone who can write the vault folder but holds neither cannot seal a key of
//! their choosing to anyone's slot: the owner's unlock refuses it as altered.
//!
//! Format version 2. Version 1 files are read; their slots stay "legacy" (no MAC) until their
//! owner signs in, when the slot is upgraded. A version 2 slot cannot be passed off as legacy:
//! its private key is sealed under associated data that names version 2.
use crate::atomic::write_atomic;
use crate::field::CategoryKey;
use crate::kdf::KdfParams;
use crate::recovery::RecoveryKey;
use crate::seal::{b64, open_with_key, open_with_secret, seal_to_public, seal_with_key};
use crate::seal::{Sealed, SealedToKey};
use crate::secret::{DbKey, Password};
use crate::VaultError;
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::path::Path;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

const FORMAT: &str = "kluis-keys";
const VERSION: u32 = 2;
/// Slots written by this version; 1 is a legacy slot read from an older file.
const SLOT_VERSION: u32 = 2;

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

fn one() -> u32 {
    1
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Slot {
    #[serde(with = "b64")]
    id: Vec<u8>,
    /// 2: authenticated; 1: a legacy slot from a version 1 file, not yet upgraded.
    #[serde(default = "one")]
    v: u32,
    #[serde(with = "b64")]
    public_key: Vec<u8>,
    /// Present for user slots, absent for the recovery slot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    user: Option<UserPart>,
    /// Present for the host slot (unattended restart of an office server).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    host: Option<HostPart>,
    /// Absent while the user is disabled: the key pair stays, the database key is withheld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sealed_db_key: Option<SealedToKey>,
    /// Category keys (hr, special, backup) the owner's roles grant: every version of each, so
    /// values and backups written under an earlier key stay readable to those who may.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    category_keys: Vec<CategorySeal>,
    /// The slot's authentication key, wrapped under the database key (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    wrapped_auth: Option<Sealed>,
    /// HMAC-SHA256 over everything in the slot, under its authentication key (version 2).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "b64_opt")]
    mac: Option<Vec<u8>>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CategorySeal {
    category: String,
    key_id: u32,
    sealed: SealedToKey,
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

/// The host slot: the database key sealed to a key pair whose private key only the office
/// server's host holds (in systemd's encrypted credentials), so the server can unlock itself
/// after a restart. It holds no category key, ever: what it opens is what an administrator
/// would see without the hr and special keys.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct HostPart {
    /// The administrator the host acts for: their rights are checked at every unlock.
    acting_user_id: i64,
    /// When the slot was made (RFC 3339).
    since: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    User,
    Recovery,
    Host,
}

/// Whose slot: a user's, the recovery slot, or the office server host's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Holder {
    User(i64),
    Recovery,
    Host,
}

/// The host slot as it describes itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostSlot {
    pub acting_user_id: i64,
    pub since: String,
}

/// What a slot says about itself, for `verify` and admin screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotSummary {
    pub kind: SlotKind,
    pub user_id: Option<i64>,
    pub kdf: Option<KdfParams>,
    /// Not yet upgraded to an authenticated slot (its owner has not signed in since).
    pub legacy: bool,
    /// Holds the database key (false while the user is disabled).
    pub enabled: bool,
    /// The categories whose keys it holds, with their key ids.
    pub categories: Vec<(String, u32)>,
}

/// What an opened slot yields.
pub struct Unlocked {
    pub holder: Holder,
    /// None while the user is disabled.
    pub db_key: Option<DbKey>,
    /// The category keys the slot holds, every version: (category, key id, key).
    pub categories: Vec<(String, u32, CategoryKey)>,
    /// A legacy slot, to be upgraded with `KeyFile::upgrade` now that its owner is here.
    pub legacy: bool,
    secret: StaticSecret,
    /// The key the password derived (user slots), kept for the upgrade so it costs no second
    /// key derivation.
    kek: Option<Zeroizing<[u8; 32]>>,
}

impl std::fmt::Debug for Unlocked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Unlocked")
            .field("holder", &self.holder)
            .finish_non_exhaustive()
    }
}

impl Unlocked {
    pub fn user_id(&self) -> Option<i64> {
        match self.holder {
            Holder::User(id) => Some(id),
            Holder::Recovery | Holder::Host => None,
        }
    }

    /// The X25519 secret of the slot (opens what is sealed to it).
    pub fn secret(&self) -> &StaticSecret {
        &self.secret
    }

    /// The newest key of a category the slot holds.
    /// Forgets the password-derived key (kept only for a legacy slot's upgrade).
    pub fn forget_password_key(&mut self) {
        self.kek = None;
    }

    pub fn category(&self, name: &str) -> Option<(u32, &CategoryKey)> {
        self.categories
            .iter()
            .filter(|(n, _, _)| n == name)
            .max_by_key(|(_, id, _)| *id)
            .map(|(_, id, k)| (*id, k))
    }
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

fn hkdf32(ikm: &[u8], salt: &[u8], info: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut out = Zeroizing::new([0u8; 32]);
    Hkdf::<Sha256>::new(Some(salt), ikm)
        .expand(info, out.as_mut())
        .expect("32-byte HKDF output");
    out
}

/// The slot's authentication key: only the holder of its private key derives it.
fn auth_key(secret: &StaticSecret, vault_id: &[u8], slot_id: &[u8]) -> Zeroizing<[u8; 32]> {
    let bytes = Zeroizing::new(secret.to_bytes());
    let mut info = b"kluis/keys/slot-auth/v2\0".to_vec();
    info.extend_from_slice(slot_id);
    hkdf32(bytes.as_ref(), vault_id, &info)
}

/// The key authentication keys are wrapped under: every holder of the database key has it.
fn auth_wrap_key(db_key: &DbKey, vault_id: &[u8]) -> Zeroizing<[u8; 32]> {
    hkdf32(db_key.as_bytes(), vault_id, b"kluis/keys/auth-wrap/v2")
}

/// Length-prefixed fields for the MAC, so no two different slots serialise the same.
struct MacInput(Vec<u8>);

impl MacInput {
    fn field(&mut self, b: &[u8]) -> &mut Self {
        self.0.extend_from_slice(&(b.len() as u64).to_le_bytes());
        self.0.extend_from_slice(b);
        self
    }
    fn sealed(&mut self, s: &Sealed) -> &mut Self {
        self.field(&s.nonce).field(&s.ct)
    }
    fn sealed_to_key(&mut self, s: &SealedToKey) -> &mut Self {
        self.field(&s.ephemeral).sealed(&s.sealed)
    }
}

impl Slot {
    fn aad(&self, vault_id: &[u8], purpose: &str, extra: Option<String>) -> Vec<u8> {
        let mut s = format!(
            "kluis-keys/v{}\0{purpose}\0vault={}\0slot={}\0pk={}",
            self.v,
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
        if let Some(h) = &self.host {
            s.push_str(&format!("\0host={}\0since={}", h.acting_user_id, h.since));
        }
        if let Some(e) = extra {
            s.push('\0');
            s.push_str(&e);
        }
        s.into_bytes()
    }

    fn db_aad(&self, vault_id: &[u8], generation: u64) -> Vec<u8> {
        self.aad(vault_id, "dbkey", Some(format!("gen={generation}")))
    }

    fn category_aad(&self, vault_id: &[u8], name: &str, key_id: u32) -> Vec<u8> {
        self.aad(
            vault_id,
            "category",
            Some(format!("cat={name}\0kid={key_id}")),
        )
    }

    fn holder(&self) -> Holder {
        match (&self.user, &self.host) {
            (Some(u), _) => Holder::User(u.user_id),
            (None, Some(_)) => Holder::Host,
            (None, None) => Holder::Recovery,
        }
    }

    fn public(&self) -> Result<PublicKey, VaultError> {
        let pk: [u8; 32] = self
            .public_key
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::Malformed("public key length"))?;
        Ok(PublicKey::from(pk))
    }

    fn mac_input(&self, vault_id: &[u8], generation: u64) -> Vec<u8> {
        let mut m = MacInput(Vec::new());
        m.field(b"kluis-keys/v2/slot-mac")
            .field(vault_id)
            .field(&generation.to_le_bytes())
            .field(&self.id)
            .field(&self.v.to_le_bytes())
            .field(&self.public_key);
        match &self.user {
            Some(u) => {
                m.field(b"user")
                    .field(&u.user_id.to_le_bytes())
                    .field(&u.tag)
                    .field(&u.kdf.m_kib.to_le_bytes())
                    .field(&u.kdf.t.to_le_bytes())
                    .field(&u.kdf.p.to_le_bytes())
                    .field(&u.salt)
                    .sealed(&u.sealed_secret);
            }
            None => match &self.host {
                Some(h) => {
                    m.field(b"host")
                        .field(&h.acting_user_id.to_le_bytes())
                        .field(h.since.as_bytes());
                }
                None => {
                    m.field(b"recovery");
                }
            },
        }
        match &self.sealed_db_key {
            Some(s) => m.field(b"db").sealed_to_key(s),
            None => m.field(b"no-db"),
        };
        m.field(&(self.category_keys.len() as u64).to_le_bytes());
        for c in &self.category_keys {
            m.field(c.category.as_bytes())
                .field(&c.key_id.to_le_bytes())
                .sealed_to_key(&c.sealed);
        }
        match &self.wrapped_auth {
            Some(w) => m.sealed(w),
            None => m.field(b""),
        };
        m.0
    }

    fn compute_mac(&self, auth: &[u8; 32], vault_id: &[u8], generation: u64) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(auth).expect("any key length");
        mac.update(&self.mac_input(vault_id, generation));
        mac.finalize().into_bytes().to_vec()
    }

    /// Checks the slot's MAC with its authentication key (constant time).
    fn verify_mac(
        &self,
        auth: &[u8; 32],
        vault_id: &[u8],
        generation: u64,
    ) -> Result<(), VaultError> {
        let Some(stored) = &self.mac else {
            return Err(VaultError::Tampered);
        };
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(auth).expect("any key length");
        mac.update(&self.mac_input(vault_id, generation));
        mac.verify_slice(stored).map_err(|_| VaultError::Tampered)
    }

    /// The authentication key as the database key's holders get it.
    fn unwrap_auth(
        &self,
        vault_id: &[u8],
        db_key: &DbKey,
    ) -> Result<Zeroizing<[u8; 32]>, VaultError> {
        let w = self.wrapped_auth.as_ref().ok_or(VaultError::Tampered)?;
        let plain = open_with_key(
            &auth_wrap_key(db_key, vault_id),
            w,
            &self.aad(vault_id, "auth", None),
        )
        .map_err(|_| VaultError::Tampered)?;
        let mut out = Zeroizing::new([0u8; 32]);
        if plain.len() != 32 {
            return Err(VaultError::Tampered);
        }
        out.copy_from_slice(&plain);
        Ok(out)
    }

    /// Wraps `auth` under the database key and recomputes the MAC (version 2 slots).
    fn authenticate(
        &mut self,
        auth: &[u8; 32],
        vault_id: &[u8],
        generation: u64,
        db_key: &DbKey,
    ) -> Result<(), VaultError> {
        self.wrapped_auth = Some(seal_with_key(
            &auth_wrap_key(db_key, vault_id),
            auth,
            &self.aad(vault_id, "auth", None),
        )?);
        self.mac = Some(self.compute_mac(auth, vault_id, generation));
        Ok(())
    }

    /// Re-MACs after a change, with the authentication key the database key unwraps.
    /// Legacy slots have neither and are left as they are.
    fn reauthenticate(
        &mut self,
        vault_id: &[u8],
        generation: u64,
        db_key: &DbKey,
    ) -> Result<(), VaultError> {
        if self.v < 2 {
            return Ok(());
        }
        let auth = self.unwrap_auth(vault_id, db_key)?;
        self.authenticate(&auth, vault_id, generation, db_key)
    }

    fn seal_db_key(
        &mut self,
        vault_id: &[u8],
        generation: u64,
        key: &DbKey,
    ) -> Result<(), VaultError> {
        let aad = self.db_aad(vault_id, generation);
        self.sealed_db_key = Some(seal_to_public(&self.public()?, key.as_bytes(), &aad)?);
        Ok(())
    }

    fn seal_category(
        &mut self,
        vault_id: &[u8],
        name: &str,
        key_id: u32,
        key: &CategoryKey,
    ) -> Result<(), VaultError> {
        let aad = self.category_aad(vault_id, name, key_id);
        let sealed = seal_to_public(&self.public()?, key.as_bytes(), &aad)?;
        self.category_keys
            .retain(|c| !(c.category == name && c.key_id == key_id));
        self.category_keys.push(CategorySeal {
            category: name.to_string(),
            key_id,
            sealed,
        });
        self.category_keys
            .sort_by(|a, b| (&a.category, a.key_id).cmp(&(&b.category, b.key_id)));
        Ok(())
    }

    /// Opens what the slot holds with its private key: the MAC first (version 2), then the
    /// database key and the category keys.
    fn open_with(
        &self,
        vault_id: &[u8],
        generation: u64,
        secret: StaticSecret,
        kek: Option<Zeroizing<[u8; 32]>>,
    ) -> Result<Unlocked, VaultError> {
        if PublicKey::from(&secret).as_bytes().as_slice() != self.public_key.as_slice() {
            return Err(VaultError::Tampered);
        }
        if self.v >= 2 {
            self.verify_mac(&auth_key(&secret, vault_id, &self.id), vault_id, generation)?;
        }
        let db_key = match &self.sealed_db_key {
            Some(s) => {
                let plain = open_with_secret(&secret, s, &self.db_aad(vault_id, generation))
                    .map_err(|_| VaultError::Tampered)?;
                let bytes: [u8; 32] = plain
                    .as_slice()
                    .try_into()
                    .map_err(|_| VaultError::Tampered)?;
                Some(DbKey::from_bytes(bytes))
            }
            None => None,
        };
        let mut categories = Vec::new();
        for c in &self.category_keys {
            let plain = open_with_secret(
                &secret,
                &c.sealed,
                &self.category_aad(vault_id, &c.category, c.key_id),
            )
            .map_err(|_| VaultError::Tampered)?;
            let bytes: [u8; 32] = plain
                .as_slice()
                .try_into()
                .map_err(|_| VaultError::Tampered)?;
            categories.push((c.category.clone(), c.key_id, CategoryKey::from_bytes(bytes)));
        }
        Ok(Unlocked {
            holder: self.holder(),
            db_key,
            categories,
            legacy: self.v < 2,
            secret,
            kek,
        })
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
    ) -> Result<(Slot, StaticSecret), VaultError> {
        kdf.check()?;
        let secret = StaticSecret::random_from_rng(OsRng);
        let mut slot = Slot {
            id: random::<8>()?.to_vec(),
            v: SLOT_VERSION,
            public_key: PublicKey::from(&secret).as_bytes().to_vec(),
            host: None,
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
            sealed_db_key: None,
            category_keys: Vec::new(),
            wrapped_auth: None,
            mac: None,
        };
        let kek = slot.derive_kek(password)?;
        slot.seal_secret(vault_id, &secret, &kek)?;
        slot.seal_db_key(vault_id, generation, db_key)?;
        slot.authenticate(
            &auth_key(&secret, vault_id, &slot.id),
            vault_id,
            generation,
            db_key,
        )?;
        Ok((slot, secret))
    }

    fn derive_kek(&self, password: &Password) -> Result<Zeroizing<[u8; 32]>, VaultError> {
        let user = self.user.as_ref().ok_or(VaultError::NoSuchSlot)?;
        let salt: [u8; 16] = user
            .salt
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::Malformed("salt length"))?;
        user.kdf.derive(password.expose().as_bytes(), &salt)
    }

    fn seal_secret(
        &mut self,
        vault_id: &[u8],
        secret: &StaticSecret,
        kek: &[u8; 32],
    ) -> Result<(), VaultError> {
        let aad = self.aad(vault_id, "secret", None);
        let user = self.user.as_mut().ok_or(VaultError::NoSuchSlot)?;
        let bytes = Zeroizing::new(secret.to_bytes());
        user.sealed_secret = seal_with_key(kek, bytes.as_ref(), &aad)?;
        Ok(())
    }

    /// Opens the private key with the password-derived key. A version 2 slot presented as
    /// legacy (its MAC stripped to pass a forged key) is caught here: its private key was
    /// sealed under associated data naming version 2.
    fn open_secret(&self, vault_id: &[u8], kek: &[u8; 32]) -> Result<StaticSecret, VaultError> {
        let user = self.user.as_ref().ok_or(VaultError::NoSuchSlot)?;
        let plain = match open_with_key(
            kek,
            &user.sealed_secret,
            &self.aad(vault_id, "secret", None),
        ) {
            Ok(p) => p,
            Err(()) if self.v < SLOT_VERSION => {
                let mut as_current = self.clone();
                as_current.v = SLOT_VERSION;
                let aad = as_current.aad(vault_id, "secret", None);
                if open_with_key(kek, &user.sealed_secret, &aad).is_ok() {
                    return Err(VaultError::Tampered);
                }
                return Err(VaultError::WrongPassword);
            }
            Err(()) => return Err(VaultError::WrongPassword),
        };
        let bytes: [u8; 32] = plain
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::Tampered)?;
        Ok(StaticSecret::from(bytes))
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
            v: SLOT_VERSION,
            public_key: recovery.public().as_bytes().to_vec(),
            user: None,
            host: None,
            sealed_db_key: None,
            category_keys: Vec::new(),
            wrapped_auth: None,
            mac: None,
        };
        rslot.seal_db_key(&vault_id, 1, &db_key)?;
        let auth = auth_key(recovery.secret(), &vault_id, &rslot.id);
        rslot.authenticate(&auth, &vault_id, 1, &db_key)?;
        let (uslot, _) = Slot::new_user(&vault_id, 1, &db_key, user_id, username, password, kdf)?;
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
        if head.version != VERSION && head.version != 1 {
            return Err(VaultError::UnsupportedVersion(head.version));
        }
        let mut kf: KeyFile = serde_json::from_slice(bytes)
            .map_err(|_| VaultError::Malformed("unexpected structure"))?;
        if kf.version == 1 && kf.slots.iter().any(|s| s.v != 1) {
            return Err(VaultError::Malformed("unexpected structure"));
        }
        kf.validate()?;
        // Written back as version 2 (its legacy slots keep version 1 until upgraded).
        kf.version = VERSION;
        Ok(kf)
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).expect("key file serialises")
    }

    fn validate(&self) -> Result<(), VaultError> {
        if self.vault_id.len() != 16 {
            return Err(VaultError::Malformed("vault id length"));
        }
        let count = |h: Holder| self.slots.iter().filter(|s| s.holder() == h).count();
        if count(Holder::Recovery) != 1 {
            return Err(VaultError::Malformed(
                "there must be exactly one recovery slot",
            ));
        }
        if count(Holder::Host) > 1 {
            return Err(VaultError::Malformed("two host slots"));
        }
        let mut ids = HashSet::new();
        for s in &self.slots {
            if s.public_key.len() != 32 {
                return Err(VaultError::Malformed("public key length"));
            }
            if s.v != 1 && s.v != SLOT_VERSION {
                return Err(VaultError::Malformed("slot version"));
            }
            // A host slot is never legacy, never a user's, and holds no category key.
            if s.host.is_some()
                && (s.v != SLOT_VERSION || s.user.is_some() || !s.category_keys.is_empty())
            {
                return Err(VaultError::Malformed("host slot"));
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

    /// Writes the key file atomically (temp file, fsync, rename). No earlier version is kept:
    /// a rotation keeps what it needs in its journal, and only while it runs.
    pub fn save(&self, path: &Path) -> Result<(), VaultError> {
        write_atomic(path, &self.to_json(), false)?;
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
                kind: match s.holder() {
                    Holder::User(_) => SlotKind::User,
                    Holder::Recovery => SlotKind::Recovery,
                    Holder::Host => SlotKind::Host,
                },
                user_id: s.user.as_ref().map(|u| u.user_id),
                kdf: s.user.as_ref().map(|u| u.kdf),
                legacy: s.v < SLOT_VERSION,
                enabled: s.sealed_db_key.is_some(),
                categories: s
                    .category_keys
                    .iter()
                    .map(|c| (c.category.clone(), c.key_id))
                    .collect(),
            })
            .collect()
    }

    pub fn has_user(&self, user_id: i64) -> bool {
        self.slot_index(Holder::User(user_id)).is_some()
    }

    fn slot_index(&self, holder: Holder) -> Option<usize> {
        self.slots.iter().position(|s| s.holder() == holder)
    }

    fn slot_mut(&mut self, holder: Holder) -> Result<&mut Slot, VaultError> {
        let i = self.slot_index(holder).ok_or(VaultError::NoSuchSlot)?;
        Ok(&mut self.slots[i])
    }

    fn slot_by_username(&self, username: &str) -> Option<&Slot> {
        let tag = user_tag(&self.vault_id, username);
        self.slots
            .iter()
            .find(|s| s.user.as_ref().is_some_and(|u| u.tag == tag))
    }

    /// Whether this key file has a slot for the username.
    pub fn has_username(&self, username: &str) -> bool {
        self.slot_by_username(username).is_some()
    }

    /// Opens a user's slot with the password: the slot's MAC is checked, then the database key
    /// (None while the user is disabled) and the category keys are opened. An unknown username
    /// costs the same key derivation as a wrong password, so timing does not reveal which
    /// usernames exist.
    pub fn unlock_user(&self, username: &str, password: &Password) -> Result<Unlocked, VaultError> {
        let Some(slot) = self.slot_by_username(username) else {
            let _ = KdfParams::recommended().derive(password.expose().as_bytes(), &[0u8; 16]);
            return Err(VaultError::WrongPassword);
        };
        let kek = slot.derive_kek(password)?;
        let secret = slot.open_secret(&self.vault_id, &kek)?;
        slot.open_with(&self.vault_id, self.generation, secret, Some(kek))
    }

    pub fn unlock_recovery(&self, recovery: &RecoveryKey) -> Result<Unlocked, VaultError> {
        let i = self
            .slot_index(Holder::Recovery)
            .ok_or(VaultError::Malformed("no recovery slot"))?;
        let slot = &self.slots[i];
        if slot.public_key.as_slice() != recovery.public().as_bytes().as_slice() {
            return Err(VaultError::RecoveryKeyWrong);
        }
        slot.open_with(
            &self.vault_id,
            self.generation,
            recovery.secret().clone(),
            None,
        )
    }

    /// Adds the host slot, or replaces it with a fresh key pair (the old credential then opens
    /// nothing). Returns the private key, for the host's credential store and nowhere else.
    pub fn set_host(
        &mut self,
        db_key: &DbKey,
        acting_user_id: i64,
        since: &str,
    ) -> Result<Zeroizing<[u8; 32]>, VaultError> {
        let secret = StaticSecret::random_from_rng(OsRng);
        let mut slot = Slot {
            id: random::<8>()?.to_vec(),
            v: SLOT_VERSION,
            public_key: PublicKey::from(&secret).as_bytes().to_vec(),
            user: None,
            host: Some(HostPart {
                acting_user_id,
                since: since.to_string(),
            }),
            sealed_db_key: None,
            category_keys: Vec::new(),
            wrapped_auth: None,
            mac: None,
        };
        let vault_id = self.vault_id.clone();
        slot.seal_db_key(&vault_id, self.generation, db_key)?;
        let auth = auth_key(&secret, &vault_id, &slot.id);
        slot.authenticate(&auth, &vault_id, self.generation, db_key)?;
        self.slots.retain(|s| s.holder() != Holder::Host);
        self.slots.push(slot);
        Ok(Zeroizing::new(secret.to_bytes()))
    }

    /// Removes the host slot; whether there was one.
    pub fn remove_host(&mut self) -> bool {
        let before = self.slots.len();
        self.slots.retain(|s| s.holder() != Holder::Host);
        self.slots.len() != before
    }

    /// The host slot, if the vault has one.
    pub fn host(&self) -> Option<HostSlot> {
        self.slots.iter().find_map(|s| {
            s.host.as_ref().map(|h| HostSlot {
                acting_user_id: h.acting_user_id,
                since: h.since.clone(),
            })
        })
    }

    /// Opens the host slot with the private key the host kept. A key that does not belong to
    /// the current host slot (one replaced or removed since) opens nothing.
    pub fn unlock_host(&self, secret: &[u8; 32]) -> Result<Unlocked, VaultError> {
        let i = self
            .slot_index(Holder::Host)
            .ok_or(VaultError::NoSuchSlot)?;
        let secret = StaticSecret::from(*secret);
        if PublicKey::from(&secret).as_bytes().as_slice() != self.slots[i].public_key.as_slice() {
            return Err(VaultError::NoSuchSlot);
        }
        self.slots[i].open_with(&self.vault_id, self.generation, secret, None)
    }

    /// Opens the slot `unlocked` came from again with the private key it kept, for what has been
    /// sealed to it since (a category key handed over while its owner was signed in, a new
    /// version after a rotation). No password is needed; the MAC is checked as at sign-in.
    pub fn open_again(&self, unlocked: &Unlocked) -> Result<Unlocked, VaultError> {
        let i = self
            .slot_index(unlocked.holder)
            .ok_or(VaultError::NoSuchSlot)?;
        self.slots[i].open_with(
            &self.vault_id,
            self.generation,
            unlocked.secret.clone(),
            None,
        )
    }

    /// Upgrades the legacy slot `unlocked` was opened from to an authenticated one: its owner
    /// (password or recovery key) is the only one who can, since the MAC key comes from the
    /// slot's private key.
    pub fn upgrade(&mut self, unlocked: &Unlocked, db_key: &DbKey) -> Result<(), VaultError> {
        let vault_id = self.vault_id.clone();
        let generation = self.generation;
        let slot = self.slot_mut(unlocked.holder)?;
        if slot.v >= SLOT_VERSION {
            return Ok(());
        }
        slot.v = SLOT_VERSION;
        if slot.user.is_some() {
            let kek = unlocked.kek.as_ref().ok_or(VaultError::NoSuchSlot)?;
            slot.seal_secret(&vault_id, &unlocked.secret, kek)?;
        }
        // The associated data names the slot version: every seal is made again.
        if slot.sealed_db_key.is_some() {
            slot.seal_db_key(&vault_id, generation, db_key)?;
        }
        for (name, id, key) in &unlocked.categories {
            slot.seal_category(&vault_id, name, *id, key)?;
        }
        let auth = auth_key(&unlocked.secret, &vault_id, &slot.id);
        slot.authenticate(&auth, &vault_id, generation, db_key)
    }

    /// Adds a slot for a user, or replaces theirs (a password change, or a reset by an
    /// administrator who holds the database key but not the old password). Either way the user
    /// gets a fresh key pair and the slot holds no category key until they are sealed to it
    /// again: an old password with an old copy of the key file then opens nothing new. Returns
    /// the new slot as opened (its private key: what a session keeps to open what is sealed to
    /// it later).
    pub fn set_user(
        &mut self,
        db_key: &DbKey,
        user_id: i64,
        username: &str,
        password: &Password,
        kdf: KdfParams,
    ) -> Result<Unlocked, VaultError> {
        let tag = user_tag(&self.vault_id, username);
        if self.slots.iter().any(|s| {
            s.user
                .as_ref()
                .is_some_and(|u| u.tag == tag && u.user_id != user_id)
        }) {
            return Err(VaultError::Malformed("username already has a slot"));
        }
        let (slot, secret) = Slot::new_user(
            &self.vault_id,
            self.generation,
            db_key,
            user_id,
            username,
            password,
            kdf,
        )?;
        match self.slot_index(Holder::User(user_id)) {
            Some(i) => self.slots[i] = slot,
            None => self.slots.push(slot),
        }
        Ok(Unlocked {
            holder: Holder::User(user_id),
            db_key: Some(db_key.clone()),
            categories: Vec::new(),
            legacy: false,
            secret,
            kek: None,
        })
    }

    pub fn remove_user(&mut self, user_id: i64) -> Result<(), VaultError> {
        let idx = self
            .slot_index(Holder::User(user_id))
            .ok_or(VaultError::NoSuchSlot)?;
        self.slots.remove(idx);
        Ok(())
    }

    /// Withholds the database key and every category key from a disabled user's slot (the key
    /// pair stays, so enabling them again needs no new password), or seals the database key to
    /// it again.
    pub fn set_enabled(
        &mut self,
        user_id: i64,
        enabled: bool,
        db_key: &DbKey,
    ) -> Result<(), VaultError> {
        let vault_id = self.vault_id.clone();
        let generation = self.generation;
        let slot = self.slot_mut(Holder::User(user_id))?;
        if enabled {
            slot.seal_db_key(&vault_id, generation, db_key)?;
        } else {
            slot.sealed_db_key = None;
            slot.category_keys.clear();
        }
        slot.reauthenticate(&vault_id, generation, db_key)
    }

    /// Seals a new database key to every slot that holds the current one (users and recovery)
    /// without any password: what an administrator does after removing or disabling someone,
    /// and what a password change does. `old` unwraps the slots' authentication keys.
    pub fn rotate(&mut self, old: &DbKey, new: &DbKey) -> Result<(), VaultError> {
        let generation = self.generation + 1;
        let vault_id = self.vault_id.clone();
        let mut next = self.slots.clone();
        for s in next.iter_mut() {
            let auth = if s.v >= SLOT_VERSION {
                Some(s.unwrap_auth(&vault_id, old)?)
            } else {
                None
            };
            if s.sealed_db_key.is_some() {
                s.seal_db_key(&vault_id, generation, new)?;
            }
            if let Some(auth) = auth {
                s.authenticate(&auth, &vault_id, generation, new)?;
            }
        }
        self.slots = next;
        self.generation = generation;
        Ok(())
    }

    /// Seals one version of a category key to a holder's slot (earlier versions stay).
    pub fn set_category_key(
        &mut self,
        holder: Holder,
        category: &str,
        key_id: u32,
        key: &CategoryKey,
        db_key: &DbKey,
    ) -> Result<(), VaultError> {
        let vault_id = self.vault_id.clone();
        let generation = self.generation;
        let slot = self.slot_mut(holder)?;
        slot.seal_category(&vault_id, category, key_id, key)?;
        slot.reauthenticate(&vault_id, generation, db_key)
    }

    /// Takes every version of a category's key out of a holder's slot (no-op when it holds
    /// none).
    pub fn drop_category_key(
        &mut self,
        holder: Holder,
        category: &str,
        db_key: &DbKey,
    ) -> Result<(), VaultError> {
        let vault_id = self.vault_id.clone();
        let generation = self.generation;
        let slot = self.slot_mut(holder)?;
        let before = slot.category_keys.len();
        slot.category_keys.retain(|c| c.category != category);
        if slot.category_keys.len() != before {
            slot.reauthenticate(&vault_id, generation, db_key)?;
        }
        Ok(())
    }

    /// Who holds keys of this category, and which versions.
    pub fn category_holders(&self, category: &str) -> Vec<(Holder, Vec<u32>)> {
        self.slots
            .iter()
            .filter_map(|s| {
                let ids: Vec<u32> = s
                    .category_keys
                    .iter()
                    .filter(|c| c.category == category)
                    .map(|c| c.key_id)
                    .collect();
                (!ids.is_empty()).then(|| (s.holder(), ids))
            })
            .collect()
    }

    /// The recovery slot's public key (backups are sealed to it).
    pub fn recovery_public(&self) -> Result<[u8; 32], VaultError> {
        let i = self
            .slot_index(Holder::Recovery)
            .ok_or(VaultError::Malformed("no recovery slot"))?;
        self.slots[i]
            .public_key
            .as_slice()
            .try_into()
            .map_err(|_| VaultError::Malformed("public key length"))
    }

    /// The recovery slot's authentication key, as the database key's holders get it: what a
    /// backup is authenticated with for a restore with the recovery key. None while the
    /// recovery slot is a legacy one.
    pub fn recovery_auth_key(
        &self,
        db_key: &DbKey,
    ) -> Result<Option<Zeroizing<[u8; 32]>>, VaultError> {
        let i = self
            .slot_index(Holder::Recovery)
            .ok_or(VaultError::Malformed("no recovery slot"))?;
        let slot = &self.slots[i];
        if slot.v < SLOT_VERSION {
            return Ok(None);
        }
        slot.unwrap_auth(&self.vault_id, db_key).map(Some)
    }

    /// Checks every authenticated slot's MAC with the database key (Settings > Health).
    /// Returns how many slots failed and how many are still legacy.
    pub fn check_slots(&self, db_key: &DbKey) -> (usize, usize) {
        let mut failed = 0;
        let mut legacy = 0;
        for s in &self.slots {
            if s.v < SLOT_VERSION {
                legacy += 1;
                continue;
            }
            let ok = s
                .unwrap_auth(&self.vault_id, db_key)
                .and_then(|a| s.verify_mac(&a, &self.vault_id, self.generation))
                .is_ok();
            if !ok {
                failed += 1;
            }
        }
        (failed, legacy)
    }
}

/// The recovery key's authentication key for a vault (what `recovery_auth_key` unwraps),
/// derived by the recovery key's holder when opening a backup.
pub fn recovery_auth_from_key(kf: &KeyFile, recovery: &RecoveryKey) -> Option<Zeroizing<[u8; 32]>> {
    let i = kf.slot_index(Holder::Recovery)?;
    let slot = &kf.slots[i];
    (slot.public_key.as_slice() == recovery.public().as_bytes().as_slice())
        .then(|| auth_key(recovery.secret(), &kf.vault_id, &slot.id))
}

mod b64_opt {
    use data_encoding::BASE64;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => s.serialize_str(&BASE64.encode(v)),
            None => s.serialize_none(),
        }
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        let s: Option<String> = Option::deserialize(d)?;
        s.map(|s| {
            BASE64
                .decode(s.as_bytes())
                .map_err(|_| serde::de::Error::custom("invalid base64"))
        })
        .transpose()
    }
}

#[cfg(test)]
#[path = "keyfile_tests.rs"]
mod tests;
