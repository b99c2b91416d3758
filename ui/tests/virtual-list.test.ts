// The contact list over a vault of a million people: the scroll area stands for every row from
// the first page on (within the height browsers allow), a jump (a dragged scroll bar, End) is
// fetched by offset in one request instead of walking the pages before it, the next page after a
// held one by cursor, rows not loaded yet show as placeholders, and the rows held stay bounded.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FakeApi } from "$lib/api/fake";
import type { PersonQuery } from "$lib/api";
import { MAX_SCROLL_PX, rowAtTop, scrollMap, scrollTopFor } from "$lib/screens/contacts/scroll-map";
import { startApp } from "./helpers";

const ROW = 44;
const MILLION = 1_000_000;
/** The lazy rows' ids start here (FakeApi.seedLazyPeople); row i is persoon{i}@voorbeeld.nl. */
const FIRST_ID = 10_000_000;
/** jsdom measures nothing: the list assumes a view of 640 px there. */
const VIEW = 640;

async function bigList(options: { delayMs?: number; before?: (fake: FakeApi) => void } = {}) {
  const fake = new FakeApi({ preset: "admin", delayMs: options.delayMs ?? 0 });
  fake.seedLazyPeople(MILLION);
  // The app wraps the api's methods when it starts: replace one before that.
  options.before?.(fake);
  const started = await startApp({ api: fake });
  await waitFor(() => expect(screen.getByTestId("contacts-page")).toHaveAttribute("data-ready", "true"));
  return { ...started, fake, list: screen.getByTestId("contact-list") };
}

/** As a WebDriver scenario would: put row `n` at the top of the view (see the report's snippet). */
async function scrollToRow(list: HTMLElement, n: number) {
  const map = scrollMap(Number(list.dataset.total), Number(list.dataset.rowHeight), VIEW);
  list.scrollTop = scrollTopFor(map, n);
  await fireEvent.scroll(list);
}

/** The person row (with data) at list position `index`, once it is rendered. */
async function rowAt(index: number) {
  return waitFor(() => {
    const row = screen.getByTestId("contact-list").querySelector<HTMLElement>(`[data-testid^="contact-row-"][data-row-index="${index}"]`);
    expect(row).not.toBeNull();
    return row!;
  });
}

const pageCalls = (fake: FakeApi) => fake.calls.filter((c) => c === "persons_list").length;
const settle = (ms = 60) => new Promise((resolve) => setTimeout(resolve, ms));

describe("scroll mapping", () => {
  it("is exact below the cap and proportional above it, reaching the first and the last row", () => {
    const small = scrollMap(12_000, ROW, VIEW);
    expect(small.scaled).toBe(false);
    expect(small.spacer).toBe(12_000 * ROW);
    expect(scrollTopFor(small, 10_000)).toBe(10_000 * ROW);
    expect(rowAtTop(small, 10_000 * ROW + 10)).toBe(10_000);

    const big = scrollMap(MILLION, ROW, VIEW);
    expect(big.scaled).toBe(true);
    expect(big.spacer).toBe(MAX_SCROLL_PX);
    expect(rowAtTop(big, 0)).toBe(0);
    expect(rowAtTop(big, big.maxScroll)).toBe(MILLION - Math.floor(VIEW / ROW) - 1);
    // Halfway down the scroll bar is halfway down the list.
    expect(Math.abs(rowAtTop(big, big.maxScroll / 2) - MILLION / 2)).toBeLessThan(20);
    for (const n of [1, 13, 99_999, 123_457, 500_000, 987_654]) expect(rowAtTop(big, scrollTopFor(big, n))).toBe(n);
  });
});

