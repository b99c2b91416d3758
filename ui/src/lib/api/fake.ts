// An in-memory stand-in for the Rust core, used by the Vitest suite and by the browser preview
// (VITE_FAKE_API=1). It mimics the core's rules closely enough to exercise every screen; it is not
// a security boundary and stores nothing.
import { ApiError } from "./errors";
import { GRANTABLE, grantsOf, has, same, seedRoles, withImpliedView } from "./fake-access";
import { columnOf, keepingPerson, LazyPeople, personProblem, phoneChecks, rowInput } from "./fake-persons";
import { absenceProblem, employeeProblem, fileOf, listPage, reviewProblem, seedStaff, toEmployee, type HrRecord } from "./fake-hr";
import { byName, cleanPurpose, copyPurpose, minimisation, purposeProblem, renderRegister, templates } from "./fake-privacy";
import {
  archivedWithConsents,
  checkChannel,
  checkStatement,
  checkVoid,
  cleanEvidence,
  consentCounts,
  derive,
  isObjecting,
  isRestricted,
  marketingReport,
  marketingSelect,
  newConsentState,
  occurredAt,
  openRestriction,
  overview,
  publishStatement,
  statementsOf,
  withdrawnOnly,
  type ConsentState,
} from "./fake-consent";
import type {
  AppStatus,
  CreateVaultRequest,
  CreateVaultResponse,
  ErrorCode,
  ErrorDetails,
  KluisApi,
  NewUserRequest,
  PasswordFeedback,
  PasswordStrength,
  RolesOverview,
  RoleDetail,
  EmployeePage,
  EmployeeQuery,
  EmployeeFile,
  EmployeeInput,
  Employee,
  ReviewInput,
  AbsenceInput,
  RoleInput,
  UserAccessRequest,
  GrantDto,
  Category,
  Action,
  SecuritySettings,
  SessionInfo,
  UserSummary,
  ValidationReason,
  DemoReport,
  PersonPage,
  PersonQuery,
  PersonRow,
  PersonView,
  SearchHit,
  TimelineEntry,
  TimelineInput,
  Board,
  Dashboard,
  DealCard,
  DealInput,
  DuplicateHint,
  ExportFormat,
  ExportResult,
  ExportSelection,
  ImportField,
  ImportOptions,
  ImportProgress,
  ImportReport,
  ImportStaged,
  MergePreview,
  Organisation,
  OrganisationInput,
  OrganisationPage,
  OrganisationView,
  Person,
  PersonInput,
  Stage,
  StaffMember,
  TaskFilter,
  TaskInput,
  TaskRow,
  SavedView,
  ViewFilters,
  Lang,
  MinimisationReport,
  Purpose,
  PurposeInput,
  PurposeTemplate,
  RegisterFormat,
} from "./types";
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
import type { Breach } from "./bindings/Breach";
import type { BreachInput } from "./bindings/BreachInput";
import type { ErasureInput } from "./bindings/ErasureInput";
import type { ErasureReport } from "./bindings/ErasureReport";
import type { SubjectExportResult } from "./bindings/SubjectExportResult";
import { breachList, cleanBreach, shownBreach, type StoredBreach } from "./fake-breaches";
import { anonymisedTitle, checkRule, copyRule, dayOf, historyOf, planned, previewOf, retentionTemplates, type Candidate } from "./fake-retention";
import type { PlannedItem } from "./bindings/PlannedItem";
import type { RetentionPreview } from "./bindings/RetentionPreview";
import type { RetentionRule } from "./bindings/RetentionRule";
import type { RetentionRun } from "./bindings/RetentionRun";
import type { RetentionTemplate } from "./bindings/RetentionTemplate";
import type { RuleInput } from "./bindings/RuleInput";
import type { RuleKind } from "./bindings/RuleKind";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { BackupKind } from "./bindings/BackupKind";
import type { BackupOverview } from "./bindings/BackupOverview";
import type { Health } from "./bindings/Health";
import type { RestoreReport } from "./bindings/RestoreReport";
import type { CategoryKeyState } from "./bindings/CategoryKeyState";
import type { Contradiction } from "./bindings/Contradiction";
import type { KeyCategory } from "./bindings/KeyCategory";
import {
  backupName,
  checkBackup,
  decryptBackup,
  healthChecks,
  infoOf,
  listFolder,
  nextAuditHead,
  parsesAsRecoveryKey,
  pathOf,
  sameRecoveryKey,
  statusOf,
  thin,
  unlockBackup,
  type Authority,
  type FakeBackupFile,
} from "./fake-backups";
import type { JobProgress } from "./bindings/JobProgress";
import { FakeJobs, noProgress, type FakeJob } from "./fake-jobs";
import {
  addDays,
  addMonths,
  checkAnswers,
  checkClose,
  checkExtend,
  checkFile,
  checkStart,
  dueDate,
  erasureOutcome,
  exportName,
  ofPerson,
  queueOf,
  shown,
  SUBJECT_FILES,
  type StoredRequest,
  type SubjectLookup,
} from "./fake-requests";

export type FakePreset =
  | "fresh" // no vault yet: setup
  | "signed-out" // vault with users, nobody signed in
  | "admin" // signed in as the administrator
  | "user" // signed in as an ordinary user
  | "guest" // signed in as a guest (view only)
  | "management" // signed in as management (sales figures, HR view)
  | "hr" // signed in as HR (personnel files, absence reasons)
  | "privacy" // signed in as the privacy officer (register of processing, minimisation)
  | "must-change" // signed in with an initial password that must be changed
  | "unconfirmed" // vault created, recovery key not yet typed back
  | "problem"; // vault present but unusable (see `problem`)

export interface FakeOptions {
  preset?: FakePreset;
  problem?: ErrorCode;
  /** Simulated latency, so busy states are visible in the preview. */
  delayMs?: number;
}

/** Every preset user's password. */
export const FAKE_PASSWORD = "correct horse battery staple";
/** Same shape as the core's: 11 groups of five Crockford base32 characters. */
export const FAKE_RECOVERY_KEY = "7K2QD-M4XHR-9PZTC-3VBWN-8GF6J-5YAEG-2RQ0M-HT7VK-XC4NP-W9D3F-6ZB1S";
/** The fake vault's id, and another vault's (a backup of it is listed as not of this vault). */
const FAKE_VAULT_ID = "2f6b0c9e-8d41-4e57-a3c2-7be1f04d95a8";
const FAKE_OTHER_VAULT_ID = "9a3e5d17-c2b8-4f60-8e19-d46a0b7c3f25";
/** Where the fake's folder dialog points. */
export const FAKE_BACKUP_FOLDER = "/home/anne/Documenten/Kluis-back-ups";
/** The parts of the fake that live in the vault (database and key file), so a backup holds them. */
const VAULT_FIELDS = [
  "orgName", "users", "roles", "settings", "recoveryConfirmed", "people", "timelines", "consent", "details", "stageList",
  "organisations", "orgTimelines", "deals", "rawAmounts", "dealClosedAt", "tasks", "staff", "savedViews", "purposes",
  "subjectRequests", "erasures", "anonymisedCount", "breaches", "personActivity", "retention", "backupFolder",
  "backupLastAt", "audit",
] as const;
/**
 * What a restore carries from the vault it replaces rather than from the backup (the core's
 * store::carry): who may sign in (users, their passwords, roles), the settings, the audit trail
 * and the erasure ledger.
 */
const CARRIED_FIELDS = [
  "orgName", "users", "roles", "settings", "recoveryConfirmed", "backupFolder", "backupLastAt", "audit", "erasures",
] as const;
/** The categories with a key of their own, and the grant that makes someone a holder. */
const KEY_GRANTS: Record<KeyCategory, [Category, Action]> = {
  hr: ["hr", "view"],
  special: ["special", "view"],
  backup: ["admin", "manage"],
};
const KEY_CATEGORIES = Object.keys(KEY_GRANTS) as KeyCategory[];
const MIN_LENGTH = 10;
const MAX_FAILURES = 5;
const THROTTLE_SECS = 30;

const COMMON = ["password", "wachtwoord", "welkom", "qwerty", "letmein", "kluis", "admin"];

interface FakeUser extends UserSummary {
  password: string;
}

function fail(code: ErrorCode, message: string, extra: Partial<ErrorDetails> = {}): never {
  const details: ErrorDetails = { field: null, reason: null, retryAfterSecs: null, category: null, ...extra };
  const hasDetails = Object.values(extra).some((v) => v !== undefined && v !== null);
  throw new ApiError(code, message, hasDetails ? details : null);
}

function invalid(field: string, reason: ValidationReason): never {
  fail("validation.invalid", `${field}: ${reason}`, { field, reason });
}

function normaliseKey(key: string): string {
  return key.replace(/[\s-]/g, "").toUpperCase();
}

export function fakeStrength(password: string, context: string[]): PasswordStrength {
  const feedback: PasswordFeedback[] = [];
  const lower = password.toLowerCase();
  if (password.length < MIN_LENGTH) feedback.push("too_short");
  if (COMMON.some((w) => lower.includes(w))) feedback.push("common_password");
  if (/1234|abcd|qwer|4321/.test(lower)) feedback.push("avoid_sequences");
  if (/(.)\1\1/.test(lower)) feedback.push("avoid_repeats");
  if (/(19|20)\d\d/.test(lower)) feedback.push("avoid_dates");
  const personal = context
    .flatMap((c) => c.toLowerCase().split(/\s+/))
    .filter((w) => w.length >= 3);
  if (personal.some((w) => lower.includes(w))) feedback.push("avoid_personal_info");

  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  let score = Math.min(4, Math.floor(password.length / 5) + (classes >= 3 ? 1 : 0));
  score = Math.max(0, score - (feedback.length > 0 ? 2 : 0));
  if (password.length === 0) score = 0;
  if (score < 3 && feedback.length === 0) feedback.push("add_more_words");
  return { score, acceptable: score >= 3 && feedback.length === 0, minLength: MIN_LENGTH, feedback };
}

function iso(minutesAgo: number): string {
  return new Date(Date.now() - minutesAgo * 60_000).toISOString();
}

function seedUsers(): FakeUser[] {
  const u = (
    id: number,
    username: string,
    displayName: string,
    roles: string[],
    extra: Partial<FakeUser> = {},
  ): FakeUser => ({
    id,
    username,
    displayName,
    roles,
    active: true,
    mustChangePassword: false,
    createdAt: iso(60 * 24 * 90),
    lastSignInAt: iso(id * 317),
    password: FAKE_PASSWORD,
    mayDelete: null,
    ...extra,
  });
  return [
    u(1, "anne", "Anne de Vries", ["administrator"]),
    u(2, "jan", "Jan Jansen", ["user"]),
    u(3, "fatima", "Fatima el Amrani", ["hr", "management"]),
    u(4, "sanne", "Sanne Bakker", ["privacy_officer", "user"]),
    u(5, "pieter", "Pieter Smit", ["guest"], { active: false, lastSignInAt: null }),
    u(6, "lotte", "Lotte Visser", ["user"], { mustChangePassword: true, lastSignInAt: null }),
    u(7, "gerrit", "Gerrit Gastman", ["guest"]),
    u(8, "mark", "Mark Meijer", ["management"]),
    u(9, "hanna", "Hanna Hoekstra", ["hr"]),
  ];
}

export class FakeCoreApi {
  vaultExists = false;
  orgName = "";
  users: FakeUser[] = [];
  roles: RoleDetail[] = seedRoles();
  sessionUserId: number | null = null;
  recoveryKey = FAKE_RECOVERY_KEY;
  recoveryConfirmed = true;
  settings: SecuritySettings = { autoLockMinutes: 10 };
  problem: ErrorCode | null = null;
  /** Names of the commands called, in order, for tests. */
  readonly calls: string[] = [];
  private failures = 0;
  private throttledUntil = 0;
  protected nextId = 1;
  protected readonly delayMs: number;

  constructor(options: FakeOptions = {}) {
    this.delayMs = options.delayMs ?? 0;
    const preset = options.preset ?? "fresh";
    if (preset === "fresh") return;
    this.vaultExists = true;
    this.orgName = "Van Dijk Installatietechniek";
    this.users = seedUsers();
    this.nextId = this.users.length + 1;
    if (preset === "problem") this.problem = options.problem ?? "vault.key_file_missing";
    if (preset === "admin") this.sessionUserId = 1;
    if (preset === "user") this.sessionUserId = 2;
    if (preset === "guest") this.sessionUserId = 7;
    if (preset === "management") this.sessionUserId = 8;
    if (preset === "hr") this.sessionUserId = 9;
    if (preset === "privacy") this.sessionUserId = 4;
    if (preset === "must-change") this.sessionUserId = 6;
    if (preset === "unconfirmed") {
      this.users = this.users.slice(0, 1);
      this.sessionUserId = 1;
      this.recoveryConfirmed = false;
    }
  }

  protected async step(name: string): Promise<void> {
    this.calls.push(name);
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
  }

  /** The user's effective grants: their roles' union with the delete switch applied. */
  grantsFor(user: FakeUser): GrantDto[] {
    return grantsOf(user.roles, this.roles, user.mayDelete);
  }

  /** True when the signed-in user holds the grant (no password-change check). */
  protected may(category: Category, action: Action): boolean {
    return has(this.grantsFor(this.me()), category, action);
  }

  /** Refuses like the core's Session::require. */
  protected require(category: Category, action: Action): FakeUser {
    const user = this.ready();
    if (!has(this.grantsFor(user), category, action)) fail("access.denied", `${category}.${action}`);
    return user;
  }

  private sessionFor(user: FakeUser): SessionInfo {
    const grants = this.grantsFor(user);
    const admin = has(grants, "admin", "manage");
    return {
      userId: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: [...user.roles],
      orgName: this.orgName,
      mustChangePassword: user.mustChangePassword,
      recoveryKeyConfirmed: this.recoveryConfirmed,
      autoLockMinutes: this.settings.autoLockMinutes,
      can: {
        manageUsers: admin,
        manageSecurity: admin,
        viewAudit: has(grants, "audit", "view"),
        contactCreate: has(grants, "contact", "create"),
        contactEdit: has(grants, "contact", "edit"),
        contactDelete: has(grants, "contact", "delete"),
        viewSales: has(grants, "sales", "view"),
        grants,
      },
    };
  }

  protected me(): FakeUser {
    const user = this.users.find((u) => u.id === this.sessionUserId);
    if (!user) fail("session.locked", "no session");
    return user;
  }

  /** The signed-in user, refusing while an initial password is still in place. */
  protected ready(): FakeUser {
    const user = this.me();
    if (user.mustChangePassword) fail("auth.password_change_required", "change password first");
    return user;
  }

  protected admin(): FakeUser {
    return this.require("admin", "manage");
  }

