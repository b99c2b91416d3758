//! The audit trail's entries: what happened (stable string forms), one entry to append, a row as
//! shown, and the outcome of walking the chain (see `store::audit`).
use serde::Serialize;
use ts_rs::TS;

/// What happened. The string forms are stored and stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    VaultCreated,
    SignIn,
    SignInFailed,
    SignInRefused,
    SignOut,
    Lock,
    AutoLock,
    RecoveryUnlock,
    RecoveryKeyConfirmed,
    PasswordChanged,
    UserCreated,
    UserDisabled,
    UserEnabled,
    UserRemoved,
    UserPasswordReset,
    KeyRotated,
    CategoryKeysHandedOver,
    BackupCreated,
    BackupRestored,
    BackupSettingsChanged,
    SettingsChanged,
    AccessDenied,
    PersonCreated,
    PersonUpdated,
    PersonDeleted,
    OrganisationCreated,
    OrganisationUpdated,
    DealUpdated,
    DemoGenerated,
    TimelineAdded,
    SalesViewed,
    ContactsImported,
    ContactsExported,
    PersonMerged,
    DealCreated,
    DealMoved,
    TaskChanged,
    PipelineChanged,
    RoleCreated,
    RoleUpdated,
    RoleDeleted,
    UserAccessChanged,
    HrViewed,
    SpecialViewed,
    EmployeeCreated,
    EmployeeUpdated,
    EmployeeDeleted,
    PurposeChanged,
    RegisterExported,
    ConsentRecorded,
    StatementPublished,
    RestrictionChanged,
    MarketingExported,
    RequestChanged,
    SubjectExported,
    SubjectErased,
    BreachChanged,
    RetentionChanged,
    RetentionRun,
    ServerUnlocked,
    ServerUnlockedUnattended,
    UnattendedAllowed,
    UnattendedSealed,
    UnattendedTurnedOff,
    DeviceEnrolled,
    DeviceRenamed,
    DeviceRevoked,
    SessionTokenMisused,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        use AuditAction::*;
        match self {
            VaultCreated => "vault.created",
            SignIn => "auth.sign_in",
            SignInFailed => "auth.sign_in_failed",
            SignInRefused => "auth.sign_in_refused",
            SignOut => "auth.sign_out",
            Lock => "auth.lock",
            AutoLock => "auth.auto_lock",
            RecoveryUnlock => "auth.recovery_unlock",
            RecoveryKeyConfirmed => "auth.recovery_key_confirmed",
            PasswordChanged => "auth.password_changed",
            UserCreated => "user.created",
            UserDisabled => "user.disabled",
            UserEnabled => "user.enabled",
            UserRemoved => "user.removed",
            UserPasswordReset => "user.password_reset",
            KeyRotated => "keys.rotated",
            CategoryKeysHandedOver => "keys.handed_over",
            BackupCreated => "backup.created",
            BackupRestored => "backup.restored",
            BackupSettingsChanged => "backup.settings_changed",
            SettingsChanged => "settings.changed",
            AccessDenied => "access.denied",
            PersonCreated => "person.created",
            PersonUpdated => "person.updated",
            PersonDeleted => "person.deleted",
            OrganisationCreated => "organisation.created",
            OrganisationUpdated => "organisation.updated",
            DealUpdated => "deal.updated",
            DemoGenerated => "demo.generated",
            TimelineAdded => "timeline.added",
            SalesViewed => "sales.viewed",
            RoleCreated => "role.created",
            RoleUpdated => "role.updated",
            RoleDeleted => "role.deleted",
            UserAccessChanged => "user.access_changed",
            HrViewed => "hr.viewed",
            SpecialViewed => "special.viewed",
            EmployeeCreated => "employee.created",
            EmployeeUpdated => "employee.updated",
            EmployeeDeleted => "employee.deleted",
            PurposeChanged => "purpose.changed",
            RegisterExported => "register.exported",
            ConsentRecorded => "consent.recorded",
            StatementPublished => "consent.statement_published",
            RestrictionChanged => "restriction.changed",
            MarketingExported => "marketing.exported",
            RequestChanged => "request.changed",
            SubjectExported => "subject.exported",
            SubjectErased => "subject.erased",
            BreachChanged => "breach.changed",
            RetentionChanged => "retention.changed",
            RetentionRun => "retention.run",
            ContactsImported => "contacts.imported",
            ContactsExported => "contacts.exported",
            PersonMerged => "person.merged",
            DealCreated => "deal.created",
            DealMoved => "deal.moved",
            TaskChanged => "task.changed",
            PipelineChanged => "pipeline.changed",
            ServerUnlocked => "office.server_unlocked",
            ServerUnlockedUnattended => "office.server_unlocked_unattended",
            UnattendedAllowed => "office.unattended_allowed",
            UnattendedSealed => "office.unattended_sealed",
            UnattendedTurnedOff => "office.unattended_turned_off",
            DeviceEnrolled => "office.device_enrolled",
            DeviceRenamed => "office.device_renamed",
            DeviceRevoked => "office.device_revoked",
            SessionTokenMisused => "office.session_token_misused",
        }
    }
}

/// One entry to append.
pub struct AuditEvent<'a> {
    pub actor: Option<i64>,
    pub action: AuditAction,
    pub entity: Option<&'a str>,
    pub entity_id: Option<String>,
    pub category: Option<&'a str>,
    /// Identifiers, counts and field names only.
    pub details: serde_json::Value,
}

impl<'a> AuditEvent<'a> {
    pub fn new(actor: Option<i64>, action: AuditAction) -> Self {
        AuditEvent {
            actor,
            action,
            entity: None,
            entity_id: None,
            category: None,
            details: serde_json::json!({}),
        }
    }
    pub fn on(mut self, entity: &'a str, id: impl ToString) -> Self {
        self.entity = Some(entity);
        self.entity_id = Some(id.to_string());
        self
    }
    pub fn category(mut self, c: &'a str) -> Self {
        self.category = Some(c);
        self
    }
    pub fn details(mut self, d: serde_json::Value) -> Self {
        self.details = d;
        self
    }
}

/// The outcome of walking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ChainReport {
    #[ts(type = "number")]
    pub entries: i64,
    /// The last row's id and the hex of its hash: the anchor to compare with a backup's.
    #[ts(type = "number")]
    pub head_id: i64,
    pub head: String,
    /// The first row whose hash or link does not match, if any.
    #[ts(type = "number | null")]
    pub first_broken_id: Option<i64>,
}

/// One audit row as shown to those allowed to read the trail.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AuditRow {
    #[ts(type = "number")]
    pub id: i64,
    pub at: String,
    #[ts(type = "number | null")]
    pub actor_id: Option<i64>,
    pub actor_username: Option<String>,
    pub action: String,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub category: Option<String>,
    pub details: String,
}
