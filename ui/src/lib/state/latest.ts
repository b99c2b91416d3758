/**
 * "Latest wins" for search as you type, without a pause before asking. At most one query is in
 * flight; a keystroke while one is only remembers its text (replacing any text remembered
 * before), and that newest text goes out the moment the answer in flight comes back. An answer
 * is shown only while its text is still the one wanted, so fast typing never shows stale hits,
 * and a burst of keystrokes costs at most one query beyond the one already running. An empty
 * text clears at once and asks nothing.
 */
export interface LatestOptions<R> {
  /** Asks the core. Called with one text at a time, never while another call is running. */
  run: (text: string) => Promise<R>;
  /** The answer for `text`, which is still the newest text. */
  show: (result: R, text: string) => void;
  /** The text became empty: show no hits. */
  clear: () => void;
  /** The call for `text` (still the newest) failed; `clear` when not given. */
  fail?: (error: unknown, text: string) => void;
}

export interface Latest {
  /** The text now in the box (the caller decides whether to trim it first). */
  set(text: string): void;
  /** Forgets the text: an answer still on its way is dropped and nothing queued goes out. */
  cancel(): void;
  /** Whether a call is running (for tests and a busy hint). */
  readonly busy: boolean;
}

export function latest<R>(options: LatestOptions<R>): Latest {
  /** The text whose answer should show; null after cancel() or an empty text. */
  let wanted: string | null = null;
  /** The text of the call in flight, if any. */
  let inFlight: string | null = null;
  /** The newest text typed while a call was in flight, waiting for it to finish. */
  let queued: string | null = null;

  function send(text: string) {
    inFlight = text;
    let call: Promise<R>;
    try {
      call = options.run(text);
    } catch (error) {
      call = Promise.reject(error);
    }
    call.then(
      (result) => {
        if (wanted === text) options.show(result, text);
      },
      (error: unknown) => {
        if (wanted !== text) return;
        if (options.fail) options.fail(error, text);
        else options.clear();
      },
    ).finally(() => {
      inFlight = null;
      const next = queued;
      queued = null;
      if (next !== null && next === wanted) send(next);
    });
  }

  return {
    set(text: string) {
      if (!text.trim()) {
        wanted = null;
        queued = null;
        options.clear();
        return;
      }
      wanted = text;
      if (inFlight === null) send(text);
      // The answer on its way is for this very text (typed, changed, typed back): wait for it.
      else queued = inFlight === text ? null : text;
    },
    cancel() {
      wanted = null;
      queued = null;
    },
    get busy() {
      return inFlight !== null;
    },
  };
}
