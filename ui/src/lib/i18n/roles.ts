import type { Action, Category, GrantDto, RoleDetail } from "$lib/api/types";
import { t, type MessageKey } from "./index.svelte";

const BUILTIN: Record<string, { name: MessageKey; description: MessageKey }> = {
  administrator: { name: "role.administrator", description: "role.administrator.description" },
  user: { name: "role.user", description: "role.user.description" },
  guest: { name: "role.guest", description: "role.guest.description" },
  management: { name: "role.management", description: "role.management.description" },
  hr: { name: "role.hr", description: "role.hr.description" },
  privacy_officer: {
    name: "role.privacy_officer",
    description: "role.privacy_officer.description",
  },
};

/**
 * Built-in roles by their localised name; custom roles by the name an admin gave them. Without
 * that name (only administrators may list roles) a custom role still reads as words, not a key.
 */
export function roleName(key: string, roles: Pick<RoleDetail, "key" | "name">[] = []): string {
  const builtin = BUILTIN[key];
  if (builtin) return t(builtin.name);
  return roles.find((r) => r.key === key)?.name ?? t("roles.custom");
}

export function roleDescription(key: string): string | null {
  const builtin = BUILTIN[key];
  return builtin ? t(builtin.description) : null;
}

/** Rows and columns of the rights matrix, in the order people read them. */
export const CATEGORIES: readonly Category[] = ["contact", "sales", "hr", "special", "privacy", "audit", "admin"];
export const ACTIONS: readonly Action[] = ["view", "create", "edit", "delete", "export", "erase", "manage"];

export function categoryName(category: Category): string {
  return t(`category.${category}`);
}

export function categoryHint(category: Category): string {
  return t(`category.${category}.hint`);
}

export function actionName(action: Action): string {
  return t(`action.${action}`);
}

export function actionHint(action: Action): string {
  return t(`action.${action}.hint`);
}

/** One line per category a role touches, e.g. "Sales figures: View, Edit". */
export function grantLines(grants: GrantDto[]): string[] {
  return CATEGORIES.flatMap((category) => {
    const actions = ACTIONS.filter((a) => grants.some((g) => g.category === category && g.action === a));
    return actions.length ? [`${categoryName(category)}: ${actions.map(actionName).join(", ")}`] : [];
  });
}

/** "Not assigned", "1 user", "3 users". */
export function holdersText(count: number): string {
  if (count === 0) return t("roles.holders.none");
  return count === 1 ? t("roles.holders.one") : t("roles.holders.many", { count });
}
