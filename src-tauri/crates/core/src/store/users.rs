//! SQL for users, roles and grants.
use super::{ReadTx, WriteTx};
use crate::access::{builtin_grants, Action, Category, Grant, BUILTIN_ROLES};
use crate::error::{CoreError, CoreResult};
use rusqlite::{params, Connection, OptionalExtension};

#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub active: bool,
    pub must_change_password: bool,
    pub may_delete: Option<bool>,
    pub created_at: String,
    pub last_sign_in_at: Option<String>,
    pub removed: bool,
}

const COLS: &str = "id, username, display_name, active, must_change_password, may_delete, created_at, last_sign_in_at, removed_at";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UserRow> {
    Ok(UserRow {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        active: r.get::<_, i64>(3)? != 0,
        must_change_password: r.get::<_, i64>(4)? != 0,
        may_delete: r.get::<_, Option<i64>>(5)?.map(|v| v != 0),
        created_at: r.get(6)?,
        last_sign_in_at: r.get(7)?,
        removed: r.get::<_, Option<String>>(8)?.is_some(),
    })
}

pub fn by_id(tx: &ReadTx, id: i64) -> CoreResult<Option<UserRow>> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            &format!("SELECT {COLS} FROM users WHERE id = ?1"),
            [id],
            row,
        )
        .optional()?)
}

/// Users that are not removed, by display name.
pub fn list_current(tx: &ReadTx) -> CoreResult<Vec<UserRow>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLS} FROM users WHERE removed_at IS NULL ORDER BY display_name COLLATE NOCASE, id"
    ))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn username_taken(tx: &ReadTx, username: &str) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            "SELECT 1 FROM users WHERE username = ?1",
            [username],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

pub fn insert(
    tx: &WriteTx,
    id: Option<i64>,
    username: &str,
    display_name: &str,
    must_change_password: bool,
    now: &str,
) -> CoreResult<i64> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO users (id, username, display_name, must_change_password, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![id, username, display_name, must_change_password as i64, now],
    )
    .map_err(|e| match &e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ConstraintViolation => {
            CoreError::UsernameTaken
        }
        _ => CoreError::from(e),
    })?;
    Ok(conn.last_insert_rowid())
}

pub fn set_active(tx: &WriteTx, id: i64, active: bool, now: &str) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "UPDATE users SET active = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, active as i64, now],
    )?;
    Ok(())
}

pub fn set_must_change_password(tx: &WriteTx, id: i64, v: bool, now: &str) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "UPDATE users SET must_change_password = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, v as i64, now],
    )?;
    Ok(())
}

pub fn mark_signed_in(tx: &WriteTx, id: i64, now: &str) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "UPDATE users SET last_sign_in_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    Ok(())
}

pub fn mark_removed(tx: &WriteTx, id: i64, now: &str) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "UPDATE users SET removed_at = ?2, active = 0, updated_at = ?2 WHERE id = ?1",
        params![id, now],
    )?;
    conn.execute("DELETE FROM user_roles WHERE user_id = ?1", [id])?;
    Ok(())
}

/// Ids of users that are removed: their key slots must not survive.
pub fn removed_ids(tx: &ReadTx) -> CoreResult<Vec<i64>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare("SELECT id FROM users WHERE removed_at IS NOT NULL")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn role_keys(tx: &ReadTx, user_id: i64) -> CoreResult<Vec<String>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(
        "SELECT r.key FROM user_roles ur JOIN roles r ON r.id = ur.role_id
         WHERE ur.user_id = ?1 ORDER BY r.id",
    )?;
    let rows = stmt.query_map([user_id], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn set_roles(tx: &WriteTx, user_id: i64, keys: &[String]) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute("DELETE FROM user_roles WHERE user_id = ?1", [user_id])?;
    for k in keys {
        let n = conn.execute(
            "INSERT INTO user_roles (user_id, role_id) SELECT ?1, id FROM roles WHERE key = ?2",
            params![user_id, k],
        )?;
        if n != 1 {
            return Err(CoreError::invalid(
                "roles",
                crate::error::ValidationReason::InvalidFormat,
            ));
        }
    }
    Ok(())
}

