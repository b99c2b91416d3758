// Words for backups: the kind, the size, how old the last one is, and the state that age puts
// it in (the same thresholds as Settings > Health, which the core judges).
import type { CheckState } from "$lib/api";
import { getLocale, t } from "$lib/i18n/index.svelte";

const DAY_MS = 86_400_000;
const KIND_KEYS = {
  manual: "backups.kind.manual",
  daily: "backups.kind.daily",
  sign_out: "backups.kind.sign_out",
} as const;

/** "By hand", "Daily", "At sign-out"; an unknown kind as the core named it. */
export function kindName(kind: string): string {
  return kind in KIND_KEYS ? t(KIND_KEYS[kind as keyof typeof KIND_KEYS]) : kind;
}

/** The kind inside a sentence: "(at sign-out)", "(bij uitloggen)". */
export function kindInText(kind: string): string {
  const name = kindName(kind);
  return name.charAt(0).toLocaleLowerCase(getLocale()) + name.slice(1);
}

/** A file size in KB below a megabyte, in MB (one decimal) above. */
export function formatSize(bytes: number): string {
  const kb = bytes / 1024;
  const locale = getLocale();
  if (kb < 1024) {
    return t("backups.size.kb", { size: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(Math.max(1, Math.round(kb))) });
  }
  return t("backups.size.mb", { size: new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(kb / 1024) });
}

/** Whole days since `at` (the core's num_days); null when there is none. */
export function daysSince(at: string | null, now: number = Date.now()): number | null {
  if (!at) return null;
  const time = Date.parse(at);
  if (Number.isNaN(time)) return null;
  return Math.max(0, Math.trunc((now - time) / DAY_MS));
}

/** As the core's health check: recent up to a day, a warning up to a week, then (or never) a problem. */
export function ageState(at: string | null, now: number = Date.now()): CheckState {
  const days = daysSince(at, now);
  if (days === null || days > 7) return "problem";
  return days <= 1 ? "ok" : "warning";
}

/** "5 minutes ago", "yesterday", "3 days ago" in the UI's language. */
export function relativeAge(at: string, now: number = Date.now()): string {
  const rtf = new Intl.RelativeTimeFormat(getLocale(), { numeric: "auto" });
  const seconds = Math.round((Date.parse(at) - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 60) return rtf.format(0, "second");
  // Whole units, cut off as the core counts days: 47 hours old is "yesterday", as Health says.
  if (abs < 3_600) return rtf.format(Math.trunc(seconds / 60), "minute");
  if (abs < DAY_MS / 1000) return rtf.format(Math.trunc(seconds / 3_600), "hour");
  return rtf.format(Math.trunc(seconds / 86_400), "day");
}

/** A whole number of days as "today", "yesterday", "3 days ago". */
export function daysAgo(days: number): string {
  return new Intl.RelativeTimeFormat(getLocale(), { numeric: "auto" }).format(-days, "day");
}
