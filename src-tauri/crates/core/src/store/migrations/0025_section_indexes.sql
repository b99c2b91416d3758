-- Indexes that answer the deals board and the task list at a million contacts without reading
-- every deal or task (issue 18: Deals took 7.9 s and Tasks 1.9 s to open on the demo vault of
-- a million; the dashboard's totals are migration 26).

-- The board: each stage's first cards in the board's order.
DROP INDEX deals_stage;
CREATE INDEX deals_board ON deals(stage_id, closed_at DESC, expected_close, id);

-- The task list in its own order (open first, those with a due date first, soonest first),
-- one person's open tasks in the same order, and the open tasks by due date (overdue).
DROP INDEX tasks_assignee;
DROP INDEX tasks_due;
CREATE INDEX tasks_list ON tasks(done_at IS NOT NULL, due_date IS NULL, due_date, id);
CREATE INDEX tasks_open_mine ON tasks(assignee_id, due_date IS NULL, due_date, id) WHERE done_at IS NULL;
CREATE INDEX tasks_open_due ON tasks(due_date, id) WHERE done_at IS NULL;
