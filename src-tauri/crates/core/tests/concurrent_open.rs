//! Several threads open their first encrypted databases at the same moment, as the app's
//! windows and background jobs can. SQLite marks itself ready before SQLCipher's own start-up
//! has run, so before `store::sqlcipher_ready` one of them could be refused its key ("An error
//! occurred with PRAGMA key or rekey"); CI caught it once in a scenario test.
//!
//! The race exists only while a process starts up, so the test runs it in fresh child
//! processes (this binary again, with `RACE_CHILD` set), many times.
use kluis_vault::DbKey;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

const RACE_CHILD: &str = "KLUIS_OPEN_RACE_CHILD";
const PROCESSES: usize = 60;
const THREADS: usize = 16;

#[test]
fn threads_opening_their_first_databases_at_once_all_get_in() {
    if std::env::var_os(RACE_CHILD).is_some() {
        race_once();
        return;
    }
    let exe = std::env::current_exe().unwrap();
    for run in 0..PROCESSES {
        let out = Command::new(&exe)
            .args([
                "--exact",
                "threads_opening_their_first_databases_at_once_all_get_in",
                "--test-threads=1",
                "--nocapture",
            ])
            .env(RACE_CHILD, "1")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "process {run} of {PROCESSES}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Opens one new database per thread, all threads released at once.
fn race_once() {
    let dir = tempfile::tempdir().unwrap();
    // Spinning, not a Barrier: the threads leave the start line within microseconds of each
    // other, which is the window the race needs.
    let ready = Arc::new(AtomicUsize::new(0));
    let go = Arc::new(AtomicBool::new(false));
    let handles: Vec<_> = (0..THREADS)
        .map(|i| {
            let path = dir.path().join(format!("t{i}.db"));
            let (ready, go) = (ready.clone(), go.clone());
            std::thread::spawn(move || {
                let key = DbKey::generate();
                ready.fetch_add(1, Ordering::SeqCst);
                while !go.load(Ordering::Acquire) {
                    std::hint::spin_loop();
                }
                // Opening keys the connection and reads the schema with that key.
                kluis_core::store::open(&path, &key, true)
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            })
        })
        .collect();
    while ready.load(Ordering::SeqCst) < THREADS {
        std::thread::yield_now();
    }
    go.store(true, Ordering::Release);
    for h in handles {
        assert_eq!(h.join().unwrap(), Ok(()));
    }
}
