//! A signed-in person's session: the open database, the key, who they are and what they may do,
//! and the category keys their roles grant. Every service takes a `&Session`; there is no other
//! way to reach the store.
use crate::access::{Action, Category, Rights};
use crate::context::VaultCtx;
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::{SessionInfo, UiPermissions};
use crate::error::{CoreError, CoreResult};
use crate::keyring::{HeldKey, KeyCategory};
use crate::store::audit;
use crate::store::{settings, users, ReadTx, Store, WriteTx};
use chrono::{DateTime, Utc};
use kluis_vault::{CategoryKey, DbKey};
use std::cell::Cell;
use std::sync::Arc;

pub const DEFAULT_AUTO_LOCK_MINUTES: u32 = 10;

pub struct Session {
    pub(crate) store: Arc<Store>,
    pub(crate) key: DbKey,
    pub(crate) ctx: Arc<VaultCtx>,
    pub(crate) user: users::UserRow,
    pub(crate) roles: Vec<String>,
    pub(crate) rights: Rights,
    pub(crate) auto_lock_minutes: u32,
    last_activity: Cell<DateTime<Utc>>,
    /// The store's commit count when rights were last read: a write since (this person's roles
    /// changed by an administrator, the auto-lock setting) makes the next command read them again.
    /// The store's rights epoch when the rights were last read.
    seen_epoch: Cell<u64>,
    /// The key file as last read (it changes without the database: a password change).
    key_file_seen: Cell<Option<FileStamp>>,
    /// Category keys (every version held) of the categories this person's roles grant.
    pub(crate) category_keys: Vec<HeldKey>,
    /// The person's opened key slot (its private key, never written anywhere): what is sealed
    /// to them while they are signed in (a category key handed over, a new version) is opened
    /// with it. None for sessions that act as the system.
    pub(crate) slot: Option<kluis_vault::Unlocked>,
}

/// A second session of a signed-in person, for work that runs beside their own (the daily
/// retention and backup) so their window is not held for its length. It holds the vault's
/// whole-vault lock until dropped: a restore waits for it rather than replace the file under it.
/// Dropped, never ended: nobody signed in or out.
pub struct Beside {
    session: Session,
    _whole: crate::context::WholeVault,
}

impl Beside {
    pub fn session(&self) -> &Session {
        &self.session
    }
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("user_id", &self.user.id)
            .finish_non_exhaustive()
    }
}

/// Why a session ended, for the audit trail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    SignOut,
    Lock,
    AutoLock,
    /// A restore is about to replace the vault: nothing more is written to the old one (its
    /// audit trail was carried into the restored copy, which records the restore).
    Restore,
}

impl Session {
    pub(crate) fn load(
        store: Arc<Store>,
        key: DbKey,
        ctx: Arc<VaultCtx>,
        user_id: i64,
        category_keys: Vec<HeldKey>,
    ) -> CoreResult<Session> {
        let now = ctx.clock.now();
        let user = users::by_id(&store.read()?, user_id)?.ok_or(CoreError::AuthFailed)?;
        let mut s = Session {
            store,
            key,
            ctx,
            user,
            roles: vec![],
            rights: Rights::default(),
            auto_lock_minutes: DEFAULT_AUTO_LOCK_MINUTES,
            last_activity: Cell::new(now),
            seen_epoch: Cell::new(u64::MAX),
            key_file_seen: Cell::new(None),
            category_keys,
            slot: None,
        };
        s.reload()?;
        Ok(s)
    }

    /// A session beside this one (see `Beside`); None while a restore holds the vault. Called
    /// under the window's session lock, so a restore cannot end this session meanwhile.
    pub fn beside(&self) -> CoreResult<Option<Beside>> {
        let Some(whole) = self.ctx.whole.try_lock_arc() else {
            return Ok(None);
        };
        let session = Session::load(
            self.store.clone(),
            self.key.clone(),
            self.ctx.clone(),
            self.user.id,
            self.category_keys.clone(),
        )?;
        Ok(Some(Beside {
            session,
            _whole: whole,
        }))
    }

