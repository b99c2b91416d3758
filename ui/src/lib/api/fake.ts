// An in-memory stand-in for the Rust core, used by the Vitest suite and by the browser preview
// (VITE_FAKE_API=1). It mimics the core's rules closely enough to exercise every screen; it is not
// a security boundary and stores nothing.
import { ApiError } from "./errors";
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
  RoleSummary,
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
} from "./types";

export type FakePreset =
  | "fresh" // no vault yet: setup
  | "signed-out" // vault with users, nobody signed in
  | "admin" // signed in as the administrator
  | "user" // signed in as an ordinary user
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
const MIN_LENGTH = 10;
const MAX_FAILURES = 5;
const THROTTLE_SECS = 30;

const BUILTIN_ROLES = ["administrator", "user", "guest", "management", "hr", "privacy_officer"];
const COMMON = ["password", "wachtwoord", "welkom", "qwerty", "letmein", "kluis", "admin"];

interface FakeUser extends UserSummary {
  password: string;
}

function fail(code: ErrorCode, message: string, extra: Partial<ErrorDetails> = {}): never {
  const details = { field: null, reason: null, retryAfterSecs: null, ...extra };
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
    ...extra,
  });
  return [
    u(1, "anne", "Anne de Vries", ["administrator"]),
    u(2, "jan", "Jan Jansen", ["user"]),
    u(3, "fatima", "Fatima el Amrani", ["hr", "management"]),
    u(4, "sanne", "Sanne Bakker", ["privacy_officer", "user"]),
    u(5, "pieter", "Pieter Smit", ["guest"], { active: false, lastSignInAt: null }),
    u(6, "lotte", "Lotte Visser", ["user"], { mustChangePassword: true, lastSignInAt: null }),
  ];
}

export class FakeApi implements KluisApi {
  vaultExists = false;
  orgName = "";
  users: FakeUser[] = [];
  sessionUserId: number | null = null;
  recoveryKey = FAKE_RECOVERY_KEY;
  recoveryConfirmed = true;
  settings: SecuritySettings = { autoLockMinutes: 10 };
  problem: ErrorCode | null = null;
  /** Names of the commands called, in order, for tests. */
  readonly calls: string[] = [];
  private failures = 0;
  private throttledUntil = 0;
  private nextId = 1;
  private readonly delayMs: number;

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
    if (preset === "must-change") this.sessionUserId = 6;
    if (preset === "unconfirmed") {
      this.users = this.users.slice(0, 1);
      this.sessionUserId = 1;
      this.recoveryConfirmed = false;
    }
  }

  private async step(name: string): Promise<void> {
    this.calls.push(name);
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
  }

  private sessionFor(user: FakeUser): SessionInfo {
    const admin = user.roles.includes("administrator");
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
        viewAudit: admin || user.roles.includes("privacy_officer"),
        contactCreate: admin || user.roles.includes("user"),
        contactEdit: admin || user.roles.includes("user"),
        contactDelete: admin,
        viewSales: user.roles.includes("management"),
      },
    };
  }

  private me(): FakeUser {
    const user = this.users.find((u) => u.id === this.sessionUserId);
    if (!user) fail("session.locked", "no session");
    return user;
  }

  /** The signed-in user, refusing while an initial password is still in place. */
  private ready(): FakeUser {
    const user = this.me();
    if (user.mustChangePassword) fail("auth.password_change_required", "change password first");
    return user;
  }

  private admin(): FakeUser {
    const user = this.ready();
    if (!user.roles.includes("administrator")) fail("access.denied", "administrators only");
    return user;
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
    return this.users.filter((u) => u.active && u.roles.includes("administrator"));
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
    if (!user.roles.includes("administrator")) fail("access.denied", "not an administrator");
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

  async rolesList(): Promise<RoleSummary[]> {
    await this.step("roles_list");
    this.ready();
    return BUILTIN_ROLES.map((key) => ({ key, builtin: true, name: null }));
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
  timelines = new Map<number, TimelineEntry[]>();

  async personsList(query: PersonQuery): Promise<PersonPage> {
    await this.step("persons_list");
    this.me();
    const sorted = [...this.people].sort((a, b) => a.displayName.split(" ").at(-1)!.localeCompare(b.displayName.split(" ").at(-1)!) || a.id - b.id);
    const start = query.after ? sorted.findIndex((p) => String(p.id) === query.after!.split(":")[0]) + 1 : 0;
    const rows = sorted.slice(start, start + query.limit);
    const more = start + query.limit < sorted.length;
    return { rows, nextCursor: more ? `${rows.at(-1)!.id}:x` : null, total: query.after ? -1 : sorted.length };
  }

  async personView(id: number): Promise<PersonView> {
    await this.step("person_view");
    this.me();
    const row = this.people.find((p) => p.id === id);
    if (!row) fail("record.not_found", "no such record");
    const parts = row.displayName.split(" ");
    return {
      person: {
        id, displayName: row.displayName, givenName: parts[0] ?? "", tussenvoegsel: parts.slice(1, -1).join(" "), familyName: parts.at(-1)!,
        salutation: null, dateOfBirth: null, organisationId: null, organisationName: row.organisationName, jobTitle: row.jobTitle,
        preferredLanguage: "nl", source: null, ownerId: null, ownerName: row.ownerName, notes: null,
        emails: row.email ? [{ id: 1, label: null, value: row.email }] : [], phones: row.phone ? [{ id: 2, label: null, value: row.phone }] : [],
        addresses: [], tags: [], createdAt: "2026-01-01T09:00:00.000Z", updatedAt: "2026-01-01T09:00:00.000Z",
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
      .filter((p) => p.displayName.toLowerCase().includes(q))
      .slice(0, limit)
      .map((p) => ({ kind: "person", id: p.id, title: p.displayName, subtitle: p.organisationName }));
  }

  async timelineAdd(personId: number, input: TimelineInput): Promise<TimelineEntry> {
    await this.step("timeline_add");
    const me = this.me();
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
      this.people.push({ id: this.nextId++, displayName: name, organisationName: i % 3 ? "Bakkerij Jansen B.V." : null, jobTitle: null, email: `${(name.split(" ")[0] ?? "x").toLowerCase()}${i}@voorbeeld.nl`, phone: `+3161234${String(i).padStart(4, "0")}`, ownerName: null });
    }
    return { persons: contacts, organisations: 1, timelineEntries: 0, deals: 0, tasks: 0 };
  }
}

export function createFakeApi(options: FakeOptions = {}): FakeApi {
  return new FakeApi(options);
}
