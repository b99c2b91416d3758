// Shared steps of the Privacy tests against the real core (through the test bridge): a seeded
// vault with its privacy officer signed in, and the dates and moments the core is given.
import type { BreachInput } from "$lib/api/types";
import { coreVault, renderApp, type Role } from "./core";

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
