// Retention periods (Art. 5(1)(e)) against the real core: adopting a template and adjusting it,
// the core's checks on the fields, pausing a rule, the preview of the next 30 days as the core's
// clock is moved on (by months), a dry run that changes nothing and a real run that erases exactly
// what has expired, the run at sign-in, the history, the read-only view, progress and cancelling,
// and both languages.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { KluisApi, Person, PersonQuery, RuleInput } from "$lib/api/types";
import { setLocale } from "$lib/i18n/index.svelte";
import { formatDate } from "$lib/screens/privacy/catalogue";
import { coreVault, personInput, renderApp, type CoreVault } from "./core";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

const DAY = 86_400_000;
const PROSPECTS: RuleInput = { name: "Prospects: anonymise after 24 months", kind: "inactive_prospects", months: 24, action: "anonymise" };

const everyone: PersonQuery = {
  sort: "family_name",
  descending: false,
  after: null,
  offset: null,
  limit: 1000,
  tag: null,
  ownerId: null,
  organisationId: null,
};

/** Days from `from` to the same moment `months` later (as the calendar counts months, in UTC). */
function daysOfMonths(from: Date, months: number): number {
  const to = new Date(from);
  to.setUTCMonth(to.getUTCMonth() + months);
  return Math.round((to.getTime() - from.getTime()) / DAY);
}

/** A seeded vault, the privacy officer signed in, with the core's clock counted from now. */
async function officerVault() {
  const vault = await coreVault("seeded");
  await vault.signInAs("privacy_officer");
  const start = new Date();
  let moved = 0;
  return {
    ...vault,
    start,
    /** Moves the core's clock to `days` after the start of the test. */
    async clockAt(days: number) {
      await vault.advanceClock(days - moved);
      moved = days;
    },
  };
}

type Officer = Awaited<ReturnType<typeof officerVault>>;

/**
 * The window on the vault, without its activity ping: with the clock moved by months, the first
 * ping of a "new day" would start the daily run on its own, in the middle of the test.
 */
function windowOn(api: KluisApi, locale: "en" | "nl" = "en") {
  return renderApp({ ...api, sessionTouch: async () => null }, locale);
}

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

/**
 * As the administrator (the seeded prospects removed): two people now, one restricted (kept),
 * and one a year later; the clock then stays a year on. The privacy officer is signed in again.
 */
async function seedPeople(vault: Officer) {
  await vault.signInAs("administrator");
  for (const p of (await vault.api.personsList(everyone)).rows.filter((r) => r.displayName.startsWith("Wegwerp"))) {
    await vault.api.personDelete(p.id);
  }
  const anna = await vault.api.personCreate(personInput("Anna", "Jansen"));
  const piet = await vault.api.personCreate(personInput("Piet", "Bakker"));
  const kept = await vault.api.personCreate(personInput("Kees", "Visser"));
  await vault.signInAs("privacy_officer");
  await vault.api.restrictionAdd({ personId: kept.id, ground: "accuracy_contested", note: null });
  await vault.clockAt(365);
  await vault.signInAs("administrator");
  const later = await vault.api.personCreate(personInput("Lotte", "de Boer"));
  await vault.signInAs("privacy_officer");
  return { anna, piet, kept, later };
}

async function ids(vault: CoreVault, people: Person[]) {
  const listed = new Set((await vault.api.personsList(everyone)).rows.map((p) => p.id));
  return people.filter((p) => listed.has(p.id)).map((p) => p.displayName);
}

function rows(tab: HTMLElement, testid: string) {
  return within(tab).queryAllByTestId(testid);
}

