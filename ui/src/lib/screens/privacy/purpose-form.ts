// The purpose editor's model: an editable draft, turning it into the core's PurposeInput, and the
// checks that need no round trip (the core checks everything again, names included).
import type { LawfulBasis, PurposeInput, ValidationReason } from "$lib/api/types";
import { validationMessage } from "$lib/i18n/errors";
import { t } from "$lib/i18n/index.svelte";
import type { Errors } from "$lib/state/validate";

export interface Draft {
  name: string;
  description: string;
  /** Null until chosen: a new purpose starts without a basis rather than with a guessed one. */
  lawfulBasis: LawfulBasis | null;
  balancingNote: string;
  marketing: boolean;
  dataCategories: string[];
  fields: string[];
  /** One per line. */
  subjectCategories: string;
  /** One per line. */
  recipients: string;
  transfersAbroad: boolean;
  transfers: string;
  retention: string;
  securityMeasures: string;
}

export type Field =
  | "name"
  | "description"
  | "lawfulBasis"
  | "balancingNote"
  | "dataCategories"
  | "fields"
  | "subjectCategories"
  | "recipients"
  | "transfers"
  | "retention"
  | "securityMeasures";

/** The core's field names (ApiError details.field) onto the form's; they are the same. */
export const CORE_FIELDS: Record<string, Field> = {
  name: "name",
  description: "description",
  lawfulBasis: "lawfulBasis",
  balancingNote: "balancingNote",
  dataCategories: "dataCategories",
  fields: "fields",
  subjectCategories: "subjectCategories",
  recipients: "recipients",
  transfers: "transfers",
  retention: "retention",
  securityMeasures: "securityMeasures",
};

export function draftFrom(p: PurposeInput | null): Draft {
  return {
    name: p?.name ?? "",
    description: p?.description ?? "",
    lawfulBasis: p?.lawfulBasis ?? null,
    balancingNote: p?.balancingNote ?? "",
    marketing: p?.marketing ?? false,
    dataCategories: [...(p?.dataCategories ?? [])],
    fields: [...(p?.fields ?? [])],
    subjectCategories: (p?.subjectCategories ?? []).join("\n"),
    recipients: (p?.recipients ?? []).join("\n"),
    transfersAbroad: Boolean(p?.transfers),
    transfers: p?.transfers ?? "",
    retention: p?.retention ?? "",
    securityMeasures: p?.securityMeasures ?? "",
  };
}

/** The non-empty lines of a one-per-line list. */
export function lines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

export function toInput(d: Draft, lawfulBasis: LawfulBasis): PurposeInput {
  return {
    name: d.name.trim(),
    description: d.description.trim(),
    lawfulBasis,
    // The core drops a note for any other basis; sending none keeps the request honest.
    balancingNote: lawfulBasis === "legitimate_interests" ? d.balancingNote.trim() || null : null,
    marketing: d.marketing,
    dataCategories: [...d.dataCategories],
    fields: [...d.fields],
    subjectCategories: lines(d.subjectCategories),
    recipients: lines(d.recipients),
    transfers: d.transfersAbroad ? d.transfers.trim() || null : null,
    retention: d.retention.trim(),
    securityMeasures: d.securityMeasures.trim(),
  };
}

/** Everything the core would refuse for being empty, at once, so the form shows it all. */
export function checkDraft(d: Draft): Errors<Field> {
  const required = t("validation.required");
  const errors: Errors<Field> = {};
  if (!d.name.trim()) errors.name = required;
  if (!d.description.trim()) errors.description = required;
  if (!d.lawfulBasis) errors.lawfulBasis = t("privacy.editor.basisRequired");
  if (d.lawfulBasis === "legitimate_interests" && !d.balancingNote.trim()) {
    errors.balancingNote = t("privacy.editor.balancingRequired");
  }
  if (d.dataCategories.length === 0) errors.dataCategories = t("privacy.editor.categoriesRequired");
  if (lines(d.subjectCategories).length === 0) errors.subjectCategories = t("privacy.editor.subjectsRequired");
  // "Yes" without saying where to would be stored as "no transfers": ask instead.
  if (d.transfersAbroad && !d.transfers.trim()) errors.transfers = t("privacy.editor.transfersRequired");
  if (!d.retention.trim()) errors.retention = required;
  if (!d.securityMeasures.trim()) errors.securityMeasures = required;
  return errors;
}

/** What to say when the core refuses a field: the form's own words where they say more. */
export function refusalMessage(field: Field, reason: ValidationReason | null): string {
  if (reason === "required") {
    if (field === "balancingNote") return t("privacy.editor.balancingRequired");
    if (field === "dataCategories") return t("privacy.editor.categoriesRequired");
    if (field === "subjectCategories") return t("privacy.editor.subjectsRequired");
  }
  if (field === "name" && reason === "in_use") return t("privacy.editor.nameTaken");
  if (field === "fields" && reason === "invalid_format") return t("privacy.editor.fieldsUnknown");
  return reason ? validationMessage(reason) : t("error.validation.invalid");
}
