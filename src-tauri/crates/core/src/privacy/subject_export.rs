//! Access and portability exports (Art. 15, 20): one action writes `data.json` with its JSON
//! Schema, `contact.vcf` (vCard 4.0), a CSV per entity and `report.html` in the subject's
//! language, into a new folder or, with a passphrase given to the subject separately, into one
//! sealed file (a tar archive sealed as SECURITY.md describes). Needs privacy.export and
//! contact.view; a restricted person's data is exported only for their own access or
//! portability request. Audited with the person's id and the file names, never the contents.
use super::subject_data::{self, SubjectData};
use super::subject_report;
use crate::access::{Action, Category};
use crate::dto::audit::{AuditAction, AuditEvent};
use crate::dto::requests::{RequestKind, RequestStatus};
use crate::error::{CoreError, CoreResult, ValidationReason as R};
use crate::session::Session;
use kluis_vault::sealed::{self, Opener, Recipient, SealError};
use kluis_vault::{KdfParams, Password};
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// The schema `data.json` follows (draft 2020-12), shipped inside every export.
pub const SCHEMA: &str = include_str!("subject_schema.json");

/// What an export produced.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SubjectExportResult {
    /// The folder's or sealed file's name (not its parent folder).
    pub name: String,
    pub files: Vec<String>,
    pub sealed: bool,
}

