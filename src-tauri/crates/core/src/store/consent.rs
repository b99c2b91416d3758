//! SQL for consent statements, the consent ledger and the state derived from it.
use super::{ReadTx, WriteTx};
use crate::dto::consent::{
    ConsentChannel, ConsentEvent, ConsentEventKind, ConsentStatement, LedgerReport,
};
use crate::dto::privacy::Lang;
use crate::error::CoreResult;
use crate::ledger::{self, Chained, Event, GENESIS};
use rand_core::{OsRng, RngCore};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeSet;

/// Publishes the next version of a statement; returns its id.
pub fn insert_statement(
    tx: &WriteTx,
    purpose_id: i64,
    lang: Lang,
    body: &str,
    now: &str,
    by: i64,
) -> CoreResult<i64> {
    let conn = tx.conn();
    let version: i64 = conn.query_row(
        "SELECT coalesce(max(version), 0) + 1 FROM consent_statements WHERE purpose_id = ?1 AND lang = ?2",
        params![purpose_id, lang.as_str()],
        |r| r.get(0),
    )?;
    let hash = ledger::statement_hash(purpose_id, lang.as_str(), version, body);
    conn.execute(
        "INSERT INTO consent_statements (purpose_id, lang, version, body, hash, published_at, published_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![purpose_id, lang.as_str(), version, body, hash, now, by],
    )?;
    Ok(conn.last_insert_rowid())
}

const STATEMENT_SQL: &str =
    "SELECT s.id, s.purpose_id, s.lang, s.version, s.body, s.hash, s.published_at,
        u.display_name,
        s.version = (SELECT max(version) FROM consent_statements x
                     WHERE x.purpose_id = s.purpose_id AND x.lang = s.lang)
     FROM consent_statements s LEFT JOIN users u ON u.id = s.published_by";

fn statement_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ConsentStatement> {
    Ok(ConsentStatement {
        id: r.get(0)?,
        purpose_id: r.get(1)?,
        lang: Lang::parse(&r.get::<_, String>(2)?).unwrap_or(Lang::Nl),
        version: r.get(3)?,
        body: r.get(4)?,
        hash: r.get(5)?,
        published_at: r.get(6)?,
        published_by_name: r.get(7)?,
        current: r.get(8)?,
    })
}

pub fn statement(tx: &ReadTx, id: i64) -> CoreResult<Option<ConsentStatement>> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            &format!("{STATEMENT_SQL} WHERE s.id = ?1"),
            [id],
            statement_row,
        )
        .optional()?)
}

/// Every statement of the given purpose (or of all purposes), newest version first.
pub fn statements(tx: &ReadTx, purpose_id: Option<i64>) -> CoreResult<Vec<ConsentStatement>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(&format!(
        "{STATEMENT_SQL} WHERE ?1 IS NULL OR s.purpose_id = ?1
         ORDER BY s.purpose_id, s.lang, s.version DESC"
    ))?;
    let rows = stmt.query_map([purpose_id], statement_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The ledger subject of a person, created on first use.
pub fn subject_for(tx: &WriteTx, person_id: i64) -> CoreResult<i64> {
    let conn = tx.conn();
    if let Some(id) = conn
        .query_row(
            "SELECT min(id) FROM consent_subjects WHERE person_id = ?1",
            [person_id],
            |r| r.get::<_, Option<i64>>(0),
        )
        .optional()?
        .flatten()
    {
        return Ok(id);
    }
    conn.execute(
        "INSERT INTO consent_subjects (person_id) VALUES (?1)",
        [person_id],
    )?;
    Ok(conn.last_insert_rowid())
}

/// After a merge, the removed person's ledger subjects belong to the kept person.
pub fn repoint(tx: &WriteTx, from: i64, to: i64) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "UPDATE consent_subjects SET person_id = ?2 WHERE person_id = ?1",
        params![from, to],
    )?;
    Ok(())
}

