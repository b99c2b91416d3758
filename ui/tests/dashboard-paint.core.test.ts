// The dashboard paints its figures first: Chart.js is loaded on demand (its own chunk) and the
// charts are drawn after the figures are on screen, never before. The figures come from the real
// core.
import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { newVault, personInput, renderApp } from "./core";

const chartJs = vi.hoisted(() => {
  let open!: () => void;
  const loaded = new Promise<void>((resolve) => (open = resolve));
  return { loaded, open, drawChart: vi.fn(() => null) };
});

// Stands in for the chunk with Chart.js: it "arrives" only when the test says so.
vi.mock("$lib/screens/dashboard/chart-draw", async () => {
  await chartJs.loaded;
  return { drawChart: chartJs.drawChart };
});

describe("dashboard paint order (real core)", { timeout: 20_000 }, () => {
  it("shows the figures before Chart.js is there, then draws every chart and is ready", async () => {
    const api = await newVault();
    const lead = (await api.pipelineStages()).find((s) => s.builtin === "lead")!.id;
    const person = (await api.personCreate(personInput("Daan", "Visser"))).id;
    for (const title of ["Pomp", "Ketel", "Boiler"]) {
      await api.dealCreate({ title, personId: person, organisationId: null, stageId: lead, amountCents: null, currency: null, probability: null, expectedClose: null });
    }
    const { user } = await renderApp(api);
    await user.click(screen.getByTestId("nav-dashboard"));
    const page = screen.getByTestId("dashboard-page");

    expect(await screen.findByTestId("figure-open-deals-value")).toHaveTextContent("3");
    expect(screen.getByTestId("chart-pipeline-table")).toBeInTheDocument();
    expect(chartJs.drawChart).not.toHaveBeenCalled();
    expect(page).toHaveAttribute("data-ready", "false");

    chartJs.open();
    await waitFor(() => expect(page).toHaveAttribute("data-ready", "true"));
    expect(chartJs.drawChart).toHaveBeenCalledTimes(3);
    const canvases = chartJs.drawChart.mock.calls.map((call) => (call as unknown[])[0]);
    expect(canvases).toEqual(expect.arrayContaining(["pipeline", "wonlost", "activity"].map((c) => screen.getByTestId(`chart-${c}-canvas`))));
  });
});
