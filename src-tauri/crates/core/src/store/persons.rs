//! SQL for people, their contact points, addresses and tags, and organisations.
use super::{ReadTx, WriteTx};
use crate::dto::crm::{
    Address, AddressInput, ContactPoint, Person, PersonQuery, PersonRow, PersonSort,
};
use crate::error::CoreResult;
use crate::fields::display_name;
use crate::store::search_index;
use rusqlite::{params, Connection, OptionalExtension};

/// A person's validated columns, ready to write.
pub struct PersonColumns {
    pub given_name: String,
    pub tussenvoegsel: String,
    pub family_name: String,
    pub sort_name: String,
    pub salutation: Option<String>,
    pub date_of_birth: Option<String>,
    pub organisation_id: Option<i64>,
    pub job_title: Option<String>,
    pub preferred_language: Option<String>,
    pub source: Option<String>,
    pub owner_id: Option<i64>,
    pub notes: Option<String>,
}

pub fn insert_person(tx: &WriteTx, c: &PersonColumns, now: &str, by: i64) -> CoreResult<i64> {
    insert_person_listed(tx, c, None, None, now, by)
}

/// A new person with the first e-mail address and phone number their contact points will
/// have: the list index gets its entry whole at once, and the triggers that keep those two
/// columns (migration 27) find nothing to change when the contact points follow.
pub fn insert_person_listed(
    tx: &WriteTx,
    c: &PersonColumns,
    email: Option<&str>,
    phone: Option<&str>,
    now: &str,
    by: i64,
) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.prepare_cached(
        "INSERT INTO persons (given_name, tussenvoegsel, family_name, sort_name, salutation, date_of_birth,
            organisation_id, job_title, preferred_language, source, owner_id, notes, created_at, updated_at, created_by,
            email, phone)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?14, ?15, ?16)",
    )?
    .execute(params![
        c.given_name, c.tussenvoegsel, c.family_name, c.sort_name, c.salutation, c.date_of_birth,
        c.organisation_id, c.job_title, c.preferred_language, c.source, c.owner_id, c.notes, now, by,
        email, phone
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn update_person(tx: &WriteTx, id: i64, c: &PersonColumns, now: &str) -> CoreResult<bool> {
    let conn = tx.conn();
    let n = conn.execute(
        "UPDATE persons SET given_name = ?2, tussenvoegsel = ?3, family_name = ?4, sort_name = ?5,
            salutation = ?6, date_of_birth = ?7, organisation_id = ?8, job_title = ?9,
            preferred_language = ?10, source = ?11, owner_id = ?12, notes = ?13, updated_at = ?14
         WHERE id = ?1",
        params![
            id,
            c.given_name,
            c.tussenvoegsel,
            c.family_name,
            c.sort_name,
            c.salutation,
            c.date_of_birth,
            c.organisation_id,
            c.job_title,
            c.preferred_language,
            c.source,
            c.owner_id,
            c.notes,
            now
        ],
    )?;
    Ok(n == 1)
}

pub fn delete_person(tx: &WriteTx, id: i64) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute("DELETE FROM persons WHERE id = ?1", [id])? == 1)
}

/// Replaces a person's e-mail addresses or phone numbers (`kind` = "email" / "phone").
/// One e-mail address or phone number as stored: label, value, and whether it was kept as
/// typed without a check.
pub type Point = (Option<String>, String, bool);

pub fn set_contact_points(
    tx: &WriteTx,
    person_id: i64,
    kind: &str,
    values: &[Point],
    replace: bool,
) -> CoreResult<()> {
    let conn = tx.conn();
    if replace {
        conn.prepare_cached("DELETE FROM contact_points WHERE person_id = ?1 AND kind = ?2")?
            .execute(params![person_id, kind])?;
    }
    for (i, (label, value, unchecked)) in values.iter().enumerate() {
        insert_contact_point(tx, person_id, kind, label.as_deref(), value, i, *unchecked)?;
    }
    Ok(())
}

