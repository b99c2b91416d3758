//! Record versions (office mode): a save names the version it was made from, and only the save
//! that still finds that version goes through. Checked and bumped inside the write transaction,
//! so two desktops saving at once cannot both win.
use super::WriteTx;
use crate::error::{CoreError, CoreResult};
use rusqlite::{params, OptionalExtension};

/// The records a form edits. The table names come from here only, never from input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Versioned {
    Person,
    Organisation,
    Deal,
    Employee,
    Purpose,
    Breach,
    RetentionRule,
}

impl Versioned {
    fn table(self) -> &'static str {
        match self {
            Versioned::Person => "persons",
            Versioned::Organisation => "organisations",
            Versioned::Deal => "deals",
            Versioned::Employee => "employees",
            Versioned::Purpose => "purposes",
            Versioned::Breach => "breaches",
            Versioned::RetentionRule => "retention_rules",
        }
    }
}

/// Takes the record from `expected` to the next version on behalf of `by`, or refuses with
/// [`CoreError::Conflict`] (who changed it last, when, and the version it is at now) when
/// someone saved it since it was read. `expected` None: a change that edits no form field the
/// person saw (a merge), which still moves the version on so open forms notice.
pub fn claim(
    tx: &WriteTx,
    what: Versioned,
    id: i64,
    expected: Option<i64>,
    by: i64,
) -> CoreResult<i64> {
    let conn = tx.conn();
    let table = what.table();
    let moved = conn
        .prepare_cached(&format!(
            "UPDATE {table} SET version = version + 1, updated_by = ?3
             WHERE id = ?1 AND (?2 IS NULL OR version = ?2) RETURNING version"
        ))?
        .query_row(params![id, expected, by], |r| r.get::<_, i64>(0))
        .optional()?;
    if let Some(v) = moved {
        return Ok(v);
    }
    let now: Option<(i64, Option<String>, String)> = conn
        .prepare_cached(&format!(
            "SELECT t.version, u.display_name, t.updated_at FROM {table} t
             LEFT JOIN users u ON u.id = t.updated_by WHERE t.id = ?1"
        ))?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match now {
        None => Err(CoreError::NotFound),
        Some((version, by, at)) => Err(CoreError::Conflict(Box::new(crate::error::Conflict {
            version,
            changed_by: by,
            changed_at: at,
        }))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::memory;

    fn seeded() -> WriteTx {
        let tx = memory();
        tx.conn()
            .execute_batch(
                "INSERT INTO users (id, username, display_name, created_at, updated_at)
                 VALUES (7, 'anna', 'Anna de Vries', 't', 't');
                 INSERT INTO organisations (id, name, sort_name, created_at, updated_at)
                 VALUES (1, 'Acme', 'acme', 't', '2026-12-07T10:00:00Z');",
            )
            .unwrap();
        tx
    }

    #[test]
    fn the_second_save_from_the_same_version_is_refused_with_who_and_when() {
        let tx = seeded();
        assert_eq!(
            claim(&tx, Versioned::Organisation, 1, Some(1), 7).unwrap(),
            2
        );
        match claim(&tx, Versioned::Organisation, 1, Some(1), 8) {
            Err(CoreError::Conflict(c)) => {
                assert_eq!(c.version, 2);
                assert_eq!(c.changed_by.as_deref(), Some("Anna de Vries"));
                assert_eq!(c.changed_at, "2026-12-07T10:00:00Z");
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert_eq!(
            claim(&tx, Versioned::Organisation, 1, Some(2), 8).unwrap(),
            3
        );
        assert_eq!(claim(&tx, Versioned::Organisation, 1, None, 8).unwrap(), 4);
        assert!(matches!(
            claim(&tx, Versioned::Organisation, 99, Some(1), 8),
            Err(CoreError::NotFound)
        ));
    }
}
