// The UI's navigation state: which screen is up, who is signed in, which page is open.
// One instance per mounted App, handed to components through context.
import { getContext, setContext } from "svelte";
import { can } from "$lib/access";
import { ApiError, toApiError } from "$lib/api/errors";
import type {
  CreateVaultResponse,
  ErrorCode,
  KluisApi,
  OfficeStatus,
  RestoreReport,
  SessionInfo,
} from "$lib/api/types";
import { guardApi } from "./guard";
import { JobState } from "./job.svelte";
import { Live } from "./live.svelte";

export type View =
  | { kind: "boot" }
  | { kind: "boot-error"; error: ApiError }
  | { kind: "problem"; code: ErrorCode }
  | { kind: "setup"; created: CreateVaultResponse | null }
  /** Connecting this computer to the office's Kluis (enrolment). */
  | { kind: "connect" }
  | { kind: "signin" }
  | { kind: "recover" }
  | { kind: "lock" }
  | { kind: "change-password" }
  | { kind: "recovery-confirm" }
  /** A backup was restored: the session has ended; what was restored, then the sign-in screen. */
  | { kind: "restored"; report: RestoreReport }
  | { kind: "app" };

export const SECTIONS = [
  "contacts",
  "organisations",
  "deals",
  "tasks",
  "dashboard",
  "hr",
  "privacy",
  "settings",
] as const;
export type Section = (typeof SECTIONS)[number];
export type SettingsTab =
  | "account"
  | "users"
  | "roles"
  | "security"
  | "pipeline"
  | "backups"
  | "health"
  | "devices";

/** Who the lock screen offers to unlock for; kept in memory only. */
export interface RememberedUser {
  username: string;
  displayName: string;
}

export class AppModel {
  view = $state<View>({ kind: "boot" });
  session = $state<SessionInfo | null>(null);
  remembered = $state<RememberedUser | null>(null);
  section = $state<Section>("contacts");
  /** The person whose 360° view is open in the Contacts section, if any. */
  personId = $state<number | null>(null);
  /** The organisation whose view is open in the Organisations section, if any. */
  organisationId = $state<number | null>(null);
  settingsTab = $state<SettingsTab>("account");
  dataDir = $state("");
  /** Where the data lives: this computer, or the office's Kluis (null: not asked yet). */
  office = $state<OfficeStatus | null>(null);
  /** The office's Kluis stopped answering while someone works; a banner says so. */
  offline = $state(false);
  /** Components use this client; it reports session.locked to the model. */
  readonly api: KluisApi;
  /** What colleagues change on other desktops (office mode), for open screens to follow. */
  readonly live = new Live();

  constructor(api: KluisApi) {
    this.api = guardApi(api, (error) => this.onApiError(error));
  }

  async boot(): Promise<void> {
    this.view = { kind: "boot" };
    try {
      this.office = await this.api.officeStatus();
      const status = await this.api.appStatus();
      this.offline = false;
      this.dataDir = status.dataDir;
      if (status.vaultProblem) {
        this.view = { kind: "problem", code: status.vaultProblem };
      } else if (!status.vaultExists) {
        this.view = { kind: "setup", created: null };
      } else if (status.session) {
        this.enterSession(status.session);
      } else {
        this.view = { kind: "signin" };
      }
    } catch (raw) {
      this.view = { kind: "boot-error", error: toApiError(raw) };
    }
  }

  /** After any successful sign-in: route through the steps the core still requires. */
  enterSession(session: SessionInfo): void {
    this.session = session;
    // Office mode: the desktop follows the server's changes for this session (it stops by itself
    // when the session ends); a vault on this computer has nobody else to change it.
    if (this.office?.connected) void this.api.officeFollow((c) => this.live.hear(c)).catch(() => {});
    this.remembered = { username: session.username, displayName: session.displayName };
    if (session.mustChangePassword) this.view = { kind: "change-password" };
    // Only an administrator can confirm the key (the core refuses others), so only they are asked.
    else if (!session.recoveryKeyConfirmed && session.can.manageSecurity) {
      this.view = { kind: "recovery-confirm" };
    }
    else this.view = { kind: "app" };
    if (!session.can.manageUsers && this.settingsTab === "users") this.settingsTab = "account";
    if (!session.can.manageSecurity && this.settingsTab === "security") this.settingsTab = "account";
    if (!session.can.manageUsers && this.settingsTab === "pipeline") this.settingsTab = "account";
    const adminView = can(session, "admin", "view");
    if (!adminView && (this.settingsTab === "backups" || this.settingsTab === "health")) this.settingsTab = "account";
  }

