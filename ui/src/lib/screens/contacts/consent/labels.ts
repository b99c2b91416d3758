// Words for the consent panel: lawful bases, statuses, channels, ledger events and Art. 18
// grounds, looked up in the current language.
import type { ConsentChannel } from "$lib/api/bindings/ConsentChannel";
import type { ConsentEventKind } from "$lib/api/bindings/ConsentEventKind";
import type { ConsentStatus } from "$lib/api/bindings/ConsentStatus";
import type { PurposeConsent } from "$lib/api/bindings/PurposeConsent";
import type { RestrictionGround } from "$lib/api/bindings/RestrictionGround";
import type { Lang, LawfulBasis } from "$lib/api";
import { formatDateTime, t, type MessageKey } from "$lib/i18n/index.svelte";

/** The channels staff choose from; "correction" is Kluis's own and never offered. */
export const CHANNELS: ConsentChannel[] = ["web_form", "email", "phone", "paper", "in_person"];
export const LANGS: Lang[] = ["nl", "en"];
export const GROUNDS: RestrictionGround[] = ["accuracy_contested", "unlawful_processing", "legal_claims", "objection_pending"];

const BASIS: Record<LawfulBasis, MessageKey> = {
  consent: "consent.basis.consent",
  contract: "consent.basis.contract",
  legal_obligation: "consent.basis.legal_obligation",
  vital_interests: "consent.basis.vital_interests",
  public_task: "consent.basis.public_task",
  legitimate_interests: "consent.basis.legitimate_interests",
};

const CHANNEL: Record<ConsentChannel, MessageKey> = {
  web_form: "consent.channel.web_form",
  email: "consent.channel.email",
  phone: "consent.channel.phone",
  paper: "consent.channel.paper",
  in_person: "consent.channel.in_person",
  correction: "consent.channel.correction",
};

const KIND: Record<ConsentEventKind, MessageKey> = {
  granted: "consent.kind.granted",
  withdrawn: "consent.kind.withdrawn",
  objected: "consent.kind.objected",
  objection_lifted: "consent.kind.objection_lifted",
  voided: "consent.kind.voided",
};

const GROUND: Record<RestrictionGround, [MessageKey, MessageKey]> = {
  accuracy_contested: ["consent.ground.accuracy_contested", "consent.ground.accuracy_contested.hint"],
  unlawful_processing: ["consent.ground.unlawful_processing", "consent.ground.unlawful_processing.hint"],
  legal_claims: ["consent.ground.legal_claims", "consent.ground.legal_claims.hint"],
  objection_pending: ["consent.ground.objection_pending", "consent.ground.objection_pending.hint"],
};

const LANG: Record<Lang, MessageKey> = { nl: "consent.lang.nl", en: "consent.lang.en" };

export const basisLabel = (b: LawfulBasis): string => t(BASIS[b]);
export const channelLabel = (c: ConsentChannel): string => t(CHANNEL[c]);
export const kindLabel = (k: ConsentEventKind): string => t(KIND[k]);
export const groundLabel = (g: RestrictionGround): string => t(GROUND[g][0]);
export const groundHint = (g: RestrictionGround): string => t(GROUND[g][1]);
export const langLabel = (l: Lang): string => t(LANG[l]);

export function statusLabel(p: PurposeConsent): string {
  const keys: Record<ConsentStatus, MessageKey> = {
    granted: "consent.status.granted",
    withdrawn: "consent.status.withdrawn",
    unknown: "consent.status.unknown",
    not_needed: "consent.status.not_needed",
  };
  return t(keys[p.status], { basis: basisLabel(p.lawfulBasis) });
}

/** Why a purpose may not process the person now, in words (first reason that applies). */
export function blockedReason(p: PurposeConsent, restricted: boolean, objecting: boolean): string | null {
  if (p.allowed) return null;
  if (restricted) return t("consent.blocked.restricted");
  if (p.marketing && objecting) return t("consent.blocked.objection");
  return t("consent.blocked.noConsent");
}

export const when = (iso: string): string => formatDateTime(iso);

/** A value for <input type="datetime-local">: the local time now, to the minute. */
export function localNow(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The local time from the form as RFC 3339 (UTC) for the core; empty is "now". */
export function toStamp(local: string): string | null {
  const v = local.trim();
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}
