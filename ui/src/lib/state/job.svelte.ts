// The state of one long job on a screen (a backup, the restore drill, a restore, a retention
// run): whether it runs, the last progress the core reported and whether a cancel was asked
// for. Each start resets it; events of a job that has ended, or of an earlier one, are dropped.
import { toApiError, type ApiError } from "$lib/api/errors";
import type { JobProgress } from "$lib/api/types";

export class JobState {
  busy = $state(false);
  /** The last event of the running job; null until it reports. */
  progress = $state<JobProgress | null>(null);
  cancelling = $state(false);
  /** Counts the jobs started, so a late event of an earlier one is told apart. */
  private run = 0;

  /**
   * Runs one job: `start` calls the core with the listener it is given. Answers what the job
   * answers and rejects as it does (job.cancelled when it was cancelled).
   */
  async track<T>(start: (onProgress: (p: JobProgress) => void) => Promise<T>): Promise<T> {
    const mine = ++this.run;
    let running = true;
    this.busy = true;
    this.progress = null;
    this.cancelling = false;
    try {
      return await start((p) => {
        if (running && this.run === mine) this.progress = p;
      });
    } finally {
      running = false;
      if (this.run === mine) {
        this.busy = false;
        this.progress = null;
        this.cancelling = false;
      }
    }
  }

  /**
   * Asks the core to stop the running job (`request` calls jobCancel); once is enough. When
   * the request fails, the job goes on, `failed` hears why and the person may ask again.
   */
  async cancel(request: () => Promise<unknown>, failed: (e: ApiError) => void): Promise<void> {
    if (!this.busy || this.cancelling) return;
    this.cancelling = true;
    try {
      await request();
    } catch (e) {
      this.cancelling = false;
      failed(toApiError(e));
    }
  }
}
