import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FakeApi } from "$lib/api/fake";
import { startApp } from "./helpers";

describe("search palette", () => {
  it("opens with Ctrl+K from any section, finds a person and opens the 360° view with Enter", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.demoFill(20);
    await user.click(await screen.findByText("Settings"));
    await user.keyboard("{Control>}k{/Control}");
    const input = await screen.findByTestId("palette-input");
    await user.type(input, "müller");
    await screen.findAllByTestId(/^palette-hit-person-/);
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Müller");
    expect(screen.queryByTestId("palette")).not.toBeInTheDocument();
  });

  it("asks at every keystroke without a pause, one query at a time, and shows only the newest answer", async () => {
    const fake = new FakeApi({ preset: "admin" });
    await fake.demoFill(20);
    const real = fake.searchContacts.bind(fake);
    const asked: { text: string; answer: () => void }[] = [];
    fake.searchContacts = (text, limit) =>
      new Promise((resolve) => asked.push({ text, answer: () => resolve(real(text, limit)) }));
    const { user } = await startApp({ api: fake });
    await user.keyboard("{Control>}k{/Control}");
    const input = await screen.findByTestId("palette-input");

    await user.type(input, "v");
    // Asked straight away (no timer), before any answer.
    expect(asked.map((a) => a.text)).toEqual(["v"]);
    await user.type(input, "ries");
    // The four keystrokes typed meanwhile wait as one query.
    expect(asked).toHaveLength(1);
    asked[0]!.answer();
    await waitFor(() => expect(asked).toHaveLength(2));
    expect(asked[1]!.text).toBe("vries");
    // The answer for "v" was dropped: it is no longer what was typed.
    const results = screen.getByTestId("palette-results");
    expect(results).toHaveAttribute("data-results-for", "");
    asked[1]!.answer();
    await waitFor(() => expect(results).toHaveAttribute("data-results-for", "vries"));
    const hits = screen.getAllByTestId(/^palette-hit-person-/);
    expect(hits.length).toBeGreaterThan(0);
    for (const hit of hits) expect(hit).toHaveTextContent(/Vries/);
    expect(asked).toHaveLength(2);
  });

  it("also jumps to a section by name, in Dutch", async () => {
    const { user } = await startApp({ preset: "admin", locale: "nl" });
    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("palette-input"), "instel");
    await user.click(await screen.findByTestId("palette-go-settings"));
    expect(await screen.findByTestId("page-title")).toHaveTextContent("Instellingen");
  });
});
