// Pointer drag of an item onto a drop zone (a board's columns): one reusable piece instead of
// handlers inside a page. A press becomes a drag only after the pointer travels a few pixels (a
// click stays a click); Escape or a cancelled pointer ends it without a drop; the container
// scrolls sideways near its edges; the click that would follow a drag is swallowed. Zones are
// the container's elements with `data-<zone>` (e.g. data-stage-id), found under the pointer.

export interface Dragged<T> {
  item: T;
  pointerId: number;
  startX: number;
  startY: number;
  /** Where in the item the pointer took hold, so a ghost follows at the same offset. */
  offsetX: number;
  offsetY: number;
  width: number;
  x: number;
  y: number;
  /** Past the threshold: a drag, not a press. */
  active: boolean;
  /** The zone under the pointer. */
  over: string | null;
}

export interface DragOptions<T> {
  /** The element holding the zones (and scrolled near its edges). */
  container: () => HTMLElement | undefined;
  /** The data attribute naming a zone, in dataset form ("stageId" for data-stage-id). */
  zone: string;
  /** Whether drags may start at all (the person may move items). */
  enabled: () => boolean;
  onDrop: (item: T, zone: string) => void;
  /** Pixels before a press becomes a drag. */
  threshold?: number;
  /** Distance from the container's side within which it scrolls. */
  edge?: number;
}

export class DragToZone<T> {
  current = $state<Dragged<T> | null>(null);
  readonly #o: DragOptions<T>;

  constructor(options: DragOptions<T>) {
    this.#o = options;
  }

  /** Pointerdown on an item: starts watching for a drag. */
  start = (event: PointerEvent, item: T): void => {
    if (!this.#o.enabled() || event.button !== 0 || this.current) return;
    // Buttons and fields inside the item keep their own behaviour.
    if ((event.target as Element).closest("button, select, a, input, textarea")) return;
    const rect = (event.currentTarget as HTMLElement).getBoundingClientRect();
    this.current = {
      item,
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      offsetX: event.clientX - rect.left,
      offsetY: event.clientY - rect.top,
      width: rect.width,
      x: event.clientX,
      y: event.clientY,
      active: false,
      over: null,
    };
    window.addEventListener("pointermove", this.#move);
    window.addEventListener("pointerup", this.#up);
    window.addEventListener("pointercancel", this.cancel);
    window.addEventListener("keydown", this.#key, true);
  };

  /** The zone being dragged over, if the drag is live. */
  isOver(zone: string | number): boolean {
    return !!this.current?.active && this.current.over === String(zone);
  }

  zoneAt(x: number, y: number): string | null {
    const box = this.#o.container();
    if (!box) return null;
    const area = box.getBoundingClientRect();
    if (x < area.left || x > area.right) return null;
    const attr = `data-${this.#o.zone.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    for (const el of box.querySelectorAll<HTMLElement>(`[${attr}]`)) {
      const r = el.getBoundingClientRect();
      if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return el.dataset[this.#o.zone] ?? null;
    }
    return null;
  }

  #move = (event: PointerEvent): void => {
    const d = this.current;
    if (!d || event.pointerId !== d.pointerId) return;
    d.x = event.clientX;
    d.y = event.clientY;
    if (!d.active) {
      if (Math.hypot(d.x - d.startX, d.y - d.startY) < (this.#o.threshold ?? 5)) return;
      d.active = true;
    }
    event.preventDefault();
    d.over = this.zoneAt(d.x, d.y);
    this.#scroll(d.x);
  };

  #scroll(x: number): void {
    const box = this.#o.container();
    if (!box) return;
    const area = box.getBoundingClientRect();
    const edge = this.#o.edge ?? 56;
    if (x < area.left + edge) box.scrollLeft -= 16;
    else if (x > area.right - edge) box.scrollLeft += 16;
  }

  #up = (event: PointerEvent): void => {
    const d = this.current;
    if (!d || event.pointerId !== d.pointerId) return;
    // Pointerup may come without a move right before it (some drivers); look again here.
    const target = d.active ? (this.zoneAt(event.clientX, event.clientY) ?? d.over) : null;
    this.stop();
    if (!d.active) return;
    swallowNextClick();
    if (target !== null) this.#o.onDrop(d.item, target);
  };

  #key = (event: KeyboardEvent): void => {
    if (event.key === "Escape" && this.current?.active) {
      event.preventDefault();
      event.stopPropagation();
      this.cancel();
    }
  };

  /** Ends a drag without a drop. */
  cancel = (): void => {
    const wasActive = this.current?.active ?? false;
    this.stop();
    if (wasActive) swallowNextClick();
  };

  /** Stops watching (also when the page goes). */
  stop = (): void => {
    this.current = null;
    window.removeEventListener("pointermove", this.#move);
    window.removeEventListener("pointerup", this.#up);
    window.removeEventListener("pointercancel", this.cancel);
    window.removeEventListener("keydown", this.#key, true);
  };
}

/** A drag that ends over a button would click it; a drag is not a click. */
function swallowNextClick(): void {
  const stop = (e: Event) => {
    e.stopPropagation();
    e.preventDefault();
  };
  window.addEventListener("click", stop, { capture: true, once: true });
  setTimeout(() => window.removeEventListener("click", stop, { capture: true }), 0);
}
