import { toApiError, type ApiError } from "$lib/api/errors";
import type { KluisApi } from "$lib/api/types";

/**
 * Wraps every method so a rejection is always an ApiError and the app hears about it (to show
 * the lock screen on session.locked) before the calling component does.
 */
export function guardApi(api: KluisApi, onError: (error: ApiError) => void): KluisApi {
  const guarded = {} as Record<string, unknown>;
  for (const name of Object.keys(methodsOf(api))) {
    const method = (api as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[
      name
    ];
    if (typeof method !== "function") continue;
    guarded[name] = async (...args: unknown[]) => {
      try {
        return await method.apply(api, args);
      } catch (raw) {
        const error = toApiError(raw);
        onError(error);
        throw error;
      }
    };
  }
  return guarded as unknown as KluisApi;
}

/** Own and prototype methods (a class or the generated client's plain object). */
function methodsOf(api: KluisApi): Record<string, true> {
  const names: Record<string, true> = {};
  let proto: object | null = api;
  while (proto && proto !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== "constructor") names[name] = true;
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return names;
}
