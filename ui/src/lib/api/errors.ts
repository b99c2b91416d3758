import type { ApiErrorPayload } from "./bindings/ApiErrorPayload";
import { ERROR_CODES } from "./client.gen";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { ErrorDetails } from "./bindings/ErrorDetails";

// Generated from the core's one list of codes (ErrorCode::ALL): a code this build does not know
// would otherwise turn a real answer into "internal".
const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && KNOWN_CODES.has(value);
}

/** A failed command. `message` is English developer text; show it only under the localised text. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | null;

  constructor(code: ErrorCode, message: string, details: ErrorDetails | null = null) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.details = details;
  }

  /** The field a validation error points at, if any. */
  get field(): string | null {
    return this.details?.field ?? null;
  }

  static from(payload: ApiErrorPayload): ApiError {
    return new ApiError(payload.code, payload.message, payload.details);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function toDetails(value: unknown): ErrorDetails | null {
  if (!isRecord(value)) return null;
  const field = typeof value.field === "string" ? value.field : null;
  const reason = typeof value.reason === "string" ? (value.reason as ErrorDetails["reason"]) : null;
  const retry = typeof value.retryAfterSecs === "number" ? value.retryAfterSecs : null;
  const category = typeof value.category === "string" ? value.category : null;
  const version = typeof value.version === "number" ? value.version : null;
  const changedBy = typeof value.changedBy === "string" ? value.changedBy : null;
  const changedAt = typeof value.changedAt === "string" ? value.changedAt : null;
  return { field, reason, retryAfterSecs: retry, category, version, changedBy, changedAt };
}

/**
 * Turns whatever invoke rejected with into an ApiError. Tauri itself rejects with a bare string
 * when a command is unknown or its arguments do not deserialise; those become "internal".
 */
export function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (isRecord(raw) && typeof raw.code === "string") {
    const message = typeof raw.message === "string" ? raw.message : "";
    if (isErrorCode(raw.code)) return new ApiError(raw.code, message, toDetails(raw.details));
    return new ApiError("internal", message ? `${raw.code}: ${message}` : raw.code, null);
  }
  if (typeof raw === "string") return new ApiError("internal", raw);
  if (raw instanceof Error) return new ApiError("internal", raw.message);
  return new ApiError("internal", "Unknown error");
}