  updateSession(session: SessionInfo): void {
    this.session = session;
  }

  /** Re-reads the session after the signed-in person's rights changed, so open screens follow. */
  async refreshSession(): Promise<void> {
    this.updateSession(await this.api.sessionInfo());
  }

  /** The session is gone in the core (idle, Lock now): drop what the UI holds and ask again. */
  showLocked(): void {
    this.session = null;
    this.view = this.remembered ? { kind: "lock" } : { kind: "signin" };
  }

  async lockNow(): Promise<void> {
    try {
      await this.api.lock();
    } finally {
      this.showLocked();
    }
  }

  /** The automatic backup at sign-out, while it runs: the app shows it and offers to skip it. */
  readonly signingOut = new JobState();

  async signOut(): Promise<void> {
    if (this.signingOut.busy) return;
    try {
      await this.signingOut.track((onProgress) => this.api.signOut(onProgress));
    } finally {
      this.forget();
    }
  }

  /** Skips the sign-out backup (no file is left); the sign-out goes on. */
  skipSignOutBackup(): void {
    // A failed request leaves the button enabled again, so the person may ask once more.
    void this.signingOut.cancel(
      () => this.api.jobCancel(),
      () => {},
    );
  }

  /** Back to the sign-in screen with nothing remembered (sign out, "someone else"). */
  forget(): void {
    this.session = null;
    this.remembered = null;
    // The next person to sign in starts at the list, not in the file the last one had open.
    this.go("contacts", "account");
    this.view = { kind: "signin" };
  }

  /**
   * A backup was restored over the vault: the core ended the session before switching the files,
   * and the users and passwords may be those of the backup. Nothing is remembered; the restore's
   * report is shown, then the sign-in screen.
   */
  restored(report: RestoreReport): void {
    this.forget();
    this.view = { kind: "restored", report };
  }

  go(section: Section, tab?: SettingsTab): void {
    this.section = section;
    this.personId = null;
    this.organisationId = null;
    if (tab) this.settingsTab = tab;
  }

  openPerson(id: number): void {
    this.section = "contacts";
    this.organisationId = null;
    this.personId = id;
  }

  openOrganisation(id: number): void {
    this.section = "organisations";
    this.personId = null;
    this.organisationId = id;
  }

  /** Asks the office's Kluis again after it stopped answering. */
  async reconnect(): Promise<void> {
    await this.api.sessionInfo();
    this.offline = false;
  }

  private onApiError(error: ApiError): void {
    const signedIn = this.session !== null;
    if ((error.code === "session.locked" || error.code === "session.ended") && signedIn) this.showLocked();
    // The office's Kluis: gone for a while (say so, keep the screen), or no longer serving
    // this computer or anyone (the problem screen says what to do).
    if (error.code === "server.unreachable" || error.code === "server.connection_lost") this.offline = true;
    if (
      signedIn &&
      (error.code === "server.sealed" || error.code === "device.revoked" || error.code === "device.refused")
    ) {
      this.session = null;
      this.view = { kind: "problem", code: error.code };
    }
  }
}

const KEY = Symbol("kluis.app");

export function provideApp(model: AppModel): void {
  setContext(KEY, model);
}

/** The app model, or none where a component is shown on its own (a test, the preview). */
export function maybeApp(): AppModel | undefined {
  return getContext<AppModel | undefined>(KEY);
}

export function useApp(): AppModel {
  const model = getContext<AppModel | undefined>(KEY);
  if (!model) throw new Error("useApp() outside <App>");
  return model;
}
