//! The authorisation matrix's calls: every command of the table with arguments that reach its
//! core service on the seeded test vault (`kluis_core::testkit::seed`), and how an answer is
//! written down in the matrix. The desktop's matrix test runs them through Tauri's invoke path,
//! the office server's through HTTPS; both compare with `authorisation-matrix.json`.
use kluis_core::testkit::{employee_input, person_input, Ids, MARKERS, OWN_PASSWORD};
use serde_json::{json, Value};

/// The file `import_stage` is called with.
pub const IMPORT_FILE: &[u8] = b"Naam;E-mail\r\nZebedeus Import;imp@markering.test\r\n";

/// Every command with its arguments, in the order they are called: reads first, then
/// changes (each on records of their own), then the ones that end the session.
pub fn calls(ids: &Ids) -> Vec<(&'static str, Value)> {
    let i = ids;
    let q = json!({ "sort": "family_name", "descending": false, "after": null, "limit": 50, "tag": null, "ownerId": null, "organisationId": null });
    let note = json!({ "kind": "note", "occurredAt": null, "body": "Gebeld" });
    let org = json!({ "name": "Zebedeus Holding", "kvk": null, "vat": null, "website": null, "industry": null, "addresses": [] });
    let deal = json!({ "title": "Ovens", "personId": i.person, "organisationId": i.org, "stageId": i.open_stage,
        "amountCents": 7777777, "currency": "EUR", "probability": 60, "expectedClose": "2026-12-20" });
    let new_deal = json!({ "title": "Nieuw", "personId": i.person, "organisationId": null, "stageId": i.open_stage,
        "amountCents": null, "currency": null, "probability": null, "expectedClose": null });
    let role =
        json!({ "name": "Alleen kijken", "grants": [{ "category": "contact", "action": "view" }] });
    vec![
        ("app_status", json!({})),
        ("office_status", json!({})),
        ("office_follow", json!({ "onProgress": "__CHANNEL__:7" })),
        ("devices_list", json!({})),
        ("unattended_get", json!({})),
        (
            "password_strength",
            json!({ "password": "kort", "context": [] }),
        ),
        ("session_touch", json!({})),
        ("session_info", json!({})),
        ("users_list", json!({})),
        ("roles_list", json!({})),
        ("security_settings_get", json!({})),
        (
            "search_contacts",
            json!({ "query": "Zebedeus", "limit": 20 }),
        ),
        ("persons_list", json!({ "query": q })),
        ("person_view", json!({ "id": i.person })),
        ("organisations_list", json!({ "after": null, "limit": 50 })),
        ("organisation_view", json!({ "id": i.org })),
        ("staff_list", json!({})),
        ("tags_list", json!({})),
        (
            "person_duplicates",
            json!({ "input": person_input("Zebedeus", "Markering", "zebedeus@markering.test"), "exclude": null }),
        ),
        (
            "merge_preview",
            json!({ "keep": i.scratch[0], "remove": i.scratch[1] }),
        ),
        ("deals_board", json!({})),
        ("deal_get", json!({ "id": i.deal })),
        ("tasks_list", json!({ "filter": "all" })),
        ("dashboard_get", json!({})),
        ("pipeline_stages", json!({})),
        ("views_list", json!({})),
        (
            "employees_list",
            json!({ "query": { "after": null, "limit": 50, "includeFormer": true } }),
        ),
        ("employee_view", json!({ "id": i.employee })),
        (
            "person_create",
            json!({ "input": person_input("Zebedeus", "Nieuw", "nieuw@markering.test") }),
        ),
        (
            "person_update",
            json!({ "id": i.scratch[2], "version": 1, "input": person_input("Wegwerp", "Bijgewerkt", "weg2@x.test") }),
        ),
        (
            "timeline_add",
            json!({ "personId": i.person, "input": note }),
        ),
        (
            "organisation_create",
            json!({ "input": { "name": "Nieuwe Organisatie", "kvk": null, "vat": null, "website": null, "industry": null, "addresses": [] } }),
        ),
        (
            "organisation_update",
            json!({ "id": i.org, "version": 1, "input": org }),
        ),
        (
            "organisation_timeline_add",
            json!({ "id": i.org, "input": note }),
        ),
        ("deal_create", json!({ "input": new_deal })),
        (
            "deal_update",
            json!({ "id": i.deal, "version": i.deal_version, "input": deal }),
        ),
        (
            "deal_move",
            json!({ "id": i.moving_deal, "version": 1, "stageId": i.open_stage, "lostReason": null }),
        ),
        (
            "task_create",
            json!({ "input": { "title": "Terugbellen", "dueDate": null, "assigneeId": null, "personId": i.person } }),
        ),
        ("task_set_done", json!({ "id": i.task, "done": true })),
        (
            "stage_rename",
            json!({ "id": i.spare_stage, "name": "Reserve 2" }),
        ),
        ("stage_add", json!({ "name": "Extra" })),
        ("stage_move", json!({ "id": i.spare_stage, "step": -1 })),
        ("stage_remove", json!({ "id": i.spare_stage })),
        (
            "view_save",
            json!({ "name": "Mijn lijst", "filters": { "sort": "family_name", "descending": false, "tag": null, "ownerId": null, "organisationId": null } }),
        ),
        ("view_delete", json!({ "name": "Mijn lijst" })),
        ("import_stage", json!(null)),
        (
            "import_run",
            json!({ "mapping": ["full_name", "email"], "options": { "mode": "all_or_nothing", "strictFields": false }, "onProgress": "__CHANNEL__:7" }),
        ),
        ("import_cancel", json!({})),
        ("import_discard", json!({})),
        (
            "contacts_export",
            json!({ "selection": { "ids": [i.person], "filters": null }, "format": "csv" }),
        ),
        (
            "employee_create",
            json!({ "input": employee_input("Nieuwe", "Collega") }),
        ),
        (
            "employee_update",
            json!({ "id": i.employee, "version": 1, "input": employee_input("Hortensia", "Personeel") }),
        ),
        (
            "employee_review_add",
            json!({ "id": i.employee, "input": { "reviewDate": "2026-03-01", "rating": 4, "summary": "Goed jaar" } }),
        ),
        (
            "employee_absence_add",
            json!({ "id": i.employee, "input": { "kind": "sick", "startDate": "2026-02-02", "endDate": null, "reason": "Griep" } }),
        ),
        ("employee_delete", json!({ "id": i.scratch_employee })),
        ("purposes_list", json!({ "archived": true })),
        ("purpose_templates", json!({ "lang": "nl" })),
        (
            "purpose_adopt",
            json!({ "key": "customer_service", "lang": "nl" }),
        ),
        (
            "purpose_create",
            json!({ "input": {
            "name": "Klantenservice", "description": "Vragen beantwoorden", "lawfulBasis": "contract",
            "balancingNote": null, "marketing": false, "dataCategories": ["contact"], "fields": [],
            "subjectCategories": ["Klanten"], "recipients": [], "transfers": null,
            "retention": "Twee jaar", "securityMeasures": "Versleuteld" } }),
        ),
        (
            "purpose_update",
            json!({ "id": 1, "version": 1, "input": {
            "name": "Nieuwsbrief", "description": "Nieuws per e-mail", "lawfulBasis": "consent",
            "balancingNote": null, "marketing": true, "dataCategories": ["contact"], "fields": [],
            "subjectCategories": ["Abonnees"], "recipients": [], "transfers": null,
            "retention": "Tot intrekking", "securityMeasures": "Versleuteld" } }),
        ),
        ("minimisation_report", json!({})),
        ("register_render", json!({ "format": "html", "lang": "en" })),
        ("register_export", json!({ "format": "csv", "lang": "nl" })),
        ("consent_overview", json!({ "personId": i.person })),
        (
            "consent_record",
            json!({ "input": { "personId": i.scratch[0], "purposeId": i.purpose, "granted": true,
                "channel": "phone", "occurredAt": null, "statementId": i.statement,
                "shownLang": "nl", "evidence": null } }),
        ),
        (
            "consent_object",
            json!({ "input": { "personId": i.scratch[0], "objects": true, "channel": "email",
                "occurredAt": null, "evidence": null } }),
        ),
        (
            "consent_void",
            json!({ "input": { "personId": i.person, "eventId": 1, "reason": "Verkeerde persoon" } }),
        ),
        ("consent_statements", json!({ "purposeId": null })),
        (
            "consent_statement_publish",
            json!({ "input": { "purposeId": i.purpose, "lang": "en", "body": "Yes, send it." } }),
        ),
        (
            "restriction_add",
            json!({ "input": { "personId": i.person, "ground": "legal_claims", "note": null } }),
        ),
        (
            "restriction_lift",
            json!({ "personId": i.scratch[1], "reason": "Afgehandeld" }),
        ),
        ("marketing_purposes", json!({})),
        ("marketing_preview", json!({ "purposeId": i.purpose })),
        ("marketing_export", json!({ "purposeId": i.purpose })),
        ("privacy_dashboard", json!({})),
        ("breaches_list", json!({})),
        (
            "breach_create",
            json!({ "input": json!({ "title": "Laptop kwijt", "discoveredAt": null, "nature": "Verloren in de trein",
                "categories": ["contact"], "subjectsApprox": 10, "recordsApprox": 10,
                "consequences": "Phishing", "measures": "Gewist op afstand",
                "authorityNotifiedAt": null, "authorityReference": null,
                "authorityNotRequired": null, "subjectsInformedAt": null,
                "subjectsNotInformed": null }) }),
        ),
        (
            "breach_update",
            json!({ "id": 1, "version": 1, "input": json!({ "title": "Laptop kwijt", "discoveredAt": null, "nature": "Verloren in de trein",
                "categories": ["contact"], "subjectsApprox": 10, "recordsApprox": 10,
                "consequences": "Phishing", "measures": "Gewist op afstand",
                "authorityNotifiedAt": null, "authorityReference": null,
                "authorityNotRequired": null, "subjectsInformedAt": null,
                "subjectsNotInformed": null }) }),
        ),
        ("breach_export", json!({})),
        ("backup_overview", json!({})),
        ("health_report", json!({})),
        ("category_keys_status", json!({})),
        (
            "category_keys_hand_over",
            json!({ "recoveryKey": "00000-00000" }),
        ),
        ("backup_set_folder", json!({ "choose": true })),
        ("backup_create", json!({ "onProgress": "__CHANNEL__:7" })),
        ("job_cancel", json!({})),
        (
            "backup_drill",
            json!({ "fileName": null, "password": OWN_PASSWORD, "recoveryKey": null, "onProgress": "__CHANNEL__:7" }),
        ),
        ("retention_templates", json!({ "lang": "nl" })),
        (
            "retention_adopt",
            json!({ "key": "inactive_prospects", "lang": "nl" }),
        ),
        (
            "retention_add",
            json!({ "input": { "name": "Oude prospects", "kind": "inactive_prospects",
                "months": 36, "action": "delete" }, "template": null }),
        ),
        (
            "retention_update",
            json!({ "id": 1, "version": 1, "input": { "name": "Prospects", "kind": "inactive_prospects",
                "months": 30, "action": "anonymise" } }),
        ),
        ("retention_rules", json!({})),
        ("retention_set_active", json!({ "id": 1, "active": false })),
        ("retention_preview", json!({})),
        (
            "retention_run",
            json!({ "dryRun": true, "onProgress": "__CHANNEL__:7" }),
        ),
        ("retention_history", json!({})),
        ("requests_queue", json!({ "withClosed": true })),
        ("requests_of_person", json!({ "personId": i.person })),
        (
            "request_file",
            json!({ "input": { "personId": i.scratch[2], "kind": "erasure",
                "verification": "known_email", "verificationNote": null, "receivedOn": null } }),
        ),
        (
            "subject_export",
            json!({ "personId": i.person, "requestId": i.request,
                "passphrase": "zeven-blauwe-reigers-op-het-dak" }),
        ),
        ("request_start", json!({ "id": i.request })),
        (
            "request_extend",
            json!({ "input": { "id": i.request, "until": i.request_until,
                "reason": "Veel gegevens in meerdere systemen" } }),
        ),
        (
            "request_close",
            json!({ "input": { "id": i.request, "status": "completed",
                "outcome": "Inzage verstrekt" } }),
        ),
        ("purpose_archive", json!({ "id": 1 })),
        (
            "role_create",
            json!({ "input": { "name": "Nieuwe rol", "grants": [] } }),
        ),
        (
            "role_update",
            json!({ "key": i.custom_role, "input": role }),
        ),
        ("role_delete", json!({ "key": i.custom_role })),
        (
            "user_set_access",
            json!({ "userId": i.user_keep, "req": { "roles": ["guest"], "mayDelete": false } }),
        ),
        (
            "user_add",
            json!({ "req": { "username": "nieuw", "displayName": "Nieuw", "roles": ["guest"], "initialPassword": "blauwe-olifant-danst-traag" } }),
        ),
        (
            "user_set_active",
            json!({ "userId": i.user_keep, "active": false }),
        ),
        (
            "user_reset_password",
            json!({ "userId": i.user_keep, "initialPassword": "blauwe-olifant-danst-traag" }),
        ),
        (
            "security_settings_set",
            json!({ "settings": { "autoLockMinutes": 15 } }),
        ),
        (
            "merge_apply",
            json!({ "keep": i.scratch[0], "remove": i.scratch[1] }),
        ),
        ("person_delete", json!({ "id": i.scratch[3] })),
        ("demo_fill", json!({ "contacts": 3 })),
        ("device_add", json!({})),
        ("device_rename", json!({ "id": 1, "name": "Balie" })),
        ("device_revoke", json!({ "id": 999 })),
        ("unattended_set", json!({ "allowed": true })),
        (
            "office_connect",
            json!({ "req": { "address": "kluis.kantoor.test", "fingerprint": "geen vingerafdruk",
                "code": "AAAAA-AAAAA", "deviceName": "Balie" } }),
        ),
        (
            "office_unlock",
            json!({ "username": "niemand", "password": "fout-wachtwoord-hier" }),
        ),
        ("office_leave", json!({})),
        (
            "recovery_key_confirm",
            json!({ "recoveryKey": "00000-00000" }),
        ),
        (
            "change_password",
            json!({ "currentPassword": "niet-het-wachtwoord", "newPassword": "blauwe-olifant-danst-traag" }),
        ),
        // Late: it erases the person the calls above use.
        (
            "subject_erase",
            json!({ "input": { "personId": i.person, "requestId": null, "lang": "nl" } }),
        ),
        ("user_remove", json!({ "userId": i.user_gone })),
        (
            "vault_create",
            json!({ "req": { "orgName": "X", "adminUsername": "x", "adminDisplayName": "X", "password": "blauwe-olifant-danst-traag" } }),
        ),
        (
            "recover",
            json!({ "recoveryKey": "00000-00000", "username": "x", "newPassword": "blauwe-olifant-danst-traag" }),
        ),
        // Late: a restore ends the session.
        (
            "backup_restore",
            json!({ "fileName": null, "password": OWN_PASSWORD, "recoveryKey": null, "onProgress": "__CHANNEL__:7" }),
        ),
        ("lock", json!({})),
        (
            "sign_in",
            json!({ "username": "niemand", "password": "fout-wachtwoord-hier" }),
        ),
        ("sign_out", json!({ "onProgress": "__CHANNEL__:7" })),
    ]
}

/// "denied", "error:<code>" or the categories whose markers the response holds.
pub fn outcome(res: &Result<Value, Value>) -> Value {
    match res {
        Err(e) => match e.get("code").and_then(Value::as_str) {
            Some("access.denied") => json!("denied"),
            Some(code) => json!(format!("error:{code}")),
            None => json!(format!("error:{e}")),
        },
        Ok(v) => {
            let text = v.to_string();
            let found: Vec<&str> = MARKERS
                .iter()
                .filter(|(_, m)| text.contains(m))
                .map(|(c, _)| c.as_str())
                .collect();
            json!(found)
        }
    }
}
