// The browser preview (src/lib/dev/preview.ts) opens each screen it offers on a vault the real
// core made, as a person looking at the app in a browser would see it.
import { render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import App from "../src/App.svelte";
import { previewSetup } from "$lib/dev/preview";
import { setLocale } from "$lib/i18n/index.svelte";
import type { AppModel } from "$lib/state/app.svelte";

async function open(query: string): Promise<AppModel> {
  setLocale("en", false);
  const { api, afterBoot } = await previewSetup(new URLSearchParams(query), inject("bridgeUrl"));
  let model: AppModel | undefined;
  render(App, {
    props: {
      api,
      afterBoot: async (app: AppModel) => {
        await afterBoot?.(app);
        model = app;
      },
    },
  });
  await waitFor(() => expect(model).toBeDefined());
  return model!;
}

describe("browser preview on the real core", () => {
  for (const [query, view] of [
    ["screen=setup", "setup"],
    ["screen=setup-key", "setup"],
    ["screen=signin", "signin"],
    ["screen=recover", "recover"],
    ["screen=lock", "lock"],
    ["screen=change-password", "change-password"],
    ["screen=recovery-confirm", "recovery-confirm"],
    ["screen=problem&problem=in_use", "problem"],
  ] as const) {
    it(`opens ${query} as the ${view} screen`, async () => {
      const app = await open(query);
      await waitFor(() => expect(app.view.kind).toBe(view));
    });
  }

  it("opens the app as a role on a page, with the core's demo data", async () => {
    const app = await open("screen=app&as=hr&demo=20&page=settings&tab=account");
    await waitFor(() => expect(app.view.kind).toBe("app"));
    expect(app.session?.roles).toEqual(["hr"]);
    expect(await screen.findByTestId("page-title")).toHaveTextContent("Settings");
  });
});
