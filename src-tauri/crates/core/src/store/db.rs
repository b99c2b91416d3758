//! The store's seam: one open vault database, handed out as transactions. One writer
//! connection (a write transaction is `BEGIN IMMEDIATE`, so writers never fail half-way on a
//! lock) and a pool of query-only readers, each read a consistent snapshot. Services never see a
//! connection: they get a [`ReadTx`] or a [`WriteTx`] and pass it to the store's functions, whose
//! signatures say which they need, so a write through a read handle does not compile.
//!
//! ```
//! # fn f(st: &std::sync::Arc<kluis_core::store::Store>) -> kluis_core::CoreResult<()> {
//! let tx = st.write()?;
//! kluis_core::store::settings::set(&tx, "example", "1")?;
//! tx.commit()
//! # }
//! ```
//! The same write through a read handle is refused by the compiler:
//! ```compile_fail
//! # fn f(st: &std::sync::Arc<kluis_core::store::Store>) -> kluis_core::CoreResult<()> {
//! let tx = st.read()?;
//! kluis_core::store::settings::set(&tx, "example", "1")?;
//! # Ok(())
//! # }
//! ```
//!
//! A write on a thread that already holds the writer (a service calling another, the audit
//! trail inside a service's write) joins the outer transaction: it commits with it or not at all.
//! A read there reads through the writer, so it sees the writes not yet committed.
use super::{
    configure_reader, open, open_copy, open_laid_out, open_plain_for_benchmark, CipherLayout,
};
use crate::error::{CoreError, CoreResult};
use kluis_vault::DbKey;
use parking_lot::lock_api::ArcReentrantMutexGuard;
use parking_lot::{Mutex, RawMutex, RawThreadId, ReentrantMutex};
use rusqlite::Connection;
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// Readers kept open for the next read; more may be open at once, the rest are closed.
const POOLED_READERS: usize = 4;

struct Writer {
    conn: Connection,
    /// Nested write transactions on the owning thread (0: none open).
    depth: Cell<u32>,
    /// An inner write ended without committing: the outer one must not commit either.
    doomed: Cell<bool>,
}

type WriterGuard = ArcReentrantMutexGuard<RawMutex, RawThreadId, Writer>;

/// An open vault database. Shared (`Arc`) by every session of the vault.
pub struct Store {
    path: PathBuf,
    key: Mutex<DbKey>,
    writer: Arc<ReentrantMutex<Writer>>,
    /// Idle readers, each with the key generation it was opened under.
    readers: Mutex<Vec<(Connection, u64)>>,
    /// Moves on with every rekey: a reader opened under an older key is never used again (one
    /// taken out during a password change on another desktop would otherwise come back to the
    /// pool and fail every later read with "cannot be decrypted").
    key_gen: AtomicU64,
    /// Write transactions committed through this store.
    commits: AtomicU64,
    /// The rights epoch after the last commit (migration 30's triggers count every change to
    /// accounts, roles, grants, settings and sealed keys): sessions re-read their rights when it
    /// moved, not after every commit.
    rights: AtomicU64,
    /// How further connections (readers, a snapshot's) are opened.
    kind: Kind,
}

