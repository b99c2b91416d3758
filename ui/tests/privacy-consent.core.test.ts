// Privacy > Overview, Consent statements, Marketing lists and the stale-records part of the
// minimisation report against the real core, in a new vault whose people, purposes, statements
// and consent answers are set up through the core's own commands.
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { KluisApi, Purpose, PurposeInput } from "$lib/api/types";
import { fieldName } from "$lib/screens/privacy/catalogue";
import { personInput, renderApp } from "./core";
import { addUser, OFFICER, privacyVault, signInFirst, watched } from "./privacy-core";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

async function openTab(user: User, tab: "overview" | "register" | "statements" | "marketing" | "minimisation") {
  if (!screen.queryByTestId("privacy-tab-overview")) await user.click(await screen.findByTestId("nav-privacy"));
  await user.click(screen.getByTestId(`privacy-tab-${tab}`));
  await waitFor(() => expect(screen.queryByRole("status", { name: /^(Loading|Laden)…$/ })).toBeNull());
}

async function newsletterWithStatement(api: KluisApi, body = "Yes, send me the newsletter about once a month."): Promise<{ purpose: Purpose; statementId: number }> {
  const purpose = await api.purposeAdopt("newsletter", "en");
  const statement = await api.consentStatementPublish({ purposeId: purpose.id, lang: "en", body });
  return { purpose, statementId: statement.id };
}

async function grant(api: KluisApi, personId: number, purposeId: number, statementId: number) {
  await api.consentRecord({ personId, purposeId, granted: true, channel: "web_form", occurredAt: null, statementId, shownLang: "en", evidence: "Form 12" });
}

async function withdraw(api: KluisApi, personId: number, purposeId: number) {
  await api.consentRecord({ personId, purposeId, granted: false, channel: "email", occurredAt: null, statementId: null, shownLang: null, evidence: null });
}

function legitimateMarketing(name: string): PurposeInput {
  return {
    name,
    description: "Offers to existing customers",
    lawfulBasis: "legitimate_interests",
    balancingNote: "Customers expect offers for what they bought; one e-mail a quarter.",
    marketing: true,
    dataCategories: ["contact"],
    fields: ["person.name", "person.email"],
    subjectCategories: ["Customers"],
    recipients: [],
    transfers: null,
    retention: "Until the customer objects",
    securityMeasures: "Encrypted",
  };
}

/** A role with privacy.view only, held by Jan, with or without the user role (contact view and edit). */
async function privacyReader(api: KluisApi, keepUserRole: boolean) {
  const role = await api.roleCreate({ name: "Privacy reader", grants: [{ category: "privacy", action: "view" }] });
  await addUser(api, "jan", "Jan Jansen", keepUserRole ? ["user", role.key] : [role.key]);
}