/// One e-mail address or phone number of a person, at `position` in its list.
pub fn insert_contact_point(
    tx: &WriteTx,
    person_id: i64,
    kind: &str,
    label: Option<&str>,
    value: &str,
    position: usize,
    unchecked: bool,
) -> CoreResult<()> {
    let conn = tx.conn();
    let rev = (kind == "phone").then(|| search_index::digits_rev(value));
    conn.prepare_cached(
        "INSERT INTO contact_points (person_id, kind, label, value, position, digits_rev, unchecked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![person_id, kind, label, value, position as i64, rev, unchecked])?;
    Ok(())
}

pub fn set_addresses(
    tx: &WriteTx,
    person_id: i64,
    addresses: &[AddressInput],
    replace: bool,
) -> CoreResult<()> {
    let conn = tx.conn();
    if replace {
        conn.prepare_cached("DELETE FROM addresses WHERE person_id = ?1")?
            .execute([person_id])?;
    }
    let mut ins = conn.prepare_cached(
        "INSERT INTO addresses (person_id, label, street, postcode, city, country, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, a) in addresses.iter().enumerate() {
        ins.execute(params![
            person_id, a.label, a.street, a.postcode, a.city, a.country, i as i64
        ])?;
    }
    Ok(())
}

pub fn set_tags(tx: &WriteTx, person_id: i64, tags: &[String], replace: bool) -> CoreResult<()> {
    let conn = tx.conn();
    if replace {
        conn.prepare_cached("DELETE FROM person_tags WHERE person_id = ?1")?
            .execute([person_id])?;
    }
    let mut tag =
        conn.prepare_cached("INSERT INTO tags (name) VALUES (?1) ON CONFLICT(name) DO NOTHING")?;
    let mut link = conn.prepare_cached(
        "INSERT OR IGNORE INTO person_tags (person_id, tag_id) SELECT ?1, id FROM tags WHERE name = ?2",
    )?;
    for t in tags {
        tag.execute([t])?;
        link.execute(params![person_id, t])?;
    }
    Ok(())
}

pub fn organisation_exists(tx: &ReadTx, id: i64) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            "SELECT 1 FROM organisations WHERE id = ?1",
            [id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub fn user_exists(tx: &ReadTx, id: i64) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            "SELECT 1 FROM users WHERE id = ?1 AND removed_at IS NULL",
            [id],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub fn get_person(tx: &ReadTx, id: i64) -> CoreResult<Option<Person>> {
    let conn = tx.conn();
    let base = conn
        .prepare_cached(
            "SELECT p.id, p.given_name, p.tussenvoegsel, p.family_name, p.salutation, p.date_of_birth,
                p.organisation_id, o.name, p.job_title, p.preferred_language, p.source, p.owner_id,
                u.display_name, p.notes, p.created_at, p.updated_at, p.restricted,
                p.marketing_objection, p.version
             FROM persons p LEFT JOIN organisations o ON o.id = p.organisation_id
             LEFT JOIN users u ON u.id = p.owner_id WHERE p.id = ?1",
        )?
        .query_row([id], |r| {
            let (g, t, f): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
            Ok(Person {
                id: r.get(0)?,
                display_name: display_name(&g, &t, &f),
                given_name: g,
                tussenvoegsel: t,
                family_name: f,
                salutation: r.get(4)?,
                date_of_birth: r.get(5)?,
                organisation_id: r.get(6)?,
                organisation_name: r.get(7)?,
                job_title: r.get(8)?,
                preferred_language: r.get(9)?,
                source: r.get(10)?,
                owner_id: r.get(11)?,
                owner_name: r.get(12)?,
                notes: r.get(13)?,
                created_at: r.get(14)?,
                updated_at: r.get(15)?,
                restricted: r.get(16)?,
                marketing_objection: r.get(17)?,
                version: r.get(18)?,
                emails: vec![],
                phones: vec![],
                addresses: vec![],
                tags: vec![],
            })
        })
        .optional()?;
    let Some(mut p) = base else { return Ok(None) };
    let mut cp = conn.prepare_cached(
        "SELECT id, kind, label, value, unchecked FROM contact_points WHERE person_id = ?1 ORDER BY kind, position",
    )?;
    let mut rows = cp.query([id])?;
    while let Some(r) = rows.next()? {
        let point = ContactPoint {
            id: r.get(0)?,
            label: r.get(2)?,
            value: r.get(3)?,
            unchecked: r.get(4)?,
        };
        if r.get::<_, String>(1)? == "email" {
            p.emails.push(point);
        } else {
            p.phones.push(point);
        }
    }
    let mut ad = conn.prepare_cached(
        "SELECT id, label, street, postcode, city, country FROM addresses WHERE person_id = ?1 ORDER BY position",
    )?;
    p.addresses = ad
        .query_map([id], |r| {
            Ok(Address {
                id: r.get(0)?,
                label: r.get(1)?,
                street: r.get(2)?,
                postcode: r.get(3)?,
                city: r.get(4)?,
                country: r.get(5)?,
            })
        })?
        .collect::<Result<_, _>>()?;
    let mut tg = conn.prepare_cached(
        "SELECT t.name FROM person_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.person_id = ?1 ORDER BY t.name",
    )?;
    p.tags = tg
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(Some(p))
}

/// The list's filters as SQL conditions on `p`, numbered after the arguments already there.
fn push_filters(
    q: &PersonQuery,
    with_restricted: bool,
    sql: &mut String,
    args: &mut Vec<rusqlite::types::Value>,
) {
    if !with_restricted {
        sql.push_str(" AND p.restricted = 0");
    }
    if let Some(tag) = &q.tag {
        args.push(tag.clone().into());
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM person_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.person_id = p.id AND t.name = ?{})",
            args.len()
        ));
    }
    if let Some(owner) = q.owner_id {
        args.push(owner.into());
        sql.push_str(&format!(" AND p.owner_id = ?{}", args.len()));
    }
    if let Some(org) = q.organisation_id {
        args.push(org.into());
        sql.push_str(&format!(" AND p.organisation_id = ?{}", args.len()));
    }
}

