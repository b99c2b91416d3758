import { render, screen } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import App from "../src/App.svelte";
import { FakeApi, type FakeOptions } from "$lib/api/fake";
import type { KluisApi } from "$lib/api/types";
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
