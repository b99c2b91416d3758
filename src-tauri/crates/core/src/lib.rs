//! kluis-core: the domain of Kluis, testable without any UI.
//!
//! Shells (the Tauri app, the CLI) open a [`vault::Vault`], obtain a [`session::Session`] by
//! signing in, and call services with it. Services check rights, run in one transaction and
//! write the audit trail. SQL lives only in [`store`].

pub mod access;
pub mod account;
pub mod anchors;
pub mod api_error;
pub mod backup;
pub mod bench;
pub mod clock;
pub mod context;
pub mod crm;
pub mod daily;
pub mod demo;
pub mod dto;
pub mod error;
pub mod export;
pub mod fields;
pub mod files;
pub mod filters;
pub mod hardening;
pub mod health;
pub mod hr;
pub mod import;
pub mod job;
pub mod keyring;
pub mod keys;
pub mod ledger;
pub mod live;
pub mod office;
pub mod password;
pub mod paths;
pub mod privacy;
pub mod roles;
pub mod security;
pub mod session;
pub mod store;
pub mod switch;
#[cfg(feature = "test-kdf")]
pub mod testkit;
pub mod throttle;
pub mod unattended;
pub mod user_admin;
pub mod validate;
pub mod vault;
pub mod verify;

pub use api_error::{ApiError, ErrorCode};
pub use error::{CoreError, CoreResult};
pub use kluis_vault::{KdfParams, Password};
pub use session::{EndReason, Session, SessionSlot};
pub use vault::Vault;
