// The contact list's sort and filters, and comparing them with saved views (which the core
// keeps per person, in the vault).
import type { ViewFilters } from "$lib/api";

export type ListFilters = ViewFilters;

export const DEFAULT_FILTERS: ListFilters = {
  sort: "family_name",
  descending: false,
  tag: null,
  ownerId: null,
  organisationId: null,
};

export function sameFilters(a: ListFilters, b: ListFilters): boolean {
  return (
    a.sort === b.sort &&
    a.descending === b.descending &&
    a.tag === b.tag &&
    a.ownerId === b.ownerId &&
    a.organisationId === b.organisationId
  );
}
