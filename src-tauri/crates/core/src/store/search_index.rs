//! SQL for the full-text search index (FTS5): one row per person or organisation, rewritten
//! in the same transaction as the record it describes.
use super::{ReadTx, WriteTx};
use crate::dto::crm::{SearchHit, SearchKind};
use crate::error::CoreResult;
use crate::fields::{display_name, fold};
use rusqlite::{params, Connection};

/// One number for a person or organisation: the full-text row id and the key of its name
/// words.
fn rowid(kind: SearchKind, id: i64) -> i64 {
    match kind {
        SearchKind::Person => id * 2,
        SearchKind::Organisation => id * 2 + 1,
    }
}

fn from_rowid(key: i64) -> (SearchKind, i64) {
    let kind = if key % 2 == 0 {
        SearchKind::Person
    } else {
        SearchKind::Organisation
    };
    (kind, key / 2)
}

/// The parts of a person's name, as stored.
pub struct Names<'a> {
    pub given: &'a str,
    pub tussenvoegsel: &'a str,
    pub family: &'a str,
}

impl Names<'_> {
    /// The name words in address-book order (family name, given name, tussenvoegsel), which
    /// is the order hits with the same matching word are listed in.
    fn key(&self) -> String {
        words(&format!(
            "{} {} {}",
            self.family, self.given, self.tussenvoegsel
        ))
        .join(" ")
    }
}

/// An organisation's name words, as kept for search.
fn organisation_key(name: &str) -> String {
    words(name).join(" ")
}

/// Folded words as search compares them: "Müller-Lüdenscheidt" is "muller" and
/// "ludenscheidt".
pub fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Replaces the name words of one person or organisation (None: removes them). Every word
/// gets a row in a B-tree ordered by word and then by the whole name, so a prefix is one
/// range read that comes out ranked: the exact word first, then longer ones, each
/// alphabetically. The whole name is kept once more by key so the rows can be found again.
fn set_name_words(conn: &Connection, key: i64, names: Option<&str>) -> rusqlite::Result<()> {
    let old: Option<String> = conn
        .prepare_cached("SELECT names FROM search_names WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .map(Some)
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            e => Err(e),
        })?;
    if let Some(old) = &old {
        if Some(old.as_str()) == names {
            return Ok(());
        }
        let mut del = conn.prepare_cached(
            "DELETE FROM search_name_words WHERE word = ?1 AND names = ?2 AND key = ?3",
        )?;
        for w in old.split(' ') {
            del.execute(params![w, old, key])?;
        }
        conn.prepare_cached("DELETE FROM search_names WHERE key = ?1")?
            .execute([key])?;
    }
    if let Some(names) = names.filter(|n| !n.is_empty()) {
        conn.prepare_cached("INSERT INTO search_names (key, names) VALUES (?1, ?2)")?
            .execute(params![key, names])?;
        let mut add = conn.prepare_cached(
            "INSERT OR IGNORE INTO search_name_words (word, names, key) VALUES (?1, ?2, ?3)",
        )?;
        for w in names.split(' ') {
            add.execute(params![w, names, key])?;
        }
    }
    Ok(())
}

/// Phone numbers are indexed whole and in national form, so "0612" and "+31 6 1234" find
/// +31612345678 by prefix; trailing parts ("345678") are found through `digits_rev`.
fn phone_tokens(e164: &str) -> String {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("31") {
        Some(rest) => format!("{digits} 0{rest}"),
        None => digits,
    }
}

/// Cities people call by another name: the official and the everyday one find each other.
const CITY_ALIASES: &[(&str, &str)] = &[
    ("s hertogenbosch", "den bosch"),
    ("s gravenhage", "den haag"),
];

/// What an address adds to the full-text row: the street and house number, the postcode whole
/// and compact ("1015 AB" and "1015ab", so both spellings find it), the city, and the city's
/// other name ("'s-Hertogenbosch" is also found as "den bosch").
pub fn place_text(street: &str, postcode: &str, city: &str) -> String {
    let mut out: Vec<String> = Vec::with_capacity(5);
    for part in [street, postcode, city] {
        if !part.trim().is_empty() {
            out.push(part.trim().to_string());
        }
    }
    let compact: String = postcode.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() != postcode.trim().len() {
        out.push(compact);
    }
    let folded = fold(city);
    for (a, b) in CITY_ALIASES {
        if folded == *a {
            out.push((*b).to_string());
        } else if folded == *b {
            out.push((*a).to_string());
        }
    }
    out.join(" ")
}

