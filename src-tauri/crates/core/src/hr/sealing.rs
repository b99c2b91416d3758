//! Personnel values under the category keys: what is sealed in each row, opening it with the key
//! version it names, sealing a vault's older values, and moving everything under a new key
//! version when a holder lost the key. The associated data names the table, column and row, so
//! a sealed value copied to another row does not open there.
use crate::dto::hr::{AbsenceKind, ContractType, SalaryPeriod};
use crate::error::{CoreError, CoreResult};
use crate::keyring::KeyCategory;
use crate::session::Session;
use crate::store::hr as db;
use kluis_vault::{field_aad, key_id_of, CategoryKey};
use serde::{de::DeserializeOwned, Deserialize, Serialize};

/// An employee's hr values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmployeeValues {
    pub given_name: String,
    pub tussenvoegsel: String,
    pub family_name: String,
    pub email: Option<String>,
    pub position: Option<String>,
    pub department: Option<String>,
    pub contract_type: ContractType,
    pub hours_per_week: Option<u32>,
    /// Cents, currency, period.
    pub salary: Option<(i64, String, SalaryPeriod)>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewValues {
    pub review_date: String,
    pub rating: Option<u8>,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AbsenceValues {
    pub kind: AbsenceKind,
    pub start_date: String,
    pub end_date: Option<String>,
}

const EMPLOYEES: (&str, &str) = ("employees", "sealed");
const REVIEWS: (&str, &str) = ("employee_reviews", "sealed");
const ABSENCES: (&str, &str) = ("employee_absences", "sealed");
const REASONS: (&str, &str) = ("employee_absences", "reason_sealed");

fn seal_with<T: Serialize>(
    key: (u32, &CategoryKey),
    place: (&str, &str),
    row: i64,
    v: &T,
) -> Vec<u8> {
    let json = zeroize::Zeroizing::new(serde_json::to_vec(v).expect("values serialise"));
    key.1
        .seal_value(key.0, &field_aad(place.0, place.1, row), &json)
}

fn open_with<T: DeserializeOwned>(
    s: &Session,
    c: KeyCategory,
    place: (&str, &str),
    row: i64,
    stored: &[u8],
) -> CoreResult<T> {
    let id = key_id_of(stored).ok_or(CoreError::Internal("sealed value"))?;
    let key = s.category_key_version(c, id)?;
    let plain = key
        .open_value(&field_aad(place.0, place.1, row), stored)
        .map_err(|_| CoreError::SealedDamaged("a personnel value was altered"))?;
    serde_json::from_slice(&plain).map_err(|_| CoreError::Internal("sealed value"))
}

/// A key version to seal with: (id, key), the newest a session holds.
pub(crate) type SealKey<'a> = (u32, &'a CategoryKey);

pub(crate) fn seal_employee(key: SealKey<'_>, id: i64, v: &EmployeeValues) -> Vec<u8> {
    seal_with(key, EMPLOYEES, id, v)
}

pub(crate) fn seal_review(key: SealKey<'_>, id: i64, v: &ReviewValues) -> Vec<u8> {
    seal_with(key, REVIEWS, id, v)
}

pub(crate) fn seal_absence(key: SealKey<'_>, id: i64, v: &AbsenceValues) -> Vec<u8> {
    seal_with(key, ABSENCES, id, v)
}

pub(crate) fn seal_reason(key: SealKey<'_>, id: i64, reason: &str) -> Vec<u8> {
    seal_with(key, REASONS, id, &reason)
}

fn legacy_employee(l: &db::LegacyEmployee) -> EmployeeValues {
    EmployeeValues {
        given_name: l.given_name.clone(),
        tussenvoegsel: l.tussenvoegsel.clone(),
        family_name: l.family_name.clone(),
        email: l.email.clone(),
        position: l.position.clone(),
        department: l.department.clone(),
        contract_type: ContractType::parse(&l.contract_type).unwrap_or(ContractType::Permanent),
        hours_per_week: l.hours_per_week,
        salary: l.salary_cents.map(|c| {
            (
                c,
                l.salary_currency.clone(),
                SalaryPeriod::parse(&l.salary_period).unwrap_or(SalaryPeriod::Month),
            )
        }),
        notes: l.notes.clone(),
    }
}

pub(crate) fn employee_values(s: &Session, e: &db::StoredEmployee) -> CoreResult<EmployeeValues> {
    match &e.sealed {
        Some(b) => open_with(s, KeyCategory::Hr, EMPLOYEES, e.id, b),
        None => Ok(legacy_employee(&e.legacy)),
    }
}

pub(crate) fn review_values(s: &Session, r: &db::StoredReview) -> CoreResult<ReviewValues> {
    match &r.sealed {
        Some(b) => open_with(s, KeyCategory::Hr, REVIEWS, r.id, b),
        None => Ok(ReviewValues {
            review_date: r.legacy.0.clone(),
            rating: r.legacy.1,
            summary: r.legacy.2.clone(),
        }),
    }
}

