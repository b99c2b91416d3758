// The fake's copy of the core's consent ledger, objections, restrictions (Art. 7, 18, 21(3))
// and marketing lists (src-tauri/crates/core/src/privacy/{consent,ledger,restriction,marketing}.rs).
// State lives in plain arrays; these helpers check input like the core and derive what the
// screens show. FakeApi wires them to rights and to its people.
import { ApiError } from "./errors";
import type { ConsentChannel } from "./bindings/ConsentChannel";
import type { ConsentEvent } from "./bindings/ConsentEvent";
import type { ConsentEventKind } from "./bindings/ConsentEventKind";
import type { ConsentOverview } from "./bindings/ConsentOverview";
import type { ConsentStatement } from "./bindings/ConsentStatement";
import type { ConsentStatus } from "./bindings/ConsentStatus";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { Lang } from "./bindings/Lang";
import type { LeftOut } from "./bindings/LeftOut";
import type { MarketingReport } from "./bindings/MarketingReport";
import type { Purpose } from "./bindings/Purpose";
import type { PurposeConsent } from "./bindings/PurposeConsent";
import type { Restriction } from "./bindings/Restriction";
import type { RestrictionGround } from "./bindings/RestrictionGround";
import type { ValidationReason } from "./bindings/ValidationReason";

export interface StoredStatement {
  id: number;
  purposeId: number;
  lang: Lang;
  version: number;
  body: string;
  hash: string;
  publishedAt: string;
  publishedByName: string | null;
}

export interface StoredEvent {
  id: number;
  personId: number;
  kind: ConsentEventKind;
  purposeId: number | null;
  occurredAt: string;
  recordedAt: string;
  channel: ConsentChannel;
  statementId: number | null;
  evidence: string | null;
  recordedByName: string | null;
  corrects: number | null;
}

export interface StoredRestriction extends Restriction {
  personId: number;
}

/** Everything the ledger holds: append-only events, immutable statements, restrictions. */
export interface ConsentState {
  statements: StoredStatement[];
  events: StoredEvent[];
  restrictions: StoredRestriction[];
}

export function newConsentState(): ConsentState {
  return { statements: [], events: [], restrictions: [] };
}

export const RESTRICTION_GROUNDS: readonly RestrictionGround[] = [
  "accuracy_contested",
  "unlawful_processing",
  "legal_claims",
  "objection_pending",
];

function fail(code: ErrorCode, message: string): never {
  throw new ApiError(code, message, null);
}

function invalid(field: string, reason: ValidationReason): never {
  throw new ApiError("validation.invalid", `${field}: ${reason}`, { field, reason, retryAfterSecs: null, category: null });
}

/** A stand-in for the core's SHA-256: 64 hex characters that depend on every input. */
export function statementHash(purposeId: number, lang: Lang, version: number, body: string): string {
  const text = `kluis/consent-statement/v1|${purposeId}|${lang}|${version}|${body}`;
  let out = "";
  for (let round = 0; round < 8; round++) {
    let h = 0x811c9dc5 ^ round;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    out += (h >>> 0).toString(16).padStart(8, "0");
  }
  return out;
}

/** Published statements (of one purpose, or all), by purpose and language, newest version first. */
export function statementsOf(state: ConsentState, purposeId: number | null): ConsentStatement[] {
  const newest = (s: StoredStatement) =>
    !state.statements.some((o) => o.purposeId === s.purposeId && o.lang === s.lang && o.version > s.version);
  return state.statements
    .filter((s) => purposeId === null || s.purposeId === purposeId)
    .sort((a, b) => a.purposeId - b.purposeId || a.lang.localeCompare(b.lang) || b.version - a.version)
    .map((s) => ({ ...s, current: newest(s) }));
}

/** Checks and stores the next version of a statement. The purpose must be current. */
export function publishStatement(
  state: ConsentState,
  purpose: Purpose,
  lang: Lang,
  body: string,
  id: number,
  byName: string,
  now: string,
): ConsentStatement {
  if (purpose.lawfulBasis !== "consent") fail("consent.not_consent_basis", "purpose does not rest on consent");
  const text = body.trim();
  if (!text) invalid("body", "required");
  if (text.length > 20_000) invalid("body", "too_long");
  const mine = state.statements.filter((s) => s.purposeId === purpose.id && s.lang === lang);
  const current = mine.reduce<StoredStatement | null>((a, s) => (!a || s.version > a.version ? s : a), null);
  if (current && current.body === text) invalid("body", "in_use");
  const version = (current?.version ?? 0) + 1;
  const st: StoredStatement = {
    id,
    purposeId: purpose.id,
    lang,
    version,
    body: text,
    hash: statementHash(purpose.id, lang, version, text),
    publishedAt: now,
    publishedByName: byName,
  };
  state.statements.push(st);
  return statementsOf(state, purpose.id).find((s) => s.id === id)!;
}

