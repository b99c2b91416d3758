// What each role is offered in the customer screens, against the real core (through the test
// bridge): the buttons follow the rights the core hands the window, and a direct call the window
// never offers is refused by the core itself.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import { setLocale } from "$lib/i18n/index.svelte";
import { coreVault, type Role } from "./core";

async function openAs(role: Role) {
  const vault = await coreVault("seeded");
  await vault.signInAs(role);
  setLocale("en", false);
  const user = userEvent.setup();
  render(App, { props: { api: vault.api } });
  await screen.findByTestId("page-title");
  return { ...vault, user };
}

// Every step is a real call into an encrypted vault: more time than against an in-memory fake.
describe("rights in the customer screens (real core)", { timeout: 20_000 }, () => {
  it("gives a guest no edit, import, export, delete or deal controls, and the core refuses the call", async () => {
    const { api, ids, user } = await openAs("guest");
    const rows = await screen.findAllByTestId(/^contact-row-/, {}, { timeout: 5000 });
    for (const id of ["person-new", "import-open", "export-open"]) {
      expect(screen.queryByTestId(id)).toBeNull();
    }
    await user.click(within(rows[0]!).getByRole("button"));
    await screen.findByTestId("person-view");
    expect(screen.queryByTestId("person-edit")).toBeNull();
    expect(screen.queryByTestId("person-delete")).toBeNull();
    await user.click(screen.getByTestId("nav-deals"));
    await screen.findByTestId("deals-page");
    expect(screen.queryByTestId("deal-new")).toBeNull();
    expect(screen.queryAllByTestId(/^deal-move-/)).toHaveLength(0);
    await expect(api.personDelete(ids.person!)).rejects.toMatchObject({ code: "access.denied" });
  });

  it("lets a user edit but neither delete nor export", async () => {
    const { api, ids, user } = await openAs("user");
    const rows = await screen.findAllByTestId(/^contact-row-/);
    expect(screen.queryByTestId("export-open")).toBeNull();
    expect(screen.getByTestId("person-new")).toBeInTheDocument();
    await user.click(within(rows[0]!).getByRole("button"));
    await screen.findByTestId("person-edit");
    expect(screen.queryByTestId("person-delete")).toBeNull();
    await expect(api.personDelete(ids.person!)).rejects.toMatchObject({ code: "access.denied" });
  });

  it("lets an administrator delete a person after confirming, and the core has them gone", async () => {
    const { api, user } = await openAs("administrator");
    const query = { sort: "family_name", descending: false, after: null, offset: null, limit: 50, tag: null, ownerId: null, organisationId: null } as const;
    const before = (await api.personsList(query)).rows.length;
    const rows = await screen.findAllByTestId(/^contact-row-/);
    const name = within(rows[0]!).getByRole("button").textContent ?? "";
    await user.click(within(rows[0]!).getByRole("button"));
    await user.click(await screen.findByTestId("person-delete"));
    await user.click(await screen.findByTestId("confirm-dialog-ok"));
    await screen.findByTestId("contacts-page");
    await waitFor(() => expect(screen.queryByText(name)).toBeNull());
    const after = (await api.personsList(query)).rows;
    expect(after).toHaveLength(before - 1);
    expect(after.map((r) => r.displayName)).not.toContain(name);
  });

  it("offers HR nothing of the customer file's changes and no sales figures", async () => {
    const { api, ids } = await openAs("hr");
    await screen.findAllByTestId(/^contact-row-/);
    expect(screen.queryByTestId("person-new")).toBeNull();
    await expect(api.dealUpdate(ids.deal!, 2, { title: "x", personId: null, organisationId: null, stageId: ids.openStage!, amountCents: 1, currency: "EUR", probability: null, expectedClose: null })).rejects.toMatchObject({ code: "access.denied" });
  });
});
