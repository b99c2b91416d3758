// Retention periods (Art. 5(1)(e)): adopting a template and adjusting it, the core's checks on
// the fields, pausing a rule, the preview of the next 30 days as the fake's clock moves, a dry run
// that changes nothing and a real run that erases exactly what has expired, the history, the
// read-only view, and both languages; driven through the UI against the in-memory fake.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FakeApi } from "$lib/api/fake";
import type { Person, RuleInput } from "$lib/api/types";
import { setLocale } from "$lib/i18n/index.svelte";
import { startApp, stepJob } from "./helpers";

type User = Awaited<ReturnType<typeof startApp>>["user"];

/** The people below are made at T0 (and one a year later); 24 months on, two of them expire. */
const T0 = Date.UTC(2026, 0, 10, 9);
const at = (year: number, month: number, day: number) => Date.UTC(year, month - 1, day, 9);

const PROSPECTS: RuleInput = { name: "Prospects: anonymise after 24 months", kind: "inactive_prospects", months: 24, action: "anonymise" };

async function openRetention(user: User) {
  if (!screen.queryByTestId("privacy-tab-retention")) await user.click(await screen.findByTestId("nav-privacy"));
  await user.click(screen.getByTestId("privacy-tab-retention"));
  return loaded();
}

async function loaded() {
  const tab = await screen.findByTestId("retention-tab");
  await waitFor(() => expect(tab.querySelector(".loading")).toBeNull());
  return tab;
}

/** Leaves the tab and comes back: the preview is judged again by the core at its clock. */
async function reopenRetention(user: User) {
  await user.click(screen.getByTestId("privacy-tab-breaches"));
  await screen.findByTestId("breaches-page");
  return openRetention(user);
}

function person(fake: FakeApi, givenName: string, familyName: string): Promise<Person> {
  return fake.personCreate({
    givenName, tussenvoegsel: "", familyName, salutation: null, dateOfBirth: null, organisationId: null, jobTitle: null,
    preferredLanguage: null, source: null, ownerId: null, notes: null, emails: [], phones: [], addresses: [], tags: [],
  });
}

/** Two people at T0, one restricted (kept), and one a year later; the clock then stands still at T0 + 12 months. */
async function seedPeople(fake: FakeApi) {
  fake.setClock(T0);
  const anna = await person(fake, "Anna", "Jansen");
  const piet = await person(fake, "Piet", "Bakker");
  const kept = await person(fake, "Kees", "Visser");
  await fake.restrictionAdd({ personId: kept.id, ground: "accuracy_contested", note: null });
  fake.setClock(at(2027, 1, 10));
  const later = await person(fake, "Lotte", "de Boer");
  return { anna, piet, kept, later };
}

function rows(tab: HTMLElement, testid: string) {
  return within(tab).queryAllByTestId(testid);
}

