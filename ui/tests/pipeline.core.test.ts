// Settings > Pipeline against the real core: the seeded stages shown in the person's language
// until the business renames them, and a stage that holds deals cannot be removed.
import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { coreVault, newVault, renderApp } from "./core";

describe("sales pipeline settings (real core)", { timeout: 20_000 }, () => {
  it("shows the seeded stages in the person's language until renamed, then the business's name", async () => {
    const api = await newVault();
    const { user } = await renderApp(api, "nl");
    await user.click(await screen.findByText("Instellingen"));
    await user.click(await screen.findByTestId("settings-tab-pipeline"));
    const stages = await api.pipelineStages();
    const shown = await screen.findAllByTestId(/^pipeline-label-/);
    const offerLabel = shown.find((l) => l.textContent?.includes("Offerte"))!;
    const offer = { id: Number(offerLabel.dataset.testid!.replace("pipeline-label-", "")) };
    await user.click(screen.getByTestId(`pipeline-rename-${offer.id}`));
    await user.clear(screen.getByTestId("pipeline-name-input"));
    await user.type(screen.getByTestId("pipeline-name-input"), "Voorstel verstuurd");
    await user.click(screen.getByTestId("pipeline-name-save"));
    expect(await screen.findByTestId(`pipeline-label-${offer.id}`)).toHaveTextContent("Voorstel verstuurd");
    await user.type(screen.getByTestId("pipeline-new-name"), "Demo gegeven");
    await user.click(screen.getByTestId("pipeline-add"));
    await waitFor(async () => expect(await screen.findAllByTestId(/^pipeline-label-/)).toHaveLength(stages.length + 1));
    const labels = await screen.findAllByTestId(/^pipeline-label-/);
    expect(labels.map((l) => l.textContent?.split("·")[0]?.trim())).toEqual([
      "Lead",
      "Gekwalificeerd",
      "Voorstel verstuurd",
      "Onderhandeling",
      "Demo gegeven",
      "Gewonnen",
      "Verloren",
    ]);
    // What the core now holds, not only what the screen shows.
    expect((await api.pipelineStages()).map((s) => s.name)).toContain("Voorstel verstuurd");
  });

  it("will not remove a stage that holds deals", async () => {
    const api = await newVault();
    await api.demoFill(20);
    const board = await api.dealsBoard();
    const holding = board.stages.find((s) => s.count > 0)!;
    const { user } = await renderApp(api);
    await user.click(await screen.findByText("Settings"));
    await user.click(await screen.findByTestId("settings-tab-pipeline"));
    await waitFor(() => expect(screen.getByTestId(`pipeline-remove-${holding.id}`)).toBeDisabled());
    await expect(api.stageRemove(holding.id)).rejects.toMatchObject({ code: "validation.invalid" });
  });

  it("shows the pipeline tab to nobody but an administrator", async () => {
    const vault = await coreVault("seeded");
    await vault.signInAs("user");
    const { user } = await renderApp(vault.api);
    await user.click(await screen.findByText("Settings"));
    expect(screen.queryByTestId("settings-tab-pipeline")).toBeNull();
    await expect(vault.api.stageAdd("Extra")).rejects.toMatchObject({ code: "access.denied" });
  });
});
