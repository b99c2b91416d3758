// Privacy > Register and Minimisation against the real core: the register of processing
// activities (templates, purposes, archiving, the preview and exports), the fields kept without a
// purpose, and who sees any of it. The bridge answers the core's save dialog with save-1, save-2, ...
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { KluisApi, PurposeInput } from "$lib/api/types";
import { FIELD_CATALOGUE } from "$lib/screens/privacy/catalogue";
import { coreVault, renderApp } from "./core";
import { addUser, privacyVault, signInFirst, watched } from "./privacy-core";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

/** Opens the Privacy section, which starts at the overview, and then its Register tab. */
async function openPrivacy(user: User) {
  await user.click(await screen.findByTestId("nav-privacy"));
  expect(screen.getByTestId("privacy-tab-overview")).toHaveAttribute("aria-selected", "true");
  await user.click(screen.getByTestId("privacy-tab-register"));
  await waitFor(() => expect(screen.queryByRole("status", { name: /^(Loading|Laden)…$/ })).toBeNull());
}

/** Clicks a register button once the register has loaded (it is disabled while loading). */
async function clickLoaded(user: User, testid: string) {
  const button = await screen.findByTestId(testid);
  await waitFor(() => expect(button).toBeEnabled());
  await user.click(button);
}

async function openMinimisation(user: User) {
  await user.click(screen.getByTestId("privacy-tab-minimisation"));
  return screen.findByTestId("minimisation-table");
}

async function purposeNamed(api: KluisApi, name: string, archived = false) {
  const p = (await api.purposesList(archived)).find((x) => x.name === name);
  if (!p) throw new Error(`no purpose ${name}`);
  return p;
}

/** A complete purpose using the given fields. */
function input(name: string, fields: string[], dataCategories: string[] = ["contact"]): PurposeInput {
  return {
    name,
    description: "Test",
    lawfulBasis: "contract",
    balancingNote: null,
    marketing: false,
    dataCategories,
    fields,
    subjectCategories: ["Customers"],
    recipients: [],
    transfers: null,
    retention: "One year",
    securityMeasures: "Encrypted",
  };
}