  private summary(user: FakeUser): UserSummary {
    // Copy without the password.
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      roles: [...user.roles],
      active: user.active,
      mustChangePassword: user.mustChangePassword,
      mayDelete: user.mayDelete,
      createdAt: user.createdAt,
      lastSignInAt: user.lastSignInAt,
    };
  }

  private requireStrong(field: string, password: string, context: string[]): void {
    if (!password) invalid(field, "required");
    if (!fakeStrength(password, context).acceptable) invalid(field, "weak_password");
  }

  private userById(userId: number): FakeUser {
    const user = this.users.find((u) => u.id === userId);
    if (!user) fail("user.not_found", `no user ${userId}`);
    return user;
  }

  private activeAdmins(): FakeUser[] {
    return this.users.filter((u) => u.active && has(this.grantsFor(u), "admin", "manage"));
  }

  async appStatus(): Promise<AppStatus> {
    await this.step("app_status");
    const user = this.users.find((u) => u.id === this.sessionUserId);
    return {
      vaultExists: this.vaultExists,
      session: user && !this.problem ? this.sessionFor(user) : null,
      dataDir: "/home/anne/.local/share/nl.kluis.app",
      vaultProblem: this.problem,
    };
  }

  async vaultCreate(req: CreateVaultRequest): Promise<CreateVaultResponse> {
    await this.step("vault_create");
    if (this.vaultExists) fail("vault.exists", "vault exists");
    if (!req.orgName.trim()) invalid("orgName", "required");
    if (req.orgName.length > 200) invalid("orgName", "too_long");
    if (!req.adminUsername.trim()) invalid("adminUsername", "required");
    if (!/^[a-z0-9._-]{2,64}$/.test(req.adminUsername)) invalid("adminUsername", "invalid_format");
    if (!req.adminDisplayName.trim()) invalid("adminDisplayName", "required");
    this.requireStrong("password", req.password, [
      req.orgName,
      req.adminUsername,
      req.adminDisplayName,
    ]);
    this.vaultExists = true;
    this.orgName = req.orgName.trim();
    this.recoveryConfirmed = false;
    const admin: FakeUser = {
      id: this.nextId++,
      username: req.adminUsername,
      displayName: req.adminDisplayName.trim(),
      roles: ["administrator"],
      mayDelete: null,
      active: true,
      mustChangePassword: false,
      createdAt: new Date().toISOString(),
      lastSignInAt: new Date().toISOString(),
      password: req.password,
    };
    this.users.push(admin);
    this.sessionUserId = admin.id;
    return { recoveryKey: this.recoveryKey, session: this.sessionFor(admin) };
  }

  async recoveryKeyConfirm(recoveryKey: string): Promise<SessionInfo> {
    await this.step("recovery_key_confirm");
    const user = this.me();
    if (normaliseKey(recoveryKey) !== normaliseKey(this.recoveryKey)) {
      fail("auth.recovery_key_invalid", "recovery key does not open the recovery slot");
    }
    this.recoveryConfirmed = true;
    return this.sessionFor(user);
  }

  async signIn(username: string, password: string): Promise<SessionInfo> {
    await this.step("sign_in");
    const now = Date.now();
    if (now < this.throttledUntil) {
      fail("auth.throttled", "too many attempts", {
        retryAfterSecs: Math.ceil((this.throttledUntil - now) / 1000),
      });
    }
    const user = this.users.find((u) => u.username === username.trim());
    if (!user || user.password !== password) {
      this.failures += 1;
      if (this.failures >= MAX_FAILURES) {
        this.throttledUntil = now + THROTTLE_SECS * 1000;
        this.failures = 0;
      }
      fail("auth.failed", "wrong username or password");
    }
    if (!user.active) fail("auth.account_disabled", "account disabled");
    this.failures = 0;
    user.lastSignInAt = new Date().toISOString();
    this.sessionUserId = user.id;
    return this.sessionFor(user);
  }

  async signOut(): Promise<null> {
    await this.step("sign_out");
    this.sessionUserId = null;
    return null;
  }

  async lock(): Promise<null> {
    await this.step("lock");
    this.sessionUserId = null;
    return null;
  }

  async recover(recoveryKey: string, username: string, newPassword: string): Promise<SessionInfo> {
    await this.step("recover");
    if (normaliseKey(recoveryKey) !== normaliseKey(this.recoveryKey)) {
      fail("auth.recovery_key_invalid", "recovery key does not open the recovery slot");
    }
    const user = this.users.find((u) => u.username === username.trim());
    if (!user) fail("user.not_found", "no user with that username");
    if (!has(this.grantsFor(user), "admin", "manage")) fail("access.denied", "not an administrator");
    this.requireStrong("newPassword", newPassword, [this.orgName, user.username, user.displayName]);
    user.password = newPassword;
    user.mustChangePassword = false;
    user.active = true;
    this.sessionUserId = user.id;
    return this.sessionFor(user);
  }

  async changePassword(currentPassword: string, newPassword: string): Promise<SessionInfo> {
    await this.step("change_password");
    const user = this.me();
    // As the core does: a wrong current password is a refused currentPassword field.
    if (user.password !== currentPassword) invalid("currentPassword", "invalid_format");
    if (newPassword === currentPassword) invalid("newPassword", "same_password");
    this.requireStrong("newPassword", newPassword, [this.orgName, user.username, user.displayName]);
    user.password = newPassword;
    user.mustChangePassword = false;
    return this.sessionFor(user);
  }

  async passwordStrength(password: string, context: string[]): Promise<PasswordStrength> {
    await this.step("password_strength");
    return fakeStrength(password, context);
  }

  async sessionTouch(): Promise<null> {
    await this.step("session_touch");
    this.me();
    return null;
  }

  async sessionInfo(): Promise<SessionInfo> {
    await this.step("session_info");
    return this.sessionFor(this.me());
  }

  async usersList(): Promise<UserSummary[]> {
    await this.step("users_list");
    this.admin();
    return this.users.map((u) => this.summary(u));
  }

  async rolesList(): Promise<RolesOverview> {
    await this.step("roles_list");
    this.require("admin", "view");
    const roles = this.roles.map((r) => ({
      ...r,
      grants: [...r.grants],
      holders: this.users.filter((u) => u.roles.includes(r.key)).length,
    }));
    return { roles, grantable: [...GRANTABLE] };
  }

  private cleanRole(input: RoleInput, except: string | null): { name: string; grants: GrantDto[] } {
    const name = input.name.trim();
    if (!name) invalid("name", "required");
    if (name.length > 60) invalid("name", "too_long");
    if (this.roles.some((r) => r.key !== except && r.name?.toLowerCase() === name.toLowerCase())) {
      invalid("name", "in_use");
    }
    const grants: GrantDto[] = [];
    for (const grant of input.grants) {
      if (!GRANTABLE.some((x) => same(x, grant))) invalid("grants", "invalid_format");
      if (!grants.some((x) => same(x, grant))) grants.push({ ...grant });
    }
    return { name, grants: withImpliedView(grants) };
  }

  private customRole(key: string): RoleDetail {
    const role = this.roles.find((r) => r.key === key);
    if (!role) fail("record.not_found", "no such role");
    if (role.builtin) invalid("role", "read_only");
    return role;
  }

  private holders(key: string): number {
    return this.users.filter((u) => u.roles.includes(key)).length;
  }

  async roleCreate(input: RoleInput): Promise<RoleDetail> {
    await this.step("role_create");
    this.admin();
    const { name, grants } = this.cleanRole(input, null);
    const role: RoleDetail = { key: `custom_${this.nextId++}`, name, builtin: false, grants, holders: 0 };
    this.roles.push(role);
    return { ...role, grants: [...grants] };
  }

  async roleUpdate(key: string, input: RoleInput): Promise<RoleDetail> {
    await this.step("role_update");
    this.admin();
    const role = this.customRole(key);
    const { name, grants } = this.cleanRole(input, key);
    const before = role.grants;
    role.name = name;
    role.grants = grants;
    if (this.activeAdmins().length === 0) {
      role.grants = before;
      fail("user.last_admin", "last administrator");
    }
    return { ...role, grants: [...role.grants], holders: this.holders(key) };
  }

  async roleDelete(key: string): Promise<null> {
    await this.step("role_delete");
    this.admin();
    this.customRole(key);
    if (this.holders(key) > 0) invalid("role", "in_use");
    this.roles = this.roles.filter((r) => r.key !== key);
    return null;
  }

  async userSetAccess(userId: number, req: UserAccessRequest): Promise<UserSummary> {
    await this.step("user_set_access");
    this.admin();
    const user = this.userById(userId);
    if (req.roles.length === 0) invalid("roles", "required");
    if (req.roles.some((k) => !this.roles.some((r) => r.key === k))) invalid("roles", "invalid_format");
    const before = { roles: user.roles, mayDelete: user.mayDelete };
    user.roles = [...new Set(req.roles)];
    user.mayDelete = req.mayDelete;
    if (this.activeAdmins().length === 0) {
      user.roles = before.roles;
      user.mayDelete = before.mayDelete;
      fail("user.last_admin", "last administrator");
    }
    return this.summary(user);
  }

  async userAdd(req: NewUserRequest): Promise<UserSummary> {
    await this.step("user_add");
    this.admin();
    const username = req.username.trim();
    if (!username) invalid("username", "required");
    if (!/^[a-z0-9._-]{2,64}$/.test(username)) invalid("username", "invalid_format");
    if (this.users.some((u) => u.username === username)) fail("user.username_taken", "taken");
    if (!req.displayName.trim()) invalid("displayName", "required");
    if (req.roles.length === 0) invalid("roles", "required");
    if (req.roles.some((k) => !this.roles.some((r) => r.key === k))) invalid("roles", "invalid_format");
    this.requireStrong("initialPassword", req.initialPassword, [username, req.displayName]);
    const user: FakeUser = {
      id: this.nextId++,
      username,
      displayName: req.displayName.trim(),
      roles: [...req.roles],
      active: true,
      mustChangePassword: true,
      createdAt: new Date().toISOString(),
      lastSignInAt: null,
      password: req.initialPassword,
      mayDelete: null,
    };
    this.users.push(user);
    return this.summary(user);
  }

  async userSetActive(userId: number, active: boolean): Promise<UserSummary> {
    await this.step("user_set_active");
    const me = this.admin();
    const user = this.userById(userId);
    if (user.id === me.id) fail("user.self", "cannot disable yourself");
    const admins = this.activeAdmins();
    if (!active && admins.length === 1 && admins[0]?.id === user.id) {
      fail("user.last_admin", "last administrator");
    }
    user.active = active;
    return this.summary(user);
  }

  async userRemove(userId: number): Promise<null> {
    await this.step("user_remove");
    const me = this.admin();
    const user = this.userById(userId);
    if (user.id === me.id) fail("user.self", "cannot remove yourself");
    const admins = this.activeAdmins();
    if (admins.length === 1 && admins[0]?.id === user.id) fail("user.last_admin", "last administrator");
    this.users = this.users.filter((u) => u.id !== userId);
    return null;
  }

  async userResetPassword(userId: number, initialPassword: string): Promise<UserSummary> {
    await this.step("user_reset_password");
    this.admin();
    const user = this.userById(userId);
    this.requireStrong("initialPassword", initialPassword, [user.username, user.displayName]);
    user.password = initialPassword;
    user.mustChangePassword = true;
    return this.summary(user);
  }

  async securitySettingsGet(): Promise<SecuritySettings> {
    await this.step("security_settings_get");
    this.admin();
    return { ...this.settings };
  }

  async securitySettingsSet(settings: SecuritySettings): Promise<SecuritySettings> {
    await this.step("security_settings_set");
    this.admin();
    const minutes = settings.autoLockMinutes;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) {
      invalid("autoLockMinutes", "out_of_range");
    }
    this.settings = { autoLockMinutes: minutes };
    return { ...this.settings };
  }

  /** People of the fake vault: rows and their timelines. */
  people: PersonRow[] = [];
  /**
   * A big vault made row by row when read (seedLazyPeople): listed before `people`, and open to
   * the 360° view, but not editable. Ids from 10,000,000 up, clear of `people`'s.
   */
  lazyPeople: LazyPeople | null = null;
  timelines = new Map<number, TimelineEntry[]>();
  /** The consent ledger, statements and restrictions (Art. 7, 18, 21(3)). */
  consent: ConsentState = newConsentState();

  /** Those who handle restrictions (privacy.view) see restricted people, marked. */
  protected seesRestricted(): boolean {
    return this.may("privacy", "view");
  }

  /** A restricted person hidden from the signed-in user. */
  protected hidden(personId: number | null): boolean {
    return personId !== null && isRestricted(this.consent, personId) && !this.seesRestricted();
  }

  protected restrictedId(personId: number | null): boolean {
    return personId !== null && isRestricted(this.consent, personId);
  }

  /** Refuses a restricted person to those who may not see them (the core's `readable`). */
  protected readable(personId: number): void {
    if (!this.rowOf(personId)) fail("record.not_found", "no such record");
    if (this.hidden(personId)) fail("record.restricted", "processing restricted");
  }

  /** Restricted data is read-only for everyone (the core's `writable`). */
  protected writable(personId: number): void {
    if (!this.people.some((p) => p.id === personId)) fail("record.not_found", "no such record");
    if (isRestricted(this.consent, personId)) fail("record.restricted", "processing restricted");
  }

  /** The person's derived flags on their row (and details), after a ledger or restriction change. */
  syncFlags(personId: number): void {
    const flags = { restricted: isRestricted(this.consent, personId), marketingObjection: isObjecting(this.consent, personId) };
    const row = this.people.find((p) => p.id === personId);
    if (row) Object.assign(row, flags);
    this.syncDetails(personId, flags);
  }

  protected syncDetails(_personId: number, _flags: { restricted: boolean; marketingObjection: boolean }): void {}

  /** A person's list row, from `people` or the lazy big vault. */
  protected rowOf(id: number): PersonRow | undefined {
    const lazy = this.lazyPeople?.indexOf(id) ?? -1;
    return lazy >= 0 ? this.lazyPeople!.row(lazy) : this.people.find((p) => p.id === id);
  }

  /** A vault of `count` more people (a million is fine), made row by row when read. */
  seedLazyPeople(count: number): void {
    const owners = this.users.filter((u) => u.active).map((u) => ({ id: u.id, name: u.displayName }));
    this.lazyPeople = new LazyPeople(count, 10_000_000, owners);
  }

  /** Every list query, for tests of sorting and filters. */
  personQueries: PersonQuery[] = [];

  /**
   * Like the core: a page starts after the cursor, else `offset` rows from the top; at most 500
   * rows; the total only with the first page (no cursor, no offset), -1 otherwise. The lazy big
   * vault (if any) comes first and honours the owner filter.
   */
  async personsList(query: PersonQuery): Promise<PersonPage> {
    await this.step("persons_list");
    this.personQueries.push({ ...query });
    this.me();
    const sorted = this.people.filter((p) => !this.hidden(p.id)).sort((a, b) => a.displayName.split(" ").at(-1)!.localeCompare(b.displayName.split(" ").at(-1)!) || a.id - b.id);
    const lazy = this.lazyPeople ? { people: this.lazyPeople, ...this.lazyPeople.view(query.ownerId) } : null;
    const lazyCount = lazy?.count ?? 0;
    const count = lazyCount + sorted.length;
    const at = (j: number): PersonRow => (j < lazyCount ? lazy!.people.row(lazy!.at(j)) : { ...sorted[j - lazyCount]! });
    const position = (id: number): number => {
      const i = lazy?.people.indexOf(id) ?? -1;
      if (i >= 0) return lazy!.position(i);
      const k = sorted.findIndex((p) => p.id === id);
      return k < 0 ? -1 : lazyCount + k;
    };
    const limit = Math.min(Math.max(1, query.limit), 500);
    const start = query.after !== null ? position(Number(query.after.split(":")[0])) + 1 : Math.max(0, query.offset ?? 0);
    const end = Math.min(count, start + limit);
    const rows: PersonRow[] = [];
    for (let j = start; j < end; j++) rows.push(at(j));
    const first = query.after === null && query.offset === null;
    return { rows, nextCursor: end < count && rows.length > 0 ? `${rows.at(-1)!.id}:x` : null, total: first ? count : -1 };
  }

  async personView(id: number): Promise<PersonView> {
    await this.step("person_view");
    this.me();
    this.readable(id);
    const row = this.rowOf(id)!;
    const parts = row.displayName.split(" ");
    return {
      person: {
        id, displayName: row.displayName, givenName: parts[0] ?? "", tussenvoegsel: parts.slice(1, -1).join(" "), familyName: parts.at(-1)!,
        salutation: null, dateOfBirth: null, organisationId: null, organisationName: row.organisationName, jobTitle: row.jobTitle,
        preferredLanguage: "nl", source: null, ownerId: null, ownerName: row.ownerName, notes: null,
        emails: row.email ? [{ id: 1, label: null, value: row.email, unchecked: false }] : [], phones: row.phone ? [{ id: 2, label: null, value: row.phone, unchecked: false }] : [],
        addresses: [], tags: [], createdAt: "2026-01-01T09:00:00.000Z", updatedAt: "2026-01-01T09:00:00.000Z",
        restricted: isRestricted(this.consent, id), marketingObjection: isObjecting(this.consent, id),
      },
      timeline: [...(this.timelines.get(id) ?? [])],
      deals: [],
      tasks: [],
    };
  }

  async searchContacts(query: string, limit: number): Promise<SearchHit[]> {
    await this.step("search_contacts");
    this.me();
    const q = query.trim().toLowerCase();
    if (!q) return [];
    return this.people
      .filter((p) => p.displayName.toLowerCase().includes(q) && !this.hidden(p.id))
      .slice(0, limit)
      .map((p) => ({ kind: "person", id: p.id, title: p.displayName, subtitle: p.organisationName, restricted: isRestricted(this.consent, p.id) }));
  }

  async timelineAdd(personId: number, input: TimelineInput): Promise<TimelineEntry> {
    await this.step("timeline_add");
    const me = this.me();
    this.readable(personId);
    this.writable(personId);
    if (!input.body.trim()) invalid("body", "required");
    const entry: TimelineEntry = { id: this.nextId++, kind: input.kind, occurredAt: new Date().toISOString(), authorName: me.displayName, body: input.body.trim() };
    this.timelines.set(personId, [entry, ...(this.timelines.get(personId) ?? [])]);
    return entry;
  }

  async demoFill(contacts: number): Promise<DemoReport> {
    await this.step("demo_fill");
    this.admin();
    const given = ["Jan", "Anna", "Piet", "Lotte", "Sem", "Emma", "Daan", "Julia"];
    const family = ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "de Boer", "Müller"];
    for (let i = 0; i < contacts; i++) {
      const name = `${given[i % given.length]} ${family[(i * 7) % family.length]}`;
      this.people.push({ id: this.nextId++, displayName: name, organisationName: i % 3 ? "Bakkerij Jansen B.V." : null, jobTitle: null, email: `${(name.split(" ")[0] ?? "x").toLowerCase()}${i}@voorbeeld.nl`, phone: `+3161234${String(i).padStart(4, "0")}`, ownerName: null, restricted: false, marketingObjection: false });
    }
    return { persons: contacts, organisations: 1, timelineEntries: 0, deals: 0, tasks: 0, employees: 0 };
  }
}