pub struct NewEvent<'a> {
    pub subject_id: i64,
    pub purpose_id: Option<i64>,
    pub kind: ConsentEventKind,
    pub occurred_at: &'a str,
    pub recorded_at: &'a str,
    pub channel: ConsentChannel,
    pub statement_id: Option<i64>,
    pub evidence: Option<&'a str>,
    pub corrects: Option<i64>,
    pub recorded_by: i64,
}

/// Appends one event to the chain inside the caller's transaction.
pub fn append(tx: &WriteTx, e: &NewEvent<'_>) -> CoreResult<i64> {
    let conn = tx.conn();
    let last: Option<(i64, Vec<u8>)> = conn
        .query_row(
            "SELECT id, hash FROM consent_events ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (id, prev) = match last {
        Some((id, hash)) => (id + 1, hash),
        None => (1, GENESIS.to_vec()),
    };
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    let digest = ledger::evidence_digest(&salt, e.evidence);
    let hash = ledger::event_hash(
        &prev,
        &Chained {
            id,
            subject_id: e.subject_id,
            purpose_id: e.purpose_id,
            kind: e.kind.as_str(),
            occurred_at: e.occurred_at,
            recorded_at: e.recorded_at,
            channel: e.channel.as_str(),
            statement_id: e.statement_id,
            evidence_digest: &digest,
            corrects: e.corrects,
            recorded_by: e.recorded_by,
        },
    );
    conn.prepare_cached(
        "INSERT INTO consent_events (id, subject_id, purpose_id, kind, occurred_at, recorded_at,
            channel, statement_id, evidence, evidence_salt, evidence_digest, corrects, recorded_by,
            prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    )?
    .execute(params![
        id,
        e.subject_id,
        e.purpose_id,
        e.kind.as_str(),
        e.occurred_at,
        e.recorded_at,
        e.channel.as_str(),
        e.statement_id,
        e.evidence,
        &salt[..],
        digest,
        e.corrects,
        e.recorded_by,
        prev,
        hash
    ])?;
    Ok(id)
}

