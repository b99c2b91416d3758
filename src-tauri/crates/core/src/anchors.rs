//! Anchors of the audit chain: its head (id, hash) written down outside the database as the
//! chain grows. A tail cut off, or the chain rewritten, by someone holding the database key is
//! found by the first anchor it contradicts. Anchors live in every backup's manifest, in the
//! anchors file beside the vault (`kluis.anchors`, kept at every sign-out and backup), on the
//! Health screen for an administrator to note down, and can be given by hand
//! (`kluis verify --anchor ID:HASH`).
//!
//! The anchors file carries a MAC under a key derived from the vault's audit key: a file someone
//! edited or swapped in is refused, not used; it is set aside (kept as evidence) and a new one
//! begun.
use crate::clock::stamp;
use crate::error::CoreResult;
use crate::paths::VaultPaths;
use crate::store::audit;
use crate::store::{secrets, ReadTx};
use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use ts_rs::TS;

const FORMAT: &str = "kluis-anchors";
/// The anchors file keeps this many of the newest heads.
const KEEP: usize = 64;

/// One head of the chain as it was written down.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Anchor {
    #[ts(type = "number")]
    pub id: i64,
    pub hash: String,
    /// When it was written down (absent for one given by hand).
    pub at: Option<String>,
}

impl Anchor {
    /// `ID:HASH` as Health shows it and `kluis verify --anchor` takes it. The hash may be
    /// shortened to its first 16 or more hex digits (what a person copies down).
    pub fn parse(text: &str) -> Option<Anchor> {
        let (id, hash) = text.trim().split_once(':')?;
        let hash = hash.trim().to_ascii_lowercase();
        if hash.len() < 16 || hash.len() > 64 || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        Some(Anchor {
            id: id.trim().parse().ok().filter(|i| *i > 0)?,
            hash,
            at: None,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AnchorsFile {
    format: String,
    vault_id: String,
    anchors: Vec<Anchor>,
    mac: String,
}

fn mac_key(conn: &ReadTx) -> CoreResult<[u8; 32]> {
    let audit = secrets::get(conn, secrets::AUDIT)?;
    let mut out = [0u8; 32];
    Hkdf::<Sha256>::new(None, audit.as_ref())
        .expand(b"kluis/anchors-file/v1", &mut out)
        .expect("32-byte HKDF output");
    Ok(out)
}

fn compute_mac(key: &[u8; 32], vault_id: &str, anchors: &[Anchor]) -> String {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any key length");
    mac.update(FORMAT.as_bytes());
    mac.update(b"\0");
    mac.update(vault_id.as_bytes());
    for a in anchors {
        mac.update(format!("\0{}:{}:{}", a.id, a.hash, a.at.as_deref().unwrap_or("")).as_bytes());
    }
    audit::hex(&mac.finalize().into_bytes())
}

/// What reading the anchors file found.
pub enum FileState {
    Absent,
    Sound(Vec<Anchor>),
    /// It does not authenticate (edited, swapped, or from another vault).
    Altered,
}

pub fn read(paths: &VaultPaths, conn: &ReadTx, vault_id: &str) -> CoreResult<FileState> {
    let bytes = match std::fs::read(paths.anchors()) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileState::Absent),
        Err(e) => return Err(e.into()),
    };
    let Ok(f) = serde_json::from_slice::<AnchorsFile>(&bytes) else {
        return Ok(FileState::Altered);
    };
    let key = mac_key(conn)?;
    let expected = compute_mac(&key, vault_id, &f.anchors);
    let same = f.format == FORMAT
        && f.vault_id == vault_id
        && expected.len() == f.mac.len()
        && expected
            .bytes()
            .zip(f.mac.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    Ok(if same {
        FileState::Sound(f.anchors)
    } else {
        FileState::Altered
    })
}

/// Writes the chain's current head into the anchors file (at sign-out, lock and backup). An
/// altered file is set aside as `kluis.anchors.altered-<time>` and a new one begun: it is
/// evidence, and `verify` keeps reporting it while it is there.
pub fn record(
    paths: &VaultPaths,
    conn: &ReadTx,
    vault_id: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> CoreResult<()> {
    let (id, hash) = audit::head(conn)?;
    if id == 0 {
        return Ok(());
    }
    let mut anchors = match read(paths, conn, vault_id)? {
        FileState::Sound(a) => a,
        FileState::Absent => Vec::new(),
        FileState::Altered => {
            let aside = paths.dir.join(format!(
                "kluis.anchors.altered-{}",
                now.format("%Y%m%d%H%M%S")
            ));
            std::fs::rename(paths.anchors(), aside)?;
            Vec::new()
        }
    };
    if anchors.last().is_some_and(|a| a.id == id) {
        return Ok(());
    }
    anchors.push(Anchor {
        id,
        hash,
        at: Some(stamp(now)),
    });
    if anchors.len() > KEEP {
        anchors.drain(..anchors.len() - KEEP);
    }
    let f = AnchorsFile {
        format: FORMAT.into(),
        vault_id: vault_id.into(),
        mac: compute_mac(&mac_key(conn)?, vault_id, &anchors),
        anchors,
    };
    let bytes = serde_json::to_vec_pretty(&f).expect("anchors serialise");
    kluis_vault::write_atomic(&paths.anchors(), &bytes, false)?;
    Ok(())
}

/// Altered anchors files set aside earlier (still evidence until someone looks at them).
pub fn set_aside(paths: &VaultPaths) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(&paths.dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with("kluis.anchors.altered-"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Where an anchor came from, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AnchorSource {
    Backup,
    AnchorsFile,
    Given,
}

/// The first anchor the live chain contradicts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Contradiction {
    pub source: AnchorSource,
    /// The backup's file name, when the anchor came from one.
    pub file: Option<String>,
    #[ts(type = "number")]
    pub anchor_id: i64,
    /// cut: the chain ends before the anchor; rewritten: the entry there has another hash.
    pub kind: String,
}

/// Checks the chain's rows against anchors: the first contradiction, in anchor order.
pub fn contradiction(
    rows: &std::collections::HashMap<i64, String>,
    last_id: i64,
    anchors: &[(AnchorSource, Option<String>, Anchor)],
) -> Option<Contradiction> {
    let mut sorted: Vec<&(AnchorSource, Option<String>, Anchor)> = anchors.iter().collect();
    sorted.sort_by_key(|(_, _, a)| a.id);
    for (source, file, a) in sorted {
        let kind = if a.id > last_id {
            "cut"
        } else {
            match rows.get(&a.id) {
                Some(h) if h.starts_with(&a.hash) => continue,
                _ => "rewritten",
            }
        };
        return Some(Contradiction {
            source: *source,
            file: file.clone(),
            anchor_id: a.id,
            kind: kind.into(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_anchor_is_read_as_a_person_copies_it() {
        let a = Anchor::parse(" 42:ABCDEF0123456789ff ").unwrap();
        assert_eq!((a.id, a.hash.as_str()), (42, "abcdef0123456789ff"));
        assert!(Anchor::parse("42:abc").is_none());
        assert!(Anchor::parse("x:abcdef0123456789").is_none());
        assert!(Anchor::parse("0:abcdef0123456789").is_none());
        assert!(Anchor::parse("42abcdef0123456789").is_none());
    }

    #[test]
    fn the_first_contradicted_anchor_is_named() {
        let rows: std::collections::HashMap<i64, String> =
            [(1, "aa".repeat(32)), (2, "bb".repeat(32))]
                .into_iter()
                .collect();
        let a = |id: i64, h: &str| Anchor {
            id,
            hash: h.into(),
            at: None,
        };
        let ok = [(AnchorSource::Given, None, a(2, &"bb".repeat(8)))];
        assert_eq!(contradiction(&rows, 2, &ok), None);
        let cut = [
            (
                AnchorSource::Backup,
                Some("b1".into()),
                a(5, &"cc".repeat(32)),
            ),
            (AnchorSource::AnchorsFile, None, a(1, &"aa".repeat(32))),
        ];
        let c = contradiction(&rows, 2, &cut).unwrap();
        assert_eq!(
            (c.anchor_id, c.kind.as_str(), c.source),
            (5, "cut", AnchorSource::Backup)
        );
        let rewritten = [(AnchorSource::AnchorsFile, None, a(2, &"ab".repeat(32)))];
        assert_eq!(
            contradiction(&rows, 2, &rewritten).unwrap().kind,
            "rewritten"
        );
    }
}
