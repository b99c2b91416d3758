//! `kluis call`: one command of the command table, run as the app runs it (on the vault here
//! through the same table and desk, or on the office's Kluis with --server), and `kluis
//! commands`: the table itself. Rights are the core's on both paths.
use crate::args::CallArgs;
use crate::office::Remote;
use crate::{secrets, Failure};
use kluis_api::{Call, Desk, Host, Later, Needs};
use kluis_core::paths::VaultPaths;
use kluis_core::KdfParams;
use serde_json::{json, Value};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The dialogs of the app, answered by the command line's options.
struct CliHost {
    out: Option<PathBuf>,
    file: Option<PathBuf>,
    folder: Option<PathBuf>,
}

impl Host for CliHost {
    fn save_file(&self, _filter: &str, _ext: &str, _name: &str) -> Option<PathBuf> {
        self.out.clone()
    }
    fn pick_folder(&self) -> Option<PathBuf> {
        self.folder.clone()
    }
    fn pick_file(&self, _filter: &str, _ext: &str) -> Option<PathBuf> {
        self.file.clone()
    }
    /// Work the app leaves for after a reply (the day's retention and backup at sign-in) is
    /// `kluis daily`'s here: a script's call should not wait for a backup.
    fn after_reply(&self, _work: Later) {}
}

fn parse_args(text: Option<&str>) -> Result<Value, Failure> {
    let text = match text {
        None => return Ok(Value::Null),
        Some("-") => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|_| Failure::Usage("the arguments could not be read".into()))?;
            s
        }
        Some(t) => t.to_string(),
    };
    let v: Value = serde_json::from_str(&text).map_err(|_| {
        Failure::Usage("the arguments are not JSON (an object, e.g. '{\"limit\": 5}')".into())
    })?;
    if !(v.is_object() || v.is_null()) {
        return Err(Failure::Usage("the arguments are a JSON object".into()));
    }
    Ok(v)
}

fn needs(name: &str) -> Result<Needs, Failure> {
    kluis_api::needs_of(name).ok_or_else(|| {
        Failure::Usage(format!(
            "there is no command {name:?}: `kluis commands` lists them"
        ))
    })
}

fn file_body(name: &str, a: &CallArgs) -> Result<Option<Vec<u8>>, Failure> {
    if !kluis_api::takes_file(name) {
        return Ok(None);
    }
    let path = a
        .file
        .as_ref()
        .ok_or_else(|| Failure::Usage(format!("{name} takes a file: give it with --file")))?;
    std::fs::read(path)
        .map(Some)
        .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))
}

fn print(v: &Value) {
    println!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

/// Who signs in, and their password (KLUIS_PASSWORD or a prompt).
pub(super) fn credentials(user: Option<&str>) -> Result<(&str, kluis_core::Password), Failure> {
    let user = user
        .ok_or_else(|| Failure::Usage("say who you are with --user USER (or KLUIS_USER)".into()))?;
    let pw = secrets::read("KLUIS_PASSWORD", &format!("Password for {user}: "))?;
    Ok((user, pw))
}

/// What both ways of calling check first: the command exists and is not the app's own, its
/// arguments are JSON, and the file it takes is read.
fn prepare(a: &CallArgs) -> Result<(Needs, Value, Option<Vec<u8>>), Failure> {
    let needs = needs(&a.command)?;
    if kluis_api::is_local(&a.command) {
        return Err(Failure::Usage(format!(
            "{} is the app's own; on the command line use `kluis connect` / `kluis disconnect`",
            a.command
        )));
    }
    Ok((
        needs,
        parse_args(a.args.as_deref())?,
        file_body(&a.command, a)?,
    ))
}

/// On the vault of this computer, through the same table and desk as the app.
pub fn local(data_dir: Option<&Path>, user: Option<&str>, a: CallArgs) -> Result<(), Failure> {
    let (needs, args, raw) = prepare(&a)?;
    let desk = Desk::open(VaultPaths::resolve(data_dir), KdfParams::recommended());
    let host = CliHost {
        out: a.out.clone(),
        file: a.file.clone(),
        folder: a.folder.clone(),
    };
    let quiet = |_: Value| {};
    let run = |name: &str, args: Value, raw: Option<Vec<u8>>| {
        let call = Call::new(&desk, &host, &quiet, raw);
        kluis_api::dispatch(&call, name, args)
            .unwrap_or_else(|| Err(kluis_core::CoreError::NotFound.to_api()))
            .map_err(Failure::Api)
    };
    if needs != Needs::Nothing {
        let (user, pw) = credentials(user)?;
        run(
            "sign_in",
            json!({ "username": user, "password": pw.expose() }),
            None,
        )?;
    }
    let out = run(&a.command, args, raw);
    if needs != Needs::Nothing {
        let _ = run("sign_out", Value::Null, None);
    }
    print(&out?);
    Ok(())
}

/// On the office's Kluis, as one more window of this computer's device.
pub fn remote(data_dir: Option<&Path>, user: Option<&str>, a: CallArgs) -> Result<(), Failure> {
    let (needs, args, raw) = prepare(&a)?;
    let paths = VaultPaths::resolve(data_dir);
    let remote = Remote::open(&paths.dir)?;
    if needs != Needs::Nothing {
        let (user, pw) = credentials(user)?;
        remote.sign_in(user, pw.expose())?;
    }
    let out = remote.call(&a.command, args, raw);
    if needs != Needs::Nothing {
        remote.sign_out();
    }
    let (mut v, made) = out?;
    // Files travel, paths do not: a file made on the server is saved here, where --out says.
    if let Some(file) = made {
        match &a.out {
            Some(path) => {
                file.save_as(path)
                    .map_err(|e| Failure::Usage(format!("{}: {e}", path.display())))?;
                if let Some(name) = v.get_mut("fileName") {
                    *name = Value::String(path.display().to_string());
                }
            }
            // As a closed save dialog: nothing is kept.
            None => v = Value::Null,
        }
    }
    print(&v);
    Ok(())
}

/// `kluis commands`: the command table, one line each (`--json` for scripts is the table's
/// generated command-table.json in the repository).
pub fn list() -> Result<(), Failure> {
    let mut names: Vec<&str> = kluis_api::names()
        .filter(|n| !kluis_api::is_local(n))
        .collect();
    names.sort_unstable();
    for n in names {
        let needs = kluis_api::needs_of(n)
            .map(|x| x.describe())
            .unwrap_or(Value::Null);
        let needs = match &needs {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let file = if kluis_api::takes_file(n) {
            "  (--file)"
        } else {
            ""
        };
        println!("{n:<34} {needs}{file}");
    }
    Ok(())
}
