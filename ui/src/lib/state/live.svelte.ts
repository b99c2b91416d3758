// Live refresh (office mode): the office's Kluis says what changed, as {topic, entity, id,
// change} and never a value, for what this session may see; a screen that shows it loads again
// from the core. A burst (an import, a retention run, a colleague typing fast) comes as one
// refresh: changes are gathered for 250 ms, then each screen that wants one of them reloads once.
import type { Change } from "$lib/api";
import { untrack } from "svelte";

const SETTLE_MS = 250;

/** Which changes a screen reloads for. A change without a topic means "everything" (a stream fell behind). */
export type Wants = (change: Change) => boolean;

interface Listener {
  wants: Wants;
  reload: () => unknown;
}

export class Live {
  /** Not shown anywhere, so a plain array (no reactivity needed). */
  #listeners: Listener[] = [];
  #pending: Change[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;

  /** One change from the server. */
  hear(change: Change): void {
    this.#pending.push(change);
    if (this.#timer === null) this.#timer = setTimeout(() => this.#settle(), SETTLE_MS);
  }

  #settle(): void {
    this.#timer = null;
    const changes = this.#pending;
    this.#pending = [];
    for (const l of this.#listeners) {
      if (changes.some((c) => !c.topic || l.wants(c))) void l.reload();
    }
  }

  /** Listens until the returned function is called. */
  listen(wants: Wants, reload: () => unknown): () => void {
    const l = { wants, reload };
    this.#listeners.push(l);
    return () => {
      this.#listeners = this.#listeners.filter((x) => x !== l);
    };
  }
}

/** Changes of these topics. */
export function topics(...wanted: Change["topic"][]): Wants {
  return (c) => wanted.includes(c.topic);
}

/**
 * Calls `reload` when a change this screen `wants` comes, for as long as the component lives (call
 * while it initialises). The screen's own first load is its own business.
 */
export function refreshOn(live: Live, wants: Wants, reload: () => unknown): void {
  $effect(() => live.listen(wants, () => untrack(reload)));
}
