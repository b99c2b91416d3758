//! Privacy > Register: purposes of processing and the register (privacy roles; the core decides).
use kluis_core::dto::privacy::{Lang, Purpose, PurposeInput, PurposeTemplate};
use kluis_core::privacy::purposes;
use kluis_core::privacy::register::{self, RegisterFormat};

crate::commands! {
    /// Privacy > Register: privacy roles only (the core refuses everyone else).
    fn purposes_list(cx, archived: bool) -> Vec<Purpose>
        [needs: All(&[(Privacy, View)])]
    {
        cx.with(|s| purposes::list(s, archived))
    }

    fn purpose_templates(cx, lang: Lang) -> Vec<PurposeTemplate>
        [needs: All(&[(Privacy, View)])]
    {
        cx.with(|s| purposes::templates(s, lang))
    }

    fn purpose_adopt(cx, key: String, lang: Lang) -> Purpose
        [needs: All(&[(Privacy, Manage)])]
    {
        cx.with(|s| purposes::adopt(s, &key, lang))
    }

    fn purpose_create(cx, input: PurposeInput) -> Purpose
        [needs: All(&[(Privacy, Manage)])]
    {
        cx.with(|s| purposes::create(s, &input, None))
    }

    fn purpose_update(cx, id: i64, version: i64, input: PurposeInput) -> Purpose
        [needs: All(&[(Privacy, Manage)])]
    {
        cx.with(|s| purposes::update(s, id, version, &input))
    }

    /// Retires a purpose: it leaves the register but stays on record.
    fn purpose_archive(cx, id: i64) -> ()
        [needs: All(&[(Privacy, Manage)])]
    {
        cx.with(|s| purposes::archive(s, id))
    }

    /// Fields holding data and the purposes that use them (Privacy > Minimisation).
    fn minimisation_report(cx) -> kluis_core::privacy::minimisation::MinimisationReport
        [needs: All(&[(Privacy, View)])]
    {
        cx.with(|s| kluis_core::privacy::minimisation::report(s))
    }

    /// The register as HTML or CSV text, for showing it.
    fn register_render(cx, format: RegisterFormat, lang: Lang) -> String
        [needs: All(&[(Privacy, View)])]
    {
        cx.with(|s| register::render(s, format, lang))
    }

    /// Asks where to save (a native dialog in the core), then writes it. Null: dialog closed.
    fn register_export(cx, format: RegisterFormat, lang: Lang) -> Option<String>
        [needs: All(&[(Privacy, Export)])]
    {
        // Rights first, so nobody is shown a save dialog for a document they may not have.
        cx.with(|s| register::may_export(s))?;
        let ext = match format {
            RegisterFormat::Html => "html",
            RegisterFormat::Csv => "csv",
        };
        let Some(path) = cx.save_path(&ext.to_uppercase(), ext, &format!("verwerkingsregister.{ext}")) else {
            return Ok(None);
        };
        cx.with(|s| register::export(s, format, lang, &path))?;
        Ok(Some(crate::table::file_name(&path)))
    }

    /// Privacy > Breaches (privacy.view): newest discovered first, with the 72-hour deadline.
    fn breaches_list(cx) -> Vec<kluis_core::privacy::breaches::Breach>
        [needs: All(&[(Privacy, View)])]
    {
        cx.with(|s| kluis_core::privacy::breaches::list(s))
    }

    fn breach_create(cx, input: kluis_core::dto::privacy::BreachInput) -> kluis_core::privacy::breaches::Breach
        [needs: All(&[(Privacy, Create)])]
    {
        cx.with(|s| kluis_core::privacy::breaches::create(s, &input))
    }

    fn breach_update(cx, id: i64, version: i64, input: kluis_core::dto::privacy::BreachInput) -> kluis_core::privacy::breaches::Breach
        [needs: All(&[(Privacy, Edit)])]
    {
        cx.with(|s| kluis_core::privacy::breaches::update(s, id, version, &input))
    }

    /// Asks where to save (a native dialog in the core), then writes the register as CSV. Null:
    /// dialog closed.
    fn breach_export(cx) -> Option<String>
        [needs: All(&[(Privacy, Export)])]
    {
        cx.with(|s| kluis_core::privacy::breaches::may_export(s))?;
        let Some(path) = cx.save_path("CSV", "csv", "datalekken.csv") else {
            return Ok(None);
        };
        cx.with(|s| kluis_core::privacy::breaches::export(s, &path))?;
        Ok(Some(crate::table::file_name(&path)))
    }

    /// Every retention rule, paused ones included (privacy.view).
    fn retention_rules(cx) -> Vec<kluis_core::privacy::retention::RetentionRule>
        [needs: All(&[(Privacy, View)])]
    {
        cx.with(|s| kluis_core::privacy::retention::rules(s))
    }

    /// Privacy > Retention: ready-made rules to adopt and adjust, named in `lang` (privacy.view).
    fn retention_templates(cx, lang: Lang) -> Vec<kluis_core::privacy::retention::RetentionTemplate>
        [needs: All(&[(Privacy, View)])]
    {
        cx.with(|s| kluis_core::privacy::retention::template_list(s, lang))
    }

    fn retention_adopt(cx, key: String, lang: Lang) -> kluis_core::privacy::retention::RetentionRule
        [needs: All(&[(Privacy, View), (Privacy, Manage)])]
    {
        cx.with(|s| kluis_core::privacy::retention::adopt(s, &key, lang))
    }

    /// Adds a rule, from a template (its key) or not (privacy.manage).
    fn retention_add(cx, input: kluis_core::privacy::retention::RuleInput, template: Option<String>) -> kluis_core::privacy::retention::RetentionRule
        [needs: All(&[(Privacy, Manage)])]
    {
        cx.with(|s| kluis_core::privacy::retention::add_rule(s, &input, template.as_deref()))
    }

    /// Name, period and action; the kind cannot change (privacy.manage).
    fn retention_update(cx, id: i64, version: i64, input: kluis_core::privacy::retention::RuleInput) -> kluis_core::privacy::retention::RetentionRule
        [needs: All(&[(Privacy, Manage)])]
    {
        cx.with(|s| kluis_core::privacy::retention::update_rule(s, id, version, &input))
    }

    /// Pauses (false) or resumes (true) a rule (privacy.manage).
    fn retention_set_active(cx, id: i64, active: bool) -> ()
        [needs: All(&[(Privacy, Manage)])]
    {
        cx.with(|s| kluis_core::privacy::retention::set_active(s, id, active))
    }

    /// What the active rules do now and within 30 days: counts per rule and the first 200 items
    /// (privacy.view).
    fn retention_preview(cx) -> kluis_core::privacy::retention::RetentionPreview
        [needs: All(&[(Privacy, View)])]
    {
        cx.with(|s| kluis_core::privacy::retention::preview(s))
    }

    /// Applies what is due now, irreversibly, or with `dryRun` only counts it (privacy.manage).
    /// `onProgress` hears the records done now and then; `jobCancel` stops it before anything is
    /// applied or recorded (it then fails with job.cancelled).
    fn retention_run(cx, dry_run: bool) -> kluis_core::privacy::retention::RetentionRun
        [needs: All(&[(Privacy, Manage)]), progress: kluis_core::job::JobProgress]
    {
        let job = cx.job();
        cx.with(|s| kluis_core::privacy::retention::run(s, dry_run, &job))
    }

    /// The runs, newest first, at most 100 (privacy.view).
    fn retention_history(cx) -> Vec<kluis_core::privacy::retention::RetentionRun>
        [needs: All(&[(Privacy, View)])]
    {
        cx.with(|s| kluis_core::privacy::retention::history(s, 100))
    }

}
