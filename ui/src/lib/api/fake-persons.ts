// The fake's rules for a person's fields, like the core's crm::persons: the form's checks, a
// phone number kept as typed once someone said so, and the import's rules that keep the person
// when one optional field is wrong (the field is left out, an unchecked phone number kept).
import type { FieldNote } from "./bindings/FieldNote";
import type { ImportField } from "./bindings/ImportField";
import type { PersonInput } from "./bindings/PersonInput";
import type { PersonRow } from "./bindings/PersonRow";
import type { ValidationReason } from "./bindings/ValidationReason";

export type Problem = [field: string, reason: ValidationReason];

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const PHONE = /^\+?[0-9 ()-]{8,}$/;
const NL_POSTCODE = /^[1-9][0-9]{3} ?[A-Za-z]{2}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A phone number the fake can "check" (the core asks the numbering plan). */
export function phoneChecks(value: string): boolean {
  return PHONE.test(value.trim());
}

/** The first field that breaks a rule, or null. `today` is YYYY-MM-DD. */
export function personProblem(input: PersonInput, today: string): Problem | null {
  if (!input.familyName.trim()) return ["familyName", "required"];
  for (const e of input.emails) if (e.value.trim() && !EMAIL.test(e.value.trim())) return ["emails", "invalid_format"];
  for (const ph of input.phones) {
    const v = ph.value.trim();
    if (!v) continue;
    if (v.length > 40) return ["phones", "too_long"];
    if (!phoneChecks(v) && !ph.keepUnchecked) return ["phones", "invalid_format"];
  }
  if (input.addresses.some(badPostcode)) return ["addresses", "invalid_format"];
  if (input.dateOfBirth) {
    if (!DATE.test(input.dateOfBirth)) return ["dateOfBirth", "invalid_format"];
    if (input.dateOfBirth > today) return ["dateOfBirth", "out_of_range"];
  }
  if (input.tags.some((tag) => tag.length > 40)) return ["tags", "too_long"];
  return null;
}

function badPostcode(a: PersonInput["addresses"][number]): boolean {
  return !!a.postcode?.trim() && (a.country?.trim() || "NL").toUpperCase() === "NL" && !NL_POSTCODE.test(a.postcode.trim());
}

type Kept = Omit<FieldNote, "line" | "column">;

/**
 * The import's rules when a wrong field does not cost the row: every phone number may be kept
 * unchecked, and each other field that breaks a rule is left out, one at a time, until the
 * person passes. Returns the input to store and the notes, or the problem that still refuses
 * the row (a missing name).
 */
export function keepingPerson(input: PersonInput, today: string): { input: PersonInput; notes: Kept[] } | Problem {
  const p: PersonInput = {
    ...input,
    emails: [...input.emails],
    phones: input.phones.map((ph) => ({ ...ph, keepUnchecked: true })),
    addresses: input.addresses.map((a) => ({ ...a })),
    tags: [...input.tags],
  };
  const notes: Kept[] = [];
  for (let round = 0; round < 64; round++) {
    const problem = personProblem(p, today);
    if (!problem) {
      for (const ph of p.phones) {
        if (ph.value.trim() && !phoneChecks(ph.value)) notes.push({ field: "phones", reason: "invalid_format", keptAsTyped: true });
      }
      return { input: p, notes };
    }
    const [field, reason] = problem;
    const gone = leaveOut(p, field);
    if (!gone) return problem;
    notes.push({ field: gone, reason, keptAsTyped: false });
  }
  return ["row", "invalid_format"];
}

/** Takes the wrong part of `field` out of `p`; the field as noted, or null when it must stay. */
function leaveOut(p: PersonInput, field: string): string | null {
  const drop = <T>(list: T[], bad: (x: T) => boolean) => {
    const i = list.findIndex(bad);
    if (i >= 0) list.splice(i, 1);
    return i >= 0;
  };
  switch (field) {
    case "emails":
      return drop(p.emails, (e) => !!e.value.trim() && !EMAIL.test(e.value.trim())) ? "emails" : null;
    case "phones":
      return drop(p.phones, (ph) => ph.value.trim().length > 40) ? "phones" : null;
    case "dateOfBirth":
      if (p.dateOfBirth === null) return null;
      p.dateOfBirth = null;
      return "dateOfBirth";
    case "addresses": {
      const i = p.addresses.findIndex(badPostcode);
      if (i < 0) return null;
      const without = { ...p.addresses[i]!, postcode: null };
      if (without.street || without.city) {
        p.addresses[i] = without;
        return "postcode";
      }
      p.addresses.splice(i, 1);
      return "addresses";
    }
    case "tags":
      return drop(p.tags, (tag) => tag.length > 40) ? "tags" : null;
    default:
      return null;
  }
}

