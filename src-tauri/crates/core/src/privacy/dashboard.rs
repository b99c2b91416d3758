//! Privacy > Overview: consent coverage per purpose, restricted and objecting people, fields
//! kept without a purpose, requests open and overdue, breaches awaiting notification. Counts only, for those with privacy.view; the list of restricted
//! people also needs contact.view.
use crate::access::{Action, Category};
use crate::dto::consent::{PrivacyDashboard, PurposeCoverage};
use crate::dto::privacy::LawfulBasis;
use crate::error::CoreResult;
use crate::session::Session;
use crate::store::{consent, purposes as pdb, restrictions as rdb};

pub fn dashboard(s: &Session) -> CoreResult<PrivacyDashboard> {
    s.require(Category::Privacy, Action::View)?;
    let counts = pdb::consent_counts(&s.read()?)?;
    let statements = consent::statements(&s.read()?, None)?;
    let coverage = pdb::list(&s.read()?, false)?
        .into_iter()
        .map(|p| {
            let (granted, withdrawn) = counts
                .iter()
                .find(|(id, _, _)| *id == p.id)
                .map(|(_, g, w)| (*g, *w))
                .unwrap_or((0, 0));
            PurposeCoverage {
                purpose_id: p.id,
                has_statement: p.input.lawful_basis != LawfulBasis::Consent
                    || statements.iter().any(|st| st.purpose_id == p.id),
                name: p.input.name,
                lawful_basis: p.input.lawful_basis,
                marketing: p.input.marketing,
                granted,
                withdrawn,
            }
        })
        .collect();
    let minimisation = super::minimisation::report(s)?;
    let restricted_people = if s.rights().allows(Category::Contact, Action::View) {
        rdb::restricted_people(&s.read()?, 100)?
    } else {
        Vec::new()
    };
    let (requests_open, requests_overdue, _) = super::requests::counts(s)?;
    let breaches = super::breaches::list(s)?;
    let breaches_in = |state| breaches.iter().filter(|b| b.notification == state).count() as i64;
    Ok(PrivacyDashboard {
        requests_open,
        requests_overdue,
        breaches_pending: breaches_in(super::breaches::NotificationState::Pending),
        breaches_late: breaches_in(super::breaches::NotificationState::Late),
        people: crate::store::persons::count_all(&s.read()?)?,
        coverage,
        restricted: rdb::count_restricted(&s.read()?)?,
        objecting: rdb::count_objecting(&s.read()?)?,
        fields_without_purpose: minimisation
            .fields
            .into_iter()
            .filter(|f| f.records > 0 && f.purposes.is_empty())
            .map(|f| f.field)
            .collect(),
        restricted_people,
    })
}
