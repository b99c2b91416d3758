//! The window's commands: every call goes through the command table (`kluis_api::dispatch`).
//! Tauri has checked the capability (one `allow-*` per table entry) before this runs; the core
//! checks the caller's rights inside the service.
use crate::link::{failed, failure_of, DesktopLink, Remote};
use kluis_api::{Call, Desk, Host, Later, Link};
use kluis_core::error::OfficeFailure;
use kluis_office::client::ClientError;
use serde_json::Value;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use tauri::ipc::{Invoke, InvokeBody, InvokeError, JavaScriptChannelId};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

/// The invoke handler: false for a name that is not in the table (Tauri answers it).
pub fn handle<R: Runtime>(invoke: Invoke<R>) -> bool {
    let name = invoke.message.command().to_string();
    if kluis_api::needs_of(&name).is_none() {
        return false;
    }
    let webview = invoke.message.webview();
    let (mut args, raw) = match invoke.message.payload() {
        InvokeBody::Json(v) => (v.clone(), None),
        InvokeBody::Raw(bytes) => (Value::Null, Some(bytes.clone())),
    };
    // A progress listener comes as a channel id among the arguments.
    let channel = args
        .as_object_mut()
        .and_then(|m| m.remove("onProgress"))
        .and_then(|v| {
            v.as_str()
                .and_then(|s| JavaScriptChannelId::from_str(s).ok())
        })
        .map(|id| id.channel_on::<R, Value>(webview.clone()));
    let app = webview.app_handle().clone();
    // Live refresh: the window's listener stays with the link, which follows the server.
    if name == "office_follow" {
        if let Some(c) = channel.clone() {
            app.state::<DesktopLink>().follow(Arc::new(move |v| {
                let _ = c.send(v);
            }));
        }
    }
    // Connected to the office's Kluis: the command goes there (the `local` ones stay here).
    let remote = (!kluis_api::is_local(&name))
        .then(|| app.state::<DesktopLink>().remote())
        .flatten();
    if let Some(remote) = remote {
        invoke.resolver.respond_async(async move {
            // A long job's progress comes on the event stream while the answer is awaited.
            let link = app.state::<DesktopLink>();
            if let Some(c) = channel {
                link.job_progress_to(Some(Arc::new(move |v| {
                    let _ = c.send(v);
                })));
            }
            let answer = forward(&app, &remote, &name, args, raw).await;
            link.job_progress_to(None);
            answer
        });
        return true;
    }
    invoke.resolver.respond_async(async move {
        let work = move || {
            let desk = app.state::<Desk>();
            let host = DesktopHost {
                app: app.clone(),
                link: app.state::<DesktopLink>(),
            };
            // A closed channel (the window went away) must not stop the work's own clean-up.
            let progress = |v: Value| {
                if let Some(c) = &channel {
                    let _ = c.send(v);
                }
            };
            let call = Call::new(&desk, &host, &progress, raw);
            kluis_api::dispatch(&call, &name, args)
                .unwrap_or_else(|| Err(kluis_core::CoreError::NotFound.to_api()))
        };
        match tauri::async_runtime::spawn_blocking(work).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(api_error)) => Err(InvokeError::from(api_error)),
            Err(_) => Err(InvokeError::from(
                kluis_core::CoreError::Internal("command").to_api(),
            )),
        }
    });
    true
}

/// Commands that change nothing on the server, so asking again after a broken connection or a
/// renewed window is safe.
const REPEATABLE: &[&str] = &["app_status", "session_info", "session_touch"];

