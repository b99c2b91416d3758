//! Office mode: this desktop's connection to the office's Kluis (answered by the desktop
//! itself), and the server's devices (Settings > Devices, answered by the server).
use kluis_core::access::{Action, Category};
use kluis_core::dto::office::{
    ConnectRequest, DeviceRow, EnrolCode, OfficeStatus, UnattendedState,
};
use kluis_core::error::OfficeFailure;
use kluis_core::{CoreError, CoreResult, Session};

fn office_only() -> kluis_core::ApiError {
    CoreError::Office(OfficeFailure::OnlyConnected).to_api()
}

/// The office server's devices, for someone who may manage Kluis (asked first, so a role
/// without the right is refused as such on a desktop too).
fn server<'a>(cx: &'a crate::Call<'_>, s: &Session) -> CoreResult<&'a dyn crate::OfficeServer> {
    s.require(Category::Admin, Action::Manage)?;
    cx.server()
        .ok_or(CoreError::Office(OfficeFailure::OnlyConnected))
}

crate::commands! {
    /// Where this window's data lives: the vault on this computer, or the office's Kluis.
    fn office_status(cx) -> OfficeStatus
        [needs: Nothing, local: true]
    {
        Ok(cx.link().map(|l| l.status()).unwrap_or_default())
    }

    /// Connects this computer to the office's Kluis: checks the server's fingerprint before it
    /// sends anything, makes this computer's key (it never leaves it) and enrols it with the
    /// one-time code. From then on every command goes to the office's Kluis.
    fn office_connect(cx, req: ConnectRequest) -> OfficeStatus
        [needs: Nothing, local: true]
    {
        cx.link().ok_or_else(office_only)?.connect(&req)
    }

    /// Stops using the office's Kluis on this computer: forgets its certificate and key.
    fn office_leave(cx) -> OfficeStatus
        [needs: Nothing, local: true]
    {
        cx.link().ok_or_else(office_only)?.leave()
    }

    /// Unlocks the office's Kluis after a restart (an administrator's password).
    fn office_unlock(cx, username: String, password: String) -> ()
        [needs: Nothing, local: true]
    {
        cx.link().ok_or_else(office_only)?.unlock(&username, &password)
    }

    /// Live refresh: while this window's session lasts, the office's Kluis tells it what changes
    /// (`onProgress` hears each change, `{topic, entity, id, change}`, never a value, only what
    /// the session may see). The desktop shell keeps the listener and follows the server's event
    /// stream; on a vault of this computer nobody else changes anything, so nothing comes.
    fn office_follow(cx) -> ()
        [needs: Nothing, progress: kluis_core::live::Change, local: true]
    {
        let _ = cx;
        Ok(())
    }

    /// The desktops enrolled with the office's Kluis.
    fn devices_list(cx) -> Vec<DeviceRow>
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| server(cx, s)?.devices(s))
    }

    /// A one-time code for adding a desktop (valid 15 minutes, used once), with the fingerprint
    /// the person at that desktop checks.
    fn device_add(cx) -> EnrolCode
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| server(cx, s)?.add_device(s))
    }

    fn device_rename(cx, id: i64, name: String) -> Vec<DeviceRow>
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| {
            let server = server(cx, s)?;
            server.rename_device(s, id, &name)?;
            server.devices(s)
        })
    }

    /// Revokes a desktop: refused from its next request, its sessions end at once.
    fn device_revoke(cx, id: i64) -> Vec<DeviceRow>
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| {
            let server = server(cx, s)?;
            server.revoke_device(s, id)?;
            server.devices(s)
        })
    }

    /// Unattended restart of the office's Kluis (Settings > Security): whether it is allowed,
    /// and whether the host has sealed its credential.
    fn unattended_get(cx) -> UnattendedState
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| {
            server(cx, s)?;
            kluis_core::unattended::state(s)
        })
    }

    /// Allows unattended restart (the host then seals its credential with
    /// `kluis-server unattended`), or turns it off: the credential opens nothing any more.
    fn unattended_set(cx, allowed: bool) -> UnattendedState
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| {
            server(cx, s)?;
            kluis_core::unattended::set_allowed(s, allowed)
        })
    }
}
