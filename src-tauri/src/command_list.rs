/// The app's IPC commands: the single list shared by build.rs (permissions), the capability
/// file and the authorisation-matrix test.
pub const COMMANDS: &[&str] = &[
    "app_status",
    "vault_create",
    "recovery_key_confirm",
    "sign_in",
    "sign_out",
    "lock",
    "recover",
    "change_password",
    "password_strength",
    "session_touch",
    "session_info",
    "users_list",
    "roles_list",
    "user_add",
    "user_set_active",
    "user_remove",
    "user_reset_password",
    "security_settings_get",
    "security_settings_set",
];