describe("Privacy > Register for the privacy officer (real core)", { timeout: 30_000 }, () => {
  it("shows the section with its tabs and adopts the newsletter template", async () => {
    const { api } = await privacyVault(0);
    const { user } = await renderApp(api);
    await openPrivacy(user);
    expect(screen.getByTestId("page-title")).toHaveTextContent("Privacy");
    expect(screen.getByTestId("privacy-tab-register")).toHaveAttribute("aria-selected", "true");
    expect(screen.getByTestId("privacy-tab-minimisation")).toHaveTextContent("Minimisation");
    expect(screen.getByTestId("purposes-empty")).toHaveTextContent("No purposes recorded yet");

    await clickLoaded(user, "purpose-from-template");
    const picker = within(await screen.findByTestId("template-picker"));
    await picker.findByTestId("template-newsletter");
    for (const key of ["customer_service", "sales_follow_up", "newsletter", "invoicing", "personnel_administration"]) {
      expect(picker.getByTestId(`template-${key}`)).toBeEnabled();
    }
    expect(picker.getByTestId("template-adopt")).toBeDisabled();
    await user.click(picker.getByTestId("template-newsletter"));
    await user.click(picker.getByTestId("template-adopt"));
    await waitFor(() => expect(screen.queryByTestId("template-picker")).toBeNull());

    const adopted = await purposeNamed(api, "Newsletter");
    expect(adopted).toMatchObject({ template: "newsletter", lawfulBasis: "consent", marketing: true, archived: false });
    const card = await screen.findByTestId(`purpose-${adopted.id}`);
    expect(within(card).getByTestId("purpose-basis")).toHaveTextContent("Consent (Art. 6(1)(a))");
    expect(within(card).getByTestId("purpose-marketing-badge")).toHaveTextContent("Direct marketing");
    expect(card).toHaveTextContent("Customer data");
    expect(card).toHaveTextContent("Until consent is withdrawn");
    expect(screen.getByTestId("privacy-notice")).toHaveTextContent("“Newsletter” is in the register.");
    expect(screen.getByTestId("purposes-count")).toHaveTextContent("1 purpose in the register");

    // A template already in the register cannot be adopted twice.
    await clickLoaded(user, "purpose-from-template");
    const again = within(await screen.findByTestId("template-picker"));
    expect(await again.findByTestId("template-newsletter")).toBeDisabled();
    expect(again.getByTestId("template-invoicing")).toBeEnabled();
  });

  it("creates a legitimate-interests purpose, asking for the balancing note first", async () => {
    const { api } = await privacyVault(0);
    await api.purposeAdopt("newsletter", "en");
    const { api: seen, calls } = watched(api);
    const { user } = await renderApp(seen);
    await openPrivacy(user);
    await clickLoaded(user, "purpose-new");
    const editor = within(await screen.findByTestId("purpose-editor"));

    await user.click(editor.getByTestId("purpose-save"));
    expect(editor.getByTestId("purpose-name-error")).toHaveTextContent("This field is required.");
    expect(editor.getByTestId("purpose-lawfulBasis-error")).toHaveTextContent("Choose the lawful basis.");
    expect(editor.getByTestId("purpose-subjects-error")).toHaveTextContent("Name at least one category of data subjects.");
    expect(editor.queryByTestId("purpose-balancingNote")).toBeNull();

    await user.type(editor.getByTestId("purpose-name"), "newsletter");
    await user.type(editor.getByTestId("purpose-description"), "Asking customers how satisfied they are after a job.");
    await user.click(editor.getByTestId("purpose-basis-legitimate_interests"));
    // Ticking a field ticks its category along.
    await user.click(editor.getByTestId("purpose-field-person.email"));
    await user.click(editor.getByTestId("purpose-field-deal"));
    expect(editor.getByTestId("purpose-category-contact")).toBeChecked();
    expect(editor.getByTestId("purpose-category-sales")).toBeChecked();
    await user.type(editor.getByTestId("purpose-subjects"), "Customers{Enter}Contact persons at customers");
    await user.type(editor.getByTestId("purpose-recipients"), "Survey tool (processor)");
    await user.type(editor.getByTestId("purpose-retention"), "Six months after the survey.");
    await user.type(editor.getByTestId("purpose-security"), "Encrypted database; access by role.");
    await user.click(editor.getByTestId("purpose-save"));
    expect(editor.getByTestId("purpose-balancingNote-error")).toHaveTextContent("Legitimate interests needs a recorded balancing of interests.");
    expect(calls).not.toContain("purposeCreate");

    // The core refuses a name already in the register (case does not matter).
    await user.type(editor.getByTestId("purpose-balancingNote"), "Customers expect to be asked; one e-mail, no reminders.");
    await user.click(editor.getByTestId("purpose-save"));
    expect(await editor.findByTestId("purpose-name-error")).toHaveTextContent("Another purpose in the register already has this name.");
    expect(await api.purposesList(false)).toHaveLength(1);

    await user.clear(editor.getByTestId("purpose-name"));
    await user.type(editor.getByTestId("purpose-name"), "Customer satisfaction survey");
    await user.click(editor.getByTestId("purpose-save"));
    await waitFor(() => expect(screen.queryByTestId("purpose-editor")).toBeNull());

    const created = await purposeNamed(api, "Customer satisfaction survey");
    expect(created).toMatchObject({
      lawfulBasis: "legitimate_interests",
      balancingNote: "Customers expect to be asked; one e-mail, no reminders.",
      dataCategories: ["contact", "sales"],
      fields: ["person.email", "deal"],
      subjectCategories: ["Customers", "Contact persons at customers"],
      recipients: ["Survey tool (processor)"],
      transfers: null,
      template: null,
    });
    const card = await screen.findByTestId(`purpose-${created.id}`);
    expect(within(card).getByTestId("purpose-basis")).toHaveTextContent("Legitimate interests (Art. 6(1)(f))");
    expect(within(card).queryByTestId("purpose-marketing-badge")).toBeNull();
    expect(screen.getByTestId("purposes-count")).toHaveTextContent("2 purposes in the register");
  });

  it("edits a purpose, then archives it: it leaves the register but stays on record", async () => {
    const { api } = await privacyVault(0);
    const invoicing = await api.purposeAdopt("invoicing", "en");
    await api.purposeAdopt("customer_service", "en");
    const { user } = await renderApp(api);
    await openPrivacy(user);

    await user.click(await screen.findByTestId(`purpose-edit-${invoicing.id}`));
    const editor = within(await screen.findByTestId("purpose-editor"));
    expect(editor.getByTestId("purpose-name")).toHaveValue("Invoicing");
    expect(editor.getByTestId("purpose-basis-legal_obligation")).toBeChecked();
    expect(editor.getByTestId("purpose-field-organisation.vat")).toBeChecked();
    expect(editor.getByTestId("purpose-transfers-no")).toBeChecked();
    await user.clear(editor.getByTestId("purpose-retention"));
    await user.type(editor.getByTestId("purpose-retention"), "Seven years, then deleted.");
    await user.click(editor.getByTestId("purpose-field-organisation.vat"));
    await user.click(editor.getByTestId("purpose-transfers-yes"));
    await user.click(editor.getByTestId("purpose-save"));
    expect(editor.getByTestId("purpose-transfers-error")).toHaveTextContent("Say where the data goes and under which safeguards.");
    await user.type(editor.getByTestId("purpose-transfers"), "United States, standard contractual clauses");
    await user.click(editor.getByTestId("purpose-save"));
    await waitFor(() => expect(screen.queryByTestId("purpose-editor")).toBeNull());

    const edited = await purposeNamed(api, "Invoicing");
    expect(edited.retention).toBe("Seven years, then deleted.");
    expect(edited.fields).not.toContain("organisation.vat");
    expect(edited.transfers).toBe("United States, standard contractual clauses");
    expect(edited.balancingNote).toBeNull();
    expect(await screen.findByTestId("privacy-notice")).toHaveTextContent("Changes to “Invoicing” saved.");
    expect(screen.getByTestId(`purpose-${invoicing.id}`)).toHaveTextContent("Seven years, then deleted.");

    await user.click(screen.getByTestId(`purpose-archive-${invoicing.id}`));
    const confirm = within(await screen.findByTestId("confirm-dialog"));
    expect(confirm.getByText("Archive “Invoicing”?")).toBeInTheDocument();
    expect(confirm.getByText(/leaves the register/)).toBeInTheDocument();
    expect(confirm.getByText(/stays on record/)).toBeInTheDocument();
    await user.click(confirm.getByTestId("confirm-dialog-ok"));
    await waitFor(() => expect(screen.queryByTestId(`purpose-${invoicing.id}`)).toBeNull());
    expect((await purposeNamed(api, "Invoicing", true)).archived).toBe(true);
    expect((await api.purposesList(false)).map((p) => p.name)).toEqual(["Customer service"]);
    expect(screen.getByTestId("purposes-count")).toHaveTextContent("1 purpose in the register");

    await user.click(screen.getByTestId("purposes-show-archived"));
    const archived = await screen.findByTestId(`purpose-${invoicing.id}`);
    expect(within(archived).getByTestId("purpose-archived-badge")).toHaveTextContent("Archived");
    expect(within(archived).queryByTestId(`purpose-edit-${invoicing.id}`)).toBeNull();
    expect(screen.getByTestId("purposes-count")).toHaveTextContent("1 archived");
  });

  it("previews the register in the app and exports it as HTML or CSV", async () => {
    const { api } = await privacyVault(0);
    await api.purposeAdopt("customer_service", "en");
    const { api: seen, calls } = watched(api);
    const { user } = await renderApp(seen);
    await openPrivacy(user);

    await user.click(screen.getByTestId("register-preview"));
    const frame = await screen.findByTestId("register-preview-frame");
    expect(frame.tagName).toBe("IFRAME");
    expect(frame).toHaveAttribute("sandbox", "");
    await waitFor(() => expect(frame.getAttribute("srcdoc") ?? "").toContain("Customer service"));
    const doc = frame.getAttribute("srcdoc") ?? "";
    for (const text of ["Register of processing activities", "Van Dijk Installatietechniek", "Customer service", "Lawful basis", "Retention", "Security measures"]) {
      expect(doc).toContain(text);
    }
    expect(doc).not.toContain("<script");
    expect(calls).toContain("registerRender");
    await user.click(screen.getByTestId("register-preview-close"));
    await waitFor(() => expect(screen.queryByTestId("register-preview-dialog")).toBeNull());

    expect(screen.getByTestId("register-lang-en")).toHaveAttribute("aria-pressed", "true");
    await user.click(screen.getByTestId("register-lang-nl"));
    await user.click(screen.getByTestId("register-export-html"));
    expect(await screen.findByTestId("register-saved")).toHaveTextContent("Saved as save-1.");
    await user.click(screen.getByTestId("register-export-csv"));
    await waitFor(() => expect(screen.getByTestId("register-saved")).toHaveTextContent("Saved as save-2."));
    expect(calls.filter((c) => c === "registerExport")).toHaveLength(2);

    // What the Dutch CSV holds, as the core renders it.
    const csv = await api.registerRender("csv", "nl");
    expect(csv.split("\n")[0]).toContain("Verwerkingsgrondslag");
    expect(csv).toContain("Uitvoering van een overeenkomst (art. 6 lid 1 sub b)");
  });

  it("speaks Dutch: tabs, templates in Dutch and messages per field", async () => {
    const { api } = await privacyVault(0);
    const { user } = await renderApp(api, "nl");
    await openPrivacy(user);
    expect(screen.getByTestId("privacy-tab-register")).toHaveTextContent("Verwerkingsregister");
    expect(screen.getByTestId("privacy-tab-minimisation")).toHaveTextContent("Dataminimalisatie");

    await clickLoaded(user, "purpose-from-template");
    const picker = within(await screen.findByTestId("template-picker"));
    await user.click(await picker.findByTestId("template-newsletter"));
    await user.click(picker.getByTestId("template-adopt"));
    await waitFor(() => expect(screen.queryByTestId("template-picker")).toBeNull());
    const adopted = await purposeNamed(api, "Nieuwsbrief");
    expect(adopted.retention).toContain("Tot de toestemming wordt ingetrokken");
    expect(within(await screen.findByTestId(`purpose-${adopted.id}`)).getByTestId("purpose-basis")).toHaveTextContent("Toestemming (art. 6 lid 1 sub a)");
    expect(screen.getByTestId("register-lang-nl")).toHaveAttribute("aria-pressed", "true");

    await clickLoaded(user, "purpose-new");
    const editor = within(await screen.findByTestId("purpose-editor"));
    await user.click(editor.getByTestId("purpose-basis-legitimate_interests"));
    await user.click(editor.getByTestId("purpose-save"));
    expect(editor.getByTestId("purpose-name-error")).toHaveTextContent("Dit veld is verplicht.");
    expect(editor.getByTestId("purpose-balancingNote-error")).toHaveTextContent("Bij gerechtvaardigd belang hoort een vastgelegde belangenafweging.");
    expect(editor.getByTestId("purpose-dataCategories-error")).toHaveTextContent("Vink minstens één categorie persoonsgegevens aan.");
    expect(editor.getByText("Belangenafweging")).toBeInTheDocument();
    expect(editor.getByText("Categorieën betrokkenen")).toBeInTheDocument();
  });
});

