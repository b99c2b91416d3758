import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { watchIdle } from "$lib/state/idle";

describe("auto-lock", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function start(minutes: number) {
    const onIdle = vi.fn();
    const touch = vi.fn(() => Promise.resolve(null));
    const stop = watchIdle({ minutes: () => minutes, onIdle, touch, now: () => Date.now() });
    return { onIdle, touch, stop };
  }

  it("locks after the configured minutes without activity, once", () => {
    const { onIdle, stop } = start(2);
    vi.advanceTimersByTime(119_000);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(6_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(600_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    stop();
  });

  it("activity postpones the lock and pings the core at most every 30 s", () => {
    const { onIdle, touch, stop } = start(1);
    for (let i = 0; i < 12; i++) {
      vi.advanceTimersByTime(10_000);
      window.dispatchEvent(new KeyboardEvent("keydown", { key: "a" }));
    }
    // Two minutes of typing: no lock, and pings at 30, 60, 90 and 120 s only.
    expect(onIdle).not.toHaveBeenCalled();
    expect(touch).toHaveBeenCalledTimes(4);
    vi.advanceTimersByTime(65_000);
    expect(onIdle).toHaveBeenCalledTimes(1);
    stop();
  });

  it("stops listening once stopped", () => {
    const { onIdle, stop } = start(1);
    stop();
    vi.advanceTimersByTime(600_000);
    expect(onIdle).not.toHaveBeenCalled();
  });
});
