// The Ctrl+K palette against the real core's search.
import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { KluisApi } from "$lib/api/types";
import { newVault, personInput, renderApp } from "./core";

async function withPeople(): Promise<KluisApi> {
  const api = await newVault();
  for (const [given, family] of [
    ["Jürgen", "Müller"],
    ["Anna", "de Vries"],
    ["Bram", "Vries"],
    ["Cor", "Jansen"],
  ] as const) {
    await api.personCreate(personInput(given, family));
  }
  return api;
}

describe("search palette (real core)", { timeout: 20_000 }, () => {
  it("opens with Ctrl+K from any section, finds a person without the diacritic and opens the 360° view with Enter", async () => {
    const { user } = await renderApp(await withPeople());
    await user.click(await screen.findByText("Settings"));
    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("palette-input"), "muller");
    await screen.findAllByTestId(/^palette-hit-person-/);
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Müller");
    expect(screen.queryByTestId("palette")).not.toBeInTheDocument();
  });

  it("asks at every keystroke without a pause, one query at a time, and shows only the newest answer", async () => {
    const api = await withPeople();
    const asked: { text: string; answer: () => void }[] = [];
    const held: KluisApi = {
      ...api,
      searchContacts: (text, limit) =>
        new Promise((resolve, reject) =>
          asked.push({ text, answer: () => api.searchContacts(text, limit).then(resolve, reject) }),
        ),
    };
    const { user } = await renderApp(held);
    await user.keyboard("{Control>}k{/Control}");
    const input = await screen.findByTestId("palette-input");
    await user.type(input, "v");
    expect(asked.map((a) => a.text)).toEqual(["v"]);
    await user.type(input, "ries");
    expect(asked).toHaveLength(1);
    asked[0]!.answer();
    await waitFor(() => expect(asked).toHaveLength(2));
    expect(asked[1]!.text).toBe("vries");
    const results = screen.getByTestId("palette-results");
    expect(results).toHaveAttribute("data-results-for", "");
    asked[1]!.answer();
    await waitFor(() => expect(results).toHaveAttribute("data-results-for", "vries"));
    const hits = screen.getAllByTestId(/^palette-hit-person-/);
    expect(hits).toHaveLength(2);
    for (const hit of hits) expect(hit).toHaveTextContent(/Vries/);
  });

  it("also jumps to a section by name, in Dutch", async () => {
    const { user } = await renderApp(await newVault(), "nl");
    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("palette-input"), "instel");
    await user.click(await screen.findByTestId("palette-go-settings"));
    expect(await screen.findByTestId("page-title")).toHaveTextContent("Instellingen");
  });
});
