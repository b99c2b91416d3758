// The person's consent panel: giving and withdrawing consent in the same steps, the statement
// version and language shown, objection to direct marketing, restriction of processing (Art. 18),
// and who still finds a restricted person.
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { FakeApi } from "$lib/api/fake";
import { startApp } from "./helpers";

type User = Awaited<ReturnType<typeof startApp>>["user"];

/** A newsletter on consent with published statements: Dutch v1 and v2, English v1. */
async function newsletter(fake: FakeApi) {
  const purpose = await fake.purposeAdopt("newsletter", "en");
  expect(purpose.lawfulBasis).toBe("consent");
  const nl1 = await fake.consentStatementPublish({ purposeId: purpose.id, lang: "nl", body: "Ja, stuur mij de nieuwsbrief." });
  const en1 = await fake.consentStatementPublish({ purposeId: purpose.id, lang: "en", body: "Yes, send me the newsletter." });
  const nl2 = await fake.consentStatementPublish({ purposeId: purpose.id, lang: "nl", body: "Ja, stuur mij maandelijks de nieuwsbrief per e-mail." });
  const service = await fake.purposeAdopt("customer_service", "en");
  return { purpose, service, nl1, en1, nl2 };
}

function byId(fake: FakeApi) {
  return [...fake.people].sort((a, b) => a.id - b.id);
}

async function openPerson(user: User, id: number) {
  const row = await screen.findByTestId(`contact-row-${id}`);
  await user.click(within(row).getAllByRole("button")[0]!);
  await screen.findByTestId("person-view");
  return screen.findByTestId("consent-panel");
}

/** Counts every interaction a person makes, so two flows can be compared step for step. */
function counted(user: User) {
  const steps: string[] = [];
  return {
    steps,
    click: async (el: Element) => {
      steps.push(`click ${el.getAttribute("data-testid") ?? el.textContent}`);
      await user.click(el);
    },
    select: async (el: Element, value: string) => {
      steps.push(`select ${el.getAttribute("data-testid")}`);
      await user.selectOptions(el, value);
    },
  };
}

