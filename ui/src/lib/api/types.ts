// The client interface both the Tauri client and the in-memory fake implement.
import type { AppStatus } from "./bindings/AppStatus";
import type { CreateVaultRequest } from "./bindings/CreateVaultRequest";
import type { CreateVaultResponse } from "./bindings/CreateVaultResponse";
import type { NewUserRequest } from "./bindings/NewUserRequest";
import type { PasswordStrength } from "./bindings/PasswordStrength";
import type { RolesOverview } from "./bindings/RolesOverview";
import type { Purpose } from "./bindings/Purpose";
import type { PurposeInput } from "./bindings/PurposeInput";
import type { PurposeTemplate } from "./bindings/PurposeTemplate";
import type { Lang } from "./bindings/Lang";
import type { RegisterFormat } from "./bindings/RegisterFormat";
import type { MinimisationReport } from "./bindings/MinimisationReport";
import type { ConsentOverview } from "./bindings/ConsentOverview";
import type { ConsentInput } from "./bindings/ConsentInput";
import type { ObjectionInput } from "./bindings/ObjectionInput";
import type { VoidInput } from "./bindings/VoidInput";
import type { ConsentStatement } from "./bindings/ConsentStatement";
import type { StatementInput } from "./bindings/StatementInput";
import type { RestrictionInput } from "./bindings/RestrictionInput";
import type { MarketingPurpose } from "./bindings/MarketingPurpose";
import type { MarketingReport } from "./bindings/MarketingReport";
import type { PrivacyDashboard } from "./bindings/PrivacyDashboard";
import type { RequestQueue } from "./bindings/RequestQueue";
import type { SubjectRequest } from "./bindings/SubjectRequest";
import type { RequestInput } from "./bindings/RequestInput";
import type { ExtendInput } from "./bindings/ExtendInput";
import type { CloseInput } from "./bindings/CloseInput";
import type { SubjectExportResult } from "./bindings/SubjectExportResult";
import type { ErasureInput } from "./bindings/ErasureInput";
import type { ErasureReport } from "./bindings/ErasureReport";
import type { Breach } from "./bindings/Breach";
import type { BreachInput } from "./bindings/BreachInput";
import type { RetentionPreview } from "./bindings/RetentionPreview";
import type { RetentionRule } from "./bindings/RetentionRule";
import type { RetentionRun } from "./bindings/RetentionRun";
import type { RetentionTemplate } from "./bindings/RetentionTemplate";
import type { RuleInput } from "./bindings/RuleInput";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { BackupOverview } from "./bindings/BackupOverview";
import type { Health } from "./bindings/Health";
import type { CategoryKeyState } from "./bindings/CategoryKeyState";
import type { RestoreReport } from "./bindings/RestoreReport";
import type { JobProgress } from "./bindings/JobProgress";