    /// Re-reads the user's row, roles, rights and the auto-lock setting.
    pub(crate) fn reload(&mut self) -> CoreResult<()> {
        let seen = self.store.rights_epoch();
        let tx = self.read()?;
        let user = users::by_id(&tx, self.user.id)?.ok_or(CoreError::Locked)?;
        if user.removed || !user.active {
            return Err(CoreError::Locked);
        }
        self.roles = users::role_keys(&tx, user.id)?;
        self.rights = Rights::from_grants(users::grants_of(&tx, user.id)?, user.may_delete);
        self.auto_lock_minutes = settings::get(&tx, settings::AUTO_LOCK_MINUTES)?
            .and_then(|v| v.parse().ok())
            .unwrap_or(DEFAULT_AUTO_LOCK_MINUTES);
        drop(tx);
        self.user = user;
        self.seen_epoch.set(seen);
        let stamp = FileStamp::of(&self.ctx.paths.keys());
        // A role taken away takes its keys out of this session at once; keys sealed to the
        // person since they signed in (a role given, a key handed over or renewed) come in.
        let rights = self.rights.clone();
        if self.pick_up_category_keys() {
            self.key_file_seen.set(stamp);
        }
        self.category_keys.retain(|(c, _, _)| c.allowed(&rights));
        Ok(())
    }

    /// Adds the category keys sealed to this person's slot that the session does not hold yet,
    /// and takes the current database key from it.
    /// False when the key file could not be read or opened now (asked again next time).
    pub(crate) fn pick_up_category_keys(&mut self) -> bool {
        let Some(slot) = &self.slot else { return true };
        let Ok(kf) = kluis_vault::KeyFile::load(&self.ctx.paths.keys()) else {
            return false;
        };
        let Ok(opened) = kf.open_again(slot) else {
            return false;
        };
        // The database key moves on when a password is changed or someone loses access
        // (keys::rotate), re-sealed to every slot. A session open at the time (the office
        // server has many) takes the new one from its own slot, or its next change of the key
        // file would not authenticate.
        if let Some(key) = &opened.db_key {
            if *key != self.key {
                self.key = key.clone();
            }
        }
        for (c, id, key) in crate::keyring::held_from(&opened) {
            if !self
                .category_keys
                .iter()
                .any(|(k, i, _)| *k == c && *i == id)
            {
                self.category_keys.push((c, id, key));
            }
        }
        true
    }

    /// Holds the key file for a change (see `VaultCtx::key_file`), this session's database
    /// key first brought up to date: a colleague's change may have rotated it since it was
    /// read, and a change sealed with the old one would not authenticate.
    pub(crate) fn edit_key_file(&mut self) -> crate::context::KeyFileHold {
        let hold = self.ctx.editing_key_file();
        self.pick_up_category_keys();
        hold
    }

    /// The newest key of a category this session holds.
    pub(crate) fn category_key(&self, c: KeyCategory) -> CoreResult<(u32, &CategoryKey)> {
        self.category_keys
            .iter()
            .filter(|(k, _, _)| *k == c)
            .max_by_key(|(_, id, _)| *id)
            .map(|(_, id, key)| (*id, key))
            .ok_or(CoreError::CategoryKeyUnavailable(c.as_str()))
    }

    /// A given version of a category key (what an older value was sealed with).
    pub(crate) fn category_key_version(&self, c: KeyCategory, id: u32) -> CoreResult<&CategoryKey> {
        self.category_keys
            .iter()
            .find(|(k, i, _)| *k == c && *i == id)
            .map(|(_, _, key)| key)
            .ok_or(CoreError::CategoryKeyUnavailable(c.as_str()))
    }

    /// A read transaction on the vault (see `store::Store::read`).
    pub(crate) fn read(&self) -> CoreResult<ReadTx> {
        self.store.read()
    }

    /// A write transaction on the vault (see `store::Store::write`).
    pub(crate) fn write(&self) -> CoreResult<WriteTx> {
        self.store.write()
    }