describe("Privacy > Overview (real core)", { timeout: 30_000 }, () => {
  it("starts the section at the overview and counts consent per purpose, changing after a grant", async () => {
    const { api, people } = await privacyVault(10);
    const newsletter = await api.purposeAdopt("newsletter", "en");
    const service = await api.purposeAdopt("customer_service", "en");
    const { user } = await renderApp(api);
    await user.click(screen.getByTestId("nav-privacy"));
    expect(screen.getByTestId("privacy-tab-overview")).toHaveAttribute("aria-selected", "true");
    expect(screen.getAllByRole("tab").map((tab) => tab.textContent?.trim())).toEqual([
      "Overview",
      "Requests",
      "Breaches",
      "Retention",
      "Register",
      "Consent statements",
      "Marketing lists",
      "Minimisation",
    ]);
    const overview = await screen.findByTestId("privacy-overview");
    expect(await within(overview).findByTestId("overview-people-value")).toHaveTextContent("10");
    expect(screen.getByTestId("overview-restricted-value")).toHaveTextContent("0");
    expect(screen.getByTestId("overview-objecting-value")).toHaveTextContent("0");

    const row = screen.getByTestId(`coverage-${newsletter.id}`);
    expect(row).toHaveTextContent("Newsletter");
    expect(within(row).getByTestId(`coverage-${newsletter.id}-granted`)).toHaveTextContent("Granted 0");
    expect(within(row).getByTestId(`coverage-${newsletter.id}-withdrawn`)).toHaveTextContent("Withdrawn 0");
    expect(within(row).getByTestId(`coverage-${newsletter.id}-notAsked`)).toHaveTextContent("Not asked 10");
    expect(row).toHaveTextContent("out of 10 people");
    expect(within(row).getByTestId(`coverage-nostatement-${newsletter.id}`)).toHaveTextContent("No published statement: consent cannot be recorded yet.");
    expect(screen.getByTestId(`coverage-${service.id}`)).toHaveTextContent("No consent needed: Performance of a contract");
    expect(screen.queryByTestId(`coverage-nostatement-${service.id}`)).toBeNull();

    // The warning leads to the statements of that purpose.
    await user.click(within(row).getByRole("button", { name: "Go to consent statements" }));
    expect(screen.getByTestId("privacy-tab-statements")).toHaveAttribute("aria-selected", "true");
    const section = await screen.findByTestId(`statement-purpose-${newsletter.id}`);
    await waitFor(() => expect(section).toHaveFocus());

    // Consent recorded elsewhere (the person's file) shows up when the overview is opened again.
    const statement = await api.consentStatementPublish({ purposeId: newsletter.id, lang: "en", body: "Yes, send me the newsletter." });
    const [a, b, c] = people;
    await grant(api, a!.id, newsletter.id, statement.id);
    await grant(api, b!.id, newsletter.id, statement.id);
    await grant(api, c!.id, newsletter.id, statement.id);
    await withdraw(api, c!.id, newsletter.id);
    await openTab(user, "overview");
    const after = await screen.findByTestId(`coverage-${newsletter.id}`);
    expect(within(after).getByTestId(`coverage-${newsletter.id}-granted`)).toHaveTextContent("Granted 2");
    expect(within(after).getByTestId(`coverage-${newsletter.id}-withdrawn`)).toHaveTextContent("Withdrawn 1");
    expect(within(after).getByTestId(`coverage-${newsletter.id}-notAsked`)).toHaveTextContent("Not asked 7");
    expect(screen.queryByTestId(`coverage-nostatement-${newsletter.id}`)).toBeNull();
  });

  it("lists restricted people with their ground and opens a person's file; counts objections and fields without a purpose", async () => {
    const { api, people } = await privacyVault(6);
    await api.purposeAdopt("customer_service", "en");
    const [a, b] = people;
    await api.restrictionAdd({ personId: a!.id, ground: "legal_claims", note: null });
    await api.consentObject({ personId: b!.id, objects: true, channel: "phone", occurredAt: null, evidence: null });
    // A date of birth and a job title, which customer service does not use.
    await api.personCreate({ ...personInput("Gijs", "Geboren"), dateOfBirth: "1980-05-01", jobTitle: "Inkoper" });
    const { user } = await renderApp(api);
    await openTab(user, "overview");

    expect(await screen.findByTestId("overview-restricted-value")).toHaveTextContent("1");
    expect(screen.getByTestId("overview-objecting-value")).toHaveTextContent("1");
    const restricted = within(screen.getByTestId(`restricted-${a!.id}`));
    expect(restricted.getByText(a!.displayName)).toBeInTheDocument();
    expect(restricted.getByText("Needed for a legal claim")).toBeInTheDocument();
    expect(screen.queryByTestId(`restricted-${b!.id}`)).toBeNull();

    // Fields holding data without a purpose, by name rather than key, as the core reports them.
    const { fields } = await api.minimisationReport();
    const flagged = fields.filter((f) => f.records > 0 && f.purposes.length === 0).map((f) => f.field);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged).not.toContain("person.email");
    expect(screen.getByTestId("overview-fields-value")).toHaveTextContent(String(flagged.length));
    for (const field of flagged) {
      const chip = screen.getByTestId(`overview-field-${field}`);
      expect(chip).toHaveTextContent(fieldName(field));
      expect(chip.textContent).not.toContain(field);
    }
    expect(screen.queryByTestId("overview-field-person.email")).toBeNull();

    await user.click(restricted.getByRole("button", { name: `Open the file of ${a!.displayName}` }));
    expect(await screen.findByTestId("person-name")).toHaveTextContent(a!.displayName);
  });

  it("speaks Dutch", async () => {
    const { api } = await privacyVault(3);
    const newsletter = await api.purposeAdopt("newsletter", "nl");
    await api.purposeAdopt("invoicing", "nl");
    const { user } = await renderApp(api, "nl");
    await user.click(screen.getByTestId("nav-privacy"));
    expect(screen.getByTestId("privacy-tab-overview")).toHaveTextContent("Overzicht");
    expect(screen.getByTestId("privacy-tab-statements")).toHaveTextContent("Toestemmingsverklaringen");
    expect(screen.getByTestId("privacy-tab-marketing")).toHaveTextContent("Marketinglijsten");
    const row = await screen.findByTestId(`coverage-${newsletter.id}`);
    expect(screen.getByText("Toestemming per doel")).toBeInTheDocument();
    expect(row).toHaveTextContent("Nieuwsbrief");
    expect(row).toHaveTextContent("Niet gevraagd 3");
    expect(row).toHaveTextContent("Geen gepubliceerde toestemmingsverklaring");
    expect(screen.getByText("Geen toestemming nodig: Wettelijke verplichting")).toBeInTheDocument();
    expect(screen.getByText("Bezwaar tegen direct marketing")).toBeInTheDocument();
  });
});

