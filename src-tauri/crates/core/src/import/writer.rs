//! The import engine's writer. Every record is validated first; the valid ones are written a
//! chunk at a time, each index's new entries in that index's order: people by sort name,
//! e-mail addresses and phone numbers by value, search rows by id and name words by word. At a
//! million contacts an index is far larger than the page cache, and entries written in random
//! order cost a page read (and, encrypted, a decryption) each; in order, one page takes many.
use super::{
    reason_code, FieldNote, ImportDuplicate, ImportReport, Incoming, RowProblem, MAX_PROBLEMS,
};
use crate::clock::stamp;
use crate::crm::persons;
use crate::crm::persons::{self as person_rules, CleanPerson};
use crate::dto::crm::{DuplicateReason, PersonInput};
use crate::error::{CoreError, CoreResult, ValidationReason};
use crate::fields;
use crate::store::duplicates as dup_db;
use crate::store::persons as db;
use crate::store::{search_index, ReadTx, WriteTx};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

/// People written together. Large, so that sorting pays (a million-contact index has some
/// 15,000 leaf pages; at a million, chunks of 25,000 imported 25% slower); bounded, so that a
/// huge file does not have to fit in memory (a row waiting here takes about 1.5 KB).
const CHUNK: usize = 50_000;

/// How often (in rows) the writer reports progress and looks at the cancel flag.
const STEP: usize = 500;

/// Who writes, and when: all the row writer needs besides the records (the benchmark builds
/// one on a plain database with the same schema).
pub(crate) struct Writer<'c> {
    pub tx: &'c WriteTx,
    pub user_id: i64,
    pub now: chrono::DateTime<chrono::Utc>,
    /// Refuse a row for any field that breaks a rule (the old behaviour), instead of keeping
    /// the person and leaving the field out (or, for a phone number, keeping it unchecked).
    pub strict: bool,
}

/// A valid record waiting for its chunk to be written.
struct Ready {
    line: usize,
    person: CleanPerson,
    /// The organisation's name as stored ("" without one), for the search row.
    organisation: String,
}

/// A record after the checks that need no database: the person, the organisation's name and
/// the fields not taken as given, or the field at fault and the reason code.
type Checked = CoreResult<
    Result<
        (CleanPerson, Option<String>, Vec<person_rules::FieldNote>),
        (Option<&'static str>, String),
    >,
>;

/// Records checked on a second thread go to the writer in batches of this many.
const BATCH: usize = 1_000;

/// Validates each record with the form rules, finds or creates its organisation, notes
/// possible duplicates and writes the valid ones, inside the caller's transaction. Stops at
/// `cancel` with `cancelled` set; the caller decides whether to commit. Reading and checking
/// the records runs on a second thread, a few batches ahead of the writing.
pub(crate) fn write_rows(
    w: &Writer<'_>,
    items: &mut (dyn Iterator<Item = Incoming> + Send),
    total: usize,
    column_of: &dyn Fn(&str) -> Option<String>,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &AtomicBool,
) -> CoreResult<ImportReport> {
    let today = w.now.date_naive();
    let strict = w.strict;
    // Measured: an idle pooled reader left open made this write 2.3 times slower into a filled
    // vault (README > Performance); the next read opens a new one.
    w.tx.store().close_idle_readers();
    std::thread::scope(|scope| {
        // A few batches ahead: enough to keep both cores busy; a whole chunk ahead was 5%
        // faster at a million contacts and cost 75 MB.
        let (send, checked) = std::sync::mpsc::sync_channel::<Vec<(usize, Checked)>>(8);
        scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            for Incoming { line, item } in items {
                batch.push((line, check(today, item, strict)));
                if batch.len() == BATCH {
                    // The writer has stopped (cancelled, or an error) when nobody receives.
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    if send.send(full).is_err() {
                        return;
                    }
                }
            }
            let _ = send.send(batch);
        });
        // Returning drops the receiver, which ends the checking thread.
        let items = checked.iter().flatten();
        write_checked(w, items, total, CHUNK, column_of, progress, cancel)
    })
}