describe("Privacy > Retention", () => {
  it("adopts a template with an adjusted period", async () => {
    const { fake, user } = await startApp({ preset: "privacy" });
    const tab = await openRetention(user);
    expect(screen.getAllByRole("tab").map((t) => t.textContent?.trim()).slice(2, 5)).toEqual(["Breaches", "Retention", "Register"]);
    expect(within(tab).getByTestId("retention-empty")).toHaveTextContent("Nothing is deleted or anonymised automatically until you adopt a rule.");

    await user.click(within(tab).getByTestId("retention-add"));
    const choice = await within(tab).findByTestId("retention-template-inactive_prospects");
    await waitFor(() => expect(choice).toHaveFocus());
    for (const key of ["former_customers", "invoices", "personnel_files", "custom"]) {
      expect(within(tab).getByTestId(`retention-template-${key}`)).toBeInTheDocument();
    }
    expect(within(tab).getByTestId("retention-template-invoices")).toHaveTextContent("Invoices: fiscal retention (Art. 52 AWR)");
    expect(within(tab).getByTestId("retention-template-invoices")).toHaveTextContent("after 84 months");

    await user.click(choice);
    const dialog = within(await screen.findByTestId("retention-rule-dialog"));
    expect(dialog.getByTestId("retention-field-name")).toHaveValue("Prospects without activity");
    expect(dialog.getByTestId("retention-field-kind-fixed")).toHaveTextContent("Prospects without deals");
    expect(dialog.queryByTestId("retention-field-kind")).toBeNull();
    expect(dialog.getByTestId("retention-field-months")).toHaveValue(24);
    expect(dialog.getByTestId("retention-field-action")).toHaveValue("anonymise");

    await user.clear(dialog.getByTestId("retention-field-name"));
    await user.type(dialog.getByTestId("retention-field-name"), "Prospects: anonymise after 36 months");
    await user.clear(dialog.getByTestId("retention-field-months"));
    await user.type(dialog.getByTestId("retention-field-months"), "36");
    await user.click(dialog.getByTestId("retention-rule-save"));
    await waitFor(() => expect(screen.queryByTestId("retention-rule-dialog")).toBeNull());

    expect(fake.retention.rules).toMatchObject([
      { template: "inactive_prospects", active: true, name: "Prospects: anonymise after 36 months", kind: "inactive_prospects", months: 36, action: "anonymise" },
    ]);
    expect(within(tab).getByTestId("retention-notice")).toHaveTextContent("Rule “Prospects: anonymise after 36 months” added.");
    const [row] = await within(tab).findAllByTestId("retention-rule");
    expect(row).toHaveAttribute("data-rule-id", String(fake.retention.rules[0]!.id));
    expect(within(row!).getByTestId("retention-rule-kind")).toHaveTextContent("Prospects without deals");
    expect(within(row!).getByTestId("retention-rule-period")).toHaveTextContent("after 36 months");
    expect(within(row!).getByTestId("retention-rule-action")).toHaveTextContent("Anonymise");
    expect(within(row!).queryByTestId("retention-rule-paused")).toBeNull();
    expect(within(tab).queryByTestId("retention-empty")).toBeNull();
    expect(within(tab).getByTestId("retention-preview")).toBeInTheDocument();
    expect(within(tab).getByTestId("retention-history-empty")).toHaveTextContent("No runs yet.");
  });

  it("shows the core's refusal on the field, and offers only deletion for personnel files", async () => {
    const { fake, user } = await startApp({ preset: "privacy" });
    const tab = await openRetention(user);
    await user.click(within(tab).getByTestId("retention-add"));
    await user.click(await within(tab).findByTestId("retention-template-custom"));
    const dialog = within(await screen.findByTestId("retention-rule-dialog"));

    await user.click(dialog.getByTestId("retention-rule-save"));
    expect(await dialog.findByTestId("retention-field-name-error")).toHaveTextContent("This field is required.");
    expect(fake.calls).not.toContain("retention_add");

    await user.type(dialog.getByTestId("retention-field-name"), "Old personnel files");
    await user.selectOptions(dialog.getByTestId("retention-field-kind"), "former_employees");
    const action = dialog.getByTestId("retention-field-action");
    expect(action).toHaveValue("delete");
    expect(within(action).getAllByRole("option").map((o) => o.textContent)).toEqual(["Delete"]);
    expect(screen.getByTestId("retention-rule-dialog")).toHaveTextContent("Personnel files are deleted, never kept anonymised.");

    await fireEvent.input(dialog.getByTestId("retention-field-months"), { target: { value: "0" } });
    await user.click(dialog.getByTestId("retention-rule-save"));
    expect(await dialog.findByTestId("retention-field-months-error")).toHaveTextContent("Enter a whole number of months from 1 to 600.");
    expect(dialog.getByTestId("retention-field-months")).toHaveAttribute("aria-invalid", "true");
    expect(fake.calls).toContain("retention_add");
    expect(fake.retention.rules).toEqual([]);

    await fireEvent.input(dialog.getByTestId("retention-field-months"), { target: { value: "601" } });
    await user.click(dialog.getByTestId("retention-rule-save"));
    await waitFor(() => expect(fake.calls.filter((c) => c === "retention_add")).toHaveLength(2));
    expect(dialog.getByTestId("retention-field-months-error")).toBeInTheDocument();

    await fireEvent.input(dialog.getByTestId("retention-field-months"), { target: { value: "24" } });
    await user.click(dialog.getByTestId("retention-rule-save"));
    await waitFor(() => expect(screen.queryByTestId("retention-rule-dialog")).toBeNull());
    expect(fake.retention.rules).toMatchObject([{ template: null, kind: "former_employees", months: 24, action: "delete" }]);

    // The core's own checks, which the dialog never lets through.
    const invalid = (field: string) => ({ code: "validation.invalid", details: expect.objectContaining({ field }) });
    await expect(fake.retentionAdd({ ...PROSPECTS, kind: "former_employees" }, null)).rejects.toMatchObject(invalid("action"));
    await expect(fake.retentionAdd({ ...PROSPECTS, name: "x".repeat(201) }, null)).rejects.toMatchObject(invalid("name"));
    const id = fake.retention.rules[0]!.id;
    await expect(fake.retentionUpdate(id, { ...PROSPECTS, action: "delete" })).rejects.toMatchObject(invalid("kind"));
  });

  it("edits a rule and pauses and resumes it", async () => {
    const { fake, user } = await startApp({ preset: "privacy" });
    const rule = await fake.retentionAdd(PROSPECTS, "inactive_prospects");
    const tab = await openRetention(user);
    const row = () => within(tab).getByTestId("retention-rule");

    await user.click(within(row()).getByTestId("retention-rule-edit"));
    const dialog = within(await screen.findByTestId("retention-rule-dialog"));
    expect(dialog.getByTestId("retention-field-kind-fixed")).toHaveTextContent("Prospects without deals");
    await user.selectOptions(dialog.getByTestId("retention-field-action"), "delete");
    await user.click(dialog.getByTestId("retention-rule-save"));
    await waitFor(() => expect(screen.queryByTestId("retention-rule-dialog")).toBeNull());
    expect(fake.retention.rules[0]).toMatchObject({ id: rule.id, action: "delete", months: 24, template: "inactive_prospects" });
    await waitFor(() => expect(within(row()).getByTestId("retention-rule-action")).toHaveTextContent("Delete"));

    const pause = within(row()).getByTestId("retention-rule-pause");
    expect(pause).toHaveAccessibleName(`Pause ${PROSPECTS.name}`);
    await user.click(pause);
    await waitFor(() => expect(within(row()).getByTestId("retention-rule-paused")).toHaveTextContent("Paused"));
    expect(row()).toHaveAttribute("data-active", "false");
    expect(fake.retention.rules[0]!.active).toBe(false);
    expect(within(tab).getByTestId("retention-notice")).toHaveTextContent("paused: it does nothing until you resume it.");
    // A paused rule plans nothing.
    expect(within(tab).getByTestId("retention-preview-no-rules")).toBeInTheDocument();

    await user.click(within(row()).getByTestId("retention-rule-pause"));
    await waitFor(() => expect(row()).toHaveAttribute("data-active", "true"));
    expect(within(row()).getByTestId("retention-rule-pause")).toHaveTextContent("Pause");
    expect(within(row()).queryByTestId("retention-rule-paused")).toBeNull();
    expect(fake.retention.rules[0]!.active).toBe(true);
    expect(rows(tab, "retention-preview-rule")).toHaveLength(1);
  });

  it("counts what is due within 30 days and what is due now as the clock moves", async () => {
    const { fake, user } = await startApp({ preset: "privacy" });
    const { anna, piet, kept, later } = await seedPeople(fake);
    const rule = await fake.retentionAdd(PROSPECTS, "inactive_prospects");

    fake.setClock(at(2027, 12, 1));
    let tab = await openRetention(user);
    let [counts] = rows(tab, "retention-preview-rule");
    expect(counts).toHaveAttribute("data-rule-id", String(rule.id));
    expect(within(counts!).getByTestId("retention-preview-due-now")).toHaveTextContent("0");
    expect(within(counts!).getByTestId("retention-preview-due-soon")).toHaveTextContent("0");
    expect(within(tab).getByTestId("retention-preview-none")).toHaveTextContent("Nothing is due in the next 30 days.");

    // Ten days before their 24 months are up.
    fake.setClock(at(2027, 12, 31));
    tab = await reopenRetention(user);
    [counts] = rows(tab, "retention-preview-rule");
    expect(within(counts!).getByTestId("retention-preview-due-now")).toHaveTextContent("0");
    expect(within(counts!).getByTestId("retention-preview-due-soon")).toHaveTextContent("2");
    const items = rows(tab, "retention-preview-item");
    expect(items.map((i) => i.getAttribute("data-target-id"))).toEqual([String(anna.id), String(piet.id)]);
    expect(items[0]).toHaveTextContent("Jan 10, 2028");
    expect(items[0]).toHaveTextContent("Anonymise");
    expect(items[0]).toHaveTextContent("Person");
    expect(within(items[0]!).getByRole("button", { name: "Open the file of Anna Jansen" })).toBeInTheDocument();
    expect(items.some((i) => i.getAttribute("data-target-id") === String(kept.id))).toBe(false);

    fake.setClock(at(2028, 1, 11));
    tab = await reopenRetention(user);
    [counts] = rows(tab, "retention-preview-rule");
    expect(within(counts!).getByTestId("retention-preview-due-now")).toHaveTextContent("2");
    expect(within(counts!).getByTestId("retention-preview-due-soon")).toHaveTextContent("0");
    expect(rows(tab, "retention-preview-item").map((i) => i.getAttribute("data-target-id"))).not.toContain(String(later.id));
    expect(within(tab).queryByTestId("retention-preview-capped")).toBeNull();

    // The person's link opens their file.
    await user.click(within(rows(tab, "retention-preview-item")[0]!).getByRole("button", { name: "Open the file of Anna Jansen" }));
    await waitFor(() => expect(fake.calls).toContain("person_view"));
  });

  it("changes nothing in a dry run, then erases exactly the expired people and records both runs", async () => {
    const { fake, user } = await startApp({ preset: "privacy" });
    const { anna, piet, kept, later } = await seedPeople(fake);
    const rule = await fake.retentionAdd(PROSPECTS, "inactive_prospects");
    fake.setClock(at(2028, 1, 11));
    const tab = await openRetention(user);
    const everyone = [anna.id, piet.id, kept.id, later.id].sort((a, b) => a - b);

    await user.click(within(tab).getByTestId("retention-run-now"));
    let dialog = within(await screen.findByTestId("retention-run-dialog"));
    const [due] = await dialog.findAllByTestId("retention-run-rule");
    expect(due).toHaveAttribute("data-rule-id", String(rule.id));
    expect(due).toHaveTextContent("2");
    expect(dialog.getByTestId("retention-run-warning")).toHaveTextContent("This cannot be undone.");
    await user.click(dialog.getByTestId("retention-dry-run"));
    expect(dialog.queryByTestId("retention-run-warning")).toBeNull();
    expect(dialog.getByTestId("retention-run-confirm")).toHaveTextContent("Start dry run");
    await user.click(dialog.getByTestId("retention-run-confirm"));
    await waitFor(() => expect(screen.queryByTestId("retention-run-dialog")).toBeNull());

    expect(within(tab).getByTestId("retention-notice")).toHaveTextContent("Dry run complete. Items that would be deleted or anonymised: 2. Nothing was changed.");
    expect(fake.people.map((p) => p.id).sort((a, b) => a - b)).toEqual(everyone);
    expect(fake.erasures).toEqual([]);
    let history = await within(tab).findAllByTestId("retention-run-row");
    expect(history).toHaveLength(1);
    expect(history[0]).toHaveAttribute("data-dry-run", "true");
    expect(history[0]).toHaveTextContent("Manual");
    expect(history[0]).toHaveTextContent("Dry run");
    expect(within(history[0]!).getByTestId("retention-run-total")).toHaveTextContent("2");

    await user.click(within(tab).getByTestId("retention-run-now"));
    dialog = within(await screen.findByTestId("retention-run-dialog"));
    await dialog.findAllByTestId("retention-run-rule");
    expect(dialog.getByTestId("retention-dry-run")).not.toBeChecked();
    expect(dialog.getByTestId("retention-run-confirm")).toHaveTextContent("Delete and anonymise now");
    await user.click(dialog.getByTestId("retention-run-confirm"));
    await waitFor(() => expect(screen.queryByTestId("retention-run-dialog")).toBeNull());

    expect(within(tab).getByTestId("retention-notice")).toHaveTextContent("Run complete. Items deleted or anonymised: 2.");
    expect(fake.people.map((p) => p.id).sort((a, b) => a - b)).toEqual([kept.id, later.id].sort((a, b) => a - b));
    expect(fake.erasures).toMatchObject([
      { subjectRef: anna.id, requestId: null, mode: "anonymise" },
      { subjectRef: piet.id, requestId: null, mode: "anonymise" },
    ]);
    expect(fake.anonymisedCount).toBe(2);
    await waitFor(() => expect(within(tab).getAllByTestId("retention-run-row")).toHaveLength(2));
    history = within(tab).getAllByTestId("retention-run-row");
    expect(history[0]).toHaveAttribute("data-dry-run", "false");
    expect(history[0]).toHaveTextContent("Applied");
    expect(history[0]).toHaveTextContent(PROSPECTS.name);
    expect(within(history[0]!).getByTestId("retention-run-total")).toHaveTextContent("2");
    expect(history[1]).toHaveAttribute("data-dry-run", "true");
    // Nothing is left to do.
    expect(within(within(tab).getByTestId("retention-preview-rule")).getByTestId("retention-preview-due-now")).toHaveTextContent("0");
  });

  it("runs by itself at sign-in once a day, and plans former customers, invoices and personnel files", async () => {
    const fake = new FakeApi({ preset: "privacy" });
    fake.setClock(T0);
    const customer = await person(fake, "Sem", "Smit");
    const won = await fake.dealCreate({ title: "Offerte Smit", stageId: 4, personId: customer.id, organisationId: null, amountCents: null, currency: null, probability: null, expectedClose: null });
    const files = await fake.retentionAdd({ name: "Personnel files", kind: "former_employees", months: 24, action: "delete" }, "personnel_files");
    await fake.retentionAdd({ name: "Former customers", kind: "former_customers", months: 24, action: "delete" }, "former_customers");
    await fake.retentionAdd({ name: "Invoices", kind: "closed_deals", months: 84, action: "anonymise" }, "invoices");

    // Ilse Smit left on 2026-06-30; the customer's deal was won at T0.
    fake.setClock(at(2028, 7, 1));
    const preview = await fake.retentionPreview();
    expect(preview.items).toMatchObject([
      { target: "person", targetId: customer.id, action: "delete", dueOn: "2028-01-10", label: "Sem Smit" },
      { ruleId: files.id, target: "employee", targetId: 9004, action: "delete", dueOn: "2028-06-30", label: "Ilse Smit" },
    ]);
    expect(preview.rules.map((r) => [r.dueNow, r.dueSoon])).toEqual([[1, 0], [1, 0], [0, 0]]);

    await fake.signOut();
    await fake.signIn("sanne", "correct horse battery staple");
    expect(fake.retention.runs).toMatchObject([{ trigger: "unlock", dryRun: false, counts: [{ count: 1 }, { count: 1 }, { count: 0 }] }]);
    expect(fake.staff.some((r) => r.employee.id === 9004)).toBe(false);
    expect(fake.people.some((p) => p.id === customer.id)).toBe(false);
    // The deal stays for the fiscal retention, without its person.
    expect(fake.deals.find((d) => d.id === won.id)).toMatchObject({ personId: null, title: "[geanonimiseerd]" });
    await fake.signIn("sanne", "correct horse battery staple");
    await fake.sessionTouch();
    expect(fake.retention.runs).toHaveLength(1);
    fake.advanceClock(24);
    await fake.sessionTouch();
    expect(fake.retention.runs.map((r) => r.trigger)).toEqual(["unlock", "daily"]);

    // Seven years after it closed, the deal already anonymised with its person is not planned again.
    fake.setClock(at(2033, 1, 11));
    expect((await fake.retentionPreview()).items).toEqual([]);
  });

  it("seeds a demo for the browser preview that the engine leaves alone today", async () => {
    const fake = new FakeApi({ preset: "privacy" });
    fake.setClock(at(2026, 11, 27));
    await fake.seedRetentionDemo("en");
    const preview = await fake.retentionPreview();
    expect(preview.rules.map((r) => [r.kind, r.dueNow, r.dueSoon])).toEqual([
      ["inactive_prospects", 0, 2],
      ["former_employees", 0, 0],
      ["former_customers", 1, 0],
    ]);
    expect(fake.runRetentionIfDue("daily")).toBeNull();
    expect((await fake.retentionHistory()).map((r) => r.trigger)).toEqual(["unlock", "daily"]);
    await fake.seedRetentionDemo("en");
    expect(fake.retention.rules).toHaveLength(3);
  });

  it("shows a viewer without privacy.manage the rules, preview and history without any buttons", async () => {
    const fake = new FakeApi({ preset: "privacy" });
    await fake.retentionAdd(PROSPECTS, "inactive_prospects");
    await fake.retentionRun(true);
    fake.roles.push({
      key: "custom_reader",
      name: "Privacy reader",
      builtin: false,
      holders: 0,
      grants: [
        { category: "privacy", action: "view" },
        { category: "contact", action: "view" },
      ],
    });
    fake.users.find((u) => u.id === 4)!.roles = ["custom_reader"];
    const { user } = await startApp({ api: fake });
    const tab = await openRetention(user);
    expect(rows(tab, "retention-rule")).toHaveLength(1);
    expect(within(tab).getByTestId("retention-read-only")).toBeInTheDocument();
    expect(within(tab).getByTestId("retention-preview")).toBeInTheDocument();
    expect(rows(tab, "retention-run-row")).toHaveLength(1);
    for (const testid of ["retention-add", "retention-run-now", "retention-rule-edit", "retention-rule-pause", "retention-template-custom"]) {
      expect(within(tab).queryByTestId(testid)).toBeNull();
    }
    await expect(fake.retentionRun(false)).rejects.toMatchObject({ code: "access.denied" });
    await expect(fake.retentionSetActive(fake.retention.rules[0]!.id, false)).rejects.toMatchObject({ code: "access.denied" });
  });

  it("refuses everything to those without privacy.view", async () => {
    const fake = new FakeApi({ preset: "user" });
    await expect(fake.retentionRules()).rejects.toMatchObject({ code: "access.denied" });
    await expect(fake.retentionPreview()).rejects.toMatchObject({ code: "access.denied" });
    await expect(fake.retentionHistory()).rejects.toMatchObject({ code: "access.denied" });
    await expect(fake.retentionTemplates("nl")).rejects.toMatchObject({ code: "access.denied" });
  });

  it("speaks Dutch, with templates named by the core, and follows a switch to English", async () => {
    const { fake, user } = await startApp({ preset: "privacy", locale: "nl" });
    await user.click(await screen.findByTestId("nav-privacy"));
    expect(screen.getByTestId("privacy-tab-retention")).toHaveTextContent("Bewaartermijnen");
    await user.click(screen.getByTestId("privacy-tab-retention"));
    const tab = await loaded();
    expect(within(tab).getByTestId("retention-empty")).toHaveTextContent("Nog geen bewaartermijnen");
    const choice = await within(tab).findByTestId("retention-template-personnel_files");
    expect(choice).toHaveTextContent("Personeelsdossiers van oud-medewerkers");
    expect(choice).toHaveTextContent("na 24 maanden");
    expect(choice).toHaveTextContent("Verwijderen");

    await user.click(within(tab).getByTestId("retention-template-inactive_prospects"));
    const dialog = within(await screen.findByTestId("retention-rule-dialog"));
    expect(dialog.getByTestId("retention-field-name")).toHaveValue("Prospects zonder activiteit");
    expect(dialog.getByTestId("retention-field-action")).toHaveDisplayValue("Anonimiseren");
    await user.click(dialog.getByTestId("retention-rule-save"));
    await waitFor(() => expect(screen.queryByTestId("retention-rule-dialog")).toBeNull());
    const row = await within(tab).findByTestId("retention-rule");
    expect(row).toHaveTextContent("Prospects zonder deals");
    expect(row).toHaveTextContent("na 24 maanden");
    expect(row).toHaveTextContent("Anonimiseren");
    expect(within(row).getByTestId("retention-rule-pause")).toHaveTextContent("Pauzeren");
    expect(within(tab).getByTestId("retention-notice")).toHaveTextContent("Regel ‘Prospects zonder activiteit’ toegevoegd.");
    expect(fake.retention.rules[0]!.name).toBe("Prospects zonder activiteit");

    await user.click(within(tab).getByTestId("retention-run-now"));
    const run = within(await screen.findByTestId("retention-run-dialog"));
    await run.findAllByTestId("retention-run-rule");
    expect(run.getByTestId("retention-run-warning")).toHaveTextContent("Dit kan niet ongedaan worden gemaakt.");
    await user.click(run.getByTestId("retention-dry-run"));
    await user.click(run.getByTestId("retention-run-confirm"));
    await waitFor(() => expect(screen.queryByTestId("retention-run-dialog")).toBeNull());
    expect(within(tab).getByTestId("retention-notice")).toHaveTextContent("Proefrun voltooid.");
    const [history] = await within(tab).findAllByTestId("retention-run-row");
    expect(history).toHaveTextContent("Handmatig");
    expect(history).toHaveTextContent("Proefrun");

    // The notice, the rules and the history follow the language; the rule's name is the user's own.
    setLocale("en", false);
    await waitFor(() => expect(within(tab).getByTestId("retention-notice")).toHaveTextContent("Dry run complete."));
    expect(screen.getByTestId("privacy-tab-retention")).toHaveTextContent("Retention");
    expect(within(tab).getByTestId("retention-rule")).toHaveTextContent("after 24 months");
    expect(within(tab).getByTestId("retention-run-row")).toHaveTextContent("Manual");
  });

  it("moves between the privacy tabs with the keyboard", async () => {
    const { user } = await startApp({ preset: "privacy" });
    await user.click(await screen.findByTestId("nav-privacy"));
    await user.click(screen.getByTestId("privacy-tab-breaches"));
    await user.keyboard("{ArrowRight}");
    expect(screen.getByTestId("privacy-tab-retention")).toHaveFocus();
    expect(screen.getByTestId("privacy-tab-retention")).toHaveAttribute("aria-selected", "true");
    await loaded();
    expect(screen.getByRole("tabpanel")).toHaveAttribute("id", "privacy-panel-retention");
    await user.keyboard("{End}");
    expect(screen.getByTestId("privacy-tab-minimisation")).toHaveFocus();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByTestId("privacy-tab-overview")).toHaveFocus();
    await user.keyboard("{ArrowLeft}");
    expect(screen.getByTestId("privacy-tab-minimisation")).toHaveFocus();
    await user.keyboard("{Home}");
    expect(screen.getByTestId("privacy-tab-overview")).toHaveAttribute("aria-selected", "true");
  });
  it("links a rule to the purpose whose period it carries out, and the register shows it", async () => {
    const { fake, user } = await startApp({ preset: "privacy" });
    const invoicing = await fake.purposeAdopt("invoicing", "en");
    const tab = await openRetention(user);
    await user.click(within(tab).getByTestId("retention-add"));
    await user.click(await within(tab).findByTestId("retention-template-invoices"));
    const dialog = within(await screen.findByTestId("retention-rule-dialog"));
    await waitFor(() => expect(dialog.getByRole("option", { name: invoicing.name })).toBeTruthy());
    await user.selectOptions(dialog.getByTestId("retention-field-purpose"), String(invoicing.id));
    await user.click(dialog.getByTestId("retention-rule-save"));
    await waitFor(() => expect(screen.queryByTestId("retention-rule-dialog")).toBeNull());
    expect(await screen.findByTestId("retention-rule-purpose")).toHaveTextContent(`For: ${invoicing.name}`);
    expect(fake.retention.rules[0]!.purposeId).toBe(invoicing.id);

    await user.click(screen.getByTestId("privacy-tab-register"));
    expect(await screen.findByTestId("purpose-retention-rules")).toHaveTextContent("Applied by the retention rule: Invoices: fiscal retention (Art. 52 AWR)");
  });
});

