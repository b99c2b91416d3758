//! Errors of the core. Each variant is something a caller can act on; each maps to a stable
//! code at the IPC edge. None carries personal data, key material or passwords.
use serde::Serialize;
use thiserror::Error;
use ts_rs::TS;

/// Why a field was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ValidationReason {
    Required,
    TooLong,
    InvalidFormat,
    WeakPassword,
    SamePassword,
    WrongPassword,
    OutOfRange,
    /// Still needed elsewhere (e.g. a pipeline stage that holds deals), or already taken.
    InUse,
    /// Defined by the release, not editable (e.g. a built-in role).
    ReadOnly,
}

/// Plain English for the CLI and logs; the app translates the code instead.
impl std::fmt::Display for ValidationReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ValidationReason::Required => "a value is required",
            ValidationReason::TooLong => "the value is too long",
            ValidationReason::InvalidFormat => "the value has the wrong format",
            ValidationReason::WeakPassword => "the password is too easy to guess",
            ValidationReason::SamePassword => "the new password is the same as the old one",
            ValidationReason::WrongPassword => "the password is wrong",
            ValidationReason::OutOfRange => "the value is out of range",
            ValidationReason::InUse => "is in use (still needed, or already taken)",
            ValidationReason::ReadOnly => "built in, so it cannot be changed",
        })
    }
}

