// The one place that talks to the Tauri core. Components get a KluisApi from the app context and
// never import invoke, so tests and the browser preview can swap in the fake.
import { Channel, invoke } from "@tauri-apps/api/core";
import { toApiError } from "./errors";
import type { JobProgress, KluisApi } from "./types";

export * from "./types";
export { ApiError, toApiError, isErrorCode } from "./errors";

async function call<T>(command: string, args?: Parameters<typeof invoke>[1]): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (raw) {
    throw toApiError(raw);
  }
}

/** A channel the core reports a long job's progress on (backup, drill, restore, retention run). */
function progressChannel(onProgress: (p: JobProgress) => void): Channel<JobProgress> {
  const channel = new Channel<JobProgress>();
  channel.onmessage = onProgress;
  return channel;
}

export const tauriApi: KluisApi = {
  appStatus: () => call("app_status"),
  vaultCreate: (req) => call("vault_create", { req }),
  recoveryKeyConfirm: (recoveryKey) => call("recovery_key_confirm", { recoveryKey }),
  signIn: (username, password) => call("sign_in", { username, password }),
  signOut: (onProgress = () => {}) => call("sign_out", { onProgress: progressChannel(onProgress) }),
  lock: () => call("lock"),
  recover: (recoveryKey, username, newPassword) =>
    call("recover", { recoveryKey, username, newPassword }),
  changePassword: (currentPassword, newPassword) =>
    call("change_password", { currentPassword, newPassword }),
  passwordStrength: (password, context) => call("password_strength", { password, context }),
  sessionTouch: () => call("session_touch"),
  sessionInfo: () => call("session_info"),
  usersList: () => call("users_list"),
  rolesList: () => call("roles_list"),
  roleCreate: (input) => call("role_create", { input }),
  roleUpdate: (key, input) => call("role_update", { key, input }),
  roleDelete: (key) => call("role_delete", { key }),
  userSetAccess: (userId, req) => call("user_set_access", { userId, req }),
  userAdd: (req) => call("user_add", { req }),
  userSetActive: (userId, active) => call("user_set_active", { userId, active }),
  userRemove: (userId) => call("user_remove", { userId }),
  userResetPassword: (userId, initialPassword) =>
    call("user_reset_password", { userId, initialPassword }),
  categoryKeysStatus: () => call("category_keys_status"),
  categoryKeysHandOver: (recoveryKey) => call("category_keys_hand_over", { recoveryKey }),
  securitySettingsGet: () => call("security_settings_get"),
  securitySettingsSet: (settings) => call("security_settings_set", { settings }),
  personsList: (query) => call("persons_list", { query }),
  personView: (id) => call("person_view", { id }),
  searchContacts: (query, limit) => call("search_contacts", { query, limit }),
  timelineAdd: (personId, input) => call("timeline_add", { personId, input }),
  demoFill: (contacts) => call("demo_fill", { contacts }),
  personCreate: (input) => call("person_create", { input }),
  personUpdate: (id, input) => call("person_update", { id, input }),
  personDelete: (id) => call("person_delete", { id }),
  personDuplicates: (input, exclude) => call("person_duplicates", { input, exclude }),
  mergePreview: (keep, remove) => call("merge_preview", { keep, remove }),
  mergeApply: (keep, remove) => call("merge_apply", { keep, remove }),
  staffList: () => call("staff_list"),
  viewsList: () => call("views_list"),
  viewSave: (name, filters) => call("view_save", { name, filters }),
  viewDelete: (name) => call("view_delete", { name }),
  tagsList: () => call("tags_list"),
  organisationCreate: (input) => call("organisation_create", { input }),
  organisationsList: (after, limit) => call("organisations_list", { after, limit }),
  organisationView: (id) => call("organisation_view", { id }),
  organisationUpdate: (id, input) => call("organisation_update", { id, input }),
  organisationTimelineAdd: (id, input) => call("organisation_timeline_add", { id, input }),
  dealsBoard: () => call("deals_board"),
  dealCreate: (input) => call("deal_create", { input }),
  dealMove: (id, stageId, lostReason) => call("deal_move", { id, stageId, lostReason }),
  dealUpdate: (id, input) => call("deal_update", { id, input }),
  tasksList: (filter) => call("tasks_list", { filter }),
  taskCreate: (input) => call("task_create", { input }),
  taskSetDone: (id, done) => call("task_set_done", { id, done }),
  dashboardGet: () => call("dashboard_get"),
  pipelineStages: () => call("pipeline_stages"),
  stageRename: (id, name) => call("stage_rename", { id, name }),
  stageAdd: (name) => call("stage_add", { name }),
  stageMove: (id, step) => call("stage_move", { id, step }),
  stageRemove: (id) => call("stage_remove", { id }),
  // The file travels as a raw body, not as a JSON array of numbers.
  importStage: (bytes) => call("import_stage", bytes),
  importRun: (mapping, options, onProgress) => {
    const channel = new Channel<Parameters<typeof onProgress>[0]>();
    channel.onmessage = onProgress;
    return call("import_run", { mapping, options, onProgress: channel });
  },
  importCancel: () => call("import_cancel"),
  importDiscard: () => call("import_discard"),
  contactsExport: (selection, format) => call("contacts_export", { selection, format }),
  employeesList: (query) => call("employees_list", { query }),
  employeeView: (id) => call("employee_view", { id }),
  employeeCreate: (input) => call("employee_create", { input }),
  employeeUpdate: (id, input) => call("employee_update", { id, input }),
  employeeDelete: (id) => call("employee_delete", { id }),
  employeeReviewAdd: (id, input) => call("employee_review_add", { id, input }),
  employeeAbsenceAdd: (id, input) => call("employee_absence_add", { id, input }),
  purposesList: (archived) => call("purposes_list", { archived }),
  purposeTemplates: (lang) => call("purpose_templates", { lang }),
  purposeAdopt: (key, lang) => call("purpose_adopt", { key, lang }),
  purposeCreate: (input) => call("purpose_create", { input }),
  purposeUpdate: (id, input) => call("purpose_update", { id, input }),
  purposeArchive: (id) => call("purpose_archive", { id }),
  minimisationReport: () => call("minimisation_report"),
  registerRender: (format, lang) => call("register_render", { format, lang }),
  registerExport: (format, lang) => call("register_export", { format, lang }),
  consentOverview: (personId) => call("consent_overview", { personId }),
  consentRecord: (input) => call("consent_record", { input }),
  consentObject: (input) => call("consent_object", { input }),
  consentVoid: (input) => call("consent_void", { input }),
  consentStatements: (purposeId) => call("consent_statements", { purposeId }),
  consentStatementPublish: (input) => call("consent_statement_publish", { input }),
  restrictionAdd: (input) => call("restriction_add", { input }),
  restrictionLift: (personId, reason) => call("restriction_lift", { personId, reason }),
  marketingPurposes: () => call("marketing_purposes"),
  marketingPreview: (purposeId) => call("marketing_preview", { purposeId }),
  marketingExport: (purposeId) => call("marketing_export", { purposeId }),
  privacyDashboard: () => call("privacy_dashboard"),
  requestsQueue: (withClosed) => call("requests_queue", { withClosed }),
  requestsOfPerson: (personId) => call("requests_of_person", { personId }),
  requestFile: (input) => call("request_file", { input }),
  requestStart: (id) => call("request_start", { id }),
  requestExtend: (input) => call("request_extend", { input }),
  requestClose: (input) => call("request_close", { input }),
  subjectExport: (personId, requestId, passphrase) => call("subject_export", { personId, requestId, passphrase }),
  subjectErase: (input) => call("subject_erase", { input }),
  breachesList: () => call("breaches_list"),
  breachCreate: (input) => call("breach_create", { input }),
  breachUpdate: (id, input) => call("breach_update", { id, input }),
  breachExport: () => call("breach_export"),
  retentionTemplates: (lang) => call("retention_templates", { lang }),
  retentionRules: () => call("retention_rules"),
  retentionAdd: (input, template) => call("retention_add", { input, template }),
  retentionUpdate: (id, input) => call("retention_update", { id, input }),
  retentionSetActive: (id, active) => call("retention_set_active", { id, active }),
  retentionPreview: () => call("retention_preview"),
  retentionRun: (dryRun, onProgress) => call("retention_run", { dryRun, onProgress: progressChannel(onProgress) }),
  retentionHistory: () => call("retention_history"),
  backupOverview: () => call("backup_overview"),
  backupCreate: (onProgress) => call("backup_create", { onProgress: progressChannel(onProgress) }),
  backupSetFolder: (choose) => call("backup_set_folder", { choose }),
  backupDrill: (fileName, password, recoveryKey, onProgress) =>
    call("backup_drill", { fileName, password, recoveryKey, onProgress: progressChannel(onProgress) }),
  backupRestore: (fileName, password, recoveryKey, onProgress) =>
    call("backup_restore", { fileName, password, recoveryKey, onProgress: progressChannel(onProgress) }),
  jobCancel: () => call("job_cancel"),
  healthReport: () => call("health_report"),
};

/** True when the UI runs against the in-memory fake (browser preview via VITE_FAKE_API=1). */
export const fakeMode = import.meta.env.VITE_FAKE_API === "1";
