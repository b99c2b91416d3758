// The rows of a long list, held a page at a time around the place in view, for VirtualList.
//
// The list is cut into pages of `pageSize` rows at fixed places (page p holds rows p*size up to
// (p+1)*size). `reset()` asks for the first page, which brings the total. After that the list says
// which rows are in view (`want`), and the pages holding them, and half a page either side, are
// asked for: by cursor when the page just before is held and knows the next page's cursor (cheapest
// for the core), else by offset (a jump: a dragged scroll bar, End). Neighbouring pages still
// missing go in one request (up to `batch` pages), so a jump costs one request.
//
// No pause before asking, and no queue: at most `maxInFlight` requests run at once, and when one
// comes back the pages for the rows in view *then* are asked for, so dragging the scroll bar
// through a million rows costs a few requests, never one per page passed. Answers for an older
// list (other filters, a reload) are dropped. At most `keep` pages are held; those farthest from
// the view go first.
//
// Reactive for Svelte through createSubscriber: what the list reads (rows, total, ...) is plain
// data here, and a change tells the effects that read it.
import { createSubscriber } from "svelte/reactivity";

export interface PageRequest {
  /** The previous page's cursor, or null. */
  after: string | null;
  /** With `after` null: start this many rows from the top; null for the first page with its total. */
  offset: number | null;
  limit: number;
}

export interface PageAnswer<T> {
  rows: T[];
  nextCursor: string | null;
  /** The number of rows in the whole list; only answered for the first page (-1 otherwise). */
  total: number;
}

interface Page<T> {
  rows: T[];
  /** The cursor of the page after this one; null when unknown (the page came mid-batch) or at the end. */
  next: string | null;
}

export interface RowPagesOptions<T> {
  fetch: (request: PageRequest) => Promise<PageAnswer<T>>;
  pageSize?: number;
  keep?: number;
  maxInFlight?: number;
  batch?: number;
}

export class RowPages<T> {
  readonly pageSize: number;
  readonly keep: number;
  readonly maxInFlight: number;
  readonly batch: number;
  #fetch: (request: PageRequest) => Promise<PageAnswer<T>>;

