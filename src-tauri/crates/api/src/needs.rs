//! The rights a command needs before its service does anything. The core decides on every call;
//! this is the declared contract, which the authorisation test holds against what the core
//! answers for every built-in role.
use kluis_core::access::{Action, Category};
use serde::Serialize;

pub type Grant = (Category, Action);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Callable without a session (the lock screen, setup, cancelling a job).
    Nothing,
    /// A signed-in person, also while they must still change their password.
    Account,
    /// A signed-in person; no particular grant (their own saved views, signing out).
    Session,
    /// Every one of these grants.
    All(&'static [Grant]),
    /// Any one of these grants.
    Any(&'static [Grant]),
}

impl Needs {
    /// Whether a person holding `grants` passes this gate (signed in, password changed).
    pub fn allows(&self, grants: &[Grant]) -> bool {
        match self {
            Needs::Nothing | Needs::Account | Needs::Session => true,
            Needs::All(need) => need.iter().all(|g| grants.contains(g)),
            Needs::Any(need) => need.iter().any(|g| grants.contains(g)),
        }
    }

    /// "contact.view", "any of contact.edit, privacy.edit", "session", ...
    pub fn describe(&self) -> serde_json::Value {
        let list = |gs: &[Grant]| -> Vec<String> {
            gs.iter()
                .map(|(c, a)| format!("{}.{}", c.as_str(), a.as_str()))
                .collect()
        };
        match self {
            Needs::Nothing => serde_json::json!("nothing"),
            Needs::Account => serde_json::json!("account"),
            Needs::Session => serde_json::json!("session"),
            Needs::All(g) => serde_json::json!({ "all": list(g) }),
            Needs::Any(g) => serde_json::json!({ "any": list(g) }),
        }
    }
}

impl Serialize for Needs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.describe().serialize(s)
    }
}
