//! Privacy > Requests: data subject requests and the subject's export. Each command calls one
//! core service.
use kluis_core::dto::requests::{
    CloseInput, ExtendInput, RequestInput, RequestQueue, SubjectRequest,
};
use kluis_core::error::ValidationReason;
use kluis_core::privacy::requests;
use kluis_core::privacy::subject_export::{self, SubjectExportResult};
use kluis_core::{CoreError, Password};

crate::commands! {
    /// Privacy > Requests (privacy.view): open requests by deadline, then (if asked) closed ones,
    /// newest first.
    fn requests_queue(cx, with_closed: bool) -> RequestQueue
        [needs: All(&[(Privacy, View)])]
    {
        cx.with(|s| requests::queue(s, with_closed))
    }

    /// One person's requests, newest received first (privacy.view).
    fn requests_of_person(cx, person_id: i64) -> Vec<SubjectRequest>
        [needs: All(&[(Privacy, View)])]
    {
        cx.with(|s| requests::of_person(s, person_id))
    }

    /// Files a data subject request (privacy.create); the deadline is one month after receipt.
    fn request_file(cx, input: RequestInput) -> SubjectRequest
        [needs: All(&[(Privacy, Create)])]
    {
        cx.with(|s| requests::file(s, &input))
    }

    /// Takes a received request on: the caller becomes its handler (privacy.edit).
    fn request_start(cx, id: i64) -> SubjectRequest
        [needs: All(&[(Privacy, Edit)])]
    {
        cx.with(|s| requests::start(s, id))
    }

    /// Extends the deadline by at most two further months, with the reason (Art. 12(3);
    /// privacy.edit).
    fn request_extend(cx, input: ExtendInput) -> SubjectRequest
        [needs: All(&[(Privacy, Edit)])]
    {
        cx.with(|s| requests::extend(s, &input))
    }

    /// Closes a request as completed or refused, with its outcome (privacy.edit).
    fn request_close(cx, input: CloseInput) -> SubjectRequest
        [needs: All(&[(Privacy, Edit)])]
    {
        cx.with(|s| requests::close(s, &input))
    }

    /// The subject's access or portability export (privacy.export and contact.view). Checks first,
    /// then asks where with a native dialog in the core: a folder it creates the export in, or, with
    /// a passphrase, one sealed file. With a request (an open access or portability request of that
    /// person) the files are recorded on it. Null: the dialog was closed.
    fn subject_export(cx, person_id: i64, request_id: Option<i64>, passphrase: Option<Password> as "string | null") -> Option<SubjectExportResult>
        [needs: All(&[(Privacy, Export), (Contact, View)])]
    {
        cx.with(|s| subject_export::check(s, person_id, request_id, passphrase.as_ref()))?;
        let name = cx.with(|s| Ok(subject_export::default_name(person_id, s)))?;
        // A sealed file is saved under a name; a folder is made inside the one chosen.
        let chosen = match passphrase {
            Some(_) => cx.save_path("Kluis", "kluis", &format!("{name}.kluis")),
            // On the office server only one file travels back to the desktop: a sealed one.
            None if cx.server().is_some() => {
                return Err(CoreError::invalid("passphrase", ValidationReason::Required).to_api())
            }
            None => cx.desk.fixed_save_target().or_else(|| cx.pick_folder().map(|d| d.join(&name))),
        };
        let Some(path) = chosen else {
            return Ok(None);
        };
        cx.with(|s| subject_export::to_path(s, person_id, request_id, &path, passphrase.as_ref())).map(Some)
    }

    /// Erases the person (Art. 17; contact.erase): deals stay detached and without text for the
    /// fiscal retention; with a request (an open erasure request of that person) it is closed with
    /// the outcome.
    fn subject_erase(cx, input: kluis_core::privacy::erasure::ErasureInput) -> kluis_core::privacy::erasure::ErasureReport
        [needs: All(&[(Contact, Erase)])]
    {
        cx.with(|s| kluis_core::privacy::erasure::erase(s, &input))
    }

}
