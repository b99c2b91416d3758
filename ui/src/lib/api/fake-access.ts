// The fake's copy of the core's role model (src-tauri/crates/core/src/access.rs): built-in
// grants, grantable pairs, and a user's effective grants. Kept in step by tests/roles.test.ts.
import type { Action } from "./bindings/Action";
import type { Category } from "./bindings/Category";
import type { GrantDto } from "./bindings/GrantDto";
import type { RoleDetail } from "./bindings/RoleDetail";

const g = (category: Category, ...actions: Action[]): GrantDto[] =>
  actions.map((action) => ({ category, action }));

export const GRANTABLE: GrantDto[] = [
  ...g("contact", "view", "create", "edit", "delete", "export", "erase"),
  ...g("sales", "view", "create", "edit", "export"),
  ...g("hr", "view", "create", "edit", "delete", "export"),
  ...g("special", "view", "create", "edit"),
  ...g("privacy", "view", "create", "edit", "export", "manage"),
  ...g("audit", "view", "export"),
  ...g("admin", "view", "manage"),
];

export const BUILTIN_GRANTS: Record<string, GrantDto[]> = {
  administrator: [
    ...g("admin", "view", "manage"),
    ...g("audit", "view"),
    ...g("contact", "view", "create", "edit", "delete", "export"),
  ],
  user: g("contact", "view", "create", "edit"),
  guest: g("contact", "view"),
  management: [...g("contact", "view"), ...g("sales", "view", "create", "edit", "export"), ...g("hr", "view")],
  hr: [
    ...g("contact", "view"),
    ...g("hr", "view", "create", "edit", "delete", "export"),
    ...g("special", "view", "create", "edit"),
  ],
  privacy_officer: [
    ...g("contact", "view", "export", "erase"),
    ...g("sales", "view"),
    ...g("hr", "view"),
    ...g("special", "view"),
    ...g("privacy", "view", "create", "edit", "manage", "export"),
    ...g("audit", "view"),
  ],
};

export function seedRoles(): RoleDetail[] {
  return Object.entries(BUILTIN_GRANTS).map(([key, grants]) => ({
    key,
    name: null,
    builtin: true,
    grants: [...grants],
    holders: 0,
  }));
}

export const same = (a: GrantDto, b: GrantDto): boolean =>
  a.category === b.category && a.action === b.action;

/** Grants with view added for every category acted on (as the core stores roles). */
export function withImpliedView(grants: GrantDto[]): GrantDto[] {
  const out: GrantDto[] = [];
  for (const grant of [...grants, ...grants.map((g) => ({ category: g.category, action: "view" as Action }))]) {
    if (!out.some((x) => same(x, grant))) out.push(grant);
  }
  return out;
}

/** The union of the roles' grants, with the per-user delete switch applied to contact data. */
export function grantsOf(roleKeys: string[], roles: RoleDetail[], mayDelete: boolean | null): GrantDto[] {
  const union: GrantDto[] = [];
  for (const key of roleKeys) union.push(...(roles.find((r) => r.key === key)?.grants ?? []));
  const out = withImpliedView(union);
  const del: GrantDto = { category: "contact", action: "delete" };
  const seesContacts = has(out, "contact", "view");
  if (mayDelete === true && seesContacts && !out.some((x) => same(x, del))) out.push(del);
  if (mayDelete === false) return out.filter((x) => !same(x, del));
  return out;
}

export function has(grants: GrantDto[], category: Category, action: Action): boolean {
  return grants.some((x) => x.category === category && x.action === action);
}