import type { RoleDetail } from "./bindings/RoleDetail";
import type { RoleInput } from "./bindings/RoleInput";
import type { UserAccessRequest } from "./bindings/UserAccessRequest";
import type { EmployeePage } from "./bindings/EmployeePage";
import type { EmployeeQuery } from "./bindings/EmployeeQuery";
import type { EmployeeFile } from "./bindings/EmployeeFile";
import type { EmployeeInput } from "./bindings/EmployeeInput";
import type { Employee } from "./bindings/Employee";
import type { ReviewInput } from "./bindings/ReviewInput";
import type { AbsenceInput } from "./bindings/AbsenceInput";
import type { SecuritySettings } from "./bindings/SecuritySettings";
import type { SessionInfo } from "./bindings/SessionInfo";
import type { UserSummary } from "./bindings/UserSummary";
import type { PersonPage } from "./bindings/PersonPage";
import type { PersonQuery } from "./bindings/PersonQuery";
import type { PersonView } from "./bindings/PersonView";
import type { SearchHit } from "./bindings/SearchHit";
import type { TimelineEntry } from "./bindings/TimelineEntry";
import type { TimelineInput } from "./bindings/TimelineInput";
import type { DemoReport } from "./bindings/DemoReport";
import type { Board } from "./bindings/Board";
import type { SavedView } from "./bindings/SavedView";
import type { ViewFilters } from "./bindings/ViewFilters";
import type { Stage } from "./bindings/Stage";
import type { DealCard } from "./bindings/DealCard";
import type { DealInput } from "./bindings/DealInput";
import type { Dashboard } from "./bindings/Dashboard";
import type { TaskFilter } from "./bindings/TaskFilter";
import type { TaskRow } from "./bindings/TaskRow";
import type { TaskInput } from "./bindings/TaskInput";
import type { OrganisationPage } from "./bindings/OrganisationPage";
import type { OrganisationView } from "./bindings/OrganisationView";
import type { OrganisationInput } from "./bindings/OrganisationInput";
import type { Organisation } from "./bindings/Organisation";
import type { Person } from "./bindings/Person";
import type { PersonInput } from "./bindings/PersonInput";
import type { DuplicateHint } from "./bindings/DuplicateHint";
import type { MergePreview } from "./bindings/MergePreview";
import type { StaffMember } from "./bindings/StaffMember";
import type { ImportReport } from "./bindings/ImportReport";
import type { ImportField } from "./bindings/ImportField";
import type { ImportOptions } from "./bindings/ImportOptions";
import type { ExportSelection } from "./bindings/ExportSelection";
import type { ExportFormat } from "./bindings/ExportFormat";
import type { ImportStaged } from "./bindings/ImportStaged";
import type { ImportProgress } from "./bindings/ImportProgress";
import type { ExportResult } from "./bindings/ExportResult";

export type { AppStatus } from "./bindings/AppStatus";
export type { ApiErrorPayload } from "./bindings/ApiErrorPayload";
export type { CreateVaultRequest } from "./bindings/CreateVaultRequest";
export type { CreateVaultResponse } from "./bindings/CreateVaultResponse";
export type { ErrorCode } from "./bindings/ErrorCode";
export type { ErrorDetails } from "./bindings/ErrorDetails";
export type { NewUserRequest } from "./bindings/NewUserRequest";
export type { PasswordFeedback } from "./bindings/PasswordFeedback";
export type { PasswordStrength } from "./bindings/PasswordStrength";
export type { RolesOverview } from "./bindings/RolesOverview";
export type { Purpose } from "./bindings/Purpose";
export type { PurposeInput } from "./bindings/PurposeInput";
export type { PurposeTemplate } from "./bindings/PurposeTemplate";
export type { Lang } from "./bindings/Lang";
export type { RegisterFormat } from "./bindings/RegisterFormat";
export type { MinimisationReport } from "./bindings/MinimisationReport";
export type { LawfulBasis } from "./bindings/LawfulBasis";
export type { FieldUse } from "./bindings/FieldUse";

