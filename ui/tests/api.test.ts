import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args) }));

const { ApiError, tauriApi, toApiError } = await import("$lib/api");

/** The ApiError a call rejected with (fails the test if it resolved). */
async function failure(promise: Promise<unknown>): Promise<InstanceType<typeof ApiError>> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw new Error(`rejected with something else: ${String(e)}`, { cause: e });
  }
  throw new Error("expected the call to fail");
}

describe("tauri client", () => {
  beforeEach(() => {
    invoke.mockReset();
  });

  it("sends camelCase arguments under the command's name", async () => {
    invoke.mockResolvedValue(null);
    await tauriApi.signIn("anne", "secret");
    await tauriApi.userSetActive(7, false);
    await tauriApi.recover("KEY", "anne", "new pass");
    expect(invoke).toHaveBeenNthCalledWith(1, "sign_in", { username: "anne", password: "secret" });
    expect(invoke).toHaveBeenNthCalledWith(2, "user_set_active", { userId: 7, active: false });
    expect(invoke).toHaveBeenNthCalledWith(3, "recover", {
      recoveryKey: "KEY",
      username: "anne",
      newPassword: "new pass",
    });
  });

  it("turns an error payload into an ApiError with code and details", async () => {
    invoke.mockRejectedValue({
      code: "auth.throttled",
      message: "too many attempts",
      details: { field: null, reason: null, retryAfterSecs: 12 },
    });
    const error = await failure(tauriApi.signIn("anne", "x"));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("auth.throttled");
    expect(error.message).toBe("too many attempts");
    expect(error.details?.retryAfterSecs).toBe(12);
  });

  it("keeps validation details so forms can mark the field", async () => {
    invoke.mockRejectedValue({
      code: "validation.invalid",
      message: "weak",
      details: { field: "password", reason: "weak_password", retryAfterSecs: null },
    });
    const error = await failure(
      tauriApi.vaultCreate({ orgName: "o", adminUsername: "a", adminDisplayName: "A", password: "p" }),
    );
    expect(error.code).toBe("validation.invalid");
    expect(error.field).toBe("password");
    expect(error.details?.reason).toBe("weak_password");
  });
});

describe("toApiError", () => {
  it("maps an unknown code to internal, keeping the code in the message", () => {
    const error = toApiError({ code: "db.exploded", message: "boom", details: null });
    expect(error.code).toBe("internal");
    expect(error.message).toContain("db.exploded");
  });

  it("maps Tauri's bare string rejections to internal", () => {
    const error = toApiError("command sign_in not found");
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe("internal");
    expect(error.message).toBe("command sign_in not found");
  });

  it("maps a missing details object to null", () => {
    expect(toApiError({ code: "auth.failed", message: "no" }).details).toBeNull();
  });
});
