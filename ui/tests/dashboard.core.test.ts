// The dashboard against the real core: deal counts per stage, won and lost per month and the
// activity per week from what was recorded through the core; amounts only for management.
import { screen, waitFor, within } from "@testing-library/svelte";
import { beforeAll, describe, expect, it } from "vitest";
import type { KluisApi } from "$lib/api/types";
import { formatMonth, parseWeek } from "$lib/screens/dashboard/charts";
import { coreVault, newVault, personInput, renderApp } from "./core";

// jsdom has no 2D canvas; say so quietly (instead of its "not implemented" console error), as a
// webview without canvas would. The dashboard then shows its tables and figures without charts.
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
});

type User = Awaited<ReturnType<typeof renderApp>>["user"];

async function openDashboard(user: User) {
  await user.click(screen.getByTestId("nav-dashboard"));
  return screen.findByTestId("dashboard-page");
}

function cells(row: HTMLElement): string[] {
  return [...row.querySelectorAll("th, td")].map((c) => c.textContent?.trim() ?? "");
}

const DAY = 86_400_000;

/** `days` ago, as the core takes a moment (RFC 3339). */
function daysAgo(days: number): string {
  return new Date(Date.now() - days * DAY).toISOString();
}

/**
 * A new vault (its administrator, who may not see sales figures, signed in) with five deals: two
 * in Lead, one in Proposal, one won and one lost this month; and timeline entries this week (two
 * notes, a call), a week ago (a meeting) and three weeks ago (an e-mail).
 */
async function withActivity() {
  const api = await newVault();
  const stage = Object.fromEntries((await api.pipelineStages()).map((s) => [s.builtin!, s.id])) as Record<string, number>;
  const person = (await api.personCreate(personInput("Daan", "Visser"))).id;
  const deal = async (title: string, stageId: number) =>
    (await api.dealCreate({ title, personId: person, organisationId: null, stageId, amountCents: null, currency: null, probability: null, expectedClose: null })).id;
  await deal("Pomp", stage.lead!);
  await deal("Ketel", stage.lead!);
  await deal("Boiler", stage.proposal!);
  await api.dealMove(await deal("Zonnepanelen", stage.lead!), 1, stage.won!, null);
  await api.dealMove(await deal("Airco", stage.lead!), 1, stage.lost!, "Te duur");
  for (const [kind, days] of [["note", 0], ["note", 0], ["call", 0], ["meeting", 7], ["email", 21]] as const) {
    await api.timelineAdd(person, { kind, occurredAt: daysAgo(days), body: `${kind} ${days}` });
  }
  return { api, stage };
}