describe("Privacy > Retention (real core)", { timeout: 30_000 }, () => {
  it("adopts a template with an adjusted period", async () => {
    const vault = await officerVault();
    const { user } = await windowOn(vault.api);
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

    const rules = await vault.api.retentionRules();
    expect(rules).toMatchObject([
      { template: "inactive_prospects", active: true, name: "Prospects: anonymise after 36 months", kind: "inactive_prospects", months: 36, action: "anonymise" },
    ]);
    expect(within(tab).getByTestId("retention-notice")).toHaveTextContent("Rule “Prospects: anonymise after 36 months” added.");
    const [row] = await within(tab).findAllByTestId("retention-rule");
    expect(row).toHaveAttribute("data-rule-id", String(rules[0]!.id));
    expect(within(row!).getByTestId("retention-rule-kind")).toHaveTextContent("Prospects without deals");
    expect(within(row!).getByTestId("retention-rule-period")).toHaveTextContent("after 36 months");
    expect(within(row!).getByTestId("retention-rule-action")).toHaveTextContent("Anonymise");
    expect(within(row!).queryByTestId("retention-rule-paused")).toBeNull();
    expect(within(tab).queryByTestId("retention-empty")).toBeNull();
    expect(within(tab).getByTestId("retention-preview")).toBeInTheDocument();
    expect(within(tab).getByTestId("retention-history-empty")).toHaveTextContent("No runs yet.");
  });

  it("shows the core's refusal on the field, and offers only deletion for personnel files", async () => {
    const vault = await officerVault();
    let adds = 0;
    const { user } = await windowOn({ ...vault.api, retentionAdd: (input, template) => (adds++, vault.api.retentionAdd(input, template)) });
    const tab = await openRetention(user);
    await user.click(within(tab).getByTestId("retention-add"));
    await user.click(await within(tab).findByTestId("retention-template-custom"));
    const dialog = within(await screen.findByTestId("retention-rule-dialog"));

    await user.click(dialog.getByTestId("retention-rule-save"));
    expect(await dialog.findByTestId("retention-field-name-error")).toHaveTextContent("This field is required.");
    expect(adds).toBe(0);

    await user.type(dialog.getByTestId("retention-field-name"), "Old personnel files");
    await user.selectOptions(dialog.getByTestId("retention-field-kind"), "former_employees");
    const action = dialog.getByTestId("retention-field-action");
    expect(action).toHaveValue("delete");
    expect(within(action).getAllByRole("option").map((o) => o.textContent)).toEqual(["Delete"]);
    expect(screen.getByTestId("retention-rule-dialog")).toHaveTextContent("Personnel files are deleted, never kept anonymised.");

    // Refused by the core, on the field.
    await fireEvent.input(dialog.getByTestId("retention-field-months"), { target: { value: "0" } });
    await user.click(dialog.getByTestId("retention-rule-save"));
    expect(await dialog.findByTestId("retention-field-months-error")).toHaveTextContent("Enter a whole number of months from 1 to 600.");
    expect(dialog.getByTestId("retention-field-months")).toHaveAttribute("aria-invalid", "true");
    expect(adds).toBe(1);
    expect(await vault.api.retentionRules()).toEqual([]);

    await fireEvent.input(dialog.getByTestId("retention-field-months"), { target: { value: "601" } });
    await user.click(dialog.getByTestId("retention-rule-save"));
    await waitFor(() => expect(adds).toBe(2));
    await waitFor(() => expect(dialog.getByTestId("retention-field-months-error")).toBeInTheDocument());
    expect(await vault.api.retentionRules()).toEqual([]);

    await fireEvent.input(dialog.getByTestId("retention-field-months"), { target: { value: "24" } });
    await user.click(dialog.getByTestId("retention-rule-save"));
    await waitFor(() => expect(screen.queryByTestId("retention-rule-dialog")).toBeNull());
    expect(await vault.api.retentionRules()).toMatchObject([{ template: null, kind: "former_employees", months: 24, action: "delete" }]);

    // The core's own checks, which the dialog never lets through.
    const invalid = (field: string) => ({ code: "validation.invalid", details: expect.objectContaining({ field }) });
    await expect(vault.api.retentionAdd({ ...PROSPECTS, kind: "former_employees" }, null)).rejects.toMatchObject(invalid("action"));
    await expect(vault.api.retentionAdd({ ...PROSPECTS, name: "x".repeat(201) }, null)).rejects.toMatchObject(invalid("name"));
    const rule = (await vault.api.retentionRules())[0]!;
    await expect(vault.api.retentionUpdate(rule.id, rule.version, { ...PROSPECTS, action: "delete" })).rejects.toMatchObject(invalid("kind"));
  });

  it("edits a rule and pauses and resumes it", async () => {
    const vault = await officerVault();
    const rule = await vault.api.retentionAdd(PROSPECTS, "inactive_prospects");
    const { user } = await windowOn(vault.api);
    const tab = await openRetention(user);
    const row = () => within(tab).getByTestId("retention-rule");

    await user.click(within(row()).getByTestId("retention-rule-edit"));
    const dialog = within(await screen.findByTestId("retention-rule-dialog"));
    expect(dialog.getByTestId("retention-field-kind-fixed")).toHaveTextContent("Prospects without deals");
    await user.selectOptions(dialog.getByTestId("retention-field-action"), "delete");
    await user.click(dialog.getByTestId("retention-rule-save"));
    await waitFor(() => expect(screen.queryByTestId("retention-rule-dialog")).toBeNull());
    expect((await vault.api.retentionRules())[0]).toMatchObject({ id: rule.id, action: "delete", months: 24, template: "inactive_prospects" });
    await waitFor(() => expect(within(row()).getByTestId("retention-rule-action")).toHaveTextContent("Delete"));

    const pause = within(row()).getByTestId("retention-rule-pause");
    expect(pause).toHaveAccessibleName(`Pause ${PROSPECTS.name}`);
    await user.click(pause);
    await waitFor(() => expect(within(row()).getByTestId("retention-rule-paused")).toHaveTextContent("Paused"));
    expect(row()).toHaveAttribute("data-active", "false");
    expect((await vault.api.retentionRules())[0]!.active).toBe(false);
    expect(within(tab).getByTestId("retention-notice")).toHaveTextContent("paused: it does nothing until you resume it.");
    // A paused rule plans nothing.
    await waitFor(() => expect(within(tab).getByTestId("retention-preview-no-rules")).toBeInTheDocument());

    await user.click(within(row()).getByTestId("retention-rule-pause"));
    await waitFor(() => expect(row()).toHaveAttribute("data-active", "true"));
    expect(within(row()).getByTestId("retention-rule-pause")).toHaveTextContent("Pause");
    expect(within(row()).queryByTestId("retention-rule-paused")).toBeNull();
    expect((await vault.api.retentionRules())[0]!.active).toBe(true);
    await waitFor(() => expect(rows(tab, "retention-preview-rule")).toHaveLength(1));
  });

  it("counts what is due within 30 days and what is due now as the clock moves", async () => {
    const vault = await officerVault();
    const { anna, piet, kept, later } = await seedPeople(vault);
    const rule = await vault.api.retentionAdd(PROSPECTS, "inactive_prospects");
    const due = daysOfMonths(vault.start, 24);

    // Forty days before their 24 months are up: nothing in the next 30 days.
    await vault.clockAt(due - 40);
    const { user } = await windowOn(vault.api);
    let tab = await openRetention(user);
    let [counts] = rows(tab, "retention-preview-rule");
    expect(counts).toHaveAttribute("data-rule-id", String(rule.id));
    expect(within(counts!).getByTestId("retention-preview-due-now")).toHaveTextContent("0");
    expect(within(counts!).getByTestId("retention-preview-due-soon")).toHaveTextContent("0");
    expect(within(tab).getByTestId("retention-preview-none")).toHaveTextContent("Nothing is due in the next 30 days.");

    // Ten days before.
    await vault.clockAt(due - 10);
    tab = await reopenRetention(user);
    await waitFor(() => expect(within(rows(tab, "retention-preview-rule")[0]!).getByTestId("retention-preview-due-soon")).toHaveTextContent("2"));
    [counts] = rows(tab, "retention-preview-rule");
    expect(within(counts!).getByTestId("retention-preview-due-now")).toHaveTextContent("0");
    const items = rows(tab, "retention-preview-item");
    expect(items.map((i) => i.getAttribute("data-target-id"))).toEqual([String(anna.id), String(piet.id)]);
    const planned = (await vault.api.retentionPreview()).items;
    expect(planned.map((i) => i.targetId)).toEqual([anna.id, piet.id]);
    expect(items[0]).toHaveTextContent(formatDate(planned[0]!.dueOn));
    expect(items[0]).toHaveTextContent("Anonymise");
    expect(items[0]).toHaveTextContent("Person");
    expect(within(items[0]!).getByRole("button", { name: "Open the file of Anna Jansen" })).toBeInTheDocument();
    expect(items.some((i) => i.getAttribute("data-target-id") === String(kept.id))).toBe(false);

    // A day after.
    await vault.clockAt(due + 1);
    tab = await reopenRetention(user);
    await waitFor(() => expect(within(rows(tab, "retention-preview-rule")[0]!).getByTestId("retention-preview-due-now")).toHaveTextContent("2"));
    [counts] = rows(tab, "retention-preview-rule");
    expect(within(counts!).getByTestId("retention-preview-due-soon")).toHaveTextContent("0");
    expect(rows(tab, "retention-preview-item").map((i) => i.getAttribute("data-target-id"))).not.toContain(String(later.id));
    expect(within(tab).queryByTestId("retention-preview-capped")).toBeNull();

    // The person's link opens their file.
    await user.click(within(rows(tab, "retention-preview-item")[0]!).getByRole("button", { name: "Open the file of Anna Jansen" }));
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Anna Jansen");
  });

  it("changes nothing in a dry run, then erases exactly the expired people and records both runs", async () => {
    const vault = await officerVault();
    const people = await seedPeople(vault);
    const { anna, piet, kept, later } = people;
    const rule = await vault.api.retentionAdd(PROSPECTS, "inactive_prospects");
    await vault.clockAt(daysOfMonths(vault.start, 24) + 1);
    const { user } = await windowOn(vault.api);
    const tab = await openRetention(user);
    const all = [anna, piet, kept, later];
    const names = all.map((p) => p.displayName);

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
    expect(await ids(vault, all)).toEqual(names);
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
    // Anna and Piet are anonymised: neither is listed by name any more; the restricted Kees and
    // Lotte (not yet 24 months) stay.
    expect(await ids(vault, all)).toEqual([kept.displayName, later.displayName]);
    const listed = (await vault.api.personsList(everyone)).rows.map((p) => p.displayName);
    expect(listed).not.toContain("Anna Jansen");
    expect(listed).not.toContain("Piet Bakker");
    await waitFor(() => expect(within(tab).getAllByTestId("retention-run-row")).toHaveLength(2));
    history = within(tab).getAllByTestId("retention-run-row");
    expect(history[0]).toHaveAttribute("data-dry-run", "false");
    expect(history[0]).toHaveTextContent("Applied");
    expect(history[0]).toHaveTextContent(PROSPECTS.name);
    expect(within(history[0]!).getByTestId("retention-run-total")).toHaveTextContent("2");
    expect(history[1]).toHaveAttribute("data-dry-run", "true");
    // Nothing is left to do.
    await waitFor(() =>
      expect(within(within(tab).getByTestId("retention-preview-rule")).getByTestId("retention-preview-due-now")).toHaveTextContent("0"),
    );
  });

  it("runs by itself at sign-in once a day, and plans former customers, invoices and personnel files", async () => {
    const vault = await officerVault();
    // A customer whose deal is won now, and an employee who leaves today.
    await vault.signInAs("administrator");
    const customer = await vault.api.personCreate(personInput("Sem", "Smit"));
    const stages = (await vault.api.dealsBoard()).stages;
    const deal = await vault.api.dealCreate({
      title: "Offerte Smit",
      stageId: stages.find((s) => s.kind === "open")!.id,
      personId: customer.id,
      organisationId: null,
      amountCents: null,
      currency: null,
      probability: null,
      expectedClose: null,
    });
    await vault.api.dealMove(deal.id, deal.version, stages.find((s) => s.kind === "won")!.id, null);
    await vault.signInAs("hr");
    const today = new Date().toISOString().slice(0, 10);
    const ilse = await vault.api.employeeCreate({
      givenName: "Ilse",
      tussenvoegsel: "",
      familyName: "Smit",
      email: null,
      position: null,
      department: null,
      contractType: "permanent",
      hoursPerWeek: null,
      startDate: "2020-01-01",
      endDate: today,
      salaryCents: null,
      salaryCurrency: null,
      salaryPeriod: "month",
      notes: null,
    });
    await vault.signInAs("privacy_officer");
    const files = await vault.api.retentionAdd({ name: "Personnel files", kind: "former_employees", months: 24, action: "delete" }, "personnel_files");
    const customers = await vault.api.retentionAdd({ name: "Former customers", kind: "former_customers", months: 24, action: "delete" }, "former_customers");
    await vault.api.retentionAdd({ name: "Invoices", kind: "closed_deals", months: 84, action: "anonymise" }, "invoices");

    // Two years and a day on: the customer and the personnel file are due, the invoice is not.
    await vault.clockAt(daysOfMonths(vault.start, 24) + 1);
    const preview = await vault.api.retentionPreview();
    expect(preview.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: customers.id, target: "person", targetId: customer.id, action: "delete", label: "Sem Smit" }),
        expect.objectContaining({ ruleId: files.id, target: "employee", targetId: ilse.id, action: "delete", label: "Ilse Smit" }),
      ]),
    );
    expect(preview.items).toHaveLength(2);
    expect(preview.rules.map((r) => [r.name, r.dueNow, r.dueSoon])).toEqual(
      expect.arrayContaining([
        ["Personnel files", 1, 0],
        ["Former customers", 1, 0],
        ["Invoices", 0, 0],
      ]),
    );

    await vault.api.signOut();
    await vault.signInAs("privacy_officer");
    const [run] = await vault.api.retentionHistory();
    expect(run).toMatchObject({ trigger: "unlock", dryRun: false });
    expect(run!.counts.reduce((n, c) => n + c.count, 0)).toBe(2);
    expect((await vault.api.personsList(everyone)).rows.some((p) => p.id === customer.id)).toBe(false);
    await vault.signInAs("hr");
    await expect(vault.api.employeeView(ilse.id)).rejects.toMatchObject({ code: "record.not_found" });
    // The deal stays for the fiscal retention, without its person.
    await vault.signInAs("management");
    const kept = (await vault.api.dealsBoard()).deals.find((d) => d.id === deal.id);
    expect(kept).toMatchObject({ personId: null });

    // Signing in again the same day runs nothing; the next day's first activity does.
    await vault.signInAs("privacy_officer");
    await vault.api.sessionTouch();
    expect(await vault.api.retentionHistory()).toHaveLength(1);
    await vault.advanceClock(1);
    await vault.api.sessionTouch();
    expect((await vault.api.retentionHistory()).map((r) => r.trigger)).toEqual(["daily", "unlock"]);

    // Seven years after it closed, the deal already anonymised with its person is not planned again.
    await vault.clockAt(daysOfMonths(vault.start, 84) + 1);
    expect((await vault.api.retentionPreview()).items).toEqual([]);
  });

  // The deal form offers every stage, Won too, for a new deal; such a deal is closed when it is
  // made (it used to get no closing date, so its person was never planned).
  it("plans the customer of a deal entered as won straight away", async () => {
    const vault = await officerVault();
    await vault.signInAs("administrator");
    const customer = await vault.api.personCreate(personInput("Sem", "Smit"));
    const stages = (await vault.api.dealsBoard()).stages;
    await vault.api.dealCreate({
      title: "Offerte Smit",
      stageId: stages.find((s) => s.kind === "won")!.id,
      personId: customer.id,
      organisationId: null,
      amountCents: null,
      currency: null,
      probability: null,
      expectedClose: null,
    });
    await vault.signInAs("privacy_officer");
    const customers = await vault.api.retentionAdd({ name: "Former customers", kind: "former_customers", months: 24, action: "delete" }, "former_customers");
    await vault.clockAt(daysOfMonths(vault.start, 24) + 1);
    expect((await vault.api.retentionPreview()).items).toEqual([
      expect.objectContaining({ ruleId: customers.id, target: "person", targetId: customer.id }),
    ]);
  });

  it("shows a viewer without privacy.manage the rules, preview and history without any buttons", async () => {
    const vault = await officerVault();
    await vault.api.retentionAdd(PROSPECTS, "inactive_prospects");
    await vault.api.retentionRun(true);
    await vault.signInAs("administrator");
    const reader = await vault.api.roleCreate({
      name: "Privacy reader",
      grants: [
        { category: "privacy", action: "view" },
        { category: "contact", action: "view" },
      ],
    });
    const jan = (await vault.api.usersList()).find((u) => u.username === vault.users.user)!;
    await vault.api.userSetAccess(jan.id, { roles: [reader.key], mayDelete: null });
    await vault.signInAs("user");
    const { user } = await windowOn(vault.api);
    const tab = await openRetention(user);
    await waitFor(() => expect(rows(tab, "retention-rule")).toHaveLength(1));
    expect(within(tab).getByTestId("retention-read-only")).toBeInTheDocument();
    expect(within(tab).getByTestId("retention-preview")).toBeInTheDocument();
    await waitFor(() => expect(rows(tab, "retention-run-row")).toHaveLength(1));
    for (const testid of ["retention-add", "retention-run-now", "retention-rule-edit", "retention-rule-pause", "retention-template-custom"]) {
      expect(within(tab).queryByTestId(testid)).toBeNull();
    }
    await expect(vault.api.retentionRun(false)).rejects.toMatchObject({ code: "access.denied" });
    const [rule] = await vault.api.retentionRules();
    await expect(vault.api.retentionSetActive(rule!.id, false)).rejects.toMatchObject({ code: "access.denied" });
  });

  it("refuses everything to those without privacy.view", async () => {
    const vault = await coreVault("seeded");
    await vault.signInAs("user");
    await expect(vault.api.retentionRules()).rejects.toMatchObject({ code: "access.denied" });
    await expect(vault.api.retentionPreview()).rejects.toMatchObject({ code: "access.denied" });
    await expect(vault.api.retentionHistory()).rejects.toMatchObject({ code: "access.denied" });
    await expect(vault.api.retentionTemplates("nl")).rejects.toMatchObject({ code: "access.denied" });
  });

  it("speaks Dutch, with templates named by the core, and follows a switch to English", async () => {
    const vault = await officerVault();
    const { user } = await windowOn(vault.api, "nl");
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
    expect((await vault.api.retentionRules())[0]!.name).toBe("Prospects zonder activiteit");

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
    const vault = await officerVault();
    const { user } = await windowOn(vault.api);
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
    const vault = await officerVault();
    const invoicing = await vault.api.purposeAdopt("invoicing", "en");
    const { user } = await windowOn(vault.api);
    const tab = await openRetention(user);
    await user.click(within(tab).getByTestId("retention-add"));
    await user.click(await within(tab).findByTestId("retention-template-invoices"));
    const dialog = within(await screen.findByTestId("retention-rule-dialog"));
    await waitFor(() => expect(dialog.getByRole("option", { name: invoicing.name })).toBeTruthy());
    await user.selectOptions(dialog.getByTestId("retention-field-purpose"), String(invoicing.id));
    await user.click(dialog.getByTestId("retention-rule-save"));
    await waitFor(() => expect(screen.queryByTestId("retention-rule-dialog")).toBeNull());
    expect(await screen.findByTestId("retention-rule-purpose")).toHaveTextContent(`For: ${invoicing.name}`);
    expect((await vault.api.retentionRules())[0]!.purposeId).toBe(invoicing.id);

    await user.click(screen.getByTestId("privacy-tab-register"));
    expect(await screen.findByTestId("purpose-retention-rules")).toHaveTextContent("Applied by the retention rule: Invoices: fiscal retention (Art. 52 AWR)");
  });
});

