//! The HTTPS client towards the office server: enrolling a desktop, and then calling the
//! command table as one window (its session token held in memory only, never on disk).
use crate::pki::{device_request, fingerprint_of_pem, SERVER_NAME};
use crate::tls::{client_config, enrol_client_config};
use crate::wire::{self, EnrolReply, EnrolRequest, Refusal, ServerState};
use crate::{Fingerprint, OfficeError};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use zeroize::Zeroizing;

/// Why a request got no answer from the core. The codes are stable (the desktop translates
/// them); nothing here carries a server message or data.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// No connection: the server is down, the address is wrong, or the network is gone.
    #[error("the office server cannot be reached")]
    Unreachable,
    /// The TLS handshake failed: our certificate was refused (revoked, or from another
    /// office), or the server is not the one we enrolled with.
    #[error("the office server refused this computer's certificate")]
    Handshake,
    /// The server answered with a refusal of its own (`server.sealed`, `device.revoked`,
    /// `session.ended`, `command.unknown`, `request.too_large`, `enrol.code_invalid`, ...).
    #[error("refused by the office server: {0}")]
    Refused(String),
    /// The answer could not be read (a server of another version).
    #[error("the office server's answer could not be read")]
    BadAnswer,
    /// The connection broke while the request was under way (the server restarted, the
    /// network dropped): whether the server acted on it is not known.
    #[error("the connection to the office server broke")]
    ConnectionLost,
    #[error(transparent)]
    Setup(#[from] OfficeError),
}

impl ClientError {
    /// The code shown to the person (the `Refused` code, or the kind of failure).
    pub fn code(&self) -> String {
        match self {
            ClientError::Unreachable => "server.unreachable".into(),
            ClientError::Handshake => "server.handshake".into(),
            ClientError::Refused(c) => c.clone(),
            ClientError::BadAnswer => "server.bad_answer".into(),
            ClientError::ConnectionLost => "server.connection_lost".into(),
            ClientError::Setup(_) => "server.setup".into(),
        }
    }
}

/// Whether a rustls error is somewhere in an error's chain (io errors nest theirs inside one
/// another, out of reach of `source()`).
fn has_tls_error(e: &(dyn std::error::Error + 'static)) -> bool {
    tls_error(e).is_some()
}

/// The TLS error somewhere in `e`'s chain.
fn tls_error<'a>(e: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = src {
        if let Some(t) = s.downcast_ref::<rustls::Error>() {
            return Some(t);
        }
        if let Some(inner) = s
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            if let Some(t) = tls_error(inner) {
                return Some(t);
            }
        }
        src = s.source();
    }
    None
}

