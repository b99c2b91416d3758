// Shared steps of the Privacy tests against the real core (through the test bridge): a seeded
// vault with its privacy officer signed in, and the dates and moments the core is given.
import type { BreachInput, KluisApi } from "$lib/api/types";
import { coreVault, newVault, personInput, renderApp, type Role } from "./core";

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A seeded vault with `role` signed in (the privacy officer unless told), the app on screen. */
export async function openAs(role: Role = "privacy_officer", locale: "en" | "nl" = "en") {
  const vault = await coreVault("seeded");
  await vault.signInAs(role);
  const app = await renderApp(vault.api, locale);
  return { ...vault, ...app };
}

/** The day `days` before today as the core reckons it (UTC), YYYY-MM-DD. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * DAY).toISOString().slice(0, 10);
}

/** A moment as a datetime-local field holds it: local time, to the minute. */
export function local(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** A breach as the register records it, with nothing yet told to the authority or the people. */
export function breachInput(over: Partial<BreachInput> = {}): BreachInput {
  return {
    title: "Customer list e-mailed to the wrong supplier",
    discoveredAt: null,
    nature: "An export with names and e-mail addresses went out as an attachment.",
    categories: ["contact"],
    subjectsApprox: 140,
    recordsApprox: 140,
    consequences: "Phishing.",
    measures: "Asked the recipient to delete it.",
    authorityNotifiedAt: null,
    authorityReference: null,
    authorityNotRequired: null,
    subjectsInformedAt: null,
    subjectsNotInformed: null,
    ...over,
  };
}

/** `YYYY-MM-DD` plus whole days. */
export function plusDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** Days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY);
}

/** Calendar months on, on the month's last day when the day does not exist in it (Art. 12(3)). */
export function plusMonths(day: string, months: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y, m - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m - 1 + months, Math.min(d, last))).toISOString().slice(0, 10);
}

/** A stand-in for the api that notes the name of every command the window calls. */
export function watched<T extends object>(api: T): { api: T; calls: string[] } {
  const calls: string[] = [];
  const proxy = new Proxy(api, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      if (typeof value !== "function" || typeof name !== "string") return value;
      return (...args: unknown[]) => {
        calls.push(name);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { api: proxy, calls };
}

const INITIAL = "Kaasschaaf-Molen-Tulp-88";
const OWN = "Zilveren-Maan-Boven-Zee-7";

/** The privacy officer of a `privacyVault`, who may also edit customer files. */
export const OFFICER = { username: "sanne", displayName: "Sanne Bakker" };

const GIVEN = ["Anna", "Bram", "Carla", "Dirk", "Eva", "Finn", "Gerda", "Hugo", "Iris", "Joost", "Karin", "Lars", "Mira", "Niels"];

/** Adds a user (as the signed-in administrator) who will sign in with `signInFirst`. */
export async function addUser(api: KluisApi, username: string, displayName: string, roles: string[]) {
  return api.userAdd({ username, displayName, roles, initialPassword: INITIAL });
}

/** Signs a user added with `addUser` in, choosing their own password as asked. */
export async function signInFirst(api: KluisApi, username: string) {
  await api.signIn(username, INITIAL);
  await api.changePassword(INITIAL, OWN);
}

/**
 * A new vault with `count` people (Anna Persoon1, Bram Persoon2, ..., each with an e-mail
 * address) made by its administrator, and a privacy officer who may also edit customer files
 * (`OFFICER`). `before` runs as the administrator (more users, roles). Ends with the privacy
 * officer signed in.
 */
export async function privacyVault(count: number, before?: (api: KluisApi) => Promise<void>) {
  const api = await newVault();
  const people: { id: number; displayName: string }[] = [];
  for (let i = 0; i < count; i++) {
    const given = GIVEN[i]!;
    const made = await api.personCreate({ ...personInput(given, `Persoon${i + 1}`), emails: [{ label: null, value: `${given.toLowerCase()}@example.nl`, keepUnchecked: false }] });
    people.push({ id: made.id, displayName: `${given} Persoon${i + 1}` });
  }
  await addUser(api, OFFICER.username, OFFICER.displayName, ["privacy_officer", "user"]);
  await before?.(api);
  await signInFirst(api, OFFICER.username);
  return { api, people };
}
