// Data subject requests (Art. 12, 15-22) against the real core: filing one with its one-month
// deadline, the queue with the most urgent first, extending the deadline within Art. 12(3)'s
// limits, closing with an outcome, and the panel in the person's file. The core's "today" is the
// real one: dates are set relative to it.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { KluisApi, RequestInput } from "$lib/api/types";
import { formatDate } from "$lib/screens/privacy/catalogue";
import { coreVault, renderApp } from "./core";
import { daysAgo, daysBetween, openAs, plusDays, plusMonths, watched } from "./privacy-core";

type User = Awaited<ReturnType<typeof openAs>>["user"];

function setDate(el: HTMLElement, value: string) {
  return fireEvent.input(el, { target: { value } });
}

/** The seeded vault's people beside its marked one (ids.person), as the privacy officer sees them. */
async function others(api: KluisApi) {
  const page = await api.personsList({ sort: "family_name", descending: false, after: null, offset: null, limit: 50, tag: null, ownerId: null, organisationId: null });
  return page.rows.filter((r) => r.displayName.startsWith("Wegwerp"));
}

/** The privacy officer of a seeded vault, the seeded request closed so the queue starts empty. */
async function asOfficer() {
  const vault = await coreVault("seeded");
  await vault.signInAs("privacy_officer");
  await vault.api.requestClose({ id: vault.ids.request!, status: "completed", outcome: "Sent." });
  const people = await others(vault.api);
  const app = await renderApp(vault.api);
  return { ...vault, ...app, people };
}

async function openRequests(user: User) {
  await user.click(await screen.findByTestId("nav-privacy"));
  await user.click(screen.getByTestId("privacy-tab-requests"));
  const page = await screen.findByTestId("requests-page");
  await waitFor(() => expect(within(page).queryByRole("status", { name: "Loading…" })).toBeNull());
  return page;
}

async function openPerson(user: User, id: number) {
  const row = await screen.findByTestId(`contact-row-${id}`);
  await user.click(within(row).getAllByRole("button")[0]!);
  return screen.findByTestId("person-view");
}

function file(api: KluisApi, personId: number, receivedOn: string, extra: Partial<RequestInput> = {}) {
  return api.requestFile({ personId, kind: "access", verification: "known_email", verificationNote: null, receivedOn, ...extra });
}

async function pickPerson(user: User, dialog: HTMLElement, person: { id: number; displayName: string }) {
  await user.type(within(dialog).getByTestId("request-person-search"), person.displayName);
  await user.click(await within(dialog).findByTestId(`request-person-option-${person.id}`));
  expect(within(dialog).getByTestId("request-person-chip")).toHaveTextContent(person.displayName);
}

const today = () => daysAgo(0);