    /// Runs `f` in a write transaction of its own (or joined to this thread's), committed
    /// when `f` succeeds.
    pub(crate) fn atomically<T>(&self, f: impl FnOnce(&WriteTx) -> CoreResult<T>) -> CoreResult<T> {
        let tx = self.write()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Re-reads rights when anything was written since they were read, so a change of roles
    /// takes effect at the next command, without signing in again.
    pub(crate) fn refresh_if_changed(&mut self) -> CoreResult<()> {
        if self.store.rights_epoch() != self.seen_epoch.get() {
            return self.reload();
        }
        // The key file alone changed (someone's password, a key rotated): the current database
        // key and any category keys sealed to this person since are taken from it.
        let stamp = FileStamp::of(&self.ctx.paths.keys());
        // Looked at again next time if it could not be read now (being replaced, say).
        if stamp != self.key_file_seen.get() && self.pick_up_category_keys() {
            self.key_file_seen.set(stamp);
        }
        Ok(())
    }

    pub fn user_id(&self) -> i64 {
        self.user.id
    }

    pub fn username(&self) -> &str {
        &self.user.username
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.ctx.clock.now()
    }

    pub fn rights(&self) -> &Rights {
        &self.rights
    }

    /// Someone who must change their (initial or reset) password may do nothing else first.
    /// Shells apply this before every service they call (`SessionSlot::with`, the CLI), so
    /// it holds for services that need no particular grant too.
    pub fn gate(&self) -> CoreResult<()> {
        if self.user.must_change_password {
            return Err(CoreError::PasswordChangeRequired);
        }
        Ok(())
    }

    /// The gate in front of every service. A user who must change their password may do
    /// nothing else first; a missing grant is refused and written to the audit trail.
    pub fn require(&self, c: Category, a: Action) -> CoreResult<()> {
        self.gate()?;
        if self.rights.allows(c, a) {
            return Ok(());
        }
        let _ = self.audit(
            AuditEvent::new(Some(self.user.id), AuditAction::AccessDenied)
                .category(c.as_str())
                .details(serde_json::json!({ "action": a.as_str() })),
        );
        Err(CoreError::Denied)
    }

    /// Appends to the audit trail, inside this thread's write transaction if one is open.
    pub(crate) fn audit(&self, ev: AuditEvent<'_>) -> CoreResult<i64> {
        self.atomically(|tx| audit::append(tx, self.now(), ev))
    }

    pub fn info(&self) -> CoreResult<SessionInfo> {
        let tx = self.read()?;
        let org_name = settings::get(&tx, settings::ORG_NAME)?.unwrap_or_default();
        let r = &self.rights;
        // Only administrators can confirm the recovery key; nobody else is asked about it.
        let confirmed = !r.allows(Category::Admin, Action::Manage)
            || settings::get(&tx, settings::RECOVERY_KEY_CONFIRMED_AT)?.is_some();
        Ok(SessionInfo {
            user_id: self.user.id,
            username: self.user.username.clone(),
            display_name: self.user.display_name.clone(),
            roles: self.roles.clone(),
            org_name,
            must_change_password: self.user.must_change_password,
            recovery_key_confirmed: confirmed,
            auto_lock_minutes: self.auto_lock_minutes,
            can: UiPermissions {
                manage_users: r.allows(Category::Admin, Action::Manage),
                manage_security: r.allows(Category::Admin, Action::Manage),
                view_audit: r.allows(Category::Audit, Action::View),
                contact_create: r.allows(Category::Contact, Action::Create),
                contact_edit: r.allows(Category::Contact, Action::Edit),
                contact_delete: r.allows(Category::Contact, Action::Delete),
                view_sales: r.allows(Category::Sales, Action::View),
                grants: r.grants().map(|g| crate::dto::GrantDto::from(*g)).collect(),
            },
        })
    }

    /// True when the person has been idle longer than the auto-lock setting.
    pub fn idle_expired(&self) -> bool {
        let idle = self.now() - self.last_activity.get();
        idle > chrono::Duration::minutes(self.auto_lock_minutes as i64)
    }

    /// Records activity (any command, or the UI's activity ping).
    pub fn touch(&self) {
        self.last_activity.set(self.now());
    }

    /// Ends the session: audited, the WAL folded back, the connection closed and the key
    /// zeroized (DbKey zeroizes on drop).
    pub fn end(self, reason: EndReason) {
        let action = match reason {
            EndReason::SignOut => AuditAction::SignOut,
            EndReason::Lock => AuditAction::Lock,
            EndReason::AutoLock => AuditAction::AutoLock,
            EndReason::Restore => return,
        };
        let _ = self.audit(AuditEvent::new(Some(self.user.id), action));
        // The chain's head is written down outside the database (see `anchors`).
        let vault_id = self
            .read()
            .and_then(|tx| settings::get(&tx, settings::VAULT_ID));
        if let Ok(Some(vault_id)) = vault_id {
            let _ = self
                .read()
                .and_then(|tx| crate::anchors::record(&self.ctx.paths, &tx, &vault_id, self.now()));
        }
        let _ = self.store.checkpoint();
    }
}

/// The desktop app holds at most one session. This wrapper applies the idle rule before any
/// command runs, so auto-lock holds even if the UI's own timer never fires.
#[derive(Default)]
pub struct SessionSlot(Option<Session>);

impl SessionSlot {
    pub fn set(&mut self, s: Session) {
        if let Some(old) = self.0.take() {
            old.end(EndReason::SignOut);
        }
        self.0 = Some(s);
    }

