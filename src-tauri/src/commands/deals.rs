//! The deals board, tasks and the dashboard.
use super::Reply;
use crate::state::AppState;
use kluis_core::crm::dto::{
    Board, Dashboard, DealCard, DealInput, Stage, TaskFilter, TaskInput, TaskRow,
};
use kluis_core::crm::{deals, pipeline};
use tauri::State;

#[tauri::command(async)]
pub fn deals_board(state: State<'_, AppState>) -> Reply<Board> {
    state.with(|s| deals::board(s))
}

#[tauri::command(async)]
pub fn deal_create(state: State<'_, AppState>, input: DealInput) -> Reply<DealCard> {
    state.with(|s| deals::create(s, &input))
}

#[tauri::command(async)]
pub fn deal_update(state: State<'_, AppState>, id: i64, input: DealInput) -> Reply<DealCard> {
    state.with(|s| deals::update(s, id, &input))
}

#[tauri::command(async)]
pub fn deal_move(
    state: State<'_, AppState>,
    id: i64,
    stage_id: i64,
    lost_reason: Option<String>,
) -> Reply<DealCard> {
    state.with(|s| deals::move_to(s, id, stage_id, lost_reason.as_deref()))
}

#[tauri::command(async)]
pub fn tasks_list(state: State<'_, AppState>, filter: TaskFilter) -> Reply<Vec<TaskRow>> {
    state.with(|s| deals::tasks(s, filter))
}

#[tauri::command(async)]
pub fn task_create(state: State<'_, AppState>, input: TaskInput) -> Reply<i64> {
    state.with(|s| deals::task_create(s, &input))
}

#[tauri::command(async)]
pub fn task_set_done(state: State<'_, AppState>, id: i64, done: bool) -> Reply<()> {
    state.with(|s| deals::task_set_done(s, id, done))
}

#[tauri::command(async)]
pub fn dashboard_get(state: State<'_, AppState>) -> Reply<Dashboard> {
    state.with(|s| deals::dashboard(s))
}

#[tauri::command(async)]
pub fn pipeline_stages(state: State<'_, AppState>) -> Reply<Vec<Stage>> {
    state.with(|s| pipeline::stages(s))
}

#[tauri::command(async)]
pub fn stage_rename(state: State<'_, AppState>, id: i64, name: String) -> Reply<Vec<Stage>> {
    state.with(|s| pipeline::rename(s, id, &name))
}

#[tauri::command(async)]
pub fn stage_add(state: State<'_, AppState>, name: String) -> Reply<Vec<Stage>> {
    state.with(|s| pipeline::add(s, &name))
}

#[tauri::command(async)]
pub fn stage_move(state: State<'_, AppState>, id: i64, step: i64) -> Reply<Vec<Stage>> {
    state.with(|s| pipeline::move_stage(s, id, step))
}

#[tauri::command(async)]
pub fn stage_remove(state: State<'_, AppState>, id: i64) -> Reply<Vec<Stage>> {
    state.with(|s| pipeline::remove(s, id))
}
