// The fake's copy of the core's long jobs (a backup, the restore drill, a restore, a retention
// run): progress now and then on the job's channel, and a cancel flag the job looks at between
// its steps. A cancelled job fails with job.cancelled before it has changed anything: each job
// does its real work only after its last checkpoint. FakeApi wires this to its commands.
import { ApiError } from "./errors";
import type { JobPhase } from "./bindings/JobPhase";
import type { JobProgress } from "./bindings/JobProgress";

/** How many steps a measurable phase is reported in at most (0, ¼, ½, ¾, all). */
const STEPS = 4;

/** A listener that hears nothing (direct calls in tests need none). */
export function noProgress(): void {}

/** What a running job can do: report its phases, and see whether it should stop. */
export interface FakeJob {
  /** Sends one event, then pauses; fails with job.cancelled when a cancel came in. */
  report(phase: JobPhase, done: number, total: number): Promise<void>;
  /** A phase in a few steps of `total` (bytes, records); total 0: one event without a figure. */
  phase(phase: JobPhase, total: number): Promise<void>;
  /** The last moment a cancel counts: after it the job changes things. */
  checkpoint(): void;
}

function cancelled(): never {
  throw new ApiError("job.cancelled", "the job was cancelled");
}

export class FakeJobs {
  /**
   * Tests: hold the running job after each progress event until `release()` (one step on) or a
   * cancel, so a test sees a phase and can cancel in the middle of it.
   */
  hold = false;
  /** Every progress event sent, in order, for tests. */
  readonly sent: JobProgress[] = [];
  private running: { cancelled: boolean } | null = null;
  private waiting: Array<() => void> = [];

  /** `pauseMs`: how long each step takes (the fake's latency, so the preview shows progress). */
  constructor(private readonly pauseMs: () => number) {}

  /** Whether a job is running now. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Runs `body` as the running job, reporting to `onProgress`. */
  async run<T>(onProgress: (p: JobProgress) => void, body: (job: FakeJob) => Promise<T>): Promise<T> {
    const state = { cancelled: false };
    this.running = state;
    const check = () => {
      if (state.cancelled) cancelled();
    };
    const report = async (phase: JobPhase, done: number, total: number) => {
      check();
      const event: JobProgress = { phase, done, total };
      this.sent.push(event);
      onProgress({ ...event });
      await new Promise((resolve) => setTimeout(resolve, this.pauseMs()));
      if (this.hold && !state.cancelled) await new Promise<void>((resolve) => this.waiting.push(resolve));
      check();
    };
    const job: FakeJob = {
      report,
      async phase(phase, total) {
        if (total <= 0) return report(phase, 0, 0);
        // A few records go one by one; more (and bytes) in four steps.
        const steps = Math.min(STEPS, total);
        for (let step = 0; step <= steps; step++) await report(phase, Math.round((total * step) / steps), total);
      },
      checkpoint: check,
    };
    try {
      return await body(job);
    } finally {
      if (this.running === state) this.running = null;
      this.wake();
    }
  }

  /** The core's job_cancel: raises the running job's flag (none running: nothing happens). */
  cancel(): void {
    if (this.running) this.running.cancelled = true;
    this.wake();
  }

  /** Tests: whether the running job is held now, after an event, waiting for `release()`. */
  get held(): boolean {
    return this.waiting.length > 0;
  }

  /** Tests: lets a held job go on to its next event (or to its end once `hold` is false). */
  release(): void {
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
