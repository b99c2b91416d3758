//! Cross-cutting filters every domain applies, below the domains: restriction of processing
//! (Art. 18) keeps a restricted person out of reach for anyone who may not see them and
//! read-only for everyone.
use crate::access::{Action, Category};
use crate::error::{CoreError, CoreResult};
use crate::session::Session;
use crate::store::restrictions as db;

/// Those who handle restrictions see restricted people, marked; everyone else never gets them.
pub fn sees_restricted(s: &Session) -> bool {
    s.rights().allows(Category::Privacy, Action::View)
}

/// Refuses a restricted person to those who may not see them. Unknown ids are not found.
pub(crate) fn readable(s: &Session, person_id: i64) -> CoreResult<()> {
    match db::is_restricted(&s.read()?, person_id)? {
        None => Err(CoreError::NotFound),
        Some(true) if !sees_restricted(s) => Err(CoreError::Restricted),
        Some(_) => Ok(()),
    }
}

/// Restricted data is read-only for everyone until the restriction is lifted.
pub(crate) fn writable(s: &Session, person_id: i64) -> CoreResult<()> {
    match db::is_restricted(&s.read()?, person_id)? {
        None => Err(CoreError::NotFound),
        Some(true) => Err(CoreError::Restricted),
        Some(false) => Ok(()),
    }
}
