// The fake's personnel files: the same rules as the core's hr module (hr.view to see anything,
// special.view for absence reasons, special.create to record one).
import type { Absence } from "./bindings/Absence";
import type { AbsenceInput } from "./bindings/AbsenceInput";
import type { Employee } from "./bindings/Employee";
import type { EmployeeFile } from "./bindings/EmployeeFile";
import type { EmployeeInput } from "./bindings/EmployeeInput";
import type { EmployeePage } from "./bindings/EmployeePage";
import type { EmployeeQuery } from "./bindings/EmployeeQuery";
import type { Review } from "./bindings/Review";
import type { ReviewInput } from "./bindings/ReviewInput";
import type { ValidationReason } from "./bindings/ValidationReason";

interface StoredAbsence extends Omit<Absence, "reason"> {
  reasonText: string | null;
}

export interface HrRecord {
  employee: Employee;
  reviews: Review[];
  absences: StoredAbsence[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks input like the core; returns the failing field and reason, or null. */
export function employeeProblem(input: EmployeeInput): [string, ValidationReason] | null {
  if (!input.givenName.trim()) return ["givenName", "required"];
  if (!input.familyName.trim()) return ["familyName", "required"];
  if (!DATE.test(input.startDate.trim())) return ["startDate", "invalid_format"];
  const end = input.endDate?.trim();
  if (end && !DATE.test(end)) return ["endDate", "invalid_format"];
  if (end && end < input.startDate.trim()) return ["endDate", "out_of_range"];
  if (input.email?.trim() && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email.trim())) return ["email", "invalid_format"];
  if (input.hoursPerWeek !== null && input.hoursPerWeek > 80) return ["hoursPerWeek", "out_of_range"];
  if (input.salaryCents !== null && input.salaryCents < 0) return ["salary", "out_of_range"];
  return null;
}

export function toEmployee(id: number, input: EmployeeInput, createdAt: string): Employee {
  const tv = input.tussenvoegsel.trim();
  const given = input.givenName.trim();
  const family = input.familyName.trim();
  return {
    id,
    givenName: given,
    tussenvoegsel: tv,
    familyName: family,
    displayName: [given, tv, family].filter(Boolean).join(" "),
    email: input.email?.trim() || null,
    position: input.position?.trim() || null,
    department: input.department?.trim() || null,
    contractType: input.contractType,
    hoursPerWeek: input.hoursPerWeek,
    startDate: input.startDate.trim(),
    endDate: input.endDate?.trim() || null,
    salary:
      input.salaryCents === null
        ? null
        : { cents: input.salaryCents, currency: (input.salaryCurrency || "EUR").toUpperCase(), period: input.salaryPeriod },
    notes: input.notes?.trim() || null,
    createdAt,
    updatedAt: createdAt,
  };
}

export function seedStaff(): HrRecord[] {
  const base: Array<[string, string, string, string, string, string | null]> = [
    ["Sanne", "", "Bakker", "Accountmanager", "Verkoop", null],
    ["Bram", "van", "Dijk", "Servicemonteur", "Service", null],
    ["Femke", "de", "Boer", "Boekhouder", "Financiën", null],
    ["Thijs", "", "Mulder", "Projectleider", "Projecten", null],
    ["Ilse", "", "Smit", "Marketeer", "Marketing", "2026-06-30"],
  ];
  return base.map(([given, tv, family, position, department, end], i) => ({
    employee: toEmployee(
      9000 + i,
      {
        givenName: given,
        tussenvoegsel: tv,
        familyName: family,
        email: `${given.toLowerCase()}@kluis-demo.nl`,
        position,
        department,
        contractType: i === 3 ? "fixed_term" : "permanent",
        hoursPerWeek: [40, 36, 32, 40, 24][i] ?? 40,
        startDate: `20${18 + i}-0${(i % 8) + 1}-01`,
        endDate: end,
        salaryCents: (3200 + i * 350) * 100,
        salaryCurrency: "EUR",
        salaryPeriod: "month",
        notes: null,
      },
      "2026-01-05T09:00:00Z",
    ),
    reviews:
      i % 2 === 0
        ? [{ id: 9100 + i, reviewDate: "2026-03-15", reviewerName: "Fatima el Amrani", rating: 4, summary: "Goed jaar; klanten zijn tevreden." }]
        : [],
    absences:
      i < 3
        ? [{ id: 9200 + i, kind: i === 1 ? "leave" : "sick", startDate: "2026-02-09", endDate: "2026-02-11", reasonText: i === 1 ? null : "Griep" }]
        : [],
  }));
}

export function listPage(records: HrRecord[], query: EmployeeQuery, today: string): EmployeePage {
  const rows = records
    .filter((r) => query.includeFormer || !r.employee.endDate || r.employee.endDate >= today)
    .map((r) => r.employee)
    .sort((a, b) => a.familyName.localeCompare(b.familyName) || a.id - b.id);
  const start = query.after ? Number(query.after) : 0;
  const page = rows.slice(start, start + query.limit);
  return {
    rows: page.map((e) => ({
      id: e.id,
      displayName: e.displayName,
      position: e.position,
      department: e.department,
      contractType: e.contractType,
      startDate: e.startDate,
      endDate: e.endDate,
    })),
    nextCursor: start + query.limit < rows.length ? String(start + query.limit) : null,
    total: query.after ? -1 : rows.length,
  };
}

export function fileOf(r: HrRecord, withReasons: boolean): EmployeeFile {
  return {
    employee: { ...r.employee },
    reviews: r.reviews.map((x) => ({ ...x })),
    absences: r.absences.map(({ reasonText, ...rest }) => ({
      ...rest,
      reason: withReasons ? { state: "shown", value: reasonText } : { state: "redacted" },
    })),
  };
}

export function reviewProblem(input: ReviewInput): [string, ValidationReason] | null {
  if (!DATE.test(input.reviewDate.trim())) return ["reviewDate", "invalid_format"];
  if (input.rating !== null && (input.rating < 1 || input.rating > 5)) return ["rating", "out_of_range"];
  if (!input.summary.trim()) return ["summary", "required"];
  return null;
}

export function absenceProblem(input: AbsenceInput): [string, ValidationReason] | null {
  if (!DATE.test(input.startDate.trim())) return ["startDate", "invalid_format"];
  const end = input.endDate?.trim();
  if (end && !DATE.test(end)) return ["endDate", "invalid_format"];
  if (end && end < input.startDate.trim()) return ["endDate", "out_of_range"];
  return null;
}
