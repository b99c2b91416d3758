// The fake's copy of the core's data subject requests (Art. 12, 15-22;
// src-tauri/crates/core/src/privacy/requests.rs and store/requests.rs): the one-month deadline,
// one extension by at most two further months decided within the first month, who handles a
// request and its outcome. State lives in a plain array; these helpers check input in the
// core's order and derive what the screens show. FakeApi wires them to rights, people and its
// "today".
import { ApiError } from "./errors";
import type { CloseInput } from "./bindings/CloseInput";
import type { ExtendInput } from "./bindings/ExtendInput";
import type { RequestInput } from "./bindings/RequestInput";
import type { RequestKind } from "./bindings/RequestKind";
import type { RequestQueue } from "./bindings/RequestQueue";
import type { RequestStatus } from "./bindings/RequestStatus";
import type { SubjectRequest } from "./bindings/SubjectRequest";
import type { Urgency } from "./bindings/Urgency";
import type { ValidationReason } from "./bindings/ValidationReason";
import type { Verification } from "./bindings/Verification";

/** A request as stored: the subject by id only; names are looked up when shown. */
export interface StoredRequest {
  id: number;
  kind: RequestKind;
  /** Null once the person was erased (the core's ON DELETE SET NULL). */
  personId: number | null;
  subjectRef: number;
  verification: Verification;
  verificationNote: string | null;
  receivedOn: string;
  dueOn: string;
  extendedUntil: string | null;
  extensionReason: string | null;
  status: RequestStatus;
  handlerName: string | null;
  outcome: string | null;
  files: string[];
  closedAt: string | null;
  createdAt: string;
}

/** Open requests due within this many days count as "due soon". */
export const DUE_SOON_DAYS = 7;
/** The queue shows at most this many requests (the core's LIMIT). */
const QUEUE_LIMIT = 500;

function invalid(field: string, reason: ValidationReason): never {
  throw new ApiError("validation.invalid", `${field}: ${reason}`, { field, reason, retryAfterSecs: null, category: null });
}

/** The core's fields::opt_text: trimmed, empty is none, too long or with control characters refused. */
function optText(field: string, value: string | null, max: number): string | null {
  const v = value?.trim() ?? "";
  if (!v) return null;
  if ([...v].length > max) invalid(field, "too_long");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(v)) invalid(field, "invalid_format");
  return v;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