export type { RoleDetail } from "./bindings/RoleDetail";
export type { RoleInput } from "./bindings/RoleInput";
export type { UserAccessRequest } from "./bindings/UserAccessRequest";
export type { GrantDto } from "./bindings/GrantDto";
export type { Category } from "./bindings/Category";
export type { Action } from "./bindings/Action";
export type { EmployeePage } from "./bindings/EmployeePage";
export type { EmployeeQuery } from "./bindings/EmployeeQuery";
export type { EmployeeFile } from "./bindings/EmployeeFile";
export type { EmployeeInput } from "./bindings/EmployeeInput";
export type { Employee } from "./bindings/Employee";
export type { EmployeeRow } from "./bindings/EmployeeRow";
export type { ReviewInput } from "./bindings/ReviewInput";
export type { Review } from "./bindings/Review";
export type { AbsenceInput } from "./bindings/AbsenceInput";
export type { Absence } from "./bindings/Absence";
export type { AbsenceKind } from "./bindings/AbsenceKind";
export type { ContractType } from "./bindings/ContractType";
export type { Salary } from "./bindings/Salary";
export type { SalaryPeriod } from "./bindings/SalaryPeriod";
export type { SecuritySettings } from "./bindings/SecuritySettings";
export type { SessionInfo } from "./bindings/SessionInfo";
export type { UiPermissions } from "./bindings/UiPermissions";
export type { UserSummary } from "./bindings/UserSummary";
export type { ValidationReason } from "./bindings/ValidationReason";
export type { PersonPage } from "./bindings/PersonPage";
export type { PersonQuery } from "./bindings/PersonQuery";
export type { PersonRow } from "./bindings/PersonRow";
export type { PersonView } from "./bindings/PersonView";
export type { SearchHit } from "./bindings/SearchHit";
export type { TimelineEntry } from "./bindings/TimelineEntry";
export type { TimelineInput } from "./bindings/TimelineInput";
export type { TimelineKind } from "./bindings/TimelineKind";
export type { DemoReport } from "./bindings/DemoReport";
export type { ImportFormat } from "./bindings/ImportFormat";
export type { SavedView } from "./bindings/SavedView";
export type { ViewFilters } from "./bindings/ViewFilters";
export type { Board } from "./bindings/Board";
export type { DealCard } from "./bindings/DealCard";
export type { DealInput } from "./bindings/DealInput";
export type { Dashboard } from "./bindings/Dashboard";
export type { TaskFilter } from "./bindings/TaskFilter";
export type { TaskRow } from "./bindings/TaskRow";
export type { TaskInput } from "./bindings/TaskInput";
export type { OrganisationPage } from "./bindings/OrganisationPage";
export type { OrganisationView } from "./bindings/OrganisationView";
export type { OrganisationInput } from "./bindings/OrganisationInput";
export type { Organisation } from "./bindings/Organisation";
export type { Person } from "./bindings/Person";
export type { PersonInput } from "./bindings/PersonInput";
export type { DuplicateHint } from "./bindings/DuplicateHint";
export type { MergePreview } from "./bindings/MergePreview";
export type { StaffMember } from "./bindings/StaffMember";
export type { ImportPreview } from "./bindings/ImportPreview";
export type { ImportReport } from "./bindings/ImportReport";
export type { ImportField } from "./bindings/ImportField";
export type { ImportMode } from "./bindings/ImportMode";
export type { ImportOptions } from "./bindings/ImportOptions";
export type { FieldNote } from "./bindings/FieldNote";
export type { ExportSelection } from "./bindings/ExportSelection";
export type { ExportFormat } from "./bindings/ExportFormat";
export type { ImportStaged } from "./bindings/ImportStaged";
export type { ImportProgress } from "./bindings/ImportProgress";
export type { ExportResult } from "./bindings/ExportResult";
export type { Stage } from "./bindings/Stage";
export type { DealStatus } from "./bindings/DealStatus";
export type { Guarded } from "./bindings/Guarded";
export type { MonthResult } from "./bindings/MonthResult";
export type { WeekActivity } from "./bindings/WeekActivity";
export type { OrganisationRow } from "./bindings/OrganisationRow";
export type { ContactPoint } from "./bindings/ContactPoint";
export type { ContactPointInput } from "./bindings/ContactPointInput";
export type { Address } from "./bindings/Address";
export type { AddressInput } from "./bindings/AddressInput";
export type { DuplicateReason } from "./bindings/DuplicateReason";
export type { RowProblem } from "./bindings/RowProblem";
export type { ImportDuplicate } from "./bindings/ImportDuplicate";
export type { TextEncoding } from "./bindings/TextEncoding";
export type { PersonSort } from "./bindings/PersonSort";
export type { SearchKind } from "./bindings/SearchKind";
export type { TaskSummary } from "./bindings/TaskSummary";
export type { DealSummary } from "./bindings/DealSummary";
export type { RequestKind } from "./bindings/RequestKind";
export type { Verification } from "./bindings/Verification";
export type { RequestStatus } from "./bindings/RequestStatus";
export type { Urgency } from "./bindings/Urgency";
export type { RequestInput } from "./bindings/RequestInput";
export type { ExtendInput } from "./bindings/ExtendInput";
export type { CloseInput } from "./bindings/CloseInput";
export type { SubjectRequest } from "./bindings/SubjectRequest";
export type { RequestQueue } from "./bindings/RequestQueue";
export type { SubjectExportResult } from "./bindings/SubjectExportResult";
export type { ErasureInput } from "./bindings/ErasureInput";
export type { ErasureReport } from "./bindings/ErasureReport";
export type { Breach } from "./bindings/Breach";
export type { BreachInput } from "./bindings/BreachInput";
export type { NotificationState } from "./bindings/NotificationState";
export type { RetentionAction } from "./bindings/RetentionAction";
export type { RetentionPreview } from "./bindings/RetentionPreview";
export type { RetentionRule } from "./bindings/RetentionRule";
export type { RetentionRun } from "./bindings/RetentionRun";
export type { RetentionTemplate } from "./bindings/RetentionTemplate";
export type { RuleCount } from "./bindings/RuleCount";
export type { RuleInput } from "./bindings/RuleInput";
export type { RuleKind } from "./bindings/RuleKind";
export type { RulePreview } from "./bindings/RulePreview";
export type { PlannedItem } from "./bindings/PlannedItem";
export type { BackupInfo } from "./bindings/BackupInfo";
export type { BackupKind } from "./bindings/BackupKind";
export type { BackupOverview } from "./bindings/BackupOverview";
export type { BackupStatus } from "./bindings/BackupStatus";
export type { RestoreReport } from "./bindings/RestoreReport";
export type { Health } from "./bindings/Health";
export type { HealthCheck } from "./bindings/HealthCheck";
export type { CheckState } from "./bindings/CheckState";
export type { VerifyReport } from "./bindings/VerifyReport";
export type { Contradiction } from "./bindings/Contradiction";
export type { AnchorSource } from "./bindings/AnchorSource";
export type { CategoryKeyState } from "./bindings/CategoryKeyState";
export type { KeyCategory } from "./bindings/KeyCategory";
export type { JobPhase } from "./bindings/JobPhase";
export type { JobProgress } from "./bindings/JobProgress";