/// The form rules that need no database, and the organisation's name.
fn check(
    today: chrono::NaiveDate,
    item: Result<(PersonInput, Option<String>), String>,
    strict: bool,
) -> Checked {
    let (input, org_name) = match item {
        Ok(v) => v,
        Err(why) => return Ok(Err((None, why))),
    };
    let checked = if strict {
        persons::clean_fields(today, &input).map(|c| (c, vec![]))
    } else {
        person_rules::clean_fields_keeping(today, &input)
    };
    let (person, notes) = match checked {
        Ok(c) => c,
        Err(CoreError::Invalid { field, reason }) => {
            return Ok(Err((Some(field), reason_code(reason))))
        }
        Err(e) => return Err(e),
    };
    match fields::opt_text("organisation", org_name.as_deref(), 200) {
        Ok(org) => Ok(Ok((person, org, notes))),
        Err(_) => Ok(Err((
            Some("organisation"),
            reason_code(ValidationReason::TooLong),
        ))),
    }
}

fn write_checked(
    w: &Writer<'_>,
    items: impl Iterator<Item = (usize, Checked)>,
    total: usize,
    chunk_size: usize,
    column_of: &dyn Fn(&str) -> Option<String>,
    progress: &mut dyn FnMut(usize, usize),
    cancel: &AtomicBool,
) -> CoreResult<ImportReport> {
    let mut report = ImportReport {
        rows: total,
        imported: 0,
        refused: 0,
        problems: vec![],
        noted: 0,
        notes: vec![],
        duplicates: vec![],
        committed: false,
        cancelled: false,
    };
    let now = stamp(w.now);
    // Organisations by folded name: (id, name as stored), so each is looked up once.
    let mut orgs: HashMap<String, (i64, String)> = HashMap::new();
    // New organisations get their search rows after the people: FTS5 writes its pending terms
    // out whenever a row id is lower than the last one, and organisation ids interleaved with
    // people's would make that happen on almost every new company.
    let mut new_orgs: Vec<i64> = Vec::new();
    let mut chunk: Vec<Ready> = Vec::with_capacity(chunk_size.min(total));
    let mut pace = Pace {
        done: 0,
        total,
        progress,
        cancel,
    };
    for (i, (line, item)) in items.enumerate() {
        if i % STEP == 0 && pace.stop(0, &mut report) {
            return Ok(report);
        }
        let (mut person, org_name, notes) = match item? {
            Ok(v) => v,
            Err((field, reason)) => {
                refuse(&mut report, line, field.and_then(column_of), reason);
                continue;
            }
        };
        match persons::check_references(w.tx, &person) {
            Ok(()) => {}
            Err(CoreError::Invalid { field, reason }) => {
                refuse(&mut report, line, column_of(field), reason_code(reason));
                continue;
            }
            Err(e) => return Err(e),
        }
        let mut organisation = String::new();
        if let Some(name) = org_name {
            let key = fields::fold(&name);
            let (id, stored) = match orgs.get(&key) {
                Some(found) => found.clone(),
                None => {
                    let entry = match db::organisation_by_sort_name(w.tx, &key)? {
                        Some(found) => found,
                        None => {
                            let columns = db::OrganisationColumns {
                                name: &name,
                                sort_name: &key,
                                kvk: None,
                                vat: None,
                                website: None,
                                industry: None,
                            };
                            let id = db::insert_organisation(w.tx, &columns, &now, w.user_id)?;
                            new_orgs.push(id);
                            (id, name)
                        }
                    };
                    orgs.insert(key, entry.clone());
                    entry
                }
            };
            person.cols.organisation_id = Some(id);
            organisation = stored;
        }
        for n in notes {
            report.noted += 1;
            if report.notes.len() < MAX_PROBLEMS {
                report.notes.push(FieldNote {
                    line,
                    column: column_of(n.field),
                    field: n.field.to_string(),
                    reason: reason_code(n.reason),
                    kept_as_typed: n.kept_as_typed,
                });
            }
        }
        chunk.push(Ready {
            line,
            person,
            organisation,
        });
        if chunk.len() == chunk_size {
            let rows = std::mem::take(&mut chunk);
            if !write_chunk(w, rows, &now, &mut report, &mut pace)? {
                return Ok(report);
            }
        }
    }
    if !write_chunk(w, chunk, &now, &mut report, &mut pace)? {
        return Ok(report);
    }
    search_index::insert_organisation_rows(w.tx, &new_orgs)?;
    report.duplicates.sort_by_key(|d| d.line);
    (pace.progress)(total, total);
    Ok(report)
}

