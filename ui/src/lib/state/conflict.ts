// Office mode: a save refused because someone else saved the record since it was opened
// (record.conflict). The form keeps what the person typed; these helpers say what differs
// between their version and the one saved meanwhile.
import type { ApiError } from "$lib/api";

/** One field whose saved value differs from what the person typed. */
export interface Difference {
  label: string;
  theirs: string;
  mine: string;
}

/** The conflict in a refusal, or null. */
export function conflictOf(err: ApiError | null): ApiError | null {
  return err?.code === "record.conflict" ? err : null;
}

/** The version the record is at now: saving over it on purpose names this one. */
export function currentVersion(err: ApiError): number | null {
  return err.details?.version ?? null;
}

function shown(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(shown).filter(Boolean).join(", ");
  if (typeof value === "boolean") return value ? "✓" : "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value).trim();
}

/**
 * The labelled fields whose values differ, in the order of `labels`. Both sides are the form's
 * own drafts (one made from the saved record), so they compare like for like.
 */
export function differences<K extends string>(
  labels: Record<K, string>,
  theirs: Record<K, unknown>,
  mine: Record<K, unknown>,
): Difference[] {
  const out: Difference[] = [];
  for (const key of Object.keys(labels) as K[]) {
    const a = shown(theirs[key]);
    const b = shown(mine[key]);
    if (a !== b) out.push({ label: labels[key], theirs: a, mine: b });
  }
  return out;
}