/// The place text of every address of one person or organisation.
fn places_of(conn: &Connection, column: &str, id: i64) -> rusqlite::Result<String> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT COALESCE(street, ''), COALESCE(postcode, ''), COALESCE(city, '')
         FROM addresses WHERE {column} = ?1 ORDER BY position"
    ))?;
    let rows = stmt.query_map([id], |r| {
        Ok(place_text(
            &r.get::<_, String>(0)?,
            &r.get::<_, String>(1)?,
            &r.get::<_, String>(2)?,
        ))
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?.join(" "))
}

/// A phone number's digits reversed, for the suffix index on contact points.
pub fn digits_rev(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).rev().collect()
}

/// People with a phone number ending in `digits` (at least four), through the reversed index.
pub fn phone_suffix(tx: &ReadTx, digits: &str, limit: u32) -> CoreResult<Vec<i64>> {
    let conn = tx.conn();
    let rev: String = digits.chars().rev().collect();
    // Digits sort before ':', so [rev, rev + ':') is every string starting with rev.
    let upper = format!("{rev}:");
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT person_id FROM contact_points
         WHERE digits_rev >= ?1 AND digits_rev < ?2 AND person_id IS NOT NULL LIMIT ?3",
    )?;
    let ids = stmt.query_map(params![rev, upper, limit], |r| r.get(0))?;
    Ok(ids.collect::<Result<_, _>>()?)
}

/// Rewrites the index row of one person from the stored record.
pub fn index_person(tx: &WriteTx, id: i64) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "DELETE FROM search_index WHERE rowid = ?1",
        [rowid(SearchKind::Person, id)],
    )?;
    let row = conn.query_row(
        "SELECT p.given_name, p.tussenvoegsel, p.family_name, COALESCE(o.name, '')
         FROM persons p LEFT JOIN organisations o ON o.id = p.organisation_id WHERE p.id = ?1",
        [id],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        },
    );
    let (given, tv, family, org) = match row {
        Ok(v) => v,
        Err(rusqlite::Error::QueryReturnedNoRows) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let mut points = Vec::new();
    let mut stmt =
        conn.prepare_cached("SELECT kind, value FROM contact_points WHERE person_id = ?1")?;
    let mut rows = stmt.query([id])?;
    while let Some(r) = rows.next()? {
        points.push((r.get::<_, String>(0)?, r.get::<_, String>(1)?));
    }
    let names = Names {
        given: &given,
        tussenvoegsel: &tv,
        family: &family,
    };
    let place = places_of(conn, "person_id", id)?;
    insert_person_row(tx, id, &names, &org, &points, &place)
}

/// Migration 24: copies every full-text row, in row id order (FTS5 appends), into the new
/// table with the place text of its addresses, then puts the new table in the old one's place.
pub(super) fn fill_places(conn: &Connection) -> rusqlite::Result<()> {
    use rusqlite::types::Value;
    {
        let mut read = conn.prepare(
            "SELECT rowid, kind, ref_id, names, org, contact FROM search_index ORDER BY rowid",
        )?;
        let mut write = conn.prepare(
            "INSERT INTO search_index_next (rowid, kind, ref_id, names, org, contact, place)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let kind: String = r.get(1)?;
            let ref_id: i64 = r.get(2)?;
            let column = if kind == "person" {
                "person_id"
            } else {
                "organisation_id"
            };
            let place = places_of(conn, column, ref_id)?;
            write.execute(params![
                r.get::<_, i64>(0)?,
                kind,
                ref_id,
                r.get::<_, Value>(3)?,
                r.get::<_, Value>(4)?,
                r.get::<_, Value>(5)?,
                place
            ])?;
        }
    }
    conn.execute_batch(
        "DROP TABLE search_index; ALTER TABLE search_index_next RENAME TO search_index;",
    )
}

