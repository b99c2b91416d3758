// The import's target fields in the order the mapping screen lists them, and row-problem texts.
import type { ImportField } from "$lib/api";
import { t, type MessageKey } from "$lib/i18n/index.svelte";

export const IMPORT_FIELDS: readonly ImportField[] = [
  "given_name",
  "tussenvoegsel",
  "family_name",
  "full_name",
  "salutation",
  "email",
  "phone",
  "street",
  "postcode",
  "city",
  "country",
  "organisation",
  "job_title",
  "date_of_birth",
  "tags",
  "notes",
  "source",
];

/** Fields that give a row a name; the core refuses a mapping without one. */
export const NAME_FIELDS: readonly ImportField[] = ["given_name", "family_name", "full_name"];

const KNOWN = new Set([
  "field_too_long",
  "unreadable_row",
  "ragged_row",
  "unterminated_card",
  "required",
  "too_long",
  "invalid_format",
  "out_of_range",
]);

/** A row problem's reason code as text in the current language. */
export function problemText(reason: string): string {
  return t((KNOWN.has(reason) ? `import.reason.${reason}` : "import.reason.other") as MessageKey);
}
