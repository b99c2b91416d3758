// The subject's rights carried out from a request (Art. 15, 17, 20) against the real core: the
// access or portability export as a folder or a sealed file, and erasure with what it deletes and
// keeps. The bridge answers the core's save dialog with save-1, save-2, ... in the vault's folder.
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { KluisApi, RequestInput } from "$lib/api/types";
import { coreVault, renderApp, type CoreVault } from "./core";
import { daysAgo } from "./privacy-core";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

const STRONG = "Tulpen-Fiets-Regenjas-42";
const FILES = [
  "data.json",
  "data.schema.json",
  "contact.vcf",
  "person.csv",
  "contact_points.csv",
  "addresses.csv",
  "timeline.csv",
  "deals.csv",
  "tasks.csv",
  "consents.csv",
  "report.html",
];

/** The seeded vault's people beside its marked one (ids.person). */
async function others(api: KluisApi) {
  const page = await api.personsList({ sort: "family_name", descending: false, after: null, offset: null, limit: 50, tag: null, ownerId: null, organisationId: null });
  return page.rows.filter((r) => r.displayName.startsWith("Wegwerp")).map((r) => ({ id: r.id, displayName: r.displayName }));
}

/** A seeded vault with its privacy officer signed in, and the other people on file. */
async function asOfficer() {
  const vault = await coreVault("seeded");
  await vault.signInAs("privacy_officer");
  return { ...vault, people: await others(vault.api) };
}

function file(api: KluisApi, personId: number, kind: RequestInput["kind"]) {
  return api.requestFile({ personId, kind, verification: "known_email", verificationNote: "Date of birth matched.", receivedOn: daysAgo(7) });
}

async function openRequests(user: User) {
  await user.click(await screen.findByTestId("nav-privacy"));
  await user.click(screen.getByTestId("privacy-tab-requests"));
  const page = await screen.findByTestId("requests-page");
  await waitFor(() => expect(within(page).queryByRole("status", { name: /^(Loading|Laden)…$/ })).toBeNull());
  return page;
}

async function openRequest(user: User, id: number) {
  const page = await openRequests(user);
  await user.click(await within(page).findByTestId(`request-open-${id}`));
  return within(await screen.findByTestId("request-detail"));
}

async function openPerson(user: User, id: number) {
  const row = await screen.findByTestId(`contact-row-${id}`);
  await user.click(within(row).getAllByRole("button")[0]!);
  return screen.findByTestId("person-view");
}

/** A deal for the person, made by the administrator; the privacy officer signed in again after. */
async function dealFor(vault: CoreVault, personId: number) {
  await vault.signInAs("administrator");
  await vault.api.dealCreate({ title: "Keuken", personId, organisationId: null, stageId: vault.ids.openStage!, amountCents: null, currency: null, probability: null, expectedClose: null });
  await vault.signInAs("privacy_officer");
}

