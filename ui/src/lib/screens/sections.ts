import Building from "@lucide/svelte/icons/building";
import ContactRound from "@lucide/svelte/icons/contact-round";
import Handshake from "@lucide/svelte/icons/handshake";
import IdCard from "@lucide/svelte/icons/id-card";
import LayoutDashboard from "@lucide/svelte/icons/layout-dashboard";
import ListTodo from "@lucide/svelte/icons/list-todo";
import Settings from "@lucide/svelte/icons/settings";
import ShieldCheck from "@lucide/svelte/icons/shield-check";
import { can } from "$lib/access";
import type { Category, SessionInfo } from "$lib/api/types";
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

/** Sections only some roles may open: personnel files and the privacy register. */
const GATED: Partial<Record<Section, Category>> = { hr: "hr", privacy: "privacy" };

/**
 * Whether the session may open a section at all. A gated section needs its category's view
 * grant; offering the menu entry to others would only lead to a refusal from the core.
 */
export function sectionAllowed(session: SessionInfo | null | undefined, key: Section): boolean {
  const category = GATED[key];
  return !category || can(session, category, "view");
}

export function sectionMeta(key: Section): SectionMeta {
  const meta = SECTION_META.find((s) => s.key === key);
  if (!meta) throw new Error(`unknown section ${key}`);
  return meta;
}
