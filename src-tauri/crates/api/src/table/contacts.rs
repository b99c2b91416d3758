//! Customer files: search, the contact list, the 360° view, people, organisations, timeline.
use kluis_core::crm::views::{self, SavedView, ViewFilters};
use kluis_core::crm::{merge, organisations, persons, search, view};
use kluis_core::demo::{self, DemoReport};
use kluis_core::dto::crm::{
    DuplicateHint, MergePreview, Organisation, OrganisationInput, OrganisationPage,
    OrganisationView, Person, PersonInput, PersonPage, PersonQuery, PersonView, SearchHit,
    StaffMember, TimelineEntry, TimelineInput,
};

crate::commands! {
    fn search_contacts(cx, query: String, limit: u32) -> Vec<SearchHit>
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| search::search(s, &query, limit))
    }

    fn persons_list(cx, query: PersonQuery) -> PersonPage
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| persons::list(s, &query))
    }

    fn person_view(cx, id: i64) -> PersonView
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| view::person_view(s, id))
    }

    fn person_create(cx, input: PersonInput) -> Person
        [needs: All(&[(Contact, Create)])]
    {
        cx.with(|s| persons::create(s, &input))
    }

    fn person_update(cx, id: i64, version: i64, input: PersonInput) -> Person
        [needs: All(&[(Contact, Edit)])]
    {
        cx.with(|s| persons::update(s, id, version, &input))
    }

    fn person_delete(cx, id: i64) -> ()
        [needs: All(&[(Contact, Delete)])]
    {
        cx.with(|s| persons::delete(s, id))
    }

    fn organisation_create(cx, input: OrganisationInput) -> Organisation
        [needs: All(&[(Contact, Create)])]
    {
        cx.with(|s| organisations::create(s, &input))
    }

    fn timeline_add(cx, person_id: i64, input: TimelineInput) -> TimelineEntry
        [needs: All(&[(Contact, Edit)])]
    {
        cx.with(|s| view::add_timeline(s, person_id, &input))
    }

    fn staff_list(cx) -> Vec<StaffMember>
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| view::staff(s))
    }

    fn tags_list(cx) -> Vec<String>
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| view::tags(s))
    }

    /// Fills a new vault with demo data (the first-run offer).
    fn demo_fill(cx, contacts: u32) -> DemoReport
        [needs: All(&[(Admin, Manage), (Contact, Create)])]
    {
        cx.with(|s| demo::fill(s, contacts.min(100_000)))
    }

    /// Possible duplicates of a person being entered (`exclude`: the one being edited).
    fn person_duplicates(cx, input: PersonInput, exclude: Option<i64>) -> Vec<DuplicateHint>
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| merge::check(s, &input, exclude))
    }

    fn merge_preview(cx, keep: i64, remove: i64) -> MergePreview
        [needs: All(&[(Contact, Edit), (Contact, Delete)])]
    {
        cx.with(|s| merge::preview(s, keep, remove))
    }

    fn merge_apply(cx, keep: i64, remove: i64) -> Person
        [needs: All(&[(Contact, Edit), (Contact, Delete)])]
    {
        cx.with(|s| merge::apply(s, keep, remove))
    }

    fn organisations_list(cx, after: Option<String>, limit: u32) -> OrganisationPage
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| organisations::list(s, after.as_deref(), limit))
    }

    fn organisation_view(cx, id: i64) -> OrganisationView
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| organisations::view(s, id))
    }

    fn organisation_update(cx, id: i64, version: i64, input: OrganisationInput) -> Organisation
        [needs: All(&[(Contact, Edit)])]
    {
        cx.with(|s| organisations::update(s, id, version, &input))
    }

    fn organisation_timeline_add(cx, id: i64, input: TimelineInput) -> TimelineEntry
        [needs: All(&[(Contact, Edit)])]
    {
        cx.with(|s| organisations::add_timeline(s, id, &input))
    }

    /// The signed-in person's saved views of the contact list.
    fn views_list(cx) -> Vec<SavedView>
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| views::list(s))
    }

    fn view_save(cx, name: String, filters: ViewFilters) -> Vec<SavedView>
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| views::save(s, &name, &filters))
    }

    fn view_delete(cx, name: String) -> Vec<SavedView>
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| views::delete(s, &name))
    }

}
