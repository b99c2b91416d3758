//! The category keys a session holds: which categories have keys of their own, and what an opened
//! key slot yields. Below the session, which holds them, and the services that use them.
use crate::access::{Action, Category};
use kluis_vault::CategoryKey;
use serde::Serialize;
use ts_rs::TS;

/// The categories whose values (or backups) are encrypted under a key of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum KeyCategory {
    /// Personnel files.
    Hr,
    /// Special-category data (absence reasons).
    Special,
    /// Backups: their files are sealed to a key pair derived from this key.
    Backup,
}

impl KeyCategory {
    pub const ALL: [KeyCategory; 3] = [KeyCategory::Hr, KeyCategory::Special, KeyCategory::Backup];

    pub fn as_str(self) -> &'static str {
        match self {
            KeyCategory::Hr => "hr",
            KeyCategory::Special => "special",
            KeyCategory::Backup => "backup",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// The grant that makes someone a holder.
    pub fn grant(self) -> (Category, Action) {
        match self {
            KeyCategory::Hr => (Category::Hr, Action::View),
            KeyCategory::Special => (Category::Special, Action::View),
            KeyCategory::Backup => (Category::Admin, Action::Manage),
        }
    }

    pub fn allowed(self, rights: &crate::access::Rights) -> bool {
        let (c, a) = self.grant();
        rights.allows(c, a)
    }
}

/// A category key version held in memory.
pub type HeldKey = (KeyCategory, u32, CategoryKey);

/// The key versions an opened slot yields, by category.
pub fn held_from(unlocked: &kluis_vault::Unlocked) -> Vec<HeldKey> {
    unlocked
        .categories
        .iter()
        .filter_map(|(n, id, k)| KeyCategory::parse(n).map(|c| (c, *id, k.clone())))
        .collect()
}