/// A cursor is "<id>:<sort key>"; the id first, since sort keys may hold colons.
pub(crate) fn parse_cursor(c: &str) -> Option<(i64, String)> {
    let (id, key) = c.split_once(':')?;
    Some((id.parse().ok()?, key.to_string()))
}

/// One page of the contact list, in keyset order. Returns the rows and the next cursor.
/// Restricted people (Art. 18) are left out unless `with_restricted` (those who handle them).
pub fn list_persons(
    tx: &ReadTx,
    q: &PersonQuery,
    with_restricted: bool,
) -> CoreResult<(Vec<PersonRow>, Option<String>)> {
    let conn = tx.conn();
    let (key_col, desc) = match q.sort {
        PersonSort::FamilyName => ("p.sort_name", q.descending),
        PersonSort::Created => ("p.created_at", q.descending),
    };
    let cmp = if desc { "<" } else { ">" };
    let dir = if desc { "DESC" } else { "ASC" };
    let mut sql = format!(
        "SELECT p.id, p.given_name, p.tussenvoegsel, p.family_name, o.name, p.job_title,
            p.email, p.phone,
            u.display_name, {key_col}, p.restricted, p.marketing_objection
         FROM persons p LEFT JOIN organisations o ON o.id = p.organisation_id
         LEFT JOIN users u ON u.id = p.owner_id WHERE 1 = 1"
    );
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    push_filters(q, with_restricted, &mut sql, &mut args);
    // A jump (an offset) first finds the page's first row by stepping through the sort index
    // alone, then reads the page from there as a keyset page does: stepping with the page's
    // joins made every skipped row cost two lookups (40 ms for 5,000 rows).
    let start = match q.offset.filter(|&o| o > 0 && q.after.is_none()) {
        Some(offset) => match first_at(tx, q, with_restricted, key_col, dir, offset)? {
            Some((id, key)) => Some((id, key, if desc { "<=" } else { ">=" })),
            None => return Ok((Vec::new(), None)),
        },
        None => q
            .after
            .as_deref()
            .and_then(parse_cursor)
            .map(|(id, key)| (id, key, cmp)),
    };
    if let Some((id, key, cmp)) = start {
        args.push(key.into());
        args.push(id.into());
        sql.push_str(&format!(
            " AND ({key_col}, p.id) {cmp} (?{}, ?{})",
            args.len() - 1,
            args.len()
        ));
    }
    let limit = q.limit.clamp(1, 500) as i64;
    args.push((limit + 1).into());
    sql.push_str(&format!(
        " ORDER BY {key_col} {dir}, p.id {dir} LIMIT ?{}",
        args.len()
    ));
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = Vec::new();
    let mut last_key = String::new();
    let mut more = false;
    let mut it = stmt.query(rusqlite::params_from_iter(args))?;
    while let Some(r) = it.next()? {
        if rows.len() as i64 == limit {
            more = true;
            break;
        }
        let (g, t, f): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
        last_key = r.get(9)?;
        rows.push(PersonRow {
            id: r.get(0)?,
            display_name: display_name(&g, &t, &f),
            organisation_name: r.get(4)?,
            job_title: r.get(5)?,
            email: r.get(6)?,
            phone: r.get(7)?,
            owner_name: r.get(8)?,
            restricted: r.get(10)?,
            marketing_objection: r.get(11)?,
        });
    }
    let next = if more {
        rows.last().map(|r| format!("{}:{}", r.id, last_key))
    } else {
        None
    };
    Ok((rows, next))
}