/// The server said in the handshake that this certificate is not (any more) on its allow-list.
fn revoked_alert(e: &(dyn std::error::Error + 'static)) -> bool {
    matches!(
        tls_error(e),
        Some(rustls::Error::AlertReceived(
            rustls::AlertDescription::CertificateRevoked
        ))
    )
}

/// Why a request failed. In TLS 1.3 the server judges the client's certificate after the
/// client's side of the handshake is done, so a refused certificate shows up in the HTTP
/// client only as "connection closed"; a bare TLS connection with the same settings then
/// reads the server's alert and tells a refused certificate from a server that is not there.
async fn explain(
    e: reqwest::Error,
    addr: SocketAddr,
    tls: &Arc<rustls::ClientConfig>,
) -> ClientError {
    if revoked_alert(&e) {
        return ClientError::Refused("device.revoked".into());
    }
    if has_tls_error(&e) {
        return ClientError::Handshake;
    }
    if e.is_decode() {
        return ClientError::BadAnswer;
    }
    match probe(addr, tls.clone()).await {
        Probe::Revoked => ClientError::Refused("device.revoked".into()),
        Probe::Refused => ClientError::Handshake,
        Probe::Unreachable => ClientError::Unreachable,
        Probe::Accepted => ClientError::ConnectionLost,
    }
}

enum Probe {
    Revoked,
    Refused,
    Unreachable,
    Accepted,
}

async fn probe(addr: SocketAddr, tls: Arc<rustls::ClientConfig>) -> Probe {
    use tokio::io::AsyncReadExt;
    let Ok(Ok(tcp)) =
        tokio::time::timeout(Duration::from_secs(5), tokio::net::TcpStream::connect(addr)).await
    else {
        return Probe::Unreachable;
    };
    let Ok(name) = rustls::pki_types::ServerName::try_from(SERVER_NAME) else {
        return Probe::Unreachable;
    };
    // A server that takes the connection but never finishes the handshake is as good as gone.
    let handshake = tokio::time::timeout(
        Duration::from_secs(5),
        tokio_rustls::TlsConnector::from(tls).connect(name, tcp),
    );
    let mut stream = match handshake.await {
        Ok(Ok(s)) => s,
        Ok(Err(e)) if revoked_alert(&e) => return Probe::Revoked,
        Ok(Err(e)) if has_tls_error(&e) => return Probe::Refused,
        _ => return Probe::Unreachable,
    };
    let mut byte = [0u8; 1];
    match tokio::time::timeout(Duration::from_secs(3), stream.read(&mut byte)).await {
        Ok(Err(e)) if revoked_alert(&e) => Probe::Revoked,
        Ok(Err(e)) if has_tls_error(&e) => Probe::Refused,
        // Still open after a while, or closed without an alert: the handshake was accepted.
        _ => Probe::Accepted,
    }
}

fn builder(addr: SocketAddr) -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .resolve(SERVER_NAME, addr)
        .https_only(true)
        .no_proxy()
        .connect_timeout(Duration::from_secs(5))
        .pool_idle_timeout(Duration::from_secs(300))
}

async fn refusal(resp: reqwest::Response) -> ClientError {
    match resp.json::<Refusal>().await {
        Ok(r) => ClientError::Refused(r.code),
        Err(_) => ClientError::BadAnswer,
    }
}

/// What a desktop keeps after enrolling (in its own app folder, the key readable by its user
/// only).
pub struct Enrolled {
    pub device_id: String,
    /// The server's main port.
    pub port: u16,
    pub ca_pem: String,
    pub cert_pem: String,
    pub key_pem: Zeroizing<String>,
}

/// Enrols this computer: trusts the server only if it shows the CA with fingerprint `pin`,
/// makes a key pair here, and sends its signing request with the one-time code.
pub async fn enrol(
    addr: SocketAddr,
    pin: Fingerprint,
    code: &str,
    device_name: &str,
) -> Result<Enrolled, ClientError> {
    let tls = Arc::new(enrol_client_config(pin)?);
    let http = builder(addr)
        .tls_backend_preconfigured((*tls).clone())
        .build()
        .map_err(|_| ClientError::Setup(OfficeError::Tls("client".into())))?;
    let req = device_request(device_name)?;
    let body = EnrolRequest {
        code: code.trim().to_string(),
        csr_pem: req.cert_pem.clone(),
        device_name: device_name.to_string(),
    };
    let resp = http
        .post(format!(
            "https://{SERVER_NAME}:{}{}",
            addr.port(),
            wire::ENROL
        ))
        .json(&body)
        .send()
        .await;
    let resp = match resp {
        Ok(r) => r,
        Err(e) => return Err(explain(e, addr, &tls).await),
    };
    if !resp.status().is_success() {
        return Err(refusal(resp).await);
    }
    let reply: EnrolReply = resp.json().await.map_err(|_| ClientError::BadAnswer)?;
    // The CA handed back must be the one the handshake was pinned to.
    if !fingerprint_of_pem(&reply.ca_pem)?.matches(&pin) {
        return Err(ClientError::Handshake);
    }
    Ok(Enrolled {
        device_id: reply.device_id,
        port: reply.port,
        ca_pem: reply.ca_pem,
        cert_pem: reply.cert_pem,
        key_pem: req.key_pem,
    })
}

