/** Seconds left of a throttle delay, ticking down once a second. */
export class Countdown {
  remaining = $state(0);
  private timer: ReturnType<typeof setInterval> | undefined;
  private endsAt = 0;

  start(seconds: number): void {
    this.stop();
    this.endsAt = Date.now() + seconds * 1000;
    this.tick();
    this.timer = setInterval(() => this.tick(), 250);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.remaining = 0;
  }

  get active(): boolean {
    return this.remaining > 0;
  }

  private tick(): void {
    // Wall time, not tick counting: timers are delayed in background windows.
    const left = Math.ceil((this.endsAt - Date.now()) / 1000);
    if (left <= 0) this.stop();
    else this.remaining = left;
  }
}
