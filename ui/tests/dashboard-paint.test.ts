// The dashboard paints its figures first: Chart.js is loaded on demand (its own chunk) and the
// charts are drawn after the figures are on screen, never before.
import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { FakeApi } from "$lib/api/fake";
import { startApp } from "./helpers";

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

describe("dashboard paint order", () => {
  it("shows the figures before Chart.js is there, then draws every chart and is ready", async () => {
    const fake = new FakeApi({ preset: "admin" });
    await fake.demoFill(20);
    const { user } = await startApp({ api: fake });
    await user.click(screen.getByTestId("nav-dashboard"));
    const page = screen.getByTestId("dashboard-page");

    expect(await screen.findByTestId("figure-open-deals-value")).toHaveTextContent("8");
    expect(screen.getByTestId("chart-pipeline-table")).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(chartJs.drawChart).not.toHaveBeenCalled();
    expect(page).toHaveAttribute("data-ready", "false");

    chartJs.open();
    await waitFor(() => expect(page).toHaveAttribute("data-ready", "true"));
    expect(chartJs.drawChart).toHaveBeenCalledTimes(3);
    const canvases = chartJs.drawChart.mock.calls.map((call) => (call as unknown[])[0]);
    expect(canvases).toEqual(
      expect.arrayContaining(["pipeline", "wonlost", "activity"].map((c) => screen.getByTestId(`chart-${c}-canvas`))),
    );
  });
});