/// One window's connection: its device certificate, and the session token the server issued
/// (replaced whenever an answer brings a new one).
pub struct Connection {
    http: reqwest::Client,
    addr: SocketAddr,
    tls: Arc<rustls::ClientConfig>,
    base: String,
    token: Mutex<Option<String>>,
    /// The request whose answer was lost with its connection (what it was, and its number):
    /// sent again, it keeps that number, so the server answers instead of doing it twice.
    lost: Mutex<Option<([u8; 32], String)>>,
    /// How long `call_once` keeps sending a request again after its connection broke.
    patience: Duration,
    /// Where a file a command made arrives (the system's temporary folder unless set).
    downloads: std::path::PathBuf,
}

/// How long a request is sent again after its connection broke, before the desktop is told
/// that whether it was done is not known (a network that comes back within this time is
/// never noticed).
const PATIENCE: Duration = Duration::from_secs(8);

/// How long the server's state and a new window may take (questions that do no work).
const QUICK: Duration = Duration::from_secs(15);

/// A file a command made on the server, to be saved on the desktop. It arrives in a file of
/// its own (readable by this user only, in the downloads folder) rather than in memory, and
/// that file is gone when this is dropped unless it was saved.
pub struct MadeFile {
    /// The name the save dialog proposes.
    pub name: String,
    pub filter: String,
    pub ext: String,
    file: tempfile::NamedTempFile,
}

impl MadeFile {
    /// Moves the file where the person chose (a copy when that is another file system).
    pub fn save_as(self, to: &std::path::Path) -> std::io::Result<()> {
        match self.file.persist(to) {
            Ok(_) => Ok(()),
            Err(e) => std::fs::copy(e.file.path(), to).map(|_| ()),
        }
    }

    /// The file's contents (tests, small files).
    pub fn bytes(&self) -> std::io::Result<Vec<u8>> {
        std::fs::read(self.file.path())
    }
}

/// A command's answer: the core's result, or the core's error (as the desktop shows it).
pub type Answer = Result<serde_json::Value, serde_json::Value>;

impl Connection {
    pub fn new(
        addr: SocketAddr,
        ca_pem: &str,
        cert_pem: &str,
        key_pem: &str,
    ) -> Result<Connection, ClientError> {
        Self::with_tls(addr, client_config(ca_pem, cert_pem, key_pem)?)
    }

    /// With TLS settings of the caller's choice (the tests of the server's refusals).
    pub fn with_tls(addr: SocketAddr, tls: rustls::ClientConfig) -> Result<Self, ClientError> {
        let tls = Arc::new(tls);
        let http = builder(addr)
            .tls_backend_preconfigured((*tls).clone())
            .build()
            .map_err(|_| ClientError::Setup(OfficeError::Tls("client".into())))?;
        Ok(Connection {
            http,
            addr,
            tls,
            base: format!("https://{SERVER_NAME}:{}", addr.port()),
            token: Mutex::new(None),
            lost: Mutex::new(None),
            patience: PATIENCE,
            downloads: std::env::temp_dir(),
        })
    }

    /// Where files made on the server arrive before they are saved (a desktop: a folder of its
    /// own, emptied when it starts, so nothing of an export is left behind by a crash).
    pub fn with_downloads(mut self, dir: std::path::PathBuf) -> Self {
        self.downloads = dir;
        self
    }

    /// How long `call_once` waits for a broken connection to come back (tests: shorter).
    pub fn with_patience(mut self, patience: Duration) -> Self {
        self.patience = patience;
        self
    }

