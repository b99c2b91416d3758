//! The store: the only place SQL lives. Opens SQLCipher connections and runs migrations.
pub mod activity;
pub mod breaches;
pub mod bulk;
pub mod carry;
pub mod consent;
pub mod deals;
pub mod duplicates;
pub mod erasure;
pub mod hr;
mod migrations;
pub mod persons;
pub mod purposes;
pub mod requests;
pub mod restrictions;
pub mod retention;
pub mod search_index;
pub mod secrets;
pub mod settings;
pub mod users;
pub mod views;

use crate::error::{CoreError, CoreResult};
use kluis_vault::DbKey;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::Once;

pub use migrations::migrate;

/// Opens the encrypted database. The raw key is the first statement on the connection; a wrong
/// key or a damaged file shows as `DatabaseUnreadable` before any row is read.
pub fn open(path: &Path, key: &DbKey, create: bool) -> CoreResult<Connection> {
    sqlcipher_ready();
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    } else if !path.exists() {
        return Err(CoreError::DatabaseUnreadable);
    }
    let conn = Connection::open_with_flags(path, flags)?;
    conn.execute_batch(&kluis_vault::sqlcipher_key_pragma(key))?;
    // SQLCipher would otherwise print decryption failures (a wrong key) to stderr.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    // Memory SQLCipher frees (decrypted pages, key material) is wiped and its pages are kept
    // out of swap where the system allows (SECURITY.md > SQLCipher settings).
    conn.execute_batch("PRAGMA cipher_memory_security = ON;")?;
    // Reading the schema is what makes SQLCipher try the key.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    if create {
        // Set before the first table (and before WAL): erasures can then give the pages they
        // free back at once (`reclaim_free_pages`).
        conn.execute_batch("PRAGMA auto_vacuum = INCREMENTAL;")?;
    }
    configure(&conn)?;
    Ok(conn)
}

/// Opens a copy of the database (a backup's snapshot) read-only, as it is: no journal mode
/// change, nothing written to it.
pub fn open_copy(path: &Path, key: &DbKey) -> CoreResult<Connection> {
    sqlcipher_ready();
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.execute_batch(&kluis_vault::sqlcipher_key_pragma(key))?;
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })?;
    Ok(conn)
}

/// Finishes SQLite's and SQLCipher's one-time set-up before any connection is opened.
/// `sqlite3_initialize` marks SQLite ready before it runs SQLCipher's own initialisation, so a
/// second thread opening a database in that moment had its `PRAGMA key` refused ("An error
/// occurred with PRAGMA key or rekey"). Opening one connection inside a `Once` makes every
/// other opener wait until the whole set-up has returned.
fn sqlcipher_ready() {
    static READY: Once = Once::new();
    READY.call_once(|| {
        let _ = Connection::open_in_memory();
    });
}

/// An unencrypted database with the same settings, for the benchmark's encrypted/plain
/// comparison only. Never used for customer data.
pub fn open_plain_for_benchmark(path: &Path) -> CoreResult<Connection> {
    sqlcipher_ready();
    let conn = Connection::open(path)?;
    configure(&conn)?;
    Ok(conn)
}

/// Settings for every connection. The 64 MiB page cache matters more with SQLCipher than
/// without: every page that falls out of it must be decrypted and authenticated again.
fn configure(conn: &Connection) -> CoreResult<()> {
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(CoreError::Internal("WAL mode unavailable"));
    }
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA temp_store = MEMORY;
         PRAGMA synchronous = FULL;
         PRAGMA busy_timeout = 5000;
         PRAGMA cache_size = -65536;",
    )?;
    Ok(())
}

/// Re-encrypts every page under a new key (SQLCipher's `PRAGMA rekey`). In WAL mode the
/// re-encrypted pages land in the WAL first; checkpointing on both sides leaves the main file
/// wholly on one key, which `cipher_integrity_check` and a plain file copy rely on.
pub fn rekey(conn: &Connection, new_key: &DbKey) -> CoreResult<()> {
    checkpoint(conn)?;
    conn.execute_batch(&new_key.pragma_statement("rekey"))?;
    checkpoint(conn)?;
    Ok(())
}

/// `PRAGMA cipher_integrity_check` and `PRAGMA integrity_check`: the problems found, if any.
/// The cipher check reads the database file itself, not the WAL, so the WAL is written back
/// first: after a kill during a checkpoint the file holds a mix of old and new pages whose
/// newer versions are all in the WAL, which is sound, not damage.
pub fn integrity_problems(conn: &Connection) -> CoreResult<(Vec<String>, Vec<String>)> {
    let _ = checkpoint(conn);
    let collect = |sql: &str| -> CoreResult<Vec<String>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for r in rows {
            let r = r?;
            if r != "ok" {
                out.push(r);
            }
        }
        Ok(out)
    };
    Ok((
        collect("PRAGMA cipher_integrity_check")?,
        collect("PRAGMA integrity_check")?,
    ))
}

/// Gives the pages an erasure freed back to the file system (SECURITY.md: free pages must not
/// keep old content; `secure_delete` zeroes them, this removes them). Vaults made since
/// incremental vacuum was set up do it in a moment; older ones keep their zeroed free pages.
pub fn reclaim_free_pages(conn: &Connection) -> CoreResult<()> {
    let mode: i64 = conn.query_row("PRAGMA auto_vacuum", [], |r| r.get(0))?;
    if mode == 2 {
        // The statement frees pages as it steps; stepping it to the end frees them all.
        let mut stmt = conn.prepare("PRAGMA incremental_vacuum")?;
        let mut rows = stmt.query([])?;
        while rows.next()?.is_some() {}
    }
    Ok(())
}

/// Flushes the WAL into the main file and truncates it, so no old page lingers there.
pub fn checkpoint(conn: &Connection) -> CoreResult<()> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freed_memory_is_wiped() {
        let dir = tempfile::tempdir().unwrap();
        let c = open(&dir.path().join("t.db"), &DbKey::generate(), true).unwrap();
        let on: String = c
            .query_row("PRAGMA cipher_memory_security", [], |r| r.get(0))
            .unwrap();
        assert_eq!(on, "1");
    }

    #[test]
    fn wrong_key_reads_nothing_and_rekey_works_in_wal_mode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let k1 = DbKey::generate();
        {
            let mut c = open(&path, &k1, true).unwrap();
            migrate(&mut c).unwrap();
            c.execute("INSERT INTO settings VALUES ('x', 'y')", [])
                .unwrap();
        }
        let wrong = DbKey::generate();
        assert!(matches!(
            open(&path, &wrong, false),
            Err(CoreError::DatabaseUnreadable)
        ));
        let k2 = DbKey::generate();
        {
            let c = open(&path, &k1, false).unwrap();
            rekey(&c, &k2).unwrap();
            let v: String = c
                .query_row("SELECT value FROM settings", [], |r| r.get(0))
                .unwrap();
            assert_eq!(v, "y");
        }
        assert!(matches!(
            open(&path, &k1, false),
            Err(CoreError::DatabaseUnreadable)
        ));
        let c = open(&path, &k2, false).unwrap();
        let v: String = c
            .query_row("SELECT value FROM settings", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, "y");
        let (cipher, sqlite) = integrity_problems(&c).unwrap();
        assert!(
            cipher.is_empty() && sqlite.is_empty(),
            "{cipher:?} {sqlite:?}"
        );
    }
}
