//! Long jobs on the command line: progress on stderr (a line that updates itself on a terminal;
//! one line per step with `KLUIS_PROGRESS=lines`, for logs and scripts) and Ctrl+C as a clean
//! cancel. The jobs are all-or-nothing, so a cancel leaves nothing half-done; a second
//! Ctrl+C ends the process at once (still safe, as the crash test shows).
use kluis_core::job::{Job, JobPhase, JobProgress};
use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub fn watched() -> Job<'static> {
    let cancel = Arc::new(AtomicBool::new(false));
    let flag = cancel.clone();
    // Only one handler per process; a command runs one job, so a second install only happens
    // in tests, where it is harmless to skip.
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\nCancelling… (Ctrl+C again to stop at once)");
    });
    let lines = std::env::var("KLUIS_PROGRESS").is_ok_and(|v| v == "lines");
    let terminal = std::io::stderr().is_terminal();
    Job::new(cancel, move |p: JobProgress| {
        if lines {
            eprintln!("{}", line(p));
        } else if terminal {
            let mut err = std::io::stderr();
            let _ = write!(err, "\r{:<60}", line(p));
            if p.total > 0 && p.done == p.total {
                let _ = writeln!(err);
            }
            let _ = err.flush();
        }
    })
}

fn line(p: JobProgress) -> String {
    let what = match p.phase {
        JobPhase::Snapshot => "Copying the database",
        JobPhase::Seal => "Encrypting the backup",
        JobPhase::Open => "Decrypting the backup",
        JobPhase::Check => "Checking integrity, audit trail and consent ledger",
        JobPhase::Reapply => "Applying later erasures again",
        JobPhase::Retention => "Applying the retention rules",
    };
    match (p.done.min(p.total) * 100).checked_div(p.total) {
        None => format!("{what}…"),
        Some(percent) => format!("{what}: {percent}%"),
    }
}
