//! The two HTTPS ports. The main one answers enrolled devices only (the handshake already
//! refused the others; a device revoked while its connection is open is refused here, at its
//! next request, and the connection closed): the server's state, a window's hello, unlocking,
//! and every command of the command table. The enrolment port answers one request: a signing
//! request with a one-time code.
//!
//! A command runs on a blocking thread (SQLCipher and key derivation block); a refusal of the
//! server's own is a status and a stable code, never text with data in it.
use crate::office::{Office, Refusal, ServerHost};
use crate::replay::{self, Answered, FileOut, Made};
use axum::body::{to_bytes, Body};
use axum::extract::{ConnectInfo, Extension, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use axum_server::tls::TlsInfo;
use axum_server::ConnectionShutdown;
use kluis_api::Call;
use kluis_office::wire::{self, CallReply, EnrolRequest, ServerState};
use kluis_office::Fingerprint;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The device a request came from (set by the gate).
#[derive(Debug, Clone, Copy)]
pub struct DeviceId(pub i64);

/// How often a quiet event stream checks that its session and device still hold.
const STREAM_CHECK: Duration = Duration::from_secs(5);

/// Commands that derive a key from a password: at most a few at once, so a rush of sign-ins
/// cannot exhaust the server's memory (each takes 64 MiB for a moment).
const KEY_DERIVING: &[&str] = &["sign_in", "recover", "vault_create", "change_password"];

#[derive(Clone)]
pub struct Shared {
    pub office: Arc<Office>,
    pub key_derivations: Arc<Semaphore>,
}

fn refuse(status: StatusCode, r: Refusal) -> Response {
    (status, Json(wire::Refusal { code: r.code() })).into_response()
}

fn status_of(r: Refusal) -> StatusCode {
    match r {
        Refusal::Sealed | Refusal::Busy => StatusCode::SERVICE_UNAVAILABLE,
        Refusal::DeviceRevoked | Refusal::CodeInvalid => StatusCode::FORBIDDEN,
        Refusal::SessionMissing | Refusal::SessionEnded | Refusal::SessionForeign => {
            StatusCode::UNAUTHORIZED
        }
        Refusal::UnknownCommand => StatusCode::NOT_FOUND,
        Refusal::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        Refusal::Malformed | Refusal::EnrolRequestInvalid => StatusCode::BAD_REQUEST,
        Refusal::TooManyCodes => StatusCode::TOO_MANY_REQUESTS,
        Refusal::Failed => StatusCode::INTERNAL_SERVER_ERROR,
        Refusal::ReplyGone => StatusCode::GONE,
    }
}

fn refused(r: Refusal) -> Response {
    refuse(status_of(r), r)
}

pub fn main_router(shared: Shared) -> Router {
    Router::new()
        .route(wire::STATE, get(state))
        .route(wire::HELLO, post(hello))
        .route(wire::UNLOCK, post(unlock))
        .route(wire::EVENTS, get(events))
        .route(&format!("{}{{name}}", wire::CALL), post(call))
        .fallback(|| async { refused(Refusal::UnknownCommand) })
        .layer(middleware::from_fn_with_state(shared.clone(), device_gate))
        .with_state(shared)
}

pub fn enrol_router(shared: Shared) -> Router {
    Router::new()
        .route(wire::ENROL, post(enrol))
        .fallback(|| async { refused(Refusal::UnknownCommand) })
        .with_state(shared)
}

/// Every request on the main port: the certificate must still be on the allow-list.
async fn device_gate(
    State(shared): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    mut req: Request,
    next: Next,
) -> Response {
    let device = req
        .extensions()
        .get::<Arc<TlsInfo>>()
        .and_then(|t| t.peer_certificates.first().map(|d| Fingerprint::of_der(d)))
        .and_then(|fp| shared.office.devices.allowed(&fp));
    let Some(id) = device else {
        if let Some(c) = req.extensions().get::<ConnectionShutdown>() {
            c.graceful_shutdown();
        }
        return refused(Refusal::DeviceRevoked);
    };
    shared
        .office
        .devices
        .seen(id, &peer.ip().to_string(), &shared.office.now_stamp());
    req.extensions_mut().insert(DeviceId(id));
    next.run(req).await
}

async fn state(State(shared): State<Shared>) -> Json<ServerState> {
    Json(ServerState {
        sealed: shared.office.sealed(),
        version: env!("CARGO_PKG_VERSION").to_string(),
    })
}

async fn hello(
    State(shared): State<Shared>,
    Extension(DeviceId(device)): Extension<DeviceId>,
) -> Response {
    let token = shared.office.hello(device);
    let mut resp = Json(serde_json::json!({})).into_response();
    if let Ok(v) = HeaderValue::from_str(&token) {
        resp.headers_mut().insert(wire::SESSION_HEADER, v);
    }
    resp
}

async fn read_body(headers: &HeaderMap, body: Body, limit: usize) -> Result<Vec<u8>, Refusal> {
    let declared = headers
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(Refusal::TooLarge);
    }
    to_bytes(body, limit)
        .await
        .map(|b| b.to_vec())
        .map_err(|_| Refusal::TooLarge)
}

