// Privacy > Overview points at the duties with a deadline: requests open (and past their
// month), breaches within or past their 72 hours; each links to its tab. Against the fake, whose
// "today" for requests is 2026-11-27.
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { FakeApi } from "$lib/api/fake";
import { setLocale } from "$lib/i18n/index.svelte";
import { startApp } from "./helpers";

function firstPerson(fake: FakeApi) {
  return [...fake.people].sort((a, b) => a.id - b.id)[0]!;
}

async function overview() {
  await waitFor(() => expect(screen.getByTestId("privacy-overview").querySelector("[data-testid='overview-people-value']")).not.toBeNull());
  return screen.getByTestId("privacy-overview");
}

describe("Privacy > Overview duties", () => {
  it("shows nothing to do when nothing is open", async () => {
    const { user } = await startApp({ preset: "privacy" });
    await user.click(await screen.findByTestId("nav-privacy"));
    const page = await overview();
    expect(within(page).queryByTestId("overview-duties")).toBeNull();
  });

  it("names an overdue request and a late breach, and opens their tabs", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 3 });
    const person = firstPerson(fake);
    await fake.requestFile({ personId: person.id, kind: "access", verification: "known_email", verificationNote: null, receivedOn: "2026-09-01" });
    await fake.requestFile({ personId: person.id, kind: "erasure", verification: "known_email", verificationNote: null, receivedOn: "2026-11-20" });
    fake.setClock(Date.parse("2026-11-20T09:00:00.000Z"));
    await fake.breachCreate({
      title: "Laptop stolen", discoveredAt: null, nature: "Stolen from a car.", categories: ["contact"], subjectsApprox: 10,
      recordsApprox: 10, consequences: "Phishing.", measures: "Wiped.", authorityNotifiedAt: null, authorityReference: null,
      authorityNotRequired: null, subjectsInformedAt: null, subjectsNotInformed: null,
    });
    fake.setClock(Date.parse("2026-11-27T09:00:00.000Z"));
    await user.click(await screen.findByTestId("nav-privacy"));
    const page = await overview();
    expect(within(page).getByTestId("overview-requests")).toHaveTextContent("Requests from data subjects still open: 2, of which past their deadline: 1.");
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
});