describe("the subject's export (real core)", { timeout: 20_000 }, () => {
  it("refuses a weak passphrase on its field, then writes a sealed file and records it on the request", async () => {
    const { api, people } = await asOfficer();
    const person = people[0]!;
    const request = await file(api, person.id, "access");
    const { user } = await renderApp(api);
    const detail = await openRequest(user, request.id);
    expect(detail.getByTestId("request-detail-urgency")).toHaveTextContent(`${request.daysLeft} days left`);

    await user.click(detail.getByTestId("request-export"));
    const dialog = within(await screen.findByTestId("export-dialog"));
    expect(screen.getByTestId("export-dialog")).toHaveTextContent(`Export the data of ${person.displayName}`);
    expect(dialog.getByTestId("export-mode-folder")).toBeChecked();
    expect(dialog.queryByTestId("export-passphrase")).toBeNull();

    await user.click(dialog.getByTestId("export-mode-sealed"));
    expect(dialog.getByTestId("export-passphrase-note")).toHaveTextContent("Give the passphrase to the person separately, by another channel than the file");
    await user.type(dialog.getByTestId("export-passphrase"), "welkom2026");
    await user.type(dialog.getByTestId("export-passphrase-confirm"), "welkom2026");
    // The meter asks the core's strength check while typing.
    await waitFor(() => expect(dialog.getByTestId("password-meter")).toHaveAttribute("data-acceptable", "false"));
    await user.click(dialog.getByTestId("export-confirm"));
    expect(await dialog.findByTestId("export-passphrase-error")).toHaveTextContent("This passphrase is too easy to guess. Use four or more unrelated words.");
    expect(dialog.getByTestId("export-passphrase")).toHaveAttribute("aria-invalid", "true");
    expect((await api.requestsOfPerson(person.id))[0]!.files).toEqual([]);
    // The core refuses it too, on the same field.
    await expect(api.subjectExport(person.id, request.id, "welkom2026")).rejects.toMatchObject({
      code: "validation.invalid",
      details: { field: "passphrase", reason: "weak_password" },
    });

    await user.clear(dialog.getByTestId("export-passphrase"));
    await user.type(dialog.getByTestId("export-passphrase"), STRONG);
    await user.clear(dialog.getByTestId("export-passphrase-confirm"));
    await user.type(dialog.getByTestId("export-passphrase-confirm"), STRONG);
    await user.click(dialog.getByTestId("export-confirm"));

    const result = within(await dialog.findByTestId("export-result"));
    expect(result.getByRole("status")).toHaveTextContent("Saved as the sealed file save-1.");
    expect(result.getByTestId("export-reminder")).toHaveTextContent("Now give the passphrase to the person, by another channel than the file.");
    expect(result.getAllByRole("listitem").map((li) => li.textContent)).toEqual(FILES);
    expect(screen.getByTestId("export-result")).not.toHaveTextContent(STRONG);

    // The request lists the sealed file; the detail behind shows it once refreshed.
    expect((await api.requestsOfPerson(person.id))[0]!.files).toEqual(["save-1"]);
    await user.click(dialog.getByTestId("export-close"));
    await waitFor(() => expect(screen.queryByTestId("export-dialog")).toBeNull());
    await waitFor(() => expect(screen.getByTestId("request-detail")).toHaveTextContent("save-1"));
  });

  it("writes a folder for a portability request and records its files on the request", async () => {
    const { api, people } = await asOfficer();
    const person = people[1]!;
    const request = await file(api, person.id, "portability");
    const { user } = await renderApp(api);
    const detail = await openRequest(user, request.id);
    await user.click(detail.getByTestId("request-export"));
    const dialog = within(await screen.findByTestId("export-dialog"));
    await user.click(dialog.getByTestId("export-confirm"));
    const result = within(await dialog.findByTestId("export-result"));
    expect(result.getByRole("status")).toHaveTextContent("Saved in the new folder save-1.");
    expect(result.queryByTestId("export-reminder")).toBeNull();
    expect(result.getAllByRole("listitem").map((li) => li.textContent)).toEqual(FILES);
    expect((await api.requestsOfPerson(person.id))[0]!.files).toEqual(FILES.map((f) => `save-1/${f}`));
  });

  it("refuses a restricted person's data without their own request, in words, and exports it for that request", async () => {
    const { api, people } = await asOfficer();
    const person = people[2]!;
    await api.restrictionAdd({ personId: person.id, ground: "accuracy_contested", note: null });
    const { user } = await renderApp(api);
    await openPerson(user, person.id);
    const panel = within(await screen.findByTestId("person-requests"));

    await user.click(panel.getByTestId("person-export"));
    const dialog = within(await screen.findByTestId("export-dialog"));
    expect(screen.getByTestId("export-dialog")).toHaveTextContent("Not linked to a request");
    await user.click(dialog.getByTestId("export-confirm"));
    const refusal = await dialog.findByTestId("export-error");
    expect(refusal).toHaveAttribute("data-code", "record.restricted");
    expect(refusal).toHaveTextContent(
      "Processing of this person's data is restricted (Art. 18 GDPR), so it is exported only to answer their own access or portability request. File that request first, then export from it.",
    );
    await user.click(dialog.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("export-dialog")).toBeNull());

    // Their own access request is answered all the same.
    const request = await file(api, person.id, "access");
    await user.click(screen.getByTestId("nav-contacts"));
    await openPerson(user, person.id);
    const row = await screen.findByTestId(`person-request-${request.id}`);
    await user.click(within(row).getByRole("button", { name: /Details of the Access request/ }));
    const detail = within(await screen.findByTestId("request-detail"));
    await user.click(detail.getByTestId("request-export"));
    await user.click(within(await screen.findByTestId("export-dialog")).getByTestId("export-confirm"));
    // The refused export wrote nothing: this is the vault's first saved export.
    expect(within(await screen.findByTestId("export-result")).getByRole("status")).toHaveTextContent("Saved in the new folder save-1.");
    expect((await api.requestsOfPerson(person.id))[0]!.files).toHaveLength(FILES.length);
  });
});