/** One method per Tauri command; every method rejects with an ApiError. */
export interface KluisApi {
  appStatus(): Promise<AppStatus>;
  vaultCreate(req: CreateVaultRequest): Promise<CreateVaultResponse>;
  recoveryKeyConfirm(recoveryKey: string): Promise<SessionInfo>;
  signIn(username: string, password: string): Promise<SessionInfo>;
  /**
   * Signs out after the automatic backup at sign-out (when a folder is chosen): `onProgress`
   * hears it; `jobCancel` skips it (no file is left). Signed out either way.
   */
  signOut(onProgress?: (p: JobProgress) => void): Promise<null>;
  lock(): Promise<null>;
  recover(recoveryKey: string, username: string, newPassword: string): Promise<SessionInfo>;
  changePassword(currentPassword: string, newPassword: string): Promise<SessionInfo>;
  passwordStrength(password: string, context: string[]): Promise<PasswordStrength>;
  sessionTouch(): Promise<null>;
  sessionInfo(): Promise<SessionInfo>;
  usersList(): Promise<UserSummary[]>;
  /** Every role with its grants and holders, and the grantable (category, action) pairs. */
  rolesList(): Promise<RolesOverview>;
  roleCreate(input: RoleInput): Promise<RoleDetail>;
  /** Custom roles only; built-in ones are refused. */
  roleUpdate(key: string, input: RoleInput): Promise<RoleDetail>;
  roleDelete(key: string): Promise<null>;
  /** A user's roles and delete switch (null: the roles decide). */
  userSetAccess(userId: number, req: UserAccessRequest): Promise<UserSummary>;
  userAdd(req: NewUserRequest): Promise<UserSummary>;
  userSetActive(userId: number, active: boolean): Promise<UserSummary>;
  userRemove(userId: number): Promise<null>;
  userResetPassword(userId: number, initialPassword: string): Promise<UserSummary>;
  /**
   * Who holds or waits for each category key (personnel files, special-category data, backups)
   * and whether one is due to be renewed (admin.view).
   */
  categoryKeysStatus(): Promise<CategoryKeyState[]>;
  /**
   * Hands the category keys to the colleagues who wait for them, with the recovery key
   * (admin.manage); refuses another key with auth.recovery_key_invalid. Answers with the new state.
   */
  categoryKeysHandOver(recoveryKey: string): Promise<CategoryKeyState[]>;
  securitySettingsGet(): Promise<SecuritySettings>;
  securitySettingsSet(settings: SecuritySettings): Promise<SecuritySettings>;
  personsList(query: PersonQuery): Promise<PersonPage>;
  personView(id: number): Promise<PersonView>;
  searchContacts(query: string, limit: number): Promise<SearchHit[]>;
  timelineAdd(personId: number, input: TimelineInput): Promise<TimelineEntry>;
  demoFill(contacts: number): Promise<DemoReport>;
  personCreate(input: PersonInput): Promise<Person>;
  personUpdate(id: number, input: PersonInput): Promise<Person>;
  personDelete(id: number): Promise<null>;
  personDuplicates(input: PersonInput, exclude: number | null): Promise<DuplicateHint[]>;
  mergePreview(keep: number, remove: number): Promise<MergePreview>;
  mergeApply(keep: number, remove: number): Promise<Person>;
  staffList(): Promise<StaffMember[]>;
  /** The signed-in person's saved views of the contact list. */
  viewsList(): Promise<SavedView[]>;
  viewSave(name: string, filters: ViewFilters): Promise<SavedView[]>;
  viewDelete(name: string): Promise<SavedView[]>;
  tagsList(): Promise<string[]>;
  organisationCreate(input: OrganisationInput): Promise<Organisation>;
  organisationsList(after: string | null, limit: number): Promise<OrganisationPage>;
  organisationView(id: number): Promise<OrganisationView>;
  organisationUpdate(id: number, input: OrganisationInput): Promise<Organisation>;
  organisationTimelineAdd(id: number, input: TimelineInput): Promise<TimelineEntry>;
  dealsBoard(): Promise<Board>;
  dealCreate(input: DealInput): Promise<DealCard>;
  dealMove(id: number, stageId: number, lostReason: string | null): Promise<DealCard>;
  /** Details for staff, amount and probability for those who may edit sales figures. */
  dealUpdate(id: number, input: DealInput): Promise<DealCard>;
  tasksList(filter: TaskFilter): Promise<TaskRow[]>;
  taskCreate(input: TaskInput): Promise<number>;
  taskSetDone(id: number, done: boolean): Promise<null>;
  dashboardGet(): Promise<Dashboard>;
  pipelineStages(): Promise<Stage[]>;
  stageRename(id: number, name: string): Promise<Stage[]>;
  stageAdd(name: string): Promise<Stage[]>;
  /** One place earlier (-1) or later (1) among the open stages. */
  stageMove(id: number, step: number): Promise<Stage[]>;
  stageRemove(id: number): Promise<Stage[]>;
  /** Hands a chosen file's bytes to the core, which keeps them for the mapping screen. */
  importStage(bytes: Uint8Array): Promise<ImportStaged>;
  /**
   * Imports the staged file; `onProgress` hears (done, total) now and then. Unless
   * `options.strictFields`, a row with a wrong optional field keeps the person: the field is
   * left out (a phone number that cannot be checked is kept as typed) and listed in `notes`.
   */
  importRun(mapping: Array<ImportField | null>, options: ImportOptions, onProgress: (p: ImportProgress) => void): Promise<ImportReport>;
  /** Stops a running import; it rolls back and reports `cancelled`. */
  importCancel(): Promise<null>;
  importDiscard(): Promise<null>;
  /** Asks where to save (a native dialog in the core), then writes the file. Null: the dialog was closed. */
  contactsExport(selection: ExportSelection, format: ExportFormat): Promise<ExportResult | null>;
  /** Personnel files: HR and management only (the core refuses everyone else). */
  employeesList(query: EmployeeQuery): Promise<EmployeePage>;
  employeeView(id: number): Promise<EmployeeFile>;
  employeeCreate(input: EmployeeInput): Promise<Employee>;
  employeeUpdate(id: number, input: EmployeeInput): Promise<Employee>;
  employeeDelete(id: number): Promise<null>;
  employeeReviewAdd(id: number, input: ReviewInput): Promise<EmployeeFile>;
  /** A reason is health data: refused without the special-category grant. */
  employeeAbsenceAdd(id: number, input: AbsenceInput): Promise<EmployeeFile>;
  /** Privacy > Register: privacy roles only (the core refuses everyone else). */
  purposesList(archived: boolean): Promise<Purpose[]>;
  purposeTemplates(lang: Lang): Promise<PurposeTemplate[]>;
  purposeAdopt(key: string, lang: Lang): Promise<Purpose>;
  purposeCreate(input: PurposeInput): Promise<Purpose>;
  purposeUpdate(id: number, input: PurposeInput): Promise<Purpose>;
  /** Retires a purpose: it leaves the register but stays on record. */
  purposeArchive(id: number): Promise<null>;
  minimisationReport(): Promise<MinimisationReport>;
  /** The register as HTML or CSV text, for showing it. */
  registerRender(format: RegisterFormat, lang: Lang): Promise<string>;
  /** Asks where to save (a native dialog in the core), then writes it. Null: dialog closed. */
  registerExport(format: RegisterFormat, lang: Lang): Promise<string | null>;
  /** The person's consent panel: state per purpose, history, objection, restriction. */
  consentOverview(personId: number): Promise<ConsentOverview>;
  /** Grant or withdraw (one call, one flag): the same steps either way. */
  consentRecord(input: ConsentInput): Promise<ConsentOverview>;
  /** An objection to direct marketing (Art. 21(3)), or its end. */
  consentObject(input: ObjectionInput): Promise<ConsentOverview>;
  /** Marks a ledger event as recorded in error; history itself is never edited. */
  consentVoid(input: VoidInput): Promise<ConsentOverview>;
  /** Published statement versions (of one purpose, or all), newest first. */
  consentStatements(purposeId: number | null): Promise<ConsentStatement[]>;
  /** Publishes the next version of a purpose's statement in one language (privacy.manage). */
  consentStatementPublish(input: StatementInput): Promise<ConsentStatement>;
  /** Restricts processing (Art. 18); answers with the person's consent panel. */
  restrictionAdd(input: RestrictionInput): Promise<ConsentOverview>;
  restrictionLift(personId: number, reason: string): Promise<ConsentOverview>;
  /** Marketing purposes a list can be made for (contact.export). */
  marketingPurposes(): Promise<MarketingPurpose[]>;
  /** Who a marketing list would hold, and who is left out and why; nothing written. */
  marketingPreview(purposeId: number): Promise<MarketingReport>;
  /** Asks where to save (a native dialog in the core), then writes the list. Null: dialog closed. */
  marketingExport(purposeId: number): Promise<MarketingReport | null>;
  /** Privacy > Overview (privacy.view). */
  privacyDashboard(): Promise<PrivacyDashboard>;
  /** Privacy > Requests (privacy.view): open requests by deadline, then (if asked) closed ones, newest first. */
  requestsQueue(withClosed: boolean): Promise<RequestQueue>;
  /** One person's requests, newest received first (privacy.view). */
  requestsOfPerson(personId: number): Promise<SubjectRequest[]>;
  /** Files a data subject request (privacy.create); the deadline is one month after receipt. */
  requestFile(input: RequestInput): Promise<SubjectRequest>;
  /** Takes a received request on: the caller becomes its handler (privacy.edit). */
  requestStart(id: number): Promise<SubjectRequest>;
  /** Extends the deadline by at most two further months, with the reason (Art. 12(3); privacy.edit). */
  requestExtend(input: ExtendInput): Promise<SubjectRequest>;
  /** Closes a request as completed or refused, with its outcome (privacy.edit). */
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
  /** Privacy > Breaches (privacy.view): newest discovered first, with the 72-hour deadline. */
  breachesList(): Promise<Breach[]>;
  breachCreate(input: BreachInput): Promise<Breach>;
  breachUpdate(id: number, input: BreachInput): Promise<Breach>;
  /** Asks where to save (a native dialog in the core), then writes the register as CSV. Null: dialog closed. */
  breachExport(): Promise<string | null>;
  /** Privacy > Retention: ready-made rules to adopt and adjust, named in `lang` (privacy.view). */
  retentionTemplates(lang: Lang): Promise<RetentionTemplate[]>;
  /** Every retention rule, paused ones included (privacy.view). */
  retentionRules(): Promise<RetentionRule[]>;
  /** Adds a rule, from a template (its key) or not (privacy.manage). */
  retentionAdd(input: RuleInput, template: string | null): Promise<RetentionRule>;
  /** Name, period and action; the kind cannot change (privacy.manage). */
  retentionUpdate(id: number, input: RuleInput): Promise<RetentionRule>;
  /** Pauses (false) or resumes (true) a rule (privacy.manage). */
  retentionSetActive(id: number, active: boolean): Promise<null>;
  /** What the active rules do now and within 30 days: counts per rule and the first 200 items (privacy.view). */
  retentionPreview(): Promise<RetentionPreview>;
  /**
   * Applies what is due now, irreversibly, or with `dryRun` only counts it (privacy.manage).
   * `onProgress` hears the records done now and then; `jobCancel` stops it before anything is
   * applied or recorded (it then fails with job.cancelled).
   */
  retentionRun(dryRun: boolean, onProgress: (p: JobProgress) => void): Promise<RetentionRun>;
  /** The runs, newest first, at most 100 (privacy.view). */
  retentionHistory(): Promise<RetentionRun[]>;
  /**
   * Settings > Backups (admin.view): the folder for automatic backups (null: they are off), when
   * the last backup was made, and the backups in that folder, newest first.
   */
  backupOverview(): Promise<BackupOverview>;
  /**
   * A backup now (admin.manage): into the folder for automatic backups, or (none chosen) into a
   * folder picked in a native dialog in the core. Null: the dialog was closed. `onProgress`
   * hears the copy and the sealing; cancelled (job.cancelled), no file is left behind.
   */
  backupCreate(onProgress: (p: JobProgress) => void): Promise<BackupInfo | null>;
  /**
   * `choose`: picks the folder for automatic backups in a native dialog (closed: nothing
   * changes); false turns automatic backups off. Answers with the overview (admin.manage).
   */
  backupSetFolder(choose: boolean): Promise<BackupOverview>;
  /**
   * The restore drill (admin.manage): opens a backup (one listed in the folder by file name, or
   * null: one picked in a native dialog) on the authority of the signed-in administrator, who
   * confirms their own current password, or of the recovery key, and checks it; nothing is
   * replaced. Only a backup this vault made, authenticated, opens. Null: the dialog was closed.
   * `onProgress` hears the decrypting and the checks; it can be cancelled.
   */
  backupDrill(
    fileName: string | null,
    password: string | null,
    recoveryKey: string | null,
    onProgress: (p: JobProgress) => void,
  ): Promise<RestoreReport | null>;
  /**
   * Restores a backup over the vault (admin.manage), authorised and checked as the drill first
   * with the session still open; then the session ends and the vault is replaced. The data comes
   * back; users, roles, passwords, settings and the audit trail stay as they are now, everyone
   * erased since is erased again, and the database gets a new key. Null: the dialog was closed.
   * `onProgress` hears each phase; `jobCancel` stops it safely until just before the switch.
   */
  backupRestore(
    fileName: string | null,
    password: string | null,
    recoveryKey: string | null,
    onProgress: (p: JobProgress) => void,
  ): Promise<RestoreReport | null>;
  /**
   * Asks the running backup, drill, restore or retention run to stop; it then fails with
   * job.cancelled and has changed nothing. Nothing running: nothing happens.
   */
  jobCancel(): Promise<null>;
  /** Settings > Health (admin.view): every check of the vault and the age of the last backup. */
  healthReport(): Promise<Health>;
}
