//! The command table: every operation the window (and, later, a remote desktop or the UI test
//! bridge) may call is declared here once, with its name, its arguments and result, the rights it
//! needs and the core service it calls. The Tauri shell dispatches through it, and the
//! TypeScript client, the capability file and the command list are generated from it
//! (`cargo test -p kluis-api` writes them; CI fails when they differ from the committed ones).
//!
//! A table entry is the whole command: arguments in, one core service, the reply out. What
//! differs between hosts (a native file dialog on the desktop, none in a test) comes in through
//! `Host`; what a window holds between calls (the vault, its session, a staged import) is the
//! `Desk`.
mod call;
mod desk;
mod macros;
#[cfg(feature = "test-kdf")]
pub mod matrix;
mod needs;
pub mod spec;
mod table;

pub use call::{Call, Host, Later, Link, OfficeServer, Reply};
pub use desk::{Desk, DialogTargets};
pub use needs::{Grant, Needs};
pub use table::{dispatch, is_local, names, needs_of, takes_file};

#[cfg(test)]
mod generate;
