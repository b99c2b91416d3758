// Saved list views: a name plus sort and filters, kept per user on this computer. They hold only
// ids and tag names (no personal data), so plain local storage is acceptable.
import type { PersonSort } from "$lib/api";

export interface ListFilters {
  sort: PersonSort;
  descending: boolean;
  tag: string | null;
  ownerId: number | null;
  organisationId: number | null;
}

export interface SavedView {
  name: string;
  filters: ListFilters;
}

export const DEFAULT_FILTERS: ListFilters = {
  sort: "family_name",
  descending: false,
  tag: null,
  ownerId: null,
  organisationId: null,
};

const key = (username: string) => `kluis.views.${username}`;

export function loadViews(username: string): SavedView[] {
  try {
    const raw = JSON.parse(localStorage.getItem(key(username)) ?? "[]") as unknown;
    return Array.isArray(raw) ? raw.filter(isView) : [];
  } catch {
    return [];
  }
}

export function storeViews(username: string, views: SavedView[]): void {
  try {
    localStorage.setItem(key(username), JSON.stringify(views));
  } catch {
    // No storage: the views last for this run only.
  }
}

function isView(v: unknown): v is SavedView {
  const o = v as SavedView | null;
  return typeof o?.name === "string" && typeof o.filters === "object" && o.filters !== null;
}

export function sameFilters(a: ListFilters, b: ListFilters): boolean {
  return (
    a.sort === b.sort &&
    a.descending === b.descending &&
    a.tag === b.tag &&
    a.ownerId === b.ownerId &&
    a.organisationId === b.organisationId
  );
}
