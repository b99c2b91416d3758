//! The store: the only place SQL lives. Opens SQLCipher connections and runs migrations.
pub mod activity;
pub mod audit;
pub mod breaches;
pub mod bulk;
pub mod carry;
pub mod consent;
mod db;
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
pub mod snapshot;
#[cfg(feature = "test-kdf")]
pub mod tamper;
pub mod users;
pub mod versions;
pub mod views;

use crate::error::{CoreError, CoreResult};
use kluis_vault::DbKey;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::Once;

#[cfg(test)]
pub(crate) use db::{memory, scratch, spin};
pub use db::{Exclusive, Interrupt, Kind, ReadTx, Store, WriteTx};
pub use migrations::migrate;

/// The engine's errors as the core's: a wrong key or a damaged file, a vault in use, or a
/// database error.
impl From<rusqlite::Error> for CoreError {
    fn from(e: rusqlite::Error) -> Self {
        // SQLCipher reports a wrong key or a damaged file as "file is not a database".
        if let rusqlite::Error::SqliteFailure(f, _) = &e {
            if f.code == rusqlite::ErrorCode::NotADatabase {
                return CoreError::DatabaseUnreadable;
            }
            if f.code == rusqlite::ErrorCode::DatabaseBusy
                || f.code == rusqlite::ErrorCode::DatabaseLocked
            {
                return CoreError::VaultInUse;
            }
        }
        CoreError::Db(Box::new(e))
    }
}

/// How SQLCipher lays out and authenticates the pages of a database. SQLCipher keeps no record
/// of it in the file: whoever opens a database must say it again before the first read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CipherLayout {
    /// The page's MAC: HMAC-SHA256 when true, else SQLCipher 4's default HMAC-SHA512.
    pub hmac_sha256: bool,
    /// Bytes per page (SQLCipher 4's default 4096; SQLite's page follows it).
    pub page_size: u32,
}

impl CipherLayout {
    /// Every vault's layout: SQLCipher 4's defaults (see README > Performance for the others
    /// measured).
    pub const VAULT: CipherLayout = CipherLayout {
        hmac_sha256: false,
        page_size: 4096,
    };

    /// The pragmas that select this layout, for a schema (`main` or an attached name).
    fn pragmas(&self, schema: &str) -> String {
        let mut sql = String::new();
        if self.page_size != Self::VAULT.page_size {
            sql.push_str(&format!(
                "PRAGMA {schema}.cipher_page_size = {};",
                self.page_size
            ));
        }
        if self.hmac_sha256 {
            sql.push_str(&format!(
                "PRAGMA {schema}.cipher_hmac_algorithm = HMAC_SHA256;"
            ));
        }
        sql
    }
}

/// Opens the encrypted database. The raw key is the first statement on the connection; a wrong
/// key or a damaged file shows as `DatabaseUnreadable` before any row is read.
pub fn open(path: &Path, key: &DbKey, create: bool) -> CoreResult<Connection> {
    open_laid_out(path, key, create, CipherLayout::VAULT)
}

/// `open` for a database in another page layout (the benchmark's comparisons).
pub fn open_laid_out(
    path: &Path,
    key: &DbKey,
    create: bool,
    layout: CipherLayout,
) -> CoreResult<Connection> {
    sqlcipher_ready();
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    } else if !path.exists() {
        return Err(CoreError::DatabaseUnreadable);
    }
    let conn = Connection::open_with_flags(path, flags)?;
    conn.execute_batch(&kluis_vault::sqlcipher_key_pragma(key))?;
    conn.execute_batch(&layout.pragmas("main"))?;
    // SQLCipher would otherwise print decryption failures (a wrong key) to stderr.
    conn.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    // Not wiping every allocation SQLite frees: it cost 40-55% of every write, and the shells
    // keep the whole process out of core dumps and debuggers instead (`hardening`). SQLCipher
    // still wipes and locks its own key material.
    conn.execute_batch("PRAGMA cipher_memory_security = OFF;")?;
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

/// Copies the whole database into a new file in another layout under the same key
/// (`sqlcipher_export`), in WAL mode like every vault. The benchmark's comparisons use it; it is
/// also how a vault would move to a new layout.
pub fn export_laid_out(
    x: &Exclusive,
    to: &Path,
    key: &DbKey,
    layout: CipherLayout,
) -> CoreResult<()> {
    export_laid_out_on(x.conn(), to, key, layout)
}

