// The contact list over a long list of people in the real core: the scroll area stands for every
// row from the first page on, a jump (a dragged scroll bar, End) is fetched by offset in one
// request instead of walking the pages before it, the next page after a held one by cursor, rows
// not loaded yet show as placeholders, and the rows held stay bounded. The vault holds 12,000 demo
// people (filling more takes the test bridge minutes); the scaled scroll area above the height
// browsers allow is checked on its mapping alone.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { beforeAll, describe, expect, it } from "vitest";
import type { KluisApi, PersonQuery } from "$lib/api/types";
import { MAX_SCROLL_PX, rowAtTop, scrollMap, scrollTopFor } from "$lib/screens/contacts/scroll-map";
import { newVault, personInput, renderApp } from "./core";

const ROW = 44;
const MILLION = 1_000_000;
const PEOPLE = 12_000;
/** jsdom measures nothing: the list assumes a view of 640 px there. */
const VIEW = 640;

let api: KluisApi;
/** A colleague who owns three people of their own (the demo people are the administrator's). */
let colleague: number;
/** The people in the list's order (family name), as the core sorts them. */
const order: { id: number; displayName: string }[] = [];

const everyone: PersonQuery = {
  sort: "family_name",
  descending: false,
  after: null,
  offset: null,
  limit: 1,
  tag: null,
  ownerId: null,
  organisationId: null,
};

/** The api with every page the window asks for written down; `hold` keeps jumps and later pages waiting. */
function watched(options: { hold?: Promise<void> } = {}) {
  const sent: PersonQuery[] = [];
  let running = 0;
  let most = 0;
  const wrapped: KluisApi = {
    ...api,
    personsList: async (query) => {
      sent.push({ ...query });
      running += 1;
      most = Math.max(most, running);
      try {
        if (options.hold && (query.offset !== null || query.after !== null)) await options.hold;
        return await api.personsList(query);
      } finally {
        running -= 1;
      }
    },
  };
  return { wrapped, sent, most: () => most };
}

async function longList(options: { hold?: Promise<void> } = {}) {
  const watch = watched(options);
  const started = await renderApp(watch.wrapped);
  await waitFor(() => expect(screen.getByTestId("contacts-page")).toHaveAttribute("data-ready", "true"));
  return { ...started, ...watch, list: screen.getByTestId("contact-list") };
}