/// What a store's file is, which says how to open it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A vault database.
    Vault,
    /// A copy (a backup's snapshot) read as it is and never written.
    Copy,
    /// A vault database in another page layout (the benchmark's comparisons).
    LaidOut(CipherLayout),
    /// An unencrypted database with the same schema: the benchmark's baseline, never customer
    /// data.
    PlainForBenchmark,
    /// One connection that every transaction uses (tests over an in-memory database).
    #[cfg(test)]
    Single,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// The store over an opened, migrated connection, which becomes its writer.
    pub(crate) fn new(writer: Connection, path: &Path, key: &DbKey) -> Arc<Store> {
        Arc::new(Store {
            path: path.to_path_buf(),
            key: Mutex::new(key.clone()),
            writer: Arc::new(ReentrantMutex::new(Writer {
                conn: writer,
                depth: Cell::new(0),
                doomed: Cell::new(false),
            })),
            readers: Mutex::new(Vec::new()),
            key_gen: AtomicU64::new(0),
            commits: AtomicU64::new(0),
            rights: AtomicU64::new(0),
            kind: Kind::Vault,
        })
    }

    /// Opens (or creates) a database of `kind` at `path` and brings its schema up to date;
    /// also returns how long the migration took (a new build's first start, in the benchmark).
    pub fn open_kind(
        path: &Path,
        key: &DbKey,
        kind: Kind,
        create: bool,
    ) -> CoreResult<(Arc<Store>, std::time::Duration)> {
        let mut conn = match kind {
            Kind::Vault => open(path, key, create)?,
            Kind::Copy => open_copy(path, key)?,
            Kind::LaidOut(layout) => open_laid_out(path, key, create, layout)?,
            Kind::PlainForBenchmark => open_plain_for_benchmark(path)?,
            #[cfg(test)]
            Kind::Single => unreachable!("tests make these with `over`"),
        };
        let t = std::time::Instant::now();
        if kind != Kind::Copy {
            super::migrate(&mut conn)?;
        }
        let took = t.elapsed();
        let mut st = Store::new(conn, path, key);
        Arc::get_mut(&mut st).expect("not shared yet").kind = kind;
        Ok((st, took))
    }

    /// A copy of a database (a backup's snapshot), read as it is and never written.
    pub fn open_copy(path: &Path, key: &DbKey) -> CoreResult<Arc<Store>> {
        Ok(Store::open_kind(path, key, Kind::Copy, false)?.0)
    }

    /// Opens the database at `path`, brings its schema up to date and makes it a store.
    pub fn open_migrated(path: &Path, key: &DbKey) -> CoreResult<Arc<Store>> {
        let mut conn = open(path, key, false)?;
        super::migrate(&mut conn)?;
        Ok(Store::new(conn, path, key))
    }

    /// Opens the database at `path` and makes it a store (the vault's own open runs migrations
    /// first; this is for databases that are already current).
    pub fn open(path: &Path, key: &DbKey) -> CoreResult<Arc<Store>> {
        Ok(Store::new(open(path, key, false)?, path, key))
    }

    /// A new connection of the store's own, outside the pool (a backup's snapshot), and the key.
    pub(in crate::store) fn fresh_connection(&self) -> CoreResult<(Connection, DbKey)> {
        let key = self.key.lock().clone();
        Ok((open(&self.path, &key, false)?, key))
    }

    /// A read transaction: a snapshot, or the current write transaction on this thread.
    pub fn read(self: &Arc<Self>) -> CoreResult<ReadTx> {
        #[cfg(test)]
        let single = self.kind == Kind::Single;
        #[cfg(not(test))]
        let single = false;
        if single || self.writer.is_owned_by_current_thread() {
            return Ok(ReadTx {
                src: Src::Writer(self.writer.lock_arc()),
                store: self.clone(),
                gen: 0,
            });
        }
        let current = self.key_gen.load(Ordering::Acquire);
        let pooled = {
            let mut pool = self.readers.lock();
            pool.retain(|(_, g)| *g == current);
            pool.pop()
        };
        let (conn, gen) = match pooled {
            Some(c) => c,
            None => {
                let key = self.key.lock();
                // Read with the key: rekey changes both under this lock.
                let gen = self.key_gen.load(Ordering::Acquire);
                let c = match self.kind {
                    Kind::Vault => open(&self.path, &key, false)?,
                    Kind::Copy => open_copy(&self.path, &key)?,
                    Kind::LaidOut(layout) => open_laid_out(&self.path, &key, false, layout)?,
                    Kind::PlainForBenchmark => open_plain_for_benchmark(&self.path)?,
                    #[cfg(test)]
                    Kind::Single => unreachable!("a single connection has no readers"),
                };
                configure_reader(&c)?;
                (c, gen)
            }
        };
        conn.execute_batch("BEGIN")?;
        Ok(ReadTx {
            src: Src::Reader(Some(conn)),
            store: self.clone(),
            gen,
        })
    }

    /// A write transaction (`BEGIN IMMEDIATE`), or the one this thread already holds, joined.
    pub fn write(self: &Arc<Self>) -> CoreResult<WriteTx> {
        if self.kind == Kind::Copy {
            return Err(CoreError::Internal("a copy is not written"));
        }
        let guard = self.writer.lock_arc();
        if guard.depth.get() == 0 {
            guard.conn.execute_batch("BEGIN IMMEDIATE")?;
            guard.doomed.set(false);
        }
        guard.depth.set(guard.depth.get() + 1);
        let changes_at_start = guard.conn.total_changes();
        Ok(WriteTx {
            changes_at_start,
            read: ReadTx {
                src: Src::Writer(guard),
                store: self.clone(),
                gen: 0,
            },
            finished: false,
        })
    }

    /// The writer outside any transaction, for what SQLite refuses inside one: attaching a
    /// database (backups), re-keying, checkpoints.
    pub(crate) fn exclusive(self: &Arc<Self>) -> CoreResult<Exclusive> {
        let guard = self.writer.lock_arc();
        if guard.depth.get() != 0 {
            return Err(CoreError::Internal("exclusive use inside a write"));
        }
        Ok(Exclusive { guard })
    }

    /// Copies the database into a new file in another layout (see `store::export_laid_out`).
    pub fn export_laid_out(self: &Arc<Self>, to: &Path, layout: CipherLayout) -> CoreResult<()> {
        let key = self.key.lock().clone();
        super::export_laid_out(&self.exclusive()?, to, &key, layout)
    }

    /// Flushes the WAL into the main file (see `store::checkpoint`).
    pub fn checkpoint(self: &Arc<Self>) -> CoreResult<()> {
        super::checkpoint(self.exclusive()?.conn())
    }

    /// Re-encrypts the database under `key`; readers under the old key are closed.
    pub fn rekey(self: &Arc<Self>, key: &DbKey) -> CoreResult<()> {
        let x = self.exclusive()?;
        self.readers.lock().clear();
        super::rekey(x.conn(), key)?;
        let mut held = self.key.lock();
        *held = key.clone();
        self.key_gen.fetch_add(1, Ordering::AcqRel);
        drop(held);
        self.readers.lock().clear();
        Ok(())
    }

    /// Frees the pages an erasure left (see `store::reclaim_free_pages`).
    pub fn reclaim_free_pages(self: &Arc<Self>) -> CoreResult<()> {
        super::reclaim_free_pages(self.exclusive()?.conn())
    }

    /// The cipher's and SQLite's integrity problems, if any (see `store::integrity_problems`).
    pub fn integrity_problems(self: &Arc<Self>) -> CoreResult<(Vec<String>, Vec<String>)> {
        super::integrity_problems(&self.exclusive()?)
    }

    /// Whether this store's database is open under `key` (it changes when re-keyed).
    pub fn has_key(&self, key: &DbKey) -> bool {
        *self.key.lock() == *key
    }

    /// Closes the readers waiting in the pool (reads under way keep theirs). A large write
    /// (an import) ran at less than half its speed into a filled vault while an idle reader
    /// stayed open; why is not known yet (README > Performance).
    pub fn close_idle_readers(&self) {
        self.readers.lock().clear();
    }

    /// How many write transactions have committed: a change means something may have moved.
    /// See `rights` (the field).
    pub fn rights_epoch(&self) -> u64 {
        self.rights.load(Ordering::Acquire)
    }

    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Acquire)
    }
}

