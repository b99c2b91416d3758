//! The deals board, tasks and the dashboard.
use kluis_core::crm::{deals, pipeline};
use kluis_core::dto::crm::{
    Board, Dashboard, DealCard, DealInput, Stage, TaskFilter, TaskInput, TaskRow,
};

crate::commands! {
    fn deals_board(cx) -> Board
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| deals::board(s))
    }

    fn deal_get(cx, id: i64) -> DealCard
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| deals::get(s, id))
    }

    fn deal_create(cx, input: DealInput) -> DealCard
        [needs: All(&[(Contact, Create)])]
    {
        cx.with(|s| deals::create(s, &input))
    }

    /// Details for staff, amount and probability for those who may edit sales figures.
    fn deal_update(cx, id: i64, version: i64, input: DealInput) -> DealCard
        [needs: Any(&[(Contact, Edit), (Sales, Edit)])]
    {
        cx.with(|s| deals::update(s, id, version, &input))
    }

    fn deal_move(cx, id: i64, version: i64, stage_id: i64, lost_reason: Option<String>) -> DealCard
        [needs: All(&[(Contact, Edit)])]
    {
        cx.with(|s| deals::move_to(s, id, version, stage_id, lost_reason.as_deref()))
    }

    fn tasks_list(cx, filter: TaskFilter) -> Vec<TaskRow>
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| deals::tasks(s, filter))
    }

    fn task_create(cx, input: TaskInput) -> i64
        [needs: All(&[(Contact, Create)])]
    {
        cx.with(|s| deals::task_create(s, &input))
    }

    fn task_set_done(cx, id: i64, done: bool) -> ()
        [needs: All(&[(Contact, Edit)])]
    {
        cx.with(|s| deals::task_set_done(s, id, done))
    }

    fn dashboard_get(cx) -> Dashboard
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| deals::dashboard(s))
    }

    fn pipeline_stages(cx) -> Vec<Stage>
        [needs: All(&[(Contact, View)])]
    {
        cx.with(|s| pipeline::stages(s))
    }

    fn stage_rename(cx, id: i64, name: String) -> Vec<Stage>
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| pipeline::rename(s, id, &name))
    }

    fn stage_add(cx, name: String) -> Vec<Stage>
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| pipeline::add(s, &name))
    }

    /// One place earlier (-1) or later (1) among the open stages.
    fn stage_move(cx, id: i64, step: i64) -> Vec<Stage>
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| pipeline::move_stage(s, id, step))
    }

    fn stage_remove(cx, id: i64) -> Vec<Stage>
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| pipeline::remove(s, id))
    }

}
