// The register of personal data breaches (Art. 33, 34): recording one, the 72-hour countdown for
// notifying the authority as the fake's clock moves, recording the notification or why not, and
// who sees the register at all, driven through the UI against the in-memory fake.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FakeApi } from "$lib/api/fake";
import type { BreachInput } from "$lib/api/types";
import { startApp } from "./helpers";

type User = Awaited<ReturnType<typeof startApp>>["user"];

const NOW = Date.parse("2026-11-27T09:00:00.000Z");
const HOUR = 3_600_000;

/** A moment as a datetime-local field holds it: local time, to the minute. */
function local(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function setValue(el: HTMLElement, value: string) {
  return fireEvent.input(el, { target: { value } });
}

async function openBreaches(user: User) {
  if (!screen.queryByTestId("privacy-tab-breaches")) await user.click(await screen.findByTestId("nav-privacy"));
  await user.click(screen.getByTestId("privacy-tab-breaches"));
  const page = await screen.findByTestId("breaches-page");
  await waitFor(() => expect(within(page).queryByRole("status", { name: "Loading…" })).toBeNull());
  return page;
}

/** Leaves the tab and comes back: the list is judged again by the core. */
async function reopenBreaches(user: User) {
  await user.click(screen.getByTestId("privacy-tab-requests"));
  await screen.findByTestId("requests-page");
  return openBreaches(user);
}

const INPUT: BreachInput = {
  title: "Customer list e-mailed to the wrong supplier",
  discoveredAt: null,
  nature: "An export with names and e-mail addresses went out as an attachment.",
  categories: ["contact"],
  subjectsApprox: 140,
  recordsApprox: 140,
  consequences: "Phishing.",
  measures: "Asked the recipient to delete it.",
  authorityNotifiedAt: null,
  authorityReference: null,
  authorityNotRequired: null,
  subjectsInformedAt: null,
  subjectsNotInformed: null,
};

async function fill(user: User, dialog: ReturnType<typeof within>) {
  await user.type(dialog.getByTestId("breach-title"), "Laptop stolen from a service van");
  await user.type(dialog.getByTestId("breach-nature"), "A laptop with this week's planning and customer addresses was stolen.");
  await user.type(dialog.getByTestId("breach-subjects"), "35");
  await user.type(dialog.getByTestId("breach-records"), "80");
  await user.type(dialog.getByTestId("breach-consequences"), "Addresses of customers could become known.");
  await user.type(dialog.getByTestId("breach-measures"), "Wiped the laptop remotely; reported the theft.");
}

describe("Privacy > Breaches", () => {
  it("records a breach discovered now with 72 hours left, and shows it late once the clock passes them", async () => {
    const { fake, user } = await startApp({ preset: "privacy" });
    fake.setClock(NOW);
    const page = await openBreaches(user);
    expect(screen.getAllByRole("tab").map((tab) => tab.textContent?.trim()).slice(0, 3)).toEqual(["Overview", "Requests", "Breaches"]);
    expect(within(page).getByTestId("breaches-empty")).toHaveTextContent("No breaches recorded");

    await user.click(within(page).getByTestId("breach-new"));
    const dialogEl = await screen.findByTestId("breach-dialog");
    const dialog = within(dialogEl);
    // Recording asks what happened; the notification fields come with editing.
    expect(dialog.queryByTestId("breach-authority-at")).toBeNull();
    await user.click(dialog.getByTestId("breach-save"));
    expect(await dialog.findByTestId("breach-title-error")).toHaveTextContent("This field is required.");
    expect(dialog.getByTestId("breach-categories-error")).toHaveTextContent("Choose at least one kind of data.");
    expect(dialog.getByTestId("breach-subjects-error")).toHaveTextContent("This field is required.");
    expect(fake.calls).not.toContain("breach_create");

    await fill(user, dialog);
    await user.click(dialog.getByTestId("breach-category-contact"));
    await user.click(dialog.getByTestId("breach-save"));
    await waitFor(() => expect(screen.queryByTestId("breach-dialog")).toBeNull());

    const [stored] = fake.breaches;
    expect(stored).toMatchObject({ title: "Laptop stolen from a service van", discoveredAt: new Date(NOW).toISOString(), categories: ["contact"], subjectsApprox: 35, recordsApprox: 80 });
    expect(within(page).getByTestId("breaches-notice")).toHaveTextContent("Breach recorded. Notify the authority by");
    const countdown = await within(page).findByTestId(`breach-countdown-${stored!.id}`);
    expect(countdown).toHaveAttribute("data-state", "pending");
    expect(countdown).toHaveTextContent("72 h left to notify the authority");
    const row = within(within(page).getByTestId(`breach-row-${stored!.id}`));
    expect(row.getByRole("rowheader")).toHaveTextContent("Laptop stolen from a service van");
    expect(row.getByRole("rowheader")).toHaveTextContent("Customer data");
    expect(row.getByTestId(`breach-affected-${stored!.id}`)).toHaveTextContent("about 35 people · 80 records");
    expect(row.getByTestId(`breach-informed-${stored!.id}`)).toHaveTextContent("Not decided yet");
    expect(within(page).getByTestId("breaches-pending-value")).toHaveTextContent("1");
    expect(within(page).getByTestId("breaches-late-value")).toHaveTextContent("0");

    fake.advanceClock(31);
    let again = await reopenBreaches(user);
    expect(within(again).getByTestId(`breach-countdown-${stored!.id}`)).toHaveTextContent("41 h left to notify the authority");

    fake.advanceClock(46);
    again = await reopenBreaches(user);
    const late = within(again).getByTestId(`breach-countdown-${stored!.id}`);
    expect(late).toHaveAttribute("data-state", "late");
    expect(late).toHaveTextContent("Late: 5 h past the deadline");
    expect(within(again).getByTestId(`breach-row-${stored!.id}`)).toHaveAttribute("data-state", "late");
    expect(within(again).getByTestId("breaches-late-value")).toHaveTextContent("1");
  });

  it("shows a breach discovered four days ago as late at once, and refuses a discovery in the future", async () => {
    const { fake, user } = await startApp({ preset: "privacy" });
    fake.setClock(NOW);
    const page = await openBreaches(user);
    await user.click(within(page).getByTestId("breach-new"));
    const dialog = within(await screen.findByTestId("breach-dialog"));
    await fill(user, dialog);
    await user.click(dialog.getByTestId("breach-category-hr"));
    await user.click(dialog.getByTestId("breach-category-special"));

    await setValue(dialog.getByTestId("breach-discovered"), local(NOW + 48 * HOUR));
    await user.click(dialog.getByTestId("breach-save"));
    expect(await dialog.findByTestId("breach-discovered-error")).toHaveTextContent("The discovery cannot be in the future.");
    expect(dialog.getByTestId("breach-discovered")).toHaveAttribute("aria-invalid", "true");
    expect(fake.breaches).toEqual([]);

    await setValue(dialog.getByTestId("breach-discovered"), local(NOW - 96 * HOUR));
    await user.click(dialog.getByTestId("breach-save"));
    await waitFor(() => expect(screen.queryByTestId("breach-dialog")).toBeNull());
    const [stored] = fake.breaches;
    expect(stored!.discoveredAt).toBe(new Date(NOW - 96 * HOUR).toISOString());
    expect(within(page).getByTestId("breaches-notice")).toHaveTextContent("The 72 hours have passed: notify the authority as soon as possible");
    const countdown = await within(page).findByTestId(`breach-countdown-${stored!.id}`);
    expect(countdown).toHaveAttribute("data-state", "late");
    expect(countdown).toHaveTextContent("Late: 24 h past the deadline");
    expect(within(page).getByTestId(`breach-row-${stored!.id}`)).toHaveTextContent("Personnel files");
  });

  it("records the notification, which makes it done; a notification and a reason not to together are refused", async () => {
    const { fake, user } = await startApp({ preset: "privacy" });
    fake.setClock(NOW - 10 * HOUR);
    const breach = await fake.breachCreate(INPUT);
    fake.setClock(NOW);
    const page = await openBreaches(user);
    expect(within(page).getByTestId(`breach-countdown-${breach.id}`)).toHaveTextContent("62 h left to notify the authority");

    await user.click(within(page).getByTestId(`breach-edit-${breach.id}`));
    const dialog = within(await screen.findByTestId("breach-dialog"));
    expect(dialog.getByTestId("breach-title")).toHaveValue(INPUT.title);
    expect(dialog.getByTestId("breach-category-contact")).toBeChecked();
    expect(dialog.getByTestId("breach-subjects")).toHaveValue(140);

    // Notified before it was discovered: not possible.
    await setValue(dialog.getByTestId("breach-authority-at"), local(NOW - 11 * HOUR));
    await user.click(dialog.getByTestId("breach-save"));
    expect(await dialog.findByTestId("breach-authority-at-error")).toHaveTextContent("Choose a moment after the discovery and not in the future.");

    await setValue(dialog.getByTestId("breach-authority-at"), local(NOW - 2 * HOUR));
    await user.type(dialog.getByTestId("breach-authority-ref"), "AP-2026-48213");
    await user.type(dialog.getByTestId("breach-authority-not-required"), "No likely risk.");
    await user.click(dialog.getByTestId("breach-save"));
    expect(await dialog.findByTestId("breach-authority-not-required-error")).toHaveTextContent(
      "Fill in either when the authority was notified or why that is not required, not both.",
    );
    expect(dialog.getByTestId("breach-authority-not-required")).toHaveAttribute("aria-invalid", "true");
    expect(fake.breaches[0]!.authorityNotifiedAt).toBeNull();

    await user.clear(dialog.getByTestId("breach-authority-not-required"));
    await setValue(dialog.getByTestId("breach-informed-at"), local(NOW - HOUR));
    await user.type(dialog.getByTestId("breach-not-informed"), "The data was encrypted.");
    await user.click(dialog.getByTestId("breach-save"));
    expect(await dialog.findByTestId("breach-not-informed-error")).toHaveTextContent("Fill in either when the people were informed or why they are not, not both.");

    await setValue(dialog.getByTestId("breach-informed-at"), "");
    await user.click(dialog.getByTestId("breach-save"));
    await waitFor(() => expect(screen.queryByTestId("breach-dialog")).toBeNull());
    expect(within(page).getByTestId("breaches-notice")).toHaveTextContent("Breach updated.");
    expect(fake.breaches[0]).toMatchObject({
      authorityNotifiedAt: new Date(NOW - 2 * HOUR).toISOString(),
      authorityReference: "AP-2026-48213",
      authorityNotRequired: null,
      subjectsNotInformed: "The data was encrypted.",
      // Untouched, the discovery keeps its exact moment.
      discoveredAt: new Date(NOW - 10 * HOUR).toISOString(),
    });

    await waitFor(() => expect(within(page).getByTestId(`breach-countdown-${breach.id}`)).toHaveAttribute("data-state", "done"));
    const done = within(page).getByTestId(`breach-countdown-${breach.id}`);
    expect(done).toHaveTextContent(/^Authority: notified on .+ \(ref\. AP-2026-48213\)$/);
    expect(within(page).getByTestId(`breach-informed-${breach.id}`)).toHaveTextContent("Not informed: The data was encrypted.");
    expect(within(page).getByTestId("breaches-pending-value")).toHaveTextContent("0");
  });

  it("exports the register as CSV, and nothing when the save dialog is closed", async () => {
    const { fake, user } = await startApp({ preset: "privacy" });
    await fake.seedBreachesDemo();
    const page = await openBreaches(user);
    await user.click(within(page).getByTestId("breach-export"));
    expect(await within(page).findByTestId("breaches-notice")).toHaveTextContent("Saved as datalekken.csv.");
    expect(fake.breachExports).toEqual([2]);

    fake.closeSaveDialog = true;
    await user.click(within(page).getByTestId("breach-export"));
    await waitFor(() => expect(within(page).queryByTestId("breaches-notice")).toBeNull());
    expect(fake.breachExports).toEqual([2]);
  });

  it("speaks Dutch, with the preview's two breaches: one still to notify, one that needed no notification", async () => {
    const { fake, user } = await startApp({ preset: "privacy", locale: "nl" });
    fake.setClock(NOW);
    await fake.seedBreachesDemo();
    await fake.seedBreachesDemo();
    expect(fake.breaches).toHaveLength(2);
    const page = await openBreaches(user);
    expect(screen.getByTestId("privacy-tab-breaches")).toHaveTextContent("Datalekken");

    const rows = within(page).getAllByTestId(/^breach-row-/);
    expect(rows.map((r) => r.getAttribute("data-state"))).toEqual(["pending", "done"]);
    const [pending, done] = fake.breaches.slice().reverse();
    expect(within(page).getByTestId(`breach-countdown-${pending!.id}`)).toHaveTextContent("Nog 42 uur om te melden bij de Autoriteit Persoonsgegevens");
    expect(within(page).getByTestId(`breach-countdown-${done!.id}`)).toHaveTextContent("Melden niet nodig: De schijf was volledig versleuteld");
    expect(within(page).getByTestId(`breach-informed-${done!.id}`)).toHaveTextContent("Niet geïnformeerd: Art. 34 lid 3 sub a");
    expect(within(page).getByTestId(`breach-affected-${pending!.id}`)).toHaveTextContent("ca. 140 betrokkenen · 140 records");
  });
});

describe("who sees the register", () => {
  it("hides the Privacy section, and so the breaches, from those without privacy.view", async () => {
    const { fake, user } = await startApp({ preset: "user", demo: 3 });
    await fake.seedBreachesDemo();
    await screen.findByTestId("nav-contacts");
    expect(screen.queryByTestId("nav-privacy")).toBeNull();
    expect(screen.queryByTestId("privacy-tab-breaches")).toBeNull();
    await user.click(screen.getByTestId("nav-contacts"));
    expect(fake.calls).not.toContain("breaches_list");
    await expect(fake.breachesList()).rejects.toMatchObject({ code: "access.denied" });
  });

  it("lets those who may only view see the register without the buttons to change it", async () => {
    const fake = new FakeApi({ preset: "user" });
    fake.roles.push({
      key: "custom_auditor",
      name: "Auditor",
      builtin: false,
      holders: 0,
      grants: [{ category: "privacy", action: "view" }],
    });
    fake.users.find((u) => u.id === 2)!.roles = ["custom_auditor"];
    await fake.seedBreachesDemo();
    const { user } = await startApp({ api: fake });
    const page = await openBreaches(user);
    expect(within(page).getAllByTestId(/^breach-row-/)).toHaveLength(2);
    expect(within(page).queryByTestId("breach-new")).toBeNull();
    expect(within(page).queryByTestId("breach-export")).toBeNull();
    expect(within(page).queryByTestId(/^breach-edit-/)).toBeNull();
  });
});