fn export_laid_out_on(
    conn: &Connection,
    to: &Path,
    key: &DbKey,
    layout: CipherLayout,
) -> CoreResult<()> {
    let to_str = to
        .to_str()
        .ok_or(CoreError::Internal("export path is not UTF-8"))?;
    // A vault's connection may not create files, and ATTACH inherits that: the new database
    // starts as an empty file (an empty file is an empty database), readable by its owner only.
    let mut file = std::fs::OpenOptions::new();
    file.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut file, 0o600);
    file.open(to)?;
    let raw = zeroize::Zeroizing::new(format!("x'{}'", key.to_hex().as_str()));
    conn.execute(
        "ATTACH DATABASE ?1 AS laid_out KEY ?2",
        [to_str, raw.as_str()],
    )?;
    let done = (|| -> CoreResult<()> {
        conn.execute_batch(&layout.pragmas("laid_out"))?;
        conn.query_row("SELECT sqlcipher_export('laid_out')", [], |_| Ok(()))?;
        // The export copies tables, not the header's schema version the migrations count by.
        let version: i64 = conn.query_row("PRAGMA main.user_version", [], |r| r.get(0))?;
        conn.execute_batch(&format!("PRAGMA laid_out.user_version = {version};"))?;
        Ok(())
    })();
    conn.execute_batch("DETACH DATABASE laid_out;")?;
    done?;
    let copy = open_laid_out(to, key, false, layout)?;
    checkpoint(&copy)?;
    Ok(())
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

/// A pooled reader never writes, whatever a caller asks of it.
fn configure_reader(conn: &Connection) -> CoreResult<()> {
    conn.execute_batch("PRAGMA query_only = ON;")?;
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
pub fn integrity_problems(x: &Exclusive) -> CoreResult<(Vec<String>, Vec<String>)> {
    integrity_problems_on(x.conn())
}

fn integrity_problems_on(conn: &Connection) -> CoreResult<(Vec<String>, Vec<String>)> {
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
    let cipher = collect("PRAGMA cipher_integrity_check")?;
    // SQLite's own check reads pages through the cipher: a page that does not decrypt stops it.
    // That is the damage the cipher check already counted, said once more, not a failure.
    let integrity = match collect("PRAGMA integrity_check") {
        Err(_) if !cipher.is_empty() => {
            vec!["the check stopped at a page that does not decrypt".to_string()]
        }
        other => other?,
    };
    Ok((cipher, integrity))
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

    /// The choice in `open` (see `hardening`): a change back shows up here and in `kluis bench`.
    #[test]
    fn freed_memory_is_not_wiped_one_allocation_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let c = open(&dir.path().join("t.db"), &DbKey::generate(), true).unwrap();
        let on: String = c
            .query_row("PRAGMA cipher_memory_security", [], |r| r.get(0))
            .unwrap();
        assert_eq!(on, "0");
    }

    #[test]
    fn a_copy_in_another_layout_opens_only_in_that_layout() {
        let dir = tempfile::tempdir().unwrap();
        let key = DbKey::generate();
        let mut c = open(&dir.path().join("a.db"), &key, true).unwrap();
        migrate(&mut c).unwrap();
        c.execute("INSERT INTO settings VALUES ('x', 'y')", [])
            .unwrap();
        drop(c);
        // As a vault is opened: its connection may not create files.
        let c = open(&dir.path().join("a.db"), &key, false).unwrap();
        let layout = CipherLayout {
            hmac_sha256: true,
            page_size: 8192,
        };
        let copy = dir.path().join("b.db");
        export_laid_out_on(&c, &copy, &key, layout).unwrap();
        let mut b = open_laid_out(&copy, &key, false, layout).unwrap();
        // Up to date: no migration runs again.
        migrate(&mut b).unwrap();
        let (page, value): (i64, String) = b
            .query_row(
                "SELECT CAST((SELECT page_size FROM pragma_page_size) AS INTEGER), value FROM settings WHERE key = 'x'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((page, value.as_str()), (8192, "y"));
        // Opened as a vault (SHA-512, 4096): nothing reads, as with a wrong key.
        assert!(matches!(
            open(&copy, &key, false),
            Err(CoreError::DatabaseUnreadable)
        ));
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
        let (cipher, sqlite) = integrity_problems_on(&c).unwrap();
        assert!(
            cipher.is_empty() && sqlite.is_empty(),
            "{cipher:?} {sqlite:?}"
        );
    }
}
