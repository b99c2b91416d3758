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

/** The form fields a field note names, as the import's field labels. */
const NOTE_FIELDS: Record<string, MessageKey> = {
  phones: "import.field.phone",
  emails: "import.field.email",
  postcode: "import.field.postcode",
  addresses: "import.noteField.addresses",
  dateOfBirth: "import.field.date_of_birth",
  tags: "import.field.tags",
  salutation: "import.field.salutation",
  jobTitle: "import.field.job_title",
  preferredLanguage: "import.noteField.preferredLanguage",
  source: "import.field.source",
  notes: "import.field.notes",
};

/** The Kluis field a note is about, in words ("phones" -> "Phone"). */
export function noteFieldText(field: string): string {
  const key = NOTE_FIELDS[field];
  return key ? t(key) : field;
}

/** Reasons said in the field's own terms; any other falls back to the row problem's text. */
const NOTE_REASONS = new Set([
  "phones.invalid_format",
  "emails.invalid_format",
  "postcode.invalid_format",
  "dateOfBirth.invalid_format",
  "dateOfBirth.out_of_range",
]);

/** Why a field was not taken as given, in the current language. */
export function noteReasonText(field: string, reason: string): string {
  const specific = `${field}.${reason}`;
  return NOTE_REASONS.has(specific) ? t(`import.noteReason.${specific}` as MessageKey) : problemText(reason);
}
