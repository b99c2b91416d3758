//! Live refresh (office mode): what changed, read from the audit trail's committed rows, as
//! `{topic, entity, id, change}` and never a value; and who may be told. The trail is the one
//! record every write already makes inside its transaction, so a change that rolled back is never
//! announced and nothing can change unannounced.
use crate::access::{Action, Category};
use crate::error::CoreResult;
use crate::session::Session;
use crate::store::audit::{self, ChangeRow};
use crate::vault::Vault;
use serde::Serialize;
use ts_rs::TS;

/// What a screen refreshes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Topic {
    /// People, their history, consent and restrictions (contacts, the 360° view).
    People,
    Organisations,
    /// Deals, stages and tasks (the board, the dashboard).
    Deals,
    /// Personnel files.
    Personnel,
    /// Purposes, requests, breaches, retention (the privacy screens).
    Privacy,
    /// Users, roles and devices (settings).
    Admin,
}

impl Topic {
    /// The topic of an audited action; None for what changes nothing others see (sign-ins,
    /// views, exports, backups).
    pub fn of(action: &str) -> Option<Topic> {
        let t = match action {
            "person.created"
            | "person.updated"
            | "person.deleted"
            | "person.merged"
            | "timeline.added"
            | "consent.recorded"
            | "restriction.changed"
            | "subject.erased"
            | "contacts.imported"
            | "demo.generated" => Topic::People,
            "organisation.created" | "organisation.updated" => Topic::Organisations,
            "deal.created" | "deal.updated" | "deal.moved" | "task.changed"
            | "pipeline.changed" => Topic::Deals,
            "employee.created" | "employee.updated" | "employee.deleted" => Topic::Personnel,
            "purpose.changed"
            | "consent.statement_published"
            | "request.changed"
            | "breach.changed"
            | "retention.changed"
            | "retention.run" => Topic::Privacy,
            "user.created"
            | "user.disabled"
            | "user.enabled"
            | "user.removed"
            | "user.access_changed"
            | "role.created"
            | "role.updated"
            | "role.deleted"
            | "office.device_enrolled"
            | "office.device_renamed"
            | "office.device_revoked" => Topic::Admin,
            _ => return None,
        };
        Some(t)
    }

    /// The right a session needs to be told (the category of the row may ask for more).
    fn needs(self) -> Category {
        match self {
            Topic::People | Topic::Organisations | Topic::Deals => Category::Contact,
            Topic::Personnel => Category::Hr,
            Topic::Privacy => Category::Privacy,
            Topic::Admin => Category::Admin,
        }
    }
}

/// One change, as sent to the sessions that may see it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Change {
    /// Increases with every change (the audit row's id).
    #[ts(type = "number")]
    pub seq: i64,
    pub topic: Topic,
    /// person, deal, organisation, ... when the change is about one record.
    pub entity: Option<String>,
    #[ts(type = "number | null")]
    pub id: Option<i64>,
    /// The audited action, e.g. person.updated.
    pub change: String,
    #[serde(skip)]
    category: Option<Category>,
    #[serde(skip)]
    restricted: bool,
}

impl Change {
    fn from_row(r: ChangeRow) -> Option<Change> {
        let topic = Topic::of(&r.action)?;
        Some(Change {
            seq: r.id,
            topic,
            id: r.entity_id.as_deref().and_then(|v| v.parse().ok()),
            entity: r.entity,
            change: r.action,
            category: r.category.as_deref().and_then(Category::parse),
            restricted: r.restricted,
        })
    }

    /// Whether `s` may be told: it may view the topic (and personnel or special-category rows'
    /// category), and a restricted person's changes go only to those who see restricted people.
    pub fn visible_to(&self, s: &Session) -> bool {
        let rights = s.rights();
        let topic = rights.allows(self.topic.needs(), Action::View);
        // Personnel and special-category changes only to those who may see them; a change to a
        // deal's figures still tells staff that the deal changed (they see the deal, not them).
        let category = self.category.is_none_or(|c| {
            !matches!(c, Category::Hr | Category::Special) || rights.allows(c, Action::View)
        });
        topic && category && (!self.restricted || crate::filters::sees_restricted(s))
    }
}

/// Where to start: the newest change now (0 while nobody is signed in).
pub fn latest(vault: &Vault) -> CoreResult<i64> {
    match vault.open_store() {
        Some(st) => audit::last_id(&st.read()?),
        None => Ok(0),
    }
}

/// Changes after `after`, oldest first, and the last row read (which may be a row that is no
/// change, so the next poll starts after it). Nothing while nobody is signed in.
pub fn since(vault: &Vault, after: i64) -> CoreResult<(i64, Vec<Change>)> {
    let Some(st) = vault.open_store() else {
        return Ok((after, Vec::new()));
    };
    let rows = audit::changes_after(&st.read()?, after, 500)?;
    let last = rows.last().map_or(after, |r| r.id);
    Ok((
        last,
        rows.into_iter().filter_map(Change::from_row).collect(),
    ))
}
