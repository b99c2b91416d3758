//! Long jobs (backups, restore drills, restores, retention runs): progress for the window and a
//! cancel flag. Each job is all-or-nothing, so a cancelled one leaves nothing behind: the
//! flag is checked between steps (bytes, records) and interrupts SQLite inside long statements.
use crate::error::{CoreError, CoreResult};
use serde::Serialize;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::RecvTimeoutError;
use std::sync::{Arc, Mutex};
use ts_rs::TS;

/// What a job is doing now; the window names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum JobPhase {
    /// Copying the live database (one read transaction).
    Snapshot,
    /// Encrypting the copy into the backup file.
    Seal,
    /// Decrypting a backup into the vault's folder.
    Open,
    /// Integrity, audit chain and consent ledger of the opened copy.
    Check,
    /// Erasures made after the backup, applied again.
    Reapply,
    /// Records the retention rules act on.
    Retention,
}

/// `done` of `total` in the phase's own unit (bytes, records); `total` 0: not measurable, the
/// window shows activity without a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct JobProgress {
    pub phase: JobPhase,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
}

type Report<'a> = Box<dyn FnMut(JobProgress) + Send + 'a>;

pub struct Job<'a> {
    cancel: Arc<AtomicBool>,
    report: Mutex<Report<'a>>,
    /// The last report sent, so a byte counter does not flood the window: a report goes out
    /// when the phase changes or a further percent is done.
    last: Mutex<Option<JobProgress>>,
}

impl<'a> Job<'a> {
    pub fn new(cancel: Arc<AtomicBool>, report: impl FnMut(JobProgress) + Send + 'a) -> Self {
        Job {
            cancel,
            report: Mutex::new(Box::new(report)),
            last: Mutex::new(None),
        }
    }

    /// A job nobody watches or cancels (automatic backups, the daily retention run).
    pub fn unattended() -> Job<'static> {
        Job::new(Arc::new(AtomicBool::new(false)), |_| {})
    }

    pub fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }

    /// Err(Cancelled) once cancel is asked for: called between steps.
    pub fn check(&self) -> CoreResult<()> {
        if self.cancelled() {
            Err(CoreError::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Reports progress (throttled to whole percents) and checks for cancel.
    pub fn progress(&self, phase: JobPhase, done: u64, total: u64) -> CoreResult<()> {
        let p = JobProgress { phase, done, total };
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let due = match *last {
            None => true,
            Some(l) => {
                l.phase != phase
                    || l.total != total
                    || done == total
                    || percent(done, total) != percent(l.done, l.total)
            }
        };
        if due {
            *last = Some(p);
            drop(last);
            (self.report.lock().unwrap_or_else(|e| e.into_inner()))(p);
        }
        self.check()
    }

    /// Runs `f`, interrupting SQLite statements on `conn` when cancel is asked for, and turns
    /// whatever error that causes into Cancelled.
    pub fn interruptible<T>(
        &self,
        on: crate::store::Interrupt,
        f: impl FnOnce() -> CoreResult<T>,
    ) -> CoreResult<T> {
        self.check()?;
        // Nobody else holds the flag (an unattended job): nothing can cancel, no watcher needed.
        if Arc::strong_count(&self.cancel) == 1 {
            return f();
        }
        let handle = on;
        let (done, finished) = std::sync::mpsc::channel::<()>();
        let out = std::thread::scope(|scope| {
            scope.spawn(move || {
                // Wakes when `f` is done (the sender goes) or every 20 ms to look at the flag.
                while let Err(RecvTimeoutError::Timeout) =
                    finished.recv_timeout(std::time::Duration::from_millis(20))
                {
                    if self.cancelled() {
                        handle.interrupt();
                        return;
                    }
                }
            });
            let out = f();
            drop(done);
            out
        });
        self.settle(out)
    }

    /// An error that cancel caused reads as Cancelled (not as the interrupted I/O or SQL).
    pub fn settle<T>(&self, out: CoreResult<T>) -> CoreResult<T> {
        match out {
            Err(_) if self.cancelled() => Err(CoreError::Cancelled),
            out => out,
        }
    }

    /// `input` counted as `phase` of `total` bytes; reading fails once cancel is asked for.
    pub fn reader<'j, R: Read>(
        &'j self,
        phase: JobPhase,
        total: u64,
        input: R,
    ) -> JobReader<'j, 'a, R> {
        JobReader {
            job: self,
            phase,
            total,
            done: 0,
            input,
        }
    }
}

fn percent(done: u64, total: u64) -> u64 {
    (done.min(total) * 100).checked_div(total).unwrap_or(0)
}

pub struct JobReader<'j, 'a, R> {
    job: &'j Job<'a>,
    phase: JobPhase,
    total: u64,
    done: u64,
    input: R,
}

impl<R: Read> Read for JobReader<'_, '_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.input.read(buf)?;
        self.done += n as u64;
        // Not ErrorKind::Interrupted: readers retry that one.
        self.job
            .progress(self.phase, self.done, self.total)
            .map_err(|_| std::io::Error::other("cancelled"))?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_each_percent_once_and_stops_when_cancelled() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let cancel = Arc::new(AtomicBool::new(false));
        let sink = seen.clone();
        let job = Job::new(cancel.clone(), move |p| sink.lock().unwrap().push(p));
        for done in 0..=1000u64 {
            job.progress(JobPhase::Seal, done, 1000).unwrap();
        }
        // 0..=100 percent, each once.
        assert_eq!(seen.lock().unwrap().len(), 101);
        job.progress(JobPhase::Check, 0, 0).unwrap();
        assert_eq!(seen.lock().unwrap().last().unwrap().phase, JobPhase::Check);
        cancel.store(true, Ordering::SeqCst);
        assert!(matches!(
            job.progress(JobPhase::Check, 0, 0),
            Err(CoreError::Cancelled)
        ));
    }

    #[test]
    fn a_cancelled_reader_fails_and_a_long_statement_is_interrupted() {
        let cancel = Arc::new(AtomicBool::new(false));
        let job = Job::new(cancel.clone(), |_| {});
        let data = vec![7u8; 10_000];
        let mut r = job.reader(JobPhase::Open, 10_000, &data[..]);
        let mut buf = [0u8; 100];
        assert_eq!(r.read(&mut buf).unwrap(), 100);
        cancel.store(true, Ordering::SeqCst);
        assert!(r.read(&mut buf).is_err());

        let (_dir, st) = crate::store::scratch();
        let tx = st.read().unwrap();
        let job = Job::new(cancel.clone(), |_| {});
        cancel.store(false, Ordering::SeqCst);
        let flag = cancel.clone();
        let canceller = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(100));
            flag.store(true, Ordering::SeqCst);
        });
        // Runs for minutes unless interrupted.
        let out = job.interruptible(tx.interrupt(), || crate::store::spin(&tx));
        canceller.join().unwrap();
        assert!(matches!(out, Err(CoreError::Cancelled)));
    }
}
