// The shared progress of a long job (backup, drill, restore, retention run): the phase in words,
// a bar with the percent when the phase is measurable and a moving one when not, and a Cancel
// that says it is cancelling; the state behind it drops events of a job that has ended; and the
// core's jobs honour a cancel only while they run.
import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { JobProgress as Progress } from "$lib/api/types";
import JobProgress from "$lib/components/JobProgress.svelte";
import { setLocale } from "$lib/i18n/index.svelte";
import { JobState } from "$lib/state/job.svelte";
import { newCoreVault } from "./core";

describe("JobProgress", () => {
  it("names the phase, shows the percent of a measurable one and nothing of one that is not", async () => {
    const oncancel = vi.fn();
    const { rerender } = render(JobProgress, { props: { progress: null, oncancel, cancelling: false, testid: "p" } });
    const bar = screen.getByRole("progressbar");
    expect(screen.getByTestId("p-phase")).toHaveTextContent("Starting…");
    expect(bar).not.toHaveAttribute("aria-valuenow");
    expect(bar).toHaveAccessibleName("Starting…");

    await rerender({ progress: { phase: "open", done: 1_000, total: 3_000 } });
    expect(screen.getByTestId("p-phase")).toHaveTextContent("Decrypting the backup…");
    expect(bar).toHaveAttribute("aria-valuenow", "33");
    expect(bar).toHaveAccessibleName("Decrypting the backup…");
    expect(screen.getByTestId("p-percent")).toHaveTextContent("33%");

    await rerender({ progress: { phase: "check", done: 0, total: 0 } });
    expect(screen.getByTestId("p-phase")).toHaveTextContent("Checking integrity, audit trail and consent ledger…");
    expect(bar).not.toHaveAttribute("aria-valuenow");
    expect(screen.queryByTestId("p-percent")).toBeNull();

    // Never past 100, whatever the core sends.
    await rerender({ progress: { phase: "reapply", done: 7, total: 5 } });
    expect(screen.getByTestId("p-phase")).toHaveTextContent("Erasing again everyone erased since…");
    expect(bar).toHaveAttribute("aria-valuenow", "100");
    expect(screen.getByText("Cancelling is safe: nothing is changed until the job is complete.")).toBeInTheDocument();
  });

  it("cancels once, then says it is cancelling", async () => {
    const user = userEvent.setup();
    const oncancel = vi.fn();
    const progress: Progress = { phase: "seal", done: 0, total: 10 };
    const { rerender } = render(JobProgress, { props: { progress, oncancel, cancelling: false, testid: "p" } });
    const button = screen.getByTestId("p-cancel");
    expect(button).toHaveTextContent("Cancel");
    await user.click(button);
    expect(oncancel).toHaveBeenCalledTimes(1);

    await rerender({ cancelling: true });
    expect(button).toHaveTextContent("Cancelling…");
    expect(button).toBeDisabled();
  });

  it("speaks Dutch", () => {
    setLocale("nl", false);
    render(JobProgress, { props: { progress: { phase: "snapshot", done: 0, total: 0 }, oncancel: () => {}, cancelling: true, testid: "p" } });
    expect(screen.getByTestId("p-phase")).toHaveTextContent("Database kopiëren…");
    expect(screen.getByTestId("p-cancel")).toHaveTextContent("Annuleren…");
    expect(screen.getByText("Annuleren is veilig: er verandert niets tot de taak klaar is.")).toBeInTheDocument();
  });
});

describe("JobState", () => {
  it("starts each job afresh and drops events that come after it ended", async () => {
    const job = new JobState();
    let late: ((p: Progress) => void) | null = null;
    const first = job.track(async (onProgress) => {
      expect(job.busy).toBe(true);
      expect(job.progress).toBeNull();
      onProgress({ phase: "seal", done: 5, total: 10 });
      expect(job.progress).toEqual({ phase: "seal", done: 5, total: 10 });
      late = onProgress;
      return "made";
    });
    await expect(first).resolves.toBe("made");
    expect(job.busy).toBe(false);
    expect(job.progress).toBeNull();
    late!({ phase: "seal", done: 10, total: 10 });
    expect(job.progress).toBeNull();

    // The next job starts without the last one's progress; the earlier listener stays unheard.
    let release: () => void = () => {};
    const second = job.track(
      (onProgress) =>
        new Promise<string>((resolve) => {
          onProgress({ phase: "retention", done: 0, total: 3 });
          release = () => resolve("ran");
        }),
    );
    expect(job.progress).toEqual({ phase: "retention", done: 0, total: 3 });
    late!({ phase: "seal", done: 10, total: 10 });
    expect(job.progress).toEqual({ phase: "retention", done: 0, total: 3 });
    release();
    await second;
  });

  it("asks the core once to cancel, and lets the person ask again when that fails", async () => {
    const job = new JobState();
    let finish: () => void = () => {};
    const running = job.track(() => new Promise<void>((resolve) => (finish = resolve)));
    const request = vi.fn().mockRejectedValueOnce({ code: "internal", message: "busy" }).mockResolvedValue(null);
    const failed = vi.fn();
    await job.cancel(request, failed);
    expect(failed).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ code: "internal" }));
    expect(job.cancelling).toBe(false);
    await job.cancel(request, failed);
    await job.cancel(request, failed);
    expect(request).toHaveBeenCalledTimes(2);
    expect(failed).toHaveBeenCalledTimes(1);
    expect(job.cancelling).toBe(true);
    finish();
    await running;
    expect(job.cancelling).toBe(false);
  });
});

describe("the core's long jobs", { timeout: 30_000 }, () => {
  it("a cancel with no job running does nothing, and a cancelled job changes nothing", async () => {
    const { api, jobs } = await newCoreVault();
    await api.backupSetFolder(true);
    await api.jobCancel();
    const first: Progress[] = [];
    expect(await api.backupCreate((p) => first.push(p))).toMatchObject({ kind: "manual" });
    expect((await api.backupOverview()).backups).toHaveLength(1);

    const heard: Progress[] = [];
    await jobs.hold(true);
    const made = api.backupCreate((p) => heard.push(p));
    // Held once the sealing has made headway.
    let at = await jobs.stepTo("seal");
    while ((at.last as Progress).done === 0) at = await jobs.step();
    await api.jobCancel();
    await expect(made).rejects.toMatchObject({ code: "job.cancelled" });
    expect((await api.backupOverview()).backups).toHaveLength(1);
    // Nothing is heard after the cancel.
    expect(heard).toHaveLength(at.reports - first.length);
    expect(heard.at(-1)).toEqual(at.last);
    expect(heard[0]).toMatchObject({ phase: "snapshot" });
  });
});