    /// Calls a command so that it is done at most once, and the caller learns whether: the
    /// request carries a number; if its connection breaks after it left, it is sent again
    /// (same number) until the server answers or `patience` runs out, and the server gives the
    /// first answer rather than acting twice. When it runs out: `ConnectionLost`, and the same
    /// command with the same arguments, sent later, still carries that number.
    pub async fn call_once(
        &self,
        name: &str,
        args: serde_json::Value,
        raw: Option<Vec<u8>>,
    ) -> Result<(Answer, Option<MadeFile>), ClientError> {
        let what = fingerprint_of_request(name, &args, raw.as_deref());
        let id = {
            let lost = self.lost.lock().unwrap_or_else(|p| p.into_inner());
            match &*lost {
                Some((w, id)) if *w == what => id.clone(),
                _ => new_request_id(),
            }
        };
        let started = std::time::Instant::now();
        let mut pause = Duration::from_millis(200);
        let mut sent_once = false;
        let mut attempts = 0u32;
        loop {
            let mut req = self
                .http
                .post(format!("{}{}{name}", self.base, wire::CALL))
                .header(wire::REQUEST_HEADER, &id);
            req = match &raw {
                Some(bytes) => req
                    .header("content-type", "application/octet-stream")
                    .header(wire::ARGS_HEADER, args.to_string())
                    .body(bytes.clone()),
                None => req.json(&args),
            };
            if let Some(t) = self.token() {
                req = req.header(wire::SESSION_HEADER, t);
            }
            let outcome = match req.send().await {
                Ok(resp) => self.answer_with_file(resp).await,
                // Refused before anything was sent: nothing can have been done.
                Err(e) if e.is_connect() && !sent_once => {
                    return Err(explain(e, self.addr, &self.tls).await)
                }
                // Refused in the handshake (revoked, another office): said at once. Anything
                // else broke on the way, or the network is gone: sent again.
                Err(e) => match explain(e, self.addr, &self.tls).await {
                    ClientError::Unreachable => Err(ClientError::ConnectionLost),
                    other => Err(other),
                },
            };
            attempts += 1;
            match outcome {
                Err(ClientError::ConnectionLost) | Err(ClientError::Unreachable) => {
                    sent_once = true;
                    // Sent again at least once, however long telling the failure took.
                    if attempts > 1 && started.elapsed() >= self.patience {
                        *self.lost.lock().unwrap_or_else(|p| p.into_inner()) = Some((what, id));
                        return Err(ClientError::ConnectionLost);
                    }
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(2));
                }
                other => {
                    let mut lost = self.lost.lock().unwrap_or_else(|p| p.into_inner());
                    if lost.as_ref().is_some_and(|(w, _)| *w == what) {
                        *lost = None;
                    }
                    return other;
                }
            }
        }
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> Result<reqwest::Response, ClientError> {
        match req.send().await {
            Ok(r) => Ok(r),
            Err(e) => Err(explain(e, self.addr, &self.tls).await),
        }
    }

