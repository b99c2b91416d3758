//! Unattended restart of the office server (OFFICE.md, "Keys on the server"). Two people's
//! choices, both recorded: an administrator allows it in Settings > Security, having read what
//! it costs; whoever runs the host seals a credential with `kluis-server unattended`, which puts
//! a host slot in the key file and hands its private key to systemd's encrypted credentials
//! (`LoadCredentialEncrypted`, bound to the host's TPM where it has one). After a restart the
//! server opens the host slot and unlocks as that administrator, without their category keys.
//! Turning it off removes the slot and rotates the database key, so the credential and any
//! copy of the key file made while it was on open nothing any more.
use crate::access::{Action, Category};
use crate::clock::stamp;
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::office::UnattendedState;
use crate::error::{CoreError, CoreResult, OfficeFailure};
use crate::session::Session;
use crate::store::{settings, users, ReadTx};
use kluis_vault::KeyFile;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// The first word of a credential (and its version).
const CREDENTIAL: &str = "kluis-unattended/1";

#[derive(Serialize, Deserialize)]
struct Allowed {
    by: i64,
    at: String,
}

fn allowed(tx: &ReadTx) -> CoreResult<Option<Allowed>> {
    Ok(
        settings::get(tx, settings::UNATTENDED_ALLOWED)?
            .and_then(|v| serde_json::from_str(&v).ok()),
    )
}

pub(crate) fn is_allowed(tx: &ReadTx) -> CoreResult<bool> {
    Ok(allowed(tx)?.is_some())
}

fn display_name(tx: &ReadTx, id: i64) -> CoreResult<Option<String>> {
    Ok(users::by_id(tx, id)?
        .filter(|u| !u.removed)
        .map(|u| u.display_name))
}

pub fn state(s: &Session) -> CoreResult<UnattendedState> {
    s.require(Category::Admin, Action::View)?;
    let tx = s.read()?;
    let a = allowed(&tx)?;
    let host = KeyFile::load(&s.ctx.paths.keys())?.host();
    Ok(UnattendedState {
        allowed: a.is_some(),
        allowed_by: match &a {
            Some(a) => display_name(&tx, a.by)?,
            None => None,
        },
        allowed_at: a.map(|a| a.at),
        on_host: host.is_some(),
        acting_for: match &host {
            Some(h) => display_name(&tx, h.acting_user_id)?,
            None => None,
        },
        on_host_since: host.map(|h| h.since),
    })
}

/// Allows unattended restart, or turns it off: the host slot goes and the database key is
/// rotated (as after removing someone), so the host's credential opens nothing any more.
pub fn set_allowed(s: &mut Session, allow: bool) -> CoreResult<UnattendedState> {
    s.require(Category::Admin, Action::Manage)?;
    let was = is_allowed(&s.read()?)?;
    if allow && !was {
        let value = serde_json::json!({ "by": s.user.id, "at": stamp(s.now()) }).to_string();
        s.atomically(|tx| settings::set(tx, settings::UNATTENDED_ALLOWED, &value))?;
        s.audit(
            AuditEvent::new(Some(s.user.id), AuditAction::UnattendedAllowed)
                .category(Category::Admin.as_str()),
        )?;
    } else if !allow {
        // Held through the rotation (the hold is reentrant), so no one edits the file between.
        let _editing = s.edit_key_file();
        let mut kf = KeyFile::load(&s.ctx.paths.keys())?;
        let had_slot = kf.remove_host();
        if had_slot {
            crate::keys::rotate(s, kf)?;
        }
        if was || had_slot {
            s.atomically(|tx| settings::remove(tx, settings::UNATTENDED_ALLOWED))?;
            s.audit(
                AuditEvent::new(Some(s.user.id), AuditAction::UnattendedTurnedOff)
                    .category(Category::Admin.as_str()),
            )?;
        }
    }
    state(s)
}

/// Makes the host slot (replacing an earlier one) and returns the credential for the host's
/// credential store: one line, the vault's id and the slot's private key. Refused unless an
/// administrator allowed it in Settings > Security.
pub fn seal(s: &mut Session) -> CoreResult<Zeroizing<String>> {
    s.require(Category::Admin, Action::Manage)?;
    if !is_allowed(&s.read()?)? {
        return Err(CoreError::Office(OfficeFailure::UnattendedNotAllowed));
    }
    let credential = {
        let _editing = s.edit_key_file();
        let mut kf = KeyFile::load(&s.ctx.paths.keys())?;
        let secret = kf.set_host(&s.key, s.user.id, &stamp(s.now()))?;
        kf.save(&s.ctx.paths.keys())?;
        let hex: String = secret.iter().map(|b| format!("{b:02x}")).collect();
        Zeroizing::new(format!("{CREDENTIAL} {} {hex}\n", kf.vault_id()))
    };
    s.audit(
        AuditEvent::new(Some(s.user.id), AuditAction::UnattendedSealed)
            .category(Category::Admin.as_str()),
    )?;
    Ok(credential)
}

/// Reads a credential: for this vault (its id), and the host slot's private key.
pub(crate) fn parse(credential: &str, vault_id: &str) -> CoreResult<Zeroizing<[u8; 32]>> {
    let bad = || CoreError::Office(OfficeFailure::UnattendedCredential);
    let mut words = credential.split_whitespace();
    if words.next() != Some(CREDENTIAL) || words.next() != Some(vault_id) {
        return Err(bad());
    }
    let hex = words.next().ok_or_else(bad)?;
    if hex.len() != 64 || words.next().is_some() {
        return Err(bad());
    }
    let mut out = Zeroizing::new([0u8; 32]);
    for (i, b) in out.iter_mut().enumerate() {
        *b = u8::from_str_radix(hex.get(2 * i..2 * i + 2).ok_or_else(bad)?, 16)
            .map_err(|_| bad())?;
    }
    Ok(out)
}
