import { screen, waitFor, within } from "@testing-library/svelte";
import { beforeAll, describe, expect, it } from "vitest";
import { FakeApi } from "$lib/api/fake";
import { formatMonth, parseWeek } from "$lib/screens/dashboard/charts";
import { startApp } from "./helpers";

// jsdom has no 2D canvas; say so quietly (instead of its "not implemented" console error), as a
// webview without canvas would. The dashboard then shows its tables and figures without charts.
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
});

/** Demo data filled by the administrator, then the session handed to `username`'s account. */
async function fakeWithDemo(userId: number): Promise<FakeApi> {
  const fake = new FakeApi({ preset: "admin" });
  await fake.demoFill(20);
  fake.sessionUserId = userId;
  return fake;
}

async function openDashboard(user: { click: (el: Element) => Promise<void> }) {
  await user.click(screen.getByTestId("nav-dashboard"));
  return screen.findByTestId("dashboard-page");
}

function cells(row: HTMLElement): string[] {
  return [...row.querySelectorAll("th, td")].map((c) => c.textContent?.trim() ?? "");
}

describe("dashboard", () => {
  it("shows deal counts per stage with a lock note, never zero amounts, to a role without sales figures", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.demoFill(20);
    const page = await openDashboard(user);
    const pipeline = await screen.findByTestId("chart-pipeline");

    expect(screen.getByTestId("page-title")).toHaveTextContent("Dashboard");
    expect(within(pipeline).getByTestId("chart-pipeline-locked")).toHaveTextContent(/hidden for your role/);
    expect(within(pipeline).getByTestId("chart-pipeline-canvas").tagName).toBe("CANVAS");

    const table = within(pipeline).getByRole("table");
    expect(within(table).queryByRole("columnheader", { name: "Value" })).toBeNull();
    for (const stage of [1, 2, 3, 4, 5]) {
      const count = fake.deals.filter((d) => d.stageId === stage).length;
      expect(cells(within(table).getByTestId(`pipeline-row-${stage}`))[1]).toBe(String(count));
    }
    expect(cells(within(table).getByTestId("pipeline-row-1"))).toEqual(["Lead", "3"]);

    // Open stages are 1-3 in the fake: 3 + 3 + 2 deals.
    expect(screen.getByTestId("figure-open-deals-value")).toHaveTextContent("8");
    expect(screen.queryByTestId("figure-pipeline-value")).toBeNull();
    expect(page.textContent).not.toMatch(/€/);
  });

  it("lists the same numbers as the fake in the won/lost and activity tables", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.demoFill(20);
    await openDashboard(user);
    const expected = await fake.dashboardGet();

    const wonLost = within(await screen.findByTestId("chart-wonlost"));
    expect(wonLost.getByTestId("chart-wonlost-canvas")).toBeInTheDocument();
    const months = wonLost.getAllByTestId(/^wonlost-row-/);
    expect(months).toHaveLength(12);
    expected.wonLost.forEach((m, i) => {
      expect(cells(months[i]!)).toEqual([formatMonth(m.month, "en", "long"), String(m.won), String(m.lost)]);
    });
    expect(cells(months[11]!)[0]).toBe("November 2026");

    const activity = within(screen.getByTestId("chart-activity"));
    expect(activity.getByTestId("chart-activity-canvas")).toBeInTheDocument();
    const weeks = activity.getAllByTestId(/^activity-row-/);
    expect(weeks).toHaveLength(12);
    expected.activity.forEach((w, i) => {
      const total = w.notes + w.calls + w.emails + w.meetings;
      expect(cells(weeks[i]!)).toEqual([
        `Week ${parseWeek(w.week)!.week}, 2026`,
        ...[w.notes, w.calls, w.emails, w.meetings, total].map(String),
      ]);
    });
    const last = expected.activity.at(-1)!;
    expect(screen.getByTestId("figure-activity-week-value")).toHaveTextContent(
      String(last.notes + last.calls + last.emails + last.meetings),
    );
    expect(screen.getByTestId("figure-won-month-value")).toHaveTextContent(String(expected.wonLost.at(-1)!.won));
  });

  it("shows amounts as currency to management", async () => {
    const fake = await fakeWithDemo(3); // Fatima: management
    const { user } = await startApp({ api: fake });
    await openDashboard(user);
    const pipeline = within(await screen.findByTestId("chart-pipeline"));

    expect(pipeline.queryByTestId("chart-pipeline-locked")).toBeNull();
    expect(pipeline.getByRole("columnheader", { name: "Value" })).toBeInTheDocument();
    // Stage 1 holds the demo deals 1, 6 and 11: (1 + 6 + 11) × €2,500.
    expect(cells(pipeline.getByTestId("pipeline-row-1"))).toEqual(["Lead", "3", "€45,000"]);
    // Open stages 1-3 hold deals 1-12 except 4, 5, 9 and 10: 50 × €2,500.
    expect(screen.getByTestId("figure-pipeline-value-value")).toHaveTextContent("€125,000");
    expect(screen.getByTestId("figure-won-month")).toHaveTextContent("Worth €375,000");
    const wonValue = within(screen.getByTestId("chart-wonlost")).getByTestId("wonlost-row-2026-11");
    expect(cells(wonValue)).toEqual(["November 2026", "3", "1", "€375,000"]);
  });

  it("offers the table instead of the chart, and speaks Dutch", async () => {
    const { fake, user } = await startApp({ preset: "admin", locale: "nl" });
    await fake.demoFill(20);
    await openDashboard(user);
    const card = within(await screen.findByTestId("chart-activity"));

    expect(screen.getByTestId("page-title")).toHaveTextContent("Dashboard");
    expect(card.getByRole("columnheader", { name: "Telefoontjes" })).toBeInTheDocument();
    expect(card.getByTestId("activity-row-2026-W47")).toHaveTextContent("Week 47, 2026");
    expect(within(screen.getByTestId("chart-wonlost")).getByTestId("wonlost-row-2026-11")).toHaveTextContent("november 2026");
    expect(screen.getByTestId("chart-pipeline-locked")).toHaveTextContent("verborgen");

    const toggle = card.getByTestId("chart-activity-toggle");
    expect(toggle).toHaveTextContent("Toon als tabel");
    expect(card.getByTestId("chart-activity-table")).toHaveClass("visually-hidden");
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-pressed", "true");
    expect(toggle).toHaveTextContent("Toon als grafiek");
    expect(card.getByTestId("chart-activity-table")).not.toHaveClass("visually-hidden");
    expect(card.getByTestId("chart-activity-canvas").parentElement).not.toBeVisible();
  });

  it("shows a banner and a retry when the dashboard cannot be loaded", async () => {
    const fake = await fakeWithDemo(1);
    const real = fake.dashboardGet.bind(fake);
    let broken = true;
    fake.dashboardGet = () => (broken ? Promise.reject({ code: "internal", message: "disk full" }) : real());
    const { user } = await startApp({ api: fake });
    await user.click(screen.getByTestId("nav-dashboard"));
    expect(await screen.findByTestId("form-error")).toHaveTextContent("disk full");
    broken = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(screen.queryByTestId("form-error")).toBeNull());
    expect(await screen.findByTestId("chart-pipeline")).toBeInTheDocument();
  });
});
