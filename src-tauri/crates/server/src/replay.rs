//! A window's recent answers, by the desktop's request number (`wire::REQUEST_HEADER`). A
//! connection that breaks after the server acted leaves the desktop not knowing whether its
//! save was made; it sends the same request again, and the server gives the answer it gave
//! the first time rather than saving twice. The work runs on a task of its own, so a dropped
//! connection does not stop it half-way, and a request sent again while the first still runs
//! waits for that one's answer.
use kluis_office::wire::CallReply;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use tokio::sync::watch;

/// Answers kept per window: a desktop sends one request at a time per window, and sends a
/// lost one again before anything else.
const KEPT: usize = 8;

impl Replies {
    /// Forgets every answer (a session started or ended in the window: the next person's
    /// requests have nothing to do with the last one's answers).
    pub fn clear(&self) {
        self.recent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }
}

/// A file a command made, for the desktop's save dialog. It stays in its own folder under
/// `outgoing` while the reply streams it, and the folder goes with it; `outgoing` is emptied
/// at every start.
#[derive(Clone)]
pub struct FileOut {
    pub name: String,
    pub filter: String,
    pub ext: String,
    pub made: Arc<Made>,
}

/// The file on disk, and its folder to remove.
pub struct Made {
    pub dir: std::path::PathBuf,
    pub path: std::path::PathBuf,
}

impl Drop for Made {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What a command answered. `file_gone`: it made a file, which went to the first asker only.
#[derive(Clone)]
pub struct Answered {
    pub reply: Option<CallReply>,
    pub file: Option<FileOut>,
    pub file_gone: bool,
}

type Slot = Arc<watch::Sender<Option<Arc<Answered>>>>;

#[derive(Default)]
pub struct Replies {
    recent: Mutex<VecDeque<(String, Slot)>>,
}

/// A request number as desktops make them (anything else is not kept).
pub fn valid_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

impl Replies {
    /// Runs `work` once for this request number and answers it; the same number again gets
    /// the same answer (waiting for it while the first is under way).
    pub async fn once(
        &self,
        id: String,
        work: impl FnOnce() -> Answered + Send + 'static,
    ) -> Option<Arc<Answered>> {
        let (slot, fresh) = {
            let mut recent = self.recent.lock().unwrap_or_else(|p| p.into_inner());
            match recent.iter().find(|(k, _)| *k == id) {
                Some((_, slot)) => (slot.clone(), false),
                None => {
                    let slot: Slot = Arc::new(watch::channel(None).0);
                    recent.push_back((id, slot.clone()));
                    while recent.len() > KEPT {
                        recent.pop_front();
                    }
                    (slot, true)
                }
            }
        };
        if fresh {
            // The first asker gets the whole answer from the task itself; what is kept for a
            // request sent again holds no file (an export is not left on the server's disk
            // for a retry that may never come: it is answered `request.reply_gone`).
            let task = tokio::spawn(async move {
                let answered =
                    Arc::new(tokio::task::spawn_blocking(work).await.unwrap_or(Answered {
                        reply: None,
                        file: None,
                        file_gone: false,
                    }));
                let kept = match answered.file {
                    Some(_) => Arc::new(Answered {
                        reply: answered.reply.clone(),
                        file: None,
                        file_gone: true,
                    }),
                    None => answered.clone(),
                };
                slot.send_replace(Some(kept));
                answered
            });
            return task.await.ok();
        }
        let mut seen = slot.subscribe();
        let done = seen.wait_for(Option::is_some).await.ok()?;
        done.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn ok(n: usize) -> Answered {
        Answered {
            reply: Some(CallReply::Ok(serde_json::json!(n))),
            file: None,
            file_gone: false,
        }
    }

    #[tokio::test]
    async fn the_same_request_is_done_once_and_answered_alike() {
        let r = Replies::default();
        let runs = Arc::new(AtomicUsize::new(0));
        let id = "0123456789abcdef0123456789abcdef".to_string();
        for _ in 0..3 {
            let runs = runs.clone();
            let a = r
                .once(id.clone(), move || ok(runs.fetch_add(1, Ordering::SeqCst)))
                .await
                .unwrap();
            assert!(matches!(&a.reply, Some(CallReply::Ok(v)) if *v == 0));
        }
        assert_eq!(runs.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_file_goes_to_the_first_asker_only_and_then_from_disk() {
        let r = Replies::default();
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("made");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("x.csv"), b"1,2,3").unwrap();
        let made = Arc::new(Made {
            dir: dir.clone(),
            path: dir.join("x.csv"),
        });
        let with_file = move || Answered {
            reply: Some(CallReply::Ok(serde_json::Value::Null)),
            file: Some(FileOut {
                name: "x.csv".into(),
                filter: "CSV".into(),
                ext: "csv".into(),
                made,
            }),
            file_gone: false,
        };
        let a = "a".repeat(32);
        let first = r.once(a.clone(), with_file).await.unwrap();
        assert!(first.file.is_some() && dir.exists());
        drop(first);
        assert!(
            !dir.exists(),
            "gone from disk once its reply is done with it"
        );
        let again = r.once(a, || ok(9)).await.unwrap();
        assert!(again.file.is_none() && again.file_gone);
    }
}
