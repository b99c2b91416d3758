use thiserror::Error;

/// Errors from key handling. None of them carries key material, passwords or names.
#[derive(Debug, Error)]
pub enum VaultError {
    #[error("the key file could not be read or written ({0})")]
    Io(#[from] std::io::Error),
    #[error("the key file is malformed: {0}")]
    Malformed(&'static str),
    #[error("the key file has format version {0}, which this build does not support")]
    UnsupportedVersion(u32),
    #[error("key derivation parameters are below the minimum (m >= 64 MiB, t >= 3, p >= 1)")]
    WeakKdf,
    #[error("no key slot for this user")]
    NoSuchSlot,
    #[error("the password does not open this key slot")]
    WrongPassword,
    #[error("the recovery key is not well-formed (check for typing mistakes)")]
    RecoveryKeyMalformed,
    #[error("the recovery key does not open this vault")]
    RecoveryKeyWrong,
    #[error("a sealed value failed authentication: the key file was altered")]
    Tampered,
    #[error("the operating system's random source failed")]
    Random,
}
