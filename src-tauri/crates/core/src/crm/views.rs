//! Saved views of the contact list: each person's own named sort-and-filter combinations.
use crate::access::{Action, Category};
use crate::clock::stamp;
use crate::dto::crm::PersonSort;
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::fields;
use crate::session::Session;
use crate::store::views as db;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a view remembers: the list's sort and filters (never a page position).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ViewFilters {
    pub sort: PersonSort,
    pub descending: bool,
    pub tag: Option<String>,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    #[ts(type = "number | null")]
    pub organisation_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SavedView {
    pub name: String,
    pub filters: ViewFilters,
}

const MAX_VIEWS: i64 = 50;

/// The caller's own views, by name.
pub fn list(s: &Session) -> CoreResult<Vec<SavedView>> {
    s.require(Category::Contact, Action::View)?;
    let mut out = Vec::new();
    for (name, json) in db::of_user(&s.read()?, s.user_id())? {
        // A view whose stored filters no longer parse is skipped rather than failing the list.
        if let Ok(filters) = serde_json::from_str(&json) {
            out.push(SavedView { name, filters });
        }
    }
    Ok(out)
}

/// Saves (or replaces) a view under its name.
pub fn save(s: &Session, name: &str, filters: &ViewFilters) -> CoreResult<Vec<SavedView>> {
    s.require(Category::Contact, Action::View)?;
    let name =
        fields::opt_text("name", Some(name), 60)?.ok_or(CoreError::invalid("name", R::Required))?;
    if let Some(tag) = &filters.tag {
        fields::opt_text("tag", Some(tag), 40)?;
    }
    if db::count_others(&s.read()?, s.user_id(), &name)? >= MAX_VIEWS {
        return Err(CoreError::invalid("name", R::OutOfRange));
    }
    let json = serde_json::to_string(filters).map_err(|_| CoreError::Internal("view json"))?;
    s.atomically(|tx| db::upsert(tx, s.user_id(), &name, &json, &stamp(s.now())))?;
    list(s)
}

pub fn delete(s: &Session, name: &str) -> CoreResult<Vec<SavedView>> {
    s.require(Category::Contact, Action::View)?;
    s.atomically(|tx| db::delete(tx, s.user_id(), name))?;
    list(s)
}
