//! SQL for purposes of processing.
use super::{ReadTx, WriteTx};
use crate::dto::privacy::{LawfulBasis, Purpose, PurposeInput};
use crate::error::CoreResult;
use rusqlite::{params, OptionalExtension};

fn list_json(v: &[String]) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

fn from_json(s: String) -> Vec<String> {
    serde_json::from_str(&s).unwrap_or_default()
}

const COLS: &str =
    "id, template, name, description, lawful_basis, balancing_note, marketing, data_categories,
    fields, subject_categories, recipients, transfers, retention, security_measures, archived_at,
    created_at, updated_at,
    (SELECT json_group_array(r.name) FROM retention_rules r
      WHERE r.purpose_id = purposes.id AND r.active = 1), version";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Purpose> {
    let basis: String = r.get(4)?;
    Ok(Purpose {
        id: r.get(0)?,
        template: r.get(1)?,
        input: PurposeInput {
            name: r.get(2)?,
            description: r.get(3)?,
            lawful_basis: LawfulBasis::parse(&basis).unwrap_or(LawfulBasis::Consent),
            balancing_note: r.get(5)?,
            marketing: r.get::<_, i64>(6)? != 0,
            data_categories: from_json(r.get(7)?),
            fields: from_json(r.get(8)?),
            subject_categories: from_json(r.get(9)?),
            recipients: from_json(r.get(10)?),
            transfers: r.get(11)?,
            retention: r.get(12)?,
            security_measures: r.get(13)?,
        },
        archived: r.get::<_, Option<String>>(14)?.is_some(),
        created_at: r.get(15)?,
        updated_at: r.get(16)?,
        retention_rules: from_json(r.get(17)?),
        version: r.get(18)?,
    })
}

pub fn insert(
    tx: &WriteTx,
    p: &PurposeInput,
    template: Option<&str>,
    now: &str,
) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO purposes (template, name, description, lawful_basis, balancing_note, marketing,
            data_categories, fields, subject_categories, recipients, transfers, retention,
            security_measures, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
        params![
            template,
            p.name,
            p.description,
            p.lawful_basis.as_str(),
            p.balancing_note,
            p.marketing,
            list_json(&p.data_categories),
            list_json(&p.fields),
            list_json(&p.subject_categories),
            list_json(&p.recipients),
            p.transfers,
            p.retention,
            p.security_measures,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update(tx: &WriteTx, id: i64, p: &PurposeInput, now: &str) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE purposes SET name = ?2, description = ?3, lawful_basis = ?4, balancing_note = ?5,
            marketing = ?6, data_categories = ?7, fields = ?8, subject_categories = ?9,
            recipients = ?10, transfers = ?11, retention = ?12, security_measures = ?13,
            updated_at = ?14
         WHERE id = ?1 AND archived_at IS NULL",
        params![
            id,
            p.name,
            p.description,
            p.lawful_basis.as_str(),
            p.balancing_note,
            p.marketing,
            list_json(&p.data_categories),
            list_json(&p.fields),
            list_json(&p.subject_categories),
            list_json(&p.recipients),
            p.transfers,
            p.retention,
            p.security_measures,
            now
        ],
    )? == 1)
}

/// Archived purposes stay for the record (consents given for them keep their meaning).
pub fn archive(tx: &WriteTx, id: i64, now: &str) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn.execute(
        "UPDATE purposes SET archived_at = ?2, updated_at = ?2 WHERE id = ?1 AND archived_at IS NULL",
        params![id, now],
    )? == 1)
}

pub fn get(tx: &ReadTx, id: i64) -> CoreResult<Option<Purpose>> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            &format!("SELECT {COLS} FROM purposes WHERE id = ?1"),
            [id],
            row,
        )
        .optional()?)
}

