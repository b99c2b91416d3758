// Readiness markers for end-to-end measuring: a section's root element carries
// `data-ready="true"` only once what it loads has arrived and is rendered, and "false" while it
// loads or reloads; `data-error="true"` says it is done but shows an error instead of the data.
//
// The root calls provideReady() and spreads `ready.attrs` on its element; it wraps its own loads in
// `ready.track(...)`. A part below it that loads on its own (a tab, a chart, a panel) calls
// readyPart() and tracks its loads the same way; the root is ready only when every part is.
// A load settles and the component assigns its answer in the same run of microtasks, and Svelte
// renders in that run too, so nothing outside (a paint, a WebDriver script) ever sees "true"
// before the data is on screen.
import { getContext, setContext, untrack } from "svelte";

const KEY = Symbol("ready");

/** Something on a screen that loads: the screen itself, a tab, a chart. */
export class ReadyPart {
  #pending = $state(0);
  #failed = $state(false);

  /** A tracked load is still running. */
  get loading(): boolean {
    return this.#pending > 0;
  }

  /** A load since the part was last idle failed (the part shows an error, not its data). */
  get failed(): boolean {
    return this.#failed;
  }

  /**
   * Marks the part as loading until `work` settles, and answers what `work` answers. A load
   * started while nothing else runs forgets an earlier failure; a rejection marks the part failed.
   */
  track<T>(work: Promise<T>): Promise<T> {
    // Often called inside an effect (a load on mount): reading the count there would make the
    // effect depend on it, and run again (and load again) each time it changes.
    untrack(() => {
      if (this.#pending === 0) this.#failed = false;
      this.#pending += 1;
    });
    return work.then(
      (value) => {
        this.#pending -= 1;
        return value;
      },
      (error: unknown) => {
        this.#pending -= 1;
        this.#failed = true;
        throw error;
      },
    );
  }
}

/** The root's view of its own loads and those of every part mounted below it. */
export class ReadyScope extends ReadyPart {
  #parts = $state.raw<ReadyPart[]>([]);

  /** Nothing of the screen is loading. */
  get ready(): boolean {
    return !this.loading && this.#parts.every((part) => !part.loading);
  }

  /** Done, and showing an error instead of (some of) its data. */
  get error(): boolean {
    return this.ready && (this.failed || this.#parts.some((part) => part.failed));
  }

  /** For the root element: `<div {...ready.attrs}>`. */
  get attrs(): { "data-ready": "true" | "false"; "data-error": "true" | "false" } {
    return { "data-ready": this.ready ? "true" : "false", "data-error": this.error ? "true" : "false" };
  }

  /** Adds a part; answers the function that takes it away again. */
  add(part: ReadyPart): () => void {
    this.#parts = [...this.#parts, part];
    return () => {
      this.#parts = this.#parts.filter((p) => p !== part);
    };
  }
}

/** Called by a screen's root component: the scope its parts report to. */
export function provideReady(): ReadyScope {
  const scope = new ReadyScope();
  setContext(KEY, scope);
  return scope;
}

/**
 * Called by a component that loads on its own inside a screen (during its initialisation): the
 * screen counts the part while the component is mounted. Outside a screen it is just a tracker.
 */
export function readyPart(): ReadyPart {
  const part = new ReadyPart();
  const scope = getContext<ReadyScope | undefined>(KEY);
  if (scope) $effect(() => untrack(() => scope.add(part)));
  return part;
}
