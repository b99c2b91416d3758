// Live refresh in the window: changes from the office's Kluis gathered into one reload per
// screen that wants them, and a list asked again where it stands instead of back at the top.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Change } from "$lib/api";
import { RowPages, type PageRequest } from "$lib/screens/contacts/row-pages";
import { Live, topics } from "$lib/state/live.svelte";
import { reloadAsFar } from "$lib/state/reload-pages";

const change = (topic: Change["topic"], id: number, what = "person.updated"): Change => ({ seq: id, topic, entity: "person", id, change: what });

describe("live refresh", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("reloads each screen once per burst, and only for what it shows", () => {
    const live = new Live();
    const people = vi.fn();
    const deals = vi.fn();
    live.listen(topics("people"), people);
    const stop = live.listen(topics("deals"), deals);
    for (let i = 0; i < 30; i++) live.hear(change("people", i));
    expect(people).not.toHaveBeenCalled();
    vi.advanceTimersByTime(300);
    expect(people).toHaveBeenCalledTimes(1);
    expect(deals).not.toHaveBeenCalled();
    // A stream that fell behind says so without a topic: every screen reloads.
    live.hear({ seq: 0, topic: undefined as unknown as Change["topic"], entity: null, id: null, change: "reload" });
    vi.advanceTimersByTime(300);
    expect(deals).toHaveBeenCalledTimes(1);
    stop();
    live.hear(change("deals", 1, "deal.moved"));
    vi.advanceTimersByTime(300);
    expect(deals).toHaveBeenCalledTimes(1);
  });
});

describe("a list refreshed after a change elsewhere", () => {
  it("keeps its place: the first page and the pages around the view are asked again in one request", async () => {
    let names = Array.from({ length: 1000 }, (_, i) => `row ${i}`);
    const asked: PageRequest[] = [];
    const pages = new RowPages<string>({
      pageSize: 100,
      fetch: async (r) => {
        asked.push(r);
        const from = r.offset ?? 0;
        const rows = names.slice(from, from + r.limit);
        return { rows, nextCursor: from + r.limit < names.length ? String(from + r.limit) : null, total: r.offset === null && r.after === null ? names.length : -1 };
      },
    });
    await pages.reset();
    pages.want(520, 540);
    await vi.waitFor(() => expect(pages.row(530)).toBe("row 530"));
    // A colleague renames row 530 and adds one at the end.
    names = names.map((n) => (n === "row 530" ? "row 530 (renamed)" : n));
    names.push("row 1000");
    asked.length = 0;
    await pages.refresh();
    expect(pages.row(530)).toBe("row 530 (renamed)");
    expect(pages.total).toBe(1001);
    expect(asked.map((r) => [r.offset, r.limit])).toEqual([
      [null, 100],
      [400, 200],
    ]);
  });
});

describe("an organisation or personnel list refreshed after a change elsewhere", () => {
  const list = Array.from({ length: 230 }, (_, i) => `row ${i}`);
  const fetcher = (asked: (string | null)[]) => async (after: string | null) => {
    asked.push(after);
    const from = after === null ? 0 : Number(after);
    const rows = list.slice(from, from + 50);
    const next = from + 50 < list.length ? String(from + 50) : null;
    return { rows, nextCursor: next, total: after === null ? list.length : -1 };
  };

  it("is read again as far as it was shown, not back to its first page", async () => {
    const asked: (string | null)[] = [];
    const got = await reloadAsFar(fetcher(asked), 120);
    expect(asked).toEqual([null, "50", "100"]);
    expect(got.rows).toHaveLength(150);
    expect(got.total).toBe(230);
    expect(got.cursor).toBe("150");
  });

  it("asks one page when only the first was shown, and at most ten when far down", async () => {
    const one: (string | null)[] = [];
    expect((await reloadAsFar(fetcher(one), 0)).rows).toHaveLength(50);
    expect(one).toEqual([null]);
    const capped: (string | null)[] = [];
    const got = await reloadAsFar(fetcher(capped), 10_000, 3);
    expect(capped).toHaveLength(3);
    expect(got.cursor).toBe("150");
  });
});