type FakeStage = Omit<Stage, "count" | "valueCents">;

/** Seeded like the core's: English names with keys the UI translates. */
function seedStages(): FakeStage[] {
  return [
    { id: 1, name: "Lead", builtin: "lead", kind: "open", position: 1 },
    { id: 2, name: "Proposal", builtin: "proposal", kind: "open", position: 2 },
    { id: 3, name: "Negotiation", builtin: "negotiation", kind: "open", position: 3 },
    { id: 4, name: "Won", builtin: "won", kind: "won", position: 4 },
    { id: 5, name: "Lost", builtin: "lost", kind: "lost", position: 5 },
  ];
}

/** The customer-file half of the fake: people in detail, organisations, deals, tasks, import. */
export class FakeApi extends FakeCoreApi implements KluisApi {
  details = new Map<number, Person>();
  stageList: FakeStage[] = seedStages();
  organisations: Organisation[] = [];
  deals: DealCard[] = [];
  tasks: TaskRow[] = [];
  staged: { headers: string[]; rows: string[][] } | null = null;
  /** The options of every import run, for tests. */
  importOptions: ImportOptions[] = [];
  cancelRequested = false;
  exported: Array<{ selection: ExportSelection; format: ExportFormat }> = [];
  staff: HrRecord[] = seedStaff();
  /** "Today" for the personnel list's current/former split. */
  today = "2026-11-27";

  private canSeeSales(): boolean {
    return this.may("sales", "view");
  }

  private guard(value: number): { state: "shown"; value: number } | { state: "redacted" } {
    return this.canSeeSales() ? { state: "shown", value } : { state: "redacted" };
  }

  private maySales(): void {
    if (!this.canSeeSales()) fail("access.denied", "sales figures");
  }

  private mayEdit(): FakeUserLike {
    return this.require("contact", "edit");
  }

  private todayIso(): string {
    return this.now().toISOString().slice(0, 10);
  }

  /** The form's rules; a phone number that cannot be checked passes only with keepUnchecked. */
  private checkPerson(input: PersonInput): void {
    const problem = personProblem(input, this.todayIso());
    if (problem) invalid(problem[0], problem[1]);
  }

  private toPerson(id: number, input: PersonInput, createdAt: string): Person {
    const display = [input.givenName, input.tussenvoegsel, input.familyName].filter((x) => x.trim()).join(" ");
    const org = this.organisations.find((o) => o.id === input.organisationId) ?? null;
    const owner = this.users.find((u) => u.id === input.ownerId) ?? null;
    return {
      id, displayName: display, givenName: input.givenName, tussenvoegsel: input.tussenvoegsel, familyName: input.familyName,
      salutation: input.salutation, dateOfBirth: input.dateOfBirth, organisationId: org?.id ?? null, organisationName: org?.name ?? null,
      jobTitle: input.jobTitle, preferredLanguage: input.preferredLanguage, source: input.source, ownerId: owner?.id ?? null,
      ownerName: owner?.displayName ?? null, notes: input.notes,
      emails: input.emails.map((e, i) => ({ id: i + 1, label: e.label, value: e.value.trim(), unchecked: false })),
      // A number that checks is normalised; one kept as typed stays as it was typed, marked.
      phones: input.phones.map((e, i) =>
        phoneChecks(e.value)
          ? { id: i + 100, label: e.label, value: e.value.replace(/[\s()-]/g, ""), unchecked: false }
          : { id: i + 100, label: e.label, value: e.value.trim(), unchecked: true },
      ),
      addresses: input.addresses.map((a, i) => ({ id: i + 200, ...a })),
      tags: [...input.tags], createdAt, updatedAt: new Date().toISOString(),
      restricted: isRestricted(this.consent, id), marketingObjection: isObjecting(this.consent, id),
    };
  }

  protected override syncDetails(personId: number, flags: { restricted: boolean; marketingObjection: boolean }): void {
    const p = this.details.get(personId);
    if (p) Object.assign(p, flags);
  }

  private storePerson(p: Person): void {
    this.personActivity.set(p.id, this.now().toISOString());
    this.details.set(p.id, p);
    const row: PersonRow = { id: p.id, displayName: p.displayName, organisationName: p.organisationName, jobTitle: p.jobTitle, email: p.emails[0]?.value ?? null, phone: p.phones[0]?.value ?? null, ownerName: p.ownerName, restricted: p.restricted, marketingObjection: p.marketingObjection };
    const i = this.people.findIndex((r) => r.id === p.id);
    if (i >= 0) this.people[i] = row;
    else this.people.push(row);
  }

  override async personView(id: number) {
    const view = await super.personView(id);
    const p = this.details.get(id);
    if (p) view.person = { ...p };
    view.deals = this.deals.filter((d) => d.personId === id).map((d) => {
      const st = this.stageList.find((x) => x.id === d.stageId)!;
      return { id: d.id, title: d.title, stageName: st.name, stageBuiltin: st.builtin, status: st.kind, amountCents: d.amountCents, currency: d.currency, probability: d.probability, expectedClose: d.expectedClose };
    });
    view.tasks = this.tasks.filter((t) => t.personId === id).map((t) => ({ id: t.id, title: t.title, dueDate: t.dueDate, done: t.done, assigneeName: t.assigneeName }));
    return view;
  }

  async personCreate(input: PersonInput): Promise<Person> {
    await this.step("person_create");
    this.mayEdit();
    this.checkPerson(input);
    const p = this.toPerson(this.nextId++, input, new Date().toISOString());
    this.storePerson(p);
    return p;
  }

  async personUpdate(id: number, input: PersonInput): Promise<Person> {
    await this.step("person_update");
    this.mayEdit();
    this.readable(id);
    this.writable(id);
    this.checkPerson(input);
    const p = this.toPerson(id, input, this.details.get(id)?.createdAt ?? new Date().toISOString());
    this.storePerson(p);
    return p;
  }

  async personDelete(id: number): Promise<null> {
    await this.step("person_delete");
    this.admin();
    this.readable(id);
    this.writable(id);
    this.people = this.people.filter((r) => r.id !== id);
    this.details.delete(id);
    return null;
  }

  async personDuplicates(input: PersonInput, exclude: number | null): Promise<DuplicateHint[]> {
    await this.step("person_duplicates");
    this.me();
    const emails = input.emails.map((e) => e.value.trim().toLowerCase()).filter(Boolean);
    const hints: DuplicateHint[] = [];
    for (const r of this.people) {
      if (r.id === exclude) continue;
      if (r.email && emails.includes(r.email.toLowerCase())) {
        hints.push({ id: r.id, displayName: r.displayName, organisationName: r.organisationName, reason: "same_email" });
      }
    }
    return hints;
  }

  async mergePreview(keep: number, remove: number): Promise<MergePreview> {
    await this.step("merge_preview");
    this.mayEdit();
    for (const id of [keep, remove]) {
      this.readable(id);
      this.writable(id);
    }
    const a = this.details.get(keep) ?? (await super.personView(keep)).person;
    const b = this.details.get(remove) ?? (await super.personView(remove)).person;
    const result = {
      ...a,
      emails: [...a.emails, ...b.emails.filter((e) => !a.emails.some((x) => x.value === e.value))],
      phones: [...a.phones, ...b.phones.filter((e) => !a.phones.some((x) => x.value === e.value))],
    };
    return { keep: a, remove: b, result, timelineEntriesMoved: this.timelines.get(remove)?.length ?? 0, dealsMoved: this.deals.filter((d) => d.personId === remove).length, tasksMoved: this.tasks.filter((t) => t.personId === remove).length };
  }

  async mergeApply(keep: number, remove: number): Promise<Person> {
    const preview = await this.mergePreview(keep, remove);
    this.calls.push("merge_apply");
    this.timelines.set(keep, [...(this.timelines.get(keep) ?? []), ...(this.timelines.get(remove) ?? [])]);
    for (const d of this.deals) if (d.personId === remove) d.personId = keep;
    for (const t of this.tasks) if (t.personId === remove) t.personId = keep;
    for (const e of this.consent.events) if (e.personId === remove) e.personId = keep;
    this.people = this.people.filter((r) => r.id !== remove);
    this.details.delete(remove);
    this.storePerson(preview.result);
    this.syncFlags(keep);
    return { ...preview.result, ...this.details.get(keep) };
  }

  savedViews = new Map<number, SavedView[]>();

  async viewsList(): Promise<SavedView[]> {
    await this.step("views_list");
    return [...(this.savedViews.get(this.me().id) ?? [])];
  }

  async viewSave(name: string, filters: ViewFilters): Promise<SavedView[]> {
    await this.step("view_save");
    const me = this.me();
    if (!name.trim()) invalid("name", "required");
    const views = (this.savedViews.get(me.id) ?? []).filter((v) => v.name !== name.trim());
    views.push({ name: name.trim(), filters: { ...filters } });
    views.sort((a, b) => a.name.localeCompare(b.name));
    this.savedViews.set(me.id, views);
    return [...views];
  }

  async viewDelete(name: string): Promise<SavedView[]> {
    await this.step("view_delete");
    const me = this.me();
    const views = (this.savedViews.get(me.id) ?? []).filter((v) => v.name !== name);
    this.savedViews.set(me.id, views);
    return [...views];
  }

  async staffList(): Promise<StaffMember[]> {
    await this.step("staff_list");
    this.me();
    return this.users.filter((u) => u.active).map((u) => ({ id: u.id, displayName: u.displayName }));
  }

  async tagsList(): Promise<string[]> {
    await this.step("tags_list");
    this.me();
    return [...new Set([...this.details.values()].flatMap((p) => p.tags))].sort();
  }

  async organisationCreate(input: OrganisationInput): Promise<Organisation> {
    await this.step("organisation_create");
    this.mayEdit();
    if (!input.name.trim()) invalid("name", "required");
    if (input.kvk && !/^\d{8}$/.test(input.kvk)) invalid("kvk", "invalid_format");
    const now = new Date().toISOString();
    const o: Organisation = { id: this.nextId++, ...input, name: input.name.trim(), addresses: input.addresses.map((a, i) => ({ id: i + 1, ...a })), createdAt: now, updatedAt: now };
    this.organisations.push(o);
    return o;
  }

  orgTimelines = new Map<number, TimelineEntry[]>();

  async organisationUpdate(id: number, input: OrganisationInput): Promise<Organisation> {
    await this.step("organisation_update");
    this.mayEdit();
    const i = this.organisations.findIndex((x) => x.id === id);
    if (i < 0) fail("record.not_found", "no such record");
    if (!input.name.trim()) invalid("name", "required");
    if (input.kvk && !/^\d{8}$/.test(input.kvk)) invalid("kvk", "invalid_format");
    for (const a of input.addresses) {
      if (a.postcode && (a.country ?? "NL").toUpperCase() === "NL" && !/^[1-9][0-9]{3} ?[A-Za-z]{2}$/.test(a.postcode)) invalid("addresses", "invalid_format");
    }
    const before = this.organisations[i]!;
    const o: Organisation = { ...before, ...input, name: input.name.trim(), addresses: input.addresses.map((a, k) => ({ id: k + 1, ...a })), updatedAt: new Date().toISOString() };
    this.organisations[i] = o;
    for (const p of this.people) if (p.organisationName === before.name) p.organisationName = o.name;
    return o;
  }

  async organisationTimelineAdd(id: number, input: TimelineInput): Promise<TimelineEntry> {
    await this.step("organisation_timeline_add");
    const me = this.mayEdit();
    if (!input.body.trim()) invalid("body", "required");
    const entry: TimelineEntry = { id: this.nextId++, kind: input.kind, occurredAt: new Date().toISOString(), authorName: me.displayName, body: input.body.trim() };
    this.orgTimelines.set(id, [entry, ...(this.orgTimelines.get(id) ?? [])]);
    return entry;
  }

  async dealUpdate(id: number, input: DealInput): Promise<DealCard> {
    await this.step("deal_update");
    const me = this.ready();
    const details = has(this.grantsFor(me), "contact", "edit");
    const sales = has(this.grantsFor(me), "sales", "edit");
    if (!details && !sales) fail("access.denied", "deals");
    if ((input.amountCents !== null || input.probability !== null) && !sales) fail("access.denied", "sales figures");
    if (!input.title.trim()) invalid("title", "required");
    const d = this.deals.find((x) => x.id === id);
    if (!d) fail("record.not_found", "no such record");
    if (details && input.personId !== null) this.writable(input.personId);
    if (details) {
      const person = this.people.find((p) => p.id === input.personId) ?? null;
      Object.assign(d, { title: input.title.trim(), personId: person?.id ?? null, personName: person?.displayName ?? null, organisationName: person?.organisationName ?? null, currency: input.currency ?? d.currency, expectedClose: input.expectedClose });
    }
    if (sales) this.rawAmounts.set(id, { amount: input.amountCents ?? 0, probability: input.probability ?? 0 });
    return this.card(d);
  }

  async organisationsList(after: string | null, limit: number): Promise<OrganisationPage> {
    await this.step("organisations_list");
    this.me();
    const sorted = [...this.organisations].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
    const start = after ? sorted.findIndex((o) => String(o.id) === after) + 1 : 0;
    const slice = sorted.slice(start, start + limit);
    const rows = slice.map((o) => ({ id: o.id, name: o.name, city: null, industry: o.industry, people: this.people.filter((p) => p.organisationName === o.name && !this.hidden(p.id)).length }));
    return { rows, nextCursor: start + limit < sorted.length ? String(slice.at(-1)!.id) : null, total: after ? -1 : sorted.length };
  }

  async organisationView(id: number): Promise<OrganisationView> {
    await this.step("organisation_view");
    this.me();
    const o = this.organisations.find((x) => x.id === id);
    if (!o) fail("record.not_found", "no such record");
    const people = this.people.filter((p) => p.organisationName === o.name && !this.hidden(p.id)).map((p) => ({ ...p }));
    return { organisation: { ...o }, people: people.slice(0, 200), peopleTotal: people.length, deals: this.deals.filter((d) => d.organisationName === o.name && !this.hidden(d.personId)).map((d) => this.card(d)), timeline: [...(this.orgTimelines.get(id) ?? [])] };
  }

  private card(d: DealCard): DealCard {
    const raw = this.rawAmounts.get(d.id) ?? { amount: 0, probability: 0 };
    return { ...d, amountCents: this.guard(raw.amount), probability: this.guard(raw.probability) };
  }

  protected rawAmounts = new Map<number, { amount: number; probability: number }>();

