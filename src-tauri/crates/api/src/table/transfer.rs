//! Import and export of people. The import file arrives as a raw body (the window reads the file
//! the person picked); the export destination is asked for with a native save dialog run from
//! here, so the window never names a path to write to.
use kluis_core::error::ValidationReason;
use kluis_core::export::{self, ExportFormat, ExportResult, ExportSelection};
use kluis_core::import::mapping::ImportField;
use kluis_core::import::staged::{self, ImportProgress, ImportStaged};
use kluis_core::import::{ImportOptions, ImportReport};
use kluis_core::CoreError;

crate::commands! {
    /// Hands a chosen file's bytes to the core, which keeps them for the mapping screen.
    fn import_stage(cx) -> ImportStaged
        [needs: All(&[(Contact, Create)]), raw: true]
    {
        let bytes = cx.take_raw().ok_or_else(|| CoreError::invalid("file", ValidationReason::Required))?;
        let (file, info) = cx.with(|s| staged::stage(s, bytes))?;
        cx.desk.stage_import(Some(file));
        Ok(info)
    }

    /// Imports the staged file; `onProgress` hears (done, total) now and then. Unless
    /// `options.strictFields`, a row with a wrong optional field keeps the person: the field is left
    /// out (a phone number that cannot be checked is kept as typed) and listed in `notes`.
    fn import_run(cx, mapping: Vec<Option<ImportField>>, options: ImportOptions) -> ImportReport
        [needs: All(&[(Contact, Create)]), progress: ImportProgress]
    {
        let Some((file, cancel)) = cx.desk.staged_import() else {
            return Err(CoreError::NotFound.into());
        };
        let mut progress = |done, total| cx.progress(&ImportProgress { done, total });
        let report = cx.with(|s| staged::run_staged(s, &file, &mapping, options, &mut progress, &cancel))?;
        if report.committed {
            cx.desk.stage_import(None);
        }
        Ok(report)
    }

    /// Stops a running import; it rolls back and reports `cancelled`.
    fn import_cancel(cx) -> ()
        [needs: Nothing]
    {
        cx.desk.cancel_import();
        Ok(())
    }

    fn import_discard(cx) -> ()
        [needs: Nothing]
    {
        cx.desk.stage_import(None);
        Ok(())
    }

    /// Asks where to save (a native dialog in the core), then writes the file. Null: the dialog was
    /// closed.
    fn contacts_export(cx, selection: ExportSelection, format: ExportFormat) -> Option<ExportResult>
        [needs: All(&[(Contact, Export)])]
    {
        // Rights first, so nobody is shown a save dialog for an export they may not make.
        cx.with(|s| export::may_export(s))?;
        let ext = format.extension();
        let Some(path) = cx.save_path(&ext.to_uppercase(), ext, &format!("kluis-contacts.{ext}")) else {
            return Ok(None);
        };
        cx.with(|s| {
            export::to_file(s, &selection, format, &path).map(|count| {
                Some(ExportResult { count, file_name: crate::table::file_name(&path) })
            })
        })
    }
}
