// Formatting shared by the deals board and the task list: money in cents, plain dates.
import { getLocale } from "$lib/i18n/index.svelte";

/** Amounts are stored in cents; shown in the current locale with the deal's currency. */
export function formatMoney(cents: number, currency: string): string {
  // Whole amounts without ",00": a board reads "€ 2.500", not "€ 2.500,00".
  const digits = cents % 100 === 0 ? 0 : 2;
  try {
    return new Intl.NumberFormat(getLocale(), {
      style: "currency",
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(cents / 100);
  } catch {
    // An unknown currency code: still show the figure rather than nothing.
    return `${currency} ${(cents / 100).toFixed(2)}`;
  }
}

/** A `YYYY-MM-DD` date from the core, read as a calendar day (no time zone shift). */
export function parseDay(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export function formatDay(day: string | null): string {
  if (!day) return "";
  const date = parseDay(day);
  if (!date) return day;
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: "medium" }).format(date);
}

/** Today as `YYYY-MM-DD` in local time, to compare with due dates. */
export function today(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