    pub fn end(&mut self, reason: EndReason) {
        if let Some(s) = self.0.take() {
            s.end(reason);
        }
    }

    pub fn is_open(&self) -> bool {
        self.0.is_some()
    }

    /// The session as it may act now, without counting as activity (live refresh asks whether
    /// to tell it of a change; that must not keep it from locking): None when idle past its
    /// auto-lock time, when it must first change its password, or when its account was disabled
    /// or removed meanwhile (then it is closed, as at its next command). Rights changed elsewhere
    /// are read first, so an event is never judged on rights taken away.
    pub fn peek(&mut self) -> Option<&Session> {
        let s = self.0.as_mut()?;
        if s.idle_expired() {
            return None;
        }
        if let Err(e) = s.refresh_if_changed() {
            if matches!(e, CoreError::Locked) {
                self.0 = None;
            }
            return None;
        }
        let s = self.0.as_ref()?;
        s.gate().ok()?;
        Some(s)
    }

    /// Ends the session if it has been idle past the auto-lock time: called by a timer in the
    /// shell, so the key leaves memory on time even when no command comes (the window was
    /// left, the UI's own timer never fired). True when it locked.
    pub fn lock_if_idle(&mut self) -> bool {
        if self.0.as_ref().is_some_and(|s| s.idle_expired()) {
            self.end(EndReason::AutoLock);
            return true;
        }
        false
    }

    /// Runs `f` with the session, or fails with `Locked` if there is none or it idled out, or
    /// with `PasswordChangeRequired` while the person must first change their password.
    pub fn with<T>(&mut self, f: impl FnOnce(&mut Session) -> CoreResult<T>) -> CoreResult<T> {
        self.with_account(|s| {
            s.gate()?;
            f(s)
        })
    }

    /// As `with`, for what someone who must change their password may still do: change it,
    /// see who they are, sign out.
    pub fn with_account<T>(
        &mut self,
        f: impl FnOnce(&mut Session) -> CoreResult<T>,
    ) -> CoreResult<T> {
        let expired = match &self.0 {
            None => return Err(CoreError::Locked),
            Some(s) => s.idle_expired(),
        };
        if expired {
            self.end(EndReason::AutoLock);
            return Err(CoreError::Locked);
        }
        let s = self.0.as_mut().ok_or(CoreError::Locked)?;
        s.touch();
        let out = s.refresh_if_changed().and_then(|()| f(s));
        // A session whose own account was disabled or removed meanwhile is closed.
        if matches!(out, Err(CoreError::Locked)) {
            self.0 = None;
        }
        out
    }
}

/// Whether a file was replaced or changed since it was last looked at: its inode (a file
/// written atomically is a new one), length and modification time. One `stat`, no read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    inode: u64,
    len: u64,
    modified: Option<std::time::SystemTime>,
}

impl FileStamp {
    fn of(path: &std::path::Path) -> Option<FileStamp> {
        let m = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&m);
        #[cfg(not(unix))]
        let inode = 0;
        Some(FileStamp {
            inode,
            len: m.len(),
            modified: m.modified().ok(),
        })
    }
}
