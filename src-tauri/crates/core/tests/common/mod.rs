//! Shared set-up for the scenario tests: a fresh vault in a temp folder, fast key derivation,
//! a manual clock.
#![allow(dead_code)]
use chrono::TimeZone;
use kluis_core::clock::ManualClock;
use kluis_core::dto::{CreateVaultRequest, NewUserRequest};
use kluis_core::paths::VaultPaths;
use kluis_core::{KdfParams, Password, Session, Vault};
use std::sync::Arc;

pub const ADMIN_PW: &str = "paars-fietsbel-onder-regen";
pub const USER_PW: &str = "groene-theepot-op-zolder";

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub clock: Arc<ManualClock>,
}

impl Fixture {
    pub fn new() -> Self {
        Fixture {
            dir: tempfile::tempdir().unwrap(),
            clock: ManualClock::new(chrono::Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()),
        }
    }

    pub fn paths(&self) -> VaultPaths {
        VaultPaths::new(self.dir.path())
    }

    pub fn vault(&self) -> Vault {
        Vault::open(
            self.paths(),
            self.clock.clone(),
            KdfParams::fast_for_tests(),
        )
        .unwrap()
    }

    /// Creates the vault; returns the admin's session and the recovery key.
    pub fn create(&self, vault: &Vault) -> (Session, String) {
        let (s, rk) = vault
            .create(&CreateVaultRequest {
                org_name: "Bakkerij Jansen".into(),
                admin_username: "anna".into(),
                admin_display_name: "Anna de Vries".into(),
                password: ADMIN_PW.into(),
            })
            .unwrap();
        (s, rk.to_string())
    }
}

pub fn pw(s: &str) -> Password {
    Password::new(s)
}

pub fn new_user(username: &str, display: &str, role: &str) -> NewUserRequest {
    NewUserRequest {
        username: username.into(),
        display_name: display.into(),
        roles: vec![role.into()],
        initial_password: USER_PW.into(),
    }
}

/// Signs in a user added with `new_user` and replaces the initial password, as the app makes
/// them do at first sign-in. A password change rotates the database key, so sessions of this
/// process opened before it must sign in again (`again`).
pub fn signed_in(v: &Vault, username: &str) -> Session {
    let mut s = v.sign_in(username, &pw(USER_PW)).unwrap();
    kluis_core::account::change_password(&mut s, &pw(USER_PW), &pw("zilveren-maan-boven-zee"))
        .unwrap();
    s
}

/// The password `signed_in` gives its users.
pub const OWN_PW: &str = "zilveren-maan-boven-zee";

/// Signs the administrator ("anna") in again: after another session's password change rotated
/// the database key, an earlier session of the same process reads nothing.
pub fn again(v: &Vault) -> Session {
    v.sign_in("anna", &pw(ADMIN_PW)).unwrap()
}

/// The first sign-in of users added with `new_user` (each replaces the initial password, which
/// rotates the database key), then a session for each and for the administrator: sessions of
/// this process opened before a rotation read nothing afterwards, so all are opened after.
pub fn first_sign_ins(v: &Vault, names: &[&str]) -> (Session, Vec<Session>) {
    for n in names {
        drop(signed_in(v, n));
    }
    let sessions = names
        .iter()
        .map(|n| v.sign_in(n, &pw(OWN_PW)).unwrap())
        .collect();
    (again(v), sessions)
}

/// The vault's administrator and a privacy officer, "olga", both signed in.
pub fn with_privacy_officer(fx: &Fixture) -> (Session, Session) {
    let v = fx.vault();
    let (mut admin, _) = fx.create(&v);
    kluis_core::user_admin::add(
        &mut admin,
        &new_user("olga", "Olga Officier", "privacy_officer"),
    )
    .unwrap();
    drop(admin);
    let officer = signed_in(&v, "olga");
    (again(&v), officer)
}

// Reading a vault file as someone with its raw key would: every page decrypted.
pub const PAGE: usize = 4096;
pub const RESERVE: usize = 80; // IV (16) + HMAC-SHA512 (64), SQLCipher 4's defaults

/// The pages a WAL file holds: a 32-byte header, then frames of a 24-byte header and a page.
pub fn wal_pages(wal: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 32;
    while at + 24 + PAGE <= wal.len() {
        out.extend_from_slice(&[0u8; PAGE]);
        out.extend_from_slice(&wal[at + 24..at + 24 + PAGE]);
        at += 24 + PAGE;
    }
    out
}

/// Every 4 KiB page of `bytes` decrypted as SQLCipher 4 pages (AES-256-CBC, IV in the reserved
/// tail; page 1 after its 16-byte salt), lower-cased.
pub fn decrypted_pages(bytes: &[u8], key: &[u8; 32]) -> Vec<u8> {
    use aes::cipher::{block_padding::NoPadding, BlockDecryptMut, KeyIvInit};
    let mut out = Vec::with_capacity(bytes.len());
    for (n, page) in bytes.chunks(PAGE).enumerate() {
        if page.len() < PAGE {
            break;
        }
        let start = if n == 0 { 16 } else { 0 };
        let iv = &page[PAGE - RESERVE..PAGE - RESERVE + 16];
        let mut buf = page[start..PAGE - RESERVE].to_vec();
        cbc::Decryptor::<aes::Aes256>::new(key.into(), iv.into())
            .decrypt_padded_mut::<NoPadding>(&mut buf)
            .unwrap();
        out.extend_from_slice(&buf);
    }
    out.to_ascii_lowercase()
}

pub fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}
