//! The window's commands: every call goes through the command table (`kluis_api::dispatch`).
//! Tauri has checked the capability (one `allow-*` per table entry) before this runs; the core
//! checks the caller's rights inside the service.
use kluis_api::{Call, Desk, Host, Later};
use serde_json::Value;
use std::path::PathBuf;
use std::str::FromStr;
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
    invoke.resolver.respond_async(async move {
        let work = move || {
            let desk = app.state::<Desk>();
            let host = DesktopHost { app: app.clone() };
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

/// Native dialogs, asked from here so the window never names a path.
struct DesktopHost<R: Runtime> {
    app: AppHandle<R>,
}

impl<R: Runtime> Host for DesktopHost<R> {
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
}
