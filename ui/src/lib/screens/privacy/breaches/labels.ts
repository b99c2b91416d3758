// Words and times for the register of breaches: where the 72-hour notification stands, whether
// the people affected were told, and the moments as a datetime-local field shows and edits them.
import type { Breach } from "$lib/api";
import { formatDateTime, t } from "$lib/i18n/index.svelte";

/** Where notifying the authority stands, in words: "31 h left…", "Late: 5 h past…", or what was done. */
export function countdownText(b: Breach): string {
  if (b.notification === "done") {
    if (b.authorityNotifiedAt) {
      const date = formatDateTime(b.authorityNotifiedAt);
      return b.authorityReference
        ? t("breaches.countdown.notifiedRef", { date, ref: b.authorityReference })
        : t("breaches.countdown.notified", { date });
    }
    return t("breaches.countdown.notRequired", { reason: b.authorityNotRequired ?? "" });
  }
  if (b.notification === "pending") {
    return b.hoursLeft >= 1 ? t("breaches.countdown.left", { hours: b.hoursLeft }) : t("breaches.countdown.leftUnderHour");
  }
  const past = -b.hoursLeft;
  return past >= 1 ? t("breaches.countdown.late", { hours: past }) : t("breaches.countdown.lateJust");
}

/** True when the authority was notified, but after the 72 hours (Art. 33(1) then asks for reasons). */
export function notifiedLate(b: Breach): boolean {
  return b.authorityNotifiedAt !== null && Date.parse(b.authorityNotifiedAt) > Date.parse(b.deadline);
}

/** Whether the people affected were told (Art. 34), or why not. */
export function informedText(b: Pick<Breach, "subjectsInformedAt" | "subjectsNotInformed">): string {
  if (b.subjectsInformedAt) return t("breaches.informed.at", { date: formatDateTime(b.subjectsInformedAt) });
  if (b.subjectsNotInformed) return t("breaches.informed.not", { reason: b.subjectsNotInformed });
  return t("breaches.informed.open");
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** A stored moment as a datetime-local value in local time; "" for none. */
export function toLocalInput(stamp: string | null): string {
  if (!stamp) return "";
  const d = new Date(stamp);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * A datetime-local value (local time) as an RFC 3339 stamp; null when empty. What does not parse
 * goes as typed, for the core to refuse on its field. `original` is the stored stamp the field
 * started from: kept as it was (seconds and all) while the field still shows it.
 */
export function fromLocalInput(value: string, original: string | null = null): string | null {
  const v = value.trim();
  if (!v) return null;
  if (original && toLocalInput(original) === v) return original;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}
