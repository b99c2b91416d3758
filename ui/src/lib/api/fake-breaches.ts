// The fake's copy of the core's register of personal data breaches (Art. 33, 34;
// src-tauri/crates/core/src/privacy/breaches.rs): input checked in the core's order, the 72-hour
// deadline counted from discovery, and whether the authority still has to be told. State lives
// in a plain array; FakeApi wires these helpers to rights and to its clock.
import { ApiError } from "./errors";
import type { Breach } from "./bindings/Breach";
import type { BreachInput } from "./bindings/BreachInput";
import type { NotificationState } from "./bindings/NotificationState";
import type { ValidationReason } from "./bindings/ValidationReason";

/** The hours Art. 33(1) gives to notify the authority, counted from discovery. */
export const NOTIFY_HOURS = 72;
/** The categories a breach can concern (the core refuses others). */
export const BREACH_CATEGORIES = ["contact", "sales", "hr", "special"] as const;
/** A time this far ahead of the clock still counts as now (clocks differ a little). */
const SKEW_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;

/** A breach as stored: the cleaned input (discoveredAt always set) and when it was written. */
export interface StoredBreach extends BreachInput {
  id: number;
  discoveredAt: string;
  createdAt: string;
  updatedAt: string;
}

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

function text(field: string, value: string): string {
  const v = optText(field, value, 4_000);
  if (!v) invalid(field, "required");
  return v;
}

/** The core's `when`: an RFC 3339 time or a date (midnight UTC), not in the future; empty is none. */
function when(field: string, value: string | null, now: Date): string | null {
  const v = value?.trim() ?? "";
  if (!v) return null;
  let at: Date | null = null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) at = new Date(`${v}T00:00:00Z`);
  else if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(v)) at = new Date(v);
  if (!at || Number.isNaN(at.getTime())) invalid(field, "invalid_format");
  if (at.getTime() > now.getTime() + SKEW_MS) invalid(field, "out_of_range");
  // The core's stamp: milliseconds and Z, so stamps compare as strings.
  return at.toISOString();
}

/** Checks a breach as the core's `clean` does, in its order; empty discovery is now. */
export function cleanBreach(input: BreachInput, now: Date): BreachInput & { discoveredAt: string } {
  const discovered = when("discoveredAt", input.discoveredAt, now) ?? now.toISOString();
  const categories: string[] = [];
  for (const c of input.categories) {
    if (!BREACH_CATEGORIES.some((x) => x === c)) invalid("categories", "invalid_format");
    if (!categories.includes(c)) categories.push(c);
  }
  if (categories.length === 0) invalid("categories", "required");
  const whole = (n: number) => Number.isInteger(n);
  if (!whole(input.subjectsApprox) || input.subjectsApprox < 0 || input.subjectsApprox > 1_000_000_000) invalid("subjectsApprox", "out_of_range");
  if (!whole(input.recordsApprox) || input.recordsApprox < 0 || input.recordsApprox > 1_000_000_000_000) invalid("recordsApprox", "out_of_range");
  const notified = when("authorityNotifiedAt", input.authorityNotifiedAt, now);
  const notRequired = optText("authorityNotRequired", input.authorityNotRequired, 4_000);
  if (notified && notRequired) invalid("authorityNotRequired", "in_use");
  const informed = when("subjectsInformedAt", input.subjectsInformedAt, now);
  const notInformed = optText("subjectsNotInformed", input.subjectsNotInformed, 4_000);
  if (informed && notInformed) invalid("subjectsNotInformed", "in_use");
  for (const [field, at] of [
    ["authorityNotifiedAt", notified],
    ["subjectsInformedAt", informed],
  ] as const) {
    if (at !== null && at < discovered) invalid(field, "out_of_range");
  }
  const title = optText("title", input.title, 200);
  if (!title) invalid("title", "required");
  return {
    title,
    discoveredAt: discovered,
    nature: text("nature", input.nature),
    categories,
    subjectsApprox: input.subjectsApprox,
    recordsApprox: input.recordsApprox,
    consequences: text("consequences", input.consequences),
    measures: text("measures", input.measures),
    authorityNotifiedAt: notified,
    authorityReference: optText("authorityReference", input.authorityReference, 4_000),
    authorityNotRequired: notRequired,
    subjectsInformedAt: informed,
    subjectsNotInformed: notInformed,
  };
}

/** A stored breach as the screens get it, judged at `now`. */
export function shownBreach(b: StoredBreach, now: Date): Breach {
  const start = Date.parse(b.discoveredAt);
  const deadline = new Date(start + NOTIFY_HOURS * HOUR_MS);
  // chrono's num_hours: whole hours, truncated toward zero.
  const hoursLeft = Math.trunc((deadline.getTime() - now.getTime()) / HOUR_MS);
  const notification: NotificationState =
    b.authorityNotifiedAt !== null || b.authorityNotRequired !== null ? "done" : now.getTime() <= deadline.getTime() ? "pending" : "late";
  return {
    id: b.id,
    discovered: b.discoveredAt,
    deadline: deadline.toISOString(),
    hoursLeft: hoursLeft === 0 ? 0 : hoursLeft,
    notification,
    createdAt: b.createdAt,
    updatedAt: b.updatedAt,
    title: b.title,
    discoveredAt: b.discoveredAt,
    nature: b.nature,
    categories: [...b.categories],
    subjectsApprox: b.subjectsApprox,
    recordsApprox: b.recordsApprox,
    consequences: b.consequences,
    measures: b.measures,
    authorityNotifiedAt: b.authorityNotifiedAt,
    authorityReference: b.authorityReference,
    authorityNotRequired: b.authorityNotRequired,
    subjectsInformedAt: b.subjectsInformedAt,
    subjectsNotInformed: b.subjectsNotInformed,
  };
}

/** The register, newest discovered first (then the highest id). */
export function breachList(list: StoredBreach[], now: Date): Breach[] {
  return [...list]
    .sort((a, b) => (a.discoveredAt < b.discoveredAt ? 1 : a.discoveredAt > b.discoveredAt ? -1 : b.id - a.id))
    .map((b) => shownBreach(b, now));
}
