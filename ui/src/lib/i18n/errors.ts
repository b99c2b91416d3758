// Error codes from the core mapped to localised text. The core's English `message` is never the
// main text; ErrorBanner shows it small, and only for codes the UI cannot explain itself.
import type { ApiError } from "$lib/api/errors";
import type { ErrorCode, ValidationReason } from "$lib/api/types";
import { t, type MessageKey } from "./index.svelte";
import { keyName } from "./key-categories";

const CODE_KEYS: Record<ErrorCode, MessageKey> = {
  "vault.not_found": "error.vault.not_found",
  "vault.exists": "error.vault.exists",
  "vault.in_use": "error.vault.in_use",
  "vault.key_file_missing": "error.vault.key_file_missing",
  "vault.key_file_corrupt": "error.vault.key_file_corrupt",
  "vault.database_unreadable": "error.vault.database_unreadable",
  "vault.key_file_tampered": "error.vault.key_file_tampered",
  "keys.category_unavailable": "error.keys.category_unavailable",
  "auth.failed": "error.auth.failed",
  "auth.throttled": "error.auth.throttled",
  "auth.account_disabled": "error.auth.account_disabled",
  "auth.recovery_key_invalid": "error.auth.recovery_key_invalid",
  "auth.password_change_required": "error.auth.password_change_required",
  "session.locked": "error.session.locked",
  "access.denied": "error.access.denied",
  "validation.invalid": "error.validation.invalid",
  "user.not_found": "error.user.not_found",
  "record.not_found": "error.record.not_found",
  "user.username_taken": "error.user.username_taken",
  "user.last_admin": "error.user.last_admin",
  "user.self": "error.user.self",
  "record.restricted": "error.record.restricted",
  "record.conflict": "error.record.conflict",
  "consent.not_consent_basis": "error.consent.not_consent_basis",
  "consent.statement_mismatch": "error.consent.statement_mismatch",
  "erasure.legal_hold": "error.erasure.legal_hold",
  "sealed.wrong_secret": "error.sealed.wrong_secret",
  "sealed.damaged": "error.sealed.damaged",
  "backup.foreign_vault": "error.backup.foreign_vault",
  "backup.not_for_user": "error.backup.not_for_user",
  "backup.check_failed": "error.backup.check_failed",
  "backup.unauthenticated": "error.backup.unauthenticated",
  "backup.old_format": "error.backup.old_format",
  "backup.needs_confirmation": "error.backup.needs_confirmation",
  "backup.folder_unwritable": "error.backup.folder_unwritable",
  "disk.full": "error.disk.full",
  "job.cancelled": "error.job.cancelled",
  "office.only": "error.office.only",
  "server.unreachable": "error.server.unreachable",
  "server.connection_lost": "error.server.connection_lost",
  "server.sealed": "error.server.sealed",
  "server.refused": "error.server.refused",
  "device.refused": "error.device.refused",
  "device.revoked": "error.device.revoked",
  "session.ended": "error.session.ended",
  "enrol.code_invalid": "error.enrol.code_invalid",
  "enrol.too_many": "error.enrol.too_many",
  "enrol.fingerprint": "error.enrol.fingerprint",
  "unattended.not_allowed": "error.unattended.not_allowed",
  "unattended.credential_invalid": "error.unattended.credential_invalid",
  internal: "error.internal",
};

const REASON_KEYS: Record<ValidationReason, MessageKey> = {
  required: "validation.required",
  too_long: "validation.too_long",
  invalid_format: "validation.invalid_format",
  weak_password: "validation.weak_password",
  same_password: "validation.same_password",
  wrong_password: "validation.wrong_password",
  out_of_range: "validation.out_of_range",
  in_use: "validation.in_use",
  read_only: "validation.read_only",
};

/** The text for a bare error code (as recorded in a history), or the general one. */
export function codeMessage(code: string): string {
  const key = (CODE_KEYS as Record<string, MessageKey | undefined>)[code];
  return t(key ?? "error.internal", { key: keyName(null) });
}

/**
 * Localised text for an error; `seconds` overrides retryAfterSecs for a live countdown. A
 * category key not handed over yet is named in words (details.category).
 */
export function errorMessage(error: ApiError, seconds?: number): string {
  if (error.code === "validation.invalid" && error.details?.reason) {
    return validationMessage(error.details.reason);
  }
  const secs = seconds ?? error.details?.retryAfterSecs ?? 0;
  return t(CODE_KEYS[error.code], { seconds: Math.max(0, Math.ceil(secs)), key: keyName(error.details?.category) });
}

export function validationMessage(reason: ValidationReason): string {
  return t(REASON_KEYS[reason]);
}

/** Codes whose text is generic enough that the core's own message helps as a footnote. */
export function showsRawMessage(error: ApiError): boolean {
  return error.code === "internal" || (error.code === "validation.invalid" && !error.details?.reason);
}

/**
 * When a validation error names a field this form shows, the form field it maps to and the
 * message for it; otherwise null (the form shows a banner instead).
 */
export function fieldErrorFor<F extends string>(
  error: ApiError,
  fields: Record<string, F>,
): { field: F; message: string } | null {
  if (error.code !== "validation.invalid") return null;
  const coreField = error.details?.field;
  if (!coreField) return null;
  const field = fields[coreField];
  if (!field) return null;
  return { field, message: fieldMessage(error) };
}

/** The text for a refused field (as in fieldErrorFor), worded now: call it again to reword it. */
export function fieldMessage(error: ApiError): string {
  const reason = error.details?.reason;
  return reason ? validationMessage(reason) : t("error.validation.invalid");
}
