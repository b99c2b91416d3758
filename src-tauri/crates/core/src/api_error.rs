//! The one error shape every shell hands to its caller: `{ code, message, details }`.
use crate::error::{CoreError, ValidationReason};
use serde::Serialize;
use ts_rs::TS;

/// The one list of error codes: the enum, its wire names and `ErrorCode::ALL` (from which the
/// TypeScript client's list is generated) come from these lines.
macro_rules! error_codes {
    ($($variant:ident = $code:literal,)*) => {
        /// Stable error codes. The UI maps them to localised text; never rename one.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
        #[ts(export)]
        pub enum ErrorCode {
            $(#[serde(rename = $code)] $variant,)*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    VaultNotFound = "vault.not_found",
    VaultExists = "vault.exists",
    VaultInUse = "vault.in_use",
    KeyFileMissing = "vault.key_file_missing",
    KeyFileCorrupt = "vault.key_file_corrupt",
    DatabaseUnreadable = "vault.database_unreadable",
    KeyFileTampered = "vault.key_file_tampered",
    CategoryKeyUnavailable = "keys.category_unavailable",
    AuthFailed = "auth.failed",
    Throttled = "auth.throttled",
    AccountDisabled = "auth.account_disabled",
    RecoveryKeyInvalid = "auth.recovery_key_invalid",
    PasswordChangeRequired = "auth.password_change_required",
    Locked = "session.locked",
    Denied = "access.denied",
    Invalid = "validation.invalid",
    UserNotFound = "user.not_found",
    NotFound = "record.not_found",
    UsernameTaken = "user.username_taken",
    LastAdmin = "user.last_admin",
    SelfAction = "user.self",
    Restricted = "record.restricted",
    Conflict = "record.conflict",
    NotConsentBasis = "consent.not_consent_basis",
    StatementMismatch = "consent.statement_mismatch",
    LegalHold = "erasure.legal_hold",
    SealedWrongSecret = "sealed.wrong_secret",
    SealedDamaged = "sealed.damaged",
    BackupForeignVault = "backup.foreign_vault",
    BackupNotForUser = "backup.not_for_user",
    BackupCheckFailed = "backup.check_failed",
    BackupUnauthenticated = "backup.unauthenticated",
    BackupOldFormat = "backup.old_format",
    RestoreNeedsConfirmation = "backup.needs_confirmation",
    BackupFolderUnwritable = "backup.folder_unwritable",
    DiskFull = "disk.full",
    Cancelled = "job.cancelled",
    OfficeOnly = "office.only",
    ServerUnreachable = "server.unreachable",
    ServerConnectionLost = "server.connection_lost",
    ServerSealed = "server.sealed",
    ServerRefused = "server.refused",
    DeviceRefused = "device.refused",
    DeviceRevoked = "device.revoked",
    SessionEnded = "session.ended",
    EnrolCodeInvalid = "enrol.code_invalid",
    EnrolTooMany = "enrol.too_many",
    EnrolFingerprint = "enrol.fingerprint",
    UnattendedNotAllowed = "unattended.not_allowed",
    UnattendedCredential = "unattended.credential_invalid",
    Internal = "internal",
}

#[derive(Debug, Clone, Default, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ErrorDetails {
    pub field: Option<String>,
    pub reason: Option<ValidationReason>,
    pub retry_after_secs: Option<u32>,
    /// Which category key (hr, special, backup) is not available yet.
    pub category: Option<String>,
    /// A conflict: the version the record is at now (save over it on purpose with this one).
    #[ts(type = "number | null")]
    pub version: Option<i64>,
    /// A conflict: the staff member who saved the record last.
    pub changed_by: Option<String>,
    /// A conflict: when (UTC, RFC 3339).
    pub changed_at: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export, rename = "ApiErrorPayload")]
pub struct ApiError {
    pub code: ErrorCode,
    /// English, for logs of the developer's own machine and as a fallback; the UI shows its own
    /// localised text for the code.
    pub message: String,
    /// Boxed: most errors carry none, and the Result of every command stays small.
    pub details: Option<Box<ErrorDetails>>,
}

impl CoreError {
    pub fn code(&self) -> ErrorCode {
        use CoreError as E;
        match self {
            E::VaultNotFound => ErrorCode::VaultNotFound,
            E::VaultExists => ErrorCode::VaultExists,
            E::VaultInUse => ErrorCode::VaultInUse,
            E::KeyFileMissing => ErrorCode::KeyFileMissing,
            E::KeyFileCorrupt(_) => ErrorCode::KeyFileCorrupt,
            E::DatabaseUnreadable => ErrorCode::DatabaseUnreadable,
            E::KeyFileTampered => ErrorCode::KeyFileTampered,
            E::CategoryKeyUnavailable(_) => ErrorCode::CategoryKeyUnavailable,
            E::AuthFailed => ErrorCode::AuthFailed,
            E::Throttled { .. } => ErrorCode::Throttled,
            E::AccountDisabled => ErrorCode::AccountDisabled,
            E::RecoveryKeyInvalid => ErrorCode::RecoveryKeyInvalid,
            E::PasswordChangeRequired => ErrorCode::PasswordChangeRequired,
            E::Locked => ErrorCode::Locked,
            E::Denied => ErrorCode::Denied,
            E::Invalid { .. } => ErrorCode::Invalid,
            E::UserNotFound => ErrorCode::UserNotFound,
            E::NotFound => ErrorCode::NotFound,
            E::UsernameTaken => ErrorCode::UsernameTaken,
            E::LastAdmin => ErrorCode::LastAdmin,
            E::SelfAction => ErrorCode::SelfAction,
            E::Restricted => ErrorCode::Restricted,
            E::Conflict(_) => ErrorCode::Conflict,
            E::NotConsentBasis => ErrorCode::NotConsentBasis,
            E::StatementMismatch => ErrorCode::StatementMismatch,
            E::LegalHold => ErrorCode::LegalHold,
            E::SealedWrongSecret => ErrorCode::SealedWrongSecret,
            E::SealedDamaged(_) => ErrorCode::SealedDamaged,
            E::BackupForeignVault => ErrorCode::BackupForeignVault,
            E::BackupNotForUser => ErrorCode::BackupNotForUser,
            E::BackupCheckFailed(_) => ErrorCode::BackupCheckFailed,
            E::BackupUnauthenticated => ErrorCode::BackupUnauthenticated,
            E::BackupOldFormat => ErrorCode::BackupOldFormat,
            E::RestoreNeedsConfirmation => ErrorCode::RestoreNeedsConfirmation,
            E::BackupFolderUnwritable => ErrorCode::BackupFolderUnwritable,
            E::DiskFull => ErrorCode::DiskFull,
            E::Cancelled => ErrorCode::Cancelled,
            E::Office(f) => {
                use crate::error::OfficeFailure as O;
                match f {
                    O::OnlyConnected => ErrorCode::OfficeOnly,
                    O::Unreachable => ErrorCode::ServerUnreachable,
                    O::ConnectionLost => ErrorCode::ServerConnectionLost,
                    O::Sealed => ErrorCode::ServerSealed,
                    O::Refused => ErrorCode::ServerRefused,
                    O::DeviceRefused => ErrorCode::DeviceRefused,
                    O::DeviceRevoked => ErrorCode::DeviceRevoked,
                    O::SessionEnded => ErrorCode::SessionEnded,
                    O::CodeInvalid => ErrorCode::EnrolCodeInvalid,
                    O::TooManyCodes => ErrorCode::EnrolTooMany,
                    O::Fingerprint => ErrorCode::EnrolFingerprint,
                    O::UnattendedNotAllowed => ErrorCode::UnattendedNotAllowed,
                    O::UnattendedCredential => ErrorCode::UnattendedCredential,
                }
            }
            E::Db(_) | E::Io(_) | E::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn to_api(&self) -> ApiError {
        let details = match self {
            CoreError::Invalid { field, reason } => Some(ErrorDetails {
                field: Some((*field).to_string()),
                reason: Some(*reason),
                ..Default::default()
            }),
            CoreError::Throttled { retry_after_secs } => Some(ErrorDetails {
                retry_after_secs: Some(*retry_after_secs),
                ..Default::default()
            }),
            CoreError::CategoryKeyUnavailable(c) => Some(ErrorDetails {
                category: Some((*c).to_string()),
                ..Default::default()
            }),
            CoreError::Conflict(c) => Some(ErrorDetails {
                version: Some(c.version),
                changed_by: c.changed_by.clone(),
                changed_at: Some(c.changed_at.clone()),
                ..Default::default()
            }),
            _ => None,
        };
        ApiError {
            code: self.code(),
            message: self.to_string(),
            details: details.map(Box::new),
        }
    }
}

impl From<CoreError> for ApiError {
    fn from(e: CoreError) -> Self {
        e.to_api()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_their_stable_strings() {
        let mut seen = std::collections::BTreeSet::new();
        for &code in ErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, serde_json::Value::String(code.as_str().into()));
            assert!(seen.insert(code.as_str()), "{} twice", code.as_str());
        }
        let e = CoreError::Throttled {
            retry_after_secs: 12,
        }
        .to_api();
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "auth.throttled");
        assert_eq!(json["details"]["retryAfterSecs"], 12);
    }
}