/** A moment the subject said something: empty is now; a date or an RFC 3339 time, not in the future. */
export function occurredAt(value: string | null, now: Date): string {
  const v = value?.trim() ?? "";
  if (!v) return now.toISOString();
  let at: Date | null = null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) at = new Date(`${v}T12:00:00Z`);
  else if (/^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(v)) at = new Date(v);
  if (!at || Number.isNaN(at.getTime())) invalid("occurredAt", "invalid_format");
  if (at.getTime() > now.getTime() + 5 * 60_000) invalid("occurredAt", "out_of_range");
  return at.toISOString();
}

/** Checks the way an answer reached us: corrections are Kluis's own, not a channel to choose. */
export function checkChannel(channel: ConsentChannel): ConsentChannel {
  if (channel === "correction") invalid("channel", "invalid_format");
  return channel;
}

export function cleanEvidence(value: string | null): string | null {
  const v = value?.trim() ?? "";
  if (v.length > 500) invalid("evidence", "too_long");
  return v || null;
}

function eventsOf(state: ConsentState, personId: number): StoredEvent[] {
  return state.events.filter((e) => e.personId === personId);
}

export function voidedIds(events: StoredEvent[]): Set<number> {
  return new Set(events.filter((e) => e.kind === "voided" && e.corrects !== null).map((e) => e.corrects!));
}

export interface Answer {
  granted: boolean;
  eventId: number;
  occurredAt: string;
}

export interface Derived {
  perPurpose: Map<number, Answer>;
  objectionSince: string | null;
}

/** The current state from the ledger: the latest non-voided answer by (occurredAt, id). */
export function derive(state: ConsentState, personId: number): Derived {
  const events = eventsOf(state, personId);
  const voided = voidedIds(events);
  const effective = events
    .filter((e) => e.kind !== "voided" && !voided.has(e.id))
    .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.id - b.id));
  const out: Derived = { perPurpose: new Map(), objectionSince: null };
  for (const e of effective) {
    if ((e.kind === "granted" || e.kind === "withdrawn") && e.purposeId !== null) {
      out.perPurpose.set(e.purposeId, { granted: e.kind === "granted", eventId: e.id, occurredAt: e.occurredAt });
    } else if (e.kind === "objected") out.objectionSince = e.occurredAt;
    else if (e.kind === "objection_lifted") out.objectionSince = null;
  }
  return out;
}

export function openRestriction(state: ConsentState, personId: number): StoredRestriction | null {
  return state.restrictions.find((r) => r.personId === personId && r.liftedAt === null) ?? null;
}

export function isRestricted(state: ConsentState, personId: number): boolean {
  return openRestriction(state, personId) !== null;
}

export function isObjecting(state: ConsentState, personId: number): boolean {
  return derive(state, personId).objectionSince !== null;
}

function restrictionOut(r: StoredRestriction): Restriction {
  return {
    id: r.id,
    ground: r.ground,
    note: r.note,
    restrictedAt: r.restrictedAt,
    restrictedByName: r.restrictedByName,
    liftedAt: r.liftedAt,
    liftedByName: r.liftedByName,
    liftReason: r.liftReason,
  };
}

/** The person's ledger as shown, newest first (by when said, then id). */
export function history(state: ConsentState, personId: number, purposes: Purpose[]): ConsentEvent[] {
  const events = eventsOf(state, personId);
  const voided = voidedIds(events);
  return events
    .sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : b.id - a.id))
    .map((e) => {
      const st = state.statements.find((s) => s.id === e.statementId) ?? null;
      return {
        id: e.id,
        kind: e.kind,
        purposeId: e.purposeId,
        purposeName: purposes.find((p) => p.id === e.purposeId)?.name ?? null,
        occurredAt: e.occurredAt,
        recordedAt: e.recordedAt,
        channel: e.channel,
        statementVersion: st?.version ?? null,
        statementLang: st?.lang ?? null,
        evidence: e.evidence,
        recordedByName: e.recordedByName,
        corrects: e.corrects,
        voided: voided.has(e.id),
      };
    });
}

