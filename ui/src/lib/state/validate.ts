import type { PasswordStrength } from "$lib/api/types";
import { t } from "$lib/i18n/index.svelte";

export type Errors<F extends string> = Partial<Record<F, string>>;

export function required(value: string): string | undefined {
  return value.trim() ? undefined : t("validation.required");
}

/**
 * Client-side refusal of a new password: empty, refused by the core's strength check, or not
 * matching its confirmation (pass `confirm` as undefined where there is no confirm field).
 */
export function newPasswordErrors(
  password: string,
  confirm: string | undefined,
  strength: PasswordStrength | null,
): { password?: string; confirm?: string } {
  const errors: { password?: string; confirm?: string } = {};
  if (!password) errors.password = t("validation.required");
  else if (strength && !strength.acceptable) errors.password = t("validation.weak_password");
  if (confirm !== undefined) {
    if (!confirm && password) errors.confirm = t("validation.required");
    else if (confirm !== password) errors.confirm = t("password.mismatch");
  }
  return errors;
}

export function hasErrors(errors: object): boolean {
  return Object.values(errors).some(Boolean);
}
