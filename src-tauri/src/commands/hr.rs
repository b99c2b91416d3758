//! Personnel files (HR and management only; the core decides).
use super::Reply;
use crate::state::AppState;
use kluis_core::hr::{self, dto::*};
use tauri::State;

#[tauri::command(async)]
pub fn employees_list(state: State<'_, AppState>, query: EmployeeQuery) -> Reply<EmployeePage> {
    state.with(|s| hr::list(s, &query))
}

#[tauri::command(async)]
pub fn employee_view(state: State<'_, AppState>, id: i64) -> Reply<EmployeeFile> {
    state.with(|s| hr::get(s, id))
}

#[tauri::command(async)]
pub fn employee_create(state: State<'_, AppState>, input: EmployeeInput) -> Reply<Employee> {
    state.with(|s| hr::create(s, &input))
}

#[tauri::command(async)]
pub fn employee_update(
    state: State<'_, AppState>,
    id: i64,
    input: EmployeeInput,
) -> Reply<Employee> {
    state.with(|s| hr::update(s, id, &input))
}

#[tauri::command(async)]
pub fn employee_delete(state: State<'_, AppState>, id: i64) -> Reply<()> {
    state.with(|s| hr::delete(s, id))
}

#[tauri::command(async)]
pub fn employee_review_add(
    state: State<'_, AppState>,
    id: i64,
    input: ReviewInput,
) -> Reply<EmployeeFile> {
    state.with(|s| hr::add_review(s, id, &input))
}

#[tauri::command(async)]
pub fn employee_absence_add(
    state: State<'_, AppState>,
    id: i64,
    input: AbsenceInput,
) -> Reply<EmployeeFile> {
    state.with(|s| hr::add_absence(s, id, &input))
}
