//! Opening a vault folder: creating a vault, signing in, recovering with the recovery key.
//! The folder is locked for as long as a `Vault` lives, so a second app window or a CLI run on
//! the same vault gets a clear "in use" answer instead of racing on the key file.
use crate::access::{Action, Category, ROLE_ADMINISTRATOR};
use crate::clock::{stamp, SharedClock};
use crate::context::VaultCtx;
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::{AppStatus, CreateVaultRequest};
use crate::error::{CoreError, CoreResult, OfficeFailure};
use crate::paths::VaultPaths;
use crate::session::{Session, DEFAULT_AUTO_LOCK_MINUTES};
use crate::store::audit;
use crate::store::{self, settings, users, Store};
use crate::throttle::{self, Throttle};
use crate::{password, validate};
use kluis_vault::{DbKey, KdfParams, KeyFile, Password, RecoveryKey, VaultError};
use std::fs::{self, File, OpenOptions};
use std::sync::{Arc, Weak};
use zeroize::Zeroizing;

pub struct Vault {
    ctx: Arc<VaultCtx>,
    /// The open database every session of this vault shares (one writer, the readers), kept
    /// while any session holds it.
    store: parking_lot::Mutex<Weak<Store>>,
    _lock: File,
}

impl std::fmt::Debug for Vault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Vault")
            .field("dir", &self.ctx.paths.dir)
            .finish_non_exhaustive()
    }
}