describe("Privacy > Minimisation (real core)", { timeout: 30_000 }, () => {
  it("flags fields holding data without a purpose, and the count drops once a purpose covers them", async () => {
    const { api } = await privacyVault(0, (admin) => admin.demoFill(20).then(() => undefined));
    const { user } = await renderApp(api);
    await openPrivacy(user);
    await openMinimisation(user);

    // The UI's field catalogue is the core's, in the same order.
    const report = await api.minimisationReport();
    expect(report.fields.map((f) => [f.field, f.category])).toEqual(FIELD_CATALOGUE.map((f) => [f.field, f.category]));
    const before = report.withoutPurpose;
    expect(before).toBeGreaterThan(4);
    expect(screen.getByTestId("minimisation-count")).toHaveTextContent(`${before} fields hold data that no purpose uses`);
    const email = screen.getByTestId("minimisation-row-person.email");
    expect(email).toHaveAttribute("data-flagged", "true");
    expect(email).toHaveTextContent("E-mail address");
    expect(email).toHaveTextContent(String(report.fields.find((f) => f.field === "person.email")!.records));
    expect(email).toHaveTextContent("No purpose");
    expect(screen.getByTestId("minimisation-row-employee.absence_reason")).toHaveTextContent("Special category data");
    const empty = report.fields.find((f) => f.records === 0)!;
    expect(screen.getByTestId(`minimisation-row-${empty.field}`)).toHaveAttribute("data-flagged", "false");

    await user.click(screen.getByTestId("privacy-tab-register"));
    await clickLoaded(user, "purpose-from-template");
    const picker = within(await screen.findByTestId("template-picker"));
    await user.click(await picker.findByTestId("template-customer_service"));
    await user.click(picker.getByTestId("template-adopt"));
    await waitFor(() => expect(screen.queryByTestId("template-picker")).toBeNull());

    await openMinimisation(user);
    // The fields customer service uses that hold data are covered now.
    const service = await purposeNamed(api, "Customer service");
    const covered = report.fields.filter((f) => f.records > 0 && f.purposes.length === 0 && service.fields.includes(f.field)).length;
    expect(covered).toBeGreaterThanOrEqual(3);
    await waitFor(() => expect(screen.getByTestId("minimisation-count")).toHaveTextContent(`${before - covered} fields hold data that no purpose uses`));
    expect((await api.minimisationReport()).withoutPurpose).toBe(before - covered);
    const row = screen.getByTestId("minimisation-row-person.email");
    expect(row).toHaveAttribute("data-flagged", "false");
    expect(row).toHaveTextContent("Customer service");
  });

  it("says so when every field holding data has a purpose", async () => {
    const { api } = await privacyVault(0, (admin) => admin.demoFill(20).then(() => undefined));
    for (const key of ["customer_service", "sales_follow_up", "newsletter", "invoicing", "personnel_administration"]) {
      await api.purposeAdopt(key, "en");
    }
    // What the templates leave uncovered, as the core reports it, gets a purpose of its own.
    const left = (await api.minimisationReport()).fields.filter((f) => f.records > 0 && f.purposes.length === 0);
    expect(left.map((f) => f.field)).toContain("task");
    await api.purposeCreate(input("Follow-up tasks", left.map((f) => f.field), [...new Set(left.map((f) => f.category))]));
    const { user } = await renderApp(api);
    await openPrivacy(user);
    await openMinimisation(user);
    expect(screen.getByTestId("minimisation-covered")).toHaveTextContent("Every field holding data has a purpose");
    expect(screen.queryByTestId("minimisation-count")).toBeNull();
    expect(screen.getByTestId("minimisation-row-task")).toHaveTextContent("Follow-up tasks");
  });
});

