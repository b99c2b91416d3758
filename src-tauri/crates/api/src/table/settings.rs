//! Settings > Security.
use kluis_core::dto::SecuritySettings;
use kluis_core::security;

crate::commands! {
    fn security_settings_get(cx) -> SecuritySettings
        [needs: All(&[(Admin, View)])]
    {
        cx.with(|s| security::get(s))
    }

    fn security_settings_set(cx, settings: SecuritySettings) -> SecuritySettings
        [needs: All(&[(Admin, Manage)])]
    {
        cx.with(|s| security::set(s, &settings))
    }

}