describe("Privacy > Requests (real core)", { timeout: 20_000 }, () => {
  it("files a request found by name and shows its deadline one month after receipt", async () => {
    const { api, people, user } = await asOfficer();
    const subject = people[2]!;
    const page = await openRequests(user);
    expect(screen.getAllByRole("tab").map((tab) => tab.textContent?.trim()).slice(0, 2)).toEqual(["Overview", "Requests"]);
    expect(within(page).getByTestId("requests-empty")).toHaveTextContent("No open requests");
    expect(within(page).getByTestId("requests-open-value")).toHaveTextContent("0");

    await user.click(within(page).getByTestId("request-new"));
    const dialog = await screen.findByTestId("request-dialog");
    const d = within(dialog);
    await pickPerson(user, dialog, subject);
    await user.selectOptions(d.getByTestId("request-kind"), "access");
    await user.selectOptions(d.getByTestId("request-verification"), "known_email");

    // The deadline shows before saving; a day the next month lacks becomes its last day.
    await setDate(d.getByTestId("request-received"), "2026-01-31");
    expect(d.getByTestId("request-due-preview")).toHaveTextContent("Feb 28, 2026, one month after receipt");
    await setDate(d.getByTestId("request-received"), "2026-10-31");
    expect(d.getByTestId("request-due-preview")).toHaveTextContent("Nov 30, 2026, one month after receipt");

    await user.click(d.getByTestId("request-save"));
    await waitFor(() => expect(screen.queryByTestId("request-dialog")).toBeNull());
    // The core counts the deadline the same way.
    expect(within(page).getByTestId("requests-notice")).toHaveTextContent("Request filed. Deadline: Nov 30, 2026.");

    const [stored] = (await api.requestsQueue(false)).requests;
    expect(stored).toMatchObject({ personId: subject.id, kind: "access", receivedOn: "2026-10-31", dueOn: "2026-11-30" });
    const row = within(await within(page).findByTestId(`request-row-${stored!.id}`));
    expect(row.getByRole("rowheader")).toHaveTextContent("Access");
    expect(row.getByTestId(`request-subject-${stored!.id}`)).toHaveTextContent(subject.displayName);
    expect(row.getAllByRole("cell")[1]).toHaveTextContent("Oct 31, 2026");
    expect(row.getAllByRole("cell")[2]).toHaveTextContent("Nov 30, 2026");
    expect(row.getAllByRole("cell")[3]).toHaveTextContent("Received");
    expect(row.getAllByRole("cell")[4]).toHaveTextContent("Nobody yet");
    expect(within(page).getByTestId("requests-open-value")).toHaveTextContent("1");

    // The subject's name opens their file.
    await user.click(row.getByTestId(`request-subject-${stored!.id}`));
    expect(await screen.findByTestId("person-name")).toHaveTextContent(subject.displayName);
  });

  it("counts the days left and marks a request due within the week", async () => {
    const { api, people, user } = await asOfficer();
    // Received 26 days ago: due in two to five days, by the length of the month.
    const received = daysAgo(26);
    const request = await file(api, people[0]!.id, received);
    expect(request.dueOn).toBe(plusMonths(received, 1));
    expect(request.daysLeft).toBe(daysBetween(today(), request.dueOn));
    const page = await openRequests(user);
    const urgency = within(page).getByTestId(`request-urgency-${request.id}`);
    expect(urgency).toHaveAttribute("data-urgency", "due_soon");
    expect(urgency).toHaveTextContent(`${request.daysLeft} days left`);
    expect(within(page).getByTestId("requests-due-soon-value")).toHaveTextContent("1");
  });

  it("marks an overdue request in words and lists it first, before one filed earlier", async () => {
    const { api, people, user } = await asOfficer();
    const [a, b] = people;
    const onTime = await file(api, a!.id, daysAgo(7), { kind: "rectification" });
    const overdue = await file(api, b!.id, daysAgo(66), { kind: "erasure" });
    const dueOn = plusMonths(daysAgo(66), 1);
    expect(overdue).toMatchObject({ dueOn, daysLeft: daysBetween(today(), dueOn), urgency: "overdue" });
    const page = await openRequests(user);

    const rows = within(page).getAllByTestId(/^request-row-/);
    expect(rows.map((r) => r.getAttribute("data-testid"))).toEqual([`request-row-${overdue.id}`, `request-row-${onTime.id}`]);
    const late = within(page).getByTestId(`request-urgency-${overdue.id}`);
    expect(late).toHaveAttribute("data-urgency", "overdue");
    expect(late).toHaveTextContent(`${-overdue.daysLeft} days overdue`);
    expect(rows[0]).toHaveTextContent("Erasure");
    expect(rows[0]).toHaveTextContent(formatDate(dueOn));
    const fine = within(page).getByTestId(`request-urgency-${onTime.id}`);
    expect(fine).toHaveAttribute("data-urgency", "on_time");
    expect(fine).toHaveTextContent(`${daysBetween(today(), plusMonths(daysAgo(7), 1))} days left`);
    expect(within(page).getByTestId("requests-open-value")).toHaveTextContent("2");
    expect(within(page).getByTestId("requests-overdue-value")).toHaveTextContent("1");
    expect(within(page).getByTestId("requests-due-soon-value")).toHaveTextContent("0");
  });

  it("refuses an extension beyond two more months on the date field, then extends to a valid date", async () => {
    const { api, people, user } = await asOfficer();
    const request = await file(api, people[0]!.id, daysAgo(17));
    const due = request.dueOn;
    expect(due).toBe(plusMonths(daysAgo(17), 1));
    const page = await openRequests(user);
    await user.click(within(page).getByTestId(`request-open-${request.id}`));
    const detail = within(await screen.findByTestId("request-detail"));
    expect(detail.getByTestId("request-deadline")).toHaveTextContent(formatDate(due));

    await user.click(detail.getByTestId("request-extend"));
    expect(screen.getByTestId("request-detail")).toHaveTextContent("at most two further months");
    const latest = plusMonths(due, 2);
    await setDate(detail.getByTestId("request-extend-until"), plusDays(latest, 1));
    await user.type(detail.getByTestId("request-extend-reason"), "Twelve years of records in three systems; told the person.");
    await user.click(detail.getByTestId("request-extend-save"));
    expect(await detail.findByTestId("request-extend-until-error")).toHaveTextContent(
      `Choose a date after ${formatDate(due)} and no later than ${formatDate(latest)}: at most two months more.`,
    );
    expect(detail.getByTestId("request-extend-until")).toHaveAttribute("aria-invalid", "true");
    expect((await api.requestsOfPerson(people[0]!.id))[0]!.extendedUntil).toBeNull();

    const until = plusDays(due, 41);
    await setDate(detail.getByTestId("request-extend-until"), until);
    await user.click(detail.getByTestId("request-extend-save"));
    expect(await detail.findByTestId("request-notice")).toHaveTextContent(`Deadline extended to ${formatDate(until)}.`);
    expect(detail.getByTestId("request-deadline")).toHaveTextContent(formatDate(until));
    expect(detail.getByTestId("request-deadline")).toHaveTextContent("Extended (Art. 12(3))");
    expect(detail.getByTestId("request-extension-reason")).toHaveTextContent("Twelve years of records in three systems");
    expect((await api.requestsOfPerson(people[0]!.id))[0]).toMatchObject({ extendedUntil: until, dueOn: due, deadline: until });

    // The queue behind the dialog follows.
    await waitFor(() => expect(within(page).getByTestId(`request-row-${request.id}`)).toHaveTextContent(new RegExp(`${formatDate(until)}\\s*\\(extended\\)`)));
    expect(within(page).getByTestId(`request-urgency-${request.id}`)).toHaveTextContent(`${daysBetween(today(), until)} days left`);
  });

  it("takes a request on and closes it as refused with its outcome; closed ones show on request", async () => {
    const { api, people, user } = await asOfficer();
    const request = await file(api, people[1]!.id, daysAgo(5), { kind: "erasure" });
    const page = await openRequests(user);
    await user.click(within(page).getByTestId(`request-open-${request.id}`));
    const detail = within(await screen.findByTestId("request-detail"));
    expect(detail.getByTestId("request-status")).toHaveTextContent("Received");

    await user.click(detail.getByTestId("request-start"));
    expect(await detail.findByTestId("request-notice")).toHaveTextContent("You now handle this request.");
    expect(detail.getByTestId("request-status")).toHaveTextContent("In progress");
    expect(detail.getByTestId("request-handler")).toHaveTextContent("Rol privacy_officer");
    expect(detail.queryByTestId("request-start")).toBeNull();

    await user.click(detail.getByTestId("request-close"));
    expect(screen.getByTestId("request-detail")).toHaveTextContent("If something could not be done, or the request is refused, say what and why");
    await user.selectOptions(detail.getByTestId("request-close-status"), "refused");
    await user.click(detail.getByTestId("request-close-save"));
    expect(await screen.findByText("This field is required.")).toBeInTheDocument();
    expect((await api.requestsOfPerson(people[1]!.id))[0]!.status).toBe("in_progress");

    await user.type(detail.getByTestId("request-close-outcome"), "Invoices are kept for seven years (tax law); told the person why and about the AP.");
    await user.click(detail.getByTestId("request-close-save"));
    expect(await detail.findByTestId("request-notice")).toHaveTextContent("Request closed.");
    expect(detail.getByTestId("request-status")).toHaveTextContent("Refused");
    expect(detail.getByTestId("request-outcome")).toHaveTextContent("Invoices are kept for seven years");
    expect(detail.getByTestId("request-detail-urgency")).toHaveTextContent("Closed");
    expect(detail.queryByTestId("request-close")).toBeNull();
    expect(detail.queryByTestId("request-extend")).toBeNull();
    expect((await api.requestsOfPerson(people[1]!.id))[0]).toMatchObject({ status: "refused", handlerName: "Rol privacy_officer" });

    await user.click(detail.getByTestId("request-detail-dismiss"));
    await waitFor(() => expect(screen.queryByTestId("request-detail")).toBeNull());
    // The queue asks the core again after the change: it may still be on its way.
    await waitFor(() => expect(within(page).queryByTestId(`request-row-${request.id}`)).toBeNull());
    expect(within(page).getByTestId("requests-open-value")).toHaveTextContent("0");

    await user.click(within(page).getByTestId("requests-show-closed"));
    const urgency = await within(page).findByTestId(`request-urgency-${request.id}`);
    expect(urgency).toHaveAttribute("data-urgency", "closed");
    expect(within(page).getByTestId(`request-row-${request.id}`)).toHaveTextContent("Refused");
  });

  it("asks for a note when identity was checked another way, and refuses a receipt date in the future", async () => {
    const { api, people, user } = await asOfficer();
    const subject = people[0]!;
    const page = await openRequests(user);
    await user.click(within(page).getByTestId("request-new"));
    const dialog = await screen.findByTestId("request-dialog");
    const d = within(dialog);
    await pickPerson(user, dialog, subject);
    await user.selectOptions(d.getByTestId("request-kind"), "portability");
    await user.selectOptions(d.getByTestId("request-verification"), "other");
    await setDate(d.getByTestId("request-received"), daysAgo(7));
    await user.click(d.getByTestId("request-save"));

    // The core asks for the note.
    expect(await d.findByTestId("request-note-error")).toHaveTextContent("This field is required.");
    expect(d.getByTestId("request-note")).toHaveAttribute("aria-invalid", "true");
    expect(await api.requestsOfPerson(subject.id)).toEqual([]);

    await user.type(d.getByTestId("request-note"), "Called back on the number on file; date of birth matched.");
    await setDate(d.getByTestId("request-received"), daysAgo(-2));
    await user.click(d.getByTestId("request-save"));
    expect(await d.findByTestId("request-received-error")).toHaveTextContent("The date of receipt cannot be in the future.");
    expect(d.queryByTestId("request-note-error")).toBeNull();

    await setDate(d.getByTestId("request-received"), daysAgo(7));
    await user.click(d.getByTestId("request-save"));
    await waitFor(() => expect(screen.queryByTestId("request-dialog")).toBeNull());
    expect(await api.requestsOfPerson(subject.id)).toEqual([
      expect.objectContaining({ kind: "portability", verification: "other", verificationNote: "Called back on the number on file; date of birth matched.", receivedOn: daysAgo(7) }),
    ]);
  });
});