describe("contact list over a million people", () => {
  it("stands for all of them from the first page on, within the height browsers allow", async () => {
    const { fake, list } = await bigList();
    expect(list).toHaveAttribute("data-total", "1000000");
    expect(list).toHaveAttribute("data-loaded", "100");
    expect(list).toHaveAttribute("data-scaled", "true");
    const spacer = list.firstElementChild as HTMLElement;
    expect(parseFloat(spacer.style.height)).toBe(MAX_SCROLL_PX);
    expect(MILLION * ROW).toBeGreaterThan(MAX_SCROLL_PX);
    expect(fake.personQueries).toEqual([expect.objectContaining({ after: null, offset: null, limit: 100 })]);
    expect(screen.getByTestId("contacts-total")).toHaveTextContent("1,000,000");
    const table = screen.getByRole("table");
    expect(table).toHaveAttribute("aria-rowcount", String(MILLION + 1));
    const first = await rowAt(0);
    expect(first).toHaveAttribute("data-testid", `contact-row-${FIRST_ID}`);
    expect(first).toHaveAttribute("aria-rowindex", "2");
  });

  it("dragged to the middle, shows placeholders at once, then the middle rows fetched by offset in one request", async () => {
    const { fake, list } = await bigList({ delayMs: 20 });
    const before = fake.personQueries.length;
    await scrollToRow(list, 500_000);
    expect(list).toHaveAttribute("data-first-row", "500000");
    // Not there yet: placeholders stand where the rows will be.
    const placeholder = within(list).getAllByTestId("contact-skeleton").find((s) => s.dataset.rowIndex === "500000");
    expect(placeholder).toHaveAttribute("aria-busy", "true");

    const row = await rowAt(500_000);
    expect(row).toHaveAttribute("data-testid", `contact-row-${FIRST_ID + 500_000}`);
    expect(row).toHaveTextContent("persoon500000@voorbeeld.nl");
    expect(row).toHaveAttribute("aria-rowindex", "500002");
    expect(within(list).queryAllByTestId("contact-skeleton")).toHaveLength(0);
    await settle();
    const asked = fake.personQueries.slice(before);
    expect(asked.length).toBeGreaterThanOrEqual(1);
    expect(asked.length).toBeLessThanOrEqual(2);
    for (const q of asked) {
      expect(q.after).toBeNull();
      expect(q.offset).toBeGreaterThanOrEqual(499_000);
      expect(q.offset! % 100).toBe(0);
      expect(q.limit).toBeLessThanOrEqual(500);
    }
    // Rows 500,000 and on, in order, with their own data.
    const shown = within(list).getAllByTestId(/^contact-row-/).map((r) => Number(r.dataset.rowIndex));
    expect(shown).toContain(500_010);
    for (const index of shown) expect(within(list).getByTestId(`contact-row-${FIRST_ID + index}`)).toHaveTextContent(`persoon${index}@`);

    // One page further down: the next page follows the held one, by cursor.
    const jumped = fake.personQueries.length;
    await scrollToRow(list, 500_100);
    await rowAt(500_110);
    await settle();
    const next = fake.personQueries.slice(jumped);
    expect(next.length).toBeGreaterThanOrEqual(1);
    for (const q of next) expect(q).toMatchObject({ after: expect.stringMatching(/:/), offset: null });
  });

  it("dragged fast through the list, asks only for where the view is, never more than two requests at once", async () => {
    // The core is slow to answer while the scroll bar is dragged (the first page passes).
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let running = 0;
    let most = 0;
    const sent: PersonQuery[] = [];
    const { list } = await bigList({
      before: (f) => {
        const real = f.personsList.bind(f);
        f.personsList = async (query: PersonQuery) => {
          sent.push({ ...query });
          running += 1;
          most = Math.max(most, running);
          try {
            if (query.offset !== null || query.after !== null) await gate;
            return await real(query);
          } finally {
            running -= 1;
          }
        };
      },
    });
    const before = sent.length;
    const asked = () => sent.length - before;
    // A drag: 80 scroll positions, from the top to three quarters down (7,500 pages passed).
    for (let i = 1; i <= 80; i++) {
      await scrollToRow(list, Math.round((i / 80) * 750_000));
      await settle(2);
    }
    // Two requests went out (for the first places passed); nothing queued behind them.
    expect(asked()).toBe(2);
    expect(within(list).getAllByTestId("contact-skeleton").length).toBeGreaterThan(10);

    open();
    const row = await rowAt(750_000);
    expect(row).toHaveTextContent("persoon750000@");
    await settle();
    expect(most).toBeLessThanOrEqual(2);
    // Once they answered, one request for where the view stopped.
    expect(asked()).toBe(3);
    expect(sent.at(-1)).toMatchObject({ after: null, offset: 749_900, limit: 200 });
    expect(sent.slice(before).every((q) => q.after === null && q.offset !== null)).toBe(true);
    expect(list).toHaveAttribute("data-first-row", "750000");
  });

  it("holds at most 50 pages, dropping those farthest from the view", async () => {
    const { list } = await bigList();
    for (let i = 1; i <= 40; i++) {
      const n = i * 20_000;
      await scrollToRow(list, n);
      await rowAt(n);
    }
    await settle();
    // 40 jumps fetched two pages each (81 with the first): 50 pages of 100 rows are kept.
    expect(list).toHaveAttribute("data-loaded", String(50 * 100));
    // The view's own rows are among those kept.
    expect(within(list).queryAllByTestId("contact-skeleton")).toHaveLength(0);
    // Going back to a place dropped long ago fetches it again.
    await scrollToRow(list, 20_000);
    const row = await rowAt(20_000);
    expect(row).toHaveTextContent("persoon20000@");
  });

  it("moves by keyboard: End shows the last rows (by offset), PageUp/PageDown by a view, Home the first", async () => {
    const { fake, list } = await bigList();
    list.focus();
    await fireEvent.keyDown(list, { key: "PageDown" });
    const page = Math.floor(VIEW / ROW) - 1;
    expect(list).toHaveAttribute("data-first-row", String(page));

    const before = fake.personQueries.length;
    await fireEvent.keyDown(list, { key: "End" });
    const last = await rowAt(MILLION - 1);
    expect(last).toHaveAttribute("data-testid", `contact-row-${FIRST_ID + MILLION - 1}`);
    expect(last).toHaveTextContent(`persoon${MILLION - 1}@`);
    const asked = fake.personQueries.slice(before);
    expect(asked[0]).toMatchObject({ after: null, offset: expect.any(Number) });
    expect(asked[0]!.offset).toBeGreaterThanOrEqual(MILLION - 500);
    expect(Number(list.dataset.firstRow)).toBe(MILLION - Math.floor(VIEW / ROW) - 1);

    await fireEvent.keyDown(list, { key: "PageUp" });
    expect(Number(list.dataset.firstRow)).toBe(MILLION - Math.floor(VIEW / ROW) - 1 - page);

    // A key on a row's checkbox moves the view too, and the focus stays in the list.
    const checkbox = within(list).getAllByRole("checkbox").at(-1)!;
    checkbox.focus();
    await fireEvent.keyDown(checkbox, { key: "Home" });
    expect(list).toHaveAttribute("data-first-row", "0");
    expect(document.activeElement).toBe(list);
    expect(await rowAt(0)).toHaveTextContent("persoon0@");
  });

  it("a filter change goes back to the top with a new first page and its total", async () => {
    const { fake, list, user } = await bigList();
    await scrollToRow(list, 600_000);
    await rowAt(600_000);
    await user.selectOptions(screen.getByTestId("owner-filter"), "2");
    await waitFor(() => expect(fake.personQueries.at(-1)).toMatchObject({ ownerId: 2, after: null, offset: null }));
    // Eight active users own the rows in turn: user 2 owns every eighth, from row 1 on.
    await waitFor(() => expect(list).toHaveAttribute("data-total", "125000"));
    expect(screen.getByTestId("contacts-total")).toHaveTextContent("125,000");
    expect(list).toHaveAttribute("data-first-row", "0");
    expect(list.scrollTop).toBe(0);
    expect(list).toHaveAttribute("data-loaded", "100");
    const first = await rowAt(0);
    expect(first).toHaveAttribute("data-testid", `contact-row-${FIRST_ID + 1}`);
    expect(first).toHaveTextContent("persoon1@");
    await settle();
    expect(fake.personQueries.at(-1)).toMatchObject({ ownerId: 2, after: null, offset: null });
  });
});

