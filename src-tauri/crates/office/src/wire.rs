//! The wire protocol between a desktop and `kluis-server`: where things are, the headers, and
//! the bodies that are not a command's own arguments or result.
use serde::{Deserialize, Serialize};

/// The port of the office server (calls and events; client certificates required).
pub const PORT: u16 = 7443;
/// The port for enrolling a desktop (no client certificate yet; only the enrolment request).
pub const ENROL_PORT: u16 = 7444;

/// `POST {CALL}{command}`: a command of the command table, its JSON arguments as the body
/// (or a file's bytes for a raw command, the arguments then in the `kluis-args` header).
pub const CALL: &str = "/v1/call/";
/// `POST`: a new connection of one window; answers a session token (in `SESSION_HEADER`).
pub const HELLO: &str = "/v1/hello";
/// `GET`: the server's state for the first screen (sealed or open, organisation).
pub const STATE: &str = "/v1/state";
/// `POST {username, password}`: an administrator unlocks a sealed server.
pub const UNLOCK: &str = "/v1/unlock";
/// `POST` (enrolment port): a signing request with a one-time code.
pub const ENROL: &str = "/v1/enrol";
/// Server-sent events: what changed, for the window's session (`{topic, entity, id, change}`).
pub const EVENTS: &str = "/v1/events";

/// The session token of one window: issued by the server, renewed at every sign-in and
/// sign-out (a response carrying a new one replaces the old), bound to the device.
pub const SESSION_HEADER: &str = "kluis-session";
/// The desktop's own number for one request (32 hexadecimal digits), the same when it sends
/// the request again after a broken connection: the server then answers what it answered the
/// first time instead of doing it twice (a save is made once, and the desktop learns whether).
pub const REQUEST_HEADER: &str = "kluis-request";
/// A raw command's arguments (JSON), when the body is a file.
pub const ARGS_HEADER: &str = "kluis-args";
/// A reply that carries a file the command made (an export): the body starts with this many
/// bytes of JSON (`FileReply`), and the file follows.
pub const REPLY_LENGTH_HEADER: &str = "kluis-reply-length";

/// The largest body a command may bring (an import file); anything larger is refused
/// before it is read.
pub const MAX_BODY: usize = 64 * 1024 * 1024;
/// The largest body of a command without a file.
pub const MAX_ARGS: usize = 1024 * 1024;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrolRequest {
    pub code: String,
    pub csr_pem: String,
    /// What the desktop calls itself (the administrator can rename it).
    pub device_name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrolReply {
    pub device_id: String,
    /// The main port, where the desktop connects from now on.
    pub port: u16,
    pub cert_pem: String,
    pub ca_pem: String,
}

/// A refusal by the server itself (before a command reached the core): a stable code the
/// desktop translates, never a message with data in it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Refusal {
    pub code: String,
}

/// What the first screen needs to know of the server.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerState {
    pub sealed: bool,
    pub version: String,
}

/// A command's answer: `{"ok": result}` or `{"err": the core's error}` (as the desktop shell
/// would have answered it).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CallReply {
    Ok(serde_json::Value),
    Err(serde_json::Value),
}

/// The JSON before a file in a reply that carries one: the command's answer and how the
/// desktop's save dialog offers the file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileReply {
    pub reply: CallReply,
    pub name: String,
    pub filter: String,
    pub ext: String,
}
