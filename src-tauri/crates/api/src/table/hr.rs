//! Personnel files (HR and management only; the core decides).
use kluis_core::dto::hr::*;
use kluis_core::hr;

crate::commands! {
    /// Personnel files: HR and management only (the core refuses everyone else).
    fn employees_list(cx, query: EmployeeQuery) -> EmployeePage
        [needs: All(&[(Hr, View)])]
    {
        cx.with(|s| hr::list(s, &query))
    }

    fn employee_view(cx, id: i64) -> EmployeeFile
        [needs: All(&[(Hr, View)])]
    {
        cx.with(|s| hr::get(s, id))
    }

    fn employee_create(cx, input: EmployeeInput) -> Employee
        [needs: All(&[(Hr, Create)])]
    {
        cx.with(|s| hr::create(s, &input))
    }

    fn employee_update(cx, id: i64, version: i64, input: EmployeeInput) -> Employee
        [needs: All(&[(Hr, Edit)])]
    {
        cx.with(|s| hr::update(s, id, version, &input))
    }

    fn employee_delete(cx, id: i64) -> ()
        [needs: All(&[(Hr, Delete)])]
    {
        cx.with(|s| hr::delete(s, id))
    }

    fn employee_review_add(cx, id: i64, input: ReviewInput) -> EmployeeFile
        [needs: All(&[(Hr, Edit)])]
    {
        cx.with(|s| hr::add_review(s, id, &input))
    }

    /// A reason is health data: refused without the special-category grant.
    fn employee_absence_add(cx, id: i64, input: AbsenceInput) -> EmployeeFile
        [needs: All(&[(Hr, Edit)])]
    {
        cx.with(|s| hr::add_absence(s, id, &input))
    }

}