#[derive(Debug, Error)]
pub enum CoreError {
    #[error("there is no vault in this folder")]
    VaultNotFound,
    #[error("a vault already exists in this folder")]
    VaultExists,
    #[error("this vault is open in another Kluis window or command")]
    VaultInUse,
    #[error("the key file is missing; restore it from a backup")]
    KeyFileMissing,
    #[error("the key file is damaged ({0}); restore it from a backup")]
    KeyFileCorrupt(&'static str),
    #[error("the database cannot be decrypted or is damaged")]
    DatabaseUnreadable,
    #[error("the key file (kluis.keys) was altered or swapped: a key slot does not authenticate; nothing was opened. Put back the key file from the vault's last backup, or ask an administrator")]
    KeyFileTampered,
    #[error("the {0} key has not been handed to you yet: it is handed over when a colleague who holds it signs in, or by an administrator with the recovery key")]
    CategoryKeyUnavailable(&'static str),
    #[error("wrong username or password")]
    AuthFailed,
    #[error("too many failed attempts; try again in {retry_after_secs} s")]
    Throttled { retry_after_secs: u32 },
    #[error("this account is disabled")]
    AccountDisabled,
    #[error("the recovery key is not valid for this vault")]
    RecoveryKeyInvalid,
    #[error("the password must be changed first")]
    PasswordChangeRequired,
    #[error("the session is locked")]
    Locked,
    #[error("not allowed")]
    Denied,
    #[error("{field}: {reason}")]
    Invalid {
        field: &'static str,
        reason: ValidationReason,
    },
    #[error("no such user")]
    UserNotFound,
    #[error("no such record")]
    NotFound,
    #[error("that username is taken")]
    UsernameTaken,
    #[error("the last active administrator cannot be removed, disabled or demoted")]
    LastAdmin,
    #[error("you cannot do this to your own account")]
    SelfAction,
    /// Someone saved this record since it was read (office mode: another desktop). Nothing was
    /// changed; the details say who, when, and the version to save over on purpose.
    #[error("this record was changed by someone else since it was opened; nothing was saved")]
    Conflict(Box<Conflict>),
    #[error("this person's processing is restricted (Art. 18 GDPR): the data is kept but read-only and not used")]
    Restricted,
    #[error(
        "this purpose does not rest on consent, so consent is neither asked nor withdrawn for it"
    )]
    NotConsentBasis,
    #[error(
        "the statement version does not belong to this purpose or to the language it was shown in"
    )]
    StatementMismatch,
    #[error("this person's data is under a legal hold (restricted for legal claims) and cannot be erased until it is lifted")]
    LegalHold,
    #[error("the passphrase or key does not open this sealed file")]
    SealedWrongSecret,
    #[error("this sealed file cannot be opened: {0}")]
    SealedDamaged(&'static str),
    #[error("this backup belongs to another vault")]
    BackupForeignVault,
    #[error("the key this backup was sealed with has not been handed to you: open it with the recovery key, or ask an administrator who holds the backup key")]
    BackupNotForUser,
    #[error("the backup opened but failed its check: {0}")]
    BackupCheckFailed(&'static str),
    #[error("this backup file cannot be shown to be one this vault made: it was altered or forged. Nothing was restored; use another backup")]
    BackupUnauthenticated,
    #[error("this backup was made by an earlier version of Kluis, which did not authenticate its backups; it is not restored. Make a new backup now")]
    BackupOldFormat,
    #[error("no vault can be read here, so erasures made after this backup cannot be applied again: type the confirmation to restore anyway")]
    RestoreNeedsConfirmation,
    #[error("the backup folder cannot be written to (missing, read-only or not allowed)")]
    BackupFolderUnwritable,
    #[error("the disk is full")]
    DiskFull,
    #[error("cancelled; nothing was changed")]
    Cancelled,
    #[error("database error")]
    /// The database engine failed (the store says how; nothing of it reaches the user).
    Db(#[source] Box<dyn std::error::Error + Send + Sync>),
    #[error("file error ({0})")]
    Io(std::io::ErrorKind),
    #[error("internal error ({0})")]
    Internal(&'static str),
    /// Office mode: what the office server, or the way to it, answered.
    #[error("office server: {0:?}")]
    Office(OfficeFailure),
}

pub type CoreResult<T> = Result<T, CoreError>;

/// Who saved a record last and when, shown to the person whose save was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// The version the record is at now.
    pub version: i64,
    /// The display name of the staff member who saved it (None: a change from before versions).
    pub changed_by: Option<String>,
    /// When, as stored (UTC, RFC 3339).
    pub changed_at: String,
}

/// Why a desktop connected to the office's Kluis got no answer from the core there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficeFailure {
    /// Asked of a vault on this computer (devices, unlocking a server).
    OnlyConnected,
    Unreachable,
    /// The connection broke after a request left, and sending it again got no answer either:
    /// whether the server did it is not known (sending it again later does it at most once).
    ConnectionLost,
    /// Restarted and not unlocked yet.
    Sealed,
    /// Refused for another reason (a request the server would not take).
    Refused,
    /// This computer's certificate was refused in the handshake.
    DeviceRefused,
    DeviceRevoked,
    /// The window's session token is no longer known (server restarted, signed out elsewhere).
    SessionEnded,
    CodeInvalid,
    TooManyCodes,
    /// The server did not show the CA with the fingerprint typed; nothing was sent.
    Fingerprint,
    /// Unattended restart was not allowed in Settings > Security (or was turned off).
    UnattendedNotAllowed,
    /// The host's credential does not open this vault (replaced, turned off, or not Kluis's).
    UnattendedCredential,
}

impl CoreError {
    pub fn invalid(field: &'static str, reason: ValidationReason) -> Self {
        CoreError::Invalid { field, reason }
    }
}

impl From<std::io::Error> for CoreError {
    fn from(e: std::io::Error) -> Self {
        if e.kind() == std::io::ErrorKind::StorageFull {
            return CoreError::DiskFull;
        }
        CoreError::Io(e.kind())
    }
}

impl From<kluis_vault::VaultError> for CoreError {
    fn from(e: kluis_vault::VaultError) -> Self {
        use kluis_vault::VaultError as V;
        match e {
            V::Io(io) if io.kind() == std::io::ErrorKind::NotFound => CoreError::KeyFileMissing,
            V::Io(io) => CoreError::Io(io.kind()),
            V::Malformed(what) => CoreError::KeyFileCorrupt(what),
            V::UnsupportedVersion(_) => CoreError::KeyFileCorrupt("unsupported version"),
            V::WeakKdf => CoreError::KeyFileCorrupt("key derivation parameters below the minimum"),
            V::NoSuchSlot | V::WrongPassword => CoreError::AuthFailed,
            V::RecoveryKeyMalformed | V::RecoveryKeyWrong => CoreError::RecoveryKeyInvalid,
            V::Tampered => CoreError::KeyFileTampered,
            V::Random => CoreError::Internal("random source"),
        }
    }
}
