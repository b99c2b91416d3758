// The fake's copy of the core's retention engine (Art. 5(1)(e);
// src-tauri/crates/core/src/privacy/retention.rs and store/retention.rs): the four templates in
// both languages, the rule checks in the core's order, and the plan of what the active rules do
// by a given moment (due dates, counts per rule, the first 200 items). What the candidates are
// comes from FakeApi, which knows the people, deals and personnel files; it also applies a run.
import { ApiError } from "./errors";
import { addMonths } from "./fake-requests";
import type { Lang } from "./bindings/Lang";
import type { PlannedItem } from "./bindings/PlannedItem";
import type { RetentionAction } from "./bindings/RetentionAction";
import type { RetentionPreview } from "./bindings/RetentionPreview";
import type { RetentionRule } from "./bindings/RetentionRule";
import type { RetentionRun } from "./bindings/RetentionRun";
import type { RetentionTemplate } from "./bindings/RetentionTemplate";
import type { RuleInput } from "./bindings/RuleInput";
import type { RuleKind } from "./bindings/RuleKind";
import type { ValidationReason } from "./bindings/ValidationReason";

/** How many items the preview lists (the counts cover all). */
export const PREVIEW_ITEMS = 200;
/** How many runs the history returns. */
export const HISTORY_RUNS = 100;
/** How far ahead the preview looks. */
const PREVIEW_DAYS = 30;
const DAY_MS = 86_400_000;

/** The title a kept deal gets when its person (or the deal's own term) goes, as the core's. */
export function anonymisedTitle(lang: Lang): string {
  return lang === "nl" ? "[geanonimiseerd]" : "[anonymised]";
}

/** What a rule kind applies to: person, deal or employee. */
export function targetOf(kind: RuleKind): "person" | "deal" | "employee" {
  if (kind === "closed_deals") return "deal";
  if (kind === "former_employees") return "employee";
  return "person";
}

/** The common rules of PRIVACY.md, named in Dutch or English, to adopt and adjust. */
export function retentionTemplates(lang: Lang): RetentionTemplate[] {
  const tpl = (key: string, nl: string, en: string, kind: RuleKind, months: number, action: RetentionAction): RetentionTemplate => ({
    key,
    input: { name: lang === "nl" ? nl : en, kind, months, action },
  });
  return [
    tpl(
      "inactive_prospects",
      "Prospects zonder activiteit",
      "Prospects without activity",
      "inactive_prospects",
      24,
      "anonymise",
    ),
    tpl(
      "former_customers",
      "Oud-klanten (de deals blijven voor de fiscale bewaarplicht)",
      "Former customers (the deals stay for the fiscal retention)",
      "former_customers",
      24,
      "delete",
    ),
    tpl(
      "invoices",
      "Facturen: fiscale bewaarplicht (art. 52 AWR)",
      "Invoices: fiscal retention (Art. 52 AWR)",
      "closed_deals",
      84,
      "anonymise",
    ),
    tpl(
      "personnel_files",
      "Personeelsdossiers van oud-medewerkers",
      "Personnel files of former employees",
      "former_employees",
      24,
      "delete",
    ),
  ];
}

function invalid(field: string, reason: ValidationReason): never {
  throw new ApiError("validation.invalid", `${field}: ${reason}`, { field, reason, retryAfterSecs: null, category: null });
}

/** The core's `checked`: the name (fields::opt_text, at most 200), the period, the action per kind. */
export function checkRule(input: RuleInput): string {
  const name = input.name.trim();
  if ([...name].length > 200) invalid("name", "too_long");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(name)) invalid("name", "invalid_format");
  if (!name) invalid("name", "required");
  if (!Number.isInteger(input.months) || input.months < 1 || input.months > 600) invalid("months", "out_of_range");
  // A personnel file is not kept anonymised: nothing of it is needed once its term is over.
  if (input.kind === "former_employees" && input.action !== "delete") invalid("action", "invalid_format");
  return name;
}

/** A candidate of a rule kind and the moment its clock started (a stamp, or a date). */
export interface Candidate {
  id: number;
  since: string;
}

/** The core's stamp: RFC 3339 with milliseconds and Z, so stamps compare as strings. */
function stamp(at: Date): string {
  return at.toISOString();
}

/** chrono's checked_sub_months: the same time of day, a day the month lacks becomes its last. */
export function monthsBefore(at: Date, months: number): Date {
  const target = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(at.getUTCDate(), last), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds()),
  );
}

/** The day a clock started at `since` runs out after `months` (empty when `since` is no date). */
export function dueOn(since: string, months: number): string {
  const day = since.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return "";
  return addMonths(day, months);
}

export function dayOf(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** What the active rules will do by `until` (due dates included), by due date then target. */
export function planned(rules: RetentionRule[], candidates: (kind: RuleKind, before: string) => Candidate[], until: Date): PlannedItem[] {
  const out: PlannedItem[] = [];
  for (const r of rules.filter((x) => x.active)) {
    const before = stamp(monthsBefore(until, r.months));
    for (const c of candidates(r.kind, before)) {
      out.push({ ruleId: r.id, target: targetOf(r.kind), targetId: c.id, action: r.action, dueOn: dueOn(c.since, r.months), label: null });
    }
  }
  return out.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.targetId - b.targetId));
}

/** The core's `preview`: counts per active rule, the first items labelled for this viewer. */
export function previewOf(
  rules: RetentionRule[],
  candidates: (kind: RuleKind, before: string) => Candidate[],
  now: Date,
  label: (item: PlannedItem) => string | null,
): RetentionPreview {
  const today = dayOf(now);
  const items = planned(rules, candidates, new Date(now.getTime() + PREVIEW_DAYS * DAY_MS));
  const counts = rules
    .filter((r) => r.active)
    .map((r) => {
      const ofRule = items.filter((i) => i.ruleId === r.id);
      const dueNow = ofRule.filter((i) => i.dueOn <= today).length;
      return { ruleId: r.id, name: r.name, kind: r.kind, action: r.action, dueNow, dueSoon: ofRule.length - dueNow };
    });
  const shown = items.slice(0, PREVIEW_ITEMS).map((i) => ({ ...i, label: label(i) }));
  return { rules: counts, items: shown, total: items.length };
}

/** A rule as the screens get it. */
export function copyRule(r: RetentionRule): RetentionRule {
  return { ...r };
}

/** A run as the screens get it. */
export function copyRun(r: RetentionRun): RetentionRun {
  return { ...r, counts: r.counts.map((c) => ({ ...c })) };
}

/** The history: newest first (the highest id), at most 100. */
export function historyOf(runs: RetentionRun[]): RetentionRun[] {
  return [...runs].sort((a, b) => b.id - a.id).slice(0, HISTORY_RUNS).map(copyRun);
}
