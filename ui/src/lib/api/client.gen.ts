// Generated from the command table (src-tauri/crates/api/src/table) by
// `cargo test -p kluis-api`. Do not edit: change the table and run it again.
import type { AbsenceInput } from "./bindings/AbsenceInput";
import type { AppStatus } from "./bindings/AppStatus";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { BackupOverview } from "./bindings/BackupOverview";
import type { Board } from "./bindings/Board";
import type { Breach } from "./bindings/Breach";
import type { BreachInput } from "./bindings/BreachInput";
import type { CategoryKeyState } from "./bindings/CategoryKeyState";
import type { Change } from "./bindings/Change";
import type { CloseInput } from "./bindings/CloseInput";
import type { ConnectRequest } from "./bindings/ConnectRequest";
import type { ConsentInput } from "./bindings/ConsentInput";
import type { ConsentOverview } from "./bindings/ConsentOverview";
import type { ConsentStatement } from "./bindings/ConsentStatement";
import type { CreateVaultRequest } from "./bindings/CreateVaultRequest";
import type { CreateVaultResponse } from "./bindings/CreateVaultResponse";
import type { Dashboard } from "./bindings/Dashboard";
import type { DealCard } from "./bindings/DealCard";
import type { DealInput } from "./bindings/DealInput";
import type { DemoReport } from "./bindings/DemoReport";
import type { DeviceRow } from "./bindings/DeviceRow";
import type { DuplicateHint } from "./bindings/DuplicateHint";
import type { Employee } from "./bindings/Employee";
import type { EmployeeFile } from "./bindings/EmployeeFile";
import type { EmployeeInput } from "./bindings/EmployeeInput";
import type { EmployeePage } from "./bindings/EmployeePage";
import type { EmployeeQuery } from "./bindings/EmployeeQuery";
import type { EnrolCode } from "./bindings/EnrolCode";
import type { ErasureInput } from "./bindings/ErasureInput";
import type { ErasureReport } from "./bindings/ErasureReport";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { ExportResult } from "./bindings/ExportResult";
import type { ExportSelection } from "./bindings/ExportSelection";
import type { ExtendInput } from "./bindings/ExtendInput";
import type { Health } from "./bindings/Health";
import type { ImportField } from "./bindings/ImportField";
import type { ImportOptions } from "./bindings/ImportOptions";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { ImportReport } from "./bindings/ImportReport";
import type { ImportStaged } from "./bindings/ImportStaged";
import type { JobProgress } from "./bindings/JobProgress";
import type { Lang } from "./bindings/Lang";
import type { MarketingPurpose } from "./bindings/MarketingPurpose";
import type { MarketingReport } from "./bindings/MarketingReport";
import type { MergePreview } from "./bindings/MergePreview";
import type { MinimisationReport } from "./bindings/MinimisationReport";
import type { NewUserRequest } from "./bindings/NewUserRequest";
import type { ObjectionInput } from "./bindings/ObjectionInput";
import type { OfficeStatus } from "./bindings/OfficeStatus";
import type { Organisation } from "./bindings/Organisation";
import type { OrganisationInput } from "./bindings/OrganisationInput";
import type { OrganisationPage } from "./bindings/OrganisationPage";
import type { OrganisationView } from "./bindings/OrganisationView";
import type { PasswordStrength } from "./bindings/PasswordStrength";
import type { Person } from "./bindings/Person";
import type { PersonInput } from "./bindings/PersonInput";
import type { PersonPage } from "./bindings/PersonPage";
import type { PersonQuery } from "./bindings/PersonQuery";
import type { PersonView } from "./bindings/PersonView";
import type { PrivacyDashboard } from "./bindings/PrivacyDashboard";
import type { Purpose } from "./bindings/Purpose";
import type { PurposeInput } from "./bindings/PurposeInput";
import type { PurposeTemplate } from "./bindings/PurposeTemplate";
import type { RegisterFormat } from "./bindings/RegisterFormat";
import type { RequestInput } from "./bindings/RequestInput";
import type { RequestQueue } from "./bindings/RequestQueue";
import type { RestoreReport } from "./bindings/RestoreReport";
import type { RestrictionInput } from "./bindings/RestrictionInput";
import type { RetentionPreview } from "./bindings/RetentionPreview";
import type { RetentionRule } from "./bindings/RetentionRule";
import type { RetentionRun } from "./bindings/RetentionRun";
import type { RetentionTemplate } from "./bindings/RetentionTemplate";
import type { ReviewInput } from "./bindings/ReviewInput";
import type { RoleDetail } from "./bindings/RoleDetail";
import type { RoleInput } from "./bindings/RoleInput";
import type { RolesOverview } from "./bindings/RolesOverview";
import type { RuleInput } from "./bindings/RuleInput";
import type { SavedView } from "./bindings/SavedView";
import type { SearchHit } from "./bindings/SearchHit";
import type { SecuritySettings } from "./bindings/SecuritySettings";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { StaffMember } from "./bindings/StaffMember";
import type { Stage } from "./bindings/Stage";
import type { StatementInput } from "./bindings/StatementInput";
import type { SubjectExportResult } from "./bindings/SubjectExportResult";
import type { SubjectRequest } from "./bindings/SubjectRequest";
import type { TaskFilter } from "./bindings/TaskFilter";
import type { TaskInput } from "./bindings/TaskInput";
import type { TaskRow } from "./bindings/TaskRow";
import type { TimelineEntry } from "./bindings/TimelineEntry";
import type { TimelineInput } from "./bindings/TimelineInput";
import type { UnattendedState } from "./bindings/UnattendedState";
import type { UserAccessRequest } from "./bindings/UserAccessRequest";
import type { UserSummary } from "./bindings/UserSummary";
import type { ViewFilters } from "./bindings/ViewFilters";
import type { VoidInput } from "./bindings/VoidInput";

