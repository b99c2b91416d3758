//! Test support (only with the `test-kdf` feature): a vault holding data of every category,
//! each planted with a marker word, and a user per built-in role. The authorisation tests of
//! the app and of the CLI call every command against it and look for the markers in what
//! comes back.
use crate::access::{Category, BUILTIN_ROLES};
use crate::clock::SystemClock;
use crate::dto::{CreateVaultRequest, NewUserRequest};
use crate::paths::VaultPaths;
use crate::{KdfParams, Session, Vault};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;

/// The initial password every seeded user but the administrator got; the role users then chose
/// OWN_PASSWORD, the two spare ones (`adminmarker`, `spare_gone`) still must change it.
pub const INITIAL_PASSWORD: &str = "paars-fietsbel-onder-regen";
const PW: &str = INITIAL_PASSWORD;
pub const OWN_PASSWORD: &str = "zilveren-maan-boven-zee";

/// One word per category, planted in the vault; finding it in a response means that
/// category came back.
pub const MARKERS: [(Category, &str); 5] = [
    (Category::Contact, "Zebedeus"),
    (Category::Sales, "7777777"),
    (Category::Hr, "Hortensia"),
    (Category::Special, "Migrainemarker"),
    (Category::Admin, "adminmarker"),
];

/// Ids the calls refer to (the same in every copy of the template vault).
pub struct Ids {
    pub person: i64,
    pub scratch: [i64; 4],
    pub org: i64,
    pub deal: i64,
    /// The version `deal` is at (management set its figures).
    pub deal_version: i64,
    pub moving_deal: i64,
    pub open_stage: i64,
    pub spare_stage: i64,
    pub employee: i64,
    pub scratch_employee: i64,
    pub task: i64,
    pub user_keep: i64,
    pub user_gone: i64,
    pub custom_role: String,
    /// The newsletter (consent, marketing) and its Dutch statement; `person` consented.
    pub purpose: i64,
    pub statement: i64,
    /// An access request of `person`, and a date it may be extended to.
    pub request: i64,
    pub request_until: String,
    /// The vault's recovery key (confirmed by the administrator).
    pub recovery_key: String,
}

pub fn user_for(role: &str) -> String {
    format!("r_{role}")
}

fn from<T: serde::de::DeserializeOwned>(v: Value) -> T {
    serde_json::from_value(v).expect("test input matches the DTO")
}

pub fn person_input(given: &str, family: &str, email: &str) -> Value {
    json!({
        "givenName": given, "tussenvoegsel": "", "familyName": family, "salutation": null,
        "dateOfBirth": null, "organisationId": null, "jobTitle": null, "preferredLanguage": null,
        "source": null, "ownerId": null, "notes": null,
        "emails": [{ "label": null, "value": email }], "phones": [], "addresses": [], "tags": ["vip"]
    })
}

pub fn employee_input(given: &str, family: &str) -> Value {
    json!({
        "givenName": given, "tussenvoegsel": "", "familyName": family, "email": null,
        "position": "Boekhouder", "department": null, "contractType": "permanent",
        "hoursPerWeek": 32, "startDate": "2020-02-01", "endDate": null,
        "salaryCents": 4242420, "salaryCurrency": "EUR", "salaryPeriod": "month", "notes": null
    })
}

/// Signs in with the user's own password, setting it from the initial one the first time.
pub fn signed_in(v: &Vault, username: &str) -> Session {
    if let Ok(s) = v.sign_in(username, &OWN_PASSWORD.into()) {
        return s;
    }
    let mut s = v.sign_in(username, &PW.into()).unwrap();
    if s.info().unwrap().must_change_password {
        crate::account::change_password(&mut s, &PW.into(), &OWN_PASSWORD.into()).unwrap();
    }
    s
}

