//! IPC commands, one file per area. Each is a few lines: state in, one core call, error out.
pub mod auth;
pub mod consent;
pub mod contacts;
pub mod deals;
pub mod hr;
pub mod privacy;
pub mod requests;
pub mod settings;
pub mod transfer;
pub mod users;

pub type Reply<T> = Result<T, kluis_core::ApiError>;