describe("consent in the person's file", () => {
  it("records a grant by phone with the statement version shown, then a withdrawal in exactly as many steps", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 6 });
    const { purpose, service, nl2 } = await newsletter(fake);
    const person = byId(fake)[0]!;
    const panel = within(await openPerson(user, person.id));

    // Each purpose with its basis and status; only the consent purpose has an action.
    expect(panel.getByTestId(`consent-status-${purpose.id}`)).toHaveTextContent("Not asked");
    expect(panel.getByTestId(`consent-status-${service.id}`)).toHaveTextContent("Not needed — basis Performance of a contract");
    expect(panel.getByTestId(`consent-allowed-${purpose.id}`)).toHaveTextContent("May not process");
    expect(panel.getByTestId(`consent-allowed-${service.id}`)).toHaveTextContent("May process");
    expect(panel.queryByTestId(`consent-action-${service.id}`)).toBeNull();

    // Grant.
    const grant = counted(user);
    await grant.click(panel.getByTestId(`consent-action-${purpose.id}`));
    let dialog = within(await screen.findByTestId("consent-dialog"));
    expect(screen.getByTestId("consent-dialog")).toHaveTextContent("Record consent: Newsletter");
    // The current version in the person's language (Dutch), with its text shown read-only.
    expect(dialog.getByTestId("consent-statement")).toHaveValue(String(nl2.id));
    expect(dialog.getByTestId("consent-lang")).toHaveValue("nl");
    expect(dialog.getByTestId("consent-statement-text")).toHaveTextContent("maandelijks de nieuwsbrief");
    expect(dialog.getByTestId("consent-when")).not.toHaveValue("");
    await grant.select(dialog.getByTestId("consent-channel"), "phone");
    await user.type(dialog.getByTestId("consent-evidence"), "Telefoonnotitie 12");
    await grant.click(dialog.getByTestId("consent-confirm"));
    await waitFor(() => expect(screen.queryByTestId("consent-dialog")).toBeNull());

    expect(panel.getByTestId(`consent-status-${purpose.id}`)).toHaveTextContent("Granted");
    expect(panel.getByTestId(`consent-version-${purpose.id}`)).toHaveTextContent("statement v2 (NL)");
    expect(panel.getByTestId(`consent-allowed-${purpose.id}`)).toHaveTextContent("May process");
    const granted = fake.consent.events.at(-1)!;
    expect(granted).toMatchObject({ personId: person.id, kind: "granted", channel: "phone", statementId: nl2.id, evidence: "Telefoonnotitie 12" });

    // Withdraw: the same button, the same dialog, the same steps.
    const withdraw = counted(user);
    await withdraw.click(panel.getByTestId(`consent-action-${purpose.id}`));
    expect(panel.getByTestId(`consent-action-${purpose.id}`)).toHaveTextContent("Withdraw consent");
    dialog = within(await screen.findByTestId("consent-dialog"));
    expect(screen.getByTestId("consent-dialog")).toHaveTextContent("Withdraw consent: Newsletter");
    expect(dialog.queryByTestId("consent-statement")).toBeNull();
    await withdraw.select(dialog.getByTestId("consent-channel"), "phone");
    await user.type(dialog.getByTestId("consent-evidence"), "Telefoonnotitie 13");
    await withdraw.click(dialog.getByTestId("consent-confirm"));
    await waitFor(() => expect(screen.queryByTestId("consent-dialog")).toBeNull());

    expect(withdraw.steps.length).toBe(grant.steps.length);
    expect(withdraw.steps).toEqual(grant.steps);
    expect(panel.getByTestId(`consent-status-${purpose.id}`)).toHaveTextContent("Withdrawn");
    expect(panel.getByTestId(`consent-allowed-${purpose.id}`)).toHaveTextContent("May not process");
    expect(fake.consent.events.at(-1)).toMatchObject({ kind: "withdrawn", channel: "phone", statementId: null });

    // History newest first, with channel, version, evidence and who recorded it.
    const history = within(panel.getByTestId("consent-history"));
    const entries = history.getAllByTestId(/^consent-event-\d+$/);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toHaveTextContent("Consent withdrawn · Newsletter");
    expect(entries[1]).toHaveTextContent("Consent given · Newsletter");
    expect(entries[1]).toHaveTextContent("via Phone");
    expect(entries[1]).toHaveTextContent("statement v2 (NL)");
    expect(entries[1]).toHaveTextContent("Evidence: Telefoonnotitie 12");
    expect(entries[1]).toHaveTextContent("by Sanne Bakker");

    // The withdrawal was recorded in error: struck through, and the grant counts again.
    const withdrawal = fake.consent.events.at(-1)!;
    await user.click(history.getByTestId(`consent-void-${withdrawal.id}`));
    const voidDialog = within(await screen.findByTestId("consent-void-dialog"));
    await user.click(voidDialog.getByTestId("consent-void-confirm"));
    expect(voidDialog.getByText("This field is required.")).toBeInTheDocument();
    await user.type(voidDialog.getByTestId("consent-void-reason"), "Wrong person on the phone");
    await user.click(voidDialog.getByTestId("consent-void-confirm"));
    await waitFor(() => expect(screen.queryByTestId("consent-void-dialog")).toBeNull());
    expect(panel.getByTestId(`consent-event-${withdrawal.id}`)).toHaveAttribute("data-voided", "true");
    expect(panel.getByTestId(`consent-event-voided-${withdrawal.id}`)).toHaveTextContent("recorded in error");
    expect(panel.queryByTestId(`consent-void-${withdrawal.id}`)).toBeNull();
    expect(panel.getByTestId(`consent-status-${purpose.id}`)).toHaveTextContent("Granted");
  });

  it("shows the localised refusal when the language does not match the statement version", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 3, locale: "nl" });
    const { purpose, nl2 } = await newsletter(fake);
    const person = byId(fake)[0]!;
    const panel = within(await openPerson(user, person.id));
    await user.click(panel.getByTestId(`consent-action-${purpose.id}`));
    const dialog = within(await screen.findByTestId("consent-dialog"));
    expect(dialog.getByTestId("consent-statement")).toHaveValue(String(nl2.id));
    await user.selectOptions(dialog.getByTestId("consent-channel"), "web_form");
    // Dutch version 2 was chosen, but "shown in English".
    await user.selectOptions(dialog.getByTestId("consent-lang"), "en");
    await user.click(dialog.getByTestId("consent-confirm"));
    const error = await dialog.findByTestId("consent-error");
    expect(error).toHaveAttribute("data-code", "consent.statement_mismatch");
    expect(error).toHaveTextContent("De versie van de verklaring past niet bij dit doel of bij de taal waarin die is getoond.");
    expect(fake.consent.events).toHaveLength(0);
    expect(panel.getByTestId(`consent-status-${purpose.id}`)).toHaveTextContent("Niet gevraagd");
  });

  it("records an objection to direct marketing: the file and the contact list mark the person", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 4 });
    const { purpose, nl2 } = await newsletter(fake);
    const person = byId(fake)[1]!;
    await fake.consentRecord({ personId: person.id, purposeId: purpose.id, granted: true, channel: "web_form", occurredAt: "2026-01-05", statementId: nl2.id, shownLang: "nl", evidence: null });
    const panel = within(await openPerson(user, person.id));
    expect(panel.getByTestId(`consent-allowed-${purpose.id}`)).toHaveTextContent("May process");
    expect(screen.queryByTestId("person-objection-badge")).toBeNull();

    await user.click(panel.getByTestId("objection-toggle"));
    expect(panel.getByTestId("objection-toggle")).toHaveTextContent("Objects to direct marketing");
    const dialog = within(await screen.findByTestId("consent-dialog"));
    expect(screen.getByTestId("consent-dialog")).toHaveTextContent("Objection to direct marketing");
    await user.selectOptions(dialog.getByTestId("consent-channel"), "email");
    await user.click(dialog.getByTestId("consent-confirm"));
    await waitFor(() => expect(screen.queryByTestId("consent-dialog")).toBeNull());

    expect(panel.getByTestId("objection-state")).toHaveAttribute("data-objecting", "true");
    expect(panel.getByTestId("objection-state")).toHaveTextContent("Objects to direct marketing since");
    expect(screen.getByTestId("person-objection-badge")).toHaveTextContent("No marketing");
    // Consent is still on record, but the objection stops the marketing purpose.
    expect(panel.getByTestId(`consent-status-${purpose.id}`)).toHaveTextContent("Granted");
    expect(panel.getByTestId(`consent-allowed-${purpose.id}`)).toHaveTextContent("May not process(objects to direct marketing)");
    expect(panel.getByTestId("objection-toggle")).toHaveTextContent("Objection lifted (subject said so)");
    expect(fake.people.find((p) => p.id === person.id)!.marketingObjection).toBe(true);

    await user.click(screen.getByTestId("nav-contacts"));
    expect(await screen.findByTestId(`contact-objection-${person.id}`)).toHaveTextContent("No marketing");
    expect(screen.queryByTestId(`contact-objection-${byId(fake)[0]!.id}`)).toBeNull();
    expect(screen.queryByTestId(`contact-restricted-${person.id}`)).toBeNull();
  });

  it("restricts processing: a banner on top, editing gone, the core refusing; lifting needs a reason", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 4 });
    const { purpose } = await newsletter(fake);
    const person = byId(fake)[2]!;
    const panel = within(await openPerson(user, person.id));
    expect(screen.getByTestId("person-edit")).toBeInTheDocument();
    expect(screen.getByTestId("timeline-body")).toBeInTheDocument();
    expect(screen.queryByTestId("restriction-banner")).toBeNull();

    await user.click(panel.getByTestId("restriction-add"));
    const dialog = within(await screen.findByTestId("restriction-dialog"));
    await user.selectOptions(dialog.getByTestId("restriction-ground"), "legal_claims");
    expect(dialog.getByTestId("restriction-ground-hint")).toHaveTextContent("legal claim");
    await user.type(dialog.getByTestId("restriction-note"), "Dispute with the insurer");
    await user.click(dialog.getByTestId("restriction-confirm"));
    await waitFor(() => expect(screen.queryByTestId("restriction-dialog")).toBeNull());

    const banner = screen.getByTestId("restriction-banner");
    expect(banner).toHaveTextContent("Processing restricted (Art. 18 GDPR)");
    expect(banner).toHaveTextContent("Needed for a legal claim");
    expect(banner).toHaveTextContent("by Sanne Bakker");
    expect(banner).toHaveTextContent("Dispute with the insurer");
    expect(screen.getByTestId("person-restricted-badge")).toHaveTextContent("Restricted");
    expect(screen.queryByTestId("person-edit")).toBeNull();
    expect(screen.queryByTestId("person-delete")).toBeNull();
    expect(screen.queryByTestId("timeline-body")).toBeNull();
    expect(screen.getByTestId("person-read-only")).toBeInTheDocument();
    expect(panel.getByTestId(`consent-action-${purpose.id}`)).toBeDisabled();
    expect(panel.getByTestId(`consent-allowed-${purpose.id}`)).toHaveTextContent("processing restricted");
    // The core refuses changes all the same, and the message is localised.
    await expect(fake.timelineAdd(person.id, { kind: "note", body: "x", occurredAt: null })).rejects.toMatchObject({ code: "record.restricted" });
    await expect(fake.consentRecord({ personId: person.id, purposeId: purpose.id, granted: true, channel: "phone", occurredAt: null, statementId: null, shownLang: null, evidence: null })).rejects.toMatchObject({ code: "record.restricted" });

    // Still listed for the privacy officer, marked.
    await user.click(screen.getByTestId("nav-contacts"));
    expect(await screen.findByTestId(`contact-restricted-${person.id}`)).toHaveTextContent("Restricted");
    await openPerson(user, person.id);

    await user.click(screen.getByTestId("restriction-lift"));
    const lift = within(await screen.findByTestId("restriction-dialog"));
    await user.click(lift.getByTestId("restriction-confirm"));
    expect(lift.getByText("This field is required.")).toBeInTheDocument();
    await user.type(lift.getByTestId("restriction-reason"), "Claim settled");
    await user.click(lift.getByTestId("restriction-confirm"));
    await waitFor(() => expect(screen.queryByTestId("restriction-banner")).toBeNull());
    expect(screen.getByTestId("person-edit")).toBeInTheDocument();
    expect(screen.getByTestId("restriction-history")).toHaveTextContent("Lifted by Sanne Bakker: Claim settled");
  });

  it("shows the localised refusal when a change to a restricted person fails", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 3 });
    const person = byId(fake)[0]!;
    await openPerson(user, person.id);
    // Restricted by someone else meanwhile: the open file still offers the timeline.
    await fake.restrictionAdd({ personId: person.id, ground: "accuracy_contested", note: null });
    await user.type(screen.getByTestId("timeline-body"), "Called about the invoice");
    await user.click(screen.getByTestId("timeline-submit"));
    expect(await screen.findByText(/Processing of this person's data is restricted \(Art\. 18 GDPR\)/)).toBeInTheDocument();
  });
});

