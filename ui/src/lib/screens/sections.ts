import Building from "@lucide/svelte/icons/building";
import ContactRound from "@lucide/svelte/icons/contact-round";
import Handshake from "@lucide/svelte/icons/handshake";
import IdCard from "@lucide/svelte/icons/id-card";
import LayoutDashboard from "@lucide/svelte/icons/layout-dashboard";
import ListTodo from "@lucide/svelte/icons/list-todo";
import Settings from "@lucide/svelte/icons/settings";
import ShieldCheck from "@lucide/svelte/icons/shield-check";
import { can } from "$lib/access";
import type { SessionInfo } from "$lib/api/types";
import type { MessageKey } from "$lib/i18n/index.svelte";
import type { Section } from "$lib/state/app.svelte";

export interface SectionMeta {
  key: Section;
  icon: typeof Building;
  label: MessageKey;
}

/** The sidebar, top to bottom; Settings is drawn apart at the end. */
export const SECTION_META: SectionMeta[] = [
  { key: "contacts", icon: ContactRound, label: "nav.contacts" },
  { key: "organisations", icon: Building, label: "nav.organisations" },
  { key: "deals", icon: Handshake, label: "nav.deals" },
  { key: "tasks", icon: ListTodo, label: "nav.tasks" },
  { key: "dashboard", icon: LayoutDashboard, label: "nav.dashboard" },
  { key: "hr", icon: IdCard, label: "nav.hr" },
  { key: "privacy", icon: ShieldCheck, label: "nav.privacy" },
  { key: "settings", icon: Settings, label: "nav.settings" },
];

/** Sections with a placeholder page; Settings and Personnel are built and never planned. */
export type PlannedSection = Exclude<Section, "settings" | "hr">;

/** What each not-yet-built section will hold, for its empty state. */
export const PLANNED: Record<PlannedSection, { intro: MessageKey; points: MessageKey[] }> = {
  contacts: {
    intro: "planned.contacts.intro",
    points: ["planned.contacts.p1", "planned.contacts.p2", "planned.contacts.p3"],
  },
  organisations: {
    intro: "planned.organisations.intro",
    points: ["planned.organisations.p1", "planned.organisations.p2"],
  },
  deals: {
    intro: "planned.deals.intro",
    points: ["planned.deals.p1", "planned.deals.p2"],
  },
  tasks: {
    intro: "planned.tasks.intro",
    points: ["planned.tasks.p1", "planned.tasks.p2"],
  },
  dashboard: {
    intro: "planned.dashboard.intro",
    points: ["planned.dashboard.p1", "planned.dashboard.p2"],
  },
  privacy: {
    intro: "planned.privacy.intro",
    points: ["planned.privacy.p1", "planned.privacy.p2", "planned.privacy.p3"],
  },
};

/**
 * Whether the session may open a section at all. Personnel files need ("hr","view"); offering
 * the menu entry to others would only lead to a refusal from the core.
 */
export function sectionAllowed(session: SessionInfo | null | undefined, key: Section): boolean {
  return key !== "hr" || can(session, "hr", "view");
}

export function sectionMeta(key: Section): SectionMeta {
  const meta = SECTION_META.find((s) => s.key === key);
  if (!meta) throw new Error(`unknown section ${key}`);
  return meta;
}
