// The employee form's model: an editable draft, turning it into the core's EmployeeInput, and
// the few checks that need no round trip. The core checks everything again (format, ranges).
import type { ContractType, Employee, EmployeeInput, SalaryPeriod } from "$lib/api";
import { t } from "$lib/i18n/index.svelte";
import type { Errors } from "$lib/state/validate";

export interface Draft {
  givenName: string;
  tussenvoegsel: string;
  familyName: string;
  email: string;
  position: string;
  department: string;
  contractType: ContractType;
  /** Number inputs bind to a number, or to null/undefined while empty. */
  hoursPerWeek: number | null | undefined;
  startDate: string;
  endDate: string;
  /** In currency units as typed (euros, say); cents only on the way to the core. */
  salary: number | null | undefined;
  salaryCurrency: string;
  salaryPeriod: SalaryPeriod;
  notes: string;
}

export type Field =
  | "givenName"
  | "tussenvoegsel"
  | "familyName"
  | "email"
  | "position"
  | "department"
  | "hoursPerWeek"
  | "startDate"
  | "endDate"
  | "salary"
  | "notes";

/** The core's field names (ApiError details.field) onto the form's. */
export const CORE_FIELDS: Record<string, Field> = {
  givenName: "givenName",
  tussenvoegsel: "tussenvoegsel",
  familyName: "familyName",
  email: "email",
  position: "position",
  department: "department",
  hoursPerWeek: "hoursPerWeek",
  startDate: "startDate",
  endDate: "endDate",
  salary: "salary",
  salaryCents: "salary",
  salaryCurrency: "salary",
  notes: "notes",
};

export function draftFrom(e: Employee | null): Draft {
  return {
    givenName: e?.givenName ?? "",
    tussenvoegsel: e?.tussenvoegsel ?? "",
    familyName: e?.familyName ?? "",
    email: e?.email ?? "",
    position: e?.position ?? "",
    department: e?.department ?? "",
    contractType: e?.contractType ?? "permanent",
    hoursPerWeek: e?.hoursPerWeek ?? null,
    startDate: e?.startDate ?? "",
    endDate: e?.endDate ?? "",
    salary: e?.salary ? e.salary.cents / 100 : null,
    salaryCurrency: e?.salary?.currency ?? "EUR",
    salaryPeriod: e?.salary?.period ?? "month",
    notes: e?.notes ?? "",
  };
}

const opt = (v: string) => (v.trim() ? v.trim() : null);
const blank = (v: number | null | undefined): v is null | undefined => v === null || v === undefined || Number.isNaN(v);

export function toInput(d: Draft): EmployeeInput {
  const cents = blank(d.salary) ? null : Math.round(d.salary * 100);
  return {
    givenName: d.givenName.trim(),
    tussenvoegsel: d.tussenvoegsel.trim(),
    familyName: d.familyName.trim(),
    email: opt(d.email),
    position: opt(d.position),
    department: opt(d.department),
    contractType: d.contractType,
    hoursPerWeek: blank(d.hoursPerWeek) ? null : d.hoursPerWeek,
    startDate: d.startDate.trim(),
    endDate: opt(d.endDate),
    salaryCents: cents,
    salaryCurrency: cents === null ? null : d.salaryCurrency,
    salaryPeriod: d.salaryPeriod,
    notes: opt(d.notes),
  };
}

/** The message for an end date before the start, whether this form or the core finds it. */
export const endBeforeStart = () => t("hr.endBeforeStart");

export function checkDraft(d: Draft): Errors<Field> {
  const errors: Errors<Field> = {};
  if (!d.givenName.trim()) errors.givenName = t("validation.required");
  if (!d.familyName.trim()) errors.familyName = t("validation.required");
  if (!d.startDate.trim()) errors.startDate = t("validation.required");
  // ISO dates compare correctly as text.
  else if (d.endDate.trim() && d.endDate.trim() < d.startDate.trim()) errors.endDate = endBeforeStart();
  // The core stores whole hours (an unsigned number), so a fraction would fail on the way in.
  const hours = d.hoursPerWeek;
  if (!blank(hours) && (hours < 0 || hours > 80 || !Number.isInteger(hours))) {
    errors.hoursPerWeek = t("hr.hoursWhole");
  }
  return errors;
}
