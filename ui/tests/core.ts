// Test vaults in the real core, through the UI test bridge (started by ./bridge-setup.ts): the
// generated client over HTTP instead of Tauri's invoke. No rule of the core is repeated here.
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { expect, inject } from "vitest";
import App from "../src/App.svelte";
import { setLocale, type Locale } from "$lib/i18n/index.svelte";
import type { KluisApi } from "$lib/api/client.gen";
import type { JobProgress, PersonInput } from "$lib/api/types";
import { bridgeApi, bridgeVault, type Role, type VaultProblem } from "$lib/dev/bridge";

export type { Role, VaultProblem } from "$lib/dev/bridge";

/** Renders the whole app on `api` and waits for its first screen. */
export async function renderApp(api: KluisApi, locale: Locale = "en") {
  setLocale(locale, false);
  const user = userEvent.setup();
  const result = render(App, { props: { api } });
  await screen.findByTestId("page-title");
  return { user, ...result };
}

export interface CoreVault {
  /** The bridge's name for the vault. */
  id: string;
  api: KluisApi;
  /** A seeded vault's users, by built-in role, and their password. */
  users: Record<Role, string>;
  password: string;
  /** The password the spare users `adminmarker` and `spare_gone` still must change. */
  initialPassword: string;
  /** Records of the seeded vault (a person, an organisation, a deal, ...). */
  ids: Record<string, number>;
  /** The seeded vault's recovery key (of a fresh one: the one setup showed). */
  recoveryKey: string;
  /** Signs in as the seeded user of `role`. */
  signInAs(role: Role): Promise<void>;
  /** Moves the vault's clock on (the signed-in session stays open). */
  advanceClock(days: number, minutes?: number): Promise<void>;
  /** Closes the other window that holds the folder of an "in_use" vault. */
  closeOtherWindow(): Promise<void>;
  /** Changes the open vault behind the app's back (see the bridge's header for `what`). */
  tamper(what: Tampering, n?: number): Promise<void>;
  /**
   * What the folder and open dialogs answer from now on: a path inside the vault's folder, or
   * null (closed). At first the folder dialog answers `backups` and the open dialog is closed.
   */
  dialogs(answers: { folder?: string | null; file?: string | null }): Promise<void>;
  /** A backup file (a path inside the vault's folder) as a person could meet it (see the bridge). */
  backupFile(op: "forge" | "old_format" | "cut" | "take" | "copy", file: string, more?: { from?: string; to?: string }): Promise<void>;
  /** Holding the vault's jobs (backup, drill, restore, retention run, sign-out backup, import). */
  jobs: CoreJobs;
}

/** What a held job reported, as the bridge saw it. */
export interface HeldJob {
  held: boolean;
  /** How many reports the vault's jobs sent so far. */
  reports: number;
  last: JobProgress | null;
  /** After a step: the job's call ended instead of reporting again. */
  ended?: boolean;
}

export interface CoreJobs {
  /** From now on every report waits until `step()` (or a cancel of that job, or hold(false)). */
  hold(on: boolean): Promise<void>;
  /** Waits until a job is held after a report. */
  held(): Promise<HeldJob>;
  /** Lets the held job go one report on; answers once it reported again (or ended). */
  step(): Promise<HeldJob>;
  /** Steps the held job until it is held at a report of `phase`. */
  stepTo(phase: string): Promise<HeldJob>;
  /** Every report the window was sent in this vault, in order. */
  sent: unknown[];
}

export type Tampering =
  | "key_file"
  | "key_slot_altered"
  | "key_slots_legacy"
  | "anchors_file"
  | "db_page"
  | "breaches_page"
  | "audit_entry"
  | "audit_entry_undone"
  | "audit_tail"
  | "consent_entry";


/**
 * A vault of its own in the real core: "seeded" holds a user per built-in role and data of every
 * category (the authorisation test's vault); "fresh" has no vault yet (the setup screen). A
 * `problem` damages the seeded vault's folder before the window opens it.
 */
export async function coreVault(preset: "fresh" | "seeded" = "seeded", problem?: VaultProblem): Promise<CoreVault> {
  const info = await bridgeVault(inject("bridgeUrl"), preset, problem);
  const url = info.url;
  const sent: unknown[] = [];
  const api = bridgeApi(info, sent);
  const bridge = async (path: string, method: "GET" | "POST", body?: unknown) => {
    const res = await fetch(`${url}/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    return (await res.json()) as HeldJob;
  };
  const jobs: CoreJobs = {
    sent,
    async hold(on) {
      await bridge("hold", "POST", { on });
    },
    held: () => bridge("held", "GET"),
    step: () => bridge("step", "POST"),
    async stepTo(phase) {
      let at = await bridge("held", "GET");
      for (let i = 0; i < 200 && at.held && (at.last as { phase?: string } | null)?.phase !== phase; i++) {
        at = await bridge("step", "POST");
      }
      expect(at).toMatchObject({ held: true, last: { phase } });
      return at;
    },
  };
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${url}/${path}`, { method: "POST", body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path}: ${JSON.stringify(await res.json())}`);
  };
  return {
    id: info.id,
    api,
    users: info.users,
    password: info.password,
    initialPassword: info.initialPassword,
    ids: info.ids,
    recoveryKey: info.recoveryKey,
    async signInAs(role) {
      await api.signIn(info.users[role], info.password);
    },
    async advanceClock(days, minutes = 0) {
      await fetch(`${url}/clock`, { method: "POST", body: JSON.stringify({ days, minutes }) });
    },
    async closeOtherWindow() {
      await fetch(`${url}/other`, { method: "DELETE" });
    },
    tamper: (what, n = 0) => post("tamper", { what, n }),
    dialogs: (answers) => post("dialogs", answers),
    backupFile: (op, file, more = {}) => post("backup-file", { op, file, ...more }),
    jobs,
  };
}

/**
 * A new vault made through the setup command, its administrator signed in with the recovery key
 * confirmed: the state right after a company's first start (the seeded pipeline, no data).
 */
export async function newVault(): Promise<KluisApi> {
  return (await newCoreVault()).api;
}

/** As `newVault`, with the whole test vault (its clock, its jobs, the recovery key). */
export async function newCoreVault(): Promise<CoreVault> {
  const vault = await coreVault("fresh");
  const made = await vault.api.vaultCreate({
    orgName: "Van Dijk Installatietechniek",
    adminUsername: "anne",
    adminDisplayName: "Anne de Vries",
    password: "Tulpen-Fiets-Regenjas-42",
  });
  await vault.api.recoveryKeyConfirm(made.recoveryKey);
  return { ...vault, password: "Tulpen-Fiets-Regenjas-42", recoveryKey: made.recoveryKey };
}

/** What the person form sends for a new person with only a name. */
export function personInput(givenName: string, familyName: string): PersonInput {
  return {
    givenName,
    tussenvoegsel: "",
    familyName,
    salutation: null,
    dateOfBirth: null,
    organisationId: null,
    jobTitle: null,
    preferredLanguage: null,
    source: null,
    ownerId: null,
    notes: null,
    emails: [],
    phones: [],
    addresses: [],
    tags: [],
  };
}
