//! The key pair backups are sealed to. It is derived from the backup category key, which the
//! administrators' slots (and the recovery slot) hold in every version: a current administrator
//! opens every backup this vault made, whatever their password was then, and someone no longer
//! an administrator opens none made since. The public half is kept in the database, so an
//! automatic backup started by anyone's session can seal to it without holding the key.
use crate::error::CoreResult;
use crate::store::settings;
use crate::store::{ReadTx, WriteTx};
use kluis_vault::CategoryKey;
use x25519_dalek::{PublicKey, StaticSecret};

const PUBLISHED: &str = "backup_public_key";

/// The stanza label of a backup key version.
pub fn label(id: u32) -> String {
    format!("vault:{id}")
}

pub fn secret(key: &CategoryKey) -> StaticSecret {
    StaticSecret::from(*key.derive(b"kluis/backup/x25519/v1"))
}

/// Keeps the public half of the newest backup key where every session can read it.
pub(crate) fn publish(conn: &WriteTx, id: u32, key: &CategoryKey) -> CoreResult<()> {
    let public = PublicKey::from(&secret(key));
    let value = format!("{id}:{}", hex(public.as_bytes()));
    if settings::get(conn, PUBLISHED)?.as_deref() != Some(value.as_str()) {
        settings::set(conn, PUBLISHED, &value)?;
    }
    Ok(())
}

/// The newest backup key's id and public half.
pub(crate) fn published(conn: &ReadTx) -> CoreResult<Option<(u32, [u8; 32])>> {
    let Some(v) = settings::get(conn, PUBLISHED)? else {
        return Ok(None);
    };
    let parse = || -> Option<(u32, [u8; 32])> {
        let (id, h) = v.split_once(':')?;
        let bytes: Vec<u8> = (0..h.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(h.get(i..i + 2)?, 16).ok())
            .collect::<Option<_>>()?;
        Some((id.parse().ok()?, bytes.try_into().ok()?))
    };
    Ok(parse())
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
