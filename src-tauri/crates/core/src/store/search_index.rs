//! SQL for the full-text search index (FTS5): one row per person or organisation, rewritten
//! in the same transaction as the record it describes.
use crate::crm::dto::{SearchHit, SearchKind};
use crate::crm::fields::display_name;
use crate::error::CoreResult;
use rusqlite::{params, Connection};

fn rowid(kind: SearchKind, id: i64) -> i64 {
    match kind {
        SearchKind::Person => id * 2,
        SearchKind::Organisation => id * 2 + 1,
    }
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

/// A phone number's digits reversed, for the suffix index on contact points.
pub fn digits_rev(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).rev().collect()
}

/// People with a phone number ending in `digits` (at least four), through the reversed index.
pub fn phone_suffix(conn: &Connection, digits: &str, limit: u32) -> CoreResult<Vec<i64>> {
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
pub fn index_person(conn: &Connection, id: i64) -> CoreResult<()> {
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
    insert_person_row(conn, id, &format!("{given} {tv} {family}"), &org, &points)
}

/// Adds a person's index row from values at hand (bulk writers use this directly).
pub fn insert_person_row(
    conn: &Connection,
    id: i64,
    names: &str,
    org: &str,
    points: &[(String, String)],
) -> CoreResult<()> {
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
    conn.prepare_cached(
        "INSERT INTO search_index (rowid, kind, ref_id, names, org, contact) VALUES (?1, 'person', ?2, ?3, ?4, ?5)",
    )?
    .execute(params![rowid(SearchKind::Person, id), id, names, org, contact.join(" ")])?;
    Ok(())
}

pub fn index_organisation(conn: &Connection, id: i64) -> CoreResult<()> {
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
    conn.execute(
        "INSERT INTO search_index (rowid, kind, ref_id, names, org, contact) VALUES (?1, 'organisation', ?2, ?3, '', ?4)",
        params![rowid(SearchKind::Organisation, id), id, name, format!("{website} {kvk}")],
    )?;
    Ok(())
}

pub fn unindex(conn: &Connection, kind: SearchKind, id: i64) -> CoreResult<()> {
    conn.execute(
        "DELETE FROM search_index WHERE rowid = ?1",
        [rowid(kind, id)],
    )?;
    Ok(())
}

/// How many matches are ranked at most. A short prefix can match a large share of a million
/// people; ranking every one of them made each keystroke slower the broader it was. The first
/// matches found are ranked, and the next letter typed narrows the set.
const RANKED_AT_MOST: u32 = 2000;

/// Ids of the best matches for an FTS5 query: names weigh most, then organisation, then
/// e-mail and phone.
pub fn matches(conn: &Connection, fts: &str, limit: u32) -> CoreResult<Vec<(SearchKind, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, ref_id FROM (
            SELECT kind, ref_id, bm25(search_index, 0.0, 0.0, 10.0, 4.0, 2.0) AS score
            FROM search_index WHERE search_index MATCH ?1 LIMIT ?3)
         ORDER BY score, kind, ref_id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![fts, limit, RANKED_AT_MOST], |r| {
        let kind: String = r.get(0)?;
        let kind = if kind == "person" {
            SearchKind::Person
        } else {
            SearchKind::Organisation
        };
        Ok((kind, r.get(1)?))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Organisations, then people, whose sort name (folded; family name first) starts with `prefix`.
pub fn name_prefix(
    conn: &Connection,
    prefix: &str,
    limit: u32,
) -> CoreResult<Vec<(SearchKind, i64)>> {
    // Everything from the prefix up to the next possible string: a range on the sort index.
    let upper = format!("{prefix}\u{10FFFF}");
    let mut out = Vec::new();
    let mut orgs = conn.prepare_cached(
        "SELECT id FROM organisations WHERE sort_name >= ?1 AND sort_name < ?2 ORDER BY sort_name, id LIMIT ?3",
    )?;
    for id in orgs.query_map(params![prefix, upper, (limit / 4).max(1)], |r| r.get(0))? {
        out.push((SearchKind::Organisation, id?));
    }
    let mut people = conn.prepare_cached(
        "SELECT id FROM persons WHERE sort_name >= ?1 AND sort_name < ?2 ORDER BY sort_name, id LIMIT ?3",
    )?;
    for id in people.query_map(
        params![prefix, upper, limit as i64 - out.len() as i64],
        |r| r.get(0),
    )? {
        out.push((SearchKind::Person, id?));
    }
    Ok(out)
}

/// The title and subtitle shown for a hit.
pub fn hit(conn: &Connection, kind: SearchKind, id: i64) -> CoreResult<SearchHit> {
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

    /// Past the ranking cap a broad prefix still fills the page with matches, ranked names
    /// first among those looked at; a one-letter second word is answered from its own prefix
    /// list.
    #[test]
    fn a_broad_prefix_fills_the_page_and_ranks_names_first() {
        let mut conn = Connection::open_in_memory().unwrap();
        crate::store::migrate(&mut conn).unwrap();
        let email = |id: i64| vec![("email".to_string(), format!("jan{id}@voorbeeld.nl"))];
        // Only the e-mail address matches "jan" for the first ten; the names of the rest do.
        for id in 1..=10 {
            insert_person_row(&conn, id, "Piet Smit", "", &email(id)).unwrap();
        }
        for id in 11..=(RANKED_AT_MOST as i64 + 500) {
            insert_person_row(&conn, id, &format!("Jan Tester{id}"), "", &[]).unwrap();
        }
        let hits = matches(&conn, "\"jan\"*", 20).unwrap();
        assert_eq!(hits.len(), 20);
        assert!(
            hits.iter().all(|(_, id)| *id > 10),
            "names rank above e-mail: {hits:?}"
        );
        let hits = matches(&conn, "\"jan\"* AND \"t\"*", 20).unwrap();
        assert_eq!(hits.len(), 20);
        assert!(matches(&conn, "\"piet\"* AND \"s\"*", 20).unwrap().len() == 10);
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