describe("Privacy > Retention: progress and cancelling a run (real core)", { timeout: 30_000 }, () => {
  /** The run dialog over the seeded people, with two prospects due now; the core holds the job after each report. */
  async function openRunDialog(locale: "en" | "nl" = "en") {
    const vault = await officerVault();
    const people = await seedPeople(vault);
    await vault.api.retentionAdd(PROSPECTS, "inactive_prospects");
    await vault.clockAt(daysOfMonths(vault.start, 24) + 1);
    const { user } = await windowOn(vault.api, locale);
    const tab = await openRetention(user);
    await user.click(within(tab).getByTestId("retention-run-now"));
    const dialog = within(await screen.findByTestId("retention-run-dialog"));
    await dialog.findAllByTestId("retention-run-rule");
    await vault.jobs.hold(true);
    return { vault, user, tab, dialog, people };
  }

  // The core reports the run as one step it cannot measure (the fake counted the items: 0/2,
  // 1/2, 2/2): a moving bar without a percent, and Cancel while it works.
  it("a run cancelled while it works erases nobody and is not recorded", async () => {
    const { vault, user, tab, dialog, people } = await openRunDialog();
    const all = Object.values(people);
    await user.click(dialog.getByTestId("retention-run-confirm"));

    const progress = await dialog.findByTestId("retention-run-progress");
    const bar = within(progress).getByRole("progressbar");
    expect(await vault.jobs.held()).toMatchObject({ held: true, last: { phase: "retention", done: 0, total: 0 } });
    await waitFor(() => expect(within(progress).getByTestId("retention-run-progress-phase")).toHaveTextContent("Applying the retention rules…"));
    expect(bar).not.toHaveAttribute("aria-valuenow");
    expect(within(progress).queryByTestId("retention-run-progress-percent")).toBeNull();
    expect(dialog.getByTestId("retention-run-confirm")).toBeDisabled();

    await user.click(within(progress).getByTestId("retention-run-progress-cancel"));
    expect(await dialog.findByTestId("retention-run-cancelled")).toHaveTextContent("Cancelled. Nothing was changed.");
    expect(dialog.queryByTestId("retention-run-progress")).toBeNull();
    expect(dialog.queryByTestId("retention-run-error")).toBeNull();
    // Nobody was erased or anonymised, and no run was recorded.
    expect(await ids(vault, all)).toEqual(all.map((p) => p.displayName));
    expect(await vault.api.retentionHistory()).toEqual([]);

    await user.click(dialog.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("retention-run-dialog")).toBeNull());
    expect(within(tab).queryByTestId("retention-notice")).toBeNull();
    expect(rows(tab, "retention-run-row")).toHaveLength(0);
    expect(within(within(tab).getByTestId("retention-preview-rule")).getByTestId("retention-preview-due-now")).toHaveTextContent("2");
  });

  it("a dry run shows its progress in Dutch, then its result", async () => {
    const { vault, user, tab, dialog } = await openRunDialog("nl");
    await user.click(dialog.getByTestId("retention-dry-run"));
    await user.click(dialog.getByTestId("retention-run-confirm"));

    const progress = await dialog.findByTestId("retention-run-progress");
    await waitFor(() => expect(within(progress).getByTestId("retention-run-progress-phase")).toHaveTextContent("Bewaarregels toepassen…"));
    expect(progress).toHaveTextContent("Annuleren is veilig: er verandert niets tot de taak klaar is.");
    expect(within(progress).getByTestId("retention-run-progress-cancel")).toHaveTextContent("Annuleren");

    await vault.jobs.hold(false);
    await waitFor(() => expect(screen.queryByTestId("retention-run-dialog")).toBeNull());
    expect(within(tab).getByTestId("retention-notice")).toHaveTextContent(
      "Proefrun voltooid. Items die verwijderd of geanonimiseerd zouden worden: 2. Er is niets gewijzigd.",
    );
    expect(vault.jobs.sent).toEqual([{ phase: "retention", done: 0, total: 0 }]);
    await waitFor(() => expect(rows(tab, "retention-run-row")).toHaveLength(1));
    expect(await vault.api.retentionHistory()).toMatchObject([{ dryRun: true, trigger: "manual" }]);
  });
});