enum Src {
    /// A pooled reader in its own transaction (returned to the pool when done).
    Reader(Option<Connection>),
    /// The writer, inside this thread's write transaction.
    Writer(WriterGuard),
}

/// A read transaction. The store's read functions take `&ReadTx`.
pub struct ReadTx {
    src: Src,
    store: Arc<Store>,
    /// The key generation of a pooled reader's connection.
    gen: u64,
}

impl ReadTx {
    pub(in crate::store) fn conn(&self) -> &Connection {
        match &self.src {
            Src::Reader(c) => c.as_ref().expect("a reader until dropped"),
            Src::Writer(g) => &g.conn,
        }
    }

    /// A handle that stops this transaction's running statement (a cancelled job).
    pub fn interrupt(&self) -> Interrupt {
        Interrupt(self.conn().get_interrupt_handle())
    }

    /// The store this transaction came from.
    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }
}

impl Drop for ReadTx {
    fn drop(&mut self) {
        if let Src::Reader(conn) = &mut self.src {
            let Some(conn) = conn.take() else { return };
            // A reader that cannot end its transaction cleanly is not reused.
            let current = self.store.key_gen.load(Ordering::Acquire) == self.gen;
            if current && conn.execute_batch("COMMIT").is_ok() {
                let mut pool = self.store.readers.lock();
                if pool.len() < POOLED_READERS {
                    pool.push((conn, self.gen));
                }
            }
        }
    }
}

/// A write transaction. The store's write functions take `&WriteTx`; it reads as a `ReadTx`
/// that sees its own writes. Dropped without `commit`, it rolls back.
pub struct WriteTx {
    read: ReadTx,
    finished: bool,
    /// The writer's change count when this (joined) write began: one that changed nothing
    /// may end without committing and leaves the outer write as it was.
    changes_at_start: u64,
}