/** How a client reaches the core: Tauri's invoke in the app, HTTP in the UI tests. */
export interface Transport {
  call<T, P = never>(
    command: CommandName,
    args: Record<string, unknown>,
    options?: { raw?: Uint8Array; onProgress?: (p: P) => void },
  ): Promise<T>;
}

/** Every error code the core answers with (`ErrorCode::ALL`). */
export const ERROR_CODES = [
  "vault.not_found",
  "vault.exists",
  "vault.in_use",
  "vault.key_file_missing",
  "vault.key_file_corrupt",
  "vault.database_unreadable",
  "vault.key_file_tampered",
  "keys.category_unavailable",
  "auth.failed",
  "auth.throttled",
  "auth.account_disabled",
  "auth.recovery_key_invalid",
  "auth.password_change_required",
  "session.locked",
  "access.denied",
  "validation.invalid",
  "user.not_found",
  "record.not_found",
  "user.username_taken",
  "user.last_admin",
  "user.self",
  "record.restricted",
  "record.conflict",
  "consent.not_consent_basis",
  "consent.statement_mismatch",
  "erasure.legal_hold",
  "sealed.wrong_secret",
  "sealed.damaged",
  "backup.foreign_vault",
  "backup.not_for_user",
  "backup.check_failed",
  "backup.unauthenticated",
  "backup.old_format",
  "backup.needs_confirmation",
  "backup.folder_unwritable",
  "disk.full",
  "job.cancelled",
  "office.only",
  "server.unreachable",
  "server.connection_lost",
  "server.sealed",
  "server.refused",
  "device.refused",
  "device.revoked",
  "session.ended",
  "enrol.code_invalid",
  "enrol.too_many",
  "enrol.fingerprint",
  "unattended.not_allowed",
  "unattended.credential_invalid",
  "internal",
] as const satisfies readonly ErrorCode[];

/** Every command of the table, by name. */
export const COMMANDS = [
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
  "role_create",
  "role_update",
  "role_delete",
  "user_set_access",
  "user_add",
  "user_set_active",
  "user_remove",
  "user_reset_password",
  "category_keys_status",
  "category_keys_hand_over",
  "security_settings_get",
  "security_settings_set",
  "search_contacts",
  "persons_list",
  "person_view",
  "person_create",
  "person_update",
  "person_delete",
  "organisation_create",
  "timeline_add",
  "staff_list",
  "tags_list",
  "demo_fill",
  "person_duplicates",
  "merge_preview",
  "merge_apply",
  "organisations_list",
  "organisation_view",
  "organisation_update",
  "organisation_timeline_add",
  "views_list",
  "view_save",
  "view_delete",
  "deals_board",
  "deal_get",
  "deal_create",
  "deal_update",
  "deal_move",
  "tasks_list",
  "task_create",
  "task_set_done",
  "dashboard_get",
  "pipeline_stages",
  "stage_rename",
  "stage_add",
  "stage_move",
  "stage_remove",
  "import_stage",
  "import_run",
  "import_cancel",
  "import_discard",
  "contacts_export",
  "employees_list",
  "employee_view",
  "employee_create",
  "employee_update",
  "employee_delete",
  "employee_review_add",
  "employee_absence_add",
  "purposes_list",
  "purpose_templates",
  "purpose_adopt",
  "purpose_create",
  "purpose_update",
  "purpose_archive",
  "minimisation_report",
  "register_render",
  "register_export",
  "breaches_list",
  "breach_create",
  "breach_update",
  "breach_export",
  "retention_rules",
  "retention_templates",
  "retention_adopt",
  "retention_add",
  "retention_update",
  "retention_set_active",
  "retention_preview",
  "retention_run",
  "retention_history",
  "consent_overview",
  "consent_record",
  "consent_object",
  "consent_void",
  "consent_statements",
  "consent_statement_publish",
  "restriction_add",
  "restriction_lift",
  "marketing_purposes",
  "marketing_preview",
  "marketing_export",
  "privacy_dashboard",
  "requests_queue",
  "requests_of_person",
  "request_file",
  "request_start",
  "request_extend",
  "request_close",
  "subject_export",
  "subject_erase",
  "backup_overview",
  "health_report",
  "backup_create",
  "job_cancel",
  "backup_set_folder",
  "backup_drill",
  "backup_restore",
  "office_status",
  "office_connect",
  "office_leave",
  "office_unlock",
  "office_follow",
  "devices_list",
  "device_add",
  "device_rename",
  "device_revoke",
  "unattended_get",
  "unattended_set",
] as const;

