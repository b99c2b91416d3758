//! What can go wrong with certificates and TLS settings. Messages name no key material.
#[derive(Debug, thiserror::Error)]
pub enum OfficeError {
    /// A certificate, key or signing request could not be made or read.
    #[error("certificate: {0}")]
    Certificate(&'static str),
    /// A signing request that is malformed or not signed by its own key.
    #[error("the signing request is not valid")]
    BadRequest,
    /// The TLS settings could not be built (a key that does not fit its certificate).
    #[error("TLS settings: {0}")]
    Tls(String),
    /// A fingerprint that is not 64 hexadecimal digits.
    #[error("a fingerprint is 64 hexadecimal digits")]
    BadFingerprint,
    /// A file made on the server could not be written here.
    #[error("the file could not be written to the {0}")]
    Io(&'static str),
}

impl From<rustls::Error> for OfficeError {
    fn from(e: rustls::Error) -> Self {
        OfficeError::Tls(e.to_string())
    }
}