/// The union of the grants of a user's roles.
pub fn grants_of(tx: &ReadTx, user_id: i64) -> CoreResult<Vec<Grant>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(
        "SELECT DISTINCT g.category, g.action FROM user_roles ur
         JOIN role_grants g ON g.role_id = ur.role_id WHERE ur.user_id = ?1",
    )?;
    let rows = stmt.query_map([user_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = Vec::new();
    for r in rows {
        let (c, a) = r?;
        // Unknown names would come from a newer release; ignoring them only narrows rights.
        if let (Some(c), Some(a)) = (Category::parse(&c), Action::parse(&a)) {
            out.push((c, a));
        }
    }
    Ok(out)
}

/// Makes the built-in roles' grants match this release's definition.
pub fn sync_builtin_grants(tx: &WriteTx) -> CoreResult<()> {
    let conn = tx.conn();
    for key in BUILTIN_ROLES {
        conn.execute(
            "INSERT OR IGNORE INTO roles (key, builtin) VALUES (?1, 1)",
            [key],
        )?;
        let role_id: i64 =
            conn.query_row("SELECT id FROM roles WHERE key = ?1", [key], |r| r.get(0))?;
        conn.execute("DELETE FROM role_grants WHERE role_id = ?1", [role_id])?;
        for (c, a) in builtin_grants(key).unwrap_or_default() {
            conn.execute(
                "INSERT INTO role_grants (role_id, category, action) VALUES (?1, ?2, ?3)",
                params![role_id, c.as_str(), a.as_str()],
            )?;
        }
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub struct RoleRow {
    pub id: i64,
    pub key: String,
    pub name: Option<String>,
    pub builtin: bool,
}

fn role_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RoleRow> {
    Ok(RoleRow {
        id: r.get(0)?,
        key: r.get(1)?,
        name: r.get(2)?,
        builtin: r.get::<_, i64>(3)? != 0,
    })
}

pub fn roles(tx: &ReadTx) -> CoreResult<Vec<RoleRow>> {
    let conn = tx.conn();
    let mut stmt =
        conn.prepare("SELECT id, key, name, builtin FROM roles ORDER BY builtin DESC, id")?;
    let rows = stmt.query_map([], role_row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn role_by_key(tx: &ReadTx, key: &str) -> CoreResult<Option<RoleRow>> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            "SELECT id, key, name, builtin FROM roles WHERE key = ?1",
            [key],
            role_row,
        )
        .optional()?)
}

pub fn role_by_id(tx: &ReadTx, id: i64) -> CoreResult<Option<RoleRow>> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            "SELECT id, key, name, builtin FROM roles WHERE id = ?1",
            [id],
            role_row,
        )
        .optional()?)
}

/// A role's grants (unknown names from a newer release are left out).
pub fn role_grants(tx: &ReadTx, role_id: i64) -> CoreResult<Vec<Grant>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare("SELECT category, action FROM role_grants WHERE role_id = ?1")?;
    let rows = stmt.query_map([role_id], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = Vec::new();
    for r in rows {
        let (c, a) = r?;
        if let (Some(c), Some(a)) = (Category::parse(&c), Action::parse(&a)) {
            out.push((c, a));
        }
    }
    Ok(out)
}

/// Users holding the role, removed ones not counted.
pub fn role_holders(tx: &ReadTx, role_id: i64) -> CoreResult<u32> {
    let conn = tx.conn();
    Ok(conn.query_row(
        "SELECT count(*) FROM user_roles ur JOIN users u ON u.id = ur.user_id
         WHERE ur.role_id = ?1 AND u.removed_at IS NULL",
        [role_id],
        |r| r.get(0),
    )?)
}

/// True when another role already has this name (case-insensitively).
pub fn role_name_taken(tx: &ReadTx, name: &str, except: Option<i64>) -> CoreResult<bool> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            "SELECT 1 FROM roles WHERE name = ?1 COLLATE NOCASE AND id <> ?2",
            params![name, except.unwrap_or(-1)],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

