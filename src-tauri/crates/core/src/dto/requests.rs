//! Data subject requests across the IPC boundary.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

macro_rules! string_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.as_str() == s)
            }
        }
    };
}

/// The rights of Art. 15-22 a request invokes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RequestKind {
    Access,
    Rectification,
    Erasure,
    Restriction,
    Portability,
    Objection,
}
string_enum!(RequestKind {
    Access => "access", Rectification => "rectification", Erasure => "erasure",
    Restriction => "restriction", Portability => "portability", Objection => "objection",
});

/// How the requester's identity was checked (Art. 12(6)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Verification {
    /// An identity document shown in person.
    InPersonId,
    /// Sent from an e-mail address already on file.
    KnownEmail,
    SignedLetter,
    VideoCall,
    Other,
}
string_enum!(Verification {
    InPersonId => "in_person_id", KnownEmail => "known_email", SignedLetter => "signed_letter",
    VideoCall => "video_call", Other => "other",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RequestStatus {
    Received,
    InProgress,
    Completed,
    Refused,
}
string_enum!(RequestStatus {
    Received => "received", InProgress => "in_progress", Completed => "completed",
    Refused => "refused",
});

/// Where a request stands against its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Urgency {
    Overdue,
    /// Due within a week.
    DueSoon,
    OnTime,
    Closed,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RequestInput {
    #[ts(type = "number")]
    pub person_id: i64,
    pub kind: RequestKind,
    pub verification: Verification,
    /// What was checked, e.g. "asked from the e-mail address on file" (never copy an identity
    /// document's number). Required for "other".
    pub verification_note: Option<String>,
    /// YYYY-MM-DD; today when empty.
    pub received_on: Option<String>,
}

/// One extension of the deadline by up to two further months (Art. 12(3)), with its reason.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ExtendInput {
    #[ts(type = "number")]
    pub id: i64,
    /// YYYY-MM-DD, after the original due date and at most two months after it.
    pub until: String,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct CloseInput {
    #[ts(type = "number")]
    pub id: i64,
    /// Completed or refused.
    pub status: RequestStatus,
    /// What was done, or why it was refused (Art. 12(4)); what could not be done and why.
    pub outcome: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SubjectRequest {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: RequestKind,
    /// None once the person was erased.
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    /// The subject's id as received (kept after erasure; an id, not personal data).
    #[ts(type = "number")]
    pub subject_ref: i64,
    /// The subject's name, only while the person exists and may be seen by the caller.
    pub subject_name: Option<String>,
    pub verification: Verification,
    pub verification_note: Option<String>,
    pub received_on: String,
    /// One month after receipt.
    pub due_on: String,
    pub extended_until: Option<String>,
    pub extension_reason: Option<String>,
    /// The deadline that applies now.
    pub deadline: String,
    /// Days until the deadline (negative: overdue).
    #[ts(type = "number")]
    pub days_left: i64,
    pub urgency: Urgency,
    pub status: RequestStatus,
    pub handler_name: Option<String>,
    pub outcome: Option<String>,
    /// Files produced for the subject (names only).
    pub files: Vec<String>,
    pub closed_at: Option<String>,
    pub created_at: String,
}

/// Privacy > Requests: open requests first, the most urgent on top.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct RequestQueue {
    pub requests: Vec<SubjectRequest>,
    #[ts(type = "number")]
    pub open: i64,
    #[ts(type = "number")]
    pub overdue: i64,
    #[ts(type = "number")]
    pub due_soon: i64,
}
