import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FakeApi } from "$lib/api/fake";
import { startApp } from "./helpers";

const BAKKERIJ = "Bakkerij Jansen B.V.";

/** Demo data filled by the administrator, then the session handed to another account. */
async function fakeWithDemo(userId: number, people = 20): Promise<FakeApi> {
  const fake = new FakeApi({ preset: "admin" });
  await fake.demoFill(people);
  fake.sessionUserId = userId;
  return fake;
}

function orgId(fake: FakeApi, name: string): number {
  const found = fake.organisations.find((o) => o.name === name);
  if (!found) throw new Error(`no organisation ${name}`);
  return found.id;
}

describe("organisations", () => {
  it("lists organisations and opens one with its people and locked deal amounts", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.demoFill(20);
    await user.click(screen.getByTestId("nav-organisations"));
    await screen.findByTestId("organisations-page");

    expect(screen.getByTestId("page-title")).toHaveTextContent("Organisations");
    await waitFor(() => expect(screen.getAllByTestId(/^organisation-row-/)).toHaveLength(3));
    expect(screen.getByTestId("organisations-total")).toHaveTextContent("3 organisations");
    const id = orgId(fake, BAKKERIJ);
    const row = screen.getByTestId(`organisation-row-${id}`);
    const members = fake.people.filter((p) => p.organisationName === BAKKERIJ);
    expect(row).toHaveTextContent(BAKKERIJ);
    expect(row).toHaveTextContent("Retail");
    expect(row).toHaveTextContent(String(members.length));

    await user.click(row);
    const view = await screen.findByTestId("organisation-view");
    expect(screen.getByTestId("organisation-name")).toHaveTextContent(BAKKERIJ);
    expect(screen.getByTestId("organisation-kvk")).toHaveTextContent("12345678");
    expect(within(view).getAllByTestId(/^organisation-person-/)).toHaveLength(members.length);
    expect(screen.queryByTestId("organisation-people-more")).toBeNull();

    const deals = fake.deals.filter((d) => d.organisationName === BAKKERIJ);
    expect(deals.length).toBeGreaterThan(0);
    const amounts = within(view).getAllByTestId(/^organisation-deal-amount-/);
    expect(amounts).toHaveLength(deals.length);
    for (const amount of amounts) {
      expect(amount).toHaveAttribute("data-redacted", "true");
      expect(within(amount).getByLabelText("Amount hidden for your role")).toBeInTheDocument();
    }
    expect(view.textContent).not.toMatch(/€|\b0,00\b|\b0\.00\b/);

    const person = members[0]!;
    await user.click(screen.getByTestId(`organisation-person-${person.id}`));
    expect(await screen.findByTestId("person-name")).toHaveTextContent(person.displayName);
  });

  it("goes back to the list", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.demoFill(20);
    await user.click(screen.getByTestId("nav-organisations"));
    await user.click(await screen.findByText("Müller GmbH"));
    expect(await screen.findByTestId("organisation-name")).toHaveTextContent("Müller GmbH");
    expect(screen.getByText("No people are linked to this organisation yet.")).toBeInTheDocument();
    await user.click(screen.getByTestId("organisation-back"));
    expect(await screen.findByTestId("organisations-total")).toHaveTextContent("3 organisations");
  });

  it("creates an organisation, checking the name and the KvK number", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await user.click(screen.getByTestId("nav-organisations"));
    expect(await screen.findByText("No organisations yet")).toBeInTheDocument();

    await user.click(screen.getByTestId("organisation-new"));
    const dialog = within(screen.getByTestId("organisation-dialog"));
    await user.click(dialog.getByTestId("org-form-submit"));
    expect(dialog.getByTestId("org-form-name-error")).toHaveTextContent("This field is required.");
    expect(fake.calls).not.toContain("organisation_create");

    await user.type(dialog.getByTestId("org-form-name"), "Acme Techniek B.V.");
    await user.type(dialog.getByTestId("org-form-kvk"), "1234");
    await user.click(dialog.getByTestId("org-form-submit"));
    expect(dialog.getByTestId("org-form-kvk-error")).toHaveTextContent("exactly 8 digits");
    expect(dialog.queryByTestId("org-form-name-error")).toBeNull();

    await user.clear(dialog.getByTestId("org-form-kvk"));
    await user.type(dialog.getByTestId("org-form-kvk"), "8765 4321");
    await user.type(dialog.getByTestId("org-form-industry"), "Installatie");
    await user.click(dialog.getByTestId("org-form-submit"));

    await waitFor(() => expect(screen.queryByTestId("organisation-dialog")).toBeNull());
    const created = fake.organisations.find((o) => o.name === "Acme Techniek B.V.")!;
    expect(created).toMatchObject({ kvk: "87654321", industry: "Installatie", vat: null, website: null });
    const row = await screen.findByTestId(`organisation-row-${created.id}`);
    expect(row).toHaveTextContent("Acme Techniek B.V.");
    expect(row).toHaveTextContent("Installatie");
    expect(screen.getByTestId("organisations-total")).toHaveTextContent(/^1 organisation$/);
  });

  it("shows a field error the core returns", async () => {
    const fake = new FakeApi({ preset: "admin" });
    fake.organisationCreate = () =>
      Promise.reject({ code: "validation.invalid", message: "bad kvk", details: { field: "kvk", reason: "invalid_format" } });
    const { user } = await startApp({ api: fake });
    await user.click(screen.getByTestId("nav-organisations"));
    await user.click(await screen.findByTestId("organisation-new"));
    await user.type(screen.getByTestId("org-form-name"), "Acme");
    await user.type(screen.getByTestId("org-form-kvk"), "12345678");
    await user.click(screen.getByTestId("org-form-submit"));
    expect(await screen.findByTestId("org-form-kvk-error")).toHaveTextContent("exactly 8 digits");
    expect(screen.getByTestId("org-form-kvk")).toHaveAttribute("aria-invalid", "true");
  });

  it("pages through the list 100 at a time", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    for (let i = 0; i < 130; i++) {
      await fake.organisationCreate({ name: `Klant ${String(i).padStart(3, "0")}`, kvk: null, vat: null, website: null, industry: null, addresses: [] });
    }
    await user.click(screen.getByTestId("nav-organisations"));
    await waitFor(() => expect(screen.getAllByTestId(/^organisation-row-/)).toHaveLength(100));
    expect(screen.getByTestId("organisations-total")).toHaveTextContent("130 organisations");
    await user.click(screen.getByText("Show more"));
    await waitFor(() => expect(screen.getAllByTestId(/^organisation-row-/)).toHaveLength(130));
    expect(screen.getByTestId("organisations-total")).toHaveTextContent("130 organisations");
    expect(screen.queryByTestId("organisations-more")).toBeNull();
    expect(fake.calls.filter((c) => c === "organisations_list")).toHaveLength(2);
  });

  it("shows amounts to management, no New button without the right, and 'and N more' people", async () => {
    const fake = await fakeWithDemo(3, 400); // Fatima: management, no contact editing
    const { user } = await startApp({ api: fake, locale: "nl" });
    await user.click(screen.getByTestId("nav-organisations"));
    const id = orgId(fake, BAKKERIJ);
    const row = await screen.findByTestId(`organisation-row-${id}`);
    expect(screen.queryByTestId("organisation-new")).toBeNull();
    await user.click(row);

    const view = within(await screen.findByTestId("organisation-view"));
    const total = fake.people.filter((p) => p.organisationName === BAKKERIJ).length;
    expect(total).toBeGreaterThan(200);
    expect(view.getAllByTestId(/^organisation-person-/)).toHaveLength(200);
    expect(view.getByTestId("organisation-people-more")).toHaveTextContent(`en nog ${total - 200}`);

    const amounts = view.getAllByTestId(/^organisation-deal-amount-/);
    expect(amounts.length).toBeGreaterThan(0);
    for (const amount of amounts) {
      expect(amount).toHaveAttribute("data-redacted", "false");
      expect(amount.textContent).toMatch(/€\s?[1-9]/);
    }
  });

  it("edits an organisation's name and address, and keeps a timeline for it", async () => {
    const { fake, user } = await startApp({ preset: "admin", demo: 20 });
    await user.click(screen.getByTestId("nav-organisations"));
    await user.click(await screen.findByTestId(`organisation-row-${orgId(fake, BAKKERIJ)}`));
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
    expect(fake.calls).toContain("organisation_timeline_add");
  });
});