/// The template vault: an administrator, one user per built-in role, two spare users, and data
/// of every category.
pub fn seed(dir: &Path) -> Ids {
    let v = Vault::open(
        VaultPaths::new(dir),
        Arc::new(SystemClock),
        KdfParams::fast_for_tests(),
    )
    .unwrap();
    let (mut admin, rk) = v
        .create(&CreateVaultRequest {
            org_name: "Bakkerij Jansen".into(),
            admin_username: user_for("administrator"),
            admin_display_name: "Anna Beheer".into(),
            password: PW.into(),
        })
        .unwrap();
    crate::account::confirm_recovery_key(&admin, rk.as_ref()).unwrap();
    let recovery_key = rk.to_string();
    // Everyone, the administrator too, signs in with the same own password below.
    crate::account::change_password(&mut admin, &PW.into(), &OWN_PASSWORD.into()).unwrap();
    let mut add = |name: &str, display: &str, role: &str| -> i64 {
        crate::user_admin::add(
            &mut admin,
            &NewUserRequest {
                username: name.into(),
                display_name: display.into(),
                roles: vec![role.into()],
                initial_password: PW.into(),
            },
        )
        .unwrap()
        .id
    };
    for role in BUILTIN_ROLES.iter().filter(|r| **r != "administrator") {
        add(&user_for(role), &format!("Rol {role}"), role);
    }
    // Usernames are what only user management shows (colleagues see display names).
    let user_keep = add("adminmarker", "Reserve Gebruiker", "guest");
    let user_gone = add("spare_gone", "Weg Gebruiker", "guest");
    let custom_role = crate::roles::create(
        &mut admin,
        &from(json!({ "name": "Alleen kijken", "grants": [{ "category": "contact", "action": "view" }] })),
    )
    .unwrap()
    .key;
    let org = crate::crm::organisations::create(
        &admin,
        &from(json!({ "name": "Zebedeus Holding", "kvk": null, "vat": null, "website": null, "industry": null, "addresses": [] })),
    )
    .unwrap()
    .id;
    let mut p = person_input("Zebedeus", "Markering", "zebedeus@markering.test");
    p["organisationId"] = json!(org);
    let person = crate::crm::persons::create(&admin, &from(p)).unwrap().id;
    let mut scratch = [0; 4];
    for (i, id) in scratch.iter_mut().enumerate() {
        *id = crate::crm::persons::create(
            &admin,
            &from(person_input(
                "Wegwerp",
                &format!("Nummer{i}"),
                &format!("weg{i}@x.test"),
            )),
        )
        .unwrap()
        .id;
    }
    let stages = crate::crm::pipeline::stages(&admin).unwrap();
    let open_stage = stages
        .iter()
        .find(|s| s.kind == crate::dto::crm::DealStatus::Open)
        .unwrap()
        .id;
    let spare_stage = crate::crm::pipeline::add(&admin, "Reserve")
        .unwrap()
        .into_iter()
        .find(|s| s.name == "Reserve")
        .unwrap()
        .id;
    let task = crate::crm::deals::task_create(
        &admin,
        &from(json!({ "title": "Bel Zebedeus", "dueDate": "2026-12-01", "assigneeId": null, "personId": person })),
    )
    .unwrap();
    // Staff create the deal; management sets its figures (each only their part).
    let deal = crate::crm::deals::create(
        &admin,
        &from(json!({ "title": "Ovens", "personId": person, "organisationId": org, "stageId": open_stage,
            "amountCents": null, "currency": null, "probability": null, "expectedClose": "2026-12-20" })),
    )
    .unwrap()
    .id;
    // The deal the matrix moves on the board (at version 1), apart from the one it edits.
    let moving_deal = crate::crm::deals::create(
        &admin,
        &from(json!({ "title": "Verhuizing Zebedeus", "personId": null, "organisationId": null, "stageId": open_stage,
            "amountCents": null, "currency": null, "probability": null, "expectedClose": null })),
    )
    .unwrap()
    .id;
    drop(admin);
    let m = signed_in(&v, &user_for("management"));
    let deal_version = crate::crm::deals::update(
        &m,
        deal,
        1,
        &from(json!({ "title": "Ovens", "personId": person, "organisationId": org, "stageId": open_stage,
            "amountCents": 7777777, "currency": "EUR", "probability": 50, "expectedClose": "2026-12-20" })),
    )
    .unwrap()
    .version;
    drop(m);
    let h = signed_in(&v, &user_for("hr"));
    let employee = crate::hr::create(&h, &from(employee_input("Hortensia", "Personeel")))
        .unwrap()
        .id;
    crate::hr::add_absence(
        &h,
        employee,
        &from(json!({ "kind": "sick", "startDate": "2026-01-12", "endDate": "2026-01-13", "reason": "Migrainemarker" })),
    )
    .unwrap();
    let scratch_employee = crate::hr::create(&h, &from(employee_input("Tijdelijk", "Weg")))
        .unwrap()
        .id;
    drop(h);
    let o = signed_in(&v, &user_for("privacy_officer"));
    let purpose = crate::privacy::purposes::adopt(&o, "newsletter", crate::dto::privacy::Lang::Nl)
        .unwrap()
        .id;
    let statement = crate::privacy::consent::publish(
        &o,
        &from(
            json!({ "purposeId": purpose, "lang": "nl", "body": "Ja, stuur mij de nieuwsbrief." }),
        ),
    )
    .unwrap()
    .id;
    crate::privacy::consent::record(
        &o,
        &from(
            json!({ "personId": person, "purposeId": purpose, "granted": true, "channel": "phone",
            "occurredAt": null, "statementId": statement, "shownLang": "nl", "evidence": null }),
        ),
    )
    .unwrap();
    let request = crate::privacy::requests::file(
        &o,
        &from(
            json!({ "personId": person, "kind": "access", "verification": "known_email",
            "verificationNote": null, "receivedOn": null }),
        ),
    )
    .unwrap();
    let request_until = chrono::NaiveDate::parse_from_str(&request.due_on, "%Y-%m-%d")
        .unwrap()
        .checked_add_months(chrono::Months::new(1))
        .unwrap()
        .format("%Y-%m-%d")
        .to_string();
    drop(o);
    for role in BUILTIN_ROLES {
        drop(signed_in(&v, &user_for(role)));
    }
    Ids {
        person,
        scratch,
        org,
        deal,
        deal_version,
        moving_deal,
        open_stage,
        spare_stage,
        employee,
        scratch_employee,
        task,
        user_keep,
        user_gone,
        custom_role,
        purpose,
        statement,
        request: request.id,
        request_until,
        recovery_key,
    }
}

