//! What the office server (`kluis-server`) keeps in the vault and writes to its audit trail:
//! the key of the CA that signs desktop certificates, and the administrator's acts on the
//! server and its devices. Devices themselves live beside the vault (the server must recognise
//! them before anyone has unlocked it).
use crate::access::{Action, Category};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::error::CoreResult;
use crate::session::Session;
use crate::store::settings;
use zeroize::Zeroizing;

/// What an administrator did on the office server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfficeAct {
    /// Unlocked the server after a start (it serves nothing before).
    Unlocked,
    Enrolled,
    Renamed,
    Revoked,
}

/// The office CA's key, for signing a desktop's certificate (administrators only).
pub fn ca_key(s: &Session) -> CoreResult<Option<Zeroizing<String>>> {
    s.require(Category::Admin, Action::Manage)?;
    Ok(settings::get(&s.read()?, settings::OFFICE_CA_KEY)?.map(Zeroizing::new))
}

/// Keeps the office CA's key in the vault (at `kluis-server init`).
pub fn set_ca_key(s: &mut Session, key_pem: &str) -> CoreResult<()> {
    s.require(Category::Admin, Action::Manage)?;
    s.atomically(|tx| settings::set(tx, settings::OFFICE_CA_KEY, key_pem))
}

/// Writes an administrator's act on the server into the audit trail; `device` is the device's
/// number (no names: a device is often named after the person at it).
pub fn record(s: &Session, act: OfficeAct, device: Option<i64>) -> CoreResult<()> {
    s.require(Category::Admin, Action::Manage)?;
    let action = match act {
        OfficeAct::Unlocked => AuditAction::ServerUnlocked,
        OfficeAct::Enrolled => AuditAction::DeviceEnrolled,
        OfficeAct::Renamed => AuditAction::DeviceRenamed,
        OfficeAct::Revoked => AuditAction::DeviceRevoked,
    };
    let mut ev = AuditEvent::new(Some(s.user_id()), action).category(Category::Admin.as_str());
    if let Some(d) = device {
        ev = ev.on("device", d);
    }
    s.audit(ev)?;
    Ok(())
}

/// A window's session token came from another device than the one it was issued to: written
/// under the session it belongs to, naming both devices by number.
pub fn record_token_misuse(s: &Session, issued_to: i64, used_from: i64) -> CoreResult<()> {
    s.audit(
        AuditEvent::new(None, AuditAction::SessionTokenMisused)
            .on("device", used_from)
            .category(Category::Admin.as_str())
            .details(serde_json::json!({ "issuedTo": issued_to, "usedFrom": used_from })),
    )?;
    Ok(())
}

/// The display names of users by number (Settings > Devices names who enrolled a desktop).
pub fn display_names(
    s: &Session,
    ids: &[i64],
) -> CoreResult<std::collections::HashMap<i64, String>> {
    s.require(Category::Admin, Action::Manage)?;
    let tx = s.read()?;
    let mut out = std::collections::HashMap::new();
    for &id in ids {
        if let Some(u) = crate::store::users::by_id(&tx, id)? {
            out.insert(id, u.display_name);
        }
    }
    Ok(out)
}
