// Auto-lock: watches pointer and keyboard activity, pings the core at most every 30 s while the
// person is active, and calls onIdle once after `minutes()` without activity.
const ACTIVITY_EVENTS = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"] as const;
const TOUCH_INTERVAL_MS = 30_000;
const CHECK_INTERVAL_MS = 5_000;

export interface IdleWatchOptions {
  minutes: () => number;
  onIdle: () => void;
  touch: () => Promise<unknown>;
  now?: () => number;
}

export function watchIdle(options: IdleWatchOptions): () => void {
  const now = options.now ?? Date.now;
  let lastActivity = now();
  let lastTouch = now();
  let fired = false;

  const onActivity = () => {
    lastActivity = now();
    if (lastActivity - lastTouch >= TOUCH_INTERVAL_MS) {
      lastTouch = lastActivity;
      // A failure (session.locked) is handled by the guarded api; nothing to do here.
      options.touch().catch(() => undefined);
    }
  };

  const check = () => {
    if (fired) return;
    if (now() - lastActivity >= options.minutes() * 60_000) {
      fired = true;
      options.onIdle();
    }
  };

  for (const type of ACTIVITY_EVENTS) {
    window.addEventListener(type, onActivity, { capture: true, passive: true });
  }
  const timer = window.setInterval(check, CHECK_INTERVAL_MS);
  // A laptop waking from sleep: check at once instead of waiting for the next tick.
  document.addEventListener("visibilitychange", check);

  return () => {
    for (const type of ACTIVITY_EVENTS) {
      window.removeEventListener(type, onActivity, { capture: true });
    }
    window.clearInterval(timer);
    document.removeEventListener("visibilitychange", check);
  };
}
