// A small typed catalogue instead of a library: keys are checked by TypeScript, the current
// locale is a rune so every t() call in a template re-renders on a language switch.
import { en } from "./en";
import { nl } from "./nl";
import type { Catalogue } from "./en";

export type Locale = "nl" | "en";
export type MessageKey = keyof Catalogue;
export type Params = Record<string, string | number>;

export const LOCALES: readonly Locale[] = ["nl", "en"];
export const catalogues: Record<Locale, Catalogue> = { nl, en };
const STORAGE_KEY = "kluis.locale";

function isLocale(value: unknown): value is Locale {
  return value === "nl" || value === "en";
}

function storedLocale(): Locale | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

/** Dutch for any Dutch browser locale (nl, nl-NL, nl-BE), English otherwise. */
export function detectLocale(language: string | undefined): Locale {
  return language?.toLowerCase().startsWith("nl") ? "nl" : "en";
}

const state = $state({ locale: storedLocale() ?? detectLocale(globalThis.navigator?.language) });
applyDocumentLang(state.locale);

function applyDocumentLang(locale: Locale): void {
  if (typeof document !== "undefined") document.documentElement.lang = locale;
}

export function getLocale(): Locale {
  return state.locale;
}

export function setLocale(locale: Locale, remember = true): void {
  state.locale = locale;
  applyDocumentLang(locale);
  if (!remember) return;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Storage can be unavailable (private mode); the choice then lasts for this run only.
  }
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(state.locale).format(value);
}

export function formatDateTime(isoOrDate: string | Date): string {
  const value = typeof isoOrDate === "string" ? Date.parse(isoOrDate) : isoOrDate;
  return new Intl.DateTimeFormat(state.locale, { dateStyle: "medium", timeStyle: "short" }).format(
    value,
  );
}

/**
 * A message kept to be shown later, such as the notice after a change went through. Store a
 * thunk (`() => t("key", params)`), not the translated string: calling it while rendering reads
 * the locale, so the message follows a language switch. A plain string is shown as it is.
 */
export type LazyText = string | (() => string);

/** The text of a kept message, in the current language when it is a thunk. */
export function textOf(text: LazyText): string {
  return typeof text === "function" ? text() : text;
}

/** Looks a key up in the current catalogue and fills {name} placeholders; numbers via Intl. */
export function t(key: MessageKey, params?: Params): string {
  const template = catalogues[state.locale][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = params[name];
    if (value === undefined) return match;
    return typeof value === "number" ? formatNumber(value) : value;
  });
}