/// The id and sort key of the row `offset` places into the list (None: the list is shorter).
fn first_at(
    tx: &ReadTx,
    q: &PersonQuery,
    with_restricted: bool,
    key_col: &str,
    dir: &str,
    offset: u32,
) -> CoreResult<Option<(i64, String)>> {
    let mut sql = format!("SELECT p.id, {key_col} FROM persons p WHERE 1 = 1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    push_filters(q, with_restricted, &mut sql, &mut args);
    args.push(i64::from(offset).into());
    sql.push_str(&format!(
        " ORDER BY {key_col} {dir}, p.id {dir} LIMIT 1 OFFSET ?{}",
        args.len()
    ));
    Ok(tx
        .conn()
        .prepare_cached(&sql)?
        .query_row(rusqlite::params_from_iter(args), |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .optional()?)
}

/// Everyone on file, restricted people included (the privacy overview's figure).
pub fn count_all(tx: &ReadTx) -> CoreResult<i64> {
    let conn = tx.conn();
    Ok(conn.query_row("SELECT count(*) FROM persons", [], |r| r.get(0))?)
}

pub fn count_persons(tx: &ReadTx, q: &PersonQuery, with_restricted: bool) -> CoreResult<i64> {
    let conn = tx.conn();
    if q.tag.is_none() && q.owner_id.is_none() && q.organisation_id.is_none() {
        // The whole list: kept by triggers (migration 28), not counted.
        let sql = if with_restricted {
            "SELECT coalesce(sum(people), 0) FROM person_totals"
        } else {
            "SELECT coalesce(sum(people), 0) FROM person_totals WHERE restricted = 0"
        };
        return Ok(conn.prepare_cached(sql)?.query_row([], |r| r.get(0))?);
    }
    let mut sql = String::from("SELECT count(*) FROM persons p WHERE 1 = 1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    push_filters(q, with_restricted, &mut sql, &mut args);
    Ok(conn.query_row(&sql, rusqlite::params_from_iter(args), |r| r.get(0))?)
}

/// An organisation's validated columns.
pub struct OrganisationColumns<'a> {
    pub name: &'a str,
    pub sort_name: &'a str,
    pub kvk: Option<&'a str>,
    pub vat: Option<&'a str>,
    pub website: Option<&'a str>,
    pub industry: Option<&'a str>,
}

pub fn insert_organisation(
    tx: &WriteTx,
    c: &OrganisationColumns<'_>,
    now: &str,
    by: i64,
) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.prepare_cached(
        "INSERT INTO organisations (name, sort_name, kvk, vat, website, industry, created_at, updated_at, created_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
    )?
    .execute(params![c.name, c.sort_name, c.kvk, c.vat, c.website, c.industry, now, by])?;
    Ok(conn.last_insert_rowid())
}

pub fn get_organisation(tx: &ReadTx, id: i64) -> CoreResult<Option<crate::dto::crm::Organisation>> {
    let conn = tx.conn();
    let found = conn
        .prepare_cached("SELECT id, name, kvk, vat, website, industry, created_at, updated_at, version FROM organisations WHERE id = ?1")?
        .query_row([id], |r| {
            Ok(crate::dto::crm::Organisation {
                id: r.get(0)?,
                name: r.get(1)?,
                kvk: r.get(2)?,
                vat: r.get(3)?,
                website: r.get(4)?,
                industry: r.get(5)?,
                addresses: Vec::new(),
                created_at: r.get(6)?,
                updated_at: r.get(7)?,
                version: r.get(8)?,
            })
        })
        .optional()?;
    let Some(mut o) = found else {
        return Ok(None);
    };
    o.addresses = organisation_addresses(conn, id)?;
    Ok(Some(o))
}

fn organisation_addresses(conn: &Connection, id: i64) -> CoreResult<Vec<Address>> {
    let mut ad = conn.prepare_cached(
        "SELECT id, label, street, postcode, city, country FROM addresses WHERE organisation_id = ?1 ORDER BY position",
    )?;
    let rows = ad.query_map([id], |r| {
        Ok(Address {
            id: r.get(0)?,
            label: r.get(1)?,
            street: r.get(2)?,
            postcode: r.get(3)?,
            city: r.get(4)?,
            country: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn set_organisation_addresses(
    tx: &WriteTx,
    id: i64,
    addresses: &[AddressInput],
) -> CoreResult<()> {
    let conn = tx.conn();
    conn.prepare_cached("DELETE FROM addresses WHERE organisation_id = ?1")?
        .execute([id])?;
    let mut ins = conn.prepare_cached(
        "INSERT INTO addresses (organisation_id, label, street, postcode, city, country, position)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (i, a) in addresses.iter().enumerate() {
        ins.execute(params![
            id, a.label, a.street, a.postcode, a.city, a.country, i as i64
        ])?;
    }
    Ok(())
}

pub fn update_organisation(
    tx: &WriteTx,
    id: i64,
    c: &OrganisationColumns<'_>,
    now: &str,
) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE organisations SET name = ?2, sort_name = ?3, kvk = ?4, vat = ?5, website = ?6,
            industry = ?7, updated_at = ?8 WHERE id = ?1",
        params![
            id,
            c.name,
            c.sort_name,
            c.kvk,
            c.vat,
            c.website,
            c.industry,
            now
        ],
    )? == 1)
}

pub fn person_ids_of_organisation(tx: &ReadTx, id: i64) -> CoreResult<Vec<i64>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare_cached("SELECT id FROM persons WHERE organisation_id = ?1")?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The first organisation with this folded name: its id and its name as stored.
pub fn organisation_by_sort_name(
    tx: &ReadTx,
    sort_name: &str,
) -> CoreResult<Option<(i64, String)>> {
    let conn = tx.conn();
    Ok(conn
        .prepare_cached(
            "SELECT id, name FROM organisations WHERE sort_name = ?1 ORDER BY id LIMIT 1",
        )?
        .query_row([sort_name], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// One page of organisations by name (keyset cursor "<id>:<sort name>").
pub fn list_organisations(
    tx: &ReadTx,
    after: Option<&str>,
    limit: u32,
) -> CoreResult<(Vec<crate::dto::crm::OrganisationRow>, Option<String>)> {
    let conn = tx.conn();
    let (id, key) = after.and_then(parse_cursor).unwrap_or((0, String::new()));
    let limit = limit.clamp(1, 500) as i64;
    let mut stmt = conn.prepare_cached(
        "SELECT o.id, o.name, (SELECT city FROM addresses WHERE organisation_id = o.id ORDER BY position LIMIT 1),
            o.industry, (SELECT count(*) FROM persons WHERE organisation_id = o.id), o.sort_name
         FROM organisations o WHERE (o.sort_name, o.id) > (?1, ?2) ORDER BY o.sort_name, o.id LIMIT ?3",
    )?;
    let mut rows = Vec::new();
    let mut keys = Vec::new();
    let mut it = stmt.query(params![key, id, limit + 1])?;
    while let Some(r) = it.next()? {
        keys.push(r.get::<_, String>(5)?);
        rows.push(crate::dto::crm::OrganisationRow {
            id: r.get(0)?,
            name: r.get(1)?,
            city: r.get(2)?,
            industry: r.get(3)?,
            people: r.get(4)?,
        });
    }
    let next = if rows.len() as i64 > limit {
        rows.pop();
        rows.last()
            .map(|r| format!("{}:{}", r.id, keys[rows.len() - 1]))
    } else {
        None
    };
    Ok((rows, next))
}

pub fn count_organisations(tx: &ReadTx) -> CoreResult<i64> {
    let conn = tx.conn();
    Ok(conn.query_row("SELECT count(*) FROM organisations", [], |r| r.get(0))?)
}

/// The highest person id (0 when there are none): the benchmark picks people below it.
pub fn max_id(tx: &ReadTx) -> CoreResult<i64> {
    Ok(tx
        .conn()
        .query_row("SELECT coalesce(max(id), 0) FROM persons", [], |r| r.get(0))?)
}

/// A person's sort key (the list's keyset cursor), if the person exists.
pub fn sort_name_of(tx: &ReadTx, id: i64) -> CoreResult<Option<String>> {
    Ok(tx
        .conn()
        .query_row("SELECT sort_name FROM persons WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?)
}

/// What someone types to find a person: the family name, or given and family name.
pub fn typed_name_of(tx: &ReadTx, id: i64, family_only: bool) -> CoreResult<Option<String>> {
    Ok(tx
        .conn()
        .query_row(
            "SELECT CASE WHEN ?2 THEN family_name ELSE given_name || ' ' || family_name END
             FROM persons WHERE id = ?1",
            params![id, family_only],
            |r| r.get(0),
        )
        .optional()?)
}

/// A person's first address as street, postcode and city (empty strings for what is unknown).
pub fn first_address_of(tx: &ReadTx, id: i64) -> CoreResult<Option<(String, String, String)>> {
    Ok(tx
        .conn()
        .query_row(
            "SELECT COALESCE(street, ''), COALESCE(postcode, ''), COALESCE(city, '')
             FROM addresses WHERE person_id = ?1 ORDER BY position LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(conn: &crate::store::ReadTx, with_restricted: bool) -> i64 {
        let sql = if with_restricted {
            "SELECT count(*) FROM persons"
        } else {
            "SELECT count(*) FROM persons WHERE restricted = 0"
        };
        conn.query_row(sql, [], |r| r.get(0)).unwrap()
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(48))]
        /// Whatever is added, removed, restricted or lifted, the list's kept total is the count.
        #[test]
        fn the_kept_total_is_the_count(ops in proptest::collection::vec((0u8..4, 0i64..12), 1..50)) {
            let mut conn = Connection::open_in_memory().unwrap();
            crate::store::migrate(&mut conn).unwrap();
            let st = crate::store::Store::over(conn);
            let conn = st.write().unwrap();
            for (op, id) in ops {
                let sql = match op {
                    0 => "INSERT OR IGNORE INTO persons (id, given_name, tussenvoegsel, family_name, sort_name, created_at, updated_at)
                          VALUES (?1, 'P', '', 'Q', 'q p', '', '')",
                    1 => "DELETE FROM persons WHERE id = ?1",
                    2 => "UPDATE persons SET restricted = 1 WHERE id = ?1",
                    _ => "UPDATE persons SET restricted = 0, given_name = 'R' WHERE id = ?1",
                };
                conn.execute(sql, [id]).unwrap();
                let all = PersonQuery { limit: 50, ..Default::default() };
                for with in [true, false] {
                    proptest::prop_assert_eq!(count_persons(&conn, &all, with).unwrap(), counted(&conn, with));
                }
            }
        }
    }
}
