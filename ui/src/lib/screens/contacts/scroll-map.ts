// From a scroll position to a place in the list, for a list taller than a browser lets an element
// be. WebKitGTK and Chromium stop at about 33 million px (Firefox at about 17 million); a million
// rows of 44 px are 44 million. Up to the cap a pixel is a pixel. Above it the scroll area is the
// cap's height and the position maps proportionally onto the list: the scroll bar's thumb at 40%
// shows the rows 40% down, the top shows the first rows and the bottom the last.

/** Safe below every engine's limit, with room for zoom. */
export const MAX_SCROLL_PX = 10_000_000;

export interface ScrollMap {
  /** The row height in px. */
  readonly rowHeight: number;
  /** The scroll area's height in px (the spacer's). */
  readonly spacer: number;
  /** The furthest scrollTop. */
  readonly maxScroll: number;
  /** The furthest the list's own top (in px of rows, from row 0) can be. */
  readonly maxVirtual: number;
  /** True when the scroll area is shorter than the rows and the mapping is proportional. */
  readonly scaled: boolean;
}

export function scrollMap(total: number, rowHeight: number, viewport: number, cap = MAX_SCROLL_PX): ScrollMap {
  const content = Math.max(0, total) * rowHeight;
  const scaled = content > cap;
  const spacer = scaled ? cap : content;
  return {
    rowHeight,
    spacer,
    maxScroll: Math.max(0, spacer - viewport),
    maxVirtual: Math.max(0, content - viewport),
    scaled,
  };
}

/** The list's top (px from row 0's top) shown at `scrollTop`. */
export function virtualTop(map: ScrollMap, scrollTop: number): number {
  const top = Math.min(Math.max(0, scrollTop), map.maxScroll);
  if (!map.scaled) return top;
  return map.maxScroll > 0 ? (top / map.maxScroll) * map.maxVirtual : 0;
}

/**
 * The scrollTop that shows `row` at the top (or as near as the end of the list allows). Scaled,
 * it rounds up to a whole px, so the browser keeps it exactly and the top row is `row` (cut by at
 * most the scale, a few px), never the row before.
 */
export function scrollTopFor(map: ScrollMap, row: number): number {
  const want = Math.min(Math.max(0, row) * map.rowHeight, map.maxVirtual);
  if (!map.scaled) return Math.min(want, map.maxScroll);
  if (map.maxVirtual <= 0) return 0;
  return Math.min(Math.ceil((want / map.maxVirtual) * map.maxScroll), map.maxScroll);
}

/** The row at the top of the view at `scrollTop` (its top may be cut off). */
export function rowAtTop(map: ScrollMap, scrollTop: number): number {
  // The tiny allowance absorbs float error at tens of millions of px, so scrollTopFor(map, n) reads back as n.
  return Math.max(0, Math.floor(virtualTop(map, scrollTop) / map.rowHeight + 1e-6));
}
