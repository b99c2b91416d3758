//! Customer files: search, the contact list, the 360° view, people, organisations, timeline.
use super::Reply;
use crate::state::AppState;
use kluis_core::crm::dto::{
    DuplicateHint, MergePreview, Organisation, OrganisationInput, OrganisationPage,
    OrganisationView, Person, PersonInput, PersonPage, PersonQuery, PersonView, SearchHit,
    StaffMember, TimelineEntry, TimelineInput,
};
use kluis_core::crm::views::{self, SavedView, ViewFilters};
use kluis_core::crm::{merge, organisations, persons, search, view};
use kluis_core::demo::{self, DemoReport};
use tauri::State;

#[tauri::command(async)]
pub fn search_contacts(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
) -> Reply<Vec<SearchHit>> {
    state.with(|s| search::search(s, &query, limit))
}

#[tauri::command(async)]
pub fn persons_list(state: State<'_, AppState>, query: PersonQuery) -> Reply<PersonPage> {
    state.with(|s| persons::list(s, &query))
}

#[tauri::command(async)]
pub fn person_view(state: State<'_, AppState>, id: i64) -> Reply<PersonView> {
    state.with(|s| view::person_view(s, id))
}

#[tauri::command(async)]
pub fn person_create(state: State<'_, AppState>, input: PersonInput) -> Reply<Person> {
    state.with(|s| persons::create(s, &input))
}

#[tauri::command(async)]
pub fn person_update(state: State<'_, AppState>, id: i64, input: PersonInput) -> Reply<Person> {
    state.with(|s| persons::update(s, id, &input))
}

#[tauri::command(async)]
pub fn person_delete(state: State<'_, AppState>, id: i64) -> Reply<()> {
    state.with(|s| persons::delete(s, id))
}

#[tauri::command(async)]
pub fn organisation_create(
    state: State<'_, AppState>,
    input: OrganisationInput,
) -> Reply<Organisation> {
    state.with(|s| organisations::create(s, &input))
}

#[tauri::command(async)]
pub fn timeline_add(
    state: State<'_, AppState>,
    person_id: i64,
    input: TimelineInput,
) -> Reply<TimelineEntry> {
    state.with(|s| view::add_timeline(s, person_id, &input))
}

#[tauri::command(async)]
pub fn staff_list(state: State<'_, AppState>) -> Reply<Vec<StaffMember>> {
    state.with(|s| view::staff(s))
}

#[tauri::command(async)]
pub fn tags_list(state: State<'_, AppState>) -> Reply<Vec<String>> {
    state.with(|s| view::tags(s))
}

/// Fills a new vault with demo data (the first-run offer).
#[tauri::command(async)]
pub fn demo_fill(state: State<'_, AppState>, contacts: u32) -> Reply<DemoReport> {
    state.with(|s| demo::fill(s, contacts.min(100_000)))
}

/// Possible duplicates of a person being entered (`exclude`: the one being edited).
#[tauri::command(async)]
pub fn person_duplicates(
    state: State<'_, AppState>,
    input: PersonInput,
    exclude: Option<i64>,
) -> Reply<Vec<DuplicateHint>> {
    state.with(|s| merge::check(s, &input, exclude))
}

#[tauri::command(async)]
pub fn merge_preview(state: State<'_, AppState>, keep: i64, remove: i64) -> Reply<MergePreview> {
    state.with(|s| merge::preview(s, keep, remove))
}

#[tauri::command(async)]
pub fn merge_apply(state: State<'_, AppState>, keep: i64, remove: i64) -> Reply<Person> {
    state.with(|s| merge::apply(s, keep, remove))
}

#[tauri::command(async)]
pub fn organisations_list(
    state: State<'_, AppState>,
    after: Option<String>,
    limit: u32,
) -> Reply<OrganisationPage> {
    state.with(|s| organisations::list(s, after.as_deref(), limit))
}

#[tauri::command(async)]
pub fn organisation_view(state: State<'_, AppState>, id: i64) -> Reply<OrganisationView> {
    state.with(|s| organisations::view(s, id))
}

#[tauri::command(async)]
pub fn organisation_update(
    state: State<'_, AppState>,
    id: i64,
    input: OrganisationInput,
) -> Reply<Organisation> {
    state.with(|s| organisations::update(s, id, &input))
}

#[tauri::command(async)]
pub fn organisation_timeline_add(
    state: State<'_, AppState>,
    id: i64,
    input: TimelineInput,
) -> Reply<TimelineEntry> {
    state.with(|s| organisations::add_timeline(s, id, &input))
}

#[tauri::command(async)]
pub fn views_list(state: State<'_, AppState>) -> Reply<Vec<SavedView>> {
    state.with(|s| views::list(s))
}

#[tauri::command(async)]
pub fn view_save(
    state: State<'_, AppState>,
    name: String,
    filters: ViewFilters,
) -> Reply<Vec<SavedView>> {
    state.with(|s| views::save(s, &name, &filters))
}

#[tauri::command(async)]
pub fn view_delete(state: State<'_, AppState>, name: String) -> Reply<Vec<SavedView>> {
    state.with(|s| views::delete(s, &name))
}
