// The register of personal data breaches (Art. 33, 34) against the real core: recording one, the
// 72-hour countdown the core counts from the discovery, recording the notification or why not,
// and who sees the register at all. The bridge cannot move the core's clock: a breach's age
// comes from its discovery moment instead.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { KluisApi } from "$lib/api/types";
import { formatDateTime } from "$lib/i18n/index.svelte";
import { coreVault, renderApp } from "./core";
import { breachInput, DAY, HOUR, local, openAs } from "./privacy-core";

type User = Awaited<ReturnType<typeof openAs>>["user"];

function setValue(el: HTMLElement, value: string) {
  return fireEvent.input(el, { target: { value } });
}

async function openBreaches(user: User) {
  if (!screen.queryByTestId("privacy-tab-breaches")) await user.click(await screen.findByTestId("nav-privacy"));
  await user.click(screen.getByTestId("privacy-tab-breaches"));
  const page = await screen.findByTestId("breaches-page");
  await waitFor(() => expect(within(page).queryByRole("status", { name: /^(Loading|Laden)…$/ })).toBeNull());
  return page;
}

async function fill(user: User, dialog: ReturnType<typeof within>) {
  await user.type(dialog.getByTestId("breach-title"), "Laptop stolen from a service van");
  await user.type(dialog.getByTestId("breach-nature"), "A laptop with this week's planning and customer addresses was stolen.");
  await user.type(dialog.getByTestId("breach-subjects"), "35");
  await user.type(dialog.getByTestId("breach-records"), "80");
  await user.type(dialog.getByTestId("breach-consequences"), "Addresses of customers could become known.");
  await user.type(dialog.getByTestId("breach-measures"), "Wiped the laptop remotely; reported the theft.");
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();

/** The preview's two breaches: one discovered 30 hours ago, one two weeks ago that needed no notification. */
async function twoBreaches(api: KluisApi) {
  const done = await api.breachCreate(
    breachInput({
      title: "Laptop van een monteur gestolen",
      discoveredAt: ago(16 * DAY + 5 * HOUR),
      subjectsApprox: 35,
      recordsApprox: 35,
      authorityNotRequired: "De schijf was volledig versleuteld (BitLocker) en de sleutel is niet buitgemaakt.",
      subjectsNotInformed: "Art. 34 lid 3 sub a: de gegevens waren versleuteld en voor de dief onleesbaar.",
    }),
  );
  const pending = await api.breachCreate(
    breachInput({ title: "Klantenlijst naar verkeerde leverancier gemaild", discoveredAt: ago(30 * HOUR), categories: ["contact", "sales"] }),
  );
  return { done, pending };
}

describe("Privacy > Breaches (real core)", { timeout: 20_000 }, () => {
  it("records a breach discovered now with 72 hours left and a deadline 72 hours after its discovery", async () => {
    const { api, user } = await openAs();
    const page = await openBreaches(user);
    expect(screen.getAllByRole("tab").map((tab) => tab.textContent?.trim()).slice(0, 3)).toEqual(["Overview", "Requests", "Breaches"]);
    expect(within(page).getByTestId("breaches-empty")).toHaveTextContent("No breaches recorded");

    await user.click(within(page).getByTestId("breach-new"));
    const dialog = within(await screen.findByTestId("breach-dialog"));
    // Recording asks what happened; the notification fields come with editing.
    expect(dialog.queryByTestId("breach-authority-at")).toBeNull();
    await user.click(dialog.getByTestId("breach-save"));
    expect(await dialog.findByTestId("breach-title-error")).toHaveTextContent("This field is required.");
    expect(dialog.getByTestId("breach-categories-error")).toHaveTextContent("Choose at least one kind of data.");
    expect(dialog.getByTestId("breach-subjects-error")).toHaveTextContent("This field is required.");
    expect(await api.breachesList()).toEqual([]);

    await fill(user, dialog);
    await user.click(dialog.getByTestId("breach-category-contact"));
    const before = Date.now();
    await user.click(dialog.getByTestId("breach-save"));
    await waitFor(() => expect(screen.queryByTestId("breach-dialog")).toBeNull());

    const [stored] = await api.breachesList();
    expect(stored).toMatchObject({ title: "Laptop stolen from a service van", categories: ["contact"], subjectsApprox: 35, recordsApprox: 80, notification: "pending" });
    // Discovered "now" by the core's clock, the deadline 72 hours on.
    expect(Date.parse(stored!.discovered)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(stored!.discovered)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(stored!.deadline) - Date.parse(stored!.discovered)).toBe(72 * HOUR);
    expect(within(page).getByTestId("breaches-notice")).toHaveTextContent(`Breach recorded. Notify the authority by ${formatDateTime(stored!.deadline)}`);
    const countdown = await within(page).findByTestId(`breach-countdown-${stored!.id}`);
    expect(countdown).toHaveAttribute("data-state", "pending");
    expect(countdown).toHaveTextContent("72 h left to notify the authority");
    const row = within(within(page).getByTestId(`breach-row-${stored!.id}`));
    expect(row.getByRole("rowheader")).toHaveTextContent("Laptop stolen from a service van");
    expect(row.getByRole("rowheader")).toHaveTextContent("Customer data");
    expect(row.getByText(`Deadline ${formatDateTime(stored!.deadline)}`)).toBeInTheDocument();
    expect(row.getByTestId(`breach-affected-${stored!.id}`)).toHaveTextContent("about 35 people · 80 records");
    expect(row.getByTestId(`breach-informed-${stored!.id}`)).toHaveTextContent("Not decided yet");
    expect(within(page).getByTestId("breaches-pending-value")).toHaveTextContent("1");
    expect(within(page).getByTestId("breaches-late-value")).toHaveTextContent("0");
  });

  it("counts the hours left from the discovery, and shows a breach past its 72 hours late", async () => {
    const { api, user } = await openAs();
    const within41 = await api.breachCreate(breachInput({ title: "Discovered 31 hours ago", discoveredAt: ago(31 * HOUR) }));
    const past = await api.breachCreate(breachInput({ title: "Discovered 77 hours ago", discoveredAt: ago(77 * HOUR) }));
    const page = await openBreaches(user);
    expect(within(page).getByTestId(`breach-countdown-${within41.id}`)).toHaveTextContent("41 h left to notify the authority");
    const late = within(page).getByTestId(`breach-countdown-${past.id}`);
    expect(late).toHaveAttribute("data-state", "late");
    expect(late).toHaveTextContent("Late: 5 h past the deadline");
    expect(within(page).getByTestId(`breach-row-${past.id}`)).toHaveAttribute("data-state", "late");
    expect(within(page).getByTestId("breaches-pending-value")).toHaveTextContent("1");
    expect(within(page).getByTestId("breaches-late-value")).toHaveTextContent("1");
  });

  it("shows a breach discovered four days ago as late at once, and refuses a discovery in the future", async () => {
    const { api, user } = await openAs();
    const page = await openBreaches(user);
    await user.click(within(page).getByTestId("breach-new"));
    const dialog = within(await screen.findByTestId("breach-dialog"));
    await fill(user, dialog);
    await user.click(dialog.getByTestId("breach-category-hr"));
    await user.click(dialog.getByTestId("breach-category-special"));

    await setValue(dialog.getByTestId("breach-discovered"), local(Date.now() + 48 * HOUR));
    await user.click(dialog.getByTestId("breach-save"));
    expect(await dialog.findByTestId("breach-discovered-error")).toHaveTextContent("The discovery cannot be in the future.");
    expect(dialog.getByTestId("breach-discovered")).toHaveAttribute("aria-invalid", "true");
    expect(await api.breachesList()).toEqual([]);

    const fourDaysAgo = local(Date.now() - 96 * HOUR);
    await setValue(dialog.getByTestId("breach-discovered"), fourDaysAgo);
    await user.click(dialog.getByTestId("breach-save"));
    await waitFor(() => expect(screen.queryByTestId("breach-dialog")).toBeNull());
    const [stored] = await api.breachesList();
    expect(Date.parse(stored!.discovered)).toBe(new Date(fourDaysAgo).getTime());
    expect(stored!.categories).toEqual(["hr", "special"]);
    expect(within(page).getByTestId("breaches-notice")).toHaveTextContent("The 72 hours have passed: notify the authority as soon as possible");
    const countdown = await within(page).findByTestId(`breach-countdown-${stored!.id}`);
    expect(countdown).toHaveAttribute("data-state", "late");
    expect(countdown).toHaveTextContent("Late: 24 h past the deadline");
    expect(within(page).getByTestId(`breach-row-${stored!.id}`)).toHaveTextContent("Personnel files");
  });

  it("records the notification, which makes it done; a notification and a reason not to together are refused", async () => {
    const { api, user } = await openAs();
    const now = Date.now();
    const breach = await api.breachCreate(breachInput({ discoveredAt: new Date(now - 10 * HOUR).toISOString() }));
    const page = await openBreaches(user);
    expect(within(page).getByTestId(`breach-countdown-${breach.id}`)).toHaveTextContent("62 h left to notify the authority");

    await user.click(within(page).getByTestId(`breach-edit-${breach.id}`));
    const dialog = within(await screen.findByTestId("breach-dialog"));
    expect(dialog.getByTestId("breach-title")).toHaveValue(breach.title);
    expect(dialog.getByTestId("breach-category-contact")).toBeChecked();
    expect(dialog.getByTestId("breach-subjects")).toHaveValue(140);

    // Notified before it was discovered: not possible.
    await setValue(dialog.getByTestId("breach-authority-at"), local(now - 11 * HOUR));
    await user.click(dialog.getByTestId("breach-save"));
    expect(await dialog.findByTestId("breach-authority-at-error")).toHaveTextContent("Choose a moment after the discovery and not in the future.");

    const notifiedAt = local(now - 2 * HOUR);
    await setValue(dialog.getByTestId("breach-authority-at"), notifiedAt);
    await user.type(dialog.getByTestId("breach-authority-ref"), "AP-2026-48213");
    await user.type(dialog.getByTestId("breach-authority-not-required"), "No likely risk.");
    await user.click(dialog.getByTestId("breach-save"));
    expect(await dialog.findByTestId("breach-authority-not-required-error")).toHaveTextContent(
      "Fill in either when the authority was notified or why that is not required, not both.",
    );
    expect(dialog.getByTestId("breach-authority-not-required")).toHaveAttribute("aria-invalid", "true");
    expect((await api.breachesList())[0]!.authorityNotifiedAt).toBeNull();

    await user.clear(dialog.getByTestId("breach-authority-not-required"));
    await setValue(dialog.getByTestId("breach-informed-at"), local(now - HOUR));
    await user.type(dialog.getByTestId("breach-not-informed"), "The data was encrypted.");
    await user.click(dialog.getByTestId("breach-save"));
    expect(await dialog.findByTestId("breach-not-informed-error")).toHaveTextContent("Fill in either when the people were informed or why they are not, not both.");

    await setValue(dialog.getByTestId("breach-informed-at"), "");
    await user.click(dialog.getByTestId("breach-save"));
    await waitFor(() => expect(screen.queryByTestId("breach-dialog")).toBeNull());
    expect(within(page).getByTestId("breaches-notice")).toHaveTextContent("Breach updated.");
    const [saved] = await api.breachesList();
    expect(saved).toMatchObject({
      authorityNotifiedAt: new Date(notifiedAt).toISOString(),
      authorityReference: "AP-2026-48213",
      authorityNotRequired: null,
      subjectsInformedAt: null,
      subjectsNotInformed: "The data was encrypted.",
      // Untouched, the discovery keeps its exact moment.
      discoveredAt: breach.discoveredAt,
      notification: "done",
    });

    await waitFor(() => expect(within(page).getByTestId(`breach-countdown-${breach.id}`)).toHaveAttribute("data-state", "done"));
    const done = within(page).getByTestId(`breach-countdown-${breach.id}`);
    expect(done).toHaveTextContent(`Authority: notified on ${formatDateTime(saved!.authorityNotifiedAt!)} (ref. AP-2026-48213)`);
    expect(within(page).getByTestId(`breach-informed-${breach.id}`)).toHaveTextContent("Not informed: The data was encrypted.");
    expect(within(page).getByTestId("breaches-pending-value")).toHaveTextContent("0");
  });

  it("exports the register as CSV through the core's save dialog", async () => {
    const { api, user } = await openAs();
    await twoBreaches(api);
    const page = await openBreaches(user);
    await user.click(within(page).getByTestId("breach-export"));
    // The bridge answers the save dialog with a file of its own (save-1).
    expect(await within(page).findByTestId("breaches-notice")).toHaveTextContent("Saved as save-1.");
  });

  it("speaks Dutch, with the preview's two breaches: one still to notify, one that needed no notification", async () => {
    const { api, user } = await openAs("privacy_officer", "nl");
    const { pending, done } = await twoBreaches(api);
    const page = await openBreaches(user);
    expect(screen.getByTestId("privacy-tab-breaches")).toHaveTextContent("Datalekken");

    // Newest discovered first.
    const rows = within(page).getAllByTestId(/^breach-row-/);
    expect(rows.map((r) => r.getAttribute("data-state"))).toEqual(["pending", "done"]);
    expect(within(page).getByTestId(`breach-countdown-${pending.id}`)).toHaveTextContent("Nog 42 uur om te melden bij de Autoriteit Persoonsgegevens");
    expect(within(page).getByTestId(`breach-countdown-${done.id}`)).toHaveTextContent("Melden niet nodig: De schijf was volledig versleuteld");
    expect(within(page).getByTestId(`breach-informed-${done.id}`)).toHaveTextContent("Niet geïnformeerd: Art. 34 lid 3 sub a");
    expect(within(page).getByTestId(`breach-affected-${pending.id}`)).toHaveTextContent("ca. 140 betrokkenen · 140 records");
  });
});

describe("who sees the register (real core)", { timeout: 20_000 }, () => {
  it("hides the Privacy section, and so the breaches, from those without privacy.view", async () => {
    const vault = await coreVault("seeded");
    await vault.signInAs("privacy_officer");
    await twoBreaches(vault.api);
    await vault.signInAs("user");
    let asked = 0;
    const watched: KluisApi = { ...vault.api, breachesList: () => (asked++, vault.api.breachesList()) };
    const { user } = await renderApp(watched);
    await screen.findByTestId("nav-contacts");
    expect(screen.queryByTestId("nav-privacy")).toBeNull();
    expect(screen.queryByTestId("privacy-tab-breaches")).toBeNull();
    await user.click(screen.getByTestId("nav-contacts"));
    expect(asked).toBe(0);
    await expect(vault.api.breachesList()).rejects.toMatchObject({ code: "access.denied" });
  });

  it("lets those who may only view see the register without the buttons to change it", async () => {
    const vault = await coreVault("seeded");
    const { api } = vault;
    await vault.signInAs("privacy_officer");
    const { pending } = await twoBreaches(api);
    await vault.signInAs("administrator");
    const auditor = await api.roleCreate({ name: "Auditor", grants: [{ category: "privacy", action: "view" }] });
    const member = (await api.usersList()).find((u) => u.username === vault.users.user)!;
    await api.userSetAccess(member.id, { roles: [auditor.key], mayDelete: null });
    await vault.signInAs("user");
    const { user } = await renderApp(api);
    const page = await openBreaches(user);
    expect(within(page).getAllByTestId(/^breach-row-/)).toHaveLength(2);
    expect(within(page).queryByTestId("breach-new")).toBeNull();
    expect(within(page).queryByTestId("breach-export")).toBeNull();
    expect(within(page).queryByTestId(/^breach-edit-/)).toBeNull();
    await expect(api.breachUpdate(pending.id, pending.version, breachInput())).rejects.toMatchObject({ code: "access.denied" });
  });
});
