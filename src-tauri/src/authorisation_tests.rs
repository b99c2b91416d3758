//! The authorisation matrix test: every IPC command, called through Tauri's real invoke path
//! (handlers, argument parsing, capabilities) on the mock runtime, as every built-in role,
//! against a vault holding data of every category. What comes back is compared with
//! `authorisation-matrix.json`; a command missing from the matrix, or a matrix entry without
//! a command, fails the test.
//!
//! Each category's data carries a marker word, so "which categories come back" is what a
//! person would see in the response, not what the code claims. Independently of the file, a
//! response may only contain a category's marker if the role may view that category.
use kluis_api::{Desk, DialogTargets};
use kluis_core::access::{builtin_grants, Action, Category, BUILTIN_ROLES};
use kluis_core::paths::VaultPaths;
use kluis_core::testkit::{
    employee_input, person_input, seed, user_for, Ids, MARKERS, OWN_PASSWORD,
};
use kluis_core::KdfParams;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;

/// Every command with its arguments, in the order they are called: reads first, then
/// changes (each on records of their own), then the ones that end the session.
fn calls(ids: &Ids) -> Vec<(&'static str, Value)> {
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
            json!({ "id": i.scratch[2], "input": person_input("Wegwerp", "Bijgewerkt", "weg2@x.test") }),
        ),
        (
            "timeline_add",
            json!({ "personId": i.person, "input": note }),
        ),
        (
            "organisation_create",
            json!({ "input": { "name": "Nieuwe Organisatie", "kvk": null, "vat": null, "website": null, "industry": null, "addresses": [] } }),
        ),
        ("organisation_update", json!({ "id": i.org, "input": org })),
        (
            "organisation_timeline_add",
            json!({ "id": i.org, "input": note }),
        ),
        ("deal_create", json!({ "input": new_deal })),
        ("deal_update", json!({ "id": i.deal, "input": deal })),
        (
            "deal_move",
            json!({ "id": i.deal, "stageId": i.open_stage, "lostReason": null }),
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
            json!({ "id": i.employee, "input": employee_input("Hortensia", "Personeel") }),
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
            json!({ "id": 1, "input": {
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
            json!({ "id": 1, "input": json!({ "title": "Laptop kwijt", "discoveredAt": null, "nature": "Verloren in de trein",
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
            json!({ "id": 1, "input": { "name": "Prospects", "kind": "inactive_prospects",
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

fn invoke(
    webview: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    let body = if cmd == "import_stage" {
        InvokeBody::Raw(
            "Naam;E-mail\r\nZebedeus Import;imp@markering.test\r\n"
                .as_bytes()
                .to_vec(),
        )
    } else {
        InvokeBody::Json(args)
    };
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body,
            headers: Default::default(),
            invoke_key: INVOKE_KEY.into(),
        },
    )
    .map(|b| b.deserialize::<Value>().unwrap_or(Value::Null))
}

/// "denied", "error:<code>" or the categories whose markers the response holds.
fn outcome(res: &Result<Value, Value>) -> Value {
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

/// Runs every command as `role` on a fresh copy of the template; returns command -> outcome.
fn run_role(template: &Path, work: &Path, role: &str, ids: &Ids) -> BTreeMap<String, Value> {
    let dir = work.join(role);
    kluis_core::testkit::copy_vault(template, &dir);
    let backups = work.join(format!("{role}-backups"));
    let desk = Desk::open(VaultPaths::resolve(Some(&dir)), KdfParams::recommended()).with_targets(
        DialogTargets {
            save: Some(dir.join("export.csv")),
            numbered: false,
            folder: Some(backups),
        },
    );
    let app = crate::app(mock_builder(), desk)
        .build(tauri::generate_context!())
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let signed = invoke(
        &webview,
        "sign_in",
        json!({ "username": user_for(role), "password": OWN_PASSWORD }),
    );
    assert!(signed.is_ok(), "{role} signs in: {signed:?}");
    let grants = builtin_grants(role).unwrap();
    let mut out = BTreeMap::new();
    for (cmd, args) in calls(ids) {
        let res = invoke(&webview, cmd, args);
        let o = outcome(&res);
        // Whatever the matrix says: a category's data only reaches a role that may view it.
        if let Some(found) = o.as_array() {
            for c in found.iter().filter_map(Value::as_str) {
                let c = Category::parse(c).unwrap();
                assert!(
                    grants.contains(&(c, Action::View)),
                    "{cmd} as {role} returned {} data",
                    c.as_str()
                );
            }
        }
        out.insert(cmd.to_string(), o);
    }
    out
}

#[test]
fn every_command_as_every_role_matches_the_matrix() {
    let work = tempfile::tempdir().unwrap();
    let template = work.path().join("template");
    let ids = seed(&template);
    let listed: Vec<&str> = calls(&ids).iter().map(|(c, _)| *c).collect();
    for c in kluis_api::names() {
        assert!(listed.contains(&c), "{c} is not exercised by this test");
    }
    let mut observed: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    for role in BUILTIN_ROLES {
        for (cmd, o) in run_role(&template, work.path(), role, &ids) {
            observed.entry(cmd).or_default().insert(role.to_string(), o);
        }
    }
    let diffs = kluis_core::testkit::compare_with_matrix(
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/authorisation-matrix.json"
        )),
        "ipc",
        &observed,
    );
    assert!(diffs.is_empty(), "{}", diffs.join("\n"));
    let broken = declared_against_observed(&observed);
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// Where a command's answer depends on what is sent, not only on who asks, so the one call
/// above cannot show its declared gate.
const GATED_BY_INPUT: &[(&str, &str)] = &[
    (
        "deal_update",
        "amounts and probability need sales.edit too; the call sends them",
    ),
    (
        "import_run",
        "nothing is staged for a role that may not stage a file: not found comes first",
    ),
];

/// The rights the command table declares, held against the core's answers: a role the table
/// lets through is never refused, and a role it stops is refused (access.denied).
fn declared_against_observed(observed: &BTreeMap<String, BTreeMap<String, Value>>) -> Vec<String> {
    let mut broken = vec![];
    for (cmd, by_role) in observed {
        if GATED_BY_INPUT.iter().any(|(c, _)| c == cmd) {
            continue;
        }
        let needs = kluis_api::needs_of(cmd).expect("in the table");
        for (role, outcome) in by_role {
            let allowed = needs.allows(&builtin_grants(role).unwrap());
            let denied = outcome == "denied";
            if allowed == denied {
                broken.push(format!(
                    "{cmd} as {role}: the table declares {}, the core answered {outcome}",
                    needs.describe()
                ));
            }
        }
    }
    broken
}
