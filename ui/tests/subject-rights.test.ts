// The subject's rights carried out from a request (Art. 15, 17, 20): the access or portability
// export as a folder or a sealed file, and erasure with what it deletes and keeps, driven through
// the UI against the in-memory fake (whose requests' "today" is 2026-11-27).
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FakeApi } from "$lib/api/fake";
import type { RequestInput } from "$lib/api/types";
import { startApp } from "./helpers";

type User = Awaited<ReturnType<typeof startApp>>["user"];

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

function people(fake: FakeApi) {
  return [...fake.people].sort((a, b) => a.id - b.id);
}

/** Files a request straight in the fake, as the privacy officer. */
async function file(fake: FakeApi, personId: number, kind: RequestInput["kind"]) {
  const who = fake.sessionUserId;
  fake.sessionUserId = 4;
  try {
    return await fake.requestFile({ personId, kind, verification: "known_email", verificationNote: "Date of birth matched.", receivedOn: "2026-11-20" });
  } finally {
    fake.sessionUserId = who;
  }
}

async function openRequests(user: User) {
  await user.click(await screen.findByTestId("nav-privacy"));
  await user.click(screen.getByTestId("privacy-tab-requests"));
  const page = await screen.findByTestId("requests-page");
  await waitFor(() => expect(within(page).queryByRole("status", { name: "Loading…" })).toBeNull());
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

describe("the subject's export", () => {
  it("refuses a weak passphrase on its field, then writes a sealed file and records it on the request", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 6 });
    const person = people(fake)[0]!;
    const request = await file(fake, person.id, "access");
    const detail = await openRequest(user, request.id);
    expect(detail.getByTestId("request-detail-urgency")).toHaveTextContent("23 days left");

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
    expect(fake.subjectExports).toEqual([]);
    expect(fake.subjectRequests[0]!.files).toEqual([]);
    // The core refuses it too, on the same field.
    await expect(fake.subjectExport(person.id, request.id, "welkom2026")).rejects.toMatchObject({
      code: "validation.invalid",
      details: { field: "passphrase", reason: "weak_password" },
    });

    await user.clear(dialog.getByTestId("export-passphrase"));
    await user.type(dialog.getByTestId("export-passphrase"), STRONG);
    await user.clear(dialog.getByTestId("export-passphrase-confirm"));
    await user.type(dialog.getByTestId("export-passphrase-confirm"), STRONG);
    await user.click(dialog.getByTestId("export-confirm"));

    const result = within(await dialog.findByTestId("export-result"));
    const [written] = fake.subjectExports;
    expect(written).toMatchObject({ personId: person.id, requestId: request.id, sealed: true });
    expect(written!.name).toMatch(new RegExp(`^kluis-subject-${person.id}-\\d{8}-\\d{6}\\.kluis$`));
    expect(result.getByRole("status")).toHaveTextContent(`Saved as the sealed file ${written!.name}.`);
    expect(result.getByTestId("export-reminder")).toHaveTextContent("Now give the passphrase to the person, by another channel than the file.");
    expect(result.getAllByRole("listitem").map((li) => li.textContent)).toEqual(FILES);
    expect(screen.getByTestId("export-result")).not.toHaveTextContent(STRONG);

    // The request lists the sealed file; the detail behind shows it once refreshed.
    expect(fake.subjectRequests[0]!.files).toEqual([written!.name]);
    await user.click(dialog.getByTestId("export-close"));
    await waitFor(() => expect(screen.queryByTestId("export-dialog")).toBeNull());
    await waitFor(() => expect(screen.getByTestId("request-detail")).toHaveTextContent(written!.name));
  });

  it("writes a folder for a portability request, and nothing when the save dialog is closed", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 6 });
    const person = people(fake)[1]!;
    const request = await file(fake, person.id, "portability");
    const detail = await openRequest(user, request.id);
    await user.click(detail.getByTestId("request-export"));
    const dialog = within(await screen.findByTestId("export-dialog"));

    fake.closeSaveDialog = true;
    await user.click(dialog.getByTestId("export-confirm"));
    await waitFor(() => expect(fake.calls).toContain("subject_export"));
    expect(dialog.queryByTestId("export-result")).toBeNull();
    expect(dialog.getByTestId("export-confirm")).toBeEnabled();
    expect(fake.subjectExports).toEqual([]);

    fake.closeSaveDialog = false;
    await user.click(dialog.getByTestId("export-confirm"));
    const result = within(await dialog.findByTestId("export-result"));
    const [written] = fake.subjectExports;
    expect(written).toMatchObject({ sealed: false, requestId: request.id });
    expect(result.getByRole("status")).toHaveTextContent(`Saved in the new folder ${written!.name}.`);
    expect(result.queryByTestId("export-reminder")).toBeNull();
    expect(result.getAllByRole("listitem").map((li) => li.textContent)).toEqual(FILES);
    expect(fake.subjectRequests[0]!.files).toEqual(FILES.map((f) => `${written!.name}/${f}`));
  });

  it("refuses a restricted person's data without their own request, in words, and exports it for that request", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 6 });
    const person = people(fake)[2]!;
    await fake.restrictionAdd({ personId: person.id, ground: "accuracy_contested", note: null });
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
    expect(fake.subjectExports).toEqual([]);
    await user.click(dialog.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("export-dialog")).toBeNull());

    // Their own access request is answered all the same.
    const request = await file(fake, person.id, "access");
    fake.subjectExports.length = 0;
    await user.click(screen.getByTestId("nav-contacts"));
    await openPerson(user, person.id);
    const row = await screen.findByTestId(`person-request-${request.id}`);
    await user.click(within(row).getByRole("button", { name: /Details of the Access request/ }));
    const detail = within(await screen.findByTestId("request-detail"));
    await user.click(detail.getByTestId("request-export"));
    await user.click(within(await screen.findByTestId("export-dialog")).getByTestId("export-confirm"));
    await screen.findByTestId("export-result");
    expect(fake.subjectExports).toMatchObject([{ personId: person.id, requestId: request.id }]);
  });
});

