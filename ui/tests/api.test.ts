import { beforeEach, describe, expect, it, vi } from "vitest";

const invoke = vi.fn();
/** Tauri's Channel as far as the client uses it: a listener set on onmessage. */
class FakeChannel<T> {
  onmessage: (message: T) => void = () => {};
}
vi.mock("@tauri-apps/api/core", () => ({ invoke: (...args: unknown[]) => invoke(...args), Channel: FakeChannel }));

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

  it("sends the subject's export, erasure and the breach register under the core's argument names", async () => {
    invoke.mockResolvedValue(null);
    await tauriApi.subjectExport(12, 34, null);
    await tauriApi.subjectErase({ personId: 12, requestId: null, lang: "nl" });
    await tauriApi.breachesList();
    await tauriApi.breachExport();
    const input = {
      title: "t", discoveredAt: null, nature: "n", categories: ["contact"], subjectsApprox: 1, recordsApprox: 1, consequences: "c", measures: "m",
      authorityNotifiedAt: null, authorityReference: null, authorityNotRequired: null, subjectsInformedAt: null, subjectsNotInformed: null,
    };
    await tauriApi.breachCreate(input);
    await tauriApi.breachUpdate(7, 2, input);
    expect(invoke).toHaveBeenNthCalledWith(1, "subject_export", { personId: 12, requestId: 34, passphrase: null });
    expect(invoke).toHaveBeenNthCalledWith(2, "subject_erase", { input: { personId: 12, requestId: null, lang: "nl" } });
    expect(invoke).toHaveBeenNthCalledWith(3, "breaches_list", {});
    expect(invoke).toHaveBeenNthCalledWith(4, "breach_export", {});
    expect(invoke).toHaveBeenNthCalledWith(5, "breach_create", { input });
    expect(invoke).toHaveBeenNthCalledWith(6, "breach_update", { id: 7, version: 2, input });
  });

  it("sends the backup and health commands under the core's argument names", async () => {
    invoke.mockResolvedValue(null);
    const onProgress = vi.fn();
    await tauriApi.backupOverview();
    await tauriApi.backupCreate(onProgress);
    await tauriApi.backupSetFolder(false);
    await tauriApi.backupDrill("kluis-20261127-101500-manual.kluisbackup", "secret", null, onProgress);
    await tauriApi.backupRestore(null, null, "KEY", onProgress);
    await tauriApi.jobCancel();
    await tauriApi.healthReport();
    const channel = expect.any(FakeChannel);
    expect(invoke.mock.calls).toEqual([
      ["backup_overview", {}],
      ["backup_create", { onProgress: channel }],
      ["backup_set_folder", { choose: false }],
      ["backup_drill", { fileName: "kluis-20261127-101500-manual.kluisbackup", password: "secret", recoveryKey: null, onProgress: channel }],
      ["backup_restore", { fileName: null, password: null, recoveryKey: "KEY", onProgress: channel }],
      ["job_cancel", {}],
      ["health_report", {}],
    ]);
  });

  it("sends the import's options (mode and strict fields) under the core's argument names", async () => {
    invoke.mockResolvedValue(null);
    const heard: unknown[] = [];
    await tauriApi.importRun(["given_name", null, "phone"], { mode: "valid_only", strictFields: true }, (p) => heard.push(p));
    expect(invoke).toHaveBeenCalledWith("import_run", {
      mapping: ["given_name", null, "phone"],
      options: { mode: "valid_only", strictFields: true },
      onProgress: expect.any(FakeChannel),
    });
    (invoke.mock.calls[0]![1] as { onProgress: FakeChannel<unknown> }).onProgress.onmessage({ done: 1, total: 2 });
    expect(heard).toEqual([{ done: 1, total: 2 }]);
  });

  it("sends the category key commands under the core's argument names", async () => {
    invoke.mockResolvedValue([]);
    await tauriApi.categoryKeysStatus();
    await tauriApi.categoryKeysHandOver("KEY");
    expect(invoke.mock.calls).toEqual([
      ["category_keys_status", {}],
      ["category_keys_hand_over", { recoveryKey: "KEY" }],
    ]);
  });

  it("keeps which category key is not available yet", async () => {
    invoke.mockRejectedValue({
      code: "keys.category_unavailable",
      message: "the hr key has not been handed to you yet",
      details: { field: null, reason: null, retryAfterSecs: null, category: "hr" },
    });
    const error = await failure(tauriApi.employeesList({ after: null, limit: 50, includeFormer: false }));
    expect(error.code).toBe("keys.category_unavailable");
    expect(error.details?.category).toBe("hr");
  });

  it("hands a long job's progress from its channel to the listener", async () => {
    invoke.mockResolvedValue(null);
    const heard: unknown[] = [];
    await tauriApi.backupCreate((p) => heard.push(p));
    await tauriApi.retentionRun(false, (p) => heard.push(p));
    const channelOf = (call: number) => (invoke.mock.calls[call]![1] as { onProgress: FakeChannel<unknown> }).onProgress;
    channelOf(0).onmessage({ phase: "seal", done: 10, total: 40 });
    channelOf(1).onmessage({ phase: "retention", done: 2, total: 3 });
    expect(heard).toEqual([
      { phase: "seal", done: 10, total: 40 },
      { phase: "retention", done: 2, total: 3 },
    ]);
  });

  it("sends the retention commands under the core's argument names", async () => {
    invoke.mockResolvedValue(null);
    const input = { name: "n", kind: "inactive_prospects" as const, months: 24, action: "anonymise" as const };
    await tauriApi.retentionTemplates("nl");
    await tauriApi.retentionRules();
    await tauriApi.retentionAdd(input, "inactive_prospects");
    await tauriApi.retentionUpdate(3, 4, input);
    await tauriApi.retentionSetActive(3, false);
    await tauriApi.retentionPreview();
    await tauriApi.retentionRun(true, vi.fn());
    await tauriApi.retentionHistory();
    expect(invoke.mock.calls).toEqual([
      ["retention_templates", { lang: "nl" }],
      ["retention_rules", {}],
      ["retention_add", { input, template: "inactive_prospects" }],
      ["retention_update", { id: 3, version: 4, input }],
      ["retention_set_active", { id: 3, active: false }],
      ["retention_preview", {}],
      ["retention_run", { dryRun: true, onProgress: expect.any(FakeChannel) }],
      ["retention_history", {}],
    ]);
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