impl std::ops::Deref for WriteTx {
    type Target = ReadTx;
    fn deref(&self) -> &ReadTx {
        &self.read
    }
}

impl WriteTx {
    fn writer(&self) -> &Writer {
        match &self.read.src {
            Src::Writer(g) => g,
            Src::Reader(_) => unreachable!("a write transaction is on the writer"),
        }
    }

    /// Rolls back (a joined write: the outer transaction will roll back too).
    pub fn rollback(self) -> CoreResult<()> {
        drop(self);
        Ok(())
    }

    /// Commits, or for a joined write, leaves committing to the outer one.
    pub fn commit(mut self) -> CoreResult<()> {
        self.finished = true;
        let w = self.writer();
        if w.depth.get() > 1 {
            return Ok(());
        }
        if w.doomed.get() {
            w.conn.execute_batch("ROLLBACK")?;
            return Err(CoreError::Internal(
                "a joined write failed; nothing was written",
            ));
        }
        if let Err(e) = w.conn.execute_batch("COMMIT") {
            let _ = w.conn.execute_batch("ROLLBACK");
            return Err(e.into());
        }
        let store = &self.read.store;
        store.commits.fetch_add(1, Ordering::AcqRel);
        // A database without the epoch (a copy from before migration 30): every commit counts.
        match w
            .conn
            .prepare_cached("SELECT n FROM rights_epoch")
            .and_then(|mut q| q.query_row([], |r| r.get::<_, i64>(0)))
        {
            Ok(n) => store.rights.store(n as u64, Ordering::Release),
            Err(_) => {
                store.rights.fetch_add(1 << 40, Ordering::AcqRel);
            }
        }
        Ok(())
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        let w = self.writer();
        let depth = w.depth.get();
        if !self.finished {
            if depth > 1 {
                if w.conn.total_changes() != self.changes_at_start {
                    w.doomed.set(true);
                }
            } else {
                let _ = w.conn.execute_batch("ROLLBACK");
            }
        }
        w.depth.set(depth - 1);
    }
}

/// The writer with no transaction open (see [`Store::exclusive`]).
pub struct Exclusive {
    guard: WriterGuard,
}

impl Exclusive {
    pub(in crate::store) fn conn(&self) -> &Connection {
        &self.guard.conn
    }

    /// A handle that stops the statement running on the writer (a cancelled job).
    pub fn interrupt(&self) -> Interrupt {
        Interrupt(self.conn().get_interrupt_handle())
    }
}

/// Stops a running statement from another thread; it then fails (a cancelled job).
pub struct Interrupt(pub(in crate::store) rusqlite::InterruptHandle);

impl Interrupt {
    pub fn interrupt(&self) {
        self.0.interrupt();
    }
}

#[cfg(test)]
impl Store {
    /// A store over one (in-memory) connection, every transaction on it: for tests.
    pub(crate) fn over(conn: Connection) -> Arc<Store> {
        let mut st = Store::new(conn, Path::new(":memory:"), &DbKey::generate());
        Arc::get_mut(&mut st).expect("not shared yet").kind = Kind::Single;
        st
    }
}

/// Tests look at (and tamper with) the database underneath, as an attacker with the key would.
#[cfg(test)]
impl ReadTx {
    pub(crate) fn execute<P: rusqlite::Params>(&self, sql: &str, p: P) -> rusqlite::Result<usize> {
        self.conn().execute(sql, p)
    }
    pub(crate) fn execute_batch(&self, sql: &str) -> rusqlite::Result<()> {
        self.conn().execute_batch(sql)
    }
    pub(crate) fn query_row<T, P: rusqlite::Params, F>(
        &self,
        sql: &str,
        p: P,
        f: F,
    ) -> rusqlite::Result<T>
    where
        F: FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    {
        self.conn().query_row(sql, p, f)
    }
    pub(crate) fn prepare(&self, sql: &str) -> rusqlite::Result<rusqlite::Statement<'_>> {
        self.conn().prepare(sql)
    }
}

/// A migrated in-memory database with its secrets, inside a write that is never committed:
/// for tests of what writes through the store.
#[cfg(test)]
pub(crate) fn memory() -> WriteTx {
    let mut conn = Connection::open_in_memory().unwrap();
    super::migrate(&mut conn).unwrap();
    let tx = Store::over(conn).write().unwrap();
    super::secrets::ensure(&tx).unwrap();
    tx
}