  private stages(): Stage[] {
    return [...this.stageList].sort((a, b) => a.position - b.position).map((st) => {
      const inStage = this.deals.filter((d) => d.stageId === st.id && !this.restrictedId(d.personId));
      const value = inStage.reduce((sum, d) => sum + (this.rawAmounts.get(d.id)?.amount ?? 0), 0);
      return { ...st, count: inStage.length, valueCents: this.guard(value) };
    });
  }

  async dealsBoard(): Promise<Board> {
    await this.step("deals_board");
    this.ready();
    // As the core: boards, task lists and dashboards leave restricted people out for everyone.
    return { stages: this.stages(), deals: this.deals.filter((d) => !this.restrictedId(d.personId)).map((d) => this.card(d)) };
  }

  async dealCreate(input: DealInput): Promise<DealCard> {
    await this.step("deal_create");
    this.mayEdit();
    if (!input.title.trim()) invalid("title", "required");
    if (input.amountCents !== null || input.probability !== null) this.maySales();
    if (input.personId !== null) this.writable(input.personId);
    const person = this.people.find((p) => p.id === input.personId) ?? null;
    const d: DealCard = {
      id: this.nextId++, title: input.title.trim(), stageId: input.stageId, personId: person?.id ?? null, personName: person?.displayName ?? null,
      organisationName: person?.organisationName ?? null, organisationId: null, amountCents: { state: "redacted" }, currency: input.currency ?? "EUR",
      probability: { state: "redacted" }, expectedClose: input.expectedClose, lostReason: null,
    };
    this.rawAmounts.set(d.id, { amount: input.amountCents ?? 0, probability: input.probability ?? 0 });
    this.deals.push(d);
    this.closeDeal(d.id, input.stageId);
    return this.card(d);
  }

  async dealMove(id: number, stageId: number, lostReason: string | null): Promise<DealCard> {
    await this.step("deal_move");
    this.mayEdit();
    const d = this.deals.find((x) => x.id === id);
    if (!d) fail("record.not_found", "no such record");
    const st = this.stageList.find((x) => x.id === stageId);
    if (!st) invalid("stageId", "invalid_format");
    if (st.kind === "lost" && !lostReason?.trim()) invalid("lostReason", "required");
    d.stageId = stageId;
    d.lostReason = st.kind === "lost" ? lostReason!.trim() : null;
    this.closeDeal(id, stageId);
    return this.card(d);
  }

  async tasksList(filter: TaskFilter): Promise<TaskRow[]> {
    await this.step("tasks_list");
    const me = this.ready();
    const today = new Date().toISOString().slice(0, 10);
    return this.tasks
      .filter((t) => !this.restrictedId(t.personId))
      .filter((t) => filter === "all" || (filter === "mine" ? t.assigneeName === me.displayName && !t.done : !t.done && !!t.dueDate && t.dueDate < today))
      .map((t) => ({ ...t }));
  }

  async taskCreate(input: TaskInput): Promise<number> {
    await this.step("task_create");
    this.mayEdit();
    if (!input.title.trim()) invalid("title", "required");
    if (input.dueDate && !/^\d{4}-\d{2}-\d{2}$/.test(input.dueDate)) invalid("dueDate", "invalid_format");
    if (input.personId !== null) this.writable(input.personId);
    const person = this.people.find((p) => p.id === input.personId) ?? null;
    const assignee = this.users.find((u) => u.id === input.assigneeId) ?? null;
    const id = this.nextId++;
    this.tasks.push({ id, title: input.title.trim(), dueDate: input.dueDate, done: false, assigneeName: assignee?.displayName ?? null, personId: person?.id ?? null, personName: person?.displayName ?? null });
    return id;
  }

  async taskSetDone(id: number, done: boolean): Promise<null> {
    await this.step("task_set_done");
    this.mayEdit();
    const t = this.tasks.find((x) => x.id === id);
    if (!t) fail("record.not_found", "no such record");
    t.done = done;
    return null;
  }