/// Migration 24: names with anything but ASCII letters, digits and spaces get the sort key and
/// search words of today's folding (symbols and emoji are no longer words). Organisations are
/// few and all refolded: the import finds them by their folded name.
pub(super) fn refold_names(conn: &Connection) -> rusqlite::Result<()> {
    let people: Vec<(i64, String, String, String, String)> = conn
        .prepare(
            "SELECT id, given_name, tussenvoegsel, family_name, sort_name FROM persons
             WHERE given_name || tussenvoegsel || family_name GLOB '*[^a-zA-Z0-9 ]*'",
        )?
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<Result<_, _>>()?;
    let mut sort = conn.prepare("UPDATE persons SET sort_name = ?2 WHERE id = ?1")?;
    for (id, given, tussenvoegsel, family, old) in people {
        let key = crate::fields::person_sort_key(&given, &family);
        if key != old {
            sort.execute(params![id, key])?;
        }
        let names = Names {
            given: &given,
            tussenvoegsel: &tussenvoegsel,
            family: &family,
        };
        set_name_words(conn, rowid(SearchKind::Person, id), Some(&names.key()))?;
    }
    let orgs: Vec<(i64, String, String)> = conn
        .prepare("SELECT id, name, sort_name FROM organisations")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    let mut sort = conn.prepare("UPDATE organisations SET sort_name = ?2 WHERE id = ?1")?;
    for (id, name, old) in orgs {
        let key = fold(&name);
        if key != old {
            sort.execute(params![id, key])?;
        }
        set_name_words(
            conn,
            rowid(SearchKind::Organisation, id),
            Some(&organisation_key(&name)),
        )?;
    }
    Ok(())
}

/// Gives every stored person and organisation its name words (migration 20).
pub(super) fn fill_name_words(conn: &Connection) -> rusqlite::Result<()> {
    let people: Vec<(i64, String)> = conn
        .prepare("SELECT id, given_name, tussenvoegsel, family_name FROM persons")?
        .query_map([], |r| {
            let (given, tussenvoegsel, family): (String, String, String) =
                (r.get(1)?, r.get(2)?, r.get(3)?);
            let names = Names {
                given: &given,
                tussenvoegsel: &tussenvoegsel,
                family: &family,
            };
            Ok((rowid(SearchKind::Person, r.get(0)?), names.key()))
        })?
        .collect::<Result<_, _>>()?;
    let orgs: Vec<(i64, String)> = conn
        .prepare("SELECT id, name FROM organisations")?
        .query_map([], |r| {
            Ok((
                rowid(SearchKind::Organisation, r.get(0)?),
                organisation_key(&r.get::<_, String>(1)?),
            ))
        })?
        .collect::<Result<_, _>>()?;
    for (key, names) in people.into_iter().chain(orgs) {
        set_name_words(conn, key, Some(&names))?;
    }
    Ok(())
}

/// A person's search rows, made from values at hand (bulk writers keep them back and write
/// them together with `insert_person_rows`).
pub struct PersonRow {
    id: i64,
    names: String,
    key: String,
    org: String,
    contact: String,
    place: String,
}

impl PersonRow {
    /// `place`: the `place_text` of the person's addresses.
    pub fn new(
        id: i64,
        names: &Names,
        org: &str,
        points: &[(String, String)],
        place: String,
    ) -> Self {
        let contact: Vec<String> = points
            .iter()
            .map(|(kind, value)| {
                if kind == "phone" {
                    phone_tokens(value)
                } else {
                    value.clone()
                }
            })
            .collect();
        PersonRow {
            id,
            names: display_name(names.given, names.tussenvoegsel, names.family),
            key: names.key(),
            org: org.to_string(),
            contact: contact.join(" "),
            place,
        }
    }
}

/// Writes a person's index rows from values at hand (the full-text row must be gone; name
/// words are replaced).
pub fn insert_person_row(
    tx: &WriteTx,
    id: i64,
    names: &Names,
    org: &str,
    points: &[(String, String)],
    place: &str,
) -> CoreResult<()> {
    let conn = tx.conn();
    let r = PersonRow::new(id, names, org, points, place.to_string());
    write_fts_row(conn, &r)?;
    Ok(set_name_words(
        conn,
        rowid(SearchKind::Person, id),
        Some(&r.key),
    )?)
}