/// The writer's progress reports and the cancel flag it looks at between rows.
struct Pace<'a> {
    /// Rows of earlier chunks, all written.
    done: usize,
    total: usize,
    progress: &'a mut dyn FnMut(usize, usize),
    cancel: &'a AtomicBool,
}

impl Pace<'_> {
    /// Reports `more` rows done beyond the earlier chunks; true (and the report marked
    /// cancelled) when a cancel was asked for.
    fn stop(&mut self, more: usize, report: &mut ImportReport) -> bool {
        (self.progress)(self.done + more, self.total);
        let stop = self.cancel.load(Ordering::Relaxed);
        report.cancelled |= stop;
        stop
    }
}

fn refuse(report: &mut ImportReport, line: usize, column: Option<String>, reason: String) {
    report.refused += 1;
    if report.problems.len() < MAX_PROBLEMS {
        report.problems.push(RowProblem {
            line,
            column,
            reason,
        });
    }
}

/// Writes one chunk of valid people. Returns false when cancelled (`report.cancelled` set).
fn write_chunk(
    w: &Writer<'_>,
    mut rows: Vec<Ready>,
    now: &str,
    report: &mut ImportReport,
    pace: &mut Pace<'_>,
) -> CoreResult<bool> {
    let earlier = duplicates(w.tx, &rows, report)?;
    // People in sort-name order: the name indexes take them in order, and their ids (hence
    // their contact points, addresses and search rows) follow the same order.
    rows.sort_by(|a, b| a.person.cols.sort_name.cmp(&b.person.cols.sort_name));
    let mut ids: Vec<i64> = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        if i % STEP == 0 && pace.stop(i / 2, report) {
            return Ok(false);
        }
        ids.push(db::insert_person_listed(
            w.tx,
            &r.person.cols,
            r.person.emails.first().map(|p| p.1.as_str()),
            r.person.phones.first().map(|p| p.1.as_str()),
            now,
            w.user_id,
        )?);
    }
    // Contact points by value: the e-mail and phone lookups' indexes take them in order.
    // (kind, row, position in its list, the label and value)
    let mut points = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        for (kind, list) in [("email", &r.person.emails), ("phone", &r.person.phones)] {
            points.extend(
                list.iter()
                    .enumerate()
                    .map(|(position, p)| (kind, i, position, p)),
            );
        }
    }
    // The index's order: kind, then the value as COLLATE NOCASE compares it.
    let nocase = |v: &str| {
        v.bytes()
            .map(|b| b.to_ascii_lowercase())
            .collect::<Vec<u8>>()
    };
    points.sort_by_cached_key(|(kind, _, _, (_, value, _))| (*kind, nocase(value)));
    for (n, (kind, i, position, (label, value, unchecked))) in points.into_iter().enumerate() {
        if n % STEP == 0 && pace.stop(rows.len() / 2, report) {
            return Ok(false);
        }
        db::insert_contact_point(
            w.tx,
            ids[i],
            kind,
            label.as_deref(),
            value,
            position,
            *unchecked,
        )?;
    }
    let mut search_rows = Vec::with_capacity(rows.len());
    for (i, (r, id)) in rows.iter().zip(&ids).enumerate() {
        if i % STEP == 0 && pace.stop((rows.len() + i) / 2, report) {
            return Ok(false);
        }
        db::set_addresses(w.tx, *id, &r.person.addresses, false)?;
        db::set_tags(w.tx, *id, &r.person.tags, false)?;
        search_rows.push(persons::search_row(*id, &r.person, &r.organisation));
    }
    search_index::insert_person_rows(w.tx, &search_rows)?;
    // The duplicates of earlier lines in this chunk now have their ids.
    let id_of_line: HashMap<usize, i64> =
        rows.iter().zip(&ids).map(|(r, id)| (r.line, *id)).collect();
    for (line, earlier_line, reason) in earlier {
        report.duplicates.push(ImportDuplicate {
            line,
            existing_id: id_of_line[&earlier_line],
            reason,
        });
    }
    report.imported += rows.len();
    pace.done += rows.len();
    Ok(true)
}

