// What a purpose is made of, with localised names: the six lawful bases of Art. 6(1), the data
// categories, and the field catalogue (the core's FIELDS in privacy/minimisation.rs; it refuses
// any other field, so keep the two in step).
import type { Category, Lang, LawfulBasis } from "$lib/api/types";
import type { RestrictionGround } from "$lib/api/bindings/RestrictionGround";
import { getLocale, t } from "$lib/i18n/index.svelte";
import { categoryName } from "$lib/i18n/roles";

/** In the order of Art. 6(1)(a)-(f). */
export const LAWFUL_BASES: readonly LawfulBasis[] = [
  "consent",
  "contract",
  "legal_obligation",
  "vital_interests",
  "public_task",
  "legitimate_interests",
];

/** The categories a purpose can use (the core refuses others). */
export const DATA_CATEGORIES = ["contact", "sales", "hr", "special"] as const satisfies readonly Category[];
export type DataCategory = (typeof DATA_CATEGORIES)[number];

const FIELDS = [
  ["person.name", "contact"],
  ["person.email", "contact"],
  ["person.phone", "contact"],
  ["person.address", "contact"],
  ["person.date_of_birth", "contact"],
  ["person.organisation", "contact"],
  ["person.job_title", "contact"],
  ["person.preferred_language", "contact"],
  ["person.notes", "contact"],
  ["person.tags", "contact"],
  ["timeline", "contact"],
  ["organisation.kvk", "contact"],
  ["organisation.vat", "contact"],
  ["task", "contact"],
  ["deal", "sales"],
  ["employee", "hr"],
  ["employee.salary", "hr"],
  ["employee.review", "hr"],
  ["employee.absence", "hr"],
  ["employee.absence_reason", "special"],
] as const satisfies ReadonlyArray<readonly [string, DataCategory]>;

export type CatalogueField = (typeof FIELDS)[number][0];

export const FIELD_CATALOGUE: ReadonlyArray<{ field: CatalogueField; category: DataCategory }> = FIELDS.map(
  ([field, category]) => ({ field, category }),
);

function inCatalogue(field: string): field is CatalogueField {
  return FIELD_CATALOGUE.some((f) => f.field === field);
}

export function categoryOf(field: string): DataCategory | null {
  return FIELD_CATALOGUE.find((f) => f.field === field)?.category ?? null;
}

/** A field's name in words; one the catalogue does not know yet shows as its key. */
export function fieldName(field: string): string {
  return inCatalogue(field) ? t(`privacy.field.${field}`) : field;
}

export function dataCategoryName(category: string): string {
  return DATA_CATEGORIES.some((c) => c === category) ? categoryName(category as DataCategory) : category;
}

export function basisName(basis: LawfulBasis): string {
  return t(`privacy.basis.${basis}`);
}

/** "Consent (Art. 6(1)(a))": the words first, the article for whoever checks. */
export function basisLabel(basis: LawfulBasis): string {
  return t("privacy.basisWithArticle", { basis: basisName(basis), article: t(`privacy.basis.${basis}.article`) });
}

export function basisHint(basis: LawfulBasis): string {
  return t(`privacy.basis.${basis}.hint`);
}

/** The languages consent statements (and documents) are written in, Dutch first. */
export const LANGS: readonly Lang[] = ["nl", "en"];

export function langName(lang: Lang): string {
  return t(`privacy.lang.${lang}`);
}

/** Why processing is restricted (Art. 18(1)(a)-(d)), in the words of the person's consent panel. */
export function groundName(ground: RestrictionGround): string {
  return t(`consent.ground.${ground}`);
}

/** The first 12 hex digits of a hash: enough to compare by eye; the full one goes in a title. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

/** A date (or the date of a timestamp) in the current language. A bare date stays that day. */
export function formatDate(value: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  return new Intl.DateTimeFormat(getLocale(), { dateStyle: "medium", timeZone: dateOnly ? "UTC" : undefined }).format(time);
}