/// A command for the office's Kluis. A window whose token the server no longer knows (it
/// restarted, or the person signed out elsewhere) gets a new one and is told its session
/// ended; the first screen's status is answered here when the server cannot answer it.
async fn forward<R: Runtime>(
    app: &AppHandle<R>,
    remote: &Remote,
    name: &str,
    args: Value,
    raw: Option<Vec<u8>>,
) -> Result<Value, InvokeError> {
    if remote.conn.current_token().is_none() {
        let _ = remote.conn.hello().await;
    }
    let call = || async {
        if REPEATABLE.contains(&name) {
            return remote.conn.call_with_file(name, args.clone()).await;
        }
        // Done at most once: a request whose connection broke is sent again with the same
        // number, and the server answers it rather than saving twice (`call_once`).
        remote.conn.call_once(name, args.clone(), raw.clone()).await
    };
    let mut answer = call().await;
    // A broken connection is asked again here only for what changes nothing; everything else
    // was sent again by `call_once`, and if it still has no answer the window says that
    // whether it was done is not known.
    if matches!(answer, Err(ClientError::ConnectionLost)) && REPEATABLE.contains(&name) {
        answer = call().await;
    }
    if let Err(e) = &answer {
        if failure_of(e) == OfficeFailure::SessionEnded
            && remote.conn.hello().await.is_ok()
            && REPEATABLE.contains(&name)
        {
            answer = call().await;
        }
    }
    // A file the command made on the server (an export) is saved where the person chooses, in
    // this computer's own save dialog; closing it saves nothing, as on a vault of this computer.
    let answer = match answer {
        Ok((Ok(mut v), Some(file))) => match save_here(app, file).await {
            // The answer names the file as the person saved it here.
            Ok(Some(saved)) => {
                if let Some(name) = v.get_mut("fileName") {
                    *name = Value::String(saved);
                }
                Ok(Ok(v))
            }
            Ok(None) => Ok(Ok(Value::Null)),
            Err(e) => return Err(InvokeError::from(e)),
        },
        Ok((a, _)) => Ok(a),
        Err(e) => Err(e),
    };
    match answer {
        // The server's own folder is none of this window's business: it shows the address.
        Ok(Ok(mut v)) if name == "app_status" => {
            v["dataDir"] = Value::String(remote.address());
            Ok(v)
        }
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(InvokeError::from(e)),
        Err(e) if name == "app_status" => Ok(serde_json::to_value(kluis_core::dto::AppStatus {
            vault_exists: true,
            session: None,
            data_dir: remote.address(),
            vault_problem: Some(failed(failure_of(&e)).code),
        })
        .unwrap_or_default()),
        Err(e) => Err(InvokeError::from(failed(failure_of(&e)))),
    }
}

/// Asks where to save a file made on the server and writes it there; its name as saved, or
/// None when the dialog was closed.
async fn save_here<R: Runtime>(
    app: &AppHandle<R>,
    file: kluis_office::client::MadeFile,
) -> Result<Option<String>, kluis_core::ApiError> {
    let app = app.clone();
    let saved = tauri::async_runtime::spawn_blocking(move || {
        // A place given when the app was started (the end-to-end tests) before the dialog.
        let fixed = app.state::<Desk>().fixed_save_target();
        let chosen = fixed.or_else(|| {
            app.dialog()
                .file()
                .add_filter(&file.filter, &[file.ext.as_str()])
                .set_file_name(&file.name)
                .blocking_save_file()
                .and_then(|p| p.into_path().ok())
        });
        let Some(path) = chosen else {
            return Ok(None);
        };
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| file.name.clone());
        file.save_as(&path).map(|()| Some(name))
    })
    .await;
    match saved {
        Ok(Ok(done)) => Ok(done),
        Ok(Err(e)) => Err(kluis_core::CoreError::from(e).to_api()),
        Err(_) => Err(kluis_core::CoreError::Internal("save").to_api()),
    }
}

/// Native dialogs, asked from here so the window never names a path.
struct DesktopHost<'a, R: Runtime> {
    app: AppHandle<R>,
    link: tauri::State<'a, DesktopLink>,
}

impl<R: Runtime> Host for DesktopHost<'_, R> {
    fn save_file(&self, filter: &str, ext: &str, file_name: &str) -> Option<PathBuf> {
        self.app
            .dialog()
            .file()
            .add_filter(filter, &[ext])
            .set_file_name(file_name)
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())
    }

    fn pick_folder(&self) -> Option<PathBuf> {
        self.app
            .dialog()
            .file()
            .blocking_pick_folder()
            .and_then(|p| p.into_path().ok())
    }

    fn pick_file(&self, filter: &str, ext: &str) -> Option<PathBuf> {
        self.app
            .dialog()
            .file()
            .add_filter(filter, &[ext])
            .blocking_pick_file()
            .and_then(|p| p.into_path().ok())
    }

    fn after_reply(&self, work: Later) {
        let app = self.app.clone();
        std::thread::spawn(move || work(&app.state::<Desk>()));
    }

    fn link(&self) -> Option<&dyn Link> {
        Some(self.link.inner())
    }
}
