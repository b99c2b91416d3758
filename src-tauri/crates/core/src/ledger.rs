//! The consent ledger's rules, without SQL: how an event is hashed into the chain, how the
//! evidence text is bound to it, and how the current state follows from any list of events.
use crate::dto::consent::ConsentEventKind;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};

pub const GENESIS: [u8; 32] = [0u8; 32];

/// A salted digest of an evidence reference. The chain covers this, not the text, so the text
/// (and the salt, without which a short text could be guessed back) can be erased later.
pub fn evidence_digest(salt: &[u8], evidence: Option<&str>) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(b"kluis/consent-evidence/v1");
    h.update((salt.len() as u64).to_le_bytes());
    h.update(salt);
    match evidence {
        Some(e) => {
            h.update([1u8]);
            h.update(e.as_bytes());
        }
        None => h.update([0u8]),
    }
    h.finalize().to_vec()
}

/// The fields of one event that the chain protects.
pub struct Chained<'a> {
    pub id: i64,
    pub subject_id: i64,
    pub purpose_id: Option<i64>,
    pub kind: &'a str,
    pub occurred_at: &'a str,
    pub recorded_at: &'a str,
    pub channel: &'a str,
    pub statement_id: Option<i64>,
    pub evidence_digest: &'a [u8],
    pub corrects: Option<i64>,
    pub recorded_by: i64,
}

pub fn event_hash(prev: &[u8], e: &Chained<'_>) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(b"kluis/consent-ledger/v1");
    h.update(prev);
    // Length-prefixed, with a marker for absent values, so no two events serialise alike.
    let mut field = |b: Option<&[u8]>| match b {
        Some(b) => {
            h.update([1u8]);
            h.update((b.len() as u64).to_le_bytes());
            h.update(b);
        }
        None => h.update([0u8]),
    };
    let num = |v: i64| v.to_string().into_bytes();
    field(Some(&num(e.id)));
    field(Some(&num(e.subject_id)));
    field(e.purpose_id.map(num).as_deref());
    field(Some(e.kind.as_bytes()));
    field(Some(e.occurred_at.as_bytes()));
    field(Some(e.recorded_at.as_bytes()));
    field(Some(e.channel.as_bytes()));
    field(e.statement_id.map(num).as_deref());
    field(Some(e.evidence_digest));
    field(e.corrects.map(num).as_deref());
    field(Some(&num(e.recorded_by)));
    h.finalize().to_vec()
}

/// The SHA-256 (hex) of a published statement.
pub fn statement_hash(purpose_id: i64, lang: &str, version: i64, body: &str) -> String {
    let mut h = Sha256::new();
    h.update(b"kluis/consent-statement/v1");
    for part in [purpose_id.to_string().as_str(), lang, &version.to_string()] {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    h.update((body.len() as u64).to_le_bytes());
    h.update(body.as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// What derivation needs of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    pub purpose_id: Option<i64>,
    pub kind: ConsentEventKind,
    pub occurred_at: String,
    pub corrects: Option<i64>,
}

/// The latest effective answer for one purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub granted: bool,
    pub event_id: i64,
    pub occurred_at: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Derived {
    pub per_purpose: BTreeMap<i64, Answer>,
    /// Since when the subject objects to direct marketing.
    pub objection_since: Option<String>,
}

/// Event ids marked as recorded in error by a later correction.
pub fn voided_ids(events: &[Event]) -> HashSet<i64> {
    events
        .iter()
        .filter(|e| e.kind == ConsentEventKind::Voided)
        .filter_map(|e| e.corrects)
        .collect()
}

/// The current state from a subject's events in any order: what the subject said last (by when
/// they said it, then by recording order) counts; voided events and corrections themselves do
/// not.
pub fn derive(events: &[Event]) -> Derived {
    let voided = voided_ids(events);
    let mut effective: Vec<&Event> = events
        .iter()
        .filter(|e| e.kind != ConsentEventKind::Voided && !voided.contains(&e.id))
        .collect();
    effective.sort_by(|a, b| (&a.occurred_at, a.id).cmp(&(&b.occurred_at, b.id)));
    let mut out = Derived::default();
    for e in effective {
        match (e.kind, e.purpose_id) {
            (ConsentEventKind::Granted | ConsentEventKind::Withdrawn, Some(p)) => {
                out.per_purpose.insert(
                    p,
                    Answer {
                        granted: e.kind == ConsentEventKind::Granted,
                        event_id: e.id,
                        occurred_at: e.occurred_at.clone(),
                    },
                );
            }
            (ConsentEventKind::Objected, _) => out.objection_since = Some(e.occurred_at.clone()),
            (ConsentEventKind::ObjectionLifted, _) => out.objection_since = None,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConsentEventKind::*;

    fn ev(id: i64, purpose: Option<i64>, kind: ConsentEventKind, at: &str) -> Event {
        Event {
            id,
            purpose_id: purpose,
            kind,
            occurred_at: at.into(),
            corrects: None,
        }
    }

    #[test]
    fn the_latest_answer_by_when_it_was_given_counts() {
        // A paper form from March recorded after a phone withdrawal in April: still withdrawn.
        let d = derive(&[
            ev(1, Some(7), Withdrawn, "2026-04-01"),
            ev(2, Some(7), Granted, "2026-03-01"),
        ]);
        assert!(!d.per_purpose[&7].granted);
        assert_eq!(d.per_purpose[&7].event_id, 1);
    }

    #[test]
    fn a_voided_event_no_longer_counts() {
        let mut void = ev(3, Some(7), Voided, "2026-05-01");
        void.corrects = Some(2);
        let d = derive(&[
            ev(1, Some(7), Granted, "2026-03-01"),
            ev(2, Some(7), Withdrawn, "2026-04-01"),
            void,
        ]);
        assert!(d.per_purpose[&7].granted);
    }

    #[test]
    fn objection_holds_until_lifted() {
        let d = derive(&[ev(1, None, Objected, "2026-01-01")]);
        assert_eq!(d.objection_since.as_deref(), Some("2026-01-01"));
        let d = derive(&[
            ev(1, None, Objected, "2026-01-01"),
            ev(2, None, ObjectionLifted, "2026-02-01"),
        ]);
        assert_eq!(d.objection_since, None);
    }

    #[test]
    fn hashes_change_with_every_field() {
        let base = Chained {
            id: 1,
            subject_id: 2,
            purpose_id: Some(3),
            kind: "granted",
            occurred_at: "a",
            recorded_at: "b",
            channel: "phone",
            statement_id: Some(4),
            evidence_digest: &[1, 2],
            corrects: None,
            recorded_by: 5,
        };
        let h = event_hash(&GENESIS, &base);
        let other = Chained {
            purpose_id: None,
            ..base
        };
        assert_ne!(h, event_hash(&GENESIS, &other));
        assert_ne!(
            statement_hash(1, "nl", 1, "Ja"),
            statement_hash(1, "en", 1, "Ja")
        );
        assert_ne!(
            evidence_digest(b"s", Some("x")),
            evidence_digest(b"s", None)
        );
    }
}
