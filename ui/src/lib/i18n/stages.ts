// A pipeline stage's label: the seeded stages are translated until the business renames them.
import { t, type MessageKey } from "./index.svelte";

const KEYS: Record<string, MessageKey> = {
  lead: "stage.lead",
  qualified: "stage.qualified",
  proposal: "stage.proposal",
  negotiation: "stage.negotiation",
  won: "stage.won",
  lost: "stage.lost",
};

export function stageLabel(stage: { name: string; builtin: string | null }): string {
  const key = stage.builtin ? KEYS[stage.builtin] : undefined;
  return key ? t(key) : stage.name;
}
