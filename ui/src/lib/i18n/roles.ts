import type { RoleDetail } from "$lib/api/types";
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

/** Built-in roles by their localised name; custom roles by the name an admin gave them. */
export function roleName(key: string, roles: Pick<RoleDetail, "key" | "name">[] = []): string {
  const builtin = BUILTIN[key];
  if (builtin) return t(builtin.name);
  return roles.find((r) => r.key === key)?.name ?? key;
}

export function roleDescription(key: string): string | null {
  const builtin = BUILTIN[key];
  return builtin ? t(builtin.description) : null;
}