describe("contact list below the cap", () => {
  it("maps a pixel to a pixel and jumps 10,000 rows with one request by offset", async () => {
    const { fake } = await startApp({ preset: "admin", demo: 12_000 });
    await waitFor(() => expect(screen.getByTestId("contacts-page")).toHaveAttribute("data-ready", "true"));
    const list = screen.getByTestId("contact-list");
    expect(list).toHaveAttribute("data-scaled", "false");
    expect((list.firstElementChild as HTMLElement).style.height).toBe(`${12_000 * ROW}px`);
    const before = pageCalls(fake);

    list.scrollTop = 10_000 * ROW;
    await fireEvent.scroll(list);
    const row = await rowAt(10_000);
    await settle();
    expect(pageCalls(fake) - before).toBe(1);
    expect(fake.personQueries.at(-1)).toMatchObject({ after: null, offset: 9_900, limit: 200 });
    expect(list).toHaveAttribute("data-first-row", "10000");
    // Rows sit at their own place in the scroll area.
    const window = row.parentElement!;
    const start = Number((window.firstElementChild as HTMLElement).dataset.rowIndex);
    expect(window.style.transform).toBe(`translateY(${start * ROW}px)`);
  });

  it("a reloaded first page starts at the top instead of chasing the old position", async () => {
    const { fake, user } = await startApp({ preset: "admin", demo: 1_000 });
    await waitFor(() => expect(screen.getByTestId("contacts-page")).toHaveAttribute("data-ready", "true"));
    const list = screen.getByTestId("contact-list");
    list.scrollTop = 100 * ROW - 300;
    await fireEvent.scroll(list);
    await waitFor(() => expect(list.dataset.loaded).toBe("200"));
    // The page after the first came by cursor.
    expect(fake.personQueries.at(-1)).toMatchObject({ after: expect.any(String), offset: null });

    await user.selectOptions(screen.getByTestId("sort-select"), "created:desc");
    await waitFor(() => expect(fake.personQueries.at(-1)).toMatchObject({ sort: "created", after: null, offset: null }));
    await waitFor(() => expect(list.dataset.loaded).toBe("100"));
    await settle(100);
    expect(list.dataset.loaded).toBe("100");
    expect(list.scrollTop).toBe(0);
    expect(screen.getAllByTestId(/^contact-row-/)[0]).toHaveAttribute("data-row-index", "0");
    expect(screen.getAllByTestId(/^contact-row-/)[0]).toHaveAttribute("aria-rowindex", "2");
  });
});
