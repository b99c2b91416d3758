// Test vaults in the real core, through the UI test bridge (started by ./bridge-setup.ts): the
// generated client over HTTP instead of Tauri's invoke. No rule of the core is repeated here.
import { configure, render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { inject } from "vitest";
import App from "../src/App.svelte";
import { setLocale, type Locale } from "$lib/i18n/index.svelte";
import { client, type KluisApi, type Transport } from "$lib/api/client.gen";
import type { PersonInput } from "$lib/api/types";
import { toApiError } from "$lib/api/errors";

export type Role = "administrator" | "user" | "guest" | "management" | "hr" | "privacy_officer";

// Every step is a real call into an encrypted vault, on a CI machine of two cores: the files that
// use the core wait up to ten seconds for what they look for (the fake answered at once; a
// loaded two-core machine running several test files at once has taken more than five).
configure({ asyncUtilTimeout: 10_000 });

/** Renders the whole app on `api` and waits for its first screen. */
export async function renderApp(api: KluisApi, locale: Locale = "en") {
  setLocale(locale, false);
  const user = userEvent.setup();
  const result = render(App, { props: { api } });
  await screen.findByTestId("page-title");
  return { user, ...result };
}

export interface CoreVault {
  api: KluisApi;
  /** A seeded vault's users, by built-in role, and their password. */
  users: Record<Role, string>;
  password: string;
  /** The password the spare users `adminmarker` and `spare_gone` still must change. */
  initialPassword: string;
  /** Records of the seeded vault (a person, an organisation, a deal, ...). */
  ids: Record<string, number>;
  /** Signs in as the seeded user of `role`. */
  signInAs(role: Role): Promise<void>;
}

/**
 * A vault of its own in the real core: "seeded" holds a user per built-in role and data of every
 * category (the authorisation test's vault); "fresh" has no vault yet (the setup screen).
 */
export async function coreVault(preset: "fresh" | "seeded" = "seeded"): Promise<CoreVault> {
  const base = inject("bridgeUrl");
  const made = await fetch(`${base}/vaults`, { method: "POST", body: JSON.stringify({ preset }) });
  const info = (await made.json()) as {
    id: string;
    users: Record<Role, string>;
    password: string;
    initialPassword: string;
    ids: Record<string, number>;
  };
  const transport: Transport = {
    async call(command, args, options) {
      const res = await fetch(`${base}/vaults/${info.id}/${command}`, {
        method: "POST",
        headers: { "Content-Type": options?.raw ? "application/octet-stream" : "application/json" },
        body: options?.raw ? new Uint8Array(options.raw) : JSON.stringify(args),
      });
      const out = (await res.json()) as { ok?: unknown; err?: unknown; progress?: unknown[] };
      for (const p of out.progress ?? []) options?.onProgress?.(p as never);
      if ("err" in out) throw toApiError(out.err);
      return out.ok as never;
    },
  };
  const api = client(transport);
  return {
    api,
    users: info.users,
    password: info.password,
    initialPassword: info.initialPassword,
    ids: info.ids,
    async signInAs(role) {
      await api.signIn(info.users[role], info.password);
    },
  };
}

/**
 * A new vault made through the setup command, its administrator signed in with the recovery key
 * confirmed: the state right after a company's first start (the seeded pipeline, no data).
 */
export async function newVault(): Promise<KluisApi> {
  const { api } = await coreVault("fresh");
  const made = await api.vaultCreate({
    orgName: "Van Dijk Installatietechniek",
    adminUsername: "anne",
    adminDisplayName: "Anne de Vries",
    password: "Tulpen-Fiets-Regenjas-42",
  });
  await api.recoveryKeyConfirm(made.recoveryKey);
  return api;
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
