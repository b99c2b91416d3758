//! What a backup says about itself: the sealed file's metadata, authenticated by the header MAC
//! once the file is opened. It carries the key file (whose slots open the backup and its
//! database), the audit chain's head (an anchor) and how far the erasure ledger reached.
use crate::error::{CoreError, CoreResult};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "kluis-backup";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub vault_id: String,
    pub created_at: String,
    /// manual, daily or sign_out.
    pub kind: String,
    /// The key file as it was: its slots open the snapshot's database key.
    pub key_file: String,
    /// Hex of the audit trail's last hash when the snapshot was taken.
    pub audit_head: String,
    /// The highest erasure ledger id in the snapshot; later erasures are re-applied on restore.
    pub erasure_mark: i64,
    /// The snapshot's size in bytes.
    pub db_bytes: u64,
    pub app_version: String,
}

impl Manifest {
    /// Reads the metadata of a sealed file as a backup manifest (not yet authenticated).
    pub fn parse(metadata: &[u8]) -> CoreResult<Manifest> {
        #[derive(Deserialize)]
        struct Head {
            format: String,
            version: u32,
        }
        let head: Head = serde_json::from_slice(metadata)
            .map_err(|_| CoreError::SealedDamaged("it is not a Kluis backup"))?;
        if head.format != FORMAT {
            return Err(CoreError::SealedDamaged("it is not a Kluis backup"));
        }
        if head.version != VERSION {
            return Err(CoreError::SealedDamaged(
                "a backup format version this build does not read",
            ));
        }
        serde_json::from_slice(metadata)
            .map_err(|_| CoreError::SealedDamaged("its backup description is malformed"))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a manifest serialises")
    }
}