  async dashboardGet(): Promise<Dashboard> {
    await this.step("dashboard_get");
    this.ready();
    const now = new Date(Date.UTC(2026, 10, 15));
    const wonLost = Array.from({ length: 12 }, (_, i) => {
      const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11 + i, 1));
      return { month: d.toISOString().slice(0, 7), won: (i * 3) % 5, lost: (i * 2) % 3, wonValueCents: this.guard(((i * 3) % 5) * 125_000_00) };
    });
    const activity = Array.from({ length: 12 }, (_, i) => ({ week: `2026-W${String(36 + i).padStart(2, "0")}`, notes: (i * 5) % 9, calls: (i * 3) % 7, emails: (i * 7) % 11, meetings: i % 4 }));
    return { pipeline: this.stages(), wonLost, activity };
  }

  override async demoFill(contacts: number): Promise<DemoReport> {
    const report = await super.demoFill(contacts);
    const orgs = ["Bakkerij Jansen B.V.", "Van Dijk Installatietechniek", "Müller GmbH"];
    for (const name of orgs) {
      const at = new Date().toISOString();
      this.organisations.push({ id: this.nextId++, name, kvk: "12345678", vat: null, website: null, industry: "Retail", addresses: [{ id: 1, label: null, street: "Marktplein 4", postcode: "3511 AB", city: "Utrecht", country: "NL" }], createdAt: at, updatedAt: at });
    }
    const people = this.people.slice(-contacts);
    for (const p of people) this.personActivity.set(p.id, this.now().toISOString());
    people.slice(0, 12).forEach((p, i) => {
      const id = this.nextId++;
      this.deals.push({ id, title: `Offerte ${p.displayName}`, stageId: (i % 5) + 1, personId: p.id, personName: p.displayName, organisationName: p.organisationName, organisationId: null, amountCents: { state: "redacted" }, currency: "EUR", probability: { state: "redacted" }, expectedClose: "2026-12-15", lostReason: i % 5 === 4 ? "Te duur" : null });
      this.rawAmounts.set(id, { amount: (i + 1) * 250_000, probability: 20 + (i % 5) * 15 });
      this.closeDeal(id, (i % 5) + 1);
      this.tasks.push({ id: this.nextId++, title: `Terugbellen ${p.displayName}`, dueDate: i % 3 ? "2026-12-01" : "2026-11-02", done: i % 4 === 3, assigneeName: this.users[i % 3]!.displayName, personId: p.id, personName: p.displayName });
    });
    return { ...report, organisations: orgs.length, deals: 12, tasks: 12 };
  }

  async pipelineStages(): Promise<Stage[]> {
    await this.step("pipeline_stages");
    this.ready();
    return this.stages();
  }

  private reposition(): void {
    this.stageList.sort((a, b) => a.position - b.position).forEach((st, i) => (st.position = i + 1));
  }

  async stageRename(id: number, name: string): Promise<Stage[]> {
    await this.step("stage_rename");
    this.admin();
    if (!name.trim()) invalid("name", "required");
    const st = this.stageList.find((x) => x.id === id);
    if (!st) fail("record.not_found", "no such stage");
    st.name = name.trim();
    st.builtin = null;
    return this.stages();
  }

  async stageAdd(name: string): Promise<Stage[]> {
    await this.step("stage_add");
    this.admin();
    if (!name.trim()) invalid("name", "required");
    const firstClosed = this.stageList.find((x) => x.kind !== "open")!.position;
    for (const st of this.stageList) if (st.position >= firstClosed) st.position++;
    this.stageList.push({ id: this.nextId++, name: name.trim(), builtin: null, kind: "open", position: firstClosed });
    this.reposition();
    return this.stages();
  }

  async stageMove(id: number, step: number): Promise<Stage[]> {
    await this.step("stage_move");
    this.admin();
    const open = this.stageList.filter((x) => x.kind === "open").sort((a, b) => a.position - b.position);
    const i = open.findIndex((x) => x.id === id);
    const j = i + Math.sign(step);
    if (i < 0 || j < 0 || j >= open.length) invalid("position", "out_of_range");
    [open[i]!.position, open[j]!.position] = [open[j]!.position, open[i]!.position];
    this.reposition();
    return this.stages();
  }

  async stageRemove(id: number): Promise<Stage[]> {
    await this.step("stage_remove");
    this.admin();
    const st = this.stageList.find((x) => x.id === id);
    if (!st) fail("record.not_found", "no such stage");
    const openCount = this.stageList.filter((x) => x.kind === "open").length;
    if (st.kind !== "open" || this.deals.some((d) => d.stageId === id) || openCount <= 1) invalid("stage", "in_use");
    this.stageList = this.stageList.filter((x) => x.id !== id);
    this.reposition();
    return this.stages();
  }

  async importStage(bytes: Uint8Array): Promise<ImportStaged> {
    await this.step("import_stage");
    this.mayEdit();
    const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, "");
    if (/^\s*BEGIN:VCARD/i.test(text)) {
      const cards = text.match(/BEGIN:VCARD/gi)?.length ?? 0;
      this.staged = null;
      return { format: "vcard", preview: null, records: cards };
    }
    const lines = text.split(/\r?\n/).filter((l) => l.trim());
    const delimiter = [";", ",", "\t", "|"].sort((a, b) => (lines[0]!.split(b).length - lines[0]!.split(a).length))[0]!;
    const [head, ...rest] = lines.map((l) => l.split(delimiter));
    if (!head) invalid("file", "required");
    this.staged = { headers: head, rows: rest };
    const guess = (h: string): ImportField | null => {
      const k = h.toLowerCase();
      if (/voornaam|given|first/.test(k)) return "given_name";
      if (/tussenvoegsel/.test(k)) return "tussenvoegsel";
      if (/achternaam|family|last/.test(k)) return "family_name";
      if (/e-?mail/.test(k)) return "email";
      if (/telefoon|phone/.test(k)) return "phone";
      if (/organisatie|bedrijf|company|organisation/.test(k)) return "organisation";
      if (/^naam$|^name$/.test(k)) return "full_name";
      if (/postcode|zip/.test(k)) return "postcode";
      if (/^(woon)?plaats$|^city$/.test(k)) return "city";
      if (/geboorte|birth/.test(k)) return "date_of_birth";
      return null;
    };
    return {
      format: "csv",
      records: rest.length,
      preview: { encoding: "utf8", delimiter, headers: head, sample: rest.slice(0, 5), rows: rest.length, mapping: head.map(guess) },
    };
  }

  async importRun(mapping: Array<ImportField | null>, options: ImportOptions, onProgress: (p: ImportProgress) => void): Promise<ImportReport> {
    await this.step("import_run");
    this.importOptions.push({ ...options });
    this.mayEdit();
    const staged = this.staged;
    if (!staged) fail("record.not_found", "nothing staged");
    if (!mapping.some((m) => m === "family_name" || m === "full_name" || m === "given_name")) invalid("mapping", "required");
    this.cancelRequested = false;
    const report: ImportReport = { rows: staged.rows.length, imported: 0, refused: 0, problems: [], noted: 0, notes: [], duplicates: [], committed: false, cancelled: false };
    const column = (field: string) => columnOf(field, staged.headers, mapping);
    const today = this.todayIso();
    const pending: PersonInput[] = [];
    for (const [i, row] of staged.rows.entries()) {
      onProgress({ done: i, total: staged.rows.length });
      await new Promise((r) => setTimeout(r, 0));
      if (this.cancelRequested) return { ...report, imported: 0, cancelled: true };
      const line = i + 2;
      const { input } = rowInput(row, mapping);
      // Strict: the form's rules refuse the row. Otherwise the person is kept and each wrong
      // field noted (left out, or a phone number kept as typed).
      const checked = options.strictFields ? (personProblem(input, today) ?? { input, notes: [] }) : keepingPerson(input, today);
      if (Array.isArray(checked)) {
        report.refused++;
        if (report.problems.length < 1000) report.problems.push({ line, column: column(checked[0]), reason: checked[1] });
        continue;
      }
      for (const n of checked.notes) {
        report.noted++;
        if (report.notes.length < 1000) report.notes.push({ line, column: column(n.field), ...n });
      }
      pending.push(checked.input);
    }
    onProgress({ done: staged.rows.length, total: staged.rows.length });
    if (report.refused > 0 && options.mode === "all_or_nothing") return report;
    for (const input of pending) this.storePerson(this.toPerson(this.nextId++, input, new Date().toISOString()));
    this.staged = null;
    return { ...report, imported: pending.length, committed: true };
  }

  async importCancel(): Promise<null> {
    this.calls.push("import_cancel");
    this.cancelRequested = true;
    return null;
  }

  async importDiscard(): Promise<null> {
    this.calls.push("import_discard");
    this.staged = null;
    return null;
  }

  async contactsExport(selection: ExportSelection, format: ExportFormat): Promise<ExportResult | null> {
    await this.step("contacts_export");
    const me = this.ready();
    if (!has(this.grantsFor(me), "contact", "export")) fail("access.denied", "export");
    this.exported.push({ selection, format });
    // Restricted people are never exported.
    const ids = selection.ids ?? this.people.map((p) => p.id);
    const count = ids.filter((id) => !isRestricted(this.consent, id)).length;
    return { count, fileName: `kluis-contacts.${format === "csv" ? "csv" : "vcf"}` };
  }

  private staffRecord(id: number): HrRecord {
    const r = this.staff.find((x) => x.employee.id === id);
    if (!r) fail("record.not_found", "no such employee");
    return r;
  }

  /**
   * Personnel files are sealed under the key to personnel files, absence reasons under the key
   * to special-category data: without it (not handed over yet) they do not open.
   */
  private needKey(me: FakeUser, category: KeyCategory): void {
    if (this.waitsFor(me, category)) fail("keys.category_unavailable", `the ${category} key has not been handed over yet`, { category });
  }

  async employeesList(query: EmployeeQuery): Promise<EmployeePage> {
    await this.step("employees_list");
    const me = this.require("hr", "view");
    if (this.staff.length > 0) this.needKey(me, "hr");
    return listPage(this.staff, query, this.today);
  }

  async employeeView(id: number): Promise<EmployeeFile> {
    await this.step("employee_view");
    const me = this.require("hr", "view");
    const record = this.staffRecord(id);
    this.needKey(me, "hr");
    const reasons = this.may("special", "view");
    if (reasons && record.absences.some((a) => a.reasonText !== null)) this.needKey(me, "special");
    return fileOf(record, reasons);
  }

  async employeeCreate(input: EmployeeInput): Promise<Employee> {
    await this.step("employee_create");
    this.needKey(this.require("hr", "create"), "hr");
    const problem = employeeProblem(input);
    if (problem) invalid(problem[0], problem[1]);
    const employee = toEmployee(this.nextId++, input, new Date().toISOString());
    this.staff.push({ employee, reviews: [], absences: [] });
    return { ...employee };
  }

  async employeeUpdate(id: number, input: EmployeeInput): Promise<Employee> {
    await this.step("employee_update");
    this.require("hr", "edit");
    const r = this.staffRecord(id);
    const problem = employeeProblem(input);
    if (problem) invalid(problem[0], problem[1]);
    r.employee = { ...toEmployee(id, input, r.employee.createdAt), updatedAt: new Date().toISOString() };
    return { ...r.employee };
  }

  async employeeDelete(id: number): Promise<null> {
    await this.step("employee_delete");
    this.require("hr", "delete");
    this.staffRecord(id);
    this.staff = this.staff.filter((x) => x.employee.id !== id);
    return null;
  }

  async employeeReviewAdd(id: number, input: ReviewInput): Promise<EmployeeFile> {
    await this.step("employee_review_add");
    const me = this.require("hr", "edit");
    const r = this.staffRecord(id);
    const problem = reviewProblem(input);
    if (problem) invalid(problem[0], problem[1]);
    r.reviews.unshift({ id: this.nextId++, reviewDate: input.reviewDate.trim(), reviewerName: me.displayName, rating: input.rating, summary: input.summary.trim() });
    return fileOf(r, this.may("special", "view"));
  }

  async employeeAbsenceAdd(id: number, input: AbsenceInput): Promise<EmployeeFile> {
    await this.step("employee_absence_add");
    this.require("hr", "edit");
    const reason = input.reason?.trim() || null;
    if (reason) this.require("special", "create");
    const r = this.staffRecord(id);
    const problem = absenceProblem(input);
    if (problem) invalid(problem[0], problem[1]);
    r.absences.unshift({ id: this.nextId++, kind: input.kind, startDate: input.startDate.trim(), endDate: input.endDate?.trim() || null, reasonText: reason });
    return fileOf(r, this.may("special", "view"));
  }

  /** Purposes of processing, archived ones included (they stay on record). */
  purposes: Purpose[] = [];
  /** Every register export, for tests. */
  registerExports: Array<{ format: RegisterFormat; lang: Lang }> = [];
  /** When true, the "save dialog" of registerExport is closed without choosing a file. */
  closeSaveDialog = false;

  /** A purpose as the core returns it: with the active retention rules that carry it out. */
  private shownPurpose(p: Purpose): Purpose {
    const rules = this.retention.rules.filter((r) => r.active && r.purposeId === p.id).map((r) => r.name);
    return { ...copyPurpose(p), retentionRules: rules };
  }

  private purpose(id: number): Purpose {
    const p = this.purposes.find((x) => x.id === id && !x.archived);
    if (!p) fail("record.not_found", "no such purpose");
    return p;
  }

  private storePurpose(input: PurposeInput, template: string | null): Purpose {
    const problem = purposeProblem(input, this.purposes.filter((p) => !p.archived), null);
    if (problem) invalid(problem[0], problem[1]);
    const now = new Date().toISOString();
    const p: Purpose = { id: this.nextId++, template, archived: false, createdAt: now, updatedAt: now, retentionRules: [], ...cleanPurpose(input) };
    this.purposes.push(p);
    return this.shownPurpose(p);
  }

  /** Records holding data per catalogue field, counted the way the core's SQL counts them. */
  private fieldRecords(): Record<string, number> {
    const people = this.people.map((row) => ({ row, person: this.details.get(row.id) }));
    const count = (test: (x: (typeof people)[number]) => unknown) => people.filter(test).length;
    const absences = this.staff.flatMap((r) => r.absences);
    return {
      "person.name": people.length,
      "person.email": count((x) => x.row.email || x.person?.emails.length),
      "person.phone": count((x) => x.row.phone || x.person?.phones.length),
      "person.address": count((x) => x.person?.addresses.length),
      "person.date_of_birth": count((x) => x.person?.dateOfBirth),
      "person.organisation": count((x) => x.row.organisationName),
      "person.job_title": count((x) => x.row.jobTitle),
      "person.preferred_language": count((x) => x.person?.preferredLanguage),
      "person.notes": count((x) => x.person?.notes),
      "person.tags": count((x) => x.person?.tags.length),
      timeline: [...this.timelines.values(), ...this.orgTimelines.values()].reduce((n, list) => n + list.length, 0),
      "organisation.kvk": this.organisations.filter((o) => o.kvk).length,
      "organisation.vat": this.organisations.filter((o) => o.vat).length,
      task: this.tasks.filter((t) => t.personId !== null).length,
      deal: this.deals.length,
      employee: this.staff.length,
      "employee.salary": this.staff.filter((r) => r.employee.salary).length,
      "employee.review": this.staff.reduce((n, r) => n + r.reviews.length, 0),
      "employee.absence": absences.length,
      "employee.absence_reason": absences.filter((a) => a.reasonText).length,
    };
  }

  async purposesList(archived: boolean): Promise<Purpose[]> {
    await this.step("purposes_list");
    this.require("privacy", "view");
    return this.purposes.filter((p) => archived || !p.archived).sort(byName).map((p) => this.shownPurpose(p));
  }

  async purposeTemplates(lang: Lang): Promise<PurposeTemplate[]> {
    await this.step("purpose_templates");
    this.require("privacy", "view");
    return templates(lang);
  }

  async purposeAdopt(key: string, lang: Lang): Promise<Purpose> {
    await this.step("purpose_adopt");
    this.require("privacy", "manage");
    const template = templates(lang).find((t) => t.key === key);
    if (!template) fail("record.not_found", "no such template");
    return this.storePurpose(template.input, key);
  }

  async purposeCreate(input: PurposeInput): Promise<Purpose> {
    await this.step("purpose_create");
    this.require("privacy", "manage");
    return this.storePurpose(input, null);
  }

  async purposeUpdate(id: number, input: PurposeInput): Promise<Purpose> {
    await this.step("purpose_update");
    this.require("privacy", "manage");
    const p = this.purpose(id);
    const problem = purposeProblem(input, this.purposes.filter((x) => !x.archived), id);
    if (problem) invalid(problem[0], problem[1]);
    Object.assign(p, cleanPurpose(input), { updatedAt: new Date().toISOString() });
    return this.shownPurpose(p);
  }

  async purposeArchive(id: number): Promise<null> {
    await this.step("purpose_archive");
    this.require("privacy", "manage");
    const p = this.purpose(id);
    p.archived = true;
    p.updatedAt = new Date().toISOString();
    return null;
  }

  async minimisationReport(): Promise<MinimisationReport> {
    await this.step("minimisation_report");
    this.require("privacy", "view");
    return minimisation(this.fieldRecords(), this.purposes, (category) => this.may(category, "view"), this.consentMinimisation());
  }

  /** The people half of the minimisation report: only for those who see customer data. */
  private consentMinimisation(): Pick<MinimisationReport, "archivedPurposes" | "withdrawnOnly"> {
    if (!this.may("contact", "view")) return { archivedPurposes: [], withdrawnOnly: null };
    const ids = this.people.map((p) => p.id);
    const other = (id: number) =>
      this.deals.some((d) => d.personId === id) || this.tasks.some((t) => t.personId === id) || (this.timelines.get(id)?.length ?? 0) > 0;
    return { archivedPurposes: archivedWithConsents(this.consent, this.purposes, ids), withdrawnOnly: withdrawnOnly(this.consent, ids, other) };
  }

  async registerRender(format: RegisterFormat, lang: Lang): Promise<string> {
    await this.step("register_render");
    this.require("privacy", "view");
    return renderRegister(format, lang, this.orgName, this.today, this.purposes);
  }

  async registerExport(format: RegisterFormat, lang: Lang): Promise<string | null> {
    await this.step("register_export");
    // As the core: rights first, so nobody is shown a save dialog for a document they may not have.
    this.require("privacy", "export");
    if (this.closeSaveDialog) return null;
    this.registerExports.push({ format, lang });
    return `verwerkingsregister.${format}`;
  }

  /** Every marketing list written, for tests. */
  marketingExports: Array<{ purposeId: number; included: number }> = [];

  private consentView(personId: number): ConsentOverview {
    return overview(this.consent, personId, this.purposes, { mayRecord: this.may("contact", "edit"), mayRestrict: this.may("privacy", "manage") });
  }

  private appendEvent(e: Omit<ConsentState["events"][number], "id" | "recordedAt" | "recordedByName">): void {
    this.consent.events.push({ ...e, id: this.nextId++, recordedAt: new Date().toISOString(), recordedByName: this.me().displayName });
    this.syncFlags(e.personId);
  }

  async consentOverview(personId: number): Promise<ConsentOverview> {
    await this.step("consent_overview");
    this.require("contact", "view");
    this.readable(personId);
    return this.consentView(personId);
  }

  async consentRecord(input: ConsentInput): Promise<ConsentOverview> {
    await this.step("consent_record");
    this.require("contact", "edit");
    this.readable(input.personId);
    const purpose = input.granted ? this.purpose(input.purposeId) : this.purposes.find((p) => p.id === input.purposeId);
    if (!purpose) fail("record.not_found", "no such purpose");
    if (purpose.lawfulBasis !== "consent") fail("consent.not_consent_basis", "purpose does not rest on consent");
    const channel = checkChannel(input.channel);
    const at = occurredAt(input.occurredAt, new Date());
    const evidence = cleanEvidence(input.evidence);
    let statementId: number | null = null;
    if (input.granted) {
      // Restricted data is not used for anything new; a withdrawal still counts at once.
      this.writable(input.personId);
      statementId = checkStatement(this.consent, purpose.id, input.statementId, input.shownLang);
    }
    this.appendEvent({ personId: input.personId, kind: input.granted ? "granted" : "withdrawn", purposeId: purpose.id, occurredAt: at, channel, statementId, evidence, corrects: null });
    return this.consentView(input.personId);
  }

  async consentObject(input: ObjectionInput): Promise<ConsentOverview> {
    await this.step("consent_object");
    this.require("contact", "edit");
    this.readable(input.personId);
    const channel = checkChannel(input.channel);
    const at = occurredAt(input.occurredAt, new Date());
    const evidence = cleanEvidence(input.evidence);
    if (isObjecting(this.consent, input.personId) === input.objects) invalid("objects", "in_use");
    this.appendEvent({ personId: input.personId, kind: input.objects ? "objected" : "objection_lifted", purposeId: null, occurredAt: at, channel, statementId: null, evidence, corrects: null });
    return this.consentView(input.personId);
  }

  async consentVoid(input: VoidInput): Promise<ConsentOverview> {
    await this.step("consent_void");
    this.require("contact", "edit");
    this.readable(input.personId);
    const reason = checkVoid(this.consent, input.personId, input.eventId, input.reason);
    const target = this.consent.events.find((e) => e.id === input.eventId)!;
    const now = new Date().toISOString();
    this.appendEvent({ personId: input.personId, kind: "voided", purposeId: target.purposeId, occurredAt: now, channel: "correction", statementId: null, evidence: reason, corrects: target.id });
    return this.consentView(input.personId);
  }

  async consentStatements(purposeId: number | null): Promise<ConsentStatement[]> {
    await this.step("consent_statements");
    // Statements hold no personal data: staff read them, the privacy side writes them.
    if (!this.may("privacy", "view")) this.require("contact", "view");
    return statementsOf(this.consent, purposeId);
  }

  async consentStatementPublish(input: StatementInput): Promise<ConsentStatement> {
    await this.step("consent_statement_publish");
    const me = this.require("privacy", "manage");
    const purpose = this.purpose(input.purposeId);
    return publishStatement(this.consent, purpose, input.lang, input.body, this.nextId++, me.displayName, new Date().toISOString());
  }

  async restrictionAdd(input: RestrictionInput): Promise<ConsentOverview> {
    await this.step("restriction_add");
    const me = this.require("privacy", "manage");
    this.require("contact", "view");
    if (!this.people.some((p) => p.id === input.personId)) fail("record.not_found", "no such record");
    if (isRestricted(this.consent, input.personId)) invalid("personId", "in_use");
    const note = input.note?.trim() || null;
    if (note && note.length > 2000) invalid("note", "too_long");
    this.consent.restrictions.push({
      id: this.nextId++, personId: input.personId, ground: input.ground, note, restrictedAt: new Date().toISOString(),
      restrictedByName: me.displayName, liftedAt: null, liftedByName: null, liftReason: null,
    });
    this.syncFlags(input.personId);
    return this.consentView(input.personId);
  }

  async restrictionLift(personId: number, reason: string): Promise<ConsentOverview> {
    await this.step("restriction_lift");
    const me = this.require("privacy", "manage");
    this.require("contact", "view");
    const why = reason.trim();
    if (!why) invalid("reason", "required");
    if (why.length > 2000) invalid("reason", "too_long");
    const open = openRestriction(this.consent, personId);
    if (!open) {
      if (!this.people.some((p) => p.id === personId)) fail("record.not_found", "no such record");
      invalid("personId", "out_of_range");
    }
    Object.assign(open, { liftedAt: new Date().toISOString(), liftedByName: me.displayName, liftReason: why });
    this.syncFlags(personId);
    return this.consentView(personId);
  }

  async marketingPurposes(): Promise<MarketingPurpose[]> {
    await this.step("marketing_purposes");
    this.require("contact", "export");
    return this.purposes.filter((p) => !p.archived && p.marketing).sort(byName).map((p) => ({ id: p.id, name: p.name, lawfulBasis: p.lawfulBasis }));
  }

  private marketingPurpose(id: number): Purpose {
    const p = this.purpose(id);
    if (!p.marketing) invalid("purpose", "out_of_range");
    return p;
  }

  private marketingPeople(): Array<{ id: number; email: string | null }> {
    return this.people.map((r) => ({ id: r.id, email: r.email ?? this.details.get(r.id)?.emails[0]?.value ?? null }));
  }

  async marketingPreview(purposeId: number): Promise<MarketingReport> {
    await this.step("marketing_preview");
    this.require("contact", "export");
    const p = this.marketingPurpose(purposeId);
    return marketingReport(p, marketingSelect(this.consent, p, this.marketingPeople()), null);
  }

  async marketingExport(purposeId: number): Promise<MarketingReport | null> {
    await this.step("marketing_export");
    this.require("contact", "export");
    const p = this.marketingPurpose(purposeId);
    if (this.closeSaveDialog) return null;
    const report = marketingReport(p, marketingSelect(this.consent, p, this.marketingPeople()), "marketing-list.csv");
    this.marketingExports.push({ purposeId, included: report.included });
    return report;
  }

  async privacyDashboard(): Promise<PrivacyDashboard> {
    await this.step("privacy_dashboard");
    this.require("privacy", "view");
    const ids = this.people.map((p) => p.id);
    const current = this.purposes.filter((p) => !p.archived).sort(byName);
    const coverage = current.map((p) => {
      const counts = consentCounts(this.consent, p.id, ids);
      return {
        purposeId: p.id, name: p.name, lawfulBasis: p.lawfulBasis, marketing: p.marketing, ...counts,
        hasStatement: p.lawfulBasis !== "consent" || this.consent.statements.some((s) => s.purposeId === p.id),
      };
    });
    const report = minimisation(this.fieldRecords(), this.purposes, (category) => this.may(category, "view"));
    const queue = queueOf(this.subjectRequests, false, this.today, this.subject);
    const breaches = breachList(this.breaches, this.now());
    const open = this.consent.restrictions
      .filter((r) => r.liftedAt === null && ids.includes(r.personId))
      .sort((a, b) => (a.restrictedAt < b.restrictedAt ? 1 : a.restrictedAt > b.restrictedAt ? -1 : b.id - a.id));
    return {
      people: ids.length,
      coverage,
      restricted: open.length,
      objecting: ids.filter((id) => derive(this.consent, id).objectionSince !== null).length,
      fieldsWithoutPurpose: report.fields.filter((f) => f.records > 0 && f.purposes.length === 0).map((f) => f.field),
      restrictedPeople: this.may("contact", "view")
        ? open.slice(0, 100).map((r) => ({ personId: r.personId, displayName: this.people.find((p) => p.id === r.personId)!.displayName, ground: r.ground, since: r.restrictedAt }))
        : [],
      requestsOpen: queue.open,
      requestsOverdue: queue.overdue,
      breachesPending: breaches.filter((b) => b.notification === "pending").length,
      breachesLate: breaches.filter((b) => b.notification === "late").length,
    };
  }

  /** Data subject requests (Art. 12, 15-22), judged against `today`. */
  subjectRequests: StoredRequest[] = [];

  /** The subject as the caller may see them: the name is customer data (contact.view). */
  private readonly subject: SubjectLookup = (personId) => {
    const row = this.people.find((p) => p.id === personId);
    return { exists: !!row, name: row && this.may("contact", "view") ? row.displayName : null };
  };

  private subjectRequest(id: number): StoredRequest {
    const r = this.subjectRequests.find((x) => x.id === id);
    if (!r) fail("record.not_found", "no such request");
    return r;
  }

  private shownRequest(r: StoredRequest): SubjectRequest {
    return shown(r, this.today, this.subject);
  }

  async requestsQueue(withClosed: boolean): Promise<RequestQueue> {
    await this.step("requests_queue");
    this.require("privacy", "view");
    return queueOf(this.subjectRequests, withClosed, this.today, this.subject);
  }

  async requestsOfPerson(personId: number): Promise<SubjectRequest[]> {
    await this.step("requests_of_person");
    this.require("privacy", "view");
    return ofPerson(this.subjectRequests, personId, this.today, this.subject);
  }

  async requestFile(input: RequestInput): Promise<SubjectRequest> {
    await this.step("request_file");
    this.require("privacy", "create");
    const checked = checkFile(input, this.today, this.people.some((p) => p.id === input.personId));
    const r: StoredRequest = {
      id: this.nextId++, kind: input.kind, personId: input.personId, subjectRef: input.personId, verification: input.verification,
      ...checked, extendedUntil: null, extensionReason: null, status: "received", handlerName: null, outcome: null, files: [],
      closedAt: null, createdAt: new Date().toISOString(),
    };
    this.subjectRequests.push(r);
    return this.shownRequest(r);
  }

  async requestStart(id: number): Promise<SubjectRequest> {
    await this.step("request_start");
    const me = this.require("privacy", "edit");
    const r = this.subjectRequest(id);
    checkStart(r);
    Object.assign(r, { status: "in_progress", handlerName: me.displayName });
    return this.shownRequest(r);
  }

  async requestExtend(input: ExtendInput): Promise<SubjectRequest> {
    await this.step("request_extend");
    this.require("privacy", "edit");
    const r = this.subjectRequest(input.id);
    const { until, reason } = checkExtend(r, input, this.today);
    Object.assign(r, { extendedUntil: until, extensionReason: reason });
    return this.shownRequest(r);
  }

  async requestClose(input: CloseInput): Promise<SubjectRequest> {
    await this.step("request_close");
    const me = this.require("privacy", "edit");
    const r = this.subjectRequest(input.id);
    const outcome = checkClose(r, input);
    Object.assign(r, { status: input.status, outcome, closedAt: new Date().toISOString(), handlerName: r.handlerName ?? me.displayName });
    return this.shownRequest(r);
  }

  /**
   * Demo requests for Privacy > Requests (the browser preview; tests may call it too): people if
   * there are none, then one overdue, one due within the week, one just in, one extended, and a
   * completed and a refused one. Seeding twice adds nothing.
   */
  async seedRequestsDemo(): Promise<void> {
    if (this.subjectRequests.length > 0) return;
    if (this.people.length === 0) {
      const who = this.sessionUserId;
      this.sessionUserId = 1;
      try {
        await this.demoFill(12);
      } finally {
        this.sessionUserId = who;
      }
    }
    const [a, b, c, d, e, f] = [...this.people].sort((x, y) => x.id - y.id);
    const handler = this.users.find((u) => u.id === 4)?.displayName ?? null;
    const at = (day: string) => `${day}T10:00:00.000Z`;
    const add = (
      person: PersonRow | undefined,
      received: number,
      fields: Partial<StoredRequest> & Pick<StoredRequest, "kind" | "verification">,
    ) => {
      if (!person) return;
      const receivedOn = addDays(this.today, -received);
      this.subjectRequests.push({
        id: this.nextId++, personId: person.id, subjectRef: person.id, verificationNote: null, receivedOn, dueOn: dueDate(receivedOn),
        extendedUntil: null, extensionReason: null, status: "received", handlerName: null, outcome: null, files: [], closedAt: null,
        createdAt: at(receivedOn), ...fields,
      });
    };
    // A month and five days ago, still being worked on: overdue.
    add(a, 35, { kind: "access", verification: "known_email", status: "in_progress", handlerName: handler });
    // Twenty-six days ago, not yet taken on: due within the week.
    add(b, 26, { kind: "erasure", verification: "signed_letter" });
    add(c, 3, { kind: "rectification", verification: "other", verificationNote: "Teruggebeld op het bekende nummer; geboortedatum klopte." });
    // Extended in time (within the first month) by a month, for the volume of records involved.
    const extendedReceived = addDays(this.today, -45);
    add(d, 45, {
      kind: "restriction", verification: "in_person_id", status: "in_progress", handlerName: handler,
      extendedUntil: addMonths(dueDate(extendedReceived), 1),
      extensionReason: "Het betwiste adres staat op tien jaar facturen; betrokkene is op dag 20 ingelicht.",
    });
    add(e, 60, {
      kind: "portability", verification: "video_call", status: "completed", handlerName: handler,
      outcome: "Contactgegevens en tijdlijn als CSV via een beveiligde link verstuurd. Niets achtergehouden.",
      files: ["overdracht-gegevens.csv"], closedAt: at(addDays(this.today, -40)),
    });
    add(f, 70, {
      kind: "erasure", verification: "known_email", status: "refused", handlerName: handler,
      outcome: "Facturen moeten zeven jaar bewaard blijven (fiscale bewaarplicht), dus het dossier blijft. Betrokkene is uitgelegd waarom, en op de klachtmogelijkheid bij de Autoriteit Persoonsgegevens gewezen.",
      closedAt: at(addDays(this.today, -50)),
    });
  }

  /**
   * Demo data for the consent screens (the browser preview; tests may call it too): people if
   * there are none, purposes (newsletter on consent, customer service on contract), statements
   * in both languages, a few answers, one objection and one restricted person.
   */
  async seedConsentDemo(): Promise<void> {
    const who = this.sessionUserId;
    this.sessionUserId = 4; // as the privacy officer (who may also edit contacts)
    try {
      if (this.people.length === 0) {
        this.sessionUserId = 1;
        await this.demoFill(12);
        this.sessionUserId = 4;
      }
      const adopt = async (key: string) =>
        this.purposes.find((p) => p.template === key && !p.archived) ?? (await this.purposeAdopt(key, "en"));
      const newsletter = await adopt("newsletter");
      await adopt("customer_service");
      if (newsletter.lawfulBasis !== "consent") return;
      const nl = this.consent.statements.some((s) => s.purposeId === newsletter.id)
        ? null
        : await this.consentStatementPublish({ purposeId: newsletter.id, lang: "nl", body: "Ja, ik wil de nieuwsbrief van Van Dijk Installatietechniek ontvangen, ongeveer eens per maand. Afmelden kan altijd." });
      if (!nl) return;
      await this.consentStatementPublish({ purposeId: newsletter.id, lang: "en", body: "Yes, I would like to receive the Van Dijk Installatietechniek newsletter, about once a month. You can unsubscribe at any time." });
      const v2 = await this.consentStatementPublish({ purposeId: newsletter.id, lang: "nl", body: "Ja, ik wil de nieuwsbrief van Van Dijk Installatietechniek per e-mail ontvangen, ongeveer eens per maand. Afmelden kan altijd, via de link in elke nieuwsbrief." });
      const [a, b, c, d] = [...this.people].sort((x, y) => x.id - y.id);
      const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
      const base = { purposeId: newsletter.id, shownLang: "nl" as const, statementId: nl.id };
      if (a) {
        await this.consentRecord({ ...base, personId: a.id, granted: true, channel: "web_form", occurredAt: day(120), evidence: "Webformulier inzending 2291" });
        await this.consentRecord({ ...base, personId: a.id, granted: true, channel: "phone", occurredAt: day(30), statementId: v2.id, evidence: "Telefoonnotitie 14-10" });
      }
      if (b) {
        await this.consentRecord({ ...base, personId: b.id, granted: true, channel: "paper", occurredAt: day(200), evidence: "Getekend formulier, map 4" });
        await this.consentRecord({ ...base, personId: b.id, granted: false, channel: "email", occurredAt: day(10), statementId: null, shownLang: null, evidence: "E-mail van 17-11" });
      }
      if (c) {
        await this.consentRecord({ ...base, personId: c.id, granted: true, channel: "in_person", occurredAt: day(60), evidence: "Beurs Utrecht" });
        await this.consentObject({ personId: c.id, objects: true, channel: "phone", occurredAt: day(5), evidence: "Belde zelf" });
      }
      if (d) await this.restrictionAdd({ personId: d.id, ground: "accuracy_contested", note: "Betwist het adres; controle loopt." });
    } finally {
      this.sessionUserId = who;
    }
  }

  /**
   * The fake's clock for breaches, exports and erasures: real time until a test sets or moves
   * it, then standing still there (the requests' calendar day is `today`).
   */
  clockMs: number | null = null;

  now(): Date {
    return new Date(this.clockMs ?? Date.now());
  }

  setClock(at: Date | string | number): void {
    this.clockMs = new Date(at).getTime();
  }

  /** Moves the clock on by some hours (back when negative). */
  advanceClock(hours: number): void {
    this.clockMs = this.now().getTime() + hours * 3_600_000;
  }

  /** Every subject export written, for tests. */
  subjectExports: Array<{ personId: number; requestId: number | null; name: string; sealed: boolean }> = [];

  async subjectExport(personId: number, requestId: number | null, passphrase: string | null): Promise<SubjectExportResult | null> {
    await this.step("subject_export");
    // As the core: everything is checked before the save dialog opens.
    this.require("privacy", "export");
    this.require("contact", "view");
    if (!this.people.some((p) => p.id === personId)) fail("record.not_found", "no such record");
    const request = requestId === null ? null : this.subjectRequest(requestId);
    if (request) checkAnswers(request, personId, ["access", "portability"]);
    // Restricted data is not used, but the subject's own access request is answered.
    else if (isRestricted(this.consent, personId)) fail("record.restricted", "processing restricted");
    if (passphrase !== null) {
      if ([...passphrase].length > 1024) invalid("passphrase", "too_long");
      if (!fakeStrength(passphrase, []).acceptable) invalid("passphrase", "weak_password");
    }
    if (this.closeSaveDialog) return null;
    const sealed = passphrase !== null;
    const base = exportName(personId, this.now());
    const name = sealed ? `${base}.kluis` : base;
    const files = [...SUBJECT_FILES];
    // A sealed file is one file for the request; a folder lists each file inside it.
    if (request) request.files.push(...(sealed ? [name] : files.map((f) => `${name}/${f}`)));
    this.subjectExports.push({ personId, requestId, name, sealed });
    return { name, files, sealed };
  }

  /** The erasure ledger: subject ids and times only, for tests. */
  erasures: Array<{ subjectRef: number; erasedAt: string; requestId: number | null; mode: "delete" | "anonymise" }> = [];
  /** People counted in the anonymous statistic before their erasure (mode anonymise). */
  anonymisedCount = 0;

  async subjectErase(input: ErasureInput): Promise<ErasureReport> {
    await this.step("subject_erase");
    const me = this.require("contact", "erase");
    const p = input.personId;
    this.readable(p);
    // A restriction for legal claims (Art. 18(1)(c)) holds the data.
    if (this.consent.restrictions.some((r) => r.personId === p && r.liftedAt === null && r.ground === "legal_claims")) {
      fail("erasure.legal_hold", "legal hold");
    }
    const request = input.requestId === null ? null : this.subjectRequest(input.requestId);
    if (request) checkAnswers(request, p, ["erasure"]);
    const now = this.now().toISOString();
    const counts = this.erasePerson(p, input.lang, input.mode ?? "delete", input.requestId);
    const outcome = erasureOutcome(input.lang, counts);
    if (request) Object.assign(request, { status: "completed", outcome, closedAt: now, handlerName: request.handlerName ?? me.displayName });
    return { subjectRef: p, ...counts, outcome, requestClosed: request !== null, walEmptied: true };
  }

  /**
   * The erasure itself, without the rights check (the core's erase_in_tx): a subject's erasure
   * and the retention engine both go through it. Anonymise counts the person in an anonymous
   * statistic first; either way nothing of the person stays.
   */
  protected erasePerson(p: number, lang: Lang, mode: "delete" | "anonymise", requestId: number | null) {
    const now = this.now().toISOString();
    const counts = {
      timelineEntries: this.timelines.get(p)?.length ?? 0,
      tasks: this.tasks.filter((t) => t.personId === p).length,
      consentEventsCleared: this.consent.events.filter((e) => e.personId === p && e.evidence !== null).length,
      dealsKept: this.deals.filter((d) => d.personId === p).length,
    };
    // The ledger keeps its events (the chain still verifies) without the evidence.
    for (const e of this.consent.events) if (e.personId === p) e.evidence = null;
    // Deals stay for the fiscal retention, detached from the person and without free text.
    const title = anonymisedTitle(lang);
    for (const d of this.deals) {
      if (d.personId === p) Object.assign(d, { personId: null, personName: null, organisationName: null, title, lostReason: null });
    }
    // Requests stay as the record of what was done: without the identity check's notes, detached.
    for (const r of this.subjectRequests) {
      if (r.personId === p) Object.assign(r, { verificationNote: null, personId: null });
    }
    // The person and everything hanging from them.
    this.people = this.people.filter((r) => r.id !== p);
    this.details.delete(p);
    this.timelines.delete(p);
    this.tasks = this.tasks.filter((t) => t.personId !== p);
    this.consent.restrictions = this.consent.restrictions.filter((r) => r.personId !== p);
    this.personActivity.delete(p);
    if (mode === "anonymise") this.anonymisedCount++;
    this.erasures.push({ subjectRef: p, erasedAt: now, requestId, mode });
    return counts;
  }

  /** The register of personal data breaches (Art. 33, 34). */
  breaches: StoredBreach[] = [];
  /** Every breach register export (how many breaches it held), for tests. */
  breachExports: number[] = [];

  private breach(id: number): StoredBreach {
    const b = this.breaches.find((x) => x.id === id);
    if (!b) fail("record.not_found", "no such breach");
    return b;
  }

  async breachesList(): Promise<Breach[]> {
    await this.step("breaches_list");
    this.require("privacy", "view");
    return breachList(this.breaches, this.now());
  }

  async breachCreate(input: BreachInput): Promise<Breach> {
    await this.step("breach_create");
    this.require("privacy", "create");
    const now = this.now();
    const stamp = now.toISOString();
    const b: StoredBreach = { ...cleanBreach(input, now), id: this.nextId++, createdAt: stamp, updatedAt: stamp };
    this.breaches.push(b);
    return shownBreach(b, now);
  }

  async breachUpdate(id: number, input: BreachInput): Promise<Breach> {
    await this.step("breach_update");
    this.require("privacy", "edit");
    const b = this.breach(id);
    const now = this.now();
    Object.assign(b, cleanBreach(input, now), { updatedAt: now.toISOString() });
    return shownBreach(b, now);
  }

  async breachExport(): Promise<string | null> {
    await this.step("breach_export");
    // Rights first, so nobody is shown a save dialog for a document they may not have.
    this.require("privacy", "export");
    if (this.closeSaveDialog) return null;
    this.breachExports.push(this.breaches.length);
    return "datalekken.csv";
  }

  /**
   * Demo breaches for Privacy > Breaches (the browser preview's privacy officer; tests may call
   * it too): one discovered 30 hours ago and not yet notified, one from two weeks ago that needed
   * no notification because the data was encrypted. Seeding twice adds nothing.
   */
  async seedBreachesDemo(): Promise<void> {
    if (this.breaches.length > 0) return;
    const now = this.now().getTime();
    const ago = (hours: number) => new Date(now - hours * 3_600_000).toISOString();
    const none = { authorityNotifiedAt: null, authorityReference: null, authorityNotRequired: null, subjectsInformedAt: null, subjectsNotInformed: null };
    this.breaches.push({
      ...none,
      id: this.nextId++,
      title: "Laptop van een monteur gestolen",
      discoveredAt: ago(16 * 24 + 5),
      nature: "Laptop met de planning en klantadressen van deze week uit een bedrijfsbus gestolen, bij een klant in Utrecht.",
      categories: ["contact"],
      subjectsApprox: 35,
      recordsApprox: 35,
      consequences: "Geen waarschijnlijk risico: de schijf is volledig versleuteld en de laptop was vergrendeld.",
      measures: "Laptop op afstand gewist, wachtwoord van de monteur vervangen, aangifte gedaan.",
      authorityNotRequired: "De schijf was volledig versleuteld (BitLocker) en de sleutel is niet buitgemaakt: geen waarschijnlijk risico voor de betrokkenen.",
      subjectsNotInformed: "Art. 34 lid 3 sub a: de gegevens waren versleuteld en voor de dief onleesbaar.",
      createdAt: ago(16 * 24 + 3),
      updatedAt: ago(16 * 24 - 20),
    });
    this.breaches.push({
      ...none,
      id: this.nextId++,
      title: "Klantenlijst naar verkeerde leverancier gemaild",
      discoveredAt: ago(30),
      nature: "Een export met namen, e-mailadressen en telefoonnummers van klanten is per ongeluk als bijlage naar een leverancier gestuurd.",
      categories: ["contact", "sales"],
      subjectsApprox: 140,
      recordsApprox: 140,
      consequences: "Kans op phishing en ongewenste benadering van klanten.",
      measures: "De leverancier gevraagd de e-mail te verwijderen; bevestiging gevraagd. Exports voortaan alleen via de beveiligde map.",
      createdAt: ago(29),
      updatedAt: ago(29),
    });
  }

  /** When each person last changed (their clock for the retention rules), stamped by the fake's clock. */
  personActivity = new Map<number, string>();
  /** When each closed deal was won or lost; open deals have none. */
  dealClosedAt = new Map<number, string>();
  /** Retention rules, paused ones included, and every run (Art. 5(1)(e)). */
  retention: { rules: RetentionRule[]; runs: RetentionRun[] } = { rules: [], runs: [] };

  /** Won and lost close a deal now; an open stage opens it again (the core's move_to). */
  private closeDeal(id: number, stageId: number): void {
    const kind = this.stageList.find((x) => x.id === stageId)?.kind ?? "open";
    if (kind === "open") this.dealClosedAt.delete(id);
    else this.dealClosedAt.set(id, this.now().toISOString());
  }

  /** A person's last activity: their own change, or the latest timeline entry. */
  private lastActivity(personId: number): string {
    const stamps = [this.personActivity.get(personId) ?? "", ...(this.timelines.get(personId) ?? []).map((e) => e.occurredAt)];
    return stamps.reduce((a, b) => (b > a ? b : a), "");
  }

  /** People with a reason to keep them: restricted, an open request, or a consent given. */
  private keptPerson(personId: number): boolean {
    if (isRestricted(this.consent, personId)) return true;
    if (this.subjectRequests.some((r) => r.personId === personId && (r.status === "received" || r.status === "in_progress"))) return true;
    return [...derive(this.consent, personId).perPurpose.values()].some((a) => a.granted);
  }

  /** The core's store::retention::candidates: who or what a rule kind applies to, clock started before `before`. */
  private readonly retentionCandidates = (kind: RuleKind, before: string): Candidate[] => {
    const byId = (a: Candidate, b: Candidate) => a.id - b.id;
    const closed = (d: DealCard) => this.dealClosedAt.get(d.id);
    if (kind === "closed_deals") {
      const done = new Set([anonymisedTitle("nl"), anonymisedTitle("en")]);
      return this.deals
        .filter((d) => closed(d) !== undefined && closed(d)! < before && !(d.personId === null && done.has(d.title)))
        .map((d) => ({ id: d.id, since: closed(d)! }))
        .sort(byId);
    }
    if (kind === "former_employees") {
      return this.staff
        .filter((r) => r.employee.endDate !== null && r.employee.endDate < before)
        .map((r) => ({ id: r.employee.id, since: r.employee.endDate! }))
        .sort(byId);
    }
    const out: Candidate[] = [];
    for (const p of this.people) {
      if (this.keptPerson(p.id)) continue;
      const deals = this.deals.filter((d) => d.personId === p.id);
      let since = this.lastActivity(p.id);
      if (kind === "inactive_prospects") {
        if (deals.length > 0) continue;
      } else {
        if (deals.length === 0 || deals.some((d) => closed(d) === undefined)) continue;
        for (const d of deals) if (closed(d)! > since) since = closed(d)!;
      }
      if (since < before) out.push({ id: p.id, since });
    }
    return out.sort(byId);
  };

  /** The name of a planned item, for a viewer who may see that category (the core's label_items). */
  private retentionLabel(item: PlannedItem): string | null {
    if (item.target === "person") return this.may("contact", "view") ? (this.people.find((p) => p.id === item.targetId)?.displayName ?? null) : null;
    if (item.target === "deal") return this.may("contact", "view") ? (this.deals.find((d) => d.id === item.targetId)?.title ?? null) : null;
    if (item.target === "employee") return this.may("hr", "view") ? (this.staff.find((r) => r.employee.id === item.targetId)?.employee.displayName ?? null) : null;
    return null;
  }

  private retentionRule(id: number): RetentionRule {
    const r = this.retention.rules.find((x) => x.id === id);
    if (!r) fail("record.not_found", "no such rule");
    return r;
  }

  async retentionTemplates(lang: Lang): Promise<RetentionTemplate[]> {
    await this.step("retention_templates");
    this.require("privacy", "view");
    return retentionTemplates(lang);
  }

  async retentionRules(): Promise<RetentionRule[]> {
    await this.step("retention_rules");
    this.require("privacy", "view");
    return [...this.retention.rules].sort((a, b) => a.id - b.id).map(copyRule);
  }

  async retentionAdopt(key: string, lang: Lang): Promise<RetentionRule> {
    const template = (await this.retentionTemplates(lang)).find((t) => t.key === key);
    if (!template) fail("record.not_found", "not found");
    return this.retentionAdd(template.input, key);
  }

  async retentionAdd(input: RuleInput, template: string | null): Promise<RetentionRule> {
    await this.step("retention_add");
    this.require("privacy", "manage");
    const name = checkRule(input);
    const purpose = this.rulePurpose(input);
    const r: RetentionRule = {
      id: this.nextId++,
      template,
      active: true,
      name,
      kind: input.kind,
      months: input.months,
      action: input.action,
      purposeId: purpose?.id ?? null,
      purposeName: purpose?.name ?? null,
    };
    this.retention.rules.push(r);
    return copyRule(r);
  }

  /** The purpose a rule carries out: it must be in the register and not archived. */
  private rulePurpose(input: RuleInput): Purpose | null {
    if (input.purposeId == null) return null;
    const p = this.purposes.find((x) => x.id === input.purposeId && !x.archived);
    if (!p) invalid("purposeId", "invalid_format");
    return p;
  }

  async retentionUpdate(id: number, input: RuleInput): Promise<RetentionRule> {
    await this.step("retention_update");
    this.require("privacy", "manage");
    const r = this.retentionRule(id);
    // The kind cannot change: a rule about something else is another rule.
    if (r.kind !== input.kind) invalid("kind", "invalid_format");
    const name = checkRule(input);
    const purpose = this.rulePurpose(input);
    Object.assign(r, { name, months: input.months, action: input.action, purposeId: purpose?.id ?? null, purposeName: purpose?.name ?? null });
    return copyRule(r);
  }

  async retentionSetActive(id: number, active: boolean): Promise<null> {
    await this.step("retention_set_active");
    this.require("privacy", "manage");
    this.retentionRule(id).active = active;
    return null;
  }

  async retentionPreview(): Promise<RetentionPreview> {
    await this.step("retention_preview");
    this.require("privacy", "view");
    return previewOf(this.retention.rules, this.retentionCandidates, this.now(), (item) => this.retentionLabel(item));
  }

  async retentionHistory(): Promise<RetentionRun[]> {
    await this.step("retention_history");
    this.require("privacy", "view");
    return historyOf(this.retention.runs);
  }

  async retentionRun(dryRun: boolean, onProgress: (p: JobProgress) => void = noProgress): Promise<RetentionRun> {
    return this.jobs.run(onProgress, async (job) => {
      await this.step("retention_run");
      this.require("privacy", "manage");
      // As the core: the records in steps, then (not cancelled) applied and recorded at once.
      await job.phase("retention", planned(this.retention.rules, this.retentionCandidates, this.now()).length);
      job.checkpoint();
      return this.applyRetention("manual", dryRun);
    });
  }

  /**
   * The engine's own run at unlock or daily (as the system, whoever is signed in): none when no
   * rule is active or a real run already happened today. A failure is dropped, as in the app:
   * retention must never keep anyone from working.
   */
  runRetentionIfDue(trigger: "unlock" | "daily"): RetentionRun | null {
    if (!this.retention.rules.some((r) => r.active)) return null;
    const today = dayOf(this.now());
    if (this.retention.runs.some((r) => !r.dryRun && r.ranAt.startsWith(today))) return null;
    try {
      return this.applyRetention(trigger, false);
    } catch {
      return null;
    }
  }

  override async signIn(username: string, password: string): Promise<SessionInfo> {
    const session = await super.signIn(username, password);
    this.auditAppend("signed_in");
    this.handOverAtSignIn(this.me());
    this.runRetentionIfDue("unlock");
    this.runAutomaticBackup("daily");
    return session;
  }

  /** The first ping of a new day lets the engine (and the daily backup) run while the app is open. */
  override async sessionTouch(): Promise<null> {
    await super.sessionTouch();
    this.runRetentionIfDue("daily");
    this.runAutomaticBackup("daily");
    return null;
  }

  /**
   * The automatic backup at sign-out (when a folder is chosen), watched and skippable as in the
   * app; a failure or a skip keeps nobody signed in.
   */
  override async signOut(onProgress: (p: JobProgress) => void = noProgress): Promise<null> {
    if (this.sessionUserId !== null && this.backupFolder !== null) {
      try {
        await this.jobs.run(onProgress, async (job) => {
          await job.phase("snapshot", 0);
          await job.phase("seal", this.backupBytes());
          // Skipped before this, no file is left behind.
          job.checkpoint();
          this.runAutomaticBackup("sign_out");
        });
      } catch {
        // Skipped or failed: it shows in Settings > Health as the last backup's age.
      }
    }
    return super.signOut();
  }

  /**
   * Demo retention rules for Privacy > Retention (the browser preview's &seed=retention; tests may
   * call it too): people if there are none, and a story that holds together: the inactive
   * prospects and personnel files rules ran at sign-in this morning with nothing due (so the
   * engine does not run again today), two prospects reach their 24 months within the month, and
   * the former customers rule, adopted after that run, has one former customer due now.
   * Seeding twice adds nothing.
   */
  async seedRetentionDemo(lang: Lang = "nl"): Promise<void> {
    if (this.retention.rules.length > 0) return;
    const who = this.sessionUserId;
    try {
      if (this.people.length < 16) {
        this.sessionUserId = 1;
        await this.demoFill(16);
      }
      const now = this.now().getTime();
      const DAY = 86_400_000;
      const ago = (days: number) => new Date(now - days * DAY).toISOString();
      const prospects = this.people.filter((p) => !this.deals.some((d) => d.personId === p.id));
      [718, 705].forEach((days, i) => {
        const p = prospects[i];
        if (p) this.personActivity.set(p.id, ago(days));
      });
      const closed = this.deals.find((d) => d.personId !== null && this.dealClosedAt.has(d.id));
      if (closed?.personId) {
        this.dealClosedAt.set(closed.id, ago(800));
        this.personActivity.set(closed.personId, ago(800));
      }
      this.sessionUserId = 4;
      const templates = retentionTemplates(lang);
      const adopt = (key: string) => this.retentionAdd(templates.find((x) => x.key === key)!.input, key);
      await adopt("inactive_prospects");
      await adopt("personnel_files");
      const counts = () => this.retention.rules.map((r) => ({ ruleId: r.id, name: r.name, count: 0 }));
      const morning = Math.max(now - 0.1 * DAY, Date.parse(`${dayOf(this.now())}T00:00:00.000Z`));
      this.retention.runs.push({ id: this.nextId++, ranAt: ago(1), trigger: "daily", dryRun: false, counts: counts(), error: null });
      this.retention.runs.push({ id: this.nextId++, ranAt: new Date(morning).toISOString(), trigger: "unlock", dryRun: false, counts: counts(), error: null });
      await adopt("former_customers");
    } finally {
      this.sessionUserId = who;
    }
  }

  /** Applies what is due now (or only counts it) and records the run with counts per rule. */
  private applyRetention(trigger: string, dryRun: boolean): RetentionRun {
    const now = this.now();
    const due = planned(this.retention.rules, this.retentionCandidates, now);
    const active = this.retention.rules.filter((r) => r.active).sort((a, b) => a.id - b.id);
    if (!dryRun) {
      // As the core's single transaction: a person due under two rules is erased by the first,
      // and the second then fails on a record that is gone, so the whole run changes nothing.
      const people = due.filter((i) => i.target === "person").map((i) => i.targetId);
      if (new Set(people).size !== people.length) fail("record.not_found", "person due under two rules");
      for (const r of active) {
        for (const i of due.filter((x) => x.ruleId === r.id)) {
          if (r.kind === "inactive_prospects" || r.kind === "former_customers") {
            this.erasePerson(i.targetId, "nl", r.action, null);
          } else if (r.kind === "closed_deals" && r.action === "delete") {
            this.deals = this.deals.filter((d) => d.id !== i.targetId);
            this.rawAmounts.delete(i.targetId);
            this.dealClosedAt.delete(i.targetId);
          } else if (r.kind === "closed_deals") {
            const d = this.deals.find((x) => x.id === i.targetId);
            if (d) Object.assign(d, { personId: null, personName: null, organisationName: null, title: anonymisedTitle("nl"), lostReason: null });
          } else {
            this.staff = this.staff.filter((x) => x.employee.id !== i.targetId);
          }
        }
      }
    }
    const run: RetentionRun = {
      id: this.nextId++,
      ranAt: now.toISOString(),
      trigger,
      dryRun,
      error: null,
      counts: active.map((r) => ({ ruleId: r.id, name: r.name, count: due.filter((i) => i.ruleId === r.id).length })),
    };
    this.retention.runs.push(run);
    return { ...run, counts: run.counts.map((c) => ({ ...c })) };
  }
  /** This vault's id (from its key file); a backup of another vault carries another. */
  vaultId = FAKE_VAULT_ID;
  /**
   * The folder for automatic backups and when the last backup was made. Settings in the vault,
   * so a restore brings back the backup's own (as in the core, whose snapshot is taken before
   * the backup's time is written).
   */
  backupFolder: string | null = null;
  backupLastAt: string | null = null;
  /**
   * The audit chain: its length and head. A preset vault has some history; from then on the fake
   * records sign-ins and backup events only.
   */
  audit = { entries: this.vaultExists ? 248 : 1, head: nextAuditHead("", this.vaultExists ? "history" : "vault_created") };
  /** Backup files on the fake disk, in any folder. */
  backupFiles: FakeBackupFile[] = [];
  /** What the native folder dialog answers; null: it was closed. */
  folderDialog: string | null = FAKE_BACKUP_FOLDER;
  /** What the native open dialog answers (a path on the fake disk); null: it was closed. */
  fileDialog: string | null = null;
  /** Writing in a folder fails: it is missing or read-only, or the disk is full. */
  backupWriteFault: "backup.folder_unwritable" | "disk.full" | null = null;
  /** What `kluis verify` would find wrong; tests set these to show a problem. */
  vaultFaults = {
    cipherProblems: 0,
    integrityProblems: 0,
    keyFileDamaged: false,
    slotsAltered: 0,
    slotsLegacy: 0,
    rotationPending: false,
    auditBrokenAt: null as number | null,
    anchorContradicted: null as Contradiction | null,
    anchorsFileAltered: false,
    consentBroken: false,
    consentBrokenAt: null as number | null,
  };
  /**
   * No vault can be read with the recovery key (a lost disk): a restore on the recovery key's
   * authority then needs a confirmation only the command line gives (backup.needs_confirmation).
   */
  vaultUnreadable = false;

  private auditAppend(event: string): void {
    this.audit = { entries: this.audit.entries + 1, head: nextAuditHead(this.audit.head, event) };
  }

  /** Everything a backup holds: the database (people, settings, ledgers, users) and the key file's users. */
  private takeVault(): unknown {
    const self = this as unknown as Record<string, unknown>;
    return structuredClone(Object.fromEntries(VAULT_FIELDS.map((key) => [key, self[key]])));
  }

  /** Puts a backup's vault in place of this one. */
  private putVault(snapshot: unknown): void {
    Object.assign(this, structuredClone(snapshot));
  }

  /** A backup of the vault as it is now, made at `at` in `dir`, on the fake disk. */
  private backupFileAt(dir: string, kind: BackupKind, at: Date): FakeBackupFile {
    const file: FakeBackupFile = {
      folder: dir,
      fileName: backupName(at, kind, (name) => this.backupFiles.some((f) => f.folder === dir && f.fileName === name)),
      createdAt: at.toISOString(),
      kind,
      bytes: this.backupBytes(),
      vaultId: this.vaultId,
      recoveryKey: this.recoveryKey,
      auditEntries: this.audit.entries,
      people: this.people.length,
      snapshot: this.takeVault(),
    };
    this.backupFiles.push(file);
    return file;
  }

  /** The core's backup::write: the snapshot first, then the time of the last backup and the audit entry. */
  private writeBackup(dir: string, kind: BackupKind): BackupInfo {
    if (this.backupWriteFault) fail(this.backupWriteFault, "cannot write in the folder");
    const file = this.backupFileAt(dir, kind, this.now());
    this.backupLastAt = file.createdAt;
    this.auditAppend(`backup_created:${kind}`);
    return infoOf(file, this.vaultId);
  }

  /** The core's overview (admin.view). */
  private backupsNow(): BackupOverview {
    this.require("admin", "view");
    const folder = this.backupFolder;
    return { folder, lastAt: this.backupLastAt, backups: folder ? listFolder(this.backupFiles, folder, this.vaultId) : [] };
  }

  async backupOverview(): Promise<BackupOverview> {
    await this.step("backup_overview");
    return this.backupsNow();
  }

  /**
   * The long jobs (backup, drill, restore, retention run): their progress and cancel flag. Each
   * step takes a few times the fake's latency, so the preview shows them.
   */
  readonly jobs = new FakeJobs(() => this.delayMs * 3);

  /** The size a backup of the vault as it is now would have (the encrypted database grows with the people in it). */
  private backupBytes(): number {
    return 1_835_008 + this.people.length * 3_072;
  }

  async backupCreate(onProgress: (p: JobProgress) => void = noProgress): Promise<BackupInfo | null> {
    return this.jobs.run(onProgress, async (job) => {
      await this.step("backup_create");
      let dir = this.backupsNow().folder;
      if (dir === null) {
        // Ask only someone who may make one.
        this.admin();
        dir = this.folderDialog;
        if (dir === null) return null;
      }
      this.admin();
      // The copy of the database cannot be measured; the sealing goes by bytes.
      await job.phase("snapshot", 0);
      await job.phase("seal", this.backupBytes());
      // Cancelled before this, no file is left behind.
      job.checkpoint();
      return this.writeBackup(dir, "manual");
    });
  }

  async jobCancel(): Promise<null> {
    this.calls.push("job_cancel");
    this.jobs.cancel();
    return null;
  }

  async backupSetFolder(choose: boolean): Promise<BackupOverview> {
    await this.step("backup_set_folder");
    this.admin();
    if (choose) {
      const dir = this.folderDialog;
      if (dir === null) return this.backupsNow();
      // It must exist and take a file.
      if (this.backupWriteFault) fail(this.backupWriteFault, "cannot write in the folder");
      this.backupFolder = dir;
    } else {
      this.backupFolder = null;
    }
    this.auditAppend("backup_settings_changed");
    return this.backupsNow();
  }

  /** The backup to open: one listed in the folder (by name), or the one the open dialog answers. */
  private backupToOpen(fileName: string | null): FakeBackupFile | null {
    const listed = this.backupsNow();
    if (fileName !== null) {
      const info = listed.backups.find((b) => b.fileName === fileName);
      if (!info) fail("record.not_found", "no such backup in the folder");
      return this.backupFiles.find((f) => pathOf(f) === info.path) ?? null;
    }
    if (this.fileDialog === null) return null;
    const file = this.backupFiles.find((f) => pathOf(f) === this.fileDialog);
    if (!file) fail("sealed.damaged", "not a Kluis sealed file");
    return file;
  }

  /**
   * The core's authority for a drill or a restore: the recovery key when given (it must be this
   * vault's), else the signed-in administrator's own current password (never the password of a
   * backup's day).
   */
  private authority(me: FakeUser, password: string | null, recoveryKey: string | null): Authority {
    if (recoveryKey !== null) {
      if (!parsesAsRecoveryKey(recoveryKey) || !sameRecoveryKey(recoveryKey, this.recoveryKey)) {
        fail("auth.recovery_key_invalid", "not this vault's recovery key");
      }
      return { recoveryKey };
    }
    if (password === null || password !== me.password) fail("auth.failed", "not the administrator's password");
    return { admin: me.username, password, hasBackupKey: !this.waitsFor(me, "backup") };
  }

  /**
   * Opens and checks a backup as the core's restore::open, reporting its phases: the authority
   * and the header first (a wrong password or key, another vault's or an unauthentic file fail
   * at once), then decrypting (bytes), then the checks.
   */
  private async openWithProgress(job: FakeJob, file: FakeBackupFile, by: Authority): Promise<void> {
    unlockBackup(file, by, this.vaultId);
    await job.phase("open", file.bytes);
    decryptBackup(file);
    await job.phase("check", 0);
    checkBackup(file);
  }

  async backupDrill(
    fileName: string | null,
    password: string | null,
    recoveryKey: string | null,
    onProgress: (p: JobProgress) => void = noProgress,
  ): Promise<RestoreReport | null> {
    return this.jobs.run(onProgress, async (job) => {
      await this.step("backup_drill");
      const me = this.admin();
      const file = this.backupToOpen(fileName);
      if (!file) return null;
      await this.openWithProgress(job, file, this.authority(me, password, recoveryKey));
      job.checkpoint();
      return { createdAt: file.createdAt, kind: file.kind, auditEntries: file.auditEntries, people: file.people, erasuresReapplied: [], personnelFilesDeleted: 0, ledgerUnavailable: false, replaced: false };
    });
  }

  /** Every restore, for tests. */
  restores: Array<{ fileName: string; reapplied: number[] }> = [];

  async backupRestore(
    fileName: string | null,
    password: string | null,
    recoveryKey: string | null,
    onProgress: (p: JobProgress) => void = noProgress,
  ): Promise<RestoreReport | null> {
    return this.jobs.run(onProgress, (job) => this.restoreJob(job, fileName, password, recoveryKey));
  }

  private async restoreJob(job: FakeJob, fileName: string | null, password: string | null, recoveryKey: string | null): Promise<RestoreReport | null> {
    await this.step("backup_restore");
    const me = this.admin();
    const file = this.backupToOpen(fileName);
    if (!file) return null;
    // Everything is checked with the session still open: a refusal leaves the person signed in.
    const by = this.authority(me, password, recoveryKey);
    await this.openWithProgress(job, file, by);
    // Without a vault to carry from, only the command line may go on (with its confirmation).
    if ("recoveryKey" in by && this.vaultUnreadable) fail("backup.needs_confirmation", "no vault can be read");
    // Who may enter and what happened are carried from this vault; the backup brings the data.
    const self = this as unknown as Record<string, unknown>;
    const carried = structuredClone(Object.fromEntries(CARRIED_FIELDS.map((key) => [key, self[key]])));
    const ledger = this.erasures.map((e) => ({ ...e }));
    // The core erases again, record by record, everyone on the ledger the backup still holds.
    if (ledger.length > 0) await job.phase("reapply", ledger.length);
    // The last moment a cancel counts: from here the vault is replaced.
    job.checkpoint();
    this.putVault(file.snapshot);
    const reapplied: number[] = [];
    for (const e of ledger) {
      if (!this.people.some((p) => p.id === e.subjectRef)) continue;
      this.erasePerson(e.subjectRef, "nl", e.mode, null);
      reapplied.push(e.subjectRef);
    }
    Object.assign(this, carried);
    this.auditAppend("backup_restored");
    // The session ends just before the files are switched; everyone signs in again. The
    // database gets a new key, and the vault it replaced is deleted once this one verifies.
    this.sessionUserId = null;
    this.restores.push({ fileName: file.fileName, reapplied });
    return {
      createdAt: file.createdAt,
      kind: file.kind,
      auditEntries: file.auditEntries,
      people: this.people.length,
      erasuresReapplied: reapplied,
      personnelFilesDeleted: 0,
      ledgerUnavailable: false,
      replaced: true,
    };
  }

  async healthReport(): Promise<Health> {
    await this.step("health_report");
    this.require("admin", "view");
    const categoryKeys = this.keyStates();
    const contradiction = this.vaultFaults.anchorContradicted;
    const v = {
      ...this.vaultFaults,
      // One slot per user and the recovery slot.
      keySlots: this.users.length + 1,
      auditEntries: this.audit.entries,
      // The anchors every backup of this vault on the fake disk wrote down (the fake keeps no anchors file).
      anchors: this.backupFiles.filter((f) => statusOf(f, this.vaultId) === "ok").length,
      consentEntries: this.consent.events.length,
      categoryKeys,
    };
    return {
      checks: healthChecks(v, this.backupLastAt, this.backupFolder !== null, this.now()),
      lastBackupAt: this.backupLastAt,
      backupFolder: this.backupFolder,
      auditHead: this.audit.head,
      // Entries are numbered from 1 and never removed, so the head's id is their count.
      auditHeadId: this.audit.entries,
      auditEntries: this.audit.entries,
      categoryKeys,
      contradiction: contradiction && { ...contradiction },
    };
  }

  /**
   * Category keys (the core's keys::custody): the keys to personnel files (hr), special-category
   * data (special) and backups (backup). Their holders are the active users whose roles grant the
   * category; those listed here wait for the key: someone given the role by an administrator
   * who does not hold it (see sealKeysTo), or put here by a test. A holder who signs in hands it
   * over, and an administrator can with the recovery key.
   */
  keysWaiting: Record<KeyCategory, number[]> = { hr: [], special: [], backup: [] };
  /** Categories whose key is renewed when a holder next signs in (someone who held it lost it). */
  keysRotationDue: KeyCategory[] = [];

  private holdersOf(category: KeyCategory): FakeUser[] {
    const [c, action] = KEY_GRANTS[category];
    return this.users.filter((u) => u.active && has(this.grantsFor(u), c, action));
  }

  /** Whether a holder waits for the category's key (it has not been handed to them yet). */
  protected waitsFor(user: FakeUser, category: KeyCategory): boolean {
    return this.keysWaiting[category].includes(user.id) && this.holdersOf(category).some((h) => h.id === user.id);
  }

  private keyStates(): CategoryKeyState[] {
    return KEY_CATEGORIES.map((category) => {
      const holders = this.holdersOf(category);
      return {
        category,
        holders: holders.length,
        waiting: holders.filter((u) => this.waitsFor(u, category)).length,
        rotationDue: this.keysRotationDue.includes(category),
      };
    });
  }

  /** Hands every key to whoever waits for it, and renews the ones due (as the core's sync). */
  private handOver(categories: KeyCategory[]): void {
    for (const category of categories) this.keysWaiting[category] = [];
    this.keysRotationDue = this.keysRotationDue.filter((c) => !categories.includes(c));
  }

  /** A colleague who holds a key hands it over to those waiting for it when they sign in. */
  private handOverAtSignIn(user: FakeUser): void {
    this.handOver(KEY_CATEGORIES.filter((c) => this.holdersOf(c).some((h) => h.id === user.id) && !this.waitsFor(user, c)));
  }

  async categoryKeysStatus(): Promise<CategoryKeyState[]> {
    await this.step("category_keys_status");
    this.require("admin", "view");
    return this.keyStates();
  }

  async categoryKeysHandOver(recoveryKey: string): Promise<CategoryKeyState[]> {
    await this.step("category_keys_hand_over");
    this.admin();
    if (!sameRecoveryKey(recoveryKey, this.recoveryKey)) fail("auth.recovery_key_invalid", "not this vault's recovery key");
    // The recovery slot holds every key.
    this.handOver(KEY_CATEGORIES);
    this.auditAppend("category_keys_handed_over");
    return this.keyStates();
  }

  /** The categories whose key the user holds or may hold (waiting or not). */
  private keysOf(user: FakeUser): KeyCategory[] {
    return KEY_CATEGORIES.filter((c) => this.holdersOf(c).some((h) => h.id === user.id));
  }

  /** The category keys the signed-in person has in hand. */
  private keysInHand(): KeyCategory[] {
    const me = this.me();
    return this.keysOf(me).filter((c) => !this.waitsFor(me, c));
  }

  /**
   * Someone given a role that grants a category gets its key from the administrator who gives it,
   * when that administrator has it in hand, or a fresh key when no colleague holds one yet;
   * otherwise they wait for it (as an HR colleague added by an administrator who sees no
   * personnel files does).
   */
  private sealKeysTo(user: FakeUser, before: KeyCategory[], inHand: KeyCategory[]): void {
    for (const c of this.keysOf(user)) {
      const othersHold = this.holdersOf(c).some((h) => h.id !== user.id && !this.waitsFor(h, c));
      if (!before.includes(c) && !inHand.includes(c) && othersHold) this.keysWaiting[c].push(user.id);
    }
  }

  override async userAdd(req: NewUserRequest): Promise<UserSummary> {
    const inHand = this.sessionUserId === null ? [] : this.keysInHand();
    const added = await super.userAdd(req);
    const user = this.users.find((u) => u.id === added.id);
    if (user) this.sealKeysTo(user, [], inHand);
    return added;
  }

  override async userSetAccess(userId: number, req: UserAccessRequest): Promise<UserSummary> {
    const target = this.users.find((u) => u.id === userId);
    const before = target ? this.keysOf(target) : [];
    const inHand = this.sessionUserId === null ? [] : this.keysInHand();
    const changed = await super.userSetAccess(userId, req);
    if (target) this.sealKeysTo(target, before, inHand);
    return changed;
  }

  /**
   * The core's automatic backup (daily, and at sign-out) into the chosen folder, as the system:
   * none without a folder, or when today's daily one exists. Old automatic backups are thinned;
   * a failure is dropped (it shows in Settings > Health as the last backup's age).
   */
  runAutomaticBackup(kind: "daily" | "sign_out"): BackupInfo | null {
    const dir = this.backupFolder;
    if (dir === null) return null;
    if (kind === "daily" && this.backupLastAt?.startsWith(dayOf(this.now()))) return null;
    try {
      const info = this.writeBackup(dir, kind);
      this.backupFiles = thin(this.backupFiles, dir);
      return info;
    } catch {
      return null;
    }
  }

  /**
   * Demo backups for Settings > Backups (the browser preview's &seed=backups; tests may call it
   * too): automatic backups in the chosen folder over the past weeks (thinned as the core does),
   * the last one three days ago, so the status shows a warning; one made by hand; one of another
   * vault, one altered after it was written (it does not authenticate) and one made by an earlier
   * version (the older format); and a backup on a USB stick that "Open another backup file…"
   * finds; people first if there are none. Seeding twice adds nothing.
   */
  async seedBackupsDemo(): Promise<void> {
    if (this.backupFiles.length > 0) return;
    if (this.people.length === 0) {
      // People to count in a test restore (filled as the administrator, who alone may).
      const who = this.sessionUserId;
      this.sessionUserId = 1;
      try {
        await this.demoFill(20);
      } finally {
        this.sessionUserId = who;
      }
    }
    const now = this.now().getTime();
    const DAY = 86_400_000;
    const at = (days: number, hour: number, minute: number) => {
      const d = new Date(now - days * DAY);
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour, minute));
    };
    const dir = FAKE_BACKUP_FOLDER;
    for (const days of [75, 44, 20, 9, 8, 7, 6, 5, 4, 3]) this.backupFileAt(dir, "daily", at(days, 7, 12));
    for (const days of [8, 5, 3]) this.backupFileAt(dir, "sign_out", at(days, 16, 48));
    this.backupFileAt(dir, "manual", at(12, 10, 30));
    this.backupFiles = thin(this.backupFiles, dir);
    const other = this.backupFileAt(dir, "manual", at(30, 9, 5));
    Object.assign(other, { vaultId: FAKE_OTHER_VAULT_ID, recoveryKey: "Q3M7T-8KJ2D-4WXN9-ZP6RB-1VCHE-5TGYA-7MD3K-2QNXF-8SJ4W-6BZRE-0PKT9" });
    this.backupFileAt(dir, "manual", at(6, 13, 20)).fault = "unauthenticated";
    this.backupFileAt(dir, "manual", at(200, 11, 0)).fault = "old_format";
    const stick = this.backupFileAt("/media/anne/USB-STICK", "manual", at(16, 14, 2));
    this.fileDialog = pathOf(stick);
    this.backupFolder = dir;
    this.backupLastAt = at(3, 16, 48).toISOString();
  }
}

type FakeUserLike = { roles: string[]; displayName: string };

export function createFakeApi(options: FakeOptions = {}): FakeApi {
  return new FakeApi(options);
}