/** The person's consent panel. `purposes` holds archived ones too (for names in the history). */
export function overview(
  state: ConsentState,
  personId: number,
  purposes: Purpose[],
  rights: { mayRecord: boolean; mayRestrict: boolean },
): ConsentOverview {
  const derived = derive(state, personId);
  const restricted = isRestricted(state, personId);
  const objecting = derived.objectionSince !== null;
  const current = purposes.filter((p) => !p.archived).sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
  const rows: PurposeConsent[] = current.map((p) => {
    const consentBased = p.lawfulBasis === "consent";
    const answer = derived.perPurpose.get(p.id) ?? null;
    const status: ConsentStatus = !consentBased ? "not_needed" : !answer ? "unknown" : answer.granted ? "granted" : "withdrawn";
    const event = answer ? state.events.find((e) => e.id === answer.eventId) : undefined;
    const st = state.statements.find((s) => s.id === event?.statementId) ?? null;
    return {
      purposeId: p.id,
      name: p.name,
      lawfulBasis: p.lawfulBasis,
      marketing: p.marketing,
      status,
      since: answer?.occurredAt ?? null,
      statementVersion: st?.version ?? null,
      statementLang: st?.lang ?? null,
      allowed: (!consentBased || status === "granted") && !(p.marketing && objecting) && !restricted,
    };
  });
  const consentPurposes = new Set(current.filter((p) => p.lawfulBasis === "consent").map((p) => p.id));
  const mine = state.restrictions
    .filter((r) => r.personId === personId)
    .sort((a, b) => (a.restrictedAt < b.restrictedAt ? 1 : a.restrictedAt > b.restrictedAt ? -1 : b.id - a.id));
  return {
    personId,
    purposes: rows,
    objectionSince: derived.objectionSince,
    restriction: mine.find((r) => r.liftedAt === null) ? restrictionOut(mine.find((r) => r.liftedAt === null)!) : null,
    restrictionHistory: mine.filter((r) => r.liftedAt !== null).map(restrictionOut),
    history: history(state, personId, purposes),
    statements: statementsOf(state, null).filter((s) => consentPurposes.has(s.purposeId)),
    mayRecord: rights.mayRecord,
    mayRestrict: rights.mayRestrict,
  };
}

/** Checks a grant's statement: it must exist, belong to the purpose and be in the language shown. */
export function checkStatement(state: ConsentState, purposeId: number, statementId: number | null, shownLang: Lang | null): number {
  if (statementId === null) invalid("statementId", "required");
  const st = state.statements.find((s) => s.id === statementId);
  if (!st) fail("consent.statement_mismatch", "no such statement");
  if (shownLang === null) invalid("shownLang", "required");
  if (st.purposeId !== purposeId || st.lang !== shownLang) fail("consent.statement_mismatch", "statement does not match");
  return st.id;
}

/** Refuses to void what is already voided, or a correction itself. */
export function checkVoid(state: ConsentState, personId: number, eventId: number, reason: string): string {
  const why = reason.trim();
  if (!why) invalid("reason", "required");
  if (why.length > 500) invalid("reason", "too_long");
  const target = state.events.find((e) => e.id === eventId);
  if (!target || target.personId !== personId) fail("record.not_found", "no such event");
  if (target.kind === "voided" || voidedIds(eventsOf(state, personId)).has(eventId)) invalid("eventId", "in_use");
  return why;
}

/** Who a marketing purpose may reach, and who is left out and why (the first reason that applies). */
export function marketingSelect(
  state: ConsentState,
  purpose: Purpose,
  people: ReadonlyArray<{ id: number; email: string | null }>,
): { included: number[]; leftOut: LeftOut } {
  const consentBased = purpose.lawfulBasis === "consent";
  const leftOut: LeftOut = { restricted: 0, objected: 0, withdrawn: 0, noConsent: 0, noEmail: 0 };
  const included: number[] = [];
  for (const p of [...people].sort((a, b) => a.id - b.id)) {
    const derived = derive(state, p.id);
    const answer = derived.perPurpose.get(purpose.id);
    if (isRestricted(state, p.id)) leftOut.restricted++;
    else if (derived.objectionSince !== null) leftOut.objected++;
    else if (consentBased && answer && !answer.granted) leftOut.withdrawn++;
    else if (consentBased && !answer) leftOut.noConsent++;
    else if (!p.email) leftOut.noEmail++;
    else included.push(p.id);
  }
  return { included, leftOut };
}

export function marketingReport(purpose: Purpose, selected: { included: number[]; leftOut: LeftOut }, fileName: string | null): MarketingReport {
  return {
    purposeId: purpose.id,
    purposeName: purpose.name,
    lawfulBasis: purpose.lawfulBasis,
    included: selected.included.length,
    leftOut: { ...selected.leftOut },
    fileName,
  };
}

/** People with granted and withdrawn consent now, for one purpose. */
export function consentCounts(state: ConsentState, purposeId: number, personIds: number[]): { granted: number; withdrawn: number } {
  let granted = 0;
  let withdrawn = 0;
  for (const id of personIds) {
    const answer = derive(state, id).perPurpose.get(purposeId);
    if (answer?.granted) granted++;
    else if (answer) withdrawn++;
  }
  return { granted, withdrawn };
}

/** Archived purposes that people still have consent answers for (minimisation). */
export function archivedWithConsents(state: ConsentState, purposes: Purpose[], personIds: number[]): Array<{ purposeId: number; name: string; people: number }> {
  return purposes
    .filter((p) => p.archived)
    .map((p) => {
      const c = consentCounts(state, p.id, personIds);
      return { purposeId: p.id, name: p.name, people: c.granted + c.withdrawn };
    })
    .filter((x) => x.people > 0)
    .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
}

/** People whose every consent answer is a withdrawal and who have nothing else on file. */
export function withdrawnOnly(state: ConsentState, personIds: number[], hasOther: (id: number) => boolean): number {
  return personIds.filter((id) => {
    const answers = [...derive(state, id).perPurpose.values()];
    return answers.length > 0 && answers.every((a) => !a.granted) && !hasOther(id);
  }).length;
}
