// Words for the retention rules: what a rule applies to and from when its period counts, the
// period itself, the action, what an item is, and how a run was started.
import type { RetentionAction, RuleKind } from "$lib/api";
import { t } from "$lib/i18n/index.svelte";

export const RULE_KINDS: readonly RuleKind[] = ["inactive_prospects", "former_customers", "closed_deals", "former_employees"];
export const ACTIONS: readonly RetentionAction[] = ["anonymise", "delete"];

export function kindName(kind: RuleKind): string {
  return t(`retention.kind.${kind}`);
}

/** From when a rule's period counts: "Counted from the last activity". */
export function kindFrom(kind: RuleKind): string {
  return t(`retention.from.${kind}`);
}

/** "after 24 months" / "na 24 maanden". */
export function periodText(months: number): string {
  return months === 1 ? t("retention.period.one") : t("retention.period", { months });
}

/** Anonymise or Delete: never "pseudonymise", which is neither. */
export function actionName(action: RetentionAction): string {
  return t(`retention.action.${action}`);
}

/** The actions a kind allows: personnel files are deleted, never kept anonymised. */
export function actionsFor(kind: RuleKind): readonly RetentionAction[] {
  return kind === "former_employees" ? ["delete"] : ACTIONS;
}

/** What the action does to this kind of record, in a sentence. */
export function actionHint(kind: RuleKind): string {
  if (kind === "closed_deals") return t("retention.actionHint.deal");
  if (kind === "former_employees") return t("retention.actionHint.employee");
  return t("retention.actionHint.person");
}

/** Person, Deal or Personnel file; an unknown target shows as it came. */
export function targetName(target: string): string {
  if (target === "person" || target === "deal" || target === "employee") return t(`retention.target.${target}`);
  return target;
}

/** At sign-in, Daily or Manual; an unknown trigger shows as it came. */
export function triggerName(trigger: string): string {
  if (trigger === "unlock" || trigger === "daily" || trigger === "manual") return t(`retention.trigger.${trigger}`);
  return trigger;
}