describe("requests in the person's file (real core)", { timeout: 20_000 }, () => {
  it("lists the person's requests and files a new one with the person already chosen", async () => {
    const { api, people, user } = await asOfficer();
    const [person, other] = people;
    const old = await file(api, person!.id, daysAgo(66), { kind: "objection" });
    await file(api, other!.id, daysAgo(30));
    await openPerson(user, person!.id);
    const panel = within(await screen.findByTestId("person-requests"));
    const row = await panel.findByTestId(`person-request-${old.id}`);
    expect(row).toHaveTextContent("Objection");
    expect(row).toHaveTextContent(`received ${formatDate(daysAgo(66))}`);
    expect(row).toHaveTextContent(`deadline ${formatDate(old.dueOn)}`);
    expect(row).toHaveTextContent("Received");
    expect(within(row).getByTestId(`person-request-urgency-${old.id}`)).toHaveTextContent(`${-old.daysLeft} days overdue`);
    expect(panel.getAllByTestId(/^person-request-\d+$/)).toHaveLength(1);

    await user.click(panel.getByTestId("person-request-new"));
    const d = within(await screen.findByTestId("request-dialog"));
    expect(d.getByTestId("request-person-chip")).toHaveTextContent(person!.displayName);
    expect(d.queryByTestId("request-person-search")).toBeNull();
    await user.selectOptions(d.getByTestId("request-kind"), "rectification");
    await user.selectOptions(d.getByTestId("request-verification"), "signed_letter");
    const received = daysAgo(2);
    await setDate(d.getByTestId("request-received"), received);
    expect(d.getByTestId("request-due-preview")).toHaveTextContent(formatDate(plusMonths(received, 1)));
    await user.click(d.getByTestId("request-save"));
    await waitFor(() => expect(screen.queryByTestId("request-dialog")).toBeNull());

    await waitFor(() => expect(panel.getAllByTestId(/^person-request-\d+$/)).toHaveLength(2));
    const [newest] = panel.getAllByTestId(/^person-request-\d+$/);
    expect(newest).toHaveTextContent("Rectification");
    expect(newest).toHaveTextContent(`deadline ${formatDate(plusMonths(received, 1))}`);
    expect(newest).toHaveAttribute("data-urgency", "on_time");
    expect((await api.requestsOfPerson(person!.id))[0]).toMatchObject({ kind: "rectification", verification: "signed_letter", receivedOn: received });
  });

  it("shows no requests panel and asks nothing without privacy.view", async () => {
    // The seeded person has an open request, which the panel would show to the privacy officer.
    const vault = await coreVault("seeded");
    await vault.signInAs("user");
    const { api, calls } = watched(vault.api);
    const { user } = await renderApp(api);
    await openPerson(user, vault.ids.person!);
    await screen.findByTestId("consent-panel");
    expect(screen.queryByTestId("person-requests")).toBeNull();
    expect(screen.queryByTestId("person-request-new")).toBeNull();
    expect(screen.queryByText("Data subject requests")).toBeNull();
    expect(calls.filter((c) => c.startsWith("request"))).toEqual([]);
    await expect(vault.api.requestsOfPerson(vault.ids.person!)).rejects.toMatchObject({ code: "access.denied" });
  });
});