    fn token(&self) -> Option<String> {
        self.token.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The token this window holds (tests replay it).
    pub fn current_token(&self) -> Option<String> {
        self.token()
    }

    /// Replaces the token (tests present a stolen or stale one).
    pub fn set_token(&self, token: Option<String>) {
        *self.token.lock().unwrap_or_else(|p| p.into_inner()) = token;
    }

    fn keep_token(&self, resp: &reqwest::Response) {
        if let Some(t) = resp
            .headers()
            .get(wire::SESSION_HEADER)
            .and_then(|v| v.to_str().ok())
        {
            self.set_token(Some(t.to_string()));
        }
    }

    /// Whether the server is sealed (before anyone signs in).
    pub async fn state(&self) -> Result<ServerState, ClientError> {
        // A quick question: no answer in this time is no answer.
        let resp = self
            .http
            .get(format!("{}{}", self.base, wire::STATE))
            .timeout(QUICK);
        let resp = self.send(resp).await?;
        if !resp.status().is_success() {
            return Err(refusal(resp).await);
        }
        resp.json().await.map_err(|_| ClientError::BadAnswer)
    }

    /// Opens this window's place on the server (a token with no one signed in yet).
    pub async fn hello(&self) -> Result<(), ClientError> {
        let resp = self
            .http
            .post(format!("{}{}", self.base, wire::HELLO))
            .timeout(QUICK);
        let resp = self.send(resp).await?;
        if !resp.status().is_success() {
            return Err(refusal(resp).await);
        }
        self.keep_token(&resp);
        Ok(())
    }

    /// Unlocks a sealed server as an administrator.
    pub async fn unlock(&self, username: &str, password: &str) -> Result<Answer, ClientError> {
        self.post_json(
            wire::UNLOCK,
            serde_json::json!({ "username": username, "password": password }),
        )
        .await
    }

    /// Calls a command of the command table.
    pub async fn call(&self, name: &str, args: serde_json::Value) -> Result<Answer, ClientError> {
        self.post_json(&format!("{}{name}", wire::CALL), args).await
    }

    /// Sends any body to a command (the refusal tests: malformed and oversized bodies).
    pub async fn call_bytes(&self, name: &str, body: Vec<u8>) -> Result<Answer, ClientError> {
        let mut req = self
            .http
            .post(format!("{}{}{name}", self.base, wire::CALL))
            .header("content-type", "application/json")
            .body(body);
        if let Some(t) = self.token() {
            req = req.header(wire::SESSION_HEADER, t);
        }
        self.answer(self.send(req).await?).await
    }

    /// Calls a command that takes a file: its bytes as the body, its arguments in a header.
    pub async fn call_file(
        &self,
        name: &str,
        args: serde_json::Value,
        file: Vec<u8>,
    ) -> Result<Answer, ClientError> {
        let mut req = self
            .http
            .post(format!("{}{}{name}", self.base, wire::CALL))
            .header("content-type", "application/octet-stream")
            .header(wire::ARGS_HEADER, args.to_string())
            .body(file);
        if let Some(t) = self.token() {
            req = req.header(wire::SESSION_HEADER, t);
        }
        self.answer(self.send(req).await?).await
    }

    /// Follows the window's change events until the server ends the stream (the session ended
    /// or changed: open it again with the new token) or the connection is lost. Each event's
    /// data is handed to `on` as JSON.
    pub async fn events(&self, mut on: impl FnMut(serde_json::Value)) -> Result<(), ClientError> {
        let mut req = self.http.get(format!("{}{}", self.base, wire::EVENTS));
        if let Some(t) = self.token() {
            req = req.header(wire::SESSION_HEADER, t);
        }
        let mut resp = self.send(req).await?;
        if !resp.status().is_success() {
            return Err(refusal(resp).await);
        }
        let mut pending: Vec<u8> = Vec::new();
        loop {
            let chunk = match resp.chunk().await {
                Ok(Some(c)) => c,
                Ok(None) => return Ok(()),
                Err(_) => return Err(ClientError::ConnectionLost),
            };
            pending.extend_from_slice(&chunk);
            // An event ends with an empty line; a keep-alive is a comment line (":").
            while let Some(end) = pending.windows(2).position(|w| w == b"\n\n") {
                let event: Vec<u8> = pending.drain(..end + 2).collect();
                for line in event.split(|b| *b == b'\n') {
                    if let Some(data) = line.strip_prefix(b"data: ") {
                        if let Ok(v) = serde_json::from_slice(data) {
                            on(v);
                        }
                    }
                }
            }
            if pending.len() > 64 * 1024 {
                return Err(ClientError::BadAnswer);
            }
        }
    }

    async fn post_json(&self, path: &str, args: serde_json::Value) -> Result<Answer, ClientError> {
        let mut req = self.http.post(format!("{}{path}", self.base)).json(&args);
        if let Some(t) = self.token() {
            req = req.header(wire::SESSION_HEADER, t);
        }
        self.answer(self.send(req).await?).await
    }

    async fn answer(&self, resp: reqwest::Response) -> Result<Answer, ClientError> {
        Ok(self.answer_with_file(resp).await?.0)
    }

    /// A command's answer and the file it made on the server, if any (an export: the desktop
    /// saves it where the person chooses).
    pub async fn call_with_file(
        &self,
        name: &str,
        args: serde_json::Value,
    ) -> Result<(Answer, Option<MadeFile>), ClientError> {
        let mut req = self
            .http
            .post(format!("{}{}{name}", self.base, wire::CALL))
            .json(&args);
        if let Some(t) = self.token() {
            req = req.header(wire::SESSION_HEADER, t);
        }
        let resp = self.send(req).await?;
        self.answer_with_file(resp).await
    }

    /// A reply that carries a file: its first `head_len` bytes are the answer, the rest is the
    /// file, written to disk as it arrives.
    async fn download(
        &self,
        mut resp: reqwest::Response,
        head_len: usize,
    ) -> Result<(wire::FileReply, tempfile::NamedTempFile), ClientError> {
        use std::io::Write;
        let lost = |_| ClientError::ConnectionLost;
        let mut head = Vec::with_capacity(head_len.min(64 * 1024));
        let mut file = tempfile::Builder::new()
            .prefix(".kluis-download-")
            .tempfile_in(&self.downloads)
            .map_err(|_| ClientError::Setup(OfficeError::Io("downloads folder")))?;
        while let Some(chunk) = resp.chunk().await.map_err(lost)? {
            let mut rest: &[u8] = &chunk;
            if head.len() < head_len {
                let take = (head_len - head.len()).min(rest.len());
                head.extend_from_slice(&rest[..take]);
                rest = &rest[take..];
            }
            if !rest.is_empty() {
                file.write_all(rest)
                    .map_err(|_| ClientError::Setup(OfficeError::Io("downloads folder")))?;
            }
        }
        if head.len() < head_len {
            return Err(ClientError::ConnectionLost);
        }
        file.flush()
            .map_err(|_| ClientError::Setup(OfficeError::Io("downloads folder")))?;
        let head: wire::FileReply =
            serde_json::from_slice(&head).map_err(|_| ClientError::BadAnswer)?;
        Ok((head, file))
    }

    async fn answer_with_file(
        &self,
        resp: reqwest::Response,
    ) -> Result<(Answer, Option<MadeFile>), ClientError> {
        self.keep_token(&resp);
        if !resp.status().is_success() {
            return Err(refusal(resp).await);
        }
        let head_len = resp
            .headers()
            .get(wire::REPLY_LENGTH_HEADER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        let (body, file) = match head_len {
            None => {
                // A body cut off on the way is a broken connection, not a bad answer.
                let bytes = resp
                    .bytes()
                    .await
                    .map_err(|_| ClientError::ConnectionLost)?;
                (
                    serde_json::from_slice::<wire::CallReply>(&bytes)
                        .map_err(|_| ClientError::BadAnswer)?,
                    None,
                )
            }
            Some(n) => {
                let (head, file) = self.download(resp, n).await?;
                (
                    head.reply,
                    Some(MadeFile {
                        name: head.name,
                        filter: head.filter,
                        ext: head.ext,
                        file,
                    }),
                )
            }
        };
        let answer = match body {
            wire::CallReply::Ok(v) => Ok(v),
            wire::CallReply::Err(e) => Err(e),
        };
        Ok((answer, file))
    }
}

/// What a request is, for knowing it again: the command, its arguments and its file.
fn fingerprint_of_request(name: &str, args: &serde_json::Value, raw: Option<&[u8]>) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([0]);
    h.update(args.to_string().as_bytes());
    h.update([0]);
    if let Some(r) = raw {
        h.update(r);
    }
    h.finalize().into()
}

fn new_request_id() -> String {
    use rand_core::{OsRng, RngCore};
    let mut raw = [0u8; 16];
    OsRng.fill_bytes(&mut raw);
    raw.iter().map(|b| format!("{b:02x}")).collect()
}