describe("Privacy for others (real core)", { timeout: 30_000 }, () => {
  it("an ordinary user sees no Privacy section and the core refuses the register", async () => {
    const vault = await coreVault("seeded");
    await vault.signInAs("user");
    const { api, calls } = watched(vault.api);
    const { user } = await renderApp(api);
    expect(screen.getByTestId("nav-contacts")).toBeInTheDocument();
    expect(screen.queryByTestId("nav-privacy")).toBeNull();

    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("palette-input"), "priv");
    expect(screen.queryByTestId("palette-go-privacy")).toBeNull();

    expect(calls).not.toContain("purposesList");
    await expect(vault.api.purposesList(false)).rejects.toMatchObject({ code: "access.denied" });
    await expect(vault.api.minimisationReport()).rejects.toMatchObject({ code: "access.denied" });
    await expect(vault.api.registerExport("html", "en")).rejects.toMatchObject({ code: "access.denied" });
  });

  it("a role that may only view the register sees it without the controls to change it", async () => {
    const { api } = await privacyVault(0, async (admin) => {
      const role = await admin.roleCreate({ name: "Privacy reader", grants: [{ category: "privacy", action: "view" }] });
      await addUser(admin, "jan", "Jan Jansen", ["user", role.key]);
    });
    const support = await api.purposeCreate(input("Support desk", ["person.name"]));
    await signInFirst(api, "jan");
    const { user } = await renderApp(api);

    await user.click(await screen.findByTestId("nav-privacy"));
    await user.click(screen.getByTestId("privacy-tab-register"));
    const card = await screen.findByTestId(`purpose-${support.id}`);
    expect(card).toHaveTextContent("Support desk");
    for (const id of ["purpose-new", "purpose-from-template", `purpose-edit-${support.id}`, `purpose-archive-${support.id}`]) {
      expect(screen.queryByTestId(id), id).toBeNull();
    }
    // Viewing allows the preview; writing a file takes the export grant.
    expect(screen.getByTestId("register-preview")).toBeInTheDocument();
    expect(screen.queryByTestId("register-export-html")).toBeNull();
    await expect(api.registerExport("html", "en")).rejects.toMatchObject({ code: "access.denied" });
    await expect(api.purposeCreate(input("Mine", ["person.name"]))).rejects.toMatchObject({ code: "access.denied" });
  });
});