/** One CSV row as the form's input (like the core's row_input), with the organisation's name. */
export function rowInput(row: string[], mapping: Array<ImportField | null>): { input: PersonInput; organisation: string | null } {
  const input: PersonInput = {
    givenName: "", tussenvoegsel: "", familyName: "", salutation: null, dateOfBirth: null, organisationId: null, jobTitle: null,
    preferredLanguage: null, source: null, ownerId: null, notes: null, emails: [], phones: [], addresses: [], tags: [],
  };
  const address = { label: null, street: null as string | null, postcode: null as string | null, city: null as string | null, country: null as string | null };
  let organisation: string | null = null;
  mapping.forEach((m, c) => {
    const v = (row[c] ?? "").trim();
    if (!v || !m) return;
    switch (m) {
      case "given_name": input.givenName = v; break;
      case "tussenvoegsel": input.tussenvoegsel = v; break;
      case "family_name": input.familyName = v; break;
      case "full_name": {
        const parts = v.split(" ");
        input.givenName = parts[0] ?? "";
        input.familyName = parts.slice(1).join(" ");
        break;
      }
      case "salutation": input.salutation = v; break;
      case "email": input.emails.push({ label: null, value: v, keepUnchecked: false }); break;
      case "phone": input.phones.push({ label: null, value: v, keepUnchecked: false }); break;
      case "street": address.street = v; break;
      case "postcode": address.postcode = v; break;
      case "city": address.city = v; break;
      case "country": address.country = v; break;
      case "organisation": organisation = v; break;
      case "job_title": input.jobTitle = v; break;
      case "date_of_birth": input.dateOfBirth = v; break;
      case "tags": input.tags = v.split(/[,;]/).map((s) => s.trim()).filter(Boolean); break;
      case "notes": input.notes = v; break;
      case "source": input.source = v; break;
    }
  });
  if (address.street || address.postcode || address.city) input.addresses.push(address);
  return { input, organisation };
}

const COLUMNS: Record<string, ImportField[]> = {
  givenName: ["given_name", "full_name"],
  familyName: ["family_name", "full_name"],
  tussenvoegsel: ["tussenvoegsel", "full_name"],
  emails: ["email"],
  phones: ["phone"],
  addresses: ["postcode", "street", "city", "country"],
  postcode: ["postcode"],
  organisation: ["organisation"],
  dateOfBirth: ["date_of_birth"],
  tags: ["tags"],
  notes: ["notes"],
  jobTitle: ["job_title"],
  salutation: ["salutation"],
  source: ["source"],
};

/** The CSV header a form field came from, for the report (like the core's column_of). */
export function columnOf(field: string, headers: string[], mapping: Array<ImportField | null>): string | null {
  const wanted = COLUMNS[field] ?? [];
  const i = mapping.findIndex((m) => m !== null && wanted.includes(m));
  return i >= 0 ? (headers[i] ?? null) : null;
}

/**
 * A big vault without a big array: row i is made when asked for (a million people cost nothing
 * until a page of them is read). Row i's owner is owners[i % owners.length], so the owner filter
 * picks every n-th row and stays lazy too. The order is the index order; the fake ignores the
 * sort, as it does for its small list.
 */
export class LazyPeople {
  constructor(
    readonly count: number,
    readonly firstId: number,
    readonly owners: ReadonlyArray<{ id: number; name: string }>,
  ) {}

  /** Row i of the whole list (0-based); its email names the index: persoon{i}@voorbeeld.nl. */
  row(i: number): PersonRow {
    const given = ["Jan", "Anna", "Piet", "Lotte", "Sem", "Emma", "Daan", "Julia"];
    const family = ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "de Boer", "Müller"];
    const owner = this.owners.length ? this.owners[i % this.owners.length]! : null;
    return {
      id: this.firstId + i,
      displayName: `${given[i % given.length]} ${family[(i * 7 + Math.floor(i / 8)) % family.length]}`,
      organisationName: i % 3 ? "Bakkerij Jansen B.V." : null,
      jobTitle: null,
      email: `persoon${i}@voorbeeld.nl`,
      phone: `+316${String(10_000_000 + i).slice(-8)}`,
      ownerName: owner?.name ?? null,
      restricted: false,
      marketingObjection: false,
    };
  }

  /** The index of the row with this id, or -1. */
  indexOf(id: number): number {
    const i = id - this.firstId;
    return Number.isInteger(i) && i >= 0 && i < this.count ? i : -1;
  }

  /** The rows an owner filter leaves: how many, and the index (in the whole list) of the j-th. */
  view(ownerId: number | null): { count: number; at: (j: number) => number; position: (i: number) => number } {
    if (ownerId === null) return { count: this.count, at: (j) => j, position: (i) => i };
    const u = this.owners.length;
    const k = this.owners.findIndex((o) => o.id === ownerId);
    if (k < 0 || k >= this.count) return { count: 0, at: (j) => j, position: () => -1 };
    return { count: Math.floor((this.count - 1 - k) / u) + 1, at: (j) => j * u + k, position: (i) => (i % u === k ? (i - k) / u : -1) };
  }
}