function gate() {
  let open!: () => void;
  const held = new Promise<void>((resolve) => (open = resolve));
  return { held, open };
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

/** The row at `index` shows the person the core has at that place. */
function expectPersonAt(row: HTMLElement, index: number) {
  expect(row).toHaveAttribute("data-testid", `contact-row-${order[index]!.id}`);
  expect(row).toHaveTextContent(order[index]!.displayName);
}

/** Waits until the window has no page request left unanswered. */
async function answered(list: HTMLElement) {
  await waitFor(() => expect(within(list).queryAllByTestId("contact-skeleton")).toHaveLength(0));
}

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

describe("contact list over 12,000 people (real core)", { timeout: 60_000 }, () => {
  beforeAll(async () => {
    api = await newVault();
    await api.demoFill(PEOPLE);
    colleague = (await api.userAdd({ username: "jan", displayName: "Jan Jansen", roles: ["user"], initialPassword: "Kaasschaaf-Molen-Tulp-88" })).id;
    for (const family of ["Aafjes", "Boomsma", "Cornelisse"]) await api.personCreate({ ...personInput("Eigen", family), ownerId: colleague });
    // The whole order once, by cursor, to know which person each row should show.
    let after: string | null = null;
    do {
      const page = await api.personsList({ ...everyone, after, limit: 2_000 });
      order.push(...page.rows.map(({ id, displayName }) => ({ id, displayName })));
      after = page.nextCursor;
    } while (after);
  }, 120_000);

  it("stands for all of them from the first page on, a pixel for a pixel", async () => {
    const { list, sent } = await longList();
    const total = order.length;
    expect(total).toBe(PEOPLE + 3);
    expect(list).toHaveAttribute("data-total", String(total));
    expect(list).toHaveAttribute("data-loaded", "100");
    expect(list).toHaveAttribute("data-scaled", "false");
    expect((list.firstElementChild as HTMLElement).style.height).toBe(`${total * ROW}px`);
    expect(sent).toEqual([expect.objectContaining({ after: null, offset: null, limit: 100 })]);
    expect(screen.getByTestId("contacts-total")).toHaveTextContent("12,003");
    expect(screen.getByRole("table")).toHaveAttribute("aria-rowcount", String(total + 1));
    const first = await rowAt(0);
    expectPersonAt(first, 0);
    expect(first).toHaveAttribute("aria-rowindex", "2");
  });

  it("dragged to the middle, shows placeholders at once, then the middle rows fetched by offset in one request", async () => {
    const { held, open } = gate();
    const { list, sent } = await longList({ hold: held });
    const before = sent.length;
    await scrollToRow(list, 6_000);
    expect(list).toHaveAttribute("data-first-row", "6000");
    // Not there yet: placeholders stand where the rows will be.
    const placeholder = within(list).getAllByTestId("contact-skeleton").find((s) => s.dataset.rowIndex === "6000");
    expect(placeholder).toHaveAttribute("aria-busy", "true");

    open();
    const row = await rowAt(6_000);
    expectPersonAt(row, 6_000);
    expect(row).toHaveAttribute("aria-rowindex", "6002");
    await answered(list);
    const asked = sent.slice(before);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ after: null, offset: 5_900, limit: 200 });
    // The rows from 6,000 on, in order, with their own data.
    const shown = within(list).getAllByTestId(/^contact-row-/).map((r) => Number(r.dataset.rowIndex));
    expect(shown).toContain(6_010);
    for (const index of shown) expectPersonAt(within(list).getByTestId(`contact-row-${order[index]!.id}`), index);

    // One page further down: the next page follows the held one, by cursor.
    const jumped = sent.length;
    await scrollToRow(list, 6_100);
    expectPersonAt(await rowAt(6_110), 6_110);
    await answered(list);
    const next = sent.slice(jumped);
    expect(next.length).toBeGreaterThanOrEqual(1);
    for (const q of next) expect(q).toMatchObject({ after: expect.stringMatching(/:/), offset: null });
  });

  it("dragged fast through the list, asks only for where the view is, never more than two requests at once", async () => {
    // The core is slow to answer while the scroll bar is dragged (the first page passes).
    const { held, open } = gate();
    const { list, sent, most } = await longList({ hold: held });
    const before = sent.length;
    const asked = () => sent.length - before;
    // A drag: 40 scroll positions, from row 1,200 to three quarters down (80 pages passed).
    for (let i = 1; i <= 40; i++) await scrollToRow(list, 1_000 + i * 200);
    // Two requests went out (for the first places passed); nothing queued behind them.
    expect(asked()).toBe(2);
    expect(within(list).getAllByTestId("contact-skeleton").length).toBeGreaterThan(10);

    open();
    expectPersonAt(await rowAt(9_000), 9_000);
    await answered(list);
    expect(most()).toBeLessThanOrEqual(2);
    // Once they answered, one request for where the view stopped.
    expect(asked()).toBe(3);
    expect(sent.at(-1)).toMatchObject({ after: null, offset: 8_900, limit: 200 });
    expect(sent.slice(before).every((q) => q.after === null && q.offset !== null)).toBe(true);
    expect(list).toHaveAttribute("data-first-row", "9000");
  });

  it("holds at most 50 pages, dropping those farthest from the view", async () => {
    const { list } = await longList();
    for (let i = 1; i <= 30; i++) {
      const n = i * 300;
      await scrollToRow(list, n);
      await rowAt(n);
    }
    await answered(list);
    // 30 jumps fetched two pages each (61 with the first): 50 pages of 100 rows are kept.
    expect(list).toHaveAttribute("data-loaded", String(50 * 100));
    // Going back to a place dropped long ago fetches it again.
    await scrollToRow(list, 300);
    expectPersonAt(await rowAt(300), 300);
  });

  it("moves by keyboard: End shows the last rows (by offset), PageUp/PageDown by a view, Home the first", async () => {
    const { list, sent } = await longList();
    const total = order.length;
    list.focus();
    await fireEvent.keyDown(list, { key: "PageDown" });
    const page = Math.floor(VIEW / ROW) - 1;
    expect(list).toHaveAttribute("data-first-row", String(page));

    const before = sent.length;
    await fireEvent.keyDown(list, { key: "End" });
    const last = await rowAt(total - 1);
    expectPersonAt(last, total - 1);
    const asked = sent.slice(before);
    expect(asked[0]).toMatchObject({ after: null, offset: expect.any(Number) });
    expect(asked[0]!.offset).toBeGreaterThanOrEqual(total - 500);
    expect(Number(list.dataset.firstRow)).toBe(total - Math.floor(VIEW / ROW) - 1);

    await fireEvent.keyDown(list, { key: "PageUp" });
    expect(Number(list.dataset.firstRow)).toBe(total - Math.floor(VIEW / ROW) - 1 - page);

    // A key on a row's checkbox moves the view too, and the focus stays in the list.
    const checkbox = within(list).getAllByRole("checkbox").at(-1)!;
    checkbox.focus();
    await fireEvent.keyDown(checkbox, { key: "Home" });
    expect(list).toHaveAttribute("data-first-row", "0");
    expect(document.activeElement).toBe(list);
    expectPersonAt(await rowAt(0), 0);
  });

  it("a filter change goes back to the top with a new first page and its total", async () => {
    const { list, sent, user } = await longList();
    await scrollToRow(list, 8_000);
    await rowAt(8_000);
    await user.selectOptions(screen.getByTestId("owner-filter"), String(colleague));
    await waitFor(() => expect(sent.at(-1)).toMatchObject({ ownerId: colleague, after: null, offset: null }));
    await waitFor(() => expect(list).toHaveAttribute("data-total", "3"));
    expect(screen.getByTestId("contacts-total")).toHaveTextContent(/^3\b/);
    expect(list).toHaveAttribute("data-first-row", "0");
    expect(list.scrollTop).toBe(0);
    expect(list).toHaveAttribute("data-loaded", "3");
    expect(await rowAt(0)).toHaveTextContent("Eigen Aafjes");
    expect(screen.getAllByTestId(/^contact-row-/).map((r) => r.textContent)).toEqual([
      expect.stringContaining("Aafjes"),
      expect.stringContaining("Boomsma"),
      expect.stringContaining("Cornelisse"),
    ]);
    await answered(list);
    expect(sent.at(-1)).toMatchObject({ ownerId: colleague, after: null, offset: null });
  });

  it("maps a pixel to a pixel and jumps 10,000 rows with one request by offset", async () => {
    const { list, sent } = await longList();
    const before = sent.length;
    list.scrollTop = 10_000 * ROW;
    await fireEvent.scroll(list);
    const row = await rowAt(10_000);
    expectPersonAt(row, 10_000);
    await answered(list);
    expect(sent.length - before).toBe(1);
    expect(sent.at(-1)).toMatchObject({ after: null, offset: 9_900, limit: 200 });
    expect(list).toHaveAttribute("data-first-row", "10000");
    // Rows sit at their own place in the scroll area.
    const window = row.parentElement!;
    const start = Number((window.firstElementChild as HTMLElement).dataset.rowIndex);
    expect(window.style.transform).toBe(`translateY(${start * ROW}px)`);
  });

  it("a reloaded first page starts at the top instead of chasing the old position", async () => {
    const { list, sent, user } = await longList();
    list.scrollTop = 100 * ROW - 300;
    await fireEvent.scroll(list);
    await waitFor(() => expect(list.dataset.loaded).toBe("200"));
    // The page after the first came by cursor.
    expect(sent.at(-1)).toMatchObject({ after: expect.any(String), offset: null });

    await user.selectOptions(screen.getByTestId("sort-select"), "created:desc");
    await waitFor(() => expect(sent.at(-1)).toMatchObject({ sort: "created", after: null, offset: null }));
    await waitFor(() => expect(list.dataset.loaded).toBe("100"));
    await answered(list);
    expect(list.dataset.loaded).toBe("100");
    expect(list.scrollTop).toBe(0);
    expect(screen.getAllByTestId(/^contact-row-/)[0]).toHaveAttribute("data-row-index", "0");
    expect(screen.getAllByTestId(/^contact-row-/)[0]).toHaveAttribute("aria-rowindex", "2");
    expect(sent.at(-1)).toMatchObject({ sort: "created", after: null, offset: null });
  });
});
