//! `kluis-server`: one vault on the office host, served to every enrolled desktop. It runs
//! kluis-core over the vault exactly as a desktop does (the same command table, the same
//! `Desk` per connected window) and holds no rules of its own; what it adds is who may connect
//! (mutual TLS with the office's own CA, revocable devices), sealing after a restart, and
//! enrolment. See ../shared/design/OFFICE.md.
#[cfg(feature = "bench")]
pub mod bench;
pub mod codes;
pub mod config;
pub mod control;
pub mod devices;
pub mod http;
pub mod office;
pub mod replay;
pub mod serve;
pub mod setup;
pub mod state;
pub mod tls;

pub use config::{Config, ServerPaths};
pub use office::Office;
pub use serve::{start, Running};