fn csv_bytes(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> CoreResult<Vec<u8>> {
    crate::export::csv_out::bytes(header, rows)
}

fn o(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

/// The files of an export, in the order they are listed to the subject.
pub fn files(
    d: &SubjectData,
    person: &crate::dto::crm::Person,
) -> CoreResult<Vec<(String, Vec<u8>)>> {
    let s = &d.subject;
    let mut out = vec![
        (
            "data.json".to_string(),
            serde_json::to_vec_pretty(d).map_err(|_| CoreError::Internal("json"))?,
        ),
        ("data.schema.json".to_string(), SCHEMA.as_bytes().to_vec()),
        (
            "contact.vcf".to_string(),
            crate::export::vcard::person(person).into_bytes(),
        ),
        (
            "person.csv".to_string(),
            csv_bytes(
                &[
                    "id",
                    "salutation",
                    "given_name",
                    "tussenvoegsel",
                    "family_name",
                    "date_of_birth",
                    "organisation",
                    "job_title",
                    "preferred_language",
                    "source",
                    "notes",
                    "tags",
                    "created_at",
                    "updated_at",
                ],
                [vec![
                    s.id.to_string(),
                    o(&s.salutation),
                    s.given_name.clone(),
                    s.tussenvoegsel.clone(),
                    s.family_name.clone(),
                    o(&s.date_of_birth),
                    o(&s.organisation),
                    o(&s.job_title),
                    o(&s.preferred_language),
                    o(&s.source),
                    o(&s.notes),
                    s.tags.join(", "),
                    s.created_at.clone(),
                    s.updated_at.clone(),
                ]],
            )?,
        ),
    ];
    let contact_points = d
        .emails
        .iter()
        .map(|c| vec!["email".into(), o(&c.label), c.value.clone()])
        .chain(
            d.phones
                .iter()
                .map(|c| vec!["phone".into(), o(&c.label), c.value.clone()]),
        );
    out.push((
        "contact_points.csv".into(),
        csv_bytes(&["kind", "label", "value"], contact_points)?,
    ));
    out.push((
        "addresses.csv".into(),
        csv_bytes(
            &["label", "street", "postcode", "city", "country"],
            d.addresses.iter().map(|a| {
                vec![
                    o(&a.label),
                    o(&a.street),
                    o(&a.postcode),
                    o(&a.city),
                    o(&a.country),
                ]
            }),
        )?,
    ));
    out.push((
        "timeline.csv".into(),
        csv_bytes(
            &["kind", "occurred_at", "author", "text"],
            d.timeline.iter().map(|t| {
                vec![
                    t.kind.into(),
                    t.occurred_at.clone(),
                    o(&t.author),
                    t.text.clone(),
                ]
            }),
        )?,
    ));
    out.push((
        "deals.csv".into(),
        csv_bytes(
            &[
                "title",
                "stage",
                "status",
                "amount_cents",
                "currency",
                "expected_close",
            ],
            d.deals.iter().map(|x| {
                vec![
                    x.title.clone(),
                    x.stage.clone(),
                    x.status.into(),
                    match (x.amount_cents, x.amount_withheld) {
                        (Some(v), _) => v.to_string(),
                        (None, true) => "[withheld]".into(),
                        (None, false) => String::new(),
                    },
                    x.currency.clone(),
                    o(&x.expected_close),
                ]
            }),
        )?,
    ));
    out.push((
        "tasks.csv".into(),
        csv_bytes(
            &["title", "due_date", "done"],
            d.tasks
                .iter()
                .map(|t| vec![t.title.clone(), o(&t.due_date), t.done.to_string()]),
        )?,
    ));
    out.push((
        "consents.csv".into(),
        csv_bytes(
            &[
                "purpose",
                "kind",
                "occurred_at",
                "recorded_at",
                "channel",
                "statement_version",
                "statement_language",
                "statement_text",
                "evidence",
                "voided",
            ],
            d.consents.iter().map(|c| {
                vec![
                    o(&c.purpose),
                    c.kind.into(),
                    c.occurred_at.clone(),
                    c.recorded_at.clone(),
                    c.channel.into(),
                    c.statement_version
                        .map(|v| v.to_string())
                        .unwrap_or_default(),
                    c.statement_language.unwrap_or_default().into(),
                    o(&c.statement_text),
                    o(&c.evidence),
                    c.voided.to_string(),
                ]
            }),
        )?,
    ));
    out.push(("report.html".into(), subject_report::html(d).into_bytes()));
    Ok(out)
}

/// Checks rights, the restriction rule, the request and the passphrase before anything is
/// asked or written (the app asks this before showing a save dialog).
pub fn check(
    s: &Session,
    person_id: i64,
    request_id: Option<i64>,
    passphrase: Option<&Password>,
) -> CoreResult<()> {
    may_export(s, person_id, request_id)?;
    if let Some(p) = passphrase {
        crate::password::require_strong("passphrase", p.expose(), &[])?;
    }
    Ok(())
}

/// Checks rights and the restriction rule, and that a request fits.
fn may_export(s: &Session, person_id: i64, request_id: Option<i64>) -> CoreResult<()> {
    s.require(Category::Privacy, Action::Export)?;
    s.require(Category::Contact, Action::View)?;
    let restricted = crate::store::restrictions::is_restricted(&s.read()?, person_id)?
        .ok_or(CoreError::NotFound)?;
    if let Some(id) = request_id {
        let r = crate::store::requests::get(&s.read()?, id)?.ok_or(CoreError::NotFound)?;
        let fits = r.person_id == Some(person_id)
            && matches!(r.kind, RequestKind::Access | RequestKind::Portability)
            && matches!(
                r.status,
                RequestStatus::Received | RequestStatus::InProgress
            );
        if !fits {
            return Err(CoreError::invalid("requestId", R::InvalidFormat));
        }
    } else if restricted {
        // Restricted data is not used, but the subject's own access request is answered.
        return Err(CoreError::Restricted);
    }
    Ok(())
}

fn audit(
    s: &Session,
    person_id: i64,
    request_id: Option<i64>,
    res: &SubjectExportResult,
) -> CoreResult<()> {
    s.audit(
        AuditEvent::new(Some(s.user_id()), AuditAction::SubjectExported)
            .on("person", person_id)
            .category(Category::Privacy.as_str())
            .details(serde_json::json!({
                "request": request_id, "files": res.files, "sealed": res.sealed
            })),
    )?;
    if let Some(id) = request_id {
        let name = if res.sealed {
            vec![res.name.clone()]
        } else {
            res.files
                .iter()
                .map(|f| format!("{}/{f}", res.name))
                .collect()
        };
        s.atomically(|tx| crate::store::requests::add_files(tx, id, &name))?;
    }
    Ok(())
}

/// The folder name for a subject's export.
pub fn default_name(person_id: i64, s: &Session) -> String {
    format!(
        "kluis-subject-{person_id}-{}",
        s.now().format("%Y%m%d-%H%M%S")
    )
}

/// Writes the export at `out`: one sealed file there when a passphrase is given, otherwise a new
/// folder of that name (its parent must exist). The desktop and the CLI both write through here.
pub fn to_path(
    s: &Session,
    person_id: i64,
    request_id: Option<i64>,
    out: &Path,
    passphrase: Option<&Password>,
) -> CoreResult<SubjectExportResult> {
    if let Some(p) = passphrase {
        return to_sealed(s, person_id, request_id, out, p);
    }
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| CoreError::invalid("out", R::Required))?;
    to_folder(s, person_id, request_id, parent, &name)
}

/// Writes the export as a new folder `name` inside `parent`. The folder appears complete or
/// not at all (written under a temporary name, then renamed).
pub fn to_folder(
    s: &Session,
    person_id: i64,
    request_id: Option<i64>,
    parent: &Path,
    name: &str,
) -> CoreResult<SubjectExportResult> {
    may_export(s, person_id, request_id)?;
    let target = parent.join(name);
    if target.exists() {
        return Err(CoreError::invalid("out", R::InUse));
    }
    let (data, person) = subject_data::collect(s, person_id)?;
    let files = files(&data, &person)?;
    let tmp = tempfile::Builder::new()
        .prefix(".kluis-export-")
        .tempdir_in(parent)?;
    for (file, bytes) in &files {
        std::fs::write(tmp.path().join(file), bytes)?;
    }
    let tmp_path: PathBuf = tmp.keep();
    std::fs::rename(&tmp_path, &target).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&tmp_path);
    })?;
    let res = SubjectExportResult {
        name: name.to_string(),
        files: files.into_iter().map(|(f, _)| f).collect(),
        sealed: false,
    };
    let tx = s.write()?;
    audit(s, person_id, request_id, &res)?;
    tx.commit()?;
    Ok(res)
}

