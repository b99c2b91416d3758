//! An office server (`kluis-server`) for the scenarios: a fresh data folder, started on
//! 127.0.0.1, unlocked by its administrator `anna`, and enrolment codes from its command line.
use crate::cli::ADMIN_PW;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `KLUIS_SERVER_BIN`, or the workspace's debug build.
pub fn server_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("KLUIS_SERVER_BIN") {
        return PathBuf::from(p);
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug/kluis-server");
    assert!(
        p.exists(),
        "the kluis-server binary {} is missing: build it first (cargo build -p kluis-server)",
        p.display()
    );
    p
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub struct OfficeServer {
    pub dir: tempfile::TempDir,
    pub main_port: u16,
    pub enrol_port: u16,
    /// Printed once by `init`; anna types it back at her first sign-in.
    pub recovery_key: String,
    child: Option<Child>,
}

/// What an administrator hands the person at a new desktop.
pub struct Code {
    pub code: String,
    pub fingerprint: String,
}

impl OfficeServer {
    fn cmd(&self, args: &[&str]) -> String {
        let out = Command::new(server_binary())
            .args(args)
            .arg("--data-dir")
            .arg(self.data())
            .env("KLUIS_PASSWORD", ADMIN_PW)
            .stdin(Stdio::null())
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "kluis-server {args:?}: {text}");
        text
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("server")
    }

    /// A new server for "Bakkerij Jansen", running and unlocked.
    pub fn start() -> OfficeServer {
        Self::start_over(None)
    }

    /// A server that adopts the vault a scenario prepared in `vault_dir` (with the `kluis`
    /// command line, as for a desktop), running and unlocked by its administrator `anna`: the
    /// vault's files move into the server's folder, so the desktop has none of its own.
    pub fn adopt(vault_dir: &Path) -> OfficeServer {
        Self::start_over(Some(vault_dir))
    }

    fn start_over(vault_dir: Option<&Path>) -> OfficeServer {
        let mut s = OfficeServer {
            dir: tempfile::tempdir().unwrap(),
            main_port: free_port(),
            enrol_port: free_port(),
            recovery_key: String::new(),
            child: None,
        };
        let (main, enrol) = (
            format!("127.0.0.1:{}", s.main_port),
            format!("127.0.0.1:{}", s.enrol_port),
        );
        if let Some(from) = vault_dir {
            let to = s.data().join("vault");
            std::fs::create_dir_all(&to).unwrap();
            for entry in std::fs::read_dir(from).unwrap() {
                let entry = entry.unwrap();
                // What the desktop saves stays with it; the backups the scenario made in its
                // folder for automatic backups go to the server's, as an office would move them.
                if entry.file_name() == "saved" {
                    let backups = entry.path().join("backups");
                    if backups.is_dir() {
                        let host = s.data().join("backups");
                        std::fs::create_dir_all(&host).unwrap();
                        for b in std::fs::read_dir(&backups).unwrap() {
                            let b = b.unwrap();
                            std::fs::rename(b.path(), host.join(b.file_name())).unwrap();
                        }
                    }
                    continue;
                }
                std::fs::rename(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
        let init = s.cmd(&[
            "init",
            "--org",
            "Bakkerij Jansen",
            "--admin",
            "anna",
            "--listen",
            &main,
            "--enrol-listen",
            &enrol,
        ]);
        // An adopted vault's recovery key was printed when the scenario made it.
        s.recovery_key = init
            .split_whitespace()
            .find(|w| w.len() == 65 && w.matches('-').count() == 10)
            .map(str::to_string)
            .unwrap_or_default();
        s.run();
        if vault_dir.is_some() {
            s.unlock();
        }
        s
    }

    /// Starts the server process (sealed) and unlocks it as anna.
    pub fn run(&mut self) {
        let log = std::fs::File::create(self.dir.path().join("server.log")).unwrap();
        let child = Command::new(server_binary())
            .args(["run", "--data-dir"])
            .arg(self.data())
            // A debug server holds jobs while this file exists (see `hold_jobs`).
            .env("KLUIS_E2E_HOLD_JOBS", self.hold_file())
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        self.child = Some(child);
        let t0 = Instant::now();
        while !self.data().join("control.sock").exists() {
            assert!(
                t0.elapsed() < Duration::from_secs(30),
                "the server did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        std::thread::sleep(Duration::from_millis(100));
    }

    pub fn unlock(&self) {
        self.cmd(&["unlock", "--admin", "anna"]);
    }

    /// Stops the server as a crash or power cut would (SIGKILL).
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// A one-time enrolment code, as `kluis-server enrol` prints it.
    pub fn code(&self) -> Code {
        let out = self.cmd(&["enrol", "--admin", "anna", "--json"]);
        let v: serde_json::Value =
            serde_json::from_str(out.lines().find(|l| l.starts_with('{')).unwrap()).unwrap();
        Code {
            code: v["code"].as_str().unwrap().to_string(),
            fingerprint: v["fingerprint"].as_str().unwrap().to_string(),
        }
    }

    fn hold_file(&self) -> PathBuf {
        self.dir.path().join("hold-jobs")
    }

    /// Holds the server's jobs at their first measurable step (true) or lets them go.
    pub fn hold_jobs(&self, hold: bool) {
        if hold {
            std::fs::write(self.hold_file(), b"").unwrap();
        } else {
            let _ = std::fs::remove_file(self.hold_file());
        }
    }

    /// The host's backup folder (the config's `backups`).
    pub fn backups(&self) -> Vec<std::ffi::OsString> {
        let mut v: Vec<_> = std::fs::read_dir(self.data().join("backups"))
            .map(|d| d.map(|e| e.unwrap().file_name()).collect())
            .unwrap_or_default();
        v.sort();
        v
    }

    pub fn enrol_address(&self) -> String {
        format!("127.0.0.1:{}", self.enrol_port)
    }
}

impl Drop for OfficeServer {
    fn drop(&mut self) {
        self.kill();
    }
}
