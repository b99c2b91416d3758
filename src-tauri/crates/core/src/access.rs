//! Access control: data categories, actions, roles as sets of grants. The core checks these on
//! every path; the UI only receives hints derived from them.
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use ts_rs::TS;

/// What kind of data a field or entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Category {
    /// Ordinary customer data.
    Contact,
    /// Deal amounts, revenue and forecasts: the brief's "sales figures".
    Sales,
    /// Personnel files.
    Hr,
    /// GDPR Art. 9 special categories.
    Special,
    /// Requests, consent registry, register of processing.
    Privacy,
    /// The audit trail.
    Audit,
    /// Users, roles, policies, security settings.
    Admin,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Action {
    View,
    Create,
    Edit,
    Delete,
    Export,
    Erase,
    Manage,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::Contact,
        Category::Sales,
        Category::Hr,
        Category::Special,
        Category::Privacy,
        Category::Audit,
        Category::Admin,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Contact => "contact",
            Category::Sales => "sales",
            Category::Hr => "hr",
            Category::Special => "special",
            Category::Privacy => "privacy",
            Category::Audit => "audit",
            Category::Admin => "admin",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::View,
        Action::Create,
        Action::Edit,
        Action::Delete,
        Action::Export,
        Action::Erase,
        Action::Manage,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Action::View => "view",
            Action::Create => "create",
            Action::Edit => "edit",
            Action::Delete => "delete",
            Action::Export => "export",
            Action::Erase => "erase",
            Action::Manage => "manage",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

pub type Grant = (Category, Action);

/// The union of a user's grants.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rights(BTreeSet<Grant>);

impl Rights {
    pub fn from_grants(grants: impl IntoIterator<Item = Grant>, may_delete: Option<bool>) -> Self {
        let mut set: BTreeSet<Grant> = grants.into_iter().collect();
        // Any action on a category includes seeing it: an export, an edit's answer or a
        // merge shows the data, so granting one without view would only pretend to hide it.
        let implied: Vec<Grant> = set.iter().map(|(c, _)| (*c, Action::View)).collect();
        set.extend(implied);
        // The per-user switch decides delete on customer data, whatever the roles say; it
        // widens only for someone who sees customer data at all.
        let sees_contacts = set.contains(&(Category::Contact, Action::View));
        match may_delete {
            Some(true) if sees_contacts => {
                set.insert((Category::Contact, Action::Delete));
            }
            Some(false) => {
                set.remove(&(Category::Contact, Action::Delete));
            }
            _ => {}
        }
        Rights(set)
    }
    /// The grants as a role should store them: each category acted on is also viewed.
    pub fn with_implied_view(grants: &[Grant]) -> Vec<Grant> {
        let mut set: BTreeSet<Grant> = grants.iter().copied().collect();
        set.extend(grants.iter().map(|(c, _)| (*c, Action::View)));
        set.into_iter().collect()
    }

    pub fn allows(&self, c: Category, a: Action) -> bool {
        self.0.contains(&(c, a))
    }
    pub fn grants(&self) -> impl Iterator<Item = &Grant> {
        self.0.iter()
    }
}

pub const ROLE_ADMINISTRATOR: &str = "administrator";
pub const ROLE_USER: &str = "user";
pub const ROLE_GUEST: &str = "guest";
pub const ROLE_MANAGEMENT: &str = "management";
pub const ROLE_HR: &str = "hr";
pub const ROLE_PRIVACY_OFFICER: &str = "privacy_officer";

/// The built-in roles and their grants. Synced into the database at every unlock, so a new
/// release can correct them; admins cannot edit or delete built-in roles.
pub fn builtin_grants(role: &str) -> Option<Vec<Grant>> {
    use Action::*;
    use Category::*;
    let g = match role {
        // Separation of duties: administrators manage the system and customer data, but see
        // neither sales figures nor personnel files unless also given those roles.
        ROLE_ADMINISTRATOR => vec![
            (Admin, View),
            (Admin, Manage),
            (Audit, View),
            (Contact, View),
            (Contact, Create),
            (Contact, Edit),
            (Contact, Delete),
            (Contact, Export),
        ],
        // Whether a user may delete is decided per user (the may-delete switch).
        ROLE_USER => vec![(Contact, View), (Contact, Create), (Contact, Edit)],
        ROLE_GUEST => vec![(Contact, View)],
        ROLE_MANAGEMENT => vec![
            (Contact, View),
            (Sales, View),
            (Sales, Create),
            (Sales, Edit),
            (Sales, Export),
            (Hr, View),
        ],
        // Absence reasons are health data (special category): HR records them, management
        // sees that someone was absent but not why.
        ROLE_HR => vec![
            (Contact, View),
            (Hr, View),
            (Hr, Create),
            (Hr, Edit),
            (Hr, Delete),
            (Hr, Export),
            (Special, View),
            (Special, Create),
            (Special, Edit),
        ],
        // Requests concern every category a subject appears in; viewing each is audited.
        ROLE_PRIVACY_OFFICER => vec![
            (Contact, View),
            (Contact, Export),
            (Contact, Erase),
            (Sales, View),
            (Hr, View),
            (Special, View),
            (Privacy, View),
            (Privacy, Create),
            (Privacy, Edit),
            (Privacy, Manage),
            (Privacy, Export),
            (Audit, View),
        ],
        _ => return None,
    };
    Some(g)
}

/// The (category, action) pairs that mean something, and so can be granted to a custom role:
/// e.g. nobody "creates" audit entries by hand. The roles editor shows exactly these.
pub fn grantable() -> Vec<Grant> {
    use Action::*;
    use Category::*;
    let per: [(Category, &[Action]); 7] = [
        (Contact, &[View, Create, Edit, Delete, Export, Erase]),
        (Sales, &[View, Create, Edit, Export]),
        (Hr, &[View, Create, Edit, Delete, Export]),
        (Special, &[View, Create, Edit]),
        (Privacy, &[View, Create, Edit, Export, Manage]),
        (Audit, &[View, Export]),
        (Admin, &[View, Manage]),
    ];
    per.iter()
        .flat_map(|(c, actions)| actions.iter().map(move |a| (*c, *a)))
        .collect()
}

pub const BUILTIN_ROLES: [&str; 6] = [
    ROLE_ADMINISTRATOR,
    ROLE_USER,
    ROLE_GUEST,
    ROLE_MANAGEMENT,
    ROLE_HR,
    ROLE_PRIVACY_OFFICER,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn administrators_do_not_see_sales_or_hr() {
        let r = Rights::from_grants(builtin_grants(ROLE_ADMINISTRATOR).unwrap(), None);
        assert!(r.allows(Category::Admin, Action::Manage));
        assert!(!r.allows(Category::Sales, Action::View));
        assert!(!r.allows(Category::Hr, Action::View));
    }

    #[test]
    fn the_delete_switch_is_per_user() {
        let base = builtin_grants(ROLE_USER).unwrap();
        assert!(!Rights::from_grants(base.clone(), None).allows(Category::Contact, Action::Delete));
        assert!(Rights::from_grants(base, Some(true)).allows(Category::Contact, Action::Delete));
        let admin = builtin_grants(ROLE_ADMINISTRATOR).unwrap();
        assert!(!Rights::from_grants(admin, Some(false)).allows(Category::Contact, Action::Delete));
    }

    #[test]
    fn built_in_roles_only_hold_grantable_pairs() {
        let ok = grantable();
        for role in BUILTIN_ROLES {
            for g in builtin_grants(role).unwrap() {
                assert!(ok.contains(&g), "{role}: {g:?}");
            }
        }
    }

    #[test]
    fn acting_on_a_category_includes_viewing_it() {
        let r = Rights::from_grants([(Category::Contact, Action::Export)], None);
        assert!(r.allows(Category::Contact, Action::View));
        assert!(!r.allows(Category::Sales, Action::View));
    }

    #[test]
    fn guests_only_read() {
        let r = Rights::from_grants(builtin_grants(ROLE_GUEST).unwrap(), None);
        assert!(r.allows(Category::Contact, Action::View));
        assert_eq!(r.grants().count(), 1);
    }
}