  /** Pages held, by page number. */
  #pages = new Map<number, Page<T>>();
  #total = 0;
  #loaded = false;
  #epoch = 0;
  #error: unknown = null;
  #update: (() => void) | undefined;
  /** Called by every getter: an effect that reads one runs again after a change. */
  #subscribe = createSubscriber((update) => {
    this.#update = update;
    return () => (this.#update = undefined);
  });

  /** Which list the answers belong to; bumped by reset(). */
  #generation = 0;
  /** A first page is on its way: ask for nothing else meanwhile. */
  #resetting = false;
  /** Requests running, of any generation (the core answers them all). */
  #inFlight = 0;
  /** Pages asked for (this generation), not yet answered. */
  #loading = new Set<number>();
  /** Pages whose request failed since the rows in view last changed: not asked for again until they do. */
  #failed = new Set<number>();
  /** The rows in view: first, and one past the last. */
  #first = 0;
  #end = 0;

  constructor(options: RowPagesOptions<T>) {
    this.#fetch = options.fetch;
    this.pageSize = options.pageSize ?? 100;
    this.keep = options.keep ?? 50;
    this.maxInFlight = options.maxInFlight ?? 2;
    this.batch = options.batch ?? 5;
  }

  /** Rows in the whole list (as the first page said, less when the list ended sooner). */
  get total(): number {
    this.#subscribe();
    return this.#total;
  }

  /** A first page has been shown. */
  get loaded(): boolean {
    this.#subscribe();
    return this.#loaded;
  }

  /** Counts the first pages shown: the list goes back to the top when it changes. */
  get epoch(): number {
    this.#subscribe();
    return this.#epoch;
  }

  /** The last failure of a page after the first (the first page's rejects `reset()`); null after a success. */
  get error(): unknown {
    this.#subscribe();
    return this.#error;
  }

  /** The row at `index`, or undefined while it is not held. */
  row(index: number): T | undefined {
    this.#subscribe();
    return this.#pages.get(Math.floor(index / this.pageSize))?.rows[index % this.pageSize];
  }

  /** The rows held now, in list order. */
  get held(): T[] {
    this.#subscribe();
    return [...this.#pages.keys()].sort((a, b) => a - b).flatMap((p) => this.#pages.get(p)!.rows);
  }

  /** How many rows are held now. */
  get heldCount(): number {
    this.#subscribe();
    let n = 0;
    for (const page of this.#pages.values()) n += page.rows.length;
    return n;
  }

  /**
   * A new list (other filters, a reload): asks for the first page, with the total. The rows shown
   * stay until it comes, then the list shows it from the top. Rejects when it fails.
   */
  async reset(): Promise<void> {
    const generation = ++this.#generation;
    this.#resetting = true;
    this.#loading = new Set();
    this.#failed.clear();
    this.#inFlight += 1;
    try {
      const answer = await this.#fetch({ after: null, offset: null, limit: this.pageSize });
      if (generation !== this.#generation) return;
      this.#error = null;
      this.#total = answer.nextCursor === null ? answer.rows.length : Math.max(0, answer.total);
      this.#pages = new Map([[0, { rows: answer.rows, next: answer.nextCursor }]]);
      this.#loaded = true;
      this.#epoch += 1;
      // Back at the top: the rows in view are the first ones (the list tells the exact range next).
      const span = this.#end - this.#first;
      this.#first = 0;
      this.#end = Math.min(this.#total, span);
      this.#resetting = false;
      this.#update?.();
    } catch (e) {
      // The rows shown stay (under the error), but no page of the new list is mixed in with them
      // until a reset succeeds.
      if (generation === this.#generation) throw e;
    } finally {
      this.#inFlight -= 1;
      this.#pump();
    }
  }

  /**
   * The same list again after it changed elsewhere (live refresh): the first page (with the total)
   * and the pages in view are asked for anew and replace the held ones when they come, so the list
   * stays where it is and shows no gap meanwhile. A failure keeps the rows shown.
   */
  async refresh(): Promise<void> {
    if (!this.#loaded || this.#resetting) return;
    const generation = ++this.#generation;
    this.#loading = new Set();
    this.#failed.clear();
    // Nothing else is asked for meanwhile: the held pages' cursors may be stale.
    this.#resetting = true;
    const size = this.pageSize;
    // The pages in view and half a page either side, as `#pump` holds them.
    const firstPage = Math.max(0, Math.floor((this.#first - size / 2) / size));
    const lastPage = Math.max(firstPage, Math.floor((Math.max(this.#first, this.#end - 1) + size / 2) / size));
    this.#inFlight += 1;
    try {
      const head = await this.#fetch({ after: null, offset: null, limit: size });
      if (generation !== this.#generation) return;
      const pages = new Map<number, Page<T>>([[0, { rows: head.rows, next: head.nextCursor }]]);
      const total = head.nextCursor === null ? head.rows.length : Math.max(0, head.total);
      const from = Math.max(1, firstPage);
      if (lastPage >= from && from * size < total) {
        const answer = await this.#fetch({ after: null, offset: from * size, limit: (lastPage - from + 1) * size });
        if (generation !== this.#generation) return;
        for (let p = from; p <= Math.min(lastPage, Math.ceil(total / size) - 1); p++) {
          const rows = answer.rows.slice((p - from) * size, (p - from + 1) * size);
          if (rows.length) pages.set(p, { rows, next: null });
        }
      }
      this.#total = total;
      this.#pages = pages;
      this.#error = null;
      this.#update?.();
    } catch {
      // The rows shown stay; the next change or scroll asks again.
    } finally {
      if (generation === this.#generation) this.#resetting = false;
      this.#inFlight -= 1;
      this.#pump();
    }
  }

  /** The rows in view now: `first` up to (not including) `end`. */
  want(first: number, end: number): void {
    if (first !== this.#first || end !== this.#end) this.#failed.clear();
    this.#first = first;
    this.#end = end;
    this.#pump();
  }

  #missing(page: number): boolean {
    return !this.#pages.has(page) && !this.#loading.has(page) && !this.#failed.has(page);
  }

  /** Asks for what the rows in view need, while fewer than maxInFlight requests run. */
  #pump(): void {
    if (this.#resetting || !this.#loaded || this.#total <= 0) return;
    const size = this.pageSize;
    const lastPage = Math.ceil(this.#total / size) - 1;
    const clamp = (p: number) => Math.min(lastPage, Math.max(0, p));
    const first = Math.min(this.#first, this.#total - 1);
    const last = Math.max(first, Math.min(this.#end, this.#total) - 1);
    const inView = [clamp(Math.floor(first / size)), clamp(Math.floor(last / size))] as const;
    // Half a page either side, so the next rows are there before they come into view.
    const lo = clamp(Math.floor((first - size / 2) / size));
    const hi = clamp(Math.floor((last + size / 2) / size));
    // In view first, then below (the usual way on), then above.
    const order: number[] = [];
    for (let p = inView[0]; p <= inView[1]; p++) order.push(p);
    for (let p = inView[1] + 1; p <= hi; p++) order.push(p);
    for (let p = inView[0] - 1; p >= lo; p--) order.push(p);
    for (const p of order) {
      if (this.#inFlight >= this.maxInFlight) return;
      if (!this.#missing(p)) continue;
      // Neighbours still missing in the same request: up first (so the request starts at the
      // topmost), then down.
      let from = p;
      let to = p;
      while (from > lo && to - from + 1 < this.batch && this.#missing(from - 1)) from -= 1;
      while (to < hi && to - from + 1 < this.batch && this.#missing(to + 1)) to += 1;
      void this.#request(from, to);
    }
  }

  async #request(from: number, to: number): Promise<void> {
    const generation = this.#generation;
    const size = this.pageSize;
    const before = this.#pages.get(from - 1);
    const request: PageRequest =
      from > 0 && before?.next
        ? { after: before.next, offset: null, limit: (to - from + 1) * size }
        : { after: null, offset: from * size, limit: (to - from + 1) * size };
    for (let p = from; p <= to; p++) this.#loading.add(p);
    this.#inFlight += 1;
    try {
      const answer = await this.#fetch(request);
      if (generation !== this.#generation) return;
      for (let p = from; p <= to; p++) this.#loading.delete(p);
      this.#store(from, to, answer);
      this.#error = null;
      this.#update?.();
    } catch (e) {
      if (generation !== this.#generation) return;
      for (let p = from; p <= to; p++) {
        this.#loading.delete(p);
        this.#failed.add(p);
      }
      this.#error = e;
      this.#update?.();
    } finally {
      this.#inFlight -= 1;
      this.#pump();
    }
  }

  #store(from: number, to: number, answer: PageAnswer<T>): void {
    const size = this.pageSize;
    const pages = this.#pages;
    for (let p = from; p <= to; p++) {
      const rows = answer.rows.slice((p - from) * size, (p - from + 1) * size);
      if (rows.length === 0) break;
      // Only the batch's last page knows the cursor of the page after it.
      pages.set(p, { rows, next: p === to ? answer.nextCursor : null });
    }
    if (answer.nextCursor === null) {
      // The list ends here (people were removed meanwhile): it is as long as it says.
      const end = from * size + answer.rows.length;
      if (end < this.#total) {
        this.#total = end;
        for (const p of [...pages.keys()]) if (p * size >= end) pages.delete(p);
      }
    }
    this.#evict();
  }

  /** Keeps the `keep` pages nearest the rows in view. */
  #evict(): void {
    const pages = this.#pages;
    if (pages.size <= this.keep) return;
    const centre = (this.#first + this.#end) / 2 / this.pageSize;
    const nearest = [...pages.keys()].sort((a, b) => Math.abs(a + 0.5 - centre) - Math.abs(b + 0.5 - centre) || a - b);
    for (const p of nearest.slice(this.keep)) pages.delete(p);
  }
}
