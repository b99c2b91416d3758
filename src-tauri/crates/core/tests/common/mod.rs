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
/// them do at first sign-in.
pub fn signed_in(v: &Vault, username: &str) -> Session {
    let mut s = v.sign_in(username, &pw(USER_PW)).unwrap();
    kluis_core::account::change_password(&mut s, &pw(USER_PW), &pw("zilveren-maan-boven-zee"))
        .unwrap();
    s
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
    let officer = signed_in(&v, "olga");
    (admin, officer)
}
