//! Customer-file types that cross the IPC boundary.
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContactPointInput {
    pub label: Option<String>,
    pub value: String,
    /// A phone number that cannot be checked is kept as typed (marked "not checked") instead
    /// of refused: the form sets this once the person confirmed it, the import by default.
    #[serde(default)]
    pub keep_unchecked: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ContactPoint {
    #[ts(type = "number")]
    pub id: i64,
    pub label: Option<String>,
    pub value: String,
    /// Kept as typed: it could not be checked (phone numbers only).
    pub unchecked: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct AddressInput {
    pub label: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    /// ISO 3166 alpha-2, e.g. "NL".
    pub country: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Address {
    #[ts(type = "number")]
    pub id: i64,
    pub label: Option<String>,
    pub street: Option<String>,
    pub postcode: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
}

/// What a create or edit form sends for a person.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonInput {
    pub given_name: String,
    pub tussenvoegsel: String,
    pub family_name: String,
    pub salutation: Option<String>,
    /// YYYY-MM-DD.
    pub date_of_birth: Option<String>,
    #[ts(type = "number | null")]
    pub organisation_id: Option<i64>,
    pub job_title: Option<String>,
    pub preferred_language: Option<String>,
    /// How we got the data (fair, web form, referral, ...).
    pub source: Option<String>,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub notes: Option<String>,
    pub emails: Vec<ContactPointInput>,
    pub phones: Vec<ContactPointInput>,
    pub addresses: Vec<AddressInput>,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Person {
    #[ts(type = "number")]
    pub id: i64,
    pub display_name: String,
    pub given_name: String,
    pub tussenvoegsel: String,
    pub family_name: String,
    pub salutation: Option<String>,
    pub date_of_birth: Option<String>,
    #[ts(type = "number | null")]
    pub organisation_id: Option<i64>,
    pub organisation_name: Option<String>,
    pub job_title: Option<String>,
    pub preferred_language: Option<String>,
    pub source: Option<String>,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub notes: Option<String>,
    pub emails: Vec<ContactPoint>,
    pub phones: Vec<ContactPoint>,
    pub addresses: Vec<Address>,
    pub tags: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Processing restricted (Art. 18): kept, read-only, left out of lists and exports.
    pub restricted: bool,
    /// Objects to direct marketing (Art. 21(3)).
    pub marketing_objection: bool,
    /// Named when saving: a save made from an older version is refused (`record.conflict`).
    #[ts(type = "number")]
    pub version: i64,
}

/// One line of the contact list.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonRow {
    #[ts(type = "number")]
    pub id: i64,
    pub display_name: String,
    pub organisation_name: Option<String>,
    pub job_title: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub owner_name: Option<String>,
    /// Shown (marked) only to those who handle restrictions; everyone else never gets the row.
    pub restricted: bool,
    pub marketing_objection: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PersonSort {
    #[default]
    FamilyName,
    Created,
}

/// A page request: keyset paging, so page 10,000 costs what page 1 costs.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonQuery {
    pub sort: PersonSort,
    pub descending: bool,
    /// The `nextCursor` of the previous page.
    pub after: Option<String>,
    /// Instead of a cursor: start this many rows from the top, for a list that jumps far
    /// (dragging the scroll bar of a million rows). It steps through the skipped index entries
    /// (~40 ms to a random place among 100,000, ~0.9 s among a million on the benchmark
    /// machine); a cursor is cheaper for the next page.
    #[ts(type = "number | null")]
    #[serde(default)]
    pub offset: Option<u32>,
    pub limit: u32,
    pub tag: Option<String>,
    #[ts(type = "number | null")]
    pub owner_id: Option<i64>,
    #[ts(type = "number | null")]
    pub organisation_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonPage {
    pub rows: Vec<PersonRow>,
    pub next_cursor: Option<String>,
    /// Matching people in all (same rights and filters as the rows).
    #[ts(type = "number")]
    pub total: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SearchKind {
    Person,
    Organisation,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct SearchHit {
    pub kind: SearchKind,
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    /// Organisation for a person; city or website for an organisation.
    pub subtitle: Option<String>,
    /// A restricted person, shown (marked) only to those who handle restrictions.
    pub restricted: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrganisationInput {
    pub name: String,
    /// Dutch Chamber of Commerce number: 8 digits.
    pub kvk: Option<String>,
    pub vat: Option<String>,
    pub website: Option<String>,
    pub industry: Option<String>,
    /// Visiting and postal addresses, same rules as a person's.
    #[serde(default)]
    pub addresses: Vec<AddressInput>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Organisation {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub kvk: Option<String>,
    pub vat: Option<String>,
    pub website: Option<String>,
    pub industry: Option<String>,
    pub addresses: Vec<Address>,
    pub created_at: String,
    pub updated_at: String,
    /// Named when saving (see `Person::version`).
    #[ts(type = "number")]
    pub version: i64,
}

/// A value the caller may or may not see. Redacted values are marked as such (the UI shows a
/// lock), never sent as an empty value that looks like data.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "state", content = "value", rename_all = "snake_case")]
#[ts(export)]
pub enum Guarded<T> {
    Shown(T),
    Redacted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TimelineKind {
    Note,
    Call,
    Email,
    Meeting,
}

impl TimelineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TimelineKind::Note => "note",
            TimelineKind::Call => "call",
            TimelineKind::Email => "email",
            TimelineKind::Meeting => "meeting",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        [
            TimelineKind::Note,
            TimelineKind::Call,
            TimelineKind::Email,
            TimelineKind::Meeting,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TimelineEntry {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: TimelineKind,
    pub occurred_at: String,
    pub author_name: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TimelineInput {
    pub kind: TimelineKind,
    /// RFC 3339; now when absent.
    pub occurred_at: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DealStatus {
    Open,
    Won,
    Lost,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DealSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub stage_name: String,
    /// The seeded stage's key while it has not been renamed (the app translates it).
    pub stage_builtin: Option<String>,
    pub status: DealStatus,
    /// Category `sales`: only for those allowed to see sales figures.
    #[ts(as = "Guarded<f64>")]
    pub amount_cents: Guarded<i64>,
    pub currency: String,
    #[ts(as = "Guarded<f64>")]
    pub probability: Guarded<i64>,
    pub expected_close: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TaskSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub due_date: Option<String>,
    pub done: bool,
    pub assignee_name: Option<String>,
}

/// The 360° view of a person: details, history, deals and tasks in one answer.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PersonView {
    pub person: Person,
    /// Newest first; the first page.
    pub timeline: Vec<TimelineEntry>,
    pub deals: Vec<DealSummary>,
    pub tasks: Vec<TaskSummary>,
}

/// A colleague, for owner and assignee pickers.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct StaffMember {
    #[ts(type = "number")]
    pub id: i64,
    pub display_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DuplicateReason {
    SameEmail,
    SamePhone,
    SimilarNameSameOrganisation,
}

/// An existing person who may be the same as the one being entered.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DuplicateHint {
    #[ts(type = "number")]
    pub id: i64,
    pub display_name: String,
    pub organisation_name: Option<String>,
    pub reason: DuplicateReason,
}

/// What a merge will do, shown before it happens.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MergePreview {
    pub keep: Person,
    pub remove: Person,
    /// The kept person as it will be after the merge.
    pub result: Person,
    #[ts(type = "number")]
    pub timeline_entries_moved: i64,
    #[ts(type = "number")]
    pub deals_moved: i64,
    #[ts(type = "number")]
    pub tasks_moved: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Stage {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// For a seeded stage not renamed since: its key ("lead", "won", ...), which the app shows
    /// translated. None once the business has named the stage itself.
    pub builtin: Option<String>,
    pub kind: DealStatus,
    #[ts(type = "number")]
    pub position: i64,
    /// Deals in this stage (all of them, not only those on the board).
    #[ts(type = "number")]
    pub count: i64,
    /// Sum of the amounts in this stage, in cents (category `sales`).
    #[ts(as = "Guarded<f64>")]
    pub value_cents: Guarded<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DealCard {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    #[ts(type = "number")]
    pub stage_id: i64,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
    pub organisation_name: Option<String>,
    /// The organisation the deal itself names (none: the person's, shown as its name).
    #[ts(type = "number | null")]
    pub organisation_id: Option<i64>,
    #[ts(as = "Guarded<f64>")]
    pub amount_cents: Guarded<i64>,
    pub currency: String,
    #[ts(as = "Guarded<f64>")]
    pub probability: Guarded<i64>,
    pub expected_close: Option<String>,
    pub lost_reason: Option<String>,
    /// Named when saving or moving (see `Person::version`).
    #[ts(type = "number")]
    pub version: i64,
}

/// The deals board: every stage with its totals, and the first cards of each.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Board {
    pub stages: Vec<Stage>,
    pub deals: Vec<DealCard>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct DealInput {
    pub title: String,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    #[ts(type = "number | null")]
    pub organisation_id: Option<i64>,
    #[ts(type = "number")]
    pub stage_id: i64,
    /// Sales figures: only with the right to edit them.
    #[ts(type = "number | null")]
    pub amount_cents: Option<i64>,
    pub currency: Option<String>,
    #[ts(type = "number | null")]
    pub probability: Option<i64>,
    pub expected_close: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TaskFilter {
    #[default]
    Mine,
    Overdue,
    All,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TaskRow {
    #[ts(type = "number")]
    pub id: i64,
    pub title: String,
    pub due_date: Option<String>,
    pub done: bool,
    pub assignee_name: Option<String>,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
    pub person_name: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TaskInput {
    pub title: String,
    pub due_date: Option<String>,
    #[ts(type = "number | null")]
    pub assignee_id: Option<i64>,
    #[ts(type = "number | null")]
    pub person_id: Option<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MonthResult {
    /// YYYY-MM.
    pub month: String,
    #[ts(type = "number")]
    pub won: i64,
    #[ts(type = "number")]
    pub lost: i64,
    #[ts(as = "Guarded<f64>")]
    pub won_value_cents: Guarded<i64>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct WeekActivity {
    /// ISO week, e.g. 2026-W09.
    pub week: String,
    #[ts(type = "number")]
    pub notes: i64,
    #[ts(type = "number")]
    pub calls: i64,
    #[ts(type = "number")]
    pub emails: i64,
    #[ts(type = "number")]
    pub meetings: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct Dashboard {
    pub pipeline: Vec<Stage>,
    /// The last 12 months.
    pub won_lost: Vec<MonthResult>,
    /// The last 12 weeks.
    pub activity: Vec<WeekActivity>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrganisationRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub city: Option<String>,
    pub industry: Option<String>,
    #[ts(type = "number")]
    pub people: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrganisationPage {
    pub rows: Vec<OrganisationRow>,
    pub next_cursor: Option<String>,
    /// Only on the first page; -1 otherwise.
    #[ts(type = "number")]
    pub total: i64,
}

/// An organisation with its people and deals.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct OrganisationView {
    pub organisation: Organisation,
    /// The first 200 people, by family name.
    pub people: Vec<PersonRow>,
    #[ts(type = "number")]
    pub people_total: i64,
    pub deals: Vec<DealCard>,
    /// Newest first; the first page.
    pub timeline: Vec<TimelineEntry>,
}