pub(crate) fn absence_values(s: &Session, a: &db::StoredAbsence) -> CoreResult<AbsenceValues> {
    match &a.sealed {
        Some(b) => open_with(s, KeyCategory::Hr, ABSENCES, a.id, b),
        None => Ok(AbsenceValues {
            kind: AbsenceKind::parse(&a.legacy.0).unwrap_or(AbsenceKind::Other),
            start_date: a.legacy.1.clone(),
            end_date: a.legacy.2.clone(),
        }),
    }
}

pub(crate) fn absence_reason(s: &Session, a: &db::StoredAbsence) -> CoreResult<Option<String>> {
    match &a.reason_sealed {
        Some(b) => open_with(s, KeyCategory::Special, REASONS, a.id, b).map(Some),
        None => Ok(a.legacy_reason.clone()),
    }
}

/// Seals what a vault from before category keys still holds in the clear (in one transaction).
pub(crate) fn encrypt_legacy(s: &Session, c: KeyCategory) -> CoreResult<()> {
    if !db::any_legacy(&s.read()?, c.as_str())? {
        return Ok(());
    }
    let tx = s.write()?;
    match c {
        KeyCategory::Hr => {
            let key = s.category_key(KeyCategory::Hr)?;
            for e in db::all_employees(&tx)?
                .iter()
                .filter(|e| e.sealed.is_none())
            {
                let v = legacy_employee(&e.legacy);
                db::set_sealed(&tx, e.id, &seal_employee(key, e.id, &v), v.salary.is_some())?;
            }
            for r in db::all_reviews(&tx)?.iter().filter(|r| r.sealed.is_none()) {
                let v = review_values(s, r)?;
                db::set_review_sealed(&tx, r.id, &seal_review(key, r.id, &v))?;
            }
            for a in db::all_absences(&tx)?.iter().filter(|a| a.sealed.is_none()) {
                let v = absence_values(s, a)?;
                db::set_absence_sealed(&tx, a.id, &seal_absence(key, a.id, &v))?;
            }
        }
        KeyCategory::Special => {
            let key = s.category_key(KeyCategory::Special)?;
            for a in db::all_absences(&tx)?.iter() {
                if let (None, Some(reason)) = (&a.reason_sealed, &a.legacy_reason) {
                    db::set_reason_sealed(&tx, a.id, &seal_reason(key, a.id, reason))?;
                }
            }
        }
        KeyCategory::Backup => {}
    }
    tx.commit()?;
    Ok(())
}

fn open_any<T: DeserializeOwned>(
    keys: &[(u32, CategoryKey)],
    place: (&str, &str),
    row: i64,
    stored: &[u8],
) -> CoreResult<T> {
    let id = key_id_of(stored).ok_or(CoreError::Internal("sealed value"))?;
    let (_, key) = keys
        .iter()
        .find(|(i, _)| *i == id)
        .ok_or(CoreError::Internal("a personnel key version is missing"))?;
    let plain = key
        .open_value(&field_aad(place.0, place.1, row), stored)
        .map_err(|_| CoreError::SealedDamaged("a personnel value was altered"))?;
    serde_json::from_slice(&plain).map_err(|_| CoreError::Internal("sealed value"))
}

/// Moves every sealed value of the category under the newest of `keys` (in one transaction).
pub(crate) fn reencrypt(
    s: &Session,
    c: KeyCategory,
    keys: &[(u32, CategoryKey)],
) -> CoreResult<()> {
    let Some((new_id, new_key)) = keys.last() else {
        return Ok(());
    };
    let newest = (*new_id, new_key);
    let tx = s.write()?;
    match c {
        KeyCategory::Hr => {
            for e in db::all_employees(&tx)? {
                if let Some(b) = &e.sealed {
                    let v: EmployeeValues = open_any(keys, EMPLOYEES, e.id, b)?;
                    let sealed = seal_with(newest, EMPLOYEES, e.id, &v);
                    db::set_sealed(&tx, e.id, &sealed, v.salary.is_some())?;
                }
            }
            for r in db::all_reviews(&tx)? {
                if let Some(b) = &r.sealed {
                    let v: ReviewValues = open_any(keys, REVIEWS, r.id, b)?;
                    db::set_review_sealed(&tx, r.id, &seal_with(newest, REVIEWS, r.id, &v))?;
                }
            }
            for a in db::all_absences(&tx)? {
                if let Some(b) = &a.sealed {
                    let v: AbsenceValues = open_any(keys, ABSENCES, a.id, b)?;
                    db::set_absence_sealed(&tx, a.id, &seal_with(newest, ABSENCES, a.id, &v))?;
                }
            }
        }
        KeyCategory::Special => {
            for a in db::all_absences(&tx)? {
                if let Some(b) = &a.reason_sealed {
                    let v: String = open_any(keys, REASONS, a.id, b)?;
                    db::set_reason_sealed(&tx, a.id, &seal_with(newest, REASONS, a.id, &v))?;
                }
            }
        }
        KeyCategory::Backup => {}
    }
    tx.commit()?;
    Ok(())
}
