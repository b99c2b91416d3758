//! Office mode's common ground, shared by `kluis-server` and the desktops and CLI that connect
//! to it: the office CA and the certificates it signs (`pki`), the fingerprint a person compares
//! when enrolling a desktop (`fingerprint`), the TLS settings of both ends (`tls`: TLS 1.3 only,
//! ring, the office CA as the only root), and the wire protocol (`wire`: paths, headers, bodies).
//!
//! No HTTP framework lives here, so the desktop does not compile the server's.
#[cfg(feature = "client")]
pub mod client;
pub mod error;
pub mod fingerprint;
pub mod pki;
pub mod profile;
pub mod tls;
pub mod wire;

pub use error::OfficeError;
pub use fingerprint::Fingerprint;
