// Organisations against the real core: the list and its pages, an organisation with its people
// and deals (amounts only for those who may see sales figures), the form's checks and the core's.
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { KluisApi, OrganisationInput } from "$lib/api/types";
import { coreVault, newVault, personInput, renderApp, type CoreVault } from "./core";

const BAKKERIJ = "Bakkerij Jansen B.V.";

function organisation(name: string, more: Partial<OrganisationInput> = {}): OrganisationInput {
  return { name, kvk: null, vat: null, website: null, industry: null, addresses: [], ...more };
}

/**
 * A seeded vault (which holds one organisation, "Zebedeus Holding") with a bakery of `people`
 * people and two deals whose amounts management set, and "Müller GmbH" with nobody.
 */
async function withBakery(people: number) {
  const vault = await coreVault("seeded");
  const { api, ids } = vault;
  await vault.signInAs("administrator");
  const bakery = await api.organisationCreate(
    organisation(BAKKERIJ, {
      kvk: "12345678",
      industry: "Retail",
      addresses: [{ label: null, street: "Marktplein 4", postcode: "3511 AB", city: "Utrecht", country: "NL" }],
    }),
  );
  await api.organisationCreate(organisation("Müller GmbH"));
  const members: number[] = [];
  for (let i = 0; i < people; i++) {
    const p = await api.personCreate({ ...personInput("Daan", `Bakker${String(i).padStart(3, "0")}`), organisationId: bakery.id });
    members.push(p.id);
  }
  const deal = (title: string) =>
    api.dealCreate({ title, personId: members[0]!, organisationId: bakery.id, stageId: ids.openStage!, amountCents: null, currency: null, probability: null, expectedClose: null });
  const deals = [await deal("Broodovens"), await deal("Onderhoud")];
  // Only management sets sales figures.
  await vault.signInAs("management");
  for (const [i, d] of deals.entries()) {
    await api.dealUpdate(d.id, d.version, { title: d.title, personId: members[0]!, organisationId: bakery.id, stageId: ids.openStage!, amountCents: (i + 1) * 125_000, currency: "EUR", probability: 50, expectedClose: null });
  }
  await vault.signInAs("administrator");
  return { ...vault, bakery: bakery.id, members, deals: deals.map((d) => d.id) };
}

async function openOrganisations(vault: CoreVault | { api: KluisApi }, locale: "en" | "nl" = "en") {
  const { user } = await renderApp(vault.api, locale);
  await user.click(screen.getByTestId("nav-organisations"));
  await screen.findByTestId("organisations-page");
  return user;
}

