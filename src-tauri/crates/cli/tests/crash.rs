//! Crash safety, by force: the real `kluis` binary is killed with SIGKILL at random moments
//! while it imports, rotates the database key, writes a backup or restores one, at least 200
//! times (KLUIS_CRASH_KILLS for a longer run, KLUIS_CRASH_SEED to replay one). After every kill
//! the vault must open and pass `kluis verify`; every import the command reported as committed
//! must be there whole, a killed one wholly or not at all; no half-written backup may show.
mod common;

use kluis_core::testkit::{seed, user_for, OWN_PASSWORD};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const ROWS: usize = 150;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn cmd(dir: &Path, args: &[&str]) -> Command {
    let mut c = common::as_admin(dir, args);
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    cmd(dir, args).output().unwrap()
}

/// Runs the command and kills it with SIGKILL after `after`; true when it was killed before it
/// finished, false when it finished (successfully: anything else fails the test).
fn run_and_kill(dir: &Path, args: &[&str], after: Duration) -> bool {
    let mut child = cmd(dir, args).spawn().unwrap();
    let t0 = Instant::now();
    while t0.elapsed() < after {
        if let Some(status) = child.try_wait().unwrap() {
            let out = child.wait_with_output().unwrap();
            assert!(
                status.success(),
                "kluis {args:?} failed without a kill: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            return false;
        }
        std::thread::sleep(Duration::from_micros(300));
    }
    let killed = child.try_wait().unwrap().is_none();
    child.kill().ok();
    let status = child.wait().unwrap();
    if !killed {
        assert!(status.success(), "kluis {args:?} failed without a kill");
    }
    killed
}

fn verify_ok(dir: &Path, after: &str) {
    let out = run(dir, &["verify"]);
    assert!(
        out.status.success(),
        "after {after}: the vault must open and verify: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// How many people carry this tag.
fn tagged(dir: &Path, tag: &str) -> usize {
    let out = run(
        dir,
        &["contacts", "list", "--tag", tag, "--json", "--limit", "1"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["total"].as_u64().unwrap() as usize
}

fn batch_csv(files: &Path, tag: &str) -> PathBuf {
    let mut csv = String::from("Voornaam;Achternaam;E-mail;Plaats;Tags\r\n");
    for i in 0..ROWS {
        csv.push_str(&format!(
            "Crash{i};Proef{tag};{tag}.{i}@crash.test;Utrecht;{tag}\r\n"
        ));
    }
    let f = files.join(format!("{tag}.csv"));
    std::fs::write(&f, csv).unwrap();
    f
}

/// Users to remove (each removal rotates the database key), added with cheap key derivation.
fn spare_users(dir: &Path, n: usize) -> Vec<String> {
    let v = kluis_core::Vault::open(
        kluis_core::paths::VaultPaths::new(dir),
        std::sync::Arc::new(kluis_core::clock::SystemClock),
        kluis_core::KdfParams::fast_for_tests(),
    )
    .unwrap();
    let mut admin = v
        .sign_in(&user_for("administrator"), &OWN_PASSWORD.into())
        .unwrap();
    (0..n)
        .map(|i| {
            let name = format!("tijdelijk{i}");
            kluis_core::user_admin::add(
                &mut admin,
                &kluis_core::dto::NewUserRequest {
                    username: name.clone(),
                    display_name: format!("Tijdelijk {i}"),
                    roles: vec!["user".into()],
                    initial_password: "tijdelijk-wachtwoord-1234".into(),
                },
            )
            .unwrap();
            name
        })
        .collect()
}

fn timed(dir: &Path, args: &[&str]) -> Duration {
    let t = Instant::now();
    let out = run(dir, args);
    assert!(
        out.status.success(),
        "kluis {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    t.elapsed()
}

#[test]
fn killed_at_random_moments_the_vault_stays_whole() {
    let kills_wanted: usize = std::env::var("KLUIS_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200);
    let seed_value: u64 = std::env::var("KLUIS_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    println!("KLUIS_CRASH_SEED={seed_value}");
    let mut rng = Rng(seed_value);
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("vault");
    let files = work.path().join("files");
    let backups = work.path().join("backups");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::create_dir_all(&backups).unwrap();
    seed(&dir);
    let mut spare_users = spare_users(&dir, 60);
    let backups_arg = backups.display().to_string();

    // How long each kind of work takes unhurt, to spread the kills over it.
    let first = batch_csv(&files, "vooraf");
    let import_t = timed(&dir, &["contacts", "import", first.to_str().unwrap()]);
    let backup_t = timed(&dir, &["backup", "create", "--out", &backups_arg]);
    let rotate_t = timed(&dir, &["user", "remove", &spare_users.pop().unwrap()]);
    let mut committed: Vec<String> = vec!["vooraf".into()];
    let mut kills = 0;
    let mut round = 0;

    // Writes: imports, key rotations, backups.
    while kills < kills_wanted * 3 / 4 && round < kills_wanted * 4 {
        round += 1;
        let what = rng.below(3);
        let (args, span): (Vec<String>, Duration) = match what {
            0 => {
                let tag = format!("b{round}");
                let csv = batch_csv(&files, &tag);
                (
                    vec![
                        "contacts".into(),
                        "import".into(),
                        csv.display().to_string(),
                    ],
                    import_t,
                )
            }
            1 if !spare_users.is_empty() => (
                vec!["user".into(), "remove".into(), spare_users.pop().unwrap()],
                rotate_t,
            ),
            _ => (
                vec![
                    "backup".into(),
                    "create".into(),
                    "--out".into(),
                    backups_arg.clone(),
                ],
                backup_t,
            ),
        };
        let after = Duration::from_micros(rng.below(span.as_micros() as u64 * 6 / 5 + 1));
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let killed = run_and_kill(&dir, &argv, after);
        if killed {
            kills += 1;
        }
        verify_ok(&dir, &format!("round {round} ({argv:?})"));
        if what == 0 {
            let tag = format!("b{round}");
            let n = tagged(&dir, &tag);
            if killed {
                assert!(
                    n == 0 || n == ROWS,
                    "a killed import left {n} of {ROWS} rows"
                );
                if n == ROWS {
                    committed.push(tag);
                }
            } else {
                assert_eq!(n, ROWS, "a reported import is whole");
                committed.push(tag);
            }
        }
    }
    for tag in &committed {
        assert_eq!(tagged(&dir, tag), ROWS, "committed import {tag}");
    }
    // Every backup that shows in the folder opens and passes its checks.
    let listed = run(&dir, &["backup", "list", &backups_arg]);
    assert!(listed.status.success());
    let newest = run(&dir, &["backup", "verify", &backups_arg]);
    assert!(
        newest.status.success(),
        "{}",
        String::from_utf8_lossy(&newest.stderr)
    );

    // Restores: a batch imported after the newest backup is there while the restore has not
    // switched the files, and gone once it has; never half, and the vault always opens.
    let restore_t = timed(&dir, &["backup", "restore", &backups_arg]);
    while kills < kills_wanted && round < kills_wanted * 5 {
        round += 1;
        let tag = format!("r{round}");
        let csv = batch_csv(&files, &tag);
        timed(&dir, &["contacts", "import", csv.to_str().unwrap()]);
        let after = Duration::from_micros(rng.below(restore_t.as_micros() as u64 * 6 / 5 + 1));
        let killed = run_and_kill(&dir, &["backup", "restore", &backups_arg], after);
        if killed {
            kills += 1;
        }
        verify_ok(&dir, &format!("restore round {round}"));
        let n = tagged(&dir, &tag);
        if killed {
            assert!(
                n == 0 || n == ROWS,
                "a killed restore shows {n} of {ROWS} rows"
            );
        } else {
            assert_eq!(n, 0, "a finished restore brings back the backup's state");
        }
    }
    println!("{kills} kills in {round} rounds");
    assert!(kills >= kills_wanted, "only {kills} kills landed mid-work");
    // Nothing half-written shows: no stray files in the vault folder or the backup folder.
    let names = |d: &Path| -> Vec<String> {
        std::fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    };
    run(&dir, &["verify"]);
    assert!(
        !names(&dir)
            .iter()
            .any(|n| n.starts_with(".kluis-") || n.ends_with(".restoring") || n == "kluis.restore"),
        "{:?}",
        names(&dir)
    );
}
