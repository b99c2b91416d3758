//! Fast writers for many records in one transaction (demo data now, imports later): prepared
//! statements, index rows written from values at hand, one audit entry for the whole batch.
use super::WriteTx;
use crate::error::CoreResult;
use crate::store::{persons, search_index};
use rusqlite::params;
use std::cell::RefCell;

pub struct NewPerson<'a> {
    pub given: &'a str,
    pub tussenvoegsel: &'a str,
    pub family: &'a str,
    pub sort_name: &'a str,
    pub salutation: Option<&'a str>,
    pub date_of_birth: Option<&'a str>,
    pub organisation: Option<(i64, &'a str)>,
    pub job_title: Option<&'a str>,
    pub preferred_language: Option<&'a str>,
    pub source: Option<&'a str>,
    pub owner_id: Option<i64>,
    pub email: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub address: Option<(&'a str, &'a str, &'a str, &'a str)>,
    pub tags: &'a [&'a str],
    pub created_at: &'a str,
}

pub struct Bulk<'c> {
    tx: &'c WriteTx,
    by: i64,
    search_rows: RefCell<Vec<search_index::PersonRow>>,
    /// Organisations whose search rows are written by `finish`.
    new_orgs: RefCell<Vec<i64>>,
}

impl<'c> Bulk<'c> {
    pub fn new(tx: &'c WriteTx, by: i64) -> Self {
        Bulk {
            tx,
            by,
            search_rows: RefCell::new(Vec::new()),
            new_orgs: RefCell::new(Vec::new()),
        }
    }

    /// Writes the people's search rows kept back so far.
    fn flush_people(&self) -> CoreResult<()> {
        let rows = std::mem::take(&mut *self.search_rows.borrow_mut());
        search_index::insert_person_rows(self.tx, &rows)
    }

    /// Writes the search rows still kept back, the organisations' last (their row ids are
    /// interleaved with people's, and FTS5 writes out its pending rows whenever a row id is
    /// lower than the last). Call it once the last person is written.
    pub fn finish(&self) -> CoreResult<()> {
        self.flush_people()?;
        let orgs = std::mem::take(&mut *self.new_orgs.borrow_mut());
        search_index::insert_organisation_rows(self.tx, &orgs)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn organisation(
        &self,
        name: &str,
        sort_name: &str,
        kvk: &str,
        website: &str,
        industry: &str,
        city: &str,
        now: &str,
    ) -> CoreResult<i64> {
        self.tx.conn()
            .prepare_cached(
                "INSERT INTO organisations (name, sort_name, kvk, website, industry, created_at, updated_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7)",
            )?
            .execute(params![name, sort_name, kvk, website, industry, now, self.by])?;
        let id = self.tx.conn().last_insert_rowid();
        self.tx
            .conn()
            .prepare_cached(
                "INSERT INTO addresses (organisation_id, city, country) VALUES (?1, ?2, 'NL')",
            )?
            .execute(params![id, city])?;
        self.new_orgs.borrow_mut().push(id);
        Ok(id)
    }

    pub fn person(&self, p: &NewPerson<'_>) -> CoreResult<i64> {
        self.tx.conn()
            .prepare_cached(
                "INSERT INTO persons (given_name, tussenvoegsel, family_name, sort_name, salutation, date_of_birth,
                    organisation_id, job_title, preferred_language, source, owner_id, created_at, updated_at, created_by,
                    email, phone)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, ?15)",
            )?
            .execute(params![
                p.given, p.tussenvoegsel, p.family, p.sort_name, p.salutation, p.date_of_birth,
                p.organisation.map(|o| o.0), p.job_title, p.preferred_language, p.source, p.owner_id,
                p.created_at, self.by, p.email, p.phone
            ])?;
        let id = self.tx.conn().last_insert_rowid();
        let mut points = Vec::new();
        for (kind, value) in [("email", p.email), ("phone", p.phone)] {
            if let Some(v) = value {
                persons::insert_contact_point(self.tx, id, kind, None, v, 0, false)?;
                points.push((kind.to_string(), v.to_string()));
            }
        }
        let mut place = String::new();
        if let Some((street, postcode, city, country)) = p.address {
            place = search_index::place_text(street, postcode, city);
            self.tx.conn()
                .prepare_cached(
                    "INSERT INTO addresses (person_id, street, postcode, city, country) VALUES (?1, ?2, ?3, ?4, ?5)",
                )?
                .execute(params![id, street, postcode, city, country])?;
        }
        for t in p.tags {
            self.tx
                .conn()
                .prepare_cached("INSERT INTO tags (name) VALUES (?1) ON CONFLICT(name) DO NOTHING")?
                .execute([t])?;
            self.tx.conn()
                .prepare_cached("INSERT OR IGNORE INTO person_tags (person_id, tag_id) SELECT ?1, id FROM tags WHERE name = ?2")?
                .execute(params![id, t])?;
        }
        let names = search_index::Names {
            given: p.given,
            tussenvoegsel: p.tussenvoegsel,
            family: p.family,
        };
        let row = search_index::PersonRow::new(
            id,
            &names,
            p.organisation.map(|o| o.1).unwrap_or(""),
            &points,
            place,
        );
        let full = {
            let mut rows = self.search_rows.borrow_mut();
            rows.push(row);
            rows.len() >= search_index::SEARCH_BATCH
        };
        if full {
            self.flush_people()?;
        }
        Ok(id)
    }

    pub fn timeline(
        &self,
        person_id: i64,
        kind: &str,
        at: &str,
        author: i64,
        body: &str,
    ) -> CoreResult<()> {
        self.tx.conn()
            .prepare_cached(
                "INSERT INTO timeline_entries (person_id, kind, occurred_at, author_id, body, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?3, ?3)",
            )?
            .execute(params![person_id, kind, at, author, body])?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub fn deal(
        &self,
        title: &str,
        person_id: i64,
        org_id: Option<i64>,
        stage_id: i64,
        amount_cents: i64,
        probability: i64,
        expected_close: &str,
        closed_at: Option<&str>,
        lost_reason: Option<&str>,
        created_at: &str,
    ) -> CoreResult<()> {
        self.tx.conn()
            .prepare_cached(
                "INSERT INTO deals (title, person_id, organisation_id, stage_id, amount_cents, probability, expected_close,
                    closed_at, lost_reason, owner_id, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)",
            )?
            .execute(params![title, person_id, org_id, stage_id, amount_cents, probability, expected_close, closed_at, lost_reason, self.by, created_at])?;
        Ok(())
    }

    pub fn task(
        &self,
        title: &str,
        due: &str,
        person_id: i64,
        done_at: Option<&str>,
        created_at: &str,
    ) -> CoreResult<()> {
        self.tx.conn()
            .prepare_cached(
                "INSERT INTO tasks (title, due_date, assignee_id, person_id, done_at, created_by, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?3, ?6, ?6)",
            )?
            .execute(params![title, due, self.by, person_id, done_at, created_at])?;
        Ok(())
    }

    /// Pipeline stage ids by kind, in order.
    pub fn stages(&self) -> CoreResult<Vec<(i64, String)>> {
        let mut stmt = self
            .tx
            .conn()
            .prepare("SELECT id, kind FROM pipeline_stages ORDER BY position")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
