import { render, screen, waitFor } from "@testing-library/svelte";
import { expect } from "vitest";
import userEvent from "@testing-library/user-event";
import App from "../src/App.svelte";
import { FakeApi, type FakeOptions } from "$lib/api/fake";
import type { JobPhase, KluisApi } from "$lib/api/types";
import { setLocale, type Locale } from "$lib/i18n/index.svelte";

/** Mounts the whole app against an in-memory backend and waits for the first screen. */
export async function startApp(
  options: FakeOptions & { locale?: Locale; api?: KluisApi; demo?: number } = {},
) {
  setLocale(options.locale ?? "en", false);
  const fake = new FakeApi(options);
  // Demo people before the first screen, so lists start filled.
  // (Filled as the administrator, who alone may, whoever is signed in.)
  if (options.demo) {
    const who = fake.sessionUserId;
    fake.sessionUserId = 1;
    await fake.demoFill(options.demo);
    fake.sessionUserId = who;
  }
  const user = userEvent.setup();
  const result = render(App, { props: { api: options.api ?? fake } });
  await screen.findByTestId("page-title");
  return { fake, user, ...result };
}

/**
 * With `fake.jobs.hold`: waits until the running job is held after an event, lets it go one step
 * on, and waits for its next event (or its end).
 */
export async function stepJob(fake: FakeApi): Promise<void> {
  await waitFor(() => expect(fake.jobs.held).toBe(true));
  const sent = fake.jobs.sent.length;
  fake.jobs.release();
  await waitFor(() => expect(fake.jobs.sent.length > sent || !fake.jobs.busy).toBe(true));
}

/** With `fake.jobs.hold`: lets the running job step on until it has reported `phase` (and is held there). */
export async function stepJobTo(fake: FakeApi, phase: JobPhase): Promise<void> {
  for (let i = 0; i < 40 && fake.jobs.sent.at(-1)?.phase !== phase; i++) await stepJob(fake);
  expect(fake.jobs.sent.at(-1)?.phase).toBe(phase);
  await waitFor(() => expect(fake.jobs.held).toBe(true));
}