fn json_args(bytes: &[u8]) -> Result<serde_json::Value, Refusal> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(serde_json::Value::Null);
    }
    serde_json::from_slice(bytes).map_err(|_| Refusal::Malformed)
}

async fn unlock(State(shared): State<Shared>, headers: HeaderMap, body: Body) -> Response {
    #[derive(serde::Deserialize)]
    struct Unlock {
        username: String,
        password: String,
    }
    let bytes = match read_body(&headers, body, 16 * 1024).await {
        Ok(b) => b,
        Err(r) => return refused(r),
    };
    let Ok(req) = serde_json::from_slice::<Unlock>(&bytes) else {
        return refused(Refusal::Malformed);
    };
    let Ok(_permit) = shared.key_derivations.clone().acquire_owned().await else {
        return refused(Refusal::Busy);
    };
    let office = shared.office.clone();
    let out =
        tokio::task::spawn_blocking(move || office.unlock(&req.username, &req.password)).await;
    match out {
        Ok(Ok(())) => Json(CallReply::Ok(serde_json::Value::Null)).into_response(),
        Ok(Err(e)) => {
            Json(CallReply::Err(serde_json::to_value(e).unwrap_or_default())).into_response()
        }
        Err(_) => refused(Refusal::Failed),
    }
}

async fn call(
    State(shared): State<Shared>,
    Extension(DeviceId(device)): Extension<DeviceId>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if kluis_api::needs_of(&name).is_none() {
        return refused(Refusal::UnknownCommand);
    }
    if shared.office.sealed() {
        return refused(Refusal::Sealed);
    }
    let Some(token) = headers
        .get(wire::SESSION_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
    else {
        return refused(Refusal::SessionMissing);
    };
    let window = match shared.office.window(&token, device) {
        Ok(w) => w,
        Err(r) => return refused(r),
    };
    let takes_file = kluis_api::takes_file(&name);
    let limit = if takes_file {
        wire::MAX_BODY
    } else {
        wire::MAX_ARGS
    };
    let bytes = match read_body(&headers, body, limit).await {
        Ok(b) => b,
        Err(r) => return refused(r),
    };
    let (args, raw) = if takes_file {
        let args = headers
            .get(wire::ARGS_HEADER)
            .map(|v| json_args(v.as_bytes()))
            .unwrap_or(Ok(serde_json::Value::Null));
        match args {
            Ok(a) => (a, Some(bytes)),
            Err(r) => return refused(r),
        }
    } else {
        match json_args(&bytes) {
            Ok(a) => (a, None),
            Err(r) => return refused(r),
        }
    };
    // A progress listener is the window's own (the desktop shell keeps it); the command's
    // arguments do not include it.
    let mut args = args;
    if let Some(m) = args.as_object_mut() {
        m.remove("onProgress");
    }
    let _permit = if KEY_DERIVING.contains(&name.as_str()) {
        match tokio::time::timeout(
            Duration::from_secs(30),
            shared.key_derivations.clone().acquire_owned(),
        )
        .await
        {
            Ok(Ok(p)) => Some(p),
            _ => return refused(Refusal::Busy),
        }
    } else {
        None
    };
    // The desktop's number for this request: sent again after a broken connection, it gets
    // the first answer instead of a second save (see `replay`).
    let request = headers
        .get(wire::REQUEST_HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| replay::valid_id(v))
        .map(str::to_string);
    let (w, office) = (window.clone(), shared.office.clone());
    let work = move || {
        let host = ServerHost {
            window: w.clone(),
            office,
            made: std::sync::Mutex::new(None),
        };
        // A long job's progress goes to this window's own event stream.
        let progress = |v: serde_json::Value| {
            w.progress.send_replace(Some(v));
        };
        let call = Call::new(&w.desk, &host, &progress, raw);
        let answer = kluis_api::dispatch(&call, &name, args);
        // A file the command made goes back with the reply; nothing of it stays on disk here.
        let made = host.made.lock().unwrap_or_else(|p| p.into_inner()).take();
        let file = made.and_then(|m| {
            let held = Arc::new(Made {
                dir: m.dir,
                path: m.path,
            });
            held.path.is_file().then(|| FileOut {
                name: m.name,
                filter: m.filter,
                ext: m.ext,
                made: held,
            })
        });
        Answered {
            reply: answer.map(|a| match a {
                Ok(v) => CallReply::Ok(v),
                Err(e) => CallReply::Err(serde_json::to_value(e).unwrap_or_default()),
            }),
            file,
            file_gone: false,
        }
    };
    let answered = match request {
        Some(id) => match window.replies.once(id, work).await {
            Some(a) => a,
            None => return refused(Refusal::Failed),
        },
        None => match tokio::task::spawn_blocking(work).await {
            Ok(a) => Arc::new(a),
            Err(_) => return refused(Refusal::Failed),
        },
    };
    if answered.file_gone {
        return refused(Refusal::ReplyGone);
    }
    let Some(reply) = answered.reply.clone() else {
        return refused(Refusal::UnknownCommand);
    };
    let mut resp = match &answered.file {
        None => Json(reply).into_response(),
        Some(f) => with_file(reply, f).await,
    };
    if let Some(fresh) = shared.office.renew(&token, &window) {
        if let Ok(v) = HeaderValue::from_str(&fresh) {
            resp.headers_mut().insert(wire::SESSION_HEADER, v);
        }
    }
    resp
}

/// A reply carrying the file the command made: the JSON (`wire::FileReply`), then the file,
/// streamed from disk (an export of a large vault is never held in memory here).
async fn with_file(reply: CallReply, f: &FileOut) -> Response {
    use futures_util::StreamExt;
    use tokio::io::AsyncReadExt;
    let head = serde_json::to_vec(&wire::FileReply {
        reply,
        name: f.name.clone(),
        filter: f.filter.clone(),
        ext: f.ext.clone(),
    })
    .unwrap_or_default();
    let Ok(file) = tokio::fs::File::open(&f.made.path).await else {
        return refused(Refusal::Failed);
    };
    let len = file.metadata().await.map(|m| m.len()).ok();
    let head_len = head.len();
    let first =
        futures_util::stream::once(
            async move { Ok::<axum::body::Bytes, std::io::Error>(head.into()) },
        );
    // The file's folder stays while the stream holds it.
    let rest = futures_util::stream::unfold(Some((file, f.made.clone())), |state| async move {
        let (mut file, made) = state?;
        let mut buf = vec![0u8; 256 * 1024];
        match file.read(&mut buf).await {
            Ok(0) => None,
            Ok(n) => {
                buf.truncate(n);
                Some((Ok(buf.into()), Some((file, made))))
            }
            Err(e) => Some((Err(e), None)),
        }
    });
    let mut resp = (
        [(axum::http::header::CONTENT_TYPE, "application/octet-stream")],
        Body::from_stream(first.chain(rest)),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&head_len.to_string()) {
        resp.headers_mut().insert(wire::REPLY_LENGTH_HEADER, v);
    }
    if let Some(v) =
        len.and_then(|l| HeaderValue::from_str(&(l + head_len as u64).to_string()).ok())
    {
        resp.headers_mut()
            .insert(axum::http::header::CONTENT_LENGTH, v);
    }
    resp
}

/// The window's change events (server-sent): `{topic, entity, id, change}` for what its session
/// may see, never a value. The stream ends when the session ends or changes, or the device is
/// revoked; the desktop then opens it again with its new token. A stream that fell too far
/// behind is told to reload everything (`reload`).
async fn events(
    State(shared): State<Shared>,
    Extension(DeviceId(device)): Extension<DeviceId>,
    headers: HeaderMap,
) -> Response {
    use axum::response::sse::{Event, KeepAlive, Sse};
    use tokio::sync::broadcast::error::RecvError;
    if shared.office.sealed() {
        return refused(Refusal::Sealed);
    }
    let Some(token) = headers
        .get(wire::SESSION_HEADER)
        .and_then(|v| v.to_str().ok())
    else {
        return refused(Refusal::SessionMissing);
    };
    // The window's session is looked at on a blocking thread: a long command of that window
    // holds it, and a runtime thread must not wait for that.
    let (office, token) = (shared.office.clone(), token.to_string());
    let opened = tokio::task::spawn_blocking(move || {
        let window = office.window(&token, device)?;
        let epoch = window.desk.session_epoch();
        if !window.desk.signed_in() {
            return Err(Refusal::SessionEnded);
        }
        Ok((window, epoch))
    })
    .await;
    let (window, epoch) = match opened {
        Ok(Ok(w)) => w,
        Ok(Err(r)) => return refused(r),
        Err(_) => return refused(Refusal::Failed),
    };
    // First an "open" event: a desktop that reconnects after a gap reloads what it shows, as
    // changes made meanwhile were not streamed to it.
    let first = Event::default().data(r#"{"change":"open"}"#);
    let jobs = window.progress.subscribe();
    let start = (
        (shared.office.changes(), jobs),
        shared.office.clone(),
        window,
        Some(first),
    );
    let stream = futures_util::stream::unfold(
        start,
        move |((mut rx, mut jobs), office, window, first)| async move {
            if let Some(ev) = first {
                return Some((
                    Ok::<_, std::convert::Infallible>(ev),
                    ((rx, jobs), office, window, None),
                ));
            }
            loop {
                // A quiet stream is looked at every few seconds too: it ends soon after the session
                // or the device does, not at the next change.
                let change = tokio::select! {
                    // This window's own job: its progress (no one else's stream hears it).
                    moved = jobs.changed() => {
                        let now = jobs.borrow_and_update().clone();
                        match (moved, now) {
                            (Ok(()), Some(p)) => {
                                let ev = Event::default()
                                    .json_data(serde_json::json!({ "topic": "job", "change": "progress", "progress": p }))
                                    .ok()?;
                                return Some((Ok(ev), ((rx, jobs), office, window, None)));
                            }
                            (Ok(()), None) => continue,
                            (Err(_), _) => return None,
                        }
                    }
                    got = rx.recv() => match got {
                        Ok(c) => Some(c),
                        Err(RecvError::Lagged(_)) => {
                            let ev = Event::default().data(r#"{"change":"reload"}"#);
                            return Some((Ok(ev), ((rx, jobs), office, window, None)));
                        }
                        Err(RecvError::Closed) => return None,
                    },
                    _ = tokio::time::sleep(STREAM_CHECK) => None,
                };
                let (o, w, c) = (office.clone(), window.clone(), change.clone());
                let told = tokio::task::spawn_blocking(move || match &c {
                    Some(c) => o.tell(&w, epoch, c),
                    None => o.tell_nothing(&w, epoch),
                })
                .await;
                match (told, change) {
                    (Ok(Some(true)), Some(change)) => {
                        let ev = Event::default().json_data(&*change).ok()?;
                        return Some((Ok(ev), ((rx, jobs), office, window, None)));
                    }
                    (Ok(Some(_)), _) => continue,
                    _ => return None,
                }
            }
        },
    );
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

async fn enrol(
    State(shared): State<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let bytes = match read_body(&headers, body, 16 * 1024).await {
        Ok(b) => b,
        Err(r) => return refused(r),
    };
    let Ok(req) = serde_json::from_slice::<EnrolRequest>(&bytes) else {
        return refused(Refusal::Malformed);
    };
    let office = shared.office.clone();
    match tokio::task::spawn_blocking(move || office.enrol(&req, peer.ip())).await {
        Ok(Ok(reply)) => Json(reply).into_response(),
        Ok(Err(r)) => refused(r),
        Err(_) => refused(Refusal::Failed),
    }
}
