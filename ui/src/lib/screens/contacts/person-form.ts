// The person form's model: an editable draft, turning it into the core's PersonInput, and the
// client-side checks that give a field-level message before the core (which checks again).
import type { Person, PersonInput } from "$lib/api";
import { t } from "$lib/i18n/index.svelte";

export interface Draft {
  salutation: string;
  givenName: string;
  tussenvoegsel: string;
  familyName: string;
  emails: string[];
  phones: string[];
  /**
   * Phone numbers (as typed) to keep even if they cannot be checked: those stored unchecked
   * and those the person confirmed with "Save as typed". A changed number is checked again.
   */
  keptPhones: string[];
  street: string;
  postcode: string;
  city: string;
  country: string;
  dateOfBirth: string;
  organisationId: number | null;
  organisationName: string;
  jobTitle: string;
  preferredLanguage: string;
  source: string;
  ownerId: number | null;
  tags: string;
  notes: string;
}

export type DraftField =
  | "givenName"
  | "familyName"
  | "tussenvoegsel"
  | "emails"
  | "phones"
  | "addresses"
  | "dateOfBirth"
  | "organisationId"
  | "ownerId"
  | "tags"
  | "notes"
  | "jobTitle"
  | "salutation"
  | "source";

export function draftFrom(p: Person | null, ownerId: number | null): Draft {
  const a = p?.addresses[0];
  return {
    salutation: p?.salutation ?? "",
    givenName: p?.givenName ?? "",
    tussenvoegsel: p?.tussenvoegsel ?? "",
    familyName: p?.familyName ?? "",
    emails: p?.emails.length ? p.emails.map((e) => e.value) : [""],
    phones: p?.phones.length ? p.phones.map((e) => e.value) : [""],
    keptPhones: p?.phones.filter((e) => e.unchecked).map((e) => e.value.trim()) ?? [],
    street: a?.street ?? "",
    postcode: a?.postcode ?? "",
    city: a?.city ?? "",
    country: a?.country ?? "NL",
    dateOfBirth: p?.dateOfBirth ?? "",
    organisationId: p?.organisationId ?? null,
    organisationName: p?.organisationName ?? "",
    jobTitle: p?.jobTitle ?? "",
    preferredLanguage: p?.preferredLanguage ?? "nl",
    source: p?.source ?? "",
    ownerId: p ? p.ownerId : ownerId,
    tags: p?.tags.join(", ") ?? "",
    notes: p?.notes ?? "",
  };
}

const opt = (v: string) => (v.trim() ? v.trim() : null);

export function toInput(d: Draft, original: Person | null): PersonInput {
  // Addresses beyond the first are kept as they were (the form edits the main one).
  const rest = (original?.addresses.slice(1) ?? []).map(({ label, street, postcode, city, country }) => ({
    label,
    street,
    postcode,
    city,
    country,
  }));
  const main = { label: original?.addresses[0]?.label ?? null, street: opt(d.street), postcode: opt(d.postcode), city: opt(d.city), country: opt(d.country) };
  return {
    givenName: d.givenName.trim(),
    tussenvoegsel: d.tussenvoegsel.trim(),
    familyName: d.familyName.trim(),
    salutation: opt(d.salutation),
    dateOfBirth: opt(d.dateOfBirth),
    organisationId: d.organisationId,
    jobTitle: opt(d.jobTitle),
    preferredLanguage: opt(d.preferredLanguage),
    source: opt(d.source),
    ownerId: d.ownerId,
    notes: opt(d.notes),
    emails: d.emails.filter((v) => v.trim()).map((value, i) => ({ label: original?.emails[i]?.label ?? null, value: value.trim(), keepUnchecked: false })),
    phones: d.phones.filter((v) => v.trim()).map((value, i) => ({
      label: original?.phones[i]?.label ?? null,
      value: value.trim(),
      keepUnchecked: isKept(d, value),
    })),
    addresses: main.street || main.postcode || main.city ? [main, ...rest] : rest,
    tags: d.tags.split(/[,;]/).map((s) => s.trim()).filter(Boolean),
  };
}

/** True when the person said to keep this phone number as typed (or it was stored so). */
export function isKept(d: Draft, phone: string): boolean {
  return d.keptPhones.includes(phone.trim());
}

/** The numbers to keep as typed once the person confirmed: every phone number now in the draft. */
export function keepPhonesAsTyped(d: Draft): string[] {
  const typed = d.phones.map((v) => v.trim()).filter(Boolean);
  return [...new Set([...d.keptPhones, ...typed])];
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$/;
const NL_POSTCODE = /^[1-9][0-9]{3}\s?[A-Za-z]{2}$/;

/** The message next to phone numbers that could not be checked (one, or one of several). */
export function phoneUncheckedText(d: Draft): string {
  return d.phones.filter((p) => p.trim()).length > 1 ? t("personForm.phoneUncheckedSome") : t("personForm.phoneUnchecked");
}

/** Checks the core also makes, so most mistakes get their message without a round trip. */
export function checkDraft(d: Draft): Partial<Record<DraftField, string>> {
  const errors: Partial<Record<DraftField, string>> = {};
  if (!d.familyName.trim() && !d.givenName.trim()) errors.familyName = t("validation.required");
  if (d.emails.some((e) => e.trim() && !EMAIL.test(e.trim()))) errors.emails = t("personForm.badEmail");
  // Too few digits to be a number the core can check: the same offer as the core's refusal.
  if (d.phones.some((p) => p.trim() && !isKept(d, p) && p.replace(/[^0-9]/g, "").length < 8)) errors.phones = phoneUncheckedText(d);
  if (d.postcode.trim() && (d.country.trim().toUpperCase() || "NL") === "NL" && !NL_POSTCODE.test(d.postcode.trim())) {
    errors.addresses = t("personForm.badPostcode");
  }
  if (d.dateOfBirth && d.dateOfBirth > new Date().toISOString().slice(0, 10)) errors.dateOfBirth = t("validation.out_of_range");
  return errors;
}