describe("erasure", () => {
  it("says what goes and what stays, asks for the name, erases and closes the request with the outcome", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 6 });
    const person = people(fake)[0]!;
    const dealsBefore = fake.deals.filter((d) => d.personId === person.id);
    expect(dealsBefore).toHaveLength(1);
    const request = await file(fake, person.id, "erasure");

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
    expect(dialogEl).toHaveTextContent("Deals, for the seven-year fiscal retention (Art. 52 AWR; Art. 17(3)(b) GDPR): without the person and without any text; their title becomes “[anonymised]”.");
    expect(dialogEl).toHaveTextContent("Consent records and requests, as proof of what was done, without who it was about.");

    // Not without typing the name.
    await user.click(dialog.getByTestId("erase-confirm"));
    expect(await dialog.findByTestId("erase-confirm-name-error")).toHaveTextContent("Type the name exactly as shown to confirm.");
    expect(fake.calls).not.toContain("subject_erase");
    await user.type(dialog.getByTestId("erase-confirm-name"), "Someone Else");
    await user.click(dialog.getByTestId("erase-confirm"));
    expect(fake.calls).not.toContain("subject_erase");
    expect(fake.people.some((p) => p.id === person.id)).toBe(true);

    await user.clear(dialog.getByTestId("erase-confirm-name"));
    await user.type(dialog.getByTestId("erase-confirm-name"), person.displayName);
    await user.click(dialog.getByTestId("erase-confirm"));
    const result = within(await dialog.findByTestId("erase-result"));
    expect(result.getByRole("status")).toHaveTextContent(`${person.displayName} has been erased and the request is completed.`);
    expect(result.getByTestId("erase-outcome")).toHaveTextContent(/^Erased: personal details, contact details and addresses, 0 timeline entr\(y\/ies\), 1 task\(s\).*Not erased: 1 deal\(s\), kept without the person/);

    // The request behind is closed with that outcome.
    await waitFor(() => expect(detail.getByTestId("request-status")).toHaveTextContent("Completed"));
    expect(detail.getByTestId("request-outcome")).toHaveTextContent("Not erased: 1 deal(s)");
    expect(fake.subjectRequests[0]).toMatchObject({ status: "completed", personId: null, verificationNote: null, handlerName: "Sanne Bakker" });
    expect(fake.deals.find((d) => d.id === dealsBefore[0]!.id)).toMatchObject({ personId: null, personName: null, title: "[anonymised]" });
    expect(fake.erasures).toMatchObject([{ subjectRef: person.id, requestId: request.id }]);

    // The file is gone: closing lands on the contact list, without the person.
    await user.click(dialog.getByTestId("erase-close"));
    await waitFor(() => expect(screen.queryByTestId("person-view")).toBeNull());
    await screen.findByTestId(`contact-row-${people(fake)[0]!.id}`);
    expect(screen.queryByTestId(`contact-row-${person.id}`)).toBeNull();
    expect(screen.queryByText(person.displayName)).toBeNull();

    // Under Privacy > Requests the closed request stays, without identity.
    const page = await openRequests(user);
    await user.click(within(page).getByTestId("requests-show-closed"));
    const closed = await within(page).findByTestId(`request-row-${request.id}`);
    expect(closed).toHaveTextContent(`Erased person (no. ${person.id})`);
    expect(closed).toHaveTextContent("Completed");
  });

  it("writes the outcome in Dutch when chosen", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 6 });
    const person = people(fake)[3]!;
    const request = await file(fake, person.id, "erasure");
    const detail = await openRequest(user, request.id);
    await user.click(detail.getByTestId("request-erase"));
    const dialog = within(await screen.findByTestId("erase-dialog"));
    await user.click(dialog.getByTestId("erase-lang-nl"));
    expect(screen.getByTestId("erase-dialog")).toHaveTextContent("their title becomes “[geanonimiseerd]”");
    await user.type(dialog.getByTestId("erase-confirm-name"), person.displayName.toUpperCase());
    await user.click(dialog.getByTestId("erase-confirm"));
    expect(await dialog.findByTestId("erase-outcome")).toHaveTextContent(/^Gewist: persoonsgegevens/);
    expect(fake.deals.filter((d) => d.title === "[geanonimiseerd]")).toHaveLength(1);
    // From the queue the list follows: the request is no longer open.
    await user.click(dialog.getByTestId("erase-close"));
    await waitFor(() => expect(screen.queryByTestId("erase-dialog")).toBeNull());
    expect(detail.getByTestId("request-status")).toHaveTextContent("Completed");
    expect(detail.getByTestId("request-notice")).toHaveTextContent(`${person.displayName} has been erased`);
    await waitFor(() => expect(screen.getByTestId("requests-open-value")).toHaveTextContent("0"));
  });

  it("shows the legal hold and erases nothing", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 6 });
    const person = people(fake)[1]!;
    await fake.restrictionAdd({ personId: person.id, ground: "legal_claims", note: "Dispute over the invoice of March." });
    const request = await file(fake, person.id, "erasure");
    const detail = await openRequest(user, request.id);
    await user.click(detail.getByTestId("request-erase"));
    const dialog = within(await screen.findByTestId("erase-dialog"));
    await user.type(dialog.getByTestId("erase-confirm-name"), person.displayName);
    await user.click(dialog.getByTestId("erase-confirm"));

    const refusal = await dialog.findByTestId("erase-error");
    expect(refusal).toHaveAttribute("data-code", "erasure.legal_hold");
    expect(refusal).toHaveTextContent("This person's data is under a legal hold (restricted for legal claims) and cannot be erased until the restriction is lifted.");
    expect(dialog.queryByTestId("erase-result")).toBeNull();
    expect(fake.people.some((p) => p.id === person.id)).toBe(true);
    expect(fake.subjectRequests[0]).toMatchObject({ status: "received", personId: person.id });
    expect(fake.erasures).toEqual([]);
  });

  it("shows neither action to those who may handle requests but not export or erase", async () => {
    const fake = new FakeApi({ preset: "user" });
    fake.roles.push({
      key: "custom_desk",
      name: "Requests desk",
      builtin: false,
      holders: 0,
      grants: [
        { category: "contact", action: "view" },
        { category: "privacy", action: "view" },
        { category: "privacy", action: "edit" },
      ],
    });
    fake.users.find((u) => u.id === 2)!.roles = ["custom_desk"];
    fake.sessionUserId = 1;
    await fake.demoFill(4);
    fake.sessionUserId = 2;
    const [a, b] = people(fake);
    const access = await file(fake, a!.id, "access");
    const erasure = await file(fake, b!.id, "erasure");
    const { user } = await startApp({ api: fake });

    let detail = await openRequest(user, access.id);
    expect(detail.getByTestId("request-close")).toBeInTheDocument();
    expect(detail.queryByTestId("request-export")).toBeNull();
    await user.click(detail.getByTestId("request-detail-dismiss"));
    await waitFor(() => expect(screen.queryByTestId("request-detail")).toBeNull());

    await user.click(screen.getByTestId(`request-open-${erasure.id}`));
    detail = within(await screen.findByTestId("request-detail"));
    expect(detail.getByTestId("request-close")).toBeInTheDocument();
    expect(detail.queryByTestId("request-erase")).toBeNull();

    // And no export from the person's file either.
    await user.click(detail.getByTestId("request-detail-dismiss"));
    await user.click(screen.getByTestId("nav-contacts"));
    await openPerson(user, a!.id);
    await screen.findByTestId("person-requests");
    expect(screen.queryByTestId("person-export")).toBeNull();
  });
});