export type CommandName = (typeof COMMANDS)[number];

/** One method per command; every method rejects with an ApiError. */
export interface KluisApi {
  /**
   * Whether a vault exists here, who is signed in, and why the vault could not be opened.
   */
  appStatus(): Promise<AppStatus>;
  /**
   * Creates the vault and its first administrator, who is signed in; the recovery key is
   * shown once.
   */
  vaultCreate(req: CreateVaultRequest): Promise<CreateVaultResponse>;
  /**
   * The administrator confirms they kept the recovery key (typing it back).
   */
  recoveryKeyConfirm(recoveryKey: string): Promise<SessionInfo>;
  signIn(username: string, password: string): Promise<SessionInfo>;
  /**
   * Signs out after the automatic backup at sign-out (when a folder is chosen; not on the office
   * server): `onProgress` hears it; `jobCancel` skips it (no file is left). Signed out either way.
   */
  signOut(onProgress?: (p: JobProgress) => void): Promise<null>;
  lock(): Promise<null>;
  /**
   * A new password with the recovery key (the person is signed in with it).
   */
  recover(recoveryKey: string, username: string, newPassword: string): Promise<SessionInfo>;
  changePassword(currentPassword: string, newPassword: string): Promise<SessionInfo>;
  /**
   * Needs no session: the setup screen's meter uses it before any vault exists.
   */
  passwordStrength(password: string, context: Array<string>): Promise<PasswordStrength>;
  /**
   * Activity: keeps the session open (any command does), and lets the retention engine and
   * the daily backup run while the app is open: the first ping of a new day starts them,
   * after the reply.
   */
  sessionTouch(): Promise<null>;
  sessionInfo(): Promise<SessionInfo>;
  usersList(): Promise<Array<UserSummary>>;
  /**
   * Every role with its grants and holders, and the grantable (category, action) pairs.
   */
  rolesList(): Promise<RolesOverview>;
  roleCreate(input: RoleInput): Promise<RoleDetail>;
  /**
   * Custom roles only; built-in ones are refused.
   */
  roleUpdate(key: string, input: RoleInput): Promise<RoleDetail>;
  roleDelete(key: string): Promise<null>;
  /**
   * A user's roles and delete switch (null: the roles decide).
   */
  userSetAccess(userId: number, req: UserAccessRequest): Promise<UserSummary>;
  userAdd(req: NewUserRequest): Promise<UserSummary>;
  userSetActive(userId: number, active: boolean): Promise<UserSummary>;
  userRemove(userId: number): Promise<null>;
  userResetPassword(userId: number, initialPassword: string): Promise<UserSummary>;
  /**
   * Who holds or waits for each category key (personnel files, special-category data, backups) and
   * whether one is due to be renewed (admin.view).
   */
  categoryKeysStatus(): Promise<Array<CategoryKeyState>>;
  /**
   * Hands the category keys to the colleagues who wait for them, with the recovery key
   * (admin.manage); refuses another key with auth.recovery_key_invalid. Answers with the new
   * state.
   */
  categoryKeysHandOver(recoveryKey: string): Promise<Array<CategoryKeyState>>;
  securitySettingsGet(): Promise<SecuritySettings>;
  securitySettingsSet(settings: SecuritySettings): Promise<SecuritySettings>;
  searchContacts(query: string, limit: number): Promise<Array<SearchHit>>;
  personsList(query: PersonQuery): Promise<PersonPage>;
  personView(id: number): Promise<PersonView>;
  personCreate(input: PersonInput): Promise<Person>;
  personUpdate(id: number, version: number, input: PersonInput): Promise<Person>;
  personDelete(id: number): Promise<null>;
  organisationCreate(input: OrganisationInput): Promise<Organisation>;
  timelineAdd(personId: number, input: TimelineInput): Promise<TimelineEntry>;
  staffList(): Promise<Array<StaffMember>>;
  tagsList(): Promise<Array<string>>;
  /**
   * Fills a new vault with demo data (the first-run offer).
   */
  demoFill(contacts: number): Promise<DemoReport>;
  /**
   * Possible duplicates of a person being entered (`exclude`: the one being edited).
   */
  personDuplicates(input: PersonInput, exclude: number | null): Promise<Array<DuplicateHint>>;
  mergePreview(keep: number, remove: number): Promise<MergePreview>;
  mergeApply(keep: number, remove: number): Promise<Person>;
  organisationsList(after: string | null, limit: number): Promise<OrganisationPage>;
  organisationView(id: number): Promise<OrganisationView>;
  organisationUpdate(id: number, version: number, input: OrganisationInput): Promise<Organisation>;
  organisationTimelineAdd(id: number, input: TimelineInput): Promise<TimelineEntry>;
  /**
   * The signed-in person's saved views of the contact list.
   */
  viewsList(): Promise<Array<SavedView>>;
  viewSave(name: string, filters: ViewFilters): Promise<Array<SavedView>>;
  viewDelete(name: string): Promise<Array<SavedView>>;
  dealsBoard(): Promise<Board>;
  dealGet(id: number): Promise<DealCard>;
  dealCreate(input: DealInput): Promise<DealCard>;
  /**
   * Details for staff, amount and probability for those who may edit sales figures.
   */
  dealUpdate(id: number, version: number, input: DealInput): Promise<DealCard>;
  dealMove(id: number, version: number, stageId: number, lostReason: string | null): Promise<DealCard>;
  tasksList(filter: TaskFilter): Promise<Array<TaskRow>>;
  taskCreate(input: TaskInput): Promise<number>;
  taskSetDone(id: number, done: boolean): Promise<null>;
  dashboardGet(): Promise<Dashboard>;
  pipelineStages(): Promise<Array<Stage>>;
  stageRename(id: number, name: string): Promise<Array<Stage>>;
  stageAdd(name: string): Promise<Array<Stage>>;
  /**
   * One place earlier (-1) or later (1) among the open stages.
   */
  stageMove(id: number, step: number): Promise<Array<Stage>>;
  stageRemove(id: number): Promise<Array<Stage>>;
  /**
   * Hands a chosen file's bytes to the core, which keeps them for the mapping screen.
   */
  importStage(bytes: Uint8Array): Promise<ImportStaged>;
  /**
   * Imports the staged file; `onProgress` hears (done, total) now and then. Unless
   * `options.strictFields`, a row with a wrong optional field keeps the person: the field is left
   * out (a phone number that cannot be checked is kept as typed) and listed in `notes`.
   */
  importRun(mapping: Array<ImportField | null>, options: ImportOptions, onProgress?: (p: ImportProgress) => void): Promise<ImportReport>;
  /**
   * Stops a running import; it rolls back and reports `cancelled`.
   */
  importCancel(): Promise<null>;
  importDiscard(): Promise<null>;
  /**
   * Asks where to save (a native dialog in the core), then writes the file. Null: the dialog was
   * closed.
   */
  contactsExport(selection: ExportSelection, format: ExportFormat): Promise<ExportResult | null>;
  /**
   * Personnel files: HR and management only (the core refuses everyone else).
   */
  employeesList(query: EmployeeQuery): Promise<EmployeePage>;
  employeeView(id: number): Promise<EmployeeFile>;
  employeeCreate(input: EmployeeInput): Promise<Employee>;
  employeeUpdate(id: number, version: number, input: EmployeeInput): Promise<Employee>;
  employeeDelete(id: number): Promise<null>;
  employeeReviewAdd(id: number, input: ReviewInput): Promise<EmployeeFile>;
  /**
   * A reason is health data: refused without the special-category grant.
   */
  employeeAbsenceAdd(id: number, input: AbsenceInput): Promise<EmployeeFile>;
  /**
   * Privacy > Register: privacy roles only (the core refuses everyone else).
   */
  purposesList(archived: boolean): Promise<Array<Purpose>>;
  purposeTemplates(lang: Lang): Promise<Array<PurposeTemplate>>;
  purposeAdopt(key: string, lang: Lang): Promise<Purpose>;
  purposeCreate(input: PurposeInput): Promise<Purpose>;
  purposeUpdate(id: number, version: number, input: PurposeInput): Promise<Purpose>;
  /**
   * Retires a purpose: it leaves the register but stays on record.
   */
  purposeArchive(id: number): Promise<null>;
  /**
   * Fields holding data and the purposes that use them (Privacy > Minimisation).
   */
  minimisationReport(): Promise<MinimisationReport>;
  /**
   * The register as HTML or CSV text, for showing it.
   */
  registerRender(format: RegisterFormat, lang: Lang): Promise<string>;
  /**
   * Asks where to save (a native dialog in the core), then writes it. Null: dialog closed.
   */
  registerExport(format: RegisterFormat, lang: Lang): Promise<string | null>;
  /**
   * Privacy > Breaches (privacy.view): newest discovered first, with the 72-hour deadline.
   */
  breachesList(): Promise<Array<Breach>>;
  breachCreate(input: BreachInput): Promise<Breach>;
  breachUpdate(id: number, version: number, input: BreachInput): Promise<Breach>;
  /**
   * Asks where to save (a native dialog in the core), then writes the register as CSV. Null:
   * dialog closed.
   */
  breachExport(): Promise<string | null>;
  /**
   * Every retention rule, paused ones included (privacy.view).
   */
  retentionRules(): Promise<Array<RetentionRule>>;
  /**
   * Privacy > Retention: ready-made rules to adopt and adjust, named in `lang` (privacy.view).
   */
  retentionTemplates(lang: Lang): Promise<Array<RetentionTemplate>>;
  retentionAdopt(key: string, lang: Lang): Promise<RetentionRule>;
  /**
   * Adds a rule, from a template (its key) or not (privacy.manage).
   */
  retentionAdd(input: RuleInput, template: string | null): Promise<RetentionRule>;
  /**
   * Name, period and action; the kind cannot change (privacy.manage).
   */
  retentionUpdate(id: number, version: number, input: RuleInput): Promise<RetentionRule>;
  /**
   * Pauses (false) or resumes (true) a rule (privacy.manage).
   */
  retentionSetActive(id: number, active: boolean): Promise<null>;
  /**
   * What the active rules do now and within 30 days: counts per rule and the first 200 items
   * (privacy.view).
   */
  retentionPreview(): Promise<RetentionPreview>;
  /**
   * Applies what is due now, irreversibly, or with `dryRun` only counts it (privacy.manage).
   * `onProgress` hears the records done now and then; `jobCancel` stops it before anything is
   * applied or recorded (it then fails with job.cancelled).
   */
  retentionRun(dryRun: boolean, onProgress?: (p: JobProgress) => void): Promise<RetentionRun>;
  /**
   * The runs, newest first, at most 100 (privacy.view).
   */
  retentionHistory(): Promise<Array<RetentionRun>>;
  /**
   * The person's consent panel: state per purpose, history, objection, restriction.
   */
  consentOverview(personId: number): Promise<ConsentOverview>;
  /**
   * Grant or withdraw (one call, one flag): the same steps either way.
   */
  consentRecord(input: ConsentInput): Promise<ConsentOverview>;
  /**
   * An objection to direct marketing (Art. 21(3)), or its end.
   */
  consentObject(input: ObjectionInput): Promise<ConsentOverview>;
  /**
   * Marks a ledger event as recorded in error; history itself is never edited.
   */
  consentVoid(input: VoidInput): Promise<ConsentOverview>;
  /**
   * Published statement versions (of one purpose, or all), newest first.
   */
  consentStatements(purposeId: number | null): Promise<Array<ConsentStatement>>;
  /**
   * Publishes the next version of a purpose's statement in one language (privacy.manage).
   */
  consentStatementPublish(input: StatementInput): Promise<ConsentStatement>;
  /**
   * Restricts processing (Art. 18); answers with the person's consent panel.
   */
  restrictionAdd(input: RestrictionInput): Promise<ConsentOverview>;
  restrictionLift(personId: number, reason: string): Promise<ConsentOverview>;
  /**
   * Marketing purposes a list can be made for (contact.export).
   */
  marketingPurposes(): Promise<Array<MarketingPurpose>>;
  /**
   * Who a marketing list would hold, and who is left out and why; nothing written.
   */
  marketingPreview(purposeId: number): Promise<MarketingReport>;
  /**
   * Asks where to save (a native dialog in the core), then writes the list. Null: dialog closed.
   */
  marketingExport(purposeId: number): Promise<MarketingReport | null>;
  /**
   * Privacy > Overview (privacy.view).
   */
  privacyDashboard(): Promise<PrivacyDashboard>;
  /**
   * Privacy > Requests (privacy.view): open requests by deadline, then (if asked) closed ones,
   * newest first.
   */
  requestsQueue(withClosed: boolean): Promise<RequestQueue>;
  /**
   * One person's requests, newest received first (privacy.view).
   */
  requestsOfPerson(personId: number): Promise<Array<SubjectRequest>>;
  /**
   * Files a data subject request (privacy.create); the deadline is one month after receipt.
   */
  requestFile(input: RequestInput): Promise<SubjectRequest>;
  /**
   * Takes a received request on: the caller becomes its handler (privacy.edit).
   */
  requestStart(id: number): Promise<SubjectRequest>;
  /**
   * Extends the deadline by at most two further months, with the reason (Art. 12(3);
   * privacy.edit).
   */
  requestExtend(input: ExtendInput): Promise<SubjectRequest>;
  /**
   * Closes a request as completed or refused, with its outcome (privacy.edit).
   */
  requestClose(input: CloseInput): Promise<SubjectRequest>;
  /**
   * The subject's access or portability export (privacy.export and contact.view). Checks first,
   * then asks where with a native dialog in the core: a folder it creates the export in, or, with
   * a passphrase, one sealed file. With a request (an open access or portability request of that
   * person) the files are recorded on it. Null: the dialog was closed.
   */
  subjectExport(personId: number, requestId: number | null, passphrase: string | null): Promise<SubjectExportResult | null>;
  /**
   * Erases the person (Art. 17; contact.erase): deals stay detached and without text for the
   * fiscal retention; with a request (an open erasure request of that person) it is closed with
   * the outcome.
   */
  subjectErase(input: ErasureInput): Promise<ErasureReport>;
  /**
   * Settings > Backups (admin.view): the folder for automatic backups (null: they are off), when
   * the last backup was made, and the backups in that folder, newest first.
   */
  backupOverview(): Promise<BackupOverview>;
  /**
   * Settings > Health (admin.view): every check of the vault and the age of the last backup.
   */
  healthReport(): Promise<Health>;
  /**
   * A backup now (admin.manage): into the folder for automatic backups, or (none chosen) into a
   * folder picked in a native dialog in the core. Null: the dialog was closed. `onProgress` hears
   * the copy and the sealing; cancelled (job.cancelled), no file is left behind.
   */
  backupCreate(onProgress?: (p: JobProgress) => void): Promise<BackupInfo | null>;
  /**
   * Asks the running backup, drill, restore or retention run to stop; it then fails with
   * job.cancelled and has changed nothing. Nothing running: nothing happens.
   */
  jobCancel(): Promise<null>;
  /**
   * `choose`: picks the folder for automatic backups in a native dialog (closed: nothing changes);
   * false turns automatic backups off. Answers with the overview (admin.manage).
   */
  backupSetFolder(choose: boolean): Promise<BackupOverview>;
  /**
   * The restore drill (admin.manage): opens a backup (one listed in the folder by file name, or
   * null: one picked in a native dialog) on the authority of the signed-in administrator, who
   * confirms their own current password, or of the recovery key, and checks it; nothing is
   * replaced. Only a backup this vault made, authenticated, opens. Null: the dialog was closed.
   * `onProgress` hears the decrypting and the checks; it can be cancelled.
   */
  backupDrill(fileName: string | null, password: string | null, recoveryKey: string | null, onProgress?: (p: JobProgress) => void): Promise<RestoreReport | null>;
  /**
   * Restores a backup over the vault (admin.manage), authorised and checked as the drill first
   * with the session still open; then the session ends and the vault is replaced. The data comes
   * back; users, roles, passwords, settings and the audit trail stay as they are now, everyone
   * erased since is erased again, and the database gets a new key. Null: the dialog was closed.
   * `onProgress` hears each phase; `jobCancel` stops it safely until just before the switch.
   */
  backupRestore(fileName: string | null, password: string | null, recoveryKey: string | null, onProgress?: (p: JobProgress) => void): Promise<RestoreReport | null>;
  /**
   * Where this window's data lives: the vault on this computer, or the office's Kluis.
   */
  officeStatus(): Promise<OfficeStatus>;
  /**
   * Connects this computer to the office's Kluis: checks the server's fingerprint before it
   * sends anything, makes this computer's key (it never leaves it) and enrols it with the
   * one-time code. From then on every command goes to the office's Kluis.
   */
  officeConnect(req: ConnectRequest): Promise<OfficeStatus>;
  /**
   * Stops using the office's Kluis on this computer: forgets its certificate and key.
   */
  officeLeave(): Promise<OfficeStatus>;
  /**
   * Unlocks the office's Kluis after a restart (an administrator's password).
   */
  officeUnlock(username: string, password: string): Promise<null>;
  /**
   * Live refresh: while this window's session lasts, the office's Kluis tells it what changes
   * (`onProgress` hears each change, `{topic, entity, id, change}`, never a value, only what
   * the session may see). The desktop shell keeps the listener and follows the server's event
   * stream; on a vault of this computer nobody else changes anything, so nothing comes.
   */
  officeFollow(onProgress?: (p: Change) => void): Promise<null>;
  /**
   * The desktops enrolled with the office's Kluis.
   */
  devicesList(): Promise<Array<DeviceRow>>;
  /**
   * A one-time code for adding a desktop (valid 15 minutes, used once), with the fingerprint
   * the person at that desktop checks.
   */
  deviceAdd(): Promise<EnrolCode>;
  deviceRename(id: number, name: string): Promise<Array<DeviceRow>>;
  /**
   * Revokes a desktop: refused from its next request, its sessions end at once.
   */
  deviceRevoke(id: number): Promise<Array<DeviceRow>>;
  /**
   * Unattended restart of the office's Kluis (Settings > Security): whether it is allowed,
   * and whether the host has sealed its credential.
   */
  unattendedGet(): Promise<UnattendedState>;
  /**
   * Allows unattended restart (the host then seals its credential with
   * `kluis-server unattended`), or turns it off: the credential opens nothing any more.
   */
  unattendedSet(allowed: boolean): Promise<UnattendedState>;
}

