// Words and dates for data subject requests: the rights of Art. 15-22, how identity was
// checked, statuses, and the deadline as "days left" or "days overdue", in the current language.
import type { RequestKind, RequestStatus, SubjectRequest, Verification } from "$lib/api";
import { t } from "$lib/i18n/index.svelte";

/** In the order of the articles. */
export const KINDS: readonly RequestKind[] = ["access", "rectification", "erasure", "restriction", "portability", "objection"];
export const VERIFICATIONS: readonly Verification[] = ["in_person_id", "known_email", "signed_letter", "video_call", "other"];

export const kindName = (kind: RequestKind): string => t(`requests.kind.${kind}`);
export const kindArticle = (kind: RequestKind): string => t(`requests.kind.${kind}.article`);
export const kindHint = (kind: RequestKind): string => t(`requests.kind.${kind}.hint`);
export const verificationName = (v: Verification): string => t(`requests.verification.${v}`);
export const statusName = (status: RequestStatus): string => t(`requests.status.${status}`);

export const isOpen = (r: Pick<SubjectRequest, "status">): boolean => r.status === "received" || r.status === "in_progress";

/** "12 days left", "Due today", "3 days overdue", or "Closed": never the colour alone. */
export function daysText(r: Pick<SubjectRequest, "urgency" | "daysLeft">): string {
  if (r.urgency === "closed") return t("requests.days.closed");
  const n = r.daysLeft;
  if (n === 0) return t("requests.days.today");
  if (n === 1) return t("requests.days.leftOne");
  if (n === -1) return t("requests.days.overdueOne");
  return n > 0 ? t("requests.days.left", { count: n }) : t("requests.days.overdue", { count: -n });
}

/** Who the request is from, when there is no name to show (erased, or not for this role). */
export function subjectFallback(r: Pick<SubjectRequest, "personId" | "subjectRef">): string {
  return r.personId === null ? t("requests.subject.erased", { ref: String(r.subjectRef) }) : t("requests.subject.hidden", { ref: String(r.subjectRef) });
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function parse(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null;
}

function format(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/**
 * Calendar months after a `YYYY-MM-DD` day, kept to the month's last day when the day does not
 * exist in it (31 January + 1 month = 28 February), as the core counts. Null for a bad date.
 */
export function addMonths(day: string, months: number): string | null {
  const date = parse(day);
  if (!date) return null;
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), last));
  return format(target);
}

export function addDays(day: string, days: number): string | null {
  const date = parse(day);
  if (!date) return null;
  date.setUTCDate(date.getUTCDate() + days);
  return format(date);
}

/** The core's "today", read back from a request it judged (deadline minus days left). */
export function coreToday(r: Pick<SubjectRequest, "deadline" | "daysLeft">): string | null {
  return addDays(r.deadline, -r.daysLeft);
}
