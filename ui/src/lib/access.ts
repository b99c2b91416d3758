// What the signed-in person may do, as the core told it at sign-in (SessionInfo.can.grants).
// Only for showing or hiding controls: the core checks every call again.
import type { Action, Category, SessionInfo } from "$lib/api/types";

export function can(session: SessionInfo | null | undefined, category: Category, action: Action): boolean {
  return !!session?.can.grants.some((g) => g.category === category && g.action === action);
}