function dayOf(date: Date): string {
  return `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
}

/** A real calendar day as `YYYY-MM-DD`, or null (2026-02-30 is not one). */
export function parseDay(value: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d ? date : null;
}

function dayOrFail(field: string, value: string): Date {
  const date = parseDay(value);
  if (!date) invalid(field, "invalid_format");
  return date;
}

/** Calendar months later; a day the month lacks becomes its last day (Jan 31 + 1 = Feb 28), as chrono does. */
export function addMonths(day: string, months: number): string {
  const date = parseDay(day);
  if (!date) return day;
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), last));
  return dayOf(target);
}

export function addDays(day: string, days: number): string {
  const date = parseDay(day);
  if (!date) return day;
  date.setUTCDate(date.getUTCDate() + days);
  return dayOf(date);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = parseDay(from);
  const b = parseDay(to);
  if (!a || !b) return 0;
  return Math.round((b.getTime() - a.getTime()) / 86_400_000);
}

/** The deadline of Art. 12(3): one month after receipt. */
export const dueDate = (received: string): string => addMonths(received, 1);
/** The latest an extension may reach: two further months after the original deadline. */
export const latestExtension = (due: string): string => addMonths(due, 2);

const isClosed = (status: RequestStatus): boolean => status === "completed" || status === "refused";

/** What filing needs checked, in the core's order; `exists` says whether the person is on file. */
export function checkFile(
  input: RequestInput,
  today: string,
  exists: boolean,
): { verificationNote: string | null; receivedOn: string; dueOn: string } {
  // The subject must be someone on file; a restricted person is still a subject.
  if (!exists) invalid("personId", "invalid_format");
  const note = optText("verificationNote", input.verificationNote, 500);
  if (input.verification === "other" && !note) invalid("verificationNote", "required");
  const raw = input.receivedOn?.trim() ?? "";
  const received = raw ? dayOf(dayOrFail("receivedOn", raw)) : today;
  if (received > today) invalid("receivedOn", "out_of_range");
  return { verificationNote: note, receivedOn: received, dueOn: dueDate(received) };
}

/** The core's open_request: a closed request is read-only. */
function checkOpen(r: StoredRequest): void {
  if (isClosed(r.status)) invalid("status", "read_only");
}

export function checkStart(r: StoredRequest): void {
  checkOpen(r);
  if (r.status !== "received") invalid("status", "in_use");
}

/** Checks an extension (Art. 12(3)): after the due date, at most two months after it, decided in time. */
export function checkExtend(r: StoredRequest, input: ExtendInput, today: string): { until: string; reason: string } {
  checkOpen(r);
  const reason = optText("reason", input.reason, 1_000);
  if (!reason) invalid("reason", "required");
  // One extension, decided (and told) within the first month.
  if (r.extendedUntil !== null) invalid("until", "in_use");
  if (today > r.dueOn) invalid("until", "read_only");
  const until = dayOf(dayOrFail("until", input.until));
  if (until <= r.dueOn || until > latestExtension(r.dueOn)) invalid("until", "out_of_range");
  return { until, reason };
}

export function checkClose(r: StoredRequest, input: CloseInput): string {
  checkOpen(r);
  if (!isClosed(input.status)) invalid("status", "invalid_format");
  const outcome = optText("outcome", input.outcome, 4_000);
  if (!outcome) invalid("outcome", "required");
  return outcome;
}

/** Who the subject is, as the caller may see it: whether they are still on file, and their name if shown. */
export type SubjectLookup = (personId: number) => { exists: boolean; name: string | null };

/** A stored request as the screens get it, against `today`. */
export function shown(r: StoredRequest, today: string, subject: SubjectLookup): SubjectRequest {
  const deadline = r.extendedUntil ?? r.dueOn;
  const daysLeft = daysBetween(today, deadline);
  const urgency: Urgency = isClosed(r.status)
    ? "closed"
    : daysLeft < 0
      ? "overdue"
      : daysLeft <= DUE_SOON_DAYS
        ? "due_soon"
        : "on_time";
  const who = r.personId !== null ? subject(r.personId) : { exists: false, name: null };
  return {
    id: r.id,
    kind: r.kind,
    personId: who.exists ? r.personId : null,
    subjectRef: r.subjectRef,
    subjectName: who.exists ? who.name : null,
    verification: r.verification,
    verificationNote: r.verificationNote,
    receivedOn: r.receivedOn,
    dueOn: r.dueOn,
    extendedUntil: r.extendedUntil,
    extensionReason: r.extensionReason,
    deadline,
    daysLeft,
    urgency,
    status: r.status,
    handlerName: r.handlerName,
    outcome: r.outcome,
    files: [...r.files],
    closedAt: r.closedAt,
    createdAt: r.createdAt,
  };
}

/** Privacy > Requests: open ones by deadline (then id), then closed ones newest first; with counts. */
export function queueOf(list: StoredRequest[], withClosed: boolean, today: string, subject: SubjectLookup): RequestQueue {
  const open = list.filter((r) => !isClosed(r.status));
  const deadline = (r: StoredRequest) => r.extendedUntil ?? r.dueOn;
  const soon = addDays(today, DUE_SOON_DAYS);
  const sortedOpen = [...open].sort((a, b) => (deadline(a) < deadline(b) ? -1 : deadline(a) > deadline(b) ? 1 : b.id - a.id));
  const closed = withClosed
    ? list
        .filter((r) => isClosed(r.status))
        .sort((a, b) => ((a.closedAt ?? "") < (b.closedAt ?? "") ? 1 : (a.closedAt ?? "") > (b.closedAt ?? "") ? -1 : b.id - a.id))
    : [];
  return {
    requests: [...sortedOpen, ...closed].slice(0, QUEUE_LIMIT).map((r) => shown(r, today, subject)),
    open: open.length,
    overdue: open.filter((r) => deadline(r) < today).length,
    dueSoon: open.filter((r) => deadline(r) >= today && deadline(r) <= soon).length,
  };
}

/** One person's requests, newest received first (none once they were erased). */
export function ofPerson(list: StoredRequest[], personId: number, today: string, subject: SubjectLookup): SubjectRequest[] {
  if (!subject(personId).exists) return [];
  return list
    .filter((r) => r.personId === personId)
    .sort((a, b) => (a.receivedOn < b.receivedOn ? 1 : a.receivedOn > b.receivedOn ? -1 : b.id - a.id))
    .map((r) => shown(r, today, subject));
}

/** The files of a subject's access or portability export, in the core's order (privacy/subject_export.rs). */
export const SUBJECT_FILES: readonly string[] = [
  "data.json",
  "data.schema.json",
  "contact.vcf",
  "person.csv",
  "contact_points.csv",
  "addresses.csv",
  "timeline.csv",
  "deals.csv",
  "tasks.csv",
  "consents.csv",
  "report.html",
];

/**
 * A request an export or an erasure answers must be an open one of that person, of a fitting
 * kind (access or portability for an export, erasure for an erasure); else requestId is refused.
 */
export function checkAnswers(r: StoredRequest, personId: number, kinds: readonly RequestKind[]): void {
  if (r.personId !== personId || !kinds.includes(r.kind) || isClosed(r.status)) invalid("requestId", "invalid_format");
}

/** The core's folder name for a subject's export: kluis-subject-<id>-<YYYYMMDD-HHMMSS>. */
export function exportName(personId: number, now: Date): string {
  const d = now;
  const stamp = `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  return `kluis-subject-${personId}-${stamp}`;
}

export interface ErasureCounts {
  timelineEntries: number;
  tasks: number;
  consentEventsCleared: number;
  dealsKept: number;
}

/** The outcome an erasure writes on the request, word for word the core's (privacy/erasure.rs). */
export function erasureOutcome(lang: "nl" | "en", c: ErasureCounts): string {
  return lang === "nl"
    ? `Gewist: persoonsgegevens, contactgegevens en adressen, ${c.timelineEntries} contactmoment(en), ${c.tasks} taak/taken, het bewijs bij ${c.consentEventsCleared} toestemmingsregistratie(s). Niet gewist: ${c.dealsKept} deal(s), bewaard zonder persoon en zonder vrije tekst vanwege de fiscale bewaarplicht van zeven jaar (art. 52 AWR; art. 17 lid 3 sub b AVG). De toestemmingsregistraties en verzoeken blijven als verantwoording zonder identiteit bestaan.`
    : `Erased: personal details, contact details and addresses, ${c.timelineEntries} timeline entr(y/ies), ${c.tasks} task(s), the evidence of ${c.consentEventsCleared} consent record(s). Not erased: ${c.dealsKept} deal(s), kept without the person and without free text for the seven-year Dutch fiscal retention (Art. 52 AWR; Art. 17(3)(b) GDPR). The consent records and requests remain as accountability records without identity.`;
}