describe("Privacy > Retention: progress and cancelling a run", () => {
  /** The run dialog over the seeded people, with two prospects due now; the fake holds the job. */
  async function openRunDialog(locale: "en" | "nl" = "en") {
    const { fake, user } = await startApp({ preset: "privacy", locale });
    const seeded = await seedPeople(fake);
    await fake.retentionAdd(PROSPECTS, "inactive_prospects");
    fake.setClock(at(2028, 1, 11));
    const tab = await openRetention(user);
    await user.click(within(tab).getByTestId("retention-run-now"));
    const dialog = within(await screen.findByTestId("retention-run-dialog"));
    await dialog.findAllByTestId("retention-run-rule");
    fake.jobs.hold = true;
    return { fake, user, tab, dialog, seeded };
  }

  it("a run cancelled half-way erases nobody and is not recorded", async () => {
    const { fake, user, tab, dialog, seeded } = await openRunDialog();
    const everyone = Object.values(seeded).map((p) => p.id).sort((a, b) => a - b);
    await user.click(dialog.getByTestId("retention-run-confirm"));

    const progress = await dialog.findByTestId("retention-run-progress");
    const bar = within(progress).getByRole("progressbar");
    await waitFor(() => expect(within(progress).getByTestId("retention-run-progress-phase")).toHaveTextContent("Applying the retention rules…"));
    expect(bar).toHaveAttribute("aria-valuenow", "0");
    await stepJob(fake);
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "50"));
    expect(within(progress).getByTestId("retention-run-progress-percent")).toHaveTextContent("50%");
    expect(dialog.getByTestId("retention-run-confirm")).toBeDisabled();

    await user.click(within(progress).getByTestId("retention-run-progress-cancel"));
    expect(await dialog.findByTestId("retention-run-cancelled")).toHaveTextContent("Cancelled. Nothing was changed.");
    expect(dialog.queryByTestId("retention-run-progress")).toBeNull();
    expect(dialog.queryByTestId("retention-run-error")).toBeNull();
    // Nobody was erased or anonymised, and no run was recorded.
    expect(fake.people.map((p) => p.id).sort((a, b) => a - b)).toEqual(everyone);
    expect(fake.erasures).toEqual([]);
    expect(fake.anonymisedCount).toBe(0);
    expect(fake.retention.runs).toEqual([]);

    await user.click(dialog.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("retention-run-dialog")).toBeNull());
    expect(within(tab).queryByTestId("retention-notice")).toBeNull();
    expect(rows(tab, "retention-run-row")).toHaveLength(0);
    expect(within(within(tab).getByTestId("retention-preview-rule")).getByTestId("retention-preview-due-now")).toHaveTextContent("2");
  });

  it("a dry run shows its progress in Dutch, then its result", async () => {
    const { fake, user, tab, dialog } = await openRunDialog("nl");
    await user.click(dialog.getByTestId("retention-dry-run"));
    await user.click(dialog.getByTestId("retention-run-confirm"));

    const progress = await dialog.findByTestId("retention-run-progress");
    await waitFor(() => expect(within(progress).getByTestId("retention-run-progress-phase")).toHaveTextContent("Bewaarregels toepassen…"));
    expect(progress).toHaveTextContent("Annuleren is veilig: er verandert niets tot de taak klaar is.");
    expect(within(progress).getByTestId("retention-run-progress-cancel")).toHaveTextContent("Annuleren");

    fake.jobs.hold = false;
    fake.jobs.release();
    await waitFor(() => expect(screen.queryByTestId("retention-run-dialog")).toBeNull());
    expect(within(tab).getByTestId("retention-notice")).toHaveTextContent(
      "Proefrun voltooid. Items die verwijderd of geanonimiseerd zouden worden: 2. Er is niets gewijzigd.",
    );
    expect(fake.jobs.sent).toEqual([
      { phase: "retention", done: 0, total: 2 },
      { phase: "retention", done: 1, total: 2 },
      { phase: "retention", done: 2, total: 2 },
    ]);
    await waitFor(() => expect(rows(tab, "retention-run-row")).toHaveLength(1));
    expect(fake.retention.runs).toMatchObject([{ dryRun: true, trigger: "manual" }]);
  });
});