/// Writes the export as one sealed file at `out`, opened with `passphrase`.
pub fn to_sealed(
    s: &Session,
    person_id: i64,
    request_id: Option<i64>,
    out: &Path,
    passphrase: &Password,
) -> CoreResult<SubjectExportResult> {
    may_export(s, person_id, request_id)?;
    crate::password::require_strong("passphrase", passphrase.expose(), &[])?;
    let (data, person) = subject_data::collect(s, person_id)?;
    let files = files(&data, &person)?;
    let mut archive = tar::Builder::new(Vec::new());
    for (file, bytes) in &files {
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o600);
        h.set_mtime(s.now().timestamp().max(0) as u64);
        archive
            .append_data(&mut h, file, &bytes[..])
            .map_err(|_| CoreError::Internal("archive"))?;
    }
    let tar_bytes = zeroize::Zeroizing::new(
        archive
            .into_inner()
            .map_err(|_| CoreError::Internal("archive"))?,
    );
    let mut sealed_bytes = Vec::new();
    sealed::seal(
        &tar_bytes[..],
        &mut sealed_bytes,
        &[Recipient::Passphrase {
            passphrase: passphrase.expose().as_bytes(),
            kdf: KdfParams::recommended(),
        }],
        br#"{"kind":"subject-export"}"#,
    )
    .map_err(seal_error)?;
    crate::files::write_atomically(out, &sealed_bytes)?;
    let res = SubjectExportResult {
        name: out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        files: files.into_iter().map(|(f, _)| f).collect(),
        sealed: true,
    };
    let tx = s.write()?;
    audit(s, person_id, request_id, &res)?;
    tx.commit()?;
    Ok(res)
}

pub fn seal_error(e: SealError) -> CoreError {
    match e {
        SealError::NoMatchingKey => CoreError::SealedWrongSecret,
        SealError::Io(std::io::ErrorKind::StorageFull) => CoreError::DiskFull,
        SealError::Io(kind) => CoreError::Io(kind),
        SealError::Random => CoreError::Internal("random source"),
        SealError::NotSealed => CoreError::SealedDamaged("not a Kluis sealed file"),
        SealError::UnsupportedVersion(_) => {
            CoreError::SealedDamaged("a format version this build does not read")
        }
        SealError::HeaderTampered => CoreError::SealedDamaged("its header was altered"),
        SealError::ChunkTampered(_) => CoreError::SealedDamaged("its contents were altered"),
        SealError::Truncated => CoreError::SealedDamaged("it is incomplete (cut short)"),
        SealError::Malformed(_) => CoreError::SealedDamaged("its header is malformed"),
        SealError::WeakKdf => CoreError::SealedDamaged("its key derivation settings were weakened"),
    }
}

/// Opens a sealed subject export into a new folder `out` (no vault needed: this is what the
/// subject runs). Nothing is left behind unless the whole file authenticates.
pub fn open_sealed(file: &Path, out: &Path, passphrase: &Password) -> CoreResult<Vec<String>> {
    if out.exists() {
        return Err(CoreError::invalid("out", R::InUse));
    }
    let input = std::io::BufReader::new(std::fs::File::open(file)?);
    let mut plain = zeroize::Zeroizing::new(Vec::new());
    sealed::open(
        input,
        &mut *plain,
        &Opener::Passphrase(passphrase.expose().as_bytes()),
    )
    .map_err(seal_error)?;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(".kluis-open-")
        .tempdir_in(parent)?;
    let mut names: Vec<String> = Vec::new();
    let mut archive = tar::Archive::new(&plain[..]);
    let malformed = || CoreError::SealedDamaged("its archive is malformed");
    for entry in archive.entries().map_err(|_| malformed())? {
        let mut entry = entry.map_err(|_| malformed())?;
        // Regular files only: a link (symbolic or hard), a folder or a device could point at,
        // or overwrite, something outside the new folder.
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(CoreError::SealedDamaged(
                "it holds something other than plain files",
            ));
        }
        // A plain name: one path component, not hidden, not seen before in this archive.
        let path = entry.path().map_err(|_| malformed())?.into_owned();
        let mut parts = path.components();
        let name = match (parts.next(), parts.next()) {
            (Some(std::path::Component::Normal(n)), None) => n.to_string_lossy().into_owned(),
            _ => return Err(malformed()),
        };
        if name.starts_with('.') || names.contains(&name) {
            return Err(malformed());
        }
        let mut bytes = zeroize::Zeroizing::new(Vec::new());
        std::io::Read::read_to_end(&mut entry, &mut bytes).map_err(|_| malformed())?;
        let mut o = std::fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.mode(0o600);
        }
        let mut f = o.open(tmp.path().join(&name))?;
        std::io::Write::write_all(&mut f, &bytes)?;
        f.sync_all()?;
        names.push(name);
    }
    let kept = tmp.keep();
    std::fs::rename(&kept, out).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&kept);
    })?;
    Ok(names)
}