describe("erasure (real core)", { timeout: 20_000 }, () => {
  it("says what goes and what stays, asks for the name, erases and closes the request with the outcome", async () => {
    const { api, ids, people } = await asOfficer();
    // The seeded person has a deal, a task, a consent and an access request.
    const person = { id: ids.person!, displayName: (await api.personView(ids.person!)).person.displayName };
    const request = await file(api, person.id, "erasure");
    const { user } = await renderApp(api);

    await openPerson(user, person.id);
    const row = await screen.findByTestId(`person-request-${request.id}`);
    await user.click(within(row).getByRole("button", { name: /Details of the Erasure request/ }));
    const detail = within(await screen.findByTestId("request-detail"));
    expect(detail.queryByTestId("request-export")).toBeNull();
    await user.click(detail.getByTestId("request-erase"));

    const dialogEl = await screen.findByTestId("erase-dialog");
    const dialog = within(dialogEl);
    expect(dialogEl).toHaveTextContent(`Erase ${person.displayName}`);
    expect(dialogEl).toHaveTextContent("This cannot be undone.");
    expect(dialogEl).toHaveTextContent("Personal details, contact details, addresses, notes and tags");
    expect(dialogEl).toHaveTextContent(
      "Deals, for the seven-year fiscal retention (Art. 52 AWR; Art. 17(3)(b) GDPR): without the person and without any text; their title becomes “[anonymised]”.",
    );
    expect(dialogEl).toHaveTextContent("Consent records and requests, as proof of what was done, without who it was about.");

    // Not without typing the name.
    await user.click(dialog.getByTestId("erase-confirm"));
    expect(await dialog.findByTestId("erase-confirm-name-error")).toHaveTextContent("Type the name exactly as shown to confirm.");
    await user.type(dialog.getByTestId("erase-confirm-name"), "Someone Else");
    await user.click(dialog.getByTestId("erase-confirm"));
    expect(dialog.getByTestId("erase-confirm-name-error")).toBeInTheDocument();
    expect((await api.personView(person.id)).person.id).toBe(person.id);

    await user.clear(dialog.getByTestId("erase-confirm-name"));
    await user.type(dialog.getByTestId("erase-confirm-name"), person.displayName);
    await user.click(dialog.getByTestId("erase-confirm"));
    const result = within(await dialog.findByTestId("erase-result"));
    expect(result.getByRole("status")).toHaveTextContent(`${person.displayName} has been erased and the request is completed.`);
    expect(result.getByTestId("erase-outcome")).toHaveTextContent(
      /^Erased: personal details, contact details and addresses, 0 timeline entr\(y\/ies\), 1 task\(s\).*Not erased: 1 deal\(s\), kept without the person/,
    );

    // The request behind is closed with that outcome.
    await waitFor(() => expect(detail.getByTestId("request-status")).toHaveTextContent("Completed"));
    expect(detail.getByTestId("request-outcome")).toHaveTextContent("Not erased: 1 deal(s)");
    const closed = (await api.requestsQueue(true)).requests.find((r) => r.id === request.id)!;
    expect(closed).toMatchObject({ status: "completed", personId: null, subjectRef: person.id, verificationNote: null, handlerName: "Rol privacy_officer" });
    await expect(api.personView(person.id)).rejects.toMatchObject({ code: "record.not_found" });

    // The file is gone: closing lands on the contact list, without the person.
    await user.click(dialog.getByTestId("erase-close"));
    await waitFor(() => expect(screen.queryByTestId("person-view")).toBeNull());
    await screen.findByTestId(`contact-row-${people[0]!.id}`);
    expect(screen.queryByTestId(`contact-row-${person.id}`)).toBeNull();
    expect(screen.queryByText(person.displayName)).toBeNull();

    // Under Privacy > Requests the closed request stays, without identity.
    const page = await openRequests(user);
    await user.click(within(page).getByTestId("requests-show-closed"));
    const closedRow = await within(page).findByTestId(`request-row-${request.id}`);
    expect(closedRow).toHaveTextContent(`Erased person (no. ${person.id})`);
    expect(closedRow).toHaveTextContent("Completed");
  });

  it("writes the outcome in Dutch when chosen, and the kept deal loses its title", async () => {
    const vault = await asOfficer();
    const person = vault.people[3]!;
    await dealFor(vault, person.id);
    const request = await file(vault.api, person.id, "erasure");
    const { user } = await renderApp(vault.api);
    const detail = await openRequest(user, request.id);
    await user.click(detail.getByTestId("request-erase"));
    const dialog = within(await screen.findByTestId("erase-dialog"));
    await user.click(dialog.getByTestId("erase-lang-nl"));
    expect(screen.getByTestId("erase-dialog")).toHaveTextContent("their title becomes “[geanonimiseerd]”");
    await user.type(dialog.getByTestId("erase-confirm-name"), person.displayName.toUpperCase());
    await user.click(dialog.getByTestId("erase-confirm"));
    expect(await dialog.findByTestId("erase-outcome")).toHaveTextContent(/^Gewist: persoonsgegevens/);
    // From the queue the list follows: the request is no longer open.
    await user.click(dialog.getByTestId("erase-close"));
    await waitFor(() => expect(screen.queryByTestId("erase-dialog")).toBeNull());
    // The detail asks the core for the closed request after the erasure: it may still be on its way.
    await waitFor(() => expect(detail.getByTestId("request-status")).toHaveTextContent("Completed"));
    expect(detail.getByTestId("request-notice")).toHaveTextContent(`${person.displayName} has been erased`);
    // The seeded access request of the marked person is still open.
    await waitFor(() => expect(screen.getByTestId("requests-open-value")).toHaveTextContent("1"));
    // The deal stays for the fiscal retention, without the person and with the Dutch placeholder.
    await vault.signInAs("administrator");
    const { deals } = await vault.api.dealsBoard();
    expect(deals.filter((d) => d.title === "[geanonimiseerd]")).toEqual([expect.objectContaining({ personId: null, personName: null })]);
  });

  it("shows the legal hold and erases nothing", async () => {
    const { api, people } = await asOfficer();
    const person = people[1]!;
    await api.restrictionAdd({ personId: person.id, ground: "legal_claims", note: "Dispute over the invoice of March." });
    const request = await file(api, person.id, "erasure");
    const { user } = await renderApp(api);
    const detail = await openRequest(user, request.id);
    await user.click(detail.getByTestId("request-erase"));
    const dialog = within(await screen.findByTestId("erase-dialog"));
    await user.type(dialog.getByTestId("erase-confirm-name"), person.displayName);
    await user.click(dialog.getByTestId("erase-confirm"));

    const refusal = await dialog.findByTestId("erase-error");
    expect(refusal).toHaveAttribute("data-code", "erasure.legal_hold");
    expect(refusal).toHaveTextContent("This person's data is under a legal hold (restricted for legal claims) and cannot be erased until the restriction is lifted.");
    expect(dialog.queryByTestId("erase-result")).toBeNull();
    expect((await api.personView(person.id)).person.id).toBe(person.id);
    expect((await api.requestsOfPerson(person.id))[0]).toMatchObject({ status: "received", personId: person.id });
  });

  it("shows neither action to those who may handle requests but not export or erase", async () => {
    const vault = await asOfficer();
    const { api } = vault;
    const [a, b] = vault.people;
    const access = await file(api, a!.id, "access");
    const erasure = await file(api, b!.id, "erasure");
    await vault.signInAs("administrator");
    const desk = await api.roleCreate({
      name: "Requests desk",
      grants: [
        { category: "contact", action: "view" },
        { category: "privacy", action: "view" },
        { category: "privacy", action: "edit" },
      ],
    });
    const member = (await api.usersList()).find((u) => u.username === vault.users.user)!;
    await api.userSetAccess(member.id, { roles: [desk.key], mayDelete: null });
    await vault.signInAs("user");
    const { user } = await renderApp(api);

    let detail = await openRequest(user, access.id);
    expect(detail.getByTestId("request-close")).toBeInTheDocument();
    expect(detail.queryByTestId("request-export")).toBeNull();
    await user.click(detail.getByTestId("request-detail-dismiss"));
    await waitFor(() => expect(screen.queryByTestId("request-detail")).toBeNull());

    await user.click(screen.getByTestId(`request-open-${erasure.id}`));
    detail = within(await screen.findByTestId("request-detail"));
    expect(detail.getByTestId("request-close")).toBeInTheDocument();
    expect(detail.queryByTestId("request-erase")).toBeNull();

    // And no export from the person's file either; the core refuses both all the same.
    await user.click(detail.getByTestId("request-detail-dismiss"));
    await user.click(screen.getByTestId("nav-contacts"));
    await openPerson(user, a!.id);
    await screen.findByTestId("person-requests");
    expect(screen.queryByTestId("person-export")).toBeNull();
    await expect(api.subjectExport(a!.id, access.id, null)).rejects.toMatchObject({ code: "access.denied" });
    await expect(api.subjectErase({ personId: b!.id, requestId: erasure.id, lang: "en" })).rejects.toMatchObject({ code: "access.denied" });
  });
});
