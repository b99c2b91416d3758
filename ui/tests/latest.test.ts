import { describe, expect, it, vi } from "vitest";
import { latest } from "$lib/state/latest";

/** A search whose answers the test hands out one by one, in any order. */
function controlled() {
  const calls: { text: string; resolve: (hits: string[]) => void; reject: (e: unknown) => void }[] = [];
  const run = vi.fn(
    (text: string) =>
      new Promise<string[]>((resolve, reject) => {
        calls.push({ text, resolve, reject });
      }),
  );
  const shown: { hits: string[]; text: string }[] = [];
  const show = vi.fn((hits: string[], text: string) => shown.push({ hits, text }));
  const clear = vi.fn();
  const fail = vi.fn();
  return { calls, run, shown, show, clear, fail, search: latest({ run, show, clear, fail }) };
}

/** Lets the promise callbacks (and the queued query they send) run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("latest wins", () => {
  it("asks at once, without a pause, and shows the answer", async () => {
    const s = controlled();
    s.search.set("jan");
    expect(s.run).toHaveBeenCalledExactlyOnceWith("jan");
    expect(s.search.busy).toBe(true);
    s.calls[0]!.resolve(["Jan de Vries"]);
    await settle();
    expect(s.shown).toEqual([{ hits: ["Jan de Vries"], text: "jan" }]);
    expect(s.search.busy).toBe(false);
  });

  it("sends only the newest text after the one in flight, and never shows the stale answer", async () => {
    const s = controlled();
    s.search.set("j");
    s.search.set("ja");
    s.search.set("jan");
    s.search.set("jans");
    // One call at a time: the three keystrokes typed meanwhile wait as one.
    expect(s.run).toHaveBeenCalledTimes(1);
    s.calls[0]!.resolve(["stale for j"]);
    await settle();
    expect(s.show).not.toHaveBeenCalled();
    expect(s.run).toHaveBeenCalledTimes(2);
    expect(s.run).toHaveBeenLastCalledWith("jans");
    s.calls[1]!.resolve(["Jansen"]);
    await settle();
    expect(s.shown).toEqual([{ hits: ["Jansen"], text: "jans" }]);
    expect(s.run).toHaveBeenCalledTimes(2);
  });

  it("drops an answer that comes back after a newer text, even when it fails", async () => {
    const s = controlled();
    s.search.set("a");
    s.search.set("ab");
    s.calls[0]!.reject(new Error("gone"));
    await settle();
    expect(s.fail).not.toHaveBeenCalled();
    s.calls[1]!.reject(new Error("disk full"));
    await settle();
    expect(s.fail).toHaveBeenCalledExactlyOnceWith(new Error("disk full"), "ab");
    expect(s.show).not.toHaveBeenCalled();
  });

  it("clears at once on an empty text, drops the answer in flight and sends nothing queued", async () => {
    const s = controlled();
    s.search.set("ma");
    s.search.set("mar");
    s.search.set("  ");
    expect(s.clear).toHaveBeenCalledTimes(1);
    s.calls[0]!.resolve(["Mark"]);
    await settle();
    expect(s.show).not.toHaveBeenCalled();
    expect(s.run).toHaveBeenCalledTimes(1);
    // And the next text goes out straight away.
    s.search.set("m");
    expect(s.run).toHaveBeenLastCalledWith("m");
  });

  it("keeps the answer in flight when the text is typed back to it", async () => {
    const s = controlled();
    s.search.set("an");
    s.search.set("ann");
    s.search.set("an");
    s.calls[0]!.resolve(["Anna"]);
    await settle();
    expect(s.shown).toEqual([{ hits: ["Anna"], text: "an" }]);
    expect(s.run).toHaveBeenCalledTimes(1);
  });

  it("forgets everything on cancel (a hit was picked, the palette closed)", async () => {
    const s = controlled();
    s.search.set("pi");
    s.search.set("piet");
    s.search.cancel();
    s.calls[0]!.resolve(["Piet"]);
    await settle();
    expect(s.show).not.toHaveBeenCalled();
    expect(s.clear).not.toHaveBeenCalled();
    expect(s.run).toHaveBeenCalledTimes(1);
  });

  it("survives a run that throws instead of rejecting", async () => {
    const clear = vi.fn();
    const search = latest<string[]>({
      run: () => {
        throw new Error("no core");
      },
      show: () => undefined,
      clear,
    });
    search.set("x");
    await settle();
    expect(clear).toHaveBeenCalledTimes(1);
    expect(search.busy).toBe(false);
  });
});
