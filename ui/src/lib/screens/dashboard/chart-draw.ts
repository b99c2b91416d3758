// Chart.js for the dashboard, in a chunk of its own: loaded through loadChartDrawing() in
// ./charts, never imported statically. Only the pieces the bar charts use are imported
// (tree-shaken) and registered once, when this module is first loaded.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from "chart.js";
import type { BarConfig, Palette } from "./charts";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

/**
 * Draws a chart, or returns null where there is no 2D canvas (jsdom in the unit tests, a
 * webview without canvas): the card then still shows its table.
 */
export function drawChart(canvas: HTMLCanvasElement, config: BarConfig, palette: Palette): Chart<"bar", number[], string> | null {
  let context: CanvasRenderingContext2D | null;
  try {
    context = canvas.getContext("2d");
  } catch {
    return null;
  }
  if (!context) return null;
  Chart.defaults.font.family = palette.font;
  Chart.defaults.color = palette.muted;
  Chart.defaults.borderColor = palette.grid;
  try {
    return new Chart(context, config);
  } catch {
    return null;
  }
}