pub fn list(tx: &ReadTx, with_archived: bool) -> CoreResult<Vec<Purpose>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLS} FROM purposes WHERE ?1 OR archived_at IS NULL ORDER BY name COLLATE NOCASE, id"
    ))?;
    let rows = stmt.query_map([with_archived], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// True when a current purpose other than `except` has this name.
pub fn name_taken(tx: &ReadTx, name: &str, except: Option<i64>) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            "SELECT 1 FROM purposes WHERE name = ?1 COLLATE NOCASE AND archived_at IS NULL AND id <> ?2",
            params![name, except.unwrap_or(-1)],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

/// Archived purposes with the number of people holding a consent record for them.
pub fn archived_with_consents(tx: &ReadTx) -> CoreResult<Vec<(i64, String, i64)>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(
        "SELECT p.id, p.name, count(*) FROM purposes p JOIN consent_state c ON c.purpose_id = p.id
         WHERE p.archived_at IS NOT NULL GROUP BY p.id ORDER BY p.name COLLATE NOCASE",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// People whose every consent answer is a withdrawal and who have nothing else on file.
pub fn withdrawn_only(tx: &ReadTx) -> CoreResult<i64> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT count(*) FROM (SELECT person_id FROM consent_state GROUP BY person_id
                               HAVING max(granted) = 0) c
         WHERE NOT EXISTS (SELECT 1 FROM deals WHERE person_id = c.person_id)
           AND NOT EXISTS (SELECT 1 FROM tasks WHERE person_id = c.person_id)
           AND NOT EXISTS (SELECT 1 FROM timeline_entries WHERE person_id = c.person_id)",
        [],
        |r| r.get(0),
    )?)
}

/// Per purpose: people with consent granted now, and with it withdrawn.
pub fn consent_counts(tx: &ReadTx) -> CoreResult<Vec<(i64, i64, i64)>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(
        "SELECT purpose_id, sum(granted = 1), sum(granted = 0) FROM consent_state GROUP BY purpose_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The id of the current purpose with this name (case-insensitive), else the newest archived one.
pub fn id_by_name(tx: &ReadTx, name: &str) -> CoreResult<Option<i64>> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            "SELECT id FROM purposes WHERE name = ?1 COLLATE NOCASE
             ORDER BY archived_at IS NOT NULL, archived_at DESC LIMIT 1",
            [name.trim()],
            |r| r.get(0),
        )
        .optional()?)
}

/// How many records hold data in a field a purpose can name (the minimisation report).
pub fn field_records(tx: &ReadTx, field: &str) -> CoreResult<i64> {
    let conn = tx.conn();
    let sql = match field {
        "person.name" => "SELECT count(*) FROM persons",
        "person.email" => "SELECT count(DISTINCT person_id) FROM contact_points WHERE kind = 'email' AND person_id IS NOT NULL",
        "person.phone" => "SELECT count(DISTINCT person_id) FROM contact_points WHERE kind = 'phone' AND person_id IS NOT NULL",
        "person.address" => "SELECT count(DISTINCT person_id) FROM addresses WHERE person_id IS NOT NULL",
        "person.date_of_birth" => "SELECT count(*) FROM persons WHERE date_of_birth IS NOT NULL",
        "person.organisation" => "SELECT count(*) FROM persons WHERE organisation_id IS NOT NULL",
        "person.job_title" => "SELECT count(*) FROM persons WHERE job_title IS NOT NULL",
        "person.preferred_language" => "SELECT count(*) FROM persons WHERE preferred_language IS NOT NULL",
        "person.notes" => "SELECT count(*) FROM persons WHERE notes IS NOT NULL",
        "person.tags" => "SELECT count(DISTINCT person_id) FROM person_tags",
        "timeline" => "SELECT count(*) FROM timeline_entries",
        "organisation.kvk" => "SELECT count(*) FROM organisations WHERE kvk IS NOT NULL",
        "organisation.vat" => "SELECT count(*) FROM organisations WHERE vat IS NOT NULL",
        "task" => "SELECT count(*) FROM tasks WHERE person_id IS NOT NULL",
        "deal" => "SELECT count(*) FROM deals",
        "employee" => "SELECT count(*) FROM employees",
        "employee.salary" => "SELECT count(*) FROM employees WHERE has_salary = 1",
        "employee.review" => "SELECT count(*) FROM employee_reviews",
        "employee.absence" => "SELECT count(*) FROM employee_absences",
        "employee.absence_reason" => "SELECT count(*) FROM employee_absences WHERE reason IS NOT NULL OR reason_sealed IS NOT NULL",
        _ => return Err(crate::error::CoreError::Internal("unknown field")),
    };
    Ok(conn.query_row(sql, [], |r| r.get(0))?)
}