describe("Privacy > Consent statements (real core)", { timeout: 30_000 }, () => {
  it("publishes a new version; the old one stays, folded away, and the same text is refused", async () => {
    const { api } = await privacyVault(0);
    const { purpose } = await newsletterWithStatement(api, "Yes, send me the newsletter.");
    await api.purposeAdopt("customer_service", "en");
    const [v1] = await api.consentStatements(purpose.id);
    const { user } = await renderApp(api);
    await openTab(user, "statements");

    const tab = screen.getByTestId("privacy-statements");
    // Only the purpose on consent has statements.
    expect(within(tab).getAllByTestId(/^statement-purpose-/)).toHaveLength(1);
    const current = within(tab).getByTestId(`statement-current-${purpose.id}-en`);
    expect(current).toHaveTextContent("Version 1 · Current");
    expect(current).toHaveTextContent("Yes, send me the newsletter.");
    expect(current).toHaveTextContent(`by ${OFFICER.displayName}`);
    const hash = within(current).getByTestId(`statement-current-${purpose.id}-en-hash`);
    expect(v1!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toHaveTextContent(`Fingerprint ${v1!.hash.slice(0, 12)}`);
    expect(hash.textContent).not.toContain(v1!.hash.slice(0, 13));
    expect(hash.getAttribute("title")).toContain(v1!.hash);
    expect(within(tab).getByTestId(`statement-none-${purpose.id}-nl`)).toHaveTextContent("No Dutch statement published yet.");
    expect(within(tab).queryByTestId(`statement-older-${purpose.id}-en`)).toBeNull();

    await user.click(within(tab).getByTestId(`statement-publish-${purpose.id}`));
    const dialog = within(await screen.findByTestId("statement-dialog"));
    expect(dialog.getByTestId("statement-lang")).toHaveValue("en");
    expect(dialog.getByTestId("statement-body")).toHaveValue("Yes, send me the newsletter.");
    expect(dialog.getByTestId("statement-note")).toHaveTextContent("A published version can never be changed");
    expect(dialog.getByTestId("statement-note")).toHaveTextContent(
      "Consents already given keep pointing at the version the person was shown (the current one is version 1)",
    );

    // Unchanged: the core refuses the same text, and the field says why.
    await user.click(dialog.getByTestId("statement-confirm"));
    expect(await dialog.findByTestId("statement-body-error")).toHaveTextContent(
      "This is the text of the current version. Change the text to publish a new version.",
    );
    expect(await api.consentStatements(purpose.id)).toHaveLength(1);

    await user.clear(dialog.getByTestId("statement-body"));
    await user.click(dialog.getByTestId("statement-confirm"));
    expect(dialog.getByTestId("statement-body-error")).toHaveTextContent("Write the text the person agrees to.");

    await user.type(dialog.getByTestId("statement-body"), "Yes, e-mail me the newsletter once a month. I can unsubscribe at any time.");
    expect(dialog.getByTestId("statement-confirm")).toHaveTextContent("Publish version 2");
    await user.click(dialog.getByTestId("statement-confirm"));
    await waitFor(() => expect(screen.queryByTestId("statement-dialog")).toBeNull());

    expect(await screen.findByTestId("statement-notice")).toHaveTextContent("Version 2 of the English statement for “Newsletter” is published.");
    const now = screen.getByTestId(`statement-current-${purpose.id}-en`);
    expect(now).toHaveTextContent("Version 2 · Current");
    expect(now).toHaveTextContent("Yes, e-mail me the newsletter once a month.");
    const older = screen.getByTestId(`statement-older-${purpose.id}-en`);
    expect(older).not.toHaveAttribute("open");
    expect(within(older).getByText("Older versions (1)")).toBeInTheDocument();
    const old = within(older).getByTestId(`statement-version-${purpose.id}-en-1`);
    expect(old).toHaveTextContent("Version 1");
    expect(old).not.toHaveTextContent("Current");
    expect(old).toHaveTextContent("Yes, send me the newsletter.");
    expect((await api.consentStatements(purpose.id)).map((s) => [s.version, s.current])).toEqual([
      [2, true],
      [1, false],
    ]);
  });

  it("publishes the first version in the other language, starting from an empty text", async () => {
    const { api } = await privacyVault(0);
    const { purpose } = await newsletterWithStatement(api, "Yes, send me the newsletter.");
    const { user } = await renderApp(api);
    await openTab(user, "statements");
    await user.click(screen.getByTestId(`statement-publish-${purpose.id}`));
    const dialog = within(await screen.findByTestId("statement-dialog"));
    await user.selectOptions(dialog.getByTestId("statement-lang"), "nl");
    expect(dialog.getByTestId("statement-body")).toHaveValue("");
    expect(dialog.getByTestId("statement-note")).toHaveTextContent("This becomes version 1.");
    expect(dialog.getByTestId("statement-confirm")).toHaveTextContent("Publish version 1");
    await user.type(dialog.getByTestId("statement-body"), "Ja, stuur mij de nieuwsbrief.");
    await user.click(dialog.getByTestId("statement-confirm"));
    await waitFor(() => expect(screen.queryByTestId("statement-dialog")).toBeNull());
    expect(await screen.findByTestId(`statement-current-${purpose.id}-nl`)).toHaveTextContent("Ja, stuur mij de nieuwsbrief.");
    expect(screen.getByTestId(`statement-current-${purpose.id}-en`)).toHaveTextContent("Version 1 · Current");
    expect((await api.consentStatements(purpose.id)).find((s) => s.lang === "nl")).toMatchObject({ version: 1, body: "Ja, stuur mij de nieuwsbrief." });
  });

  it("says so when no purpose rests on consent", async () => {
    const { api } = await privacyVault(0);
    await api.purposeAdopt("invoicing", "en");
    const { user } = await renderApp(api);
    await openTab(user, "statements");
    expect(screen.getByTestId("statements-empty")).toHaveTextContent("No purpose rests on consent");
  });
});

describe("Privacy > Marketing lists (real core)", { timeout: 30_000 }, () => {
  it("previews who a consent-based list holds and who is left out, then saves it", async () => {
    const { api, people } = await privacyVault(7);
    const { purpose, statementId } = await newsletterWithStatement(api);
    const [a, b, c, d] = people;
    // One more, without an e-mail address.
    const e = await api.personCreate(personInput("Eva", "Zonder"));
    await grant(api, a!.id, purpose.id, statementId); // on the list
    await grant(api, b!.id, purpose.id, statementId);
    await withdraw(api, b!.id, purpose.id); // withdrawn
    await grant(api, c!.id, purpose.id, statementId);
    await api.consentObject({ personId: c!.id, objects: true, channel: "phone", occurredAt: null, evidence: null }); // objects
    await grant(api, d!.id, purpose.id, statementId);
    await api.restrictionAdd({ personId: d!.id, ground: "accuracy_contested", note: null }); // restricted
    await grant(api, e.id, purpose.id, statementId); // no e-mail address
    // The other three never gave consent.
    const { api: seen, calls } = watched(api);
    const { user } = await renderApp(seen);
    await openTab(user, "marketing");

    const tab = within(screen.getByTestId("privacy-marketing"));
    expect(tab.getByTestId("marketing-purpose")).toHaveValue(String(purpose.id));
    expect(await tab.findByTestId("marketing-included")).toHaveTextContent("1");
    expect(tab.getByTestId("marketing-left-restricted")).toHaveTextContent("Processing restricted 1");
    expect(tab.getByTestId("marketing-left-objected")).toHaveTextContent("Object to direct marketing 1");
    expect(tab.getByTestId("marketing-left-withdrawn")).toHaveTextContent("Consent withdrawn 1");
    expect(tab.getByTestId("marketing-left-noConsent")).toHaveTextContent("Never gave consent 3");
    expect(tab.getByTestId("marketing-left-noEmail")).toHaveTextContent("No e-mail address 1");
    expect(tab.getByTestId("marketing-rule")).toHaveTextContent("This purpose rests on consent: only people whose consent is valid now are on the list.");
    expect(calls).toContain("marketingPreview");
    expect(calls).not.toContain("marketingExport");

    await user.click(tab.getByTestId("marketing-export"));
    // The bridge answers the save dialog with a file of its own (save-1).
    expect(await tab.findByTestId("marketing-saved")).toHaveTextContent("save-1 saved: 1 on the list, 7 left out.");
  });

  it("explains the rule for another basis and leaves out only objections, restrictions and missing addresses", async () => {
    const { api, people } = await privacyVault(4);
    await newsletterWithStatement(api);
    const offers = await api.purposeCreate(legitimateMarketing("Customer offers"));
    const [a, b] = people;
    await api.personCreate(personInput("Carla", "Zonder"));
    await api.consentObject({ personId: a!.id, objects: true, channel: "phone", occurredAt: null, evidence: null });
    await api.restrictionAdd({ personId: b!.id, ground: "objection_pending", note: null });
    const { user } = await renderApp(api);
    await openTab(user, "marketing");

    const tab = within(screen.getByTestId("privacy-marketing"));
    await tab.findByTestId("marketing-included");
    // Sorted by name: Customer offers before Newsletter.
    expect(tab.getByTestId("marketing-purpose")).toHaveValue(String(offers.id));
    expect(tab.getByTestId("marketing-rule")).toHaveTextContent(
      "This purpose rests on legitimate interests: everyone with an e-mail address is on the list, except people who object to direct marketing and people whose processing is restricted.",
    );
    expect(tab.getByTestId("marketing-included")).toHaveTextContent("2");
    expect(tab.getByTestId("marketing-left-objected")).toHaveTextContent("1");
    expect(tab.getByTestId("marketing-left-restricted")).toHaveTextContent("1");
    expect(tab.getByTestId("marketing-left-noEmail")).toHaveTextContent("1");
    expect(tab.queryByTestId("marketing-left-noConsent")).toBeNull();
    expect(tab.queryByTestId("marketing-left-withdrawn")).toBeNull();
  });

  it("says what is missing when there is no marketing purpose", async () => {
    const { api } = await privacyVault(0);
    await api.purposeAdopt("customer_service", "en");
    const { user } = await renderApp(api);
    await openTab(user, "marketing");
    expect(await screen.findByTestId("marketing-empty")).toHaveTextContent("No purpose is for direct marketing");
  });
});

describe("Privacy > Minimisation: records kept for purposes that no longer apply (real core)", { timeout: 30_000 }, () => {
  it("shows archived purposes with consent records and people with only withdrawn consent", async () => {
    const { api, people } = await privacyVault(4);
    const { purpose, statementId } = await newsletterWithStatement(api);
    const [first, second, busy, lonely] = people;
    await grant(api, first!.id, purpose.id, statementId);
    await grant(api, second!.id, purpose.id, statementId);
    await grant(api, lonely!.id, purpose.id, statementId);
    await withdraw(api, lonely!.id, purpose.id);
    // Withdrawn too, but with a task still on file.
    await grant(api, busy!.id, purpose.id, statementId);
    await withdraw(api, busy!.id, purpose.id);
    await api.taskCreate({ title: "Bel terug", dueDate: null, assigneeId: null, personId: busy!.id });
    const { user } = await renderApp(api);
    await openTab(user, "minimisation");
    const stale = await screen.findByTestId("minimisation-stale");
    expect(stale).toHaveTextContent("Records kept for purposes that no longer apply");
    expect(within(stale).getByTestId("minimisation-archived-none")).toBeInTheDocument();
    expect(within(stale).getByTestId("minimisation-withdrawn-only")).toHaveTextContent("1 person withdrew every consent and has nothing else on file");

    await api.purposeArchive(purpose.id);
    await openTab(user, "overview");
    await openTab(user, "minimisation");
    const again = await screen.findByTestId("minimisation-stale");
    expect(within(again).getByTestId(`minimisation-archived-${purpose.id}`)).toHaveTextContent("Newsletter 4 people");
  });
});

describe("Privacy for roles without every grant (real core)", { timeout: 30_000 }, () => {
  it("a role that may view privacy and contacts sees statements without the publish button, and no marketing lists", async () => {
    const { api } = await privacyVault(0, (admin) => privacyReader(admin, true));
    const { purpose } = await newsletterWithStatement(api, "Yes, send me the newsletter.");
    await signInFirst(api, "jan");
    const { api: seen, calls } = watched(api);
    const { user } = await renderApp(seen);

    await openTab(user, "statements");
    const section = await screen.findByTestId(`statement-purpose-${purpose.id}`);
    expect(within(section).getByTestId(`statement-current-${purpose.id}-en`)).toHaveTextContent("Yes, send me the newsletter.");
    expect(screen.queryByTestId(`statement-publish-${purpose.id}`)).toBeNull();
    await expect(api.consentStatementPublish({ purposeId: purpose.id, lang: "en", body: "Other text" })).rejects.toMatchObject({ code: "access.denied" });

    await openTab(user, "marketing");
    expect(screen.getByTestId("marketing-denied")).toHaveTextContent("Marketing lists need the export permission");
    expect(screen.queryByTestId("marketing-export")).toBeNull();
    expect(calls).not.toContain("marketingPurposes");
    await expect(api.marketingPurposes()).rejects.toMatchObject({ code: "access.denied" });
  });

  it("without contact.view: counts but no names, no people part of the minimisation report; statements still shown", async () => {
    const { api, people } = await privacyVault(4, (admin) => privacyReader(admin, false));
    const { purpose } = await newsletterWithStatement(api);
    const [a] = people;
    await api.restrictionAdd({ personId: a!.id, ground: "accuracy_contested", note: null });
    await signInFirst(api, "jan");
    const { user } = await renderApp(api);

    await openTab(user, "overview");
    expect(await screen.findByTestId("overview-restricted-value")).toHaveTextContent("1");
    expect(screen.getByTestId("restricted-hidden")).toHaveTextContent("The names are shown to roles that may view contacts.");
    expect(screen.queryByText(a!.displayName)).toBeNull();
    expect((await api.privacyDashboard()).restrictedPeople).toEqual([]);

    // Statements hold no personal data: the privacy side sees them without contact.view.
    await openTab(user, "statements");
    expect(await screen.findByTestId(`statement-current-${purpose.id}-en`)).toBeInTheDocument();

    await openTab(user, "minimisation");
    await screen.findByTestId("minimisation-table");
    expect(screen.queryByTestId("minimisation-stale")).toBeNull();
    expect((await api.minimisationReport()).withdrawnOnly).toBeNull();
  });
});
