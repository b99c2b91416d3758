//! Settings > Users.
use kluis_core::dto::{
    NewUserRequest, RoleDetail, RoleInput, RolesOverview, UserAccessRequest, UserSummary,
};
use kluis_core::keys::custody::{self, CategoryKeyState};
use kluis_core::{roles, user_admin, Password};

crate::commands! {
    fn users_list(cx) -> Vec<UserSummary>
        [needs: All(&[(Admin, View)])]
    {
        cx.with(|s| user_admin::list(s))
    }

    /// Every role with its grants and holders, and the grantable (category, action) pairs.
    fn roles_list(cx) -> RolesOverview
        [needs: All(&[(Admin, View)])]
    {
        cx.with(|s| roles::overview(s))
    }

    fn role_create(cx, input: RoleInput) -> RoleDetail
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| roles::create(s, &input))
    }

    /// Custom roles only; built-in ones are refused.
    fn role_update(cx, key: String, input: RoleInput) -> RoleDetail
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| roles::update(s, &key, &input))
    }

    fn role_delete(cx, key: String) -> ()
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| roles::delete(s, &key))
    }

    /// A user's roles and delete switch (null: the roles decide).
    fn user_set_access(cx, user_id: i64, req: UserAccessRequest) -> UserSummary
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| roles::set_user_access(s, user_id, &req))
    }

    fn user_add(cx, req: NewUserRequest) -> UserSummary
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| user_admin::add(s, &req))
    }

    fn user_set_active(cx, user_id: i64, active: bool) -> UserSummary
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| user_admin::set_active(s, user_id, active))
    }

    fn user_remove(cx, user_id: i64) -> ()
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| user_admin::remove(s, user_id))
    }

    fn user_reset_password(cx, user_id: i64, initial_password: String) -> UserSummary
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| user_admin::reset_password(s, user_id, &Password::new(initial_password)))
    }

    /// Who holds or waits for each category key (personnel files, special-category data, backups) and
    /// whether one is due to be renewed (admin.view).
    fn category_keys_status(cx) -> Vec<CategoryKeyState>
        [needs: All(&[(Admin, View)])]
    {
        cx.with(|s| custody::status(s))
    }

    /// Hands the category keys to the colleagues who wait for them, with the recovery key
    /// (admin.manage); refuses another key with auth.recovery_key_invalid. Answers with the new
    /// state.
    fn category_keys_hand_over(cx, recovery_key: String) -> Vec<CategoryKeyState>
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| custody::hand_over_with_recovery(s, &recovery_key))
    }

}
