// Labels and formatting for personnel files. Money and days reuse the deals helpers so a
// salary and a deal amount read the same way in a locale.
import type { AbsenceKind, ContractType, Salary, SalaryPeriod } from "$lib/api";
import { t, type MessageKey } from "$lib/i18n/index.svelte";
import { formatDay, formatMoney } from "../deals/format";

export const CONTRACT_TYPES: ContractType[] = ["permanent", "fixed_term", "temporary", "freelance", "intern"];
export const ABSENCE_KINDS: AbsenceKind[] = ["sick", "leave", "parental", "other"];
export const SALARY_PERIODS: SalaryPeriod[] = ["month", "hour", "year"];
export const CURRENCIES = ["EUR", "USD", "GBP", "CHF"];

const CONTRACT_KEYS: Record<ContractType, MessageKey> = {
  permanent: "hr.contract.permanent",
  fixed_term: "hr.contract.fixed_term",
  temporary: "hr.contract.temporary",
  freelance: "hr.contract.freelance",
  intern: "hr.contract.intern",
};

const KIND_KEYS: Record<AbsenceKind, MessageKey> = {
  sick: "hr.kind.sick",
  leave: "hr.kind.leave",
  parental: "hr.kind.parental",
  other: "hr.kind.other",
};

const PERIOD_KEYS: Record<SalaryPeriod, MessageKey> = {
  hour: "hr.period.hour",
  month: "hr.period.month",
  year: "hr.period.year",
};

const SALARY_KEYS: Record<SalaryPeriod, MessageKey> = {
  hour: "hr.salaryPer.hour",
  month: "hr.salaryPer.month",
  year: "hr.salaryPer.year",
};

export const contractLabel = (type: ContractType): string => t(CONTRACT_KEYS[type]);
export const kindLabel = (kind: AbsenceKind): string => t(KIND_KEYS[kind]);
export const periodLabel = (period: SalaryPeriod): string => t(PERIOD_KEYS[period]);

/** "€ 3.200 per maand": the amount in the locale's style, with what it is paid for. */
export function formatSalary(salary: Salary): string {
  return t(SALARY_KEYS[salary.period], { amount: formatMoney(salary.cents, salary.currency) });
}

/** A period of days; an open end reads "from …" rather than a dangling dash. */
export function formatRange(start: string, end: string | null): string {
  if (!end) return t("hr.from", { date: formatDay(start) });
  if (end === start) return formatDay(start);
  return `${formatDay(start)} – ${formatDay(end)}`;
}

export { formatDay };