describe("dashboard (real core)", { timeout: 30_000 }, () => {
  it("shows deal counts per stage with a lock note, never zero amounts, to a role without sales figures", async () => {
    const { api, stage } = await withActivity();
    const { user } = await renderApp(api);
    const page = await openDashboard(user);
    const pipeline = await screen.findByTestId("chart-pipeline");

    expect(screen.getByTestId("page-title")).toHaveTextContent("Dashboard");
    expect(within(pipeline).getByTestId("chart-pipeline-locked")).toHaveTextContent(/hidden for your role/);
    expect(within(pipeline).getByTestId("chart-pipeline-canvas").tagName).toBe("CANVAS");

    const table = within(pipeline).getByRole("table");
    expect(within(table).queryByRole("columnheader", { name: "Value" })).toBeNull();
    const rows = within(table).getAllByTestId(/^pipeline-row-/).map(cells);
    expect(rows).toEqual([
      ["Lead", "2"],
      ["Qualified", "0"],
      ["Proposal", "1"],
      ["Negotiation", "0"],
      ["Won", "1"],
      ["Lost", "1"],
    ]);
    expect(cells(within(table).getByTestId(`pipeline-row-${stage.lead}`))).toEqual(["Lead", "2"]);

    // Open stages are the four before Won and Lost.
    expect(screen.getByTestId("figure-open-deals-value")).toHaveTextContent("3");
    expect(screen.getByTestId("figure-open-deals")).toHaveTextContent("In 4 open stages");
    expect(screen.queryByTestId("figure-pipeline-value")).toBeNull();
    expect(page.textContent).not.toMatch(/€/);
  });

  it("lists the core's numbers in the won/lost and activity tables", async () => {
    const { api } = await withActivity();
    const { user } = await renderApp(api);
    await openDashboard(user);
    const expected = await api.dashboardGet();

    const wonLost = within(await screen.findByTestId("chart-wonlost"));
    expect(wonLost.getByTestId("chart-wonlost-canvas")).toBeInTheDocument();
    const months = wonLost.getAllByTestId(/^wonlost-row-/);
    expect(months).toHaveLength(12);
    expected.wonLost.forEach((m, i) => {
      expect(cells(months[i]!)).toEqual([formatMonth(m.month, "en", "long"), String(m.won), String(m.lost)]);
    });
    // This month: the deal won and the one lost.
    const now = new Date();
    expect(cells(months[11]!)).toEqual([now.toLocaleString("en", { month: "long", year: "numeric", timeZone: "UTC" }), "1", "1"]);
    expect(screen.getByTestId("figure-won-month-value")).toHaveTextContent("1");
    expect(screen.getByTestId("figure-won-month")).toHaveTextContent("1 lost");

    const activity = within(screen.getByTestId("chart-activity"));
    expect(activity.getByTestId("chart-activity-canvas")).toBeInTheDocument();
    const weeks = activity.getAllByTestId(/^activity-row-/);
    expect(weeks).toHaveLength(12);
    expected.activity.forEach((w, i) => {
      const total = w.notes + w.calls + w.emails + w.meetings;
      const { week, year } = parseWeek(w.week)!;
      expect(cells(weeks[i]!)).toEqual([`Week ${week}, ${year}`, ...[w.notes, w.calls, w.emails, w.meetings, total].map(String)]);
    });
    // This week two notes and a call; a week ago a meeting; three weeks ago an e-mail.
    expect(cells(weeks[11]!).slice(1)).toEqual(["2", "1", "0", "0", "3"]);
    expect(cells(weeks[10]!).slice(1)).toEqual(["0", "0", "0", "1", "1"]);
    expect(cells(weeks[8]!).slice(1)).toEqual(["0", "0", "1", "0", "1"]);
    expect(screen.getByTestId("figure-activity-week-value")).toHaveTextContent("3");
  });

  // The core keys a week as SQLite's '%Y-W%W' (weeks from the first Monday; the first days of a
  // year are week 00) while the dashboard, the Dashboard type and the people reading it take it
  // for an ISO week, the week number a Dutch calendar shows: on 7 December 2026 the dashboard says
  // "Week 49" for ISO week 50. Skipped until the core sends ISO weeks (reported in #19).
  it("labels this week with its ISO week number, as a calendar does", async () => {
    const { api } = await withActivity();
    const { user } = await renderApp(api);
    await openDashboard(user);
    const weeks = within(await screen.findByTestId("chart-activity")).getAllByTestId(/^activity-row-/);
    const { week, year } = isoWeek(new Date());
    expect(weeks.at(-1)).toHaveAttribute("data-testid", `activity-row-${year}-W${String(week).padStart(2, "0")}`);
    expect(cells(weeks.at(-1)!)[0]).toBe(`Week ${week}, ${year}`);
  });

  it("shows amounts as currency to management", async () => {
    // The seeded vault holds the deal "Ovens" in Lead, worth € 77,777.77.
    const vault = await coreVault("seeded");
    const { api, ids } = vault;
    await vault.signInAs("administrator");
    const stage = Object.fromEntries((await api.pipelineStages()).map((s) => [s.builtin ?? s.name, s.id])) as Record<string, number>;
    const deal = async (title: string, stageId: number) =>
      api.dealCreate({ title, personId: ids.person!, organisationId: null, stageId, amountCents: null, currency: null, probability: null, expectedClose: null });
    const made = [await deal("Pomp", stage.lead!), await deal("Ketel", stage.proposal!), await deal("Zonnepanelen", stage.lead!)];
    // Management sets the figures; staff move the deal to Won.
    await vault.signInAs("management");
    for (const [d, cents] of [[made[0]!, 250_000], [made[1]!, 500_000], [made[2]!, 1_000_000]] as const) {
      await api.dealUpdate(d.id, d.version, { title: d.title, personId: ids.person!, organisationId: null, stageId: d.stageId, amountCents: cents, currency: "EUR", probability: 50, expectedClose: null });
    }
    await vault.signInAs("administrator");
    await api.dealMove(made[2]!.id, (await api.dealGet(made[2]!.id)).version, stage.won!, null);
    await vault.signInAs("management");
    const { user } = await renderApp(api);
    await openDashboard(user);
    const pipeline = within(await screen.findByTestId("chart-pipeline"));

    expect(pipeline.queryByTestId("chart-pipeline-locked")).toBeNull();
    expect(pipeline.getByRole("columnheader", { name: "Value" })).toBeInTheDocument();
    // Lead: Ovens, Verhuizing (no amount yet) and Pomp, € 77,777.77 + € 2,500, in whole euros.
    expect(cells(pipeline.getByTestId(`pipeline-row-${stage.lead}`))).toEqual(["Lead", "3", "€80,278"]);
    // Every open stage: Lead and Proposal.
    expect(screen.getByTestId("figure-pipeline-value-value")).toHaveTextContent("€85,278");
    expect(screen.getByTestId("figure-won-month")).toHaveTextContent("Worth €10,000");
    const month = (await api.dashboardGet()).wonLost.at(-1)!.month;
    const wonValue = within(screen.getByTestId("chart-wonlost")).getByTestId(`wonlost-row-${month}`);
    expect(cells(wonValue)).toEqual([formatMonth(month, "en", "long"), "1", "0", "€10,000"]);
  });

  it("offers the table instead of the chart, and speaks Dutch", async () => {
    const { api } = await withActivity();
    const { user } = await renderApp(api, "nl");
    await openDashboard(user);
    const card = within(await screen.findByTestId("chart-activity"));
    const { activity, wonLost } = await api.dashboardGet();
    const thisWeek = activity.at(-1)!.week;
    const { week, year } = parseWeek(thisWeek)!;

    expect(screen.getByTestId("page-title")).toHaveTextContent("Dashboard");
    expect(card.getByRole("columnheader", { name: "Telefoontjes" })).toBeInTheDocument();
    expect(card.getByTestId(`activity-row-${thisWeek}`)).toHaveTextContent(`Week ${week}, ${year}`);
    const month = wonLost.at(-1)!.month;
    expect(within(screen.getByTestId("chart-wonlost")).getByTestId(`wonlost-row-${month}`)).toHaveTextContent(formatMonth(month, "nl", "long"));
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
    const { api } = await withActivity();
    // The core cannot be made to fail on demand: the first answer is lost on the way.
    let broken = true;
    const flaky: KluisApi = { ...api, dashboardGet: () => (broken ? Promise.reject({ code: "internal", message: "disk full" }) : api.dashboardGet()) };
    const { user } = await renderApp(flaky);
    await user.click(screen.getByTestId("nav-dashboard"));
    expect(await screen.findByTestId("form-error")).toHaveTextContent("disk full");
    broken = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => expect(screen.queryByTestId("form-error")).toBeNull());
    expect(await screen.findByTestId("chart-pipeline")).toBeInTheDocument();
    expect(screen.getByTestId("figure-open-deals-value")).toHaveTextContent("3");
  });
});

/** The ISO 8601 week (Monday first; week 1 holds the year's first Thursday) of `date`, in UTC. */
function isoWeek(date: Date): { week: number; year: number } {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return { week: Math.ceil(((d.getTime() - start) / DAY + 1) / 7), year: d.getUTCFullYear() };
}