fn write_fts_row(conn: &Connection, r: &PersonRow) -> CoreResult<()> {
    conn.prepare_cached(
        "INSERT INTO search_index (rowid, kind, ref_id, names, org, contact, place) VALUES (?1, 'person', ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![rowid(SearchKind::Person, r.id), r.id, r.names, r.org, r.contact, r.place])?;
    Ok(())
}

/// People whose search rows bulk writers keep back and write together: enough for FTS5 to
/// write few segments, few enough to bound the memory a large import holds.
pub const SEARCH_BATCH: usize = 5_000;

/// Writes the search rows of people just added: every full-text row first, then the name
/// words. FTS5 keeps new rows in memory and writes them out as one segment, but it also
/// writes them out at each statement savepoint, which most other writes open (foreign keys);
/// written between a person's other rows, every person became a segment of its own that FTS5
/// then had to merge.
pub fn insert_person_rows(tx: &WriteTx, rows: &[PersonRow]) -> CoreResult<()> {
    let conn = tx.conn();
    for r in rows {
        write_fts_row(conn, r)?;
    }
    let names: Vec<(i64, &str)> = rows
        .iter()
        .map(|r| (rowid(SearchKind::Person, r.id), r.key.as_str()))
        .collect();
    insert_new_name_words(conn, &names)
}

/// The name words of people or organisations that have none yet (key, names), in the
/// B-tree's order, so a batch touches each page once instead of once per word.
fn insert_new_name_words(conn: &Connection, names: &[(i64, &str)]) -> CoreResult<()> {
    let mut whole = conn.prepare_cached("INSERT INTO search_names (key, names) VALUES (?1, ?2)")?;
    let mut words: Vec<(&str, &str, i64)> = Vec::with_capacity(names.len() * 3);
    for (key, names) in names.iter().filter(|(_, n)| !n.is_empty()) {
        whole.execute(params![key, names])?;
        words.extend(names.split(' ').map(|w| (w, *names, *key)));
    }
    words.sort_unstable();
    let mut add = conn.prepare_cached(
        "INSERT OR IGNORE INTO search_name_words (word, names, key) VALUES (?1, ?2, ?3)",
    )?;
    for (word, names, key) in words {
        add.execute(params![word, names, key])?;
    }
    Ok(())
}

/// Writes the search rows of organisations just added (bulk writers: all together, after
/// their people, as FTS5 writes out its pending rows when a row id is lower than the last).
pub fn insert_organisation_rows(tx: &WriteTx, ids: &[i64]) -> CoreResult<()> {
    let conn = tx.conn();
    let mut keys: Vec<(i64, String)> = Vec::with_capacity(ids.len());
    let mut read = conn.prepare_cached(
        "SELECT name, COALESCE(website, '') || ' ' || COALESCE(kvk, '') FROM organisations WHERE id = ?1",
    )?;
    let mut write = conn.prepare_cached(
        "INSERT INTO search_index (rowid, kind, ref_id, names, org, contact, place) VALUES (?1, 'organisation', ?2, ?3, '', ?4, ?5)",
    )?;
    for &id in ids {
        let (name, contact): (String, String) =
            read.query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
        let key = rowid(SearchKind::Organisation, id);
        let place = places_of(conn, "organisation_id", id)?;
        write.execute(params![key, id, name, contact, place])?;
        keys.push((key, organisation_key(&name)));
    }
    let names: Vec<(i64, &str)> = keys.iter().map(|(k, n)| (*k, n.as_str())).collect();
    insert_new_name_words(conn, &names)
}

pub fn index_organisation(tx: &WriteTx, id: i64) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "DELETE FROM search_index WHERE rowid = ?1",
        [rowid(SearchKind::Organisation, id)],
    )?;
    let row = conn.query_row(
        "SELECT name, COALESCE(website, ''), COALESCE(kvk, '') FROM organisations WHERE id = ?1",
        [id],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        },
    );
    let (name, website, kvk) = match row {
        Ok(v) => v,
        Err(rusqlite::Error::QueryReturnedNoRows) => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    let place = places_of(conn, "organisation_id", id)?;
    conn.execute(
        "INSERT INTO search_index (rowid, kind, ref_id, names, org, contact, place) VALUES (?1, 'organisation', ?2, ?3, '', ?4, ?5)",
        params![rowid(SearchKind::Organisation, id), id, name, format!("{website} {kvk}"), place],
    )?;
    Ok(set_name_words(
        conn,
        rowid(SearchKind::Organisation, id),
        Some(&organisation_key(&name)),
    )?)
}

pub fn unindex(tx: &WriteTx, kind: SearchKind, id: i64) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "DELETE FROM search_index WHERE rowid = ?1",
        [rowid(kind, id)],
    )?;
    Ok(set_name_words(conn, rowid(kind, id), None)?)
}

