//! Consent, objection, restriction, marketing lists and the privacy dashboard. Each command
//! calls one core service; the core checks rights, restriction and the lawful basis.
use kluis_core::dto::consent::{
    ConsentInput, ConsentOverview, ConsentStatement, MarketingPurpose, MarketingReport,
    ObjectionInput, PrivacyDashboard, RestrictionInput, StatementInput, VoidInput,
};
use kluis_core::privacy::{consent, dashboard, marketing, restriction};

crate::commands! {
    /// The person's consent panel: state per purpose, history, objection, restriction.
    fn consent_overview(cx, person_id: i64) -> ConsentOverview
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| consent::overview(s, person_id))
    }

    /// Grant or withdraw (one call, one flag): the same steps either way.
    fn consent_record(cx, input: ConsentInput) -> ConsentOverview
        [needs: Any(&[(Contact, Edit), (Privacy, Edit)])]
    {
        cx.with(|s| consent::record(s, &input))
    }

    /// An objection to direct marketing (Art. 21(3)), or its end.
    fn consent_object(cx, input: ObjectionInput) -> ConsentOverview
        [needs: Any(&[(Contact, Edit), (Privacy, Edit)])]
    {
        cx.with(|s| consent::object(s, &input))
    }

    /// Marks a ledger event as recorded in error; history itself is never edited.
    fn consent_void(cx, input: VoidInput) -> ConsentOverview
        [needs: Any(&[(Contact, Edit), (Privacy, Edit)])]
    {
        cx.with(|s| consent::void(s, &input))
    }

    /// Published statement versions (of one purpose, or all), newest first.
    fn consent_statements(cx, purpose_id: Option<i64>) -> Vec<ConsentStatement>
        [needs: Any(&[(Contact, View), (Privacy, View)])]
    {
        cx.with(|s| consent::statements(s, purpose_id))
    }

    /// Publishes the next version of a purpose's statement in one language (privacy.manage).
    fn consent_statement_publish(cx, input: StatementInput) -> ConsentStatement
        [needs: All(&[(Privacy, Manage)])]
    {
        cx.with(|s| consent::publish(s, &input))
    }

    /// Restricts processing (Art. 18); answers with the person's consent panel.
    fn restriction_add(cx, input: RestrictionInput) -> ConsentOverview
        [needs: All(&[(Privacy, Manage), (Contact, View)])]
    {
        cx.with(|s| restriction::restrict(s, &input))
    }

    fn restriction_lift(cx, person_id: i64, reason: String) -> ConsentOverview
        [needs: All(&[(Privacy, Manage), (Contact, View)])]
    {
        cx.with(|s| restriction::lift(s, person_id, &reason))
    }

    /// Marketing purposes a list can be made for (contact.export).
    fn marketing_purposes(cx) -> Vec<MarketingPurpose>
        [needs: All(&[(Contact, Export)])]
    {
        cx.with(|s| marketing::purposes(s))
    }

    /// Who a marketing list would hold, and who is left out and why; nothing written.
    fn marketing_preview(cx, purpose_id: i64) -> MarketingReport
        [needs: All(&[(Contact, Export)])]
    {
        cx.with(|s| marketing::preview(s, purpose_id))
    }

    /// Asks where to save (a native dialog in the core), then writes the list. Null: dialog closed.
    fn marketing_export(cx, purpose_id: i64) -> Option<MarketingReport>
        [needs: All(&[(Contact, Export)])]
    {
        // Rights and purpose first, so nobody is shown a save dialog for a list they may not
        // make.
        cx.with(|s| marketing::preview(s, purpose_id))?;
        let Some(path) = cx.save_path("CSV", "csv", "marketing-list.csv") else {
            return Ok(None);
        };
        cx.with(|s| marketing::export(s, purpose_id, &path).map(Some))
    }

    /// Privacy > Overview (privacy.view).
    fn privacy_dashboard(cx) -> PrivacyDashboard
        [needs: All(&[(Privacy, View)])]
    {
        cx.with(|s| dashboard::dashboard(s))
    }

}
