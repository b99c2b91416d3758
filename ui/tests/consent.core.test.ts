// The person's consent panel against the real core: giving and withdrawing consent in the same
// steps, the statement version and language shown, objection to direct marketing, restriction of
// processing (Art. 18), and who still finds a restricted person.
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { KluisApi } from "$lib/api/types";
import { coreVault, personInput, renderApp, type CoreVault } from "./core";
import { watched } from "./privacy-core";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

const NAMES = [
  ["Noor", "Visser"],
  ["Tom", "Bakker"],
  ["Eva", "Smit"],
  ["Daan", "Mulder"],
] as const;

/**
 * A seeded vault with four more people (Dutch speakers, made by the administrator) and, by the
 * privacy officer, the seeded newsletter ("Nieuwsbrief", on consent, Dutch statement v1) given an
 * English v1 and a Dutch v2, and customer service (on a contract). The privacy officer stays
 * signed in.
 */
async function consentVault(): Promise<CoreVault & { people: { id: number; displayName: string }[]; purpose: { id: number; name: string }; service: { id: number }; nl2: { id: number } }> {
  const vault = await coreVault("seeded");
  const { api } = vault;
  await vault.signInAs("administrator");
  const people = [];
  for (const [given, family] of NAMES) {
    const p = await api.personCreate({ ...personInput(given, family), preferredLanguage: "nl", emails: [{ label: null, value: `${given.toLowerCase()}@example.nl`, keepUnchecked: false }] });
    people.push({ id: p.id, displayName: `${given} ${family}` });
  }
  await vault.signInAs("privacy_officer");
  const purpose = (await api.purposesList(false)).find((p) => p.id === vault.ids.purpose)!;
  expect(purpose.lawfulBasis).toBe("consent");
  await api.consentStatementPublish({ purposeId: purpose.id, lang: "en", body: "Yes, send me the newsletter." });
  const nl2 = await api.consentStatementPublish({ purposeId: purpose.id, lang: "nl", body: "Ja, stuur mij maandelijks de nieuwsbrief per e-mail." });
  expect(nl2.version).toBe(2);
  const service = await api.purposeAdopt("customer_service", "en");
  return { ...vault, people, purpose, service, nl2 };
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

const OFFICER = "Rol privacy_officer";

describe("consent in the person's file (real core)", { timeout: 20_000 }, () => {
  it("records a grant by phone with the statement version shown, then a withdrawal in exactly as many steps", async () => {
    const { api, people, purpose, service, nl2 } = await consentVault();
    const { user } = await renderApp(api);
    const person = people[0]!;
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
    expect(screen.getByTestId("consent-dialog")).toHaveTextContent(`Record consent: ${purpose.name}`);
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
    expect((await api.consentOverview(person.id)).history[0]).toMatchObject({
      kind: "granted",
      purposeId: purpose.id,
      channel: "phone",
      statementVersion: 2,
      statementLang: "nl",
      evidence: "Telefoonnotitie 12",
    });

    // Withdraw: the same button, the same dialog, the same steps.
    const withdraw = counted(user);
    await withdraw.click(panel.getByTestId(`consent-action-${purpose.id}`));
    expect(panel.getByTestId(`consent-action-${purpose.id}`)).toHaveTextContent("Withdraw consent");
    dialog = within(await screen.findByTestId("consent-dialog"));
    expect(screen.getByTestId("consent-dialog")).toHaveTextContent(`Withdraw consent: ${purpose.name}`);
    expect(dialog.queryByTestId("consent-statement")).toBeNull();
    await withdraw.select(dialog.getByTestId("consent-channel"), "phone");
    await user.type(dialog.getByTestId("consent-evidence"), "Telefoonnotitie 13");
    await withdraw.click(dialog.getByTestId("consent-confirm"));
    await waitFor(() => expect(screen.queryByTestId("consent-dialog")).toBeNull());

    expect(withdraw.steps.length).toBe(grant.steps.length);
    expect(withdraw.steps).toEqual(grant.steps);
    expect(panel.getByTestId(`consent-status-${purpose.id}`)).toHaveTextContent("Withdrawn");
    expect(panel.getByTestId(`consent-allowed-${purpose.id}`)).toHaveTextContent("May not process");
    const withdrawal = (await api.consentOverview(person.id)).history[0]!;
    expect(withdrawal).toMatchObject({ kind: "withdrawn", channel: "phone", statementVersion: null });

    // History newest first, with channel, version, evidence and who recorded it.
    const history = within(panel.getByTestId("consent-history"));
    const entries = history.getAllByTestId(/^consent-event-\d+$/);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toHaveTextContent(`Consent withdrawn · ${purpose.name}`);
    expect(entries[1]).toHaveTextContent(`Consent given · ${purpose.name}`);
    expect(entries[1]).toHaveTextContent("via Phone");
    expect(entries[1]).toHaveTextContent("statement v2 (NL)");
    expect(entries[1]).toHaveTextContent("Evidence: Telefoonnotitie 12");
    expect(entries[1]).toHaveTextContent(`by ${OFFICER}`);

    // The withdrawal was recorded in error: struck through, and the grant counts again.
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
    const after = await api.consentOverview(person.id);
    expect(after.history.find((e) => e.id === withdrawal.id)!.voided).toBe(true);
    expect(after.purposes.find((p) => p.purposeId === purpose.id)).toMatchObject({ status: "granted" });
  });

  it("shows the localised refusal when the language does not match the statement version", async () => {
    const { api, people, purpose, nl2 } = await consentVault();
    const { user } = await renderApp(api, "nl");
    const person = people[0]!;
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
    expect((await api.consentOverview(person.id)).history).toEqual([]);
    expect(panel.getByTestId(`consent-status-${purpose.id}`)).toHaveTextContent("Niet gevraagd");
  });

  it("records an objection to direct marketing: the file and the contact list mark the person", async () => {
    const { api, people, purpose, nl2 } = await consentVault();
    const person = people[1]!;
    await api.consentRecord({ personId: person.id, purposeId: purpose.id, granted: true, channel: "web_form", occurredAt: "2026-01-05", statementId: nl2.id, shownLang: "nl", evidence: null });
    const { user } = await renderApp(api);
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
    expect((await api.consentOverview(person.id)).objectionSince).not.toBeNull();

    await user.click(screen.getByTestId("nav-contacts"));
    expect(await screen.findByTestId(`contact-objection-${person.id}`)).toHaveTextContent("No marketing");
    expect(screen.queryByTestId(`contact-objection-${people[0]!.id}`)).toBeNull();
    expect(screen.queryByTestId(`contact-restricted-${person.id}`)).toBeNull();
  });

  it("restricts processing: a banner on top, editing gone, the core refusing; lifting needs a reason", async () => {
    const { api, people, purpose } = await consentVault();
    const person = people[2]!;
    // Someone who may edit the file: the privacy officer may change consent, not the file itself.
    const { user } = await renderApp(api);
    const panel = within(await openPerson(user, person.id));
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
    expect(banner).toHaveTextContent(`by ${OFFICER}`);
    expect(banner).toHaveTextContent("Dispute with the insurer");
    expect(screen.getByTestId("person-restricted-badge")).toHaveTextContent("Restricted");
    expect(screen.queryByTestId("person-edit")).toBeNull();
    expect(screen.queryByTestId("person-delete")).toBeNull();
    expect(screen.queryByTestId("timeline-body")).toBeNull();
    expect(screen.getByTestId("person-read-only")).toBeInTheDocument();
    expect(panel.getByTestId(`consent-action-${purpose.id}`)).toBeDisabled();
    expect(panel.getByTestId(`consent-allowed-${purpose.id}`)).toHaveTextContent("processing restricted");
    expect((await api.consentOverview(person.id)).restriction).toMatchObject({ ground: "legal_claims", note: "Dispute with the insurer" });
    // The core refuses changes all the same.
    await expect(
      api.consentRecord({ personId: person.id, purposeId: purpose.id, granted: true, channel: "phone", occurredAt: null, statementId: null, shownLang: null, evidence: null }),
    ).rejects.toMatchObject({ code: "record.restricted" });

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
    expect(screen.getByTestId("restriction-history")).toHaveTextContent(`Lifted by ${OFFICER}: Claim settled`);
    expect(screen.getByTestId(`consent-action-${purpose.id}`)).toBeEnabled();
    expect((await api.consentOverview(person.id)).restriction).toBeNull();
  });

  it("takes the editing of the file away from a user once the person is restricted, and the core refuses a note", async () => {
    const vault = await consentVault();
    const person = vault.people[2]!;
    await vault.api.restrictionAdd({ personId: person.id, ground: "legal_claims", note: null });
    await asEditingOfficer(vault);
    const { user } = await renderApp(vault.api);
    await openPerson(user, person.id);
    expect(await screen.findByTestId("restriction-banner")).toBeInTheDocument();
    expect(screen.queryByTestId("person-edit")).toBeNull();
    expect(screen.queryByTestId("timeline-body")).toBeNull();
    await expect(vault.api.timelineAdd(person.id, { kind: "note", body: "x", occurredAt: null })).rejects.toMatchObject({ code: "record.restricted" });
    await user.click(screen.getByTestId("restriction-lift"));
    const lift = within(await screen.findByTestId("restriction-dialog"));
    await user.type(lift.getByTestId("restriction-reason"), "Claim settled");
    await user.click(lift.getByTestId("restriction-confirm"));
    await waitFor(() => expect(screen.queryByTestId("restriction-banner")).toBeNull());
    expect(screen.getByTestId("person-edit")).toBeInTheDocument();
    expect(screen.getByTestId("timeline-body")).toBeInTheDocument();
  });

  it("shows the localised refusal when a change to a restricted person fails", async () => {
    const vault = await consentVault();
    const person = vault.people[0]!;
    await asEditingOfficer(vault);
    const { user } = await renderApp(vault.api);
    await openPerson(user, person.id);
    // Restricted meanwhile, behind the window's back: the open file still offers the timeline.
    await vault.api.restrictionAdd({ personId: person.id, ground: "accuracy_contested", note: null });
    await user.type(screen.getByTestId("timeline-body"), "Called about the invoice");
    await user.click(screen.getByTestId("timeline-submit"));
    expect(await screen.findByText(/Processing of this person's data is restricted \(Art\. 18 GDPR\)/)).toBeInTheDocument();
    await vault.api.restrictionLift(person.id, "Checked");
    expect((await vault.api.personView(person.id)).timeline.map((e) => e.body)).not.toContain("Called about the invoice");
  });
});

/**
 * Signs in the seeded user (who may edit files) given the privacy officer's role as well: the
 * privacy officer alone may change consent but not the file itself.
 */
async function asEditingOfficer(vault: CoreVault) {
  await vault.signInAs("administrator");
  const member = (await vault.api.usersList()).find((u) => u.username === vault.users.user)!;
  await vault.api.userSetAccess(member.id, { roles: ["user", "privacy_officer"], mayDelete: null });
  await vault.signInAs("user");
}

describe("a restricted person for those who do not handle privacy (real core)", { timeout: 20_000 }, () => {
  it("is not found by a plain user in the list, the search or the palette, and the core refuses the file", async () => {
    const vault = await consentVault();
    const [first, hidden] = vault.people;
    await vault.signInAs("user");
    const query = { sort: "family_name", descending: false, after: null, offset: null, limit: 1, tag: null, ownerId: null, organisationId: null } as const;
    const total = (await vault.api.personsList(query)).total;
    // The privacy officer restricts one person.
    await vault.signInAs("privacy_officer");
    await vault.api.restrictionAdd({ personId: hidden!.id, ground: "unlawful_processing", note: null });
    await vault.signInAs("user");
    const { api, calls } = watched<KluisApi>(vault.api);
    const { user } = await renderApp(api);
    await screen.findByTestId(`contact-row-${first!.id}`);
    expect(screen.queryByTestId(`contact-row-${hidden!.id}`)).toBeNull();
    expect(screen.getByTestId("contacts-total")).toHaveTextContent(String(total - 1));
    expect(screen.queryAllByTestId(/^contact-restricted-/)).toHaveLength(0);

    await user.type(screen.getByTestId("search-input"), hidden!.displayName);
    expect(await screen.findByText("Nothing found.")).toBeInTheDocument();
    expect(screen.queryByTestId(`search-result-person-${hidden!.id}`)).toBeNull();

    const searched = calls.filter((c) => c === "searchContacts").length;
    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("palette-input"), hidden!.displayName);
    await waitFor(() => expect(calls.filter((c) => c === "searchContacts").length).toBeGreaterThan(searched));
    expect(screen.queryByTestId(`palette-hit-person-${hidden!.id}`)).toBeNull();

    await expect(vault.api.personView(hidden!.id)).rejects.toMatchObject({ code: "record.restricted" });
    await expect(vault.api.consentOverview(hidden!.id)).rejects.toMatchObject({ code: "record.restricted" });
    expect((await vault.api.searchContacts(hidden!.displayName, 10)).map((h) => h.id)).not.toContain(hidden!.id);
  });

  it("is found by the privacy officer, marked, in the search palette", async () => {
    const { api, people } = await consentVault();
    const hidden = people[3]!;
    await api.restrictionAdd({ personId: hidden.id, ground: "objection_pending", note: null });
    const { user } = await renderApp(api);
    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("palette-input"), hidden.displayName);
    expect(await screen.findByTestId(`palette-restricted-${hidden.id}`)).toHaveTextContent("Restricted");
  });
});