/// A chunk's e-mail addresses (lower case), phone numbers and name keys, each with the line
/// that had it first.
struct Seen {
    emails: HashMap<String, usize>,
    phones: HashMap<String, usize>,
    names: HashMap<NameKey, usize>,
}

impl Seen {
    fn new() -> Self {
        Seen {
            emails: HashMap::new(),
            phones: HashMap::new(),
            names: HashMap::new(),
        }
    }

    /// The first match, by the rules of `merge::find`: e-mail, then phone, then a similar
    /// name in the same organisation.
    fn first(&self, p: &CleanPerson) -> Option<(usize, DuplicateReason)> {
        let email = p
            .emails
            .iter()
            .find_map(|(_, e, _)| self.emails.get(&e.to_ascii_lowercase()));
        let phone = || p.phones.iter().find_map(|(_, v, _)| self.phones.get(v));
        let name = || name_key(p).and_then(|k| self.names.get(&k));
        email
            .map(|t| (*t, DuplicateReason::SameEmail))
            .or_else(|| phone().map(|t| (*t, DuplicateReason::SamePhone)))
            .or_else(|| name().map(|t| (*t, DuplicateReason::SimilarNameSameOrganisation)))
    }

    /// Keeps the first value for each of `p`'s keys.
    fn add(&mut self, p: &CleanPerson, t: usize) {
        for (_, e, _) in &p.emails {
            self.emails.entry(e.to_ascii_lowercase()).or_insert(t);
        }
        for (_, v, _) in &p.phones {
            self.phones.entry(v.clone()).or_insert(t);
        }
        if let Some(k) = name_key(p) {
            self.names.entry(k).or_insert(t);
        }
    }
}

/// The first person in the vault `p` may be, by the rules of `merge::find`, without reading
/// the candidates back (one indexed lookup per key, stopping at the first match).
fn in_vault(conn: &ReadTx, p: &CleanPerson) -> CoreResult<Option<(i64, DuplicateReason)>> {
    for (_, e, _) in &p.emails {
        if let Some(id) = dup_db::first_with_value(conn, "email", e)? {
            return Ok(Some((id, DuplicateReason::SameEmail)));
        }
    }
    for (_, v, _) in &p.phones {
        if let Some(id) = dup_db::first_with_value(conn, "phone", v)? {
            return Ok(Some((id, DuplicateReason::SamePhone)));
        }
    }
    if let Some((org, family, initial)) = name_key(p) {
        if let Some(id) = dup_db::first_similar_name(conn, org, &family, &initial)? {
            return Ok(Some((id, DuplicateReason::SimilarNameSameOrganisation)));
        }
    }
    Ok(None)
}

/// Notes, in line order, each row that may be a person already in the vault (reported at once)
/// or one on an earlier line of this chunk (returned as line pairs, to be reported once that
/// line has an id). Stops once the report holds its maximum. (Looking the chunk's keys up in
/// index order instead was slower: it has to look up every row, and the lookups cost CPU more
/// than page reads.)
fn duplicates(
    conn: &ReadTx,
    rows: &[Ready],
    report: &mut ImportReport,
) -> CoreResult<Vec<(usize, usize, DuplicateReason)>> {
    let mut earlier = Vec::new();
    let mut chunk = Seen::new();
    for r in rows {
        if report.duplicates.len() + earlier.len() >= MAX_PROBLEMS {
            break;
        }
        if let Some((id, reason)) = in_vault(conn, &r.person)? {
            report.duplicates.push(ImportDuplicate {
                line: r.line,
                existing_id: id,
                reason,
            });
        } else if let Some((line, reason)) = chunk.first(&r.person) {
            earlier.push((r.line, line, reason));
        }
        chunk.add(&r.person, r.line);
    }
    Ok(earlier)
}

/// (organisation, folded family name, folded initial of the given name).
type NameKey = (i64, String, String);

