// Long lists drawn a part at a time: a list puts a marker below its last drawn row, and
// `drawMore` calls `more` when the marker comes within `margin` px of the scrolling view. The
// marker is watched again after each update (a view taller than what is drawn keeps drawing
// until it is full). Drawing 500 rows or 600 board cards at once took 0.6-1 s in WebKitGTK.

export interface DrawMore {
  /** Rows drawn now; a new value re-checks the marker. */
  drawn: number;
  more: () => void;
  /** The scrolling element: the marker's parent, or the window's view. */
  root?: "parent" | "view";
  margin?: number;
}

/** Without IntersectionObserver (jsdom in tests) every row is drawn. */
export const drawsInParts = typeof IntersectionObserver !== "undefined";

export function drawMore(node: HTMLElement, params: DrawMore) {
  let current = params;
  const observer = new IntersectionObserver(
    (entries) => {
      if (entries.some((e) => e.isIntersecting)) current.more();
    },
    { root: params.root === "parent" ? node.parentElement : null, rootMargin: `0px 0px ${params.margin ?? 300}px 0px` },
  );
  observer.observe(node);
  return {
    update(next: DrawMore) {
      current = next;
      observer.unobserve(node);
      observer.observe(node);
    },
    destroy: () => observer.disconnect(),
  };
}