/// Matches of an exact FTS5 query, in the index's order, not ranked (ranking every match of
/// a broad prefix cost tens of milliseconds at a million people).
pub fn matches(tx: &ReadTx, fts: &str, limit: u32) -> CoreResult<Vec<(SearchKind, i64)>> {
    let conn = tx.conn();
    let mut stmt =
        conn.prepare_cached("SELECT rowid FROM search_index WHERE search_index MATCH ?1 LIMIT ?2")?;
    let rows = stmt.query_map(params![fts, limit], |r| Ok(from_rowid(r.get(0)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// An FTS5 query that asks for every word as a prefix, each cut to at most `cut` characters.
pub fn prefix_query(words: &[String], cut: usize) -> String {
    words
        .iter()
        .map(|w| {
            let w: String = w.chars().take(cut).collect();
            format!("\"{}\"*", w.replace('"', "\"\""))
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The words cut to four letters, the longest prefix the index keeps a list for: a longer
/// prefix made FTS5 merge the lists of every word starting with it, on each keystroke. What
/// the cut words let through is checked against the words as typed.
fn cut_query(fts_words: &[String]) -> String {
    prefix_query(fts_words, 4)
}

/// Whether every typed (folded) word starts one of the words of `text`.
fn has_all(typed: &[String], text: &str) -> bool {
    let words = words(text);
    typed
        .iter()
        .all(|t| words.iter().any(|w| w.starts_with(t.as_str())))
}

/// How many candidates `words_anywhere` checks before it asks for the exact words instead.
const CHECKED_AT_MOST: u32 = 3_000;

/// Adds to `found`, up to `limit`, people and organisations with a word starting with each
/// typed word anywhere in their index row (name, organisation, e-mail, phone, website, KvK),
/// such as "jan drukkerij" or "smit23746.nl". Candidates come from the four-letter query and
/// are checked; when that lets through more than CHECKED_AT_MOST the exact query answers.
pub fn words_anywhere(
    tx: &ReadTx,
    fts_words: &[String],
    typed: &[String],
    limit: u32,
    found: &mut Vec<(SearchKind, i64)>,
) -> CoreResult<()> {
    let conn = tx.conn();
    let check = fts_words.iter().any(|w| w.chars().count() > 4);
    let mut stmt = conn.prepare_cached(
        "SELECT rowid, CASE WHEN ?3 THEN names || ' ' || org || ' ' || contact || ' ' || place END
         FROM search_index WHERE search_index MATCH ?1 LIMIT ?2",
    )?;
    let mut rows = stmt.query(params![cut_query(fts_words), CHECKED_AT_MOST, check])?;
    let mut looked_at = 0;
    while let Some(r) = rows.next()? {
        looked_at += 1;
        let hit = from_rowid(r.get(0)?);
        if check && !has_all(typed, &r.get::<_, String>(1)?) || found.contains(&hit) {
            continue;
        }
        found.push(hit);
        if found.len() >= limit as usize {
            return Ok(());
        }
    }
    if looked_at < CHECKED_AT_MOST {
        return Ok(());
    }
    let exact = prefix_query(fts_words, usize::MAX);
    for hit in matches(tx, &exact, limit + found.len() as u32)? {
        if found.len() < limit as usize && !found.contains(&hit) {
            found.push(hit);
        }
    }
    Ok(())
}

/// People and organisations with a name word starting with `word`, ranked: the exact word
/// first, then longer ones, each alphabetically by name (family name first).
pub fn name_prefix(tx: &ReadTx, word: &str, limit: u32) -> CoreResult<Vec<(SearchKind, i64)>> {
    let conn = tx.conn();
    range_scan(conn, word, limit, |_| true)
}

/// How many more name-word rows a scan reads once it has a page of hits, looking for the kind
/// it has too few of (organisations among many people, or the other way round).
const OTHER_KIND_LOOKAHEAD: usize = 1_000;

/// Hits of both kinds, each in its own ranked order.
#[derive(Default)]
struct ByKind {
    people: Vec<(SearchKind, i64)>,
    organisations: Vec<(SearchKind, i64)>,
}

impl ByKind {
    fn push(&mut self, hit: (SearchKind, i64)) {
        let list = match hit.0 {
            SearchKind::Person => &mut self.people,
            SearchKind::Organisation => &mut self.organisations,
        };
        if !list.contains(&hit) {
            list.push(hit);
        }
    }

    fn contains(&self, hit: &(SearchKind, i64)) -> bool {
        self.people.contains(hit) || self.organisations.contains(hit)
    }

    fn len(&self) -> usize {
        self.people.len() + self.organisations.len()
    }

    fn both_full(&self, limit: usize) -> bool {
        self.people.len() >= limit && self.organisations.len() >= limit
    }

    /// One list: two people, then an organisation, and so on, so a person whose name was typed
    /// is never below an organisation that merely holds the same word, and both kinds show in
    /// the first screenful. When one kind runs out the other fills the page.
    fn interleave(self, limit: usize) -> Vec<(SearchKind, i64)> {
        let mut people = self.people.into_iter();
        let mut organisations = self.organisations.into_iter();
        let mut out = Vec::with_capacity(limit);
        while out.len() < limit {
            let mut added = false;
            for hit in people.by_ref().take(2) {
                out.push(hit);
                added = true;
            }
            if let Some(hit) = organisations.next() {
                out.push(hit);
                added = true;
            }
            if !added {
                break;
            }
        }
        out.truncate(limit);
        out
    }
}

/// The names in `word`'s range that `keep` accepts, in the B-tree's order, up to `limit`,
/// people and organisations interleaved (`ByKind::interleave`).
fn range_scan(
    conn: &Connection,
    word: &str,
    limit: u32,
    keep: impl Fn(&str) -> bool,
) -> CoreResult<Vec<(SearchKind, i64)>> {
    Ok(range_scan_within(conn, word, limit, keep, usize::MAX)?.unwrap_or_default())
}

/// `range_scan` reading at most `rows_at_most` rows of the range: None when they ran out
/// before a page was found (and the range goes on), so the caller asks another way.
fn range_scan_within(
    conn: &Connection,
    word: &str,
    limit: u32,
    keep: impl Fn(&str) -> bool,
    rows_at_most: usize,
) -> CoreResult<Option<Vec<(SearchKind, i64)>>> {
    let limit = limit as usize;
    let mut stmt = conn.prepare_cached(
        "SELECT key, names FROM search_name_words WHERE word >= ?1 AND word < ?2 ORDER BY word, names, key",
    )?;
    let mut rows = stmt.query(params![word, range_upper(word)])?;
    let mut found = ByKind::default();
    // Rows read since the hits first filled a page.
    let mut past_page = 0;
    let mut read = 0;
    while let Some(r) = rows.next()? {
        read += 1;
        if read > rows_at_most && found.len() < limit {
            return Ok(None);
        }
        if found.len() >= limit {
            past_page += 1;
            if past_page > OTHER_KIND_LOOKAHEAD || found.both_full(limit) {
                break;
            }
        }
        let hit = from_rowid(r.get(0)?);
        // A name with two words in the range ("Jan Jansen" for "jan") has two rows.
        if !found.contains(&hit) && keep(&r.get::<_, String>(1)?) {
            found.push(hit);
        }
    }
    Ok(Some(found.interleave(limit)))
}

/// A name word's range this small is read whole when several words were typed.
const SMALL_RANGE: u32 = 2_000;

/// How many rows of the longest typed word's range are read, when no word is rare, before the
/// full-text index is asked instead. Typing "daan g" passes through a common word and a letter:
/// the full-text index merged the lists of every word starting with "g" (~50 ms at a million),
/// while Daans whose other name starts with a G come within a few hundred rows of "daan".
const COMMON_RANGE_ROWS: usize = 3_000;

/// How many full-text candidates a query of several words checks at most.
const CANDIDATES_AT_MOST: u32 = 500;

/// How many more full-text candidates are checked once a page is full, for the other kind.
const CANDIDATES_PAST_PAGE: usize = 40;

fn range_upper(word: &str) -> String {
    // Everything from the word up to the next possible string: a range on the B-tree.
    format!("{word}\u{10FFFF}")
}

/// How many name-word rows start with `word`, counted up to SMALL_RANGE.
fn range_size(conn: &Connection, word: &str) -> CoreResult<u32> {
    Ok(conn
        .prepare_cached(
            "SELECT count(*) FROM (SELECT 1 FROM search_name_words WHERE word >= ?1 AND word < ?2 LIMIT ?3)",
        )?
        .query_row(params![word, range_upper(word), SMALL_RANGE], |r| r.get(0))?)
}

/// People and organisations with a name word starting with each of several typed words
/// ("jan de v"). When one word is rare its range is read whole and the other words are
/// checked in the name kept on each row: complete, ranked like a single word. When every word
/// is common the full-text index intersects its lists on the name column (`cut_query`); each
/// candidate's name is then checked against the words as typed, and the hits are listed
/// alphabetically.
pub fn names_with_all(
    tx: &ReadTx,
    fts_words: &[String],
    typed: &[String],
    limit: u32,
) -> CoreResult<Vec<(SearchKind, i64)>> {
    let conn = tx.conn();
    let mut rarest: Option<(u32, &String)> = None;
    for word in typed {
        let size = range_size(conn, word)?;
        if size == 0 {
            return Ok(vec![]);
        }
        if size < SMALL_RANGE && rarest.is_none_or(|(least, _)| size < least) {
            rarest = Some((size, word));
        }
    }
    // The kept names are already folded words joined by spaces.
    let matches_all = |names: &str| {
        typed
            .iter()
            .all(|t| names.split(' ').any(|w| w.starts_with(t.as_str())))
    };
    if let Some((_, word)) = rarest {
        return range_scan(conn, word, limit, matches_all);
    }
    // Every word is common: the longest word's range, read a little way, usually holds a page.
    if let Some(longest) = typed.iter().max_by_key(|w| w.chars().count()) {
        if let Some(found) =
            range_scan_within(conn, longest, limit, matches_all, COMMON_RANGE_ROWS)?
        {
            return Ok(found);
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT n.key, n.names FROM (
            SELECT rowid FROM search_index WHERE search_index MATCH ?1 LIMIT ?2) f
         JOIN search_names n ON n.key = f.rowid",
    )?;
    let query = format!("names : ({})", cut_query(fts_words));
    let mut rows = stmt.query(params![query, CANDIDATES_AT_MOST])?;
    let mut people: Vec<(String, i64)> = vec![];
    let mut organisations: Vec<(String, i64)> = vec![];
    // Candidates read since the hits first filled a page: each costs a look-up here, so the
    // other kind is looked for only a little further.
    let mut past_page = 0;
    while let Some(r) = rows.next()? {
        if people.len() + organisations.len() >= limit as usize {
            past_page += 1;
            if past_page > CANDIDATES_PAST_PAGE
                || (people.len() >= limit as usize && organisations.len() >= limit as usize)
            {
                break;
            }
        }
        let names: String = r.get(1)?;
        if matches_all(&names) {
            let key: i64 = r.get(0)?;
            let list = match from_rowid(key).0 {
                SearchKind::Person => &mut people,
                SearchKind::Organisation => &mut organisations,
            };
            list.push((names, key));
        }
    }
    people.sort();
    organisations.sort();
    let ranked = |v: Vec<(String, i64)>| v.into_iter().map(|(_, key)| from_rowid(key)).collect();
    Ok(ByKind {
        people: ranked(people),
        organisations: ranked(organisations),
    }
    .interleave(limit as usize))
}

/// The title and subtitle shown for a hit.
pub fn hit(tx: &ReadTx, kind: SearchKind, id: i64) -> CoreResult<SearchHit> {
    let conn = tx.conn();
    Ok(match kind {
        SearchKind::Person => conn
            .prepare_cached(
                "SELECT p.given_name, p.tussenvoegsel, p.family_name, o.name, p.restricted FROM persons p
                 LEFT JOIN organisations o ON o.id = p.organisation_id WHERE p.id = ?1",
            )?
            .query_row([id], |r| {
                Ok(SearchHit {
                    kind,
                    id,
                    title: display_name(&r.get::<_, String>(0)?, &r.get::<_, String>(1)?, &r.get::<_, String>(2)?),
                    subtitle: r.get(3)?,
                    restricted: r.get(4)?,
                })
            })?,
        SearchKind::Organisation => conn
            .prepare_cached(
                "SELECT name, (SELECT city FROM addresses WHERE organisation_id = ?1 ORDER BY position LIMIT 1)
                 FROM organisations WHERE id = ?1",
            )?
            .query_row([id], |r| Ok(SearchHit { kind, id, title: r.get(0)?, subtitle: r.get(1)?, restricted: false }))?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names<'a>(given: &'a str, family: &'a str) -> Names<'a> {
        Names {
            given,
            tussenvoegsel: "",
            family,
        }
    }

    fn typed(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    fn anywhere(conn: &crate::store::ReadTx, words: &[&str]) -> Vec<i64> {
        let mut found = vec![];
        words_anywhere(conn, &typed(words), &typed(words), 20, &mut found).unwrap();
        found.into_iter().map(|(_, id)| id).collect()
    }

    /// Words longer than four letters are looked up by their first four and checked; past the
    /// checking cap the exact words still find the rare match at the end of the index.
    #[test]
    fn long_words_are_checked_and_rare_matches_found_past_the_cap() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::store::migrate(&mut conn).unwrap();
        let st = crate::store::Store::over(conn);
        let conn = st.write().unwrap();
        let org = "Drukkerij Smit";
        for id in 1..=10 {
            insert_person_row(&conn, id, &names("Jan", "Testerman"), org, &[], "").unwrap();
        }
        insert_person_row(&conn, 11, &names("Piet", "Testarossa"), "", &[], "").unwrap();
        assert_eq!(anywhere(&conn, &["testa"]), [11]);
        assert_eq!(anywhere(&conn, &["jan", "drukk"]).len(), 10);
        assert!(anywhere(&conn, &["piet", "drukk"]).is_empty());
        for id in 12..=(CHECKED_AT_MOST as i64 + 100) {
            insert_person_row(&conn, id, &names("Kees", "Tester"), "", &[], "").unwrap();
        }
        let email = [("email".to_string(), "els@testament.nl".to_string())];
        insert_person_row(&conn, 5000, &names("Els", "Vos"), "", &email, "").unwrap();
        assert_eq!(anywhere(&conn, &["testam"]), [5000]);
        assert_eq!(anywhere(&conn, &["testa"]), [11, 5000]);
    }

    /// Several name words: a rare word's range is read whole; when every word is common the
    /// index's four-letter lists give candidates whose names are checked.
    #[test]
    fn several_name_words_match_all_of_them() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::store::migrate(&mut conn).unwrap();
        let st = crate::store::Store::over(conn);
        let conn = st.write().unwrap();
        let with_all = |words: &[&str]| -> Vec<i64> {
            names_with_all(&conn, &typed(words), &typed(words), 20)
                .unwrap()
                .into_iter()
                .map(|(_, id)| id)
                .collect()
        };
        for id in 1..=(2 * SMALL_RANGE as i64 + 10) {
            let family = if id % 2 == 0 { "Jansen" } else { "Janssen" };
            insert_person_row(&conn, id, &names("Anna", family), "", &[], "").unwrap();
        }
        insert_person_row(&conn, 9000, &names("Anna", "Zwart"), "", &[], "").unwrap();
        // "zw" is rare: read whole.
        assert_eq!(with_all(&["anna", "zw"]), [9000]);
        // Both common: candidates from the index, checked ("janss" is not "jansen").
        let hits = with_all(&["anna", "janss"]);
        assert_eq!(hits.len(), 20);
        assert!(hits.iter().all(|id| id % 2 == 1), "{hits:?}");
        assert!(with_all(&["anna", "jansx"]).is_empty());
        // A match deep in the longest word's range (past what is read of it) still comes,
        // from the full-text index: "zoe" is common, and "zoet anna" sorts after every Jansen.
        for id in 10_000..(10_000 + SMALL_RANGE as i64 + 10) {
            insert_person_row(&conn, id, &names("Bob", "Zoet"), "", &[], "").unwrap();
        }
        insert_person_row(&conn, 20_000, &names("Anna", "Zoet"), "", &[], "").unwrap();
        assert!(range_size(conn.conn(), "zoe").unwrap() >= SMALL_RANGE);
        assert!(2 * SMALL_RANGE as usize > COMMON_RANGE_ROWS);
        assert_eq!(with_all(&["zoe", "anna"]), [20_000]);
        assert_eq!(with_all(&["anna", "z"]), [20_000, 9000]);
    }

    #[test]
    fn phone_tokens_and_reversed_digits() {
        assert_eq!(
            super::phone_tokens("+31612345678"),
            "31612345678 0612345678"
        );
        assert_eq!(super::phone_tokens("+49301234567"), "49301234567");
        assert_eq!(super::digits_rev("+31612345678"), "87654321613");
    }
}