/** The client over a transport. */
export function client(t: Transport): KluisApi {
  return {
    appStatus: () => t.call<AppStatus>("app_status", {}),
    vaultCreate: (req) => t.call<CreateVaultResponse>("vault_create", { req }),
    recoveryKeyConfirm: (recoveryKey) => t.call<SessionInfo>("recovery_key_confirm", { recoveryKey }),
    signIn: (username, password) => t.call<SessionInfo>("sign_in", { username, password }),
    signOut: (onProgress) => t.call<null, JobProgress>("sign_out", {}, { onProgress }),
    lock: () => t.call<null>("lock", {}),
    recover: (recoveryKey, username, newPassword) => t.call<SessionInfo>("recover", { recoveryKey, username, newPassword }),
    changePassword: (currentPassword, newPassword) => t.call<SessionInfo>("change_password", { currentPassword, newPassword }),
    passwordStrength: (password, context) => t.call<PasswordStrength>("password_strength", { password, context }),
    sessionTouch: () => t.call<null>("session_touch", {}),
    sessionInfo: () => t.call<SessionInfo>("session_info", {}),
    usersList: () => t.call<Array<UserSummary>>("users_list", {}),
    rolesList: () => t.call<RolesOverview>("roles_list", {}),
    roleCreate: (input) => t.call<RoleDetail>("role_create", { input }),
    roleUpdate: (key, input) => t.call<RoleDetail>("role_update", { key, input }),
    roleDelete: (key) => t.call<null>("role_delete", { key }),
    userSetAccess: (userId, req) => t.call<UserSummary>("user_set_access", { userId, req }),
    userAdd: (req) => t.call<UserSummary>("user_add", { req }),
    userSetActive: (userId, active) => t.call<UserSummary>("user_set_active", { userId, active }),
    userRemove: (userId) => t.call<null>("user_remove", { userId }),
    userResetPassword: (userId, initialPassword) => t.call<UserSummary>("user_reset_password", { userId, initialPassword }),
    categoryKeysStatus: () => t.call<Array<CategoryKeyState>>("category_keys_status", {}),
    categoryKeysHandOver: (recoveryKey) => t.call<Array<CategoryKeyState>>("category_keys_hand_over", { recoveryKey }),
    securitySettingsGet: () => t.call<SecuritySettings>("security_settings_get", {}),
    securitySettingsSet: (settings) => t.call<SecuritySettings>("security_settings_set", { settings }),
    searchContacts: (query, limit) => t.call<Array<SearchHit>>("search_contacts", { query, limit }),
    personsList: (query) => t.call<PersonPage>("persons_list", { query }),
    personView: (id) => t.call<PersonView>("person_view", { id }),
    personCreate: (input) => t.call<Person>("person_create", { input }),
    personUpdate: (id, version, input) => t.call<Person>("person_update", { id, version, input }),
    personDelete: (id) => t.call<null>("person_delete", { id }),
    organisationCreate: (input) => t.call<Organisation>("organisation_create", { input }),
    timelineAdd: (personId, input) => t.call<TimelineEntry>("timeline_add", { personId, input }),
    staffList: () => t.call<Array<StaffMember>>("staff_list", {}),
    tagsList: () => t.call<Array<string>>("tags_list", {}),
    demoFill: (contacts) => t.call<DemoReport>("demo_fill", { contacts }),
    personDuplicates: (input, exclude) => t.call<Array<DuplicateHint>>("person_duplicates", { input, exclude }),
    mergePreview: (keep, remove) => t.call<MergePreview>("merge_preview", { keep, remove }),
    mergeApply: (keep, remove) => t.call<Person>("merge_apply", { keep, remove }),
    organisationsList: (after, limit) => t.call<OrganisationPage>("organisations_list", { after, limit }),
    organisationView: (id) => t.call<OrganisationView>("organisation_view", { id }),
    organisationUpdate: (id, version, input) => t.call<Organisation>("organisation_update", { id, version, input }),
    organisationTimelineAdd: (id, input) => t.call<TimelineEntry>("organisation_timeline_add", { id, input }),
    viewsList: () => t.call<Array<SavedView>>("views_list", {}),
    viewSave: (name, filters) => t.call<Array<SavedView>>("view_save", { name, filters }),
    viewDelete: (name) => t.call<Array<SavedView>>("view_delete", { name }),
    dealsBoard: () => t.call<Board>("deals_board", {}),
    dealGet: (id) => t.call<DealCard>("deal_get", { id }),
    dealCreate: (input) => t.call<DealCard>("deal_create", { input }),
    dealUpdate: (id, version, input) => t.call<DealCard>("deal_update", { id, version, input }),
    dealMove: (id, version, stageId, lostReason) => t.call<DealCard>("deal_move", { id, version, stageId, lostReason }),
    tasksList: (filter) => t.call<Array<TaskRow>>("tasks_list", { filter }),
    taskCreate: (input) => t.call<number>("task_create", { input }),
    taskSetDone: (id, done) => t.call<null>("task_set_done", { id, done }),
    dashboardGet: () => t.call<Dashboard>("dashboard_get", {}),
    pipelineStages: () => t.call<Array<Stage>>("pipeline_stages", {}),
    stageRename: (id, name) => t.call<Array<Stage>>("stage_rename", { id, name }),
    stageAdd: (name) => t.call<Array<Stage>>("stage_add", { name }),
    stageMove: (id, step) => t.call<Array<Stage>>("stage_move", { id, step }),
    stageRemove: (id) => t.call<Array<Stage>>("stage_remove", { id }),
    importStage: (bytes) => t.call<ImportStaged>("import_stage", {}, { raw: bytes }),
    importRun: (mapping, options, onProgress) => t.call<ImportReport, ImportProgress>("import_run", { mapping, options }, { onProgress }),
    importCancel: () => t.call<null>("import_cancel", {}),
    importDiscard: () => t.call<null>("import_discard", {}),
    contactsExport: (selection, format) => t.call<ExportResult | null>("contacts_export", { selection, format }),
    employeesList: (query) => t.call<EmployeePage>("employees_list", { query }),
    employeeView: (id) => t.call<EmployeeFile>("employee_view", { id }),
    employeeCreate: (input) => t.call<Employee>("employee_create", { input }),
    employeeUpdate: (id, version, input) => t.call<Employee>("employee_update", { id, version, input }),
    employeeDelete: (id) => t.call<null>("employee_delete", { id }),
    employeeReviewAdd: (id, input) => t.call<EmployeeFile>("employee_review_add", { id, input }),
    employeeAbsenceAdd: (id, input) => t.call<EmployeeFile>("employee_absence_add", { id, input }),
    purposesList: (archived) => t.call<Array<Purpose>>("purposes_list", { archived }),
    purposeTemplates: (lang) => t.call<Array<PurposeTemplate>>("purpose_templates", { lang }),
    purposeAdopt: (key, lang) => t.call<Purpose>("purpose_adopt", { key, lang }),
    purposeCreate: (input) => t.call<Purpose>("purpose_create", { input }),
    purposeUpdate: (id, version, input) => t.call<Purpose>("purpose_update", { id, version, input }),
    purposeArchive: (id) => t.call<null>("purpose_archive", { id }),
    minimisationReport: () => t.call<MinimisationReport>("minimisation_report", {}),
    registerRender: (format, lang) => t.call<string>("register_render", { format, lang }),
    registerExport: (format, lang) => t.call<string | null>("register_export", { format, lang }),
    breachesList: () => t.call<Array<Breach>>("breaches_list", {}),
    breachCreate: (input) => t.call<Breach>("breach_create", { input }),
    breachUpdate: (id, version, input) => t.call<Breach>("breach_update", { id, version, input }),
    breachExport: () => t.call<string | null>("breach_export", {}),
    retentionRules: () => t.call<Array<RetentionRule>>("retention_rules", {}),
    retentionTemplates: (lang) => t.call<Array<RetentionTemplate>>("retention_templates", { lang }),
    retentionAdopt: (key, lang) => t.call<RetentionRule>("retention_adopt", { key, lang }),
    retentionAdd: (input, template) => t.call<RetentionRule>("retention_add", { input, template }),
    retentionUpdate: (id, version, input) => t.call<RetentionRule>("retention_update", { id, version, input }),
    retentionSetActive: (id, active) => t.call<null>("retention_set_active", { id, active }),
    retentionPreview: () => t.call<RetentionPreview>("retention_preview", {}),
    retentionRun: (dryRun, onProgress) => t.call<RetentionRun, JobProgress>("retention_run", { dryRun }, { onProgress }),
    retentionHistory: () => t.call<Array<RetentionRun>>("retention_history", {}),
    consentOverview: (personId) => t.call<ConsentOverview>("consent_overview", { personId }),
    consentRecord: (input) => t.call<ConsentOverview>("consent_record", { input }),
    consentObject: (input) => t.call<ConsentOverview>("consent_object", { input }),
    consentVoid: (input) => t.call<ConsentOverview>("consent_void", { input }),
    consentStatements: (purposeId) => t.call<Array<ConsentStatement>>("consent_statements", { purposeId }),
    consentStatementPublish: (input) => t.call<ConsentStatement>("consent_statement_publish", { input }),
    restrictionAdd: (input) => t.call<ConsentOverview>("restriction_add", { input }),
    restrictionLift: (personId, reason) => t.call<ConsentOverview>("restriction_lift", { personId, reason }),
    marketingPurposes: () => t.call<Array<MarketingPurpose>>("marketing_purposes", {}),
    marketingPreview: (purposeId) => t.call<MarketingReport>("marketing_preview", { purposeId }),
    marketingExport: (purposeId) => t.call<MarketingReport | null>("marketing_export", { purposeId }),
    privacyDashboard: () => t.call<PrivacyDashboard>("privacy_dashboard", {}),
    requestsQueue: (withClosed) => t.call<RequestQueue>("requests_queue", { withClosed }),
    requestsOfPerson: (personId) => t.call<Array<SubjectRequest>>("requests_of_person", { personId }),
    requestFile: (input) => t.call<SubjectRequest>("request_file", { input }),
    requestStart: (id) => t.call<SubjectRequest>("request_start", { id }),
    requestExtend: (input) => t.call<SubjectRequest>("request_extend", { input }),
    requestClose: (input) => t.call<SubjectRequest>("request_close", { input }),
    subjectExport: (personId, requestId, passphrase) => t.call<SubjectExportResult | null>("subject_export", { personId, requestId, passphrase }),
    subjectErase: (input) => t.call<ErasureReport>("subject_erase", { input }),
    backupOverview: () => t.call<BackupOverview>("backup_overview", {}),
    healthReport: () => t.call<Health>("health_report", {}),
    backupCreate: (onProgress) => t.call<BackupInfo | null, JobProgress>("backup_create", {}, { onProgress }),
    jobCancel: () => t.call<null>("job_cancel", {}),
    backupSetFolder: (choose) => t.call<BackupOverview>("backup_set_folder", { choose }),
    backupDrill: (fileName, password, recoveryKey, onProgress) => t.call<RestoreReport | null, JobProgress>("backup_drill", { fileName, password, recoveryKey }, { onProgress }),
    backupRestore: (fileName, password, recoveryKey, onProgress) => t.call<RestoreReport | null, JobProgress>("backup_restore", { fileName, password, recoveryKey }, { onProgress }),
    officeStatus: () => t.call<OfficeStatus>("office_status", {}),
    officeConnect: (req) => t.call<OfficeStatus>("office_connect", { req }),
    officeLeave: () => t.call<OfficeStatus>("office_leave", {}),
    officeUnlock: (username, password) => t.call<null>("office_unlock", { username, password }),
    officeFollow: (onProgress) => t.call<null, Change>("office_follow", {}, { onProgress }),
    devicesList: () => t.call<Array<DeviceRow>>("devices_list", {}),
    deviceAdd: () => t.call<EnrolCode>("device_add", {}),
    deviceRename: (id, name) => t.call<Array<DeviceRow>>("device_rename", { id, name }),
    deviceRevoke: (id) => t.call<Array<DeviceRow>>("device_revoke", { id }),
    unattendedGet: () => t.call<UnattendedState>("unattended_get", {}),
    unattendedSet: (allowed) => t.call<UnattendedState>("unattended_set", { allowed }),
  };
}
