//! Setup, sign-in, lock, recovery and one's own password.
use kluis_core::daily::Trigger;
use kluis_core::dto::{AppStatus, CreateVaultRequest, CreateVaultResponse, SessionInfo};
use kluis_core::job::JobProgress;
use kluis_core::password::{self, PasswordStrength};
use kluis_core::{account, EndReason, Password};

crate::commands! {
    /// Whether a vault exists here, who is signed in, and why the vault could not be opened.
    fn app_status(cx) -> AppStatus
        [needs: Nothing]
    {
        let session = cx.with_account(|s| s.info()).ok();
        Ok(match cx.desk.vault() {
            Ok(v) => v.status(session),
            Err(e) => AppStatus {
                vault_exists: cx.desk.paths().db().exists(),
                session: None,
                data_dir: cx.desk.paths().dir.display().to_string(),
                vault_problem: Some(e.code),
            },
        })
    }

    /// Creates the vault and its first administrator, who is signed in; the recovery key is
    /// shown once.
    fn vault_create(cx, req: CreateVaultRequest) -> CreateVaultResponse
        [needs: Nothing]
    {
        let (session, recovery_key) = cx.desk.vault()?.create(&req)?;
        let info = session.info()?;
        cx.desk.set_session(session);
        Ok(CreateVaultResponse { recovery_key: recovery_key.to_string(), session: info })
    }

    /// The administrator confirms they kept the recovery key (typing it back).
    fn recovery_key_confirm(cx, recovery_key: String) -> SessionInfo
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| account::confirm_recovery_key(s, &recovery_key))
    }

    fn sign_in(cx, username: String, password: String) -> SessionInfo
        [needs: Nothing]
    {
        let session = cx.desk.vault()?.sign_in(&username, &Password::new(password))?;
        let info = session.info()?;
        cx.desk.set_session(session);
        // The retention engine runs at unlock (once a day at most), after the reply: at a
        // million contacts its scan takes a while, and the person signing in should not wait.
        cx.after_reply(|desk| desk.retention_if_due(Trigger::Unlock));
        Ok(info)
    }

    /// Signs out after the automatic backup at sign-out (when a folder is chosen; not on the office
    /// server): `onProgress` hears it; `jobCancel` skips it (no file is left). Signed out either way.
    fn sign_out(cx) -> ()
        [needs: Nothing, progress: JobProgress]
    {
        // A failed or skipped backup shows in Settings > Health as the last backup's age and
        // must not keep anyone signed in.
        // On the office server a colleague's sign-out is not the vault's last use: the host
        // backs up daily (OFFICE.md: the sign-out backup is a single-desktop feature).
        if cx.server().is_none() {
            let job = cx.job();
            let _ = cx.with(|s| {
                kluis_core::backup::automatic(s, kluis_core::backup::BackupKind::SignOut, &job)
                    .map(|_| ())
            });
        }
        cx.desk.end_session(EndReason::SignOut);
        Ok(())
    }

    fn lock(cx) -> ()
        [needs: Nothing]
    {
        cx.desk.end_session(EndReason::Lock);
        Ok(())
    }

    /// A new password with the recovery key (the person is signed in with it).
    fn recover(cx, recovery_key: String, username: String, new_password: String) -> SessionInfo
        [needs: Nothing]
    {
        let session = cx.desk.vault()?.recover(&recovery_key, &username, &Password::new(new_password))?;
        let info = session.info()?;
        cx.desk.set_session(session);
        Ok(info)
    }

    fn change_password(cx, current_password: String, new_password: String) -> SessionInfo
        [needs: Account]
    {
        cx.with_account(|s| {
            account::change_password(s, &Password::new(current_password), &Password::new(new_password))
        })
    }

    /// Needs no session: the setup screen's meter uses it before any vault exists.
    fn password_strength(cx, password: String, context: Vec<String>) -> PasswordStrength
        [needs: Nothing]
    {
        let ctx: Vec<&str> = context.iter().map(String::as_str).take(8).collect();
        Ok(password::strength(&password, &ctx))
    }

    /// Activity: keeps the session open (any command does), and lets the retention engine and
    /// the daily backup run while the app is open: the first ping of a new day starts them,
    /// after the reply.
    fn session_touch(cx) -> ()
        [needs: Account]
    {
        cx.with_account(|_| Ok(()))?;
        if cx.desk.daily_work_due() {
            cx.after_reply(|desk| desk.retention_if_due(Trigger::Daily));
        }
        Ok(())
    }

    fn session_info(cx) -> SessionInfo
        [needs: Account]
    {
        cx.with_account(|s| s.info())
    }
}
