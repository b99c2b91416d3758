//! Settings > Backups and Settings > Health.
use crate::call::{Call, Reply};
use kluis_core::backup::{self, restore, Authority, BackupInfo, BackupOverview, RestoreReport};
use kluis_core::health::{self, Health};
use kluis_core::job::JobProgress;
use kluis_core::{CoreError, EndReason, Password};
use kluis_vault::RecoveryKey;
use std::path::PathBuf;

crate::commands! {
    /// Settings > Backups (admin.view): the folder for automatic backups (null: they are off), when
    /// the last backup was made, and the backups in that folder, newest first.
    fn backup_overview(cx) -> BackupOverview
        [needs: All(&[(Admin, View)])]
    {
        cx.with(|s| backup::overview(s))
    }

    /// Settings > Health (admin.view): every check of the vault and the age of the last backup.
    fn health_report(cx) -> Health
        [needs: All(&[(Admin, View)])]
    {
        cx.with(|s| health::report(s))
    }

    /// A backup now (admin.manage): into the folder for automatic backups, or (none chosen) into a
    /// folder picked in a native dialog in the core. Null: the dialog was closed. `onProgress` hears
    /// the copy and the sealing; cancelled (job.cancelled), no file is left behind.
    fn backup_create(cx) -> Option<BackupInfo>
        [needs: All(&[(Admin, Manage)]), progress: JobProgress]
    {
        let Some(dir) = backup_folder(cx)? else {
            return Ok(None);
        };
        let job = cx.job();
        cx.with(|s| backup::create(s, &dir, &job)).map(Some)
    }

    /// Asks the running backup, drill, restore or retention run to stop; it then fails with
    /// job.cancelled and has changed nothing. Nothing running: nothing happens.
    fn job_cancel(cx) -> ()
        [needs: Nothing]
    {
        cx.desk.cancel_job();
        Ok(())
    }

    /// `choose`: picks the folder for automatic backups in a native dialog (closed: nothing changes);
    /// false turns automatic backups off. Answers with the overview (admin.manage).
    fn backup_set_folder(cx, choose: bool) -> BackupOverview
        [needs: All(&[(Admin, Manage)])]
    {
        if choose {
            cx.with(|s| backup::may_create(s))?;
            let Some(dir) = cx.pick_folder() else {
                return cx.with(|s| backup::overview(s));
            };
            cx.with(|s| backup::set_folder(s, Some(&dir)))?;
        } else {
            cx.with(|s| backup::set_folder(s, None))?;
        }
        cx.with(|s| backup::overview(s))
    }

    /// The restore drill (admin.manage): opens a backup (one listed in the folder by file name, or
    /// null: one picked in a native dialog) on the authority of the signed-in administrator, who
    /// confirms their own current password, or of the recovery key, and checks it; nothing is
    /// replaced. Only a backup this vault made, authenticated, opens. Null: the dialog was closed.
    /// `onProgress` hears the decrypting and the checks; it can be cancelled.
    fn backup_drill(cx, file_name: Option<String>, password: Option<String>, recovery_key: Option<String>) -> Option<RestoreReport>
        [needs: All(&[(Admin, Manage)]), progress: JobProgress]
    {
        cx.with(|s| backup::may_create(s))?;
        let Some(file) = backup_file(cx, file_name)? else {
            return Ok(None);
        };
        let (vault, job) = (cx.desk.vault()?, cx.job());
        with_authority(cx, password, recovery_key, |by| restore::drill(vault, &file, by, &job)).map(Some)
    }

    /// Restores a backup over the vault (admin.manage), authorised and checked as the drill first
    /// with the session still open; then the session ends and the vault is replaced. The data comes
    /// back; users, roles, passwords, settings and the audit trail stay as they are now, everyone
    /// erased since is erased again, and the database gets a new key. Null: the dialog was closed.
    /// `onProgress` hears each phase; `jobCancel` stops it safely until just before the switch.
    fn backup_restore(cx, file_name: Option<String>, password: Option<String>, recovery_key: Option<String>) -> Option<RestoreReport>
        [needs: All(&[(Admin, Manage)]), progress: JobProgress]
    {
        cx.with(|s| backup::may_create(s))?;
        let Some(file) = backup_file(cx, file_name)? else {
            return Ok(None);
        };
        let (vault, job) = (cx.desk.vault()?, cx.job());
        let prepared = with_authority(cx, password, recovery_key, |by| {
            restore::prepare(vault, &file, by, &job)
        })?;
        // On the office server every other desktop's session ends first: the vault is replaced
        // under all of them, and they sign in again to the restored one.
        if let Some(server) = cx.server() {
            server.end_other_sessions();
        }
        cx.desk.end_session(EndReason::Restore);
        Ok(Some(prepared.finish(&job)?))
    }
}

/// Where a backup made now goes: the folder for automatic backups, or one chosen now (asked only
/// of someone who may make one). None: the dialog was closed.
fn backup_folder(cx: &Call<'_>) -> Reply<Option<PathBuf>> {
    if let Some(folder) = cx.with(|s| backup::overview(s).map(|o| o.folder))? {
        return Ok(Some(PathBuf::from(folder)));
    }
    cx.with(|s| backup::may_create(s))?;
    Ok(cx.pick_folder())
}

/// The backup to open: one listed in the folder for automatic backups (by file name, so the
/// window cannot point anywhere else), or one chosen in the open dialog.
fn backup_file(cx: &Call<'_>, file_name: Option<String>) -> Reply<Option<PathBuf>> {
    let listed = cx.with(|s| backup::overview(s))?;
    if let Some(name) = file_name {
        return listed
            .backups
            .into_iter()
            .find(|b| b.file_name == name)
            .map(|b| Some(PathBuf::from(b.path)))
            .ok_or_else(|| CoreError::NotFound.to_api());
    }
    if let Some(dir) = cx.desk.fixed_folder_target() {
        let newest = cx
            .with(|s| backup::list(s, &dir))?
            .into_iter()
            .find(|b| b.this_vault);
        return Ok(newest.map(|b| PathBuf::from(b.path)));
    }
    Ok(cx.pick_file("Kluis", backup::EXTENSION))
}

/// Runs `f` on the authority the window gives: the signed-in administrator's password, or the
/// recovery key (a typing mistake in it is the person's error, as at sign-in).
fn with_authority<T>(
    cx: &Call<'_>,
    password: Option<String>,
    recovery_key: Option<String>,
    f: impl FnOnce(&Authority<'_>) -> Result<T, CoreError>,
) -> Reply<T> {
    match (password, recovery_key) {
        (_, Some(rk)) => {
            let key =
                RecoveryKey::parse(&rk).map_err(|_| CoreError::RecoveryKeyInvalid.to_api())?;
            Ok(f(&Authority::Recovery {
                key: &key,
                confirmation: None,
            })?)
        }
        (Some(pw), None) => {
            let password = Password::new(pw);
            cx.with(|s| {
                f(&Authority::Admin {
                    session: s,
                    password: &password,
                })
            })
        }
        (None, None) => Err(CoreError::AuthFailed.to_api()),
    }
}
