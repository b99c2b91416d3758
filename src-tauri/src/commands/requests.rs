//! Privacy > Requests: data subject requests. Each command calls one core service.
use super::Reply;
use crate::state::AppState;
use kluis_core::privacy::request_dto::{
    CloseInput, ExtendInput, RequestInput, RequestQueue, SubjectRequest,
};
use kluis_core::privacy::requests;
use tauri::State;

#[tauri::command(async)]
pub fn requests_queue(state: State<'_, AppState>, with_closed: bool) -> Reply<RequestQueue> {
    state.with(|s| requests::queue(s, with_closed))
}

#[tauri::command(async)]
pub fn requests_of_person(
    state: State<'_, AppState>,
    person_id: i64,
) -> Reply<Vec<SubjectRequest>> {
    state.with(|s| requests::of_person(s, person_id))
}

#[tauri::command(async)]
pub fn request_file(state: State<'_, AppState>, input: RequestInput) -> Reply<SubjectRequest> {
    state.with(|s| requests::file(s, &input))
}

#[tauri::command(async)]
pub fn request_start(state: State<'_, AppState>, id: i64) -> Reply<SubjectRequest> {
    state.with(|s| requests::start(s, id))
}

#[tauri::command(async)]
pub fn request_extend(state: State<'_, AppState>, input: ExtendInput) -> Reply<SubjectRequest> {
    state.with(|s| requests::extend(s, &input))
}

#[tauri::command(async)]
pub fn request_close(state: State<'_, AppState>, input: CloseInput) -> Reply<SubjectRequest> {
    state.with(|s| requests::close(s, &input))
}