impl Vault {
    /// Takes the folder's instance lock (creating the folder if needed).
    pub fn open(paths: VaultPaths, clock: SharedClock, kdf: KdfParams) -> CoreResult<Vault> {
        kdf.check().map_err(CoreError::from)?;
        if !paths.dir.exists() {
            fs::create_dir_all(&paths.dir)?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(&paths.dir, fs::Permissions::from_mode(0o700))?;
            }
        }
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(paths.lock())?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(CoreError::VaultInUse),
            Err(std::fs::TryLockError::Error(e)) => return Err(e.into()),
        }
        // A restore killed after its point of no return is finished before anything reads.
        crate::switch::finish_switch(&paths)?;
        crate::switch::clear_leftovers(&paths);
        Ok(Vault {
            store: parking_lot::Mutex::new(Weak::new()),
            ctx: Arc::new(VaultCtx::new(paths, clock, kdf)),
            _lock: lock,
        })
    }

    pub(crate) fn ctx(&self) -> &Arc<VaultCtx> {
        &self.ctx
    }

    pub fn paths(&self) -> &VaultPaths {
        &self.ctx.paths
    }

    /// The store its signed-in sessions share; None while nobody is signed in (live refresh has
    /// no one to tell then, and no key to read with).
    pub(crate) fn open_store(&self) -> Option<Arc<Store>> {
        self.store.lock().upgrade()
    }

    /// A vault exists once its database does; a key file alone is an interrupted setup.
    pub fn exists(&self) -> bool {
        self.ctx.paths.db().exists()
    }

    /// Problems visible without a password: a missing or unreadable key file.
    pub fn problem(&self) -> Option<CoreError> {
        if !self.exists() {
            return None;
        }
        match KeyFile::load(&self.ctx.paths.keys()) {
            Ok(_) => None,
            Err(e) => Some(e.into()),
        }
    }

    pub fn status(&self, session: Option<crate::dto::SessionInfo>) -> AppStatus {
        AppStatus {
            vault_exists: self.exists(),
            session,
            data_dir: self.ctx.paths.dir.display().to_string(),
            vault_problem: self.problem().map(|e| e.code()),
        }
    }

    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.ctx.clock.now()
    }

    /// Creates a vault: the key file with the first administrator's slot and the recovery slot,
    /// then the database, built aside and moved into place only when complete. Returns the
    /// signed-in session and the recovery key, to be shown once.
    pub fn create(&self, req: &CreateVaultRequest) -> CoreResult<(Session, Zeroizing<String>)> {
        let paths = &self.ctx.paths;
        if self.exists() {
            return Err(CoreError::VaultExists);
        }
        let org = validate::text("orgName", &req.org_name, 200)?;
        let username = validate::username_field("adminUsername", &req.admin_username)?;
        let display = validate::text("adminDisplayName", &req.admin_display_name, 100)?;
        password::require_strong(
            "password",
            req.password.expose(),
            &[&org, &username, &display],
        )?;
        let pw = req.password.clone();

        const ADMIN_ID: i64 = 1;
        let (kf, key, recovery) = KeyFile::create(ADMIN_ID, &username, &pw, self.ctx.kdf)?;
        // The creator's slot as opened, kept by the session (one more key derivation).
        let mut opened = kf.unlock_user(&username, &pw)?;
        opened.forget_password_key();
        let building = paths.dir.join("kluis.db.new");
        remove_db_files(&building);
        private_file(&building)?;
        {
            let (st, _) = Store::open_kind(&building, &key, store::Kind::Vault, true)?;
            let now = stamp(self.now());
            let tx = st.write()?;
            settings::set(&tx, settings::ORG_NAME, &org)?;
            settings::set(&tx, settings::VAULT_ID, &kf.vault_id())?;
            settings::set(&tx, settings::CREATED_AT, &now)?;
            settings::set(
                &tx,
                settings::AUTO_LOCK_MINUTES,
                &DEFAULT_AUTO_LOCK_MINUTES.to_string(),
            )?;
            users::sync_builtin_grants(&tx)?;
            store::secrets::ensure(&tx)?;
            users::insert(&tx, Some(ADMIN_ID), &username, &display, false, &now)?;
            users::set_roles(&tx, ADMIN_ID, &[ROLE_ADMINISTRATOR.to_string()])?;
            audit::append(
                &tx,
                self.now(),
                AuditEvent::new(Some(ADMIN_ID), AuditAction::VaultCreated),
            )?;
            audit::append(
                &tx,
                self.now(),
                AuditEvent::new(Some(ADMIN_ID), AuditAction::UserCreated)
                    .on("user", ADMIN_ID)
                    .category(Category::Admin.as_str())
                    .details(serde_json::json!({ "roles": [ROLE_ADMINISTRATOR] })),
            )?;
            tx.commit()?;
            st.checkpoint()?;
        }
        // Key file first: a crash before the rename leaves no database, which reads as "no
        // vault yet", and the next setup simply overwrites the key file.
        kf.save(&paths.keys())?;
        fs::rename(&building, paths.db())?;
        remove_db_files(&building);
        if let Ok(d) = File::open(&paths.dir) {
            let _ = d.sync_all();
        }
        let st = Store::open(&paths.db(), &key)?;
        *self.store.lock() = Arc::downgrade(&st);
        let mut s = Session::load(st, key, self.ctx.clone(), ADMIN_ID, vec![])?;
        s.slot = Some(opened);
        s.audit(AuditEvent::new(Some(ADMIN_ID), AuditAction::SignIn))?;
        // The category keys are made now and sealed to the recovery slot (and the backup key to
        // the administrator).
        crate::keys::settle(&mut s, None)?;
        Ok((s, recovery.to_display_string()))
    }

    fn require_vault(&self) -> CoreResult<KeyFile> {
        if !self.exists() {
            return Err(CoreError::VaultNotFound);
        }
        Ok(KeyFile::load(&self.ctx.paths.keys())?)
    }

    fn throttle(&self, kf: &KeyFile) -> Throttle {
        Throttle::new(&self.ctx.paths.throttle(), &kf.vault_id())
    }

    /// Applies pending migrations and this release's built-in grants.
    /// The vault's open store for `key`: the one its sessions share, or newly opened (finishing
    /// an interrupted key rotation, migrating, applying this release's grants).
    fn store_for(&self, kf: &KeyFile, key: &DbKey) -> CoreResult<Arc<Store>> {
        let mut held = self.store.lock();
        if let Some(st) = held.upgrade().filter(|st| st.has_key(key)) {
            return Ok(st);
        }
        let st = crate::keys::open_database(&self.ctx.paths, kf, key)?;
        self.prepare(&st)?;
        *held = Arc::downgrade(&st);
        Ok(st)
    }

    fn prepare(&self, st: &Arc<Store>) -> CoreResult<()> {
        let tx = st.write()?;
        users::sync_builtin_grants(&tx)?;
        store::secrets::ensure(&tx)?;
        tx.commit()
    }

    /// Writes the failed attempts counted while the vault was closed into the audit trail.
    fn flush_failures(&self, st: &Arc<Store>, th: &Throttle) -> CoreResult<()> {
        let pending = th.take_pending()?;
        if pending.is_empty() {
            return Ok(());
        }
        let tx = st.write()?;
        let by_tag: std::collections::HashMap<String, i64> = users::list_all(&tx)?
            .into_iter()
            .map(|u| (th.tag_of(&u.username), u.id))
            .collect();
        for p in pending {
            let user = by_tag.get(&p.tag).copied();
            let action = if p.refused {
                AuditAction::SignInRefused
            } else {
                AuditAction::SignInFailed
            };
            let mut ev = AuditEvent::new(None, action)
                .details(serde_json::json!({ "at": p.at, "knownUser": user.is_some() }));
            if let Some(id) = user {
                ev = ev.on("user", id);
            }
            audit::append(&tx, self.now(), ev)?;
        }
        tx.commit()
    }

    pub fn sign_in(&self, username: &str, password: &Password) -> CoreResult<Session> {
        let kf = self.require_vault()?;
        let th = self.throttle(&kf);
        let attempt = th.attempt(username, self.now())?;
        let opened = match kf.unlock_user(username, password) {
            Ok(v) => v,
            Err(VaultError::WrongPassword) => {
                attempt.failed()?;
                return Err(CoreError::AuthFailed);
            }
            Err(e) => return Err(e.into()),
        };
        // A disabled user's slot holds no key: nothing to open, the refusal is audited later.
        if opened.db_key.is_none() {
            attempt.refused()?;
            return Err(CoreError::AccountDisabled);
        }
        // From here the key file is held. A colleague's password change since the slot was
        // opened (argon2 takes a while, and is done outside the hold) has rotated the database
        // key: it is taken from the slot again, which needs no password, rather than the vault
        // being opened with the old one.
        let _editing = self.ctx.editing_key_file();
        let kf = self.require_vault()?;
        let Some(key) = kf.open_again(&opened).ok().and_then(|o| o.db_key) else {
            attempt.refused()?;
            return Err(CoreError::AccountDisabled);
        };
        let st = self.store_for(&kf, &key)?;
        let user_id = opened.user_id().ok_or(CoreError::AuthFailed)?;
        let user = users::by_id(&st.read()?, user_id)?;
        let Some(user) = user.filter(|u| !u.removed) else {
            attempt.failed()?;
            return Err(CoreError::AuthFailed);
        };
        self.flush_failures(&st, &th)?;
        if !user.active {
            attempt.refused()?;
            let tx = st.write()?;
            audit::append(
                &tx,
                self.now(),
                AuditEvent::new(Some(user.id), AuditAction::SignInRefused),
            )?;
            tx.commit()?;
            return Err(CoreError::AccountDisabled);
        }
        attempt.succeeded()?;
        let tx = st.write()?;
        users::mark_signed_in(&tx, user.id, &stamp(self.now()))?;
        audit::append(
            &tx,
            self.now(),
            AuditEvent::new(Some(user.id), AuditAction::SignIn),
        )?;
        tx.commit()?;
        let held = crate::keyring::held_from(&opened);
        let mut s = Session::load(st, key, self.ctx.clone(), user.id, held)?;
        crate::keys::settle(&mut s, Some(&opened))?;
        crate::keys::remove_legacy_fallback(&self.ctx.paths);
        let mut opened = opened;
        opened.forget_password_key();
        s.slot = Some(opened);
        Ok(s)
    }

    /// Opens the vault with the office server host's credential (see `unattended`): the host
    /// slot's database key, acting for the administrator who set it up, with no category key.
    /// Refused once unattended restart is turned off, or when that person may no longer
    /// manage Kluis (disabled, removed, or no longer an administrator).
    pub fn unlock_unattended(&self, credential: &str) -> CoreResult<Session> {
        let _editing = self.ctx.editing_key_file();
        let kf = self.require_vault()?;
        let secret = crate::unattended::parse(credential, &kf.vault_id())?;
        let opened = kf.unlock_host(&secret).map_err(|e| match e {
            VaultError::NoSuchSlot => CoreError::Office(OfficeFailure::UnattendedCredential),
            other => other.into(),
        })?;
        let host = kf
            .host()
            .ok_or(CoreError::Office(OfficeFailure::UnattendedCredential))?;
        let key = opened
            .db_key
            .clone()
            .ok_or(CoreError::Internal("host slot without key"))?;
        let st = self.store_for(&kf, &key)?;
        let tx = st.read()?;
        if !crate::unattended::is_allowed(&tx)? {
            return Err(CoreError::Office(OfficeFailure::UnattendedNotAllowed));
        }
        let user = users::by_id(&tx, host.acting_user_id)?
            .filter(|u| !u.removed && u.active)
            .ok_or(CoreError::AccountDisabled)?;
        if !users::grants_of(&tx, user.id)?.contains(&(Category::Admin, Action::Manage)) {
            return Err(CoreError::Denied);
        }
        drop(tx);
        {
            let tx = st.write()?;
            audit::append(
                &tx,
                self.now(),
                AuditEvent::new(Some(user.id), AuditAction::ServerUnlockedUnattended)
                    .category(Category::Admin.as_str()),
            )?;
            tx.commit()?;
        }
        Session::load(st, key, self.ctx.clone(), user.id, vec![])
    }

    /// Unlocks with the recovery key and gives an administrator a new password: a new key
    /// pair, and (as after any reset) a new database key. Category keys waiting for a holder
    /// are handed over from the recovery slot on the way.
    pub fn recover(
        &self,
        recovery_key: &str,
        username: &str,
        new_password: &Password,
    ) -> CoreResult<Session> {
        let ctx = self.ctx.clone();
        let _editing = ctx.editing_key_file();
        let kf = self.require_vault()?;
        let th = self.throttle(&kf);
        let rk = RecoveryKey::parse(recovery_key).map_err(|_| CoreError::RecoveryKeyInvalid)?;
        let attempt = th.attempt(throttle::RECOVERY, self.now())?;
        let opened = match kf.unlock_recovery(&rk) {
            Ok(v) => v,
            Err(VaultError::RecoveryKeyWrong) => {
                attempt.failed()?;
                return Err(CoreError::RecoveryKeyInvalid);
            }
            Err(e) => return Err(e.into()),
        };
        let key = opened
            .db_key
            .clone()
            .ok_or(CoreError::Internal("recovery slot without key"))?;
        let st = self.store_for(&kf, &key)?;
        attempt.succeeded()?;
        let uname = validate::username_field("username", username)?;
        let user = users::by_username(&st.read()?, &uname)?
            .filter(|u| !u.removed)
            .ok_or(CoreError::UserNotFound)?;
        let grants = users::grants_of(&st.read()?, user.id)?;
        if !grants.contains(&(Category::Admin, Action::Manage)) {
            return Err(CoreError::Denied);
        }
        let org = settings::get(&st.read()?, settings::ORG_NAME)?.unwrap_or_default();
        password::require_strong(
            "newPassword",
            new_password.expose(),
            &[&org, &user.username, &user.display_name],
        )?;
        let now = stamp(self.now());
        {
            let tx = st.write()?;
            users::set_active(&tx, user.id, true, &now)?;
            users::set_must_change_password(&tx, user.id, false, &now)?;
            users::mark_signed_in(&tx, user.id, &now)?;
            users::record_event(&tx, user.id, "password_reset", &now, user.id)?;
            audit::append(
                &tx,
                self.now(),
                AuditEvent::new(Some(user.id), AuditAction::RecoveryUnlock),
            )?;
            audit::append(
                &tx,
                self.now(),
                AuditEvent::new(Some(user.id), AuditAction::UserPasswordReset)
                    .on("user", user.id)
                    .category(Category::Admin.as_str()),
            )?;
            tx.commit()?;
        }
        let mut kf = kf;
        let slot = kf.set_user(&key, user.id, &user.username, new_password, self.ctx.kdf)?;
        let mut s = Session::load(st, key, self.ctx.clone(), user.id, vec![])?;
        s.slot = Some(slot);
        crate::keys::custody::sync(&mut s, &mut kf, &crate::keyring::held_from(&opened))?;
        crate::keys::rotate(&mut s, kf)?;
        crate::keys::settle(&mut s, Some(&opened))?;
        crate::keys::remove_legacy_fallback(&self.ctx.paths);
        Ok(s)
    }
}

/// Creates an empty file only the owner can read; the database engine gives its WAL the same mode.
fn private_file(path: &std::path::Path) -> CoreResult<()> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)?;
    Ok(())
}

fn remove_db_files(db: &std::path::Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        let _ = fs::remove_file(std::path::PathBuf::from(p));
    }
}
