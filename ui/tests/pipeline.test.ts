import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { startApp } from "./helpers";

describe("sales pipeline settings", () => {
  it("shows the seeded stages in the person's language until renamed, then the business's name", async () => {
    const { user } = await startApp({ preset: "admin", locale: "nl" });
    await user.click(await screen.findByText("Instellingen"));
    await user.click(await screen.findByTestId("settings-tab-pipeline"));
    expect(await screen.findByTestId("pipeline-label-2")).toHaveTextContent("Offerte");
    await user.click(screen.getByTestId("pipeline-rename-2"));
    await user.clear(screen.getByTestId("pipeline-name-input"));
    await user.type(screen.getByTestId("pipeline-name-input"), "Voorstel verstuurd");
    await user.click(screen.getByTestId("pipeline-name-save"));
    expect(await screen.findByTestId("pipeline-label-2")).toHaveTextContent("Voorstel verstuurd");
    await user.type(screen.getByTestId("pipeline-new-name"), "Demo gegeven");
    await user.click(screen.getByTestId("pipeline-add"));
    const labels = await screen.findAllByTestId(/^pipeline-label-/);
    expect(labels.map((l) => l.textContent?.split("·")[0]?.trim())).toEqual([
      "Lead",
      "Voorstel verstuurd",
      "Onderhandeling",
      "Demo gegeven",
      "Gewonnen",
      "Verloren",
    ]);
  });

  it("will not remove a stage that holds deals, and nobody but an administrator sees the tab", async () => {
    const { user } = await startApp({ preset: "admin", demo: 20 });
    await user.click(await screen.findByText("Settings"));
    await user.click(await screen.findByTestId("settings-tab-pipeline"));
    await waitFor(() => expect(screen.getByTestId("pipeline-remove-1")).toBeDisabled());
    const other = await startApp({ preset: "user" });
    await other.user.click((await screen.findAllByText("Settings")).at(-1)!);
    expect(screen.queryAllByTestId("settings-tab-pipeline")).toHaveLength(1);
  });
});