describe("a restricted person for those who do not handle privacy", () => {
  it("is not found by a plain user in the list, the search or the palette, and the core refuses the file", async () => {
    const { fake, user } = await startApp({ preset: "user", demo: 6 });
    const [first, hidden] = byId(fake);
    await screen.findByTestId(`contact-row-${hidden!.id}`);
    expect(screen.getByTestId("contacts-total")).toHaveTextContent("6");

    // The privacy officer restricts one person.
    const jan = fake.sessionUserId;
    fake.sessionUserId = 4;
    await fake.restrictionAdd({ personId: hidden!.id, ground: "unlawful_processing", note: null });
    fake.sessionUserId = jan;

    // Reload the list (leave and come back).
    await user.click(screen.getByTestId("nav-deals"));
    await user.click(screen.getByTestId("nav-contacts"));
    await screen.findByTestId(`contact-row-${first!.id}`);
    expect(screen.queryByTestId(`contact-row-${hidden!.id}`)).toBeNull();
    expect(screen.getByTestId("contacts-total")).toHaveTextContent("5");
    expect(screen.queryAllByTestId(/^contact-restricted-/)).toHaveLength(0);

    await user.type(screen.getByTestId("search-input"), hidden!.displayName);
    expect(await screen.findByText("Nothing found.")).toBeInTheDocument();
    expect(screen.queryByTestId(`search-result-person-${hidden!.id}`)).toBeNull();

    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("palette-input"), hidden!.displayName);
    await waitFor(() => expect(fake.calls.filter((c) => c === "search_contacts").length).toBeGreaterThanOrEqual(2));
    expect(screen.queryByTestId(`palette-hit-person-${hidden!.id}`)).toBeNull();

    await expect(fake.personView(hidden!.id)).rejects.toMatchObject({ code: "record.restricted" });
    await expect(fake.consentOverview(hidden!.id)).rejects.toMatchObject({ code: "record.restricted" });
    expect((await fake.searchContacts(hidden!.displayName, 10)).map((h) => h.id)).not.toContain(hidden!.id);
  });

  it("is found by the privacy officer, marked, in the search palette", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 6 });
    const hidden = byId(fake)[3]!;
    await fake.restrictionAdd({ personId: hidden.id, ground: "objection_pending", note: null });
    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("palette-input"), hidden.displayName);
    expect(await screen.findByTestId(`palette-restricted-${hidden.id}`)).toHaveTextContent("Restricted");
  });
});

describe("the preview's consent demo data", () => {
  it("seeds statements, answers, one objection and one restricted person", async () => {
    const { FakeApi } = await import("$lib/api/fake");
    const fake = new FakeApi({ preset: "privacy" });
    await fake.seedConsentDemo();
    const dashboard = await fake.privacyDashboard();
    expect(dashboard.people).toBe(12);
    expect(dashboard.restricted).toBe(1);
    expect(dashboard.objecting).toBe(1);
    const newsletter = dashboard.coverage.find((c) => c.lawfulBasis === "consent")!;
    expect(newsletter).toMatchObject({ granted: 2, withdrawn: 1, hasStatement: true, marketing: true });
    expect(dashboard.restrictedPeople).toHaveLength(1);
    const preview = await fake.marketingPreview(newsletter.purposeId);
    expect(preview.included).toBe(1);
    expect(preview.leftOut).toEqual({ restricted: 1, objected: 1, withdrawn: 1, noConsent: 8, noEmail: 0 });
    // Seeding twice adds nothing.
    await fake.seedConsentDemo();
    expect((await fake.privacyDashboard()).coverage).toEqual(dashboard.coverage);
  });
});