/// A migrated vault database in a folder of its own, for tests.
#[cfg(test)]
pub(crate) fn scratch() -> (tempfile::TempDir, Arc<Store>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kluis.db");
    let key = DbKey::generate();
    let mut conn = open(&path, &key, true).unwrap();
    super::migrate(&mut conn).unwrap();
    let st = Store::new(conn, &path, &key);
    let tx = st.write().unwrap();
    super::secrets::ensure(&tx).unwrap();
    tx.commit().unwrap();
    (dir, st)
}

/// A statement that runs for minutes unless interrupted, for tests of cancelling.
#[cfg(test)]
pub(crate) fn spin(tx: &ReadTx) -> CoreResult<i64> {
    Ok(tx.conn().query_row(
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000)
         SELECT count(*) FROM c WHERE x < 0",
        [],
        |r| r.get(0),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Arc<Store>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let key = DbKey::generate();
        let mut conn = open(&path, &key, true).unwrap();
        conn.execute_batch("CREATE TABLE t (v INTEGER)").unwrap();
        let _ = &mut conn;
        (dir, Store::new(conn, &path, &key))
    }

    fn count(tx: &ReadTx) -> i64 {
        tx.conn()
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap()
    }

    fn insert(tx: &WriteTx) {
        tx.conn().execute("INSERT INTO t VALUES (1)", []).unwrap();
    }

    #[test]
    fn a_write_is_seen_by_readers_only_once_committed() {
        let (_d, s) = store();
        let w = s.write().unwrap();
        insert(&w);
        assert_eq!(count(&w), 1, "the writer sees its own write");
        let reader = std::thread::scope(|t| t.spawn(|| count(&s.read().unwrap())).join());
        assert_eq!(reader.unwrap(), 0, "another thread does not see it yet");
        w.commit().unwrap();
        assert_eq!(count(&s.read().unwrap()), 1);
        assert_eq!(s.commits(), 1);
    }

    #[test]
    fn a_write_dropped_without_commit_leaves_nothing() {
        let (_d, s) = store();
        insert(&s.write().unwrap());
        assert_eq!(count(&s.read().unwrap()), 0);
    }

    #[test]
    fn a_joined_write_commits_with_the_outer_one_or_not_at_all() {
        let (_d, s) = store();
        let outer = s.write().unwrap();
        let inner = s.write().unwrap();
        insert(&inner);
        inner.commit().unwrap();
        assert_eq!(
            count(&s.read().unwrap()),
            1,
            "a read on this thread sees it"
        );
        drop(outer);
        assert_eq!(count(&s.read().unwrap()), 0, "the outer rolled back");

        let outer = s.write().unwrap();
        insert(&outer);
        drop(s.write().unwrap()); // an inner write that wrote nothing: no harm
        let inner = s.write().unwrap();
        insert(&inner);
        drop(inner); // an inner write that failed half-way
        assert!(outer.commit().is_err());
        assert_eq!(count(&s.read().unwrap()), 0);
    }

    #[test]
    fn a_reader_taken_out_before_a_rekey_is_not_used_again() {
        // Office mode: a password change on one desktop re-keys the database while another
        // desktop's read is under way; its connection (old key) must not go back to the pool.
        let (_dir, st) = scratch();
        let early = st.read().unwrap();
        early
            .query_row("SELECT count(*) FROM settings", [], |r| r.get::<_, i64>(0))
            .unwrap();
        let during = std::thread::scope(|t| {
            let h = t.spawn(|| st.rekey(&DbKey::generate()));
            std::thread::sleep(std::time::Duration::from_millis(50));
            drop(early);
            h.join().unwrap()
        });
        during.unwrap();
        for _ in 0..POOLED_READERS + 2 {
            let r = st.read().unwrap();
            r.query_row("SELECT count(*) FROM settings", [], |r| r.get::<_, i64>(0))
                .expect("every later read opens under the new key");
        }
    }

    #[test]
    fn readers_cannot_write() {
        let (_d, s) = store();
        let r = s.read().unwrap();
        assert!(r.conn().execute("INSERT INTO t VALUES (1)", []).is_err());
    }

    #[test]
    fn no_exclusive_use_inside_a_write() {
        let (_d, s) = store();
        let _w = s.write().unwrap();
        assert!(s.exclusive().is_err());
    }
}
