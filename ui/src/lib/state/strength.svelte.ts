// Live password strength from the core (password_strength), debounced while typing. The core
// decides what is acceptable; the UI only shows it and refuses to submit what it refused.
import type { KluisApi, PasswordStrength } from "$lib/api/types";

const DEBOUNCE_MS = 250;

export class StrengthCheck {
  result = $state<PasswordStrength | null>(null);
  private checkedKey = "";
  private timer: ReturnType<typeof setTimeout> | undefined;
  private seq = 0;
  private readonly api: KluisApi;

  constructor(api: KluisApi) {
    this.api = api;
  }

  /** Schedules a check for what is typed now; an empty password clears the meter at once. */
  update(password: string, context: string[]): void {
    clearTimeout(this.timer);
    if (!password) {
      this.seq += 1;
      this.result = null;
      this.checkedKey = "";
      return;
    }
    if (this.keyOf(password, context) === this.checkedKey) return;
    this.timer = setTimeout(() => void this.run(password, context), DEBOUNCE_MS);
  }

  /** The verdict for exactly this password, checking now if the debounced one is stale. */
  async now(password: string, context: string[]): Promise<PasswordStrength | null> {
    if (!password) return null;
    if (this.result && this.keyOf(password, context) === this.checkedKey) return this.result;
    clearTimeout(this.timer);
    return this.run(password, context);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.seq += 1;
  }

  private keyOf(password: string, context: string[]): string {
    return JSON.stringify([password, context]);
  }

  private async run(password: string, context: string[]): Promise<PasswordStrength | null> {
    const seq = ++this.seq;
    try {
      const result = await this.api.passwordStrength(password, context);
      // A newer keystroke started another check: drop this answer.
      if (seq !== this.seq) return result;
      this.result = result;
      this.checkedKey = this.keyOf(password, context);
      return result;
    } catch {
      // The meter is advisory; the core checks again on submit.
      return null;
    }
  }
}