fn write_grants(conn: &Connection, role_id: i64, grants: &[Grant]) -> CoreResult<()> {
    conn.execute("DELETE FROM role_grants WHERE role_id = ?1", [role_id])?;
    for (c, a) in grants {
        conn.execute(
            "INSERT INTO role_grants (role_id, category, action) VALUES (?1, ?2, ?3)",
            params![role_id, c.as_str(), a.as_str()],
        )?;
    }
    Ok(())
}

/// Adds a custom role; its key is "custom_<id>", stable whatever it is renamed to.
pub fn insert_custom_role(tx: &WriteTx, name: &str, grants: &[Grant]) -> CoreResult<i64> {
    let conn = tx.conn();
    // A placeholder key first: the id is only known after the insert.
    conn.execute(
        "INSERT INTO roles (key, name, builtin) VALUES ('custom_new', ?1, 0)",
        [name],
    )?;
    let id = conn.last_insert_rowid();
    conn.execute("UPDATE roles SET key = 'custom_' || id WHERE id = ?1", [id])?;
    write_grants(conn, id, grants)?;
    Ok(id)
}

pub fn update_custom_role(tx: &WriteTx, id: i64, name: &str, grants: &[Grant]) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "UPDATE roles SET name = ?2 WHERE id = ?1 AND builtin = 0",
        params![id, name],
    )?;
    write_grants(conn, id, grants)
}

pub fn delete_role(tx: &WriteTx, id: i64) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute("DELETE FROM roles WHERE id = ?1 AND builtin = 0", [id])?;
    Ok(())
}

pub fn set_may_delete(tx: &WriteTx, user_id: i64, v: Option<bool>) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "UPDATE users SET may_delete = ?2 WHERE id = ?1",
        params![user_id, v.map(i64::from)],
    )?;
    Ok(())
}

/// Active, not removed users holding a grant, e.g. the administrators (admin, manage).
pub fn active_holders_of(tx: &ReadTx, c: Category, a: Action) -> CoreResult<Vec<i64>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(
        "SELECT DISTINCT u.id FROM users u
         JOIN user_roles ur ON ur.user_id = u.id
         JOIN role_grants g ON g.role_id = ur.role_id
         WHERE u.active = 1 AND u.removed_at IS NULL AND g.category = ?1 AND g.action = ?2",
    )?;
    let rows = stmt.query_map(params![c.as_str(), a.as_str()], |r| r.get(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

pub fn by_username(tx: &ReadTx, username: &str) -> CoreResult<Option<UserRow>> {
    let conn = tx.conn();
    Ok(conn
        .query_row(
            &format!("SELECT {COLS} FROM users WHERE username = ?1"),
            [username],
            row,
        )
        .optional()?)
}

/// Every user row, removed ones included.
pub fn list_all(tx: &ReadTx) -> CoreResult<Vec<UserRow>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(&format!("SELECT {COLS} FROM users ORDER BY id"))?;
    let rows = stmt.query_map([], row)?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Writes an event to the user ledger (removed, disabled, enabled, password_changed,
/// password_reset): ids and times only.
pub fn record_event(tx: &WriteTx, user_ref: i64, event: &str, at: &str, by: i64) -> CoreResult<()> {
    let conn = tx.conn();
    conn.execute(
        "INSERT INTO user_ledger (user_ref, event, at, by_user) VALUES (?1, ?2, ?3, ?4)",
        params![user_ref, event, at, by],
    )?;
    Ok(())
}

/// Each user's latest removal or disable on the ledger that no later event undid: the users a
/// restore must leave removed (true) or disabled (false).
pub fn ledger_locked_out(tx: &ReadTx) -> CoreResult<Vec<(i64, bool)>> {
    let conn = tx.conn();
    let mut stmt = conn.prepare(
        "SELECT user_ref, event FROM user_ledger l
         WHERE id = (SELECT max(id) FROM user_ledger m WHERE m.user_ref = l.user_ref
                     AND m.event IN ('removed', 'disabled', 'enabled'))
           AND event IN ('removed', 'disabled')",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)? == "removed"))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
