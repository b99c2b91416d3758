// Privacy > Overview points at the duties with a deadline, as the core counts them: requests open
// (and past their month), breaches within or past their 72 hours; each links to its tab.
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { setLocale } from "$lib/i18n/index.svelte";
import { breachInput, DAY, daysAgo, openAs } from "./privacy-core";

async function overview() {
  await waitFor(() => expect(screen.getByTestId("privacy-overview").querySelector("[data-testid='overview-people-value']")).not.toBeNull());
  return screen.getByTestId("privacy-overview");
}

describe("Privacy > Overview duties (real core)", { timeout: 20_000 }, () => {
  it("shows nothing to do when nothing is open", async () => {
    const { api, ids, user } = await openAs();
    // The seeded vault's one request, closed: no request or breach is open.
    await api.requestClose({ id: ids.request!, status: "completed", outcome: "Sent the overview of the data." });
    await user.click(await screen.findByTestId("nav-privacy"));
    const page = await overview();
    expect(within(page).queryByTestId("overview-duties")).toBeNull();
    const dashboard = await api.privacyDashboard();
    expect([dashboard.requestsOpen, dashboard.breachesPending, dashboard.breachesLate]).toEqual([0, 0, 0]);
  });

  it("names an overdue request and a late breach, and opens their tabs", async () => {
    const { api, ids, user } = await openAs();
    // Beside the seeded request (received today): one received 40 days ago, one a week ago.
    await api.requestFile({ personId: ids.person!, kind: "access", verification: "known_email", verificationNote: null, receivedOn: daysAgo(40) });
    await api.requestFile({ personId: ids.person!, kind: "erasure", verification: "known_email", verificationNote: null, receivedOn: daysAgo(7) });
    await api.breachCreate(breachInput({ title: "Laptop stolen", discoveredAt: new Date(Date.now() - 7 * DAY).toISOString() }));
    await user.click(await screen.findByTestId("nav-privacy"));
    const page = await overview();
    expect(within(page).getByTestId("overview-requests")).toHaveTextContent("Requests from data subjects still open: 3, of which past their deadline: 1.");
    expect(within(page).getByTestId("overview-breaches")).toHaveTextContent("Breaches past their 72 hours without a notification or a decision not to notify: 1.");
    setLocale("nl");
    await waitFor(() => expect(within(page).getByTestId("overview-breaches")).toHaveTextContent("Datalekken over hun 72 uur"));
    setLocale("en");
    await user.click(within(within(page).getByTestId("overview-requests")).getByRole("button"));
    expect(await screen.findByTestId("requests-page")).toBeTruthy();
    await user.click(screen.getByTestId("privacy-tab-overview"));
    const again = await overview();
    await user.click(within(within(again).getByTestId("overview-breaches")).getByRole("button"));
    expect(await screen.findByTestId("breaches-page")).toBeTruthy();
  });

  it("names a breach still within its 72 hours as pending, not late", async () => {
    const { api, user } = await openAs();
    await api.breachCreate(breachInput());
    await user.click(await screen.findByTestId("nav-privacy"));
    const page = await overview();
    expect(within(page).getByTestId("overview-breaches")).toHaveTextContent("Breaches still within their 72 hours, not yet notified or decided: 1.");
    expect(within(page).getByTestId("overview-breaches")).not.toHaveClass("late");
    expect(within(page).getByTestId("overview-requests")).toHaveTextContent("Requests from data subjects still open: 1.");
  });
});