/// A person's events as derivation needs them.
pub fn events_of(tx: &ReadTx, person_id: i64) -> CoreResult<Vec<Event>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.purpose_id, e.kind, e.occurred_at, e.corrects FROM consent_events e
         JOIN consent_subjects s ON s.id = e.subject_id WHERE s.person_id = ?1 ORDER BY e.id",
    )?;
    let rows = stmt.query_map([person_id], |r| {
        Ok(Event {
            id: r.get(0)?,
            purpose_id: r.get(1)?,
            kind: ConsentEventKind::parse(&r.get::<_, String>(2)?)
                .unwrap_or(ConsentEventKind::Voided),
            occurred_at: r.get(3)?,
            corrects: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// A person's history for the consent panel, newest first.
pub fn history(tx: &ReadTx, person_id: i64) -> CoreResult<Vec<ConsentEvent>> {
    let conn = tx.conn();
    let voided = ledger::voided_ids(&events_of(tx, person_id)?);
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.kind, e.purpose_id, p.name, e.occurred_at, e.recorded_at, e.channel,
            st.version, st.lang, e.evidence, u.display_name, e.corrects
         FROM consent_events e JOIN consent_subjects s ON s.id = e.subject_id
         LEFT JOIN purposes p ON p.id = e.purpose_id
         LEFT JOIN consent_statements st ON st.id = e.statement_id
         LEFT JOIN users u ON u.id = e.recorded_by
         WHERE s.person_id = ?1 ORDER BY e.occurred_at DESC, e.id DESC",
    )?;
    let rows = stmt.query_map([person_id], |r| {
        let id: i64 = r.get(0)?;
        Ok(ConsentEvent {
            id,
            kind: ConsentEventKind::parse(&r.get::<_, String>(1)?)
                .unwrap_or(ConsentEventKind::Voided),
            purpose_id: r.get(2)?,
            purpose_name: r.get(3)?,
            occurred_at: r.get(4)?,
            recorded_at: r.get(5)?,
            channel: ConsentChannel::parse(&r.get::<_, String>(6)?)
                .unwrap_or(ConsentChannel::Correction),
            statement_version: r.get(7)?,
            statement_lang: r.get::<_, Option<String>>(8)?.and_then(|l| Lang::parse(&l)),
            evidence: r.get(9)?,
            recorded_by_name: r.get(10)?,
            corrects: r.get(11)?,
            voided: voided.contains(&id),
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Rewrites the person's derived state (consent per purpose, the objection flag) from the
/// ledger. Called in the same transaction as every append and every merge.
pub fn recompute(tx: &WriteTx, person_id: i64) -> CoreResult<()> {
    let conn = tx.conn();
    let d = ledger::derive(&events_of(tx, person_id)?);
    conn.prepare_cached("DELETE FROM consent_state WHERE person_id = ?1")?
        .execute([person_id])?;
    let mut ins = conn.prepare_cached(
        "INSERT INTO consent_state (person_id, purpose_id, granted, event_id, occurred_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (purpose, a) in &d.per_purpose {
        ins.execute(params![
            person_id,
            purpose,
            a.granted,
            a.event_id,
            a.occurred_at
        ])?;
    }
    conn.prepare_cached("UPDATE persons SET marketing_objection = ?2 WHERE id = ?1")?
        .execute(params![person_id, d.objection_since.is_some()])?;
    Ok(())
}

/// (purpose, granted, event) per purpose, and the objection flag.
type State = (Vec<(i64, bool, i64)>, bool);

/// The stored state of one person, as derivation would produce it.
fn stored_state(conn: &Connection, person_id: i64) -> CoreResult<State> {
    let mut stmt = conn.prepare_cached(
        "SELECT purpose_id, granted, event_id FROM consent_state WHERE person_id = ?1 ORDER BY purpose_id",
    )?;
    let rows = stmt
        .query_map([person_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let objects: bool = conn.query_row(
        "SELECT marketing_objection FROM persons WHERE id = ?1",
        [person_id],
        |r| r.get(0),
    )?;
    Ok((rows, objects))
}

/// Walks the chain, checks kept evidence against its digest and statements against their
/// hashes, and compares the derived state with the ledger.
pub fn verify(tx: &ReadTx) -> CoreResult<LedgerReport> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(
        "SELECT id, subject_id, purpose_id, kind, occurred_at, recorded_at, channel, statement_id,
            evidence, evidence_salt, evidence_digest, corrects, recorded_by, prev_hash, hash
         FROM consent_events ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    let mut prev = GENESIS.to_vec();
    let mut expected = 1i64;
    let mut entries = 0i64;
    let mut first_broken = None;
    let mut evidence_altered = Vec::new();
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let kind: String = r.get(3)?;
        let occurred: String = r.get(4)?;
        let recorded: String = r.get(5)?;
        let channel: String = r.get(6)?;
        let evidence: Option<String> = r.get(8)?;
        let salt: Option<Vec<u8>> = r.get(9)?;
        let digest: Vec<u8> = r.get(10)?;
        let stored_prev: Vec<u8> = r.get(13)?;
        let stored: Vec<u8> = r.get(14)?;
        let computed = ledger::event_hash(
            &stored_prev,
            &Chained {
                id,
                subject_id: r.get(1)?,
                purpose_id: r.get(2)?,
                kind: &kind,
                occurred_at: &occurred,
                recorded_at: &recorded,
                channel: &channel,
                statement_id: r.get(7)?,
                evidence_digest: &digest,
                corrects: r.get(11)?,
                recorded_by: r.get(12)?,
            },
        );
        if first_broken.is_none() && (id != expected || stored_prev != prev || computed != stored) {
            first_broken = Some(id);
        }
        // Erasure clears text and salt together; text without its salt is itself a change.
        let evidence_ok = match (&salt, &evidence) {
            (Some(s), e) => ledger::evidence_digest(s, e.as_deref()) == digest,
            (None, None) => true,
            (None, Some(_)) => false,
        };
        if !evidence_ok {
            evidence_altered.push(id);
        }
        prev = stored;
        expected = id + 1;
        entries += 1;
    }
    let mut statements_altered = Vec::new();
    let mut st =
        conn.prepare("SELECT id, purpose_id, lang, version, body, hash FROM consent_statements")?;
    let mut srows = st.query([])?;
    while let Some(r) = srows.next()? {
        let h = ledger::statement_hash(
            r.get(1)?,
            &r.get::<_, String>(2)?,
            r.get(3)?,
            &r.get::<_, String>(4)?,
        );
        if h != r.get::<_, String>(5)? {
            statements_altered.push(r.get(0)?);
        }
    }
    let people: BTreeSet<i64> = conn
        .prepare(
            "SELECT person_id FROM consent_subjects WHERE person_id IS NOT NULL
             UNION SELECT person_id FROM consent_state
             UNION SELECT id FROM persons WHERE marketing_objection = 1",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut state_mismatches = 0;
    for person in people {
        let d = ledger::derive(&events_of(tx, person)?);
        let want: Vec<(i64, bool, i64)> = d
            .per_purpose
            .iter()
            .map(|(p, a)| (*p, a.granted, a.event_id))
            .collect();
        if stored_state(conn, person)? != (want, d.objection_since.is_some()) {
            state_mismatches += 1;
        }
    }
    Ok(LedgerReport {
        entries,
        head: prev.iter().map(|b| format!("{b:02x}")).collect(),
        first_broken_id: first_broken,
        evidence_altered,
        statements_altered,
        state_mismatches,
    })
}

/// An event's kind, purpose and person.
pub type Owner = (ConsentEventKind, Option<i64>, Option<i64>);

/// The kind, purpose and person of an event, if it exists.
pub fn event_owner(tx: &ReadTx, event_id: i64) -> CoreResult<Option<Owner>> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            "SELECT e.kind, e.purpose_id, s.person_id FROM consent_events e
             JOIN consent_subjects s ON s.id = e.subject_id WHERE e.id = ?1",
            [event_id],
            |r| {
                Ok((
                    ConsentEventKind::parse(&r.get::<_, String>(0)?)
                        .unwrap_or(ConsentEventKind::Voided),
                    r.get(1)?,
                    r.get(2)?,
                ))
            },
        )
        .optional()?)
}

/// A person as the marketing selection sees them for one purpose: the flags that keep them
/// off a list, their current answer for the purpose and their first e-mail address.
pub struct MarketingCandidate {
    pub person_id: i64,
    pub given_name: String,
    pub tussenvoegsel: String,
    pub family_name: String,
    pub preferred_language: Option<String>,
    pub restricted: bool,
    pub objects: bool,
    pub granted: Option<bool>,
    pub consent_since: Option<String>,
    pub statement_version: Option<i64>,
    pub email: Option<String>,
}

/// Everyone, in id order, streamed to `each` (a million people never sit in memory at once).
pub fn marketing_candidates(
    tx: &ReadTx,
    purpose_id: i64,
    each: &mut dyn FnMut(MarketingCandidate) -> CoreResult<()>,
) -> CoreResult<()> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(
        "SELECT p.id, p.given_name, p.tussenvoegsel, p.family_name, p.preferred_language,
            p.restricted, p.marketing_objection, c.granted, c.occurred_at, st.version,
            (SELECT value FROM contact_points WHERE person_id = p.id AND kind = 'email'
             ORDER BY position LIMIT 1)
         FROM persons p
         LEFT JOIN consent_state c ON c.person_id = p.id AND c.purpose_id = ?1
         LEFT JOIN consent_events e ON e.id = c.event_id
         LEFT JOIN consent_statements st ON st.id = e.statement_id
         ORDER BY p.id",
    )?;
    let mut rows = stmt.query([purpose_id])?;
    while let Some(r) = rows.next()? {
        each(MarketingCandidate {
            person_id: r.get(0)?,
            given_name: r.get(1)?,
            tussenvoegsel: r.get(2)?,
            family_name: r.get(3)?,
            preferred_language: r.get(4)?,
            restricted: r.get(5)?,
            objects: r.get(6)?,
            granted: r.get(7)?,
            consent_since: r.get(8)?,
            statement_version: r.get(9)?,
            email: r.get(10)?,
        })?;
    }
    Ok(())
}