/// Organisation, folded family name and first letter of the given name: "very similar name
/// within the same organisation".
fn name_key(p: &CleanPerson) -> Option<NameKey> {
    let org = p.cols.organisation_id?;
    let family = fields::fold(&p.cols.family_name);
    if family.is_empty() {
        return None;
    }
    let initial = fields::fold(&p.cols.given_name).chars().take(1).collect();
    Some((org, family, initial))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dto::crm::{AddressInput, ContactPointInput, SearchKind};

    /// A new in-memory vault with user 1, inside one write that is never committed.
    fn vault() -> WriteTx {
        let tx = crate::store::memory();
        crate::store::users::insert(&tx, Some(1), "u", "U", false, "").unwrap();
        tx
    }

    fn person(given: &str, family: &str, email: &str, phone: &str) -> PersonInput {
        let point = |v: &str| ContactPointInput {
            label: None,
            value: v.to_string(),
            keep_unchecked: false,
        };
        PersonInput {
            given_name: given.into(),
            family_name: family.into(),
            emails: vec![point(email)],
            phones: [phone]
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| point(p))
                .collect(),
            addresses: vec![AddressInput {
                city: Some(format!("{family}stad")),
                ..Default::default()
            }],
            tags: vec![format!("tag-{given}")],
            ..Default::default()
        }
    }

    /// Writes `rows` (line 2 onwards) `chunk` at a time, as `write_rows` does on its thread.
    fn import(
        conn: &WriteTx,
        rows: Vec<(PersonInput, Option<&str>)>,
        chunk: usize,
        progress: &mut dyn FnMut(usize, usize),
        cancel: &AtomicBool,
    ) -> ImportReport {
        let w = Writer {
            tx: conn,
            user_id: 1,
            now: chrono::Utc::now(),
            strict: true,
        };
        let today = w.now.date_naive();
        let total = rows.len();
        let items = rows.into_iter().enumerate().map(|(i, (p, org))| {
            (
                i + 2,
                check(today, Ok((p, org.map(String::from))), w.strict),
            )
        });
        write_checked(&w, items, total, chunk, &|_| None, progress, cancel).unwrap()
    }

    fn id_by_email(conn: &crate::store::ReadTx, email: &str) -> i64 {
        dup_db::first_with_value(conn, "email", email)
            .unwrap()
            .unwrap()
    }

    /// People are written in sort-name order a chunk at a time; everyone, in every chunk and in
    /// the last partial one, has their e-mail, phone, address, tag and organisation, and is found
    /// by name and by e-mail address.
    #[test]
    fn every_chunk_writes_everyone_with_their_details() {
        let conn = vault();
        let names = [
            "Zoë", "Yara", "Xander", "Willem", "Vera", "Umut", "Tess", "Sam",
        ];
        let rows: Vec<_> = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let p = person(
                    "Jan",
                    &format!("{n}man"),
                    &format!("{i}@post{i}.nl"),
                    &format!("0612345{i:03}"),
                );
                (p, Some(if i % 2 == 0 { "Even BV" } else { "Oneven BV" }))
            })
            .collect();
        let r = import(&conn, rows, 3, &mut |_, _| {}, &AtomicBool::new(false));
        assert_eq!((r.imported, r.refused, r.cancelled), (8, 0, false));
        let mut chunk_ids = vec![];
        for (i, n) in names.iter().enumerate() {
            let id = id_by_email(&conn, &format!("{i}@post{i}.nl"));
            let p = db::get_person(&conn, id).unwrap().unwrap();
            assert_eq!(p.family_name, format!("{n}man"));
            let org = if i % 2 == 0 { "Even BV" } else { "Oneven BV" };
            assert_eq!(p.organisation_name.as_deref(), Some(org));
            assert_eq!(p.phones[0].value, format!("+31612345{i:03}"));
            assert_eq!(
                p.addresses[0].city.as_deref(),
                Some(format!("{n}manstad").as_str())
            );
            assert_eq!(p.tags, ["tag-Jan"]);
            for q in [format!("{n}man"), format!("{i}@post{i}.nl")] {
                let hits = crate::crm::search::hits(&conn, &q, 20).unwrap();
                assert!(
                    hits.iter()
                        .any(|h| h.kind == SearchKind::Person && h.id == id),
                    "{q}"
                );
            }
            chunk_ids.push(id);
        }
        // Lines 2-4 were one chunk, written Xander, Yara, Zoë: ids follow the sort order.
        assert!(chunk_ids[2] < chunk_ids[1] && chunk_ids[1] < chunk_ids[0]);
        // A chunk is written after the one before it.
        assert!(chunk_ids[0] < chunk_ids[3] && chunk_ids[5] < chunk_ids[6]);
        assert_eq!(db::count_organisations(&conn).unwrap(), 2);
    }

    /// A possible duplicate is reported on the later line, pointing at the person already in
    /// the vault, at the earlier line in the same chunk, or at one written in an earlier chunk;
    /// the report is in line order.
    #[test]
    fn duplicates_point_at_the_earlier_record_wherever_it_is() {
        let conn = vault();
        let existing = import(
            &conn,
            vec![(person("Oud", "Bekende", "oud@bekend.nl", ""), None)],
            3,
            &mut |_, _| {},
            &AtomicBool::new(false),
        );
        assert_eq!(existing.imported, 1);
        let old = id_by_email(&conn, "oud@bekend.nl");
        let rows = vec![
            (person("Piet", "Berg", "piet@berg.nl", ""), None), // line 2
            (person("Anna", "Aap", "a@a.nl", "0612345678"), None), // 3
            (person("Pietje", "Bergen", "PIET@berg.nl", ""), None), // 4: line 2, same chunk
            (person("Oude", "Bekende", "OUD@bekend.nl", ""), None), // 5: the vault
            (person("Bert", "Noot", "b@n.nl", "+31 6 12345678"), None), // 6: line 3, earlier chunk
            (person("Kees", "Mies", "k@m.nl", ""), Some("Firma")), // 7
            (person("Karel", "Mies", "karel@m.nl", ""), Some("Firma")), // 8: line 7, same name and firm
        ];
        let r = import(&conn, rows, 3, &mut |_, _| {}, &AtomicBool::new(false));
        assert_eq!(r.imported, 7);
        let found: Vec<(usize, i64, DuplicateReason)> = r
            .duplicates
            .iter()
            .map(|d| (d.line, d.existing_id, d.reason))
            .collect();
        assert_eq!(
            found,
            [
                (
                    4,
                    id_by_email(&conn, "piet@berg.nl"),
                    DuplicateReason::SameEmail
                ),
                (5, old, DuplicateReason::SameEmail),
                (6, id_by_email(&conn, "a@a.nl"), DuplicateReason::SamePhone),
                (
                    8,
                    id_by_email(&conn, "k@m.nl"),
                    DuplicateReason::SimilarNameSameOrganisation
                ),
            ]
        );
    }

    /// Progress climbs to the total; a cancel between chunks or inside one stops the writer
    /// with `cancelled` set (the caller's transaction is then rolled back).
    #[test]
    fn progress_climbs_and_cancel_stops_inside_a_chunk() {
        let rows = |n: usize| -> Vec<(PersonInput, Option<&str>)> {
            (0..n)
                .map(|i| {
                    (
                        person("Jan", &format!("Naam{i}"), &format!("{i}@x.nl"), ""),
                        None,
                    )
                })
                .collect()
        };
        let conn = vault();
        let mut seen = vec![];
        let r = import(
            &conn,
            rows(1_200),
            700,
            &mut |d, t| seen.push((d, t)),
            &AtomicBool::new(false),
        );
        assert_eq!(r.imported, 1_200);
        assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "{seen:?}");
        assert_eq!(seen.last(), Some(&(1_200, 1_200)));

        let conn = vault();
        let cancel = AtomicBool::new(false);
        let r = import(
            &conn,
            rows(3 * STEP),
            3 * STEP,
            &mut |done, _| {
                if done > 0 {
                    cancel.store(true, Ordering::Relaxed);
                }
            },
            &cancel,
        );
        assert!(r.cancelled);
        assert_eq!(
            r.imported, 0,
            "nothing counts as imported from a cancelled chunk"
        );
    }
}
