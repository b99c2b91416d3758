//! Office mode across the IPC boundary: where this desktop's data lives, connecting it to the
//! office's Kluis, and the server's devices as Settings > Devices shows them.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where this window's data lives.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OfficeStatus {
    /// True: every command goes to the office's Kluis; false: the vault on this computer.
    pub connected: bool,
    /// The server's address as entered (host or host:port).
    pub address: Option<String>,
    /// This computer's device number on the server.
    pub device_id: Option<String>,
    pub device_name: Option<String>,
    /// The office CA's fingerprint this computer trusts.
    pub fingerprint: Option<String>,
}

/// "Connect to the office's Kluis": what the administrator gave the person at this computer.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ConnectRequest {
    /// The server's host name or address, with `:port` when not the default 7444.
    pub address: String,
    /// The fingerprint shown in Settings > Devices (64 hexadecimal digits, spaces allowed).
    pub fingerprint: String,
    pub code: String,
    /// What this computer is called in the device list.
    pub device_name: String,
}

/// A new one-time enrolment code, shown once to the administrator.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct EnrolCode {
    pub code: String,
    pub fingerprint: String,
    /// The enrolment port (the address is the server's, as desktops reach it).
    pub port: u16,
    pub valid_minutes: u32,
}

/// An enrolled desktop as Settings > Devices lists it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DeviceRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// The administrator who made its enrolment code (display name; None if removed).
    pub enrolled_by: Option<String>,
    pub enrolled_at: String,
    pub last_seen: Option<String>,
    pub address: Option<String>,
    pub revoked_at: Option<String>,
    /// The device this window runs on (it cannot revoke itself by accident).
    pub this_device: bool,
}

/// Unattended restart of the office server, as Settings > Security shows it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct UnattendedState {
    /// An administrator allowed it here.
    pub allowed: bool,
    /// Who allowed it (display name; None if since removed) and when.
    pub allowed_by: Option<String>,
    pub allowed_at: Option<String>,
    /// The host keeps a credential that opens the vault (`kluis-server unattended` on the host).
    pub on_host: bool,
    pub on_host_since: Option<String>,
    /// The administrator the host acts for after a restart (display name).
    pub acting_for: Option<String>,
}
