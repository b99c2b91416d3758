// The dashboard's charts without Chart.js itself: the chart configurations, the theme's colours
// and the number formats. Chart.js is loaded on demand (loadChartDrawing, ./chart-draw), so it is
// not in the main bundle and the figures never wait for it. Colours come from the CSS variables
// in app.css, read at draw time, so a chart drawn after a theme switch matches the theme.
import type { ChartConfiguration, ChartOptions } from "chart.js";

export type BarConfig = ChartConfiguration<"bar", number[], string>;

type ChartDrawing = typeof import("./chart-draw");
let drawing: Promise<ChartDrawing> | null = null;

/**
 * Chart.js and the drawing code, loaded once on first use (a separate chunk). The dashboard starts
 * it alongside its data; a failed load is tried again next time.
 */
export function loadChartDrawing(): Promise<ChartDrawing> {
  drawing ??= import("./chart-draw").catch((error: unknown) => {
    drawing = null;
    throw error;
  });
  return drawing;
}

/**
 * Resolves once the browser has painted what is on screen now (after the next animation frame),
 * or after `fallback` ms where no frames come (a hidden window, jsdom).
 */
export function afterPaint(fallback = 100): Promise<void> {
  return new Promise((resolve) => {
    const done = () => resolve();
    const timer = setTimeout(done, fallback);
    if (typeof requestAnimationFrame !== "function") return;
    requestAnimationFrame(() => {
      clearTimeout(timer);
      setTimeout(done, 0);
    });
  });
}

/** The theme's colours as Chart.js needs them (resolved strings, not var() references). */
export interface Palette {
  font: string;
  text: string;
  muted: string;
  grid: string;
  surface: string;
  accent: string;
  accentSoft: string;
  success: string;
  danger: string;
  warning: string;
  yellow: string;
}

export function readPalette(): Palette {
  const root = getComputedStyle(document.documentElement);
  const v = (name: string) => root.getPropertyValue(name).trim();
  return {
    font: getComputedStyle(document.body).fontFamily || v("--font-sans"),
    text: v("--text"),
    muted: v("--text-muted"),
    grid: v("--border"),
    surface: v("--surface-raised"),
    accent: v("--accent"),
    accentSoft: v("--accent-soft-text"),
    success: v("--success"),
    danger: v("--danger"),
    warning: v("--warning"),
    yellow: v("--meter-2"),
  };
}

/** Options shared by the three bar charts: no animation (screenshots stay stable), themed axes. */
export function barOptions(
  p: Palette,
  opts: {
    stacked?: boolean;
    legend?: boolean;
    /** A sensible top for an empty chart (an all-zero axis otherwise reads 0 to 1). */
    suggestedMax?: number;
    tick?: (value: number) => string;
    tooltip?: (value: number) => string;
  },
): ChartOptions<"bar"> {
  const stacked = opts.stacked ?? false;
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: "index", intersect: false },
    scales: {
      x: {
        stacked,
        grid: { display: false },
        border: { color: p.grid },
        ticks: { color: p.muted, font: { size: 11 } },
      },
      y: {
        stacked,
        beginAtZero: true,
        suggestedMax: opts.suggestedMax,
        border: { display: false },
        grid: { color: p.grid },
        ticks: {
          color: p.muted,
          font: { size: 11 },
          precision: 0,
          callback: (value) => (opts.tick ? opts.tick(Number(value)) : String(value)),
        },
      },
    },
    plugins: {
      legend: {
        display: opts.legend ?? true,
        position: "bottom",
        align: "start",
        labels: { color: p.text, boxWidth: 10, boxHeight: 10, useBorderRadius: true, borderRadius: 2, font: { size: 12 } },
      },
      tooltip: {
        backgroundColor: p.surface,
        titleColor: p.text,
        bodyColor: p.text,
        borderColor: p.grid,
        borderWidth: 1,
        padding: 10,
        boxPadding: 4,
        callbacks: opts.tooltip
          ? { label: (item) => `${item.dataset.label ?? ""}: ${opts.tooltip!(Number(item.raw))}` }
          : {},
      },
    },
  };
}

/** Amounts are whole euros on the dashboard; the core sums cents without a currency per stage. */
export const CURRENCY = "EUR";

export function formatMoney(cents: number, locale: string, compact = false): string {
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: CURRENCY,
    maximumFractionDigits: 0,
    ...(compact ? { notation: "compact" } : {}),
  }).format(cents / 100);
}

/** "2026-03" as "Mar 26" (short) or "March 2026" (long) in the given locale. */
export function formatMonth(month: string, locale: string, style: "short" | "long"): string {
  const [y, m] = month.split("-").map(Number);
  if (!y || !m) return month;
  return new Intl.DateTimeFormat(locale, {
    month: style,
    year: style === "short" ? "2-digit" : "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/** "2026-W09" as its year and week number; null when it is not an ISO week. */
export function parseWeek(week: string): { year: string; week: number } | null {
  const match = /^(\d{4})-W(\d{1,2})$/.exec(week);
  return match ? { year: match[1]!, week: Number(match[2]) } : null;
}