/// The system's clock moved on by the test (time still passes): records made now are months
/// old once it has been moved on by as many months.
#[derive(Default)]
pub struct ShiftedClock(std::sync::atomic::AtomicI64);

impl ShiftedClock {
    /// Moves the clock on by `minutes` (back, if negative).
    pub fn advance_minutes(&self, minutes: i64) {
        self.0
            .fetch_add(minutes, std::sync::atomic::Ordering::SeqCst);
    }
}

impl crate::clock::Clock for ShiftedClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        let minutes = self.0.load(std::sync::atomic::Ordering::SeqCst);
        chrono::Utc::now() + chrono::Duration::minutes(minutes)
    }
}

/// Changes the vault's database behind the app's back, as someone holding its key could (the
/// append-only guards dropped and put back): "audit_entry" alters entry `n` of the audit log and
/// "audit_entry_undone" puts it back, "audit_tail" removes its last `n` entries,
/// "consent_entry" alters entry `n` of the consent ledger.
pub fn tamper(s: &Session, what: &str, n: i64) -> Result<(), String> {
    let tx = s.write().map_err(|e| e.to_string())?;
    crate::store::tamper::apply(&tx, what, n)?;
    tx.commit().map_err(|e| e.to_string())
}

/// The first page of a table in the vault's file (where `tamper`ing bytes hits that table only).
pub fn root_page(s: &Session, table: &str) -> Result<i64, String> {
    let tx = s.read().map_err(|e| e.to_string())?;
    crate::store::tamper::root_page(&tx, table)
}

/// A copy of a (closed) vault folder, so each role works on the same starting point.
pub fn copy_vault(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// What was observed (command -> role -> outcome) against one section of the matrix file at
/// `path`. With KLUIS_WRITE_MATRIX set the section is rewritten first, for a reviewed change
/// of rights. Returns the differences, and commands the matrix names that were not run.
pub fn compare_with_matrix(
    path: &Path,
    section: &str,
    observed: &std::collections::BTreeMap<String, std::collections::BTreeMap<String, Value>>,
) -> Vec<String> {
    let mut matrix: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    if std::env::var_os("KLUIS_WRITE_MATRIX").is_some() {
        matrix[section] = serde_json::to_value(observed).unwrap();
        std::fs::write(path, serde_json::to_string_pretty(&matrix).unwrap() + "\n").unwrap();
    }
    let Some(expected) = matrix[section].as_object() else {
        return vec![format!("the matrix has no {section} section")];
    };
    let mut diffs: Vec<String> = expected
        .keys()
        .filter(|c| !observed.contains_key(*c))
        .map(|c| format!("{c} is in the matrix but was not run"))
        .collect();
    for (cmd, by_role) in observed {
        for (role, o) in by_role {
            let want = expected.get(cmd).and_then(|r| r.get(role));
            if want != Some(o) {
                diffs.push(format!("{cmd} as {role}: matrix {want:?}, observed {o}"));
            }
        }
    }
    diffs
}