describe("organisations (real core)", { timeout: 30_000 }, () => {
  it("lists organisations and opens one with its people and locked deal amounts", async () => {
    const { api, bakery, members, deals } = await withBakery(3);
    const user = await openOrganisations({ api });
    expect(screen.getByTestId("page-title")).toHaveTextContent("Organisations");
    await waitFor(() => expect(screen.getAllByTestId(/^organisation-row-/)).toHaveLength(3));
    expect(screen.getByTestId("organisations-total")).toHaveTextContent("3 organisations");
    const row = screen.getByTestId(`organisation-row-${bakery}`);
    expect(row).toHaveTextContent(BAKKERIJ);
    expect(row).toHaveTextContent("Utrecht");
    expect(row).toHaveTextContent("Retail");
    expect(within(row).getAllByRole("cell").at(-1)).toHaveTextContent(/^3$/);

    await user.click(row);
    const view = await screen.findByTestId("organisation-view");
    expect(await screen.findByTestId("organisation-name")).toHaveTextContent(BAKKERIJ);
    expect(screen.getByTestId("organisation-kvk")).toHaveTextContent("12345678");
    expect(within(view).getAllByTestId(/^organisation-person-/)).toHaveLength(members.length);
    expect(screen.queryByTestId("organisation-people-more")).toBeNull();

    // The administrator sees the deals but not the amounts management set.
    const amounts = within(view).getAllByTestId(/^organisation-deal-amount-/);
    expect(amounts.map((a) => a.dataset.testid)).toEqual(expect.arrayContaining(deals.map((d) => `organisation-deal-amount-${d}`)));
    expect(amounts).toHaveLength(deals.length);
    for (const amount of amounts) {
      expect(amount).toHaveAttribute("data-redacted", "true");
      expect(within(amount).getByLabelText("Amount hidden for your role")).toBeInTheDocument();
    }
    expect(view.textContent).not.toMatch(/€|1[.,]250|2[.,]500/);

    await user.click(screen.getByTestId(`organisation-person-${members[1]}`));
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Daan Bakker001");
  });

  it("goes back to the list", async () => {
    const { api } = await withBakery(1);
    const user = await openOrganisations({ api });
    await user.click(await screen.findByText("Müller GmbH"));
    expect(await screen.findByTestId("organisation-name")).toHaveTextContent("Müller GmbH");
    expect(screen.getByText("No people are linked to this organisation yet.")).toBeInTheDocument();
    await user.click(screen.getByTestId("organisation-back"));
    expect(await screen.findByTestId("organisations-total")).toHaveTextContent("3 organisations");
  });

  it("creates an organisation, checking the name and the KvK number", async () => {
    const api = await newVault();
    const user = await openOrganisations({ api });
    expect(await screen.findByText("No organisations yet")).toBeInTheDocument();

    await user.click(screen.getByTestId("organisation-new"));
    const dialog = within(screen.getByTestId("organisation-dialog"));
    await user.click(dialog.getByTestId("org-form-submit"));
    expect(dialog.getByTestId("org-form-name-error")).toHaveTextContent("This field is required.");

    await user.type(dialog.getByTestId("org-form-name"), "Acme Techniek B.V.");
    await user.type(dialog.getByTestId("org-form-kvk"), "1234");
    await user.click(dialog.getByTestId("org-form-submit"));
    expect(dialog.getByTestId("org-form-kvk-error")).toHaveTextContent("exactly 8 digits");
    expect(dialog.queryByTestId("org-form-name-error")).toBeNull();
    // Neither refusal reached the core.
    expect((await api.organisationsList(null, 10)).total).toBe(0);

    await user.clear(dialog.getByTestId("org-form-kvk"));
    await user.type(dialog.getByTestId("org-form-kvk"), "8765 4321");
    await user.type(dialog.getByTestId("org-form-industry"), "Installatie");
    await user.click(dialog.getByTestId("org-form-submit"));

    await waitFor(() => expect(screen.queryByTestId("organisation-dialog")).toBeNull());
    const page = await api.organisationsList(null, 10);
    expect(page.rows.map((r) => r.name)).toEqual(["Acme Techniek B.V."]);
    const created = (await api.organisationView(page.rows[0]!.id)).organisation;
    expect(created).toMatchObject({ kvk: "87654321", industry: "Installatie", vat: null, website: null, addresses: [] });
    const row = await screen.findByTestId(`organisation-row-${created.id}`);
    expect(row).toHaveTextContent("Acme Techniek B.V.");
    expect(row).toHaveTextContent("Installatie");
    expect(screen.getByTestId("organisations-total")).toHaveTextContent(/^1 organisation$/);
  });

  it("shows a field error the core returns", async () => {
    // The window checks the KvK number as the core does, so the core's own refusal shows at the
    // VAT number, which only the core checks (a Dutch one is NL + 9 digits + B + 2 digits).
    const api = await newVault();
    const user = await openOrganisations({ api });
    await user.click(await screen.findByTestId("organisation-new"));
    await user.type(screen.getByTestId("org-form-name"), "Acme");
    await user.type(screen.getByTestId("org-form-kvk"), "12345678");
    await user.type(screen.getByTestId("org-form-vat"), "NL12345");
    await user.click(screen.getByTestId("org-form-submit"));
    expect(await screen.findByTestId("org-form-vat-error")).toHaveTextContent("This is not in the right format.");
    expect(screen.getByTestId("org-form-vat")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("organisation-dialog")).toBeInTheDocument();
    expect((await api.organisationsList(null, 10)).total).toBe(0);
  });

  it("pages through the list 100 at a time", async () => {
    const api = await newVault();
    for (let i = 0; i < 130; i++) await api.organisationCreate(organisation(`Klant ${String(i).padStart(3, "0")}`));
    let lists = 0;
    const counted: KluisApi = { ...api, organisationsList: (after, limit) => (lists++, api.organisationsList(after, limit)) };
    const user = await openOrganisations({ api: counted });
    await waitFor(() => expect(screen.getAllByTestId(/^organisation-row-/)).toHaveLength(100));
    expect(screen.getByTestId("organisations-total")).toHaveTextContent("130 organisations");
    expect(screen.getAllByTestId(/^organisation-row-/).at(-1)).toHaveTextContent("Klant 099");
    await user.click(screen.getByText("Show more"));
    await waitFor(() => expect(screen.getAllByTestId(/^organisation-row-/)).toHaveLength(130));
    expect(screen.getAllByTestId(/^organisation-row-/).at(-1)).toHaveTextContent("Klant 129");
    expect(screen.getByTestId("organisations-total")).toHaveTextContent("130 organisations");
    expect(screen.queryByTestId("organisations-more")).toBeNull();
    expect(lists).toBe(2);
  });

  it("shows amounts to management, no New button without the right, and 'and N more' people", async () => {
    const vault = await withBakery(205);
    await vault.signInAs("management");
    const user = await openOrganisations(vault, "nl");
    const row = await screen.findByTestId(`organisation-row-${vault.bakery}`);
    expect(screen.queryByTestId("organisation-new")).toBeNull();
    await user.click(row);

    const view = within(await screen.findByTestId("organisation-view"));
    await waitFor(() => expect(view.getAllByTestId(/^organisation-person-/)).toHaveLength(200));
    expect(view.getByTestId("organisation-people-more")).toHaveTextContent("en nog 5");

    const amounts = view.getAllByTestId(/^organisation-deal-amount-/);
    expect(amounts).toHaveLength(2);
    for (const amount of amounts) expect(amount).toHaveAttribute("data-redacted", "false");
    expect(amounts.map((a) => a.textContent?.replace(/\s/g, " ").trim()).sort()).toEqual(["€ 1.250,00", "€ 2.500,00"]);
    // Management may not edit customer data.
    expect(view.queryByTestId("organisation-edit")).toBeNull();
  });

  it("edits an organisation's name and address, and keeps a timeline for it", async () => {
    const { api, bakery } = await withBakery(1);
    const user = await openOrganisations({ api });
    await user.click(await screen.findByTestId(`organisation-row-${bakery}`));
    expect(await screen.findByTestId("organisation-address")).toHaveTextContent("Marktplein 4, 3511 AB Utrecht, NL");
    await user.click(screen.getByTestId("organisation-edit"));
    const name = screen.getByTestId("org-form-name");
    await user.clear(name);
    await user.type(name, "Bakkerij Jansen & Zn.");
    await user.clear(screen.getByTestId("org-form-postcode"));
    await user.type(screen.getByTestId("org-form-postcode"), "35111");
    await user.click(screen.getByTestId("org-form-submit"));
    expect(await screen.findByTestId("org-form-addresses-error")).toHaveTextContent("1234 AB");
    await user.clear(screen.getByTestId("org-form-postcode"));
    await user.type(screen.getByTestId("org-form-postcode"), "3511 CD");
    await user.click(screen.getByTestId("org-form-submit"));
    await waitFor(() => expect(screen.getByTestId("organisation-name")).toHaveTextContent("Bakkerij Jansen & Zn."));
    expect(screen.getByTestId("organisation-address")).toHaveTextContent("3511 CD");
    await user.click(screen.getByTestId("timeline-kind-meeting"));
    await user.type(screen.getByTestId("timeline-body"), "Jaargesprek met de directie");
    await user.click(screen.getByTestId("timeline-submit"));
    expect(await screen.findByText("Jaargesprek met de directie")).toBeInTheDocument();
    const held = await api.organisationView(bakery);
    expect(held.organisation).toMatchObject({ name: "Bakkerij Jansen & Zn.", kvk: "12345678" });
    expect(held.organisation.addresses).toMatchObject([{ street: "Marktplein 4", postcode: "3511 CD", city: "Utrecht", country: "NL" }]);
    expect(held.timeline.map((e) => [e.kind, e.body])).toContainEqual(["meeting", "Jaargesprek met de directie"]);
  });
});
