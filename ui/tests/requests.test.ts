// Data subject requests (Art. 12, 15-22): filing one with its one-month deadline, the queue with
// the most urgent first, extending the deadline within Art. 12(3)'s limits, closing with an
// outcome, and the panel in the person's file, driven through the UI against the in-memory fake
// (whose "today" is 2026-11-27).
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { FakeApi } from "$lib/api/fake";
import type { RequestInput } from "$lib/api/types";
import { startApp } from "./helpers";

type User = Awaited<ReturnType<typeof startApp>>["user"];

/** The demo people, oldest first. */
function people(fake: FakeApi) {
  return [...fake.people].sort((a, b) => a.id - b.id);
}

function setDate(el: HTMLElement, value: string) {
  return fireEvent.input(el, { target: { value } });
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

/** Files a request straight in the fake, as the signed-in privacy officer. */
function file(fake: FakeApi, personId: number, receivedOn: string, extra: Partial<RequestInput> = {}) {
  return fake.requestFile({ personId, kind: "access", verification: "known_email", verificationNote: null, receivedOn, ...extra });
}

async function pickPerson(user: User, dialog: HTMLElement, person: { id: number; displayName: string }) {
  await user.type(within(dialog).getByTestId("request-person-search"), person.displayName);
  await user.click(await within(dialog).findByTestId(`request-person-option-${person.id}`));
  expect(within(dialog).getByTestId("request-person-chip")).toHaveTextContent(person.displayName);
}

describe("Privacy > Requests", () => {
  it("files a request found by name and shows its deadline one month after receipt", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 6 });
    const subject = people(fake)[2]!;
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
    expect(within(page).getByTestId("requests-notice")).toHaveTextContent("Request filed. Deadline: Nov 30, 2026.");

    const [stored] = fake.subjectRequests;
    expect(stored).toMatchObject({ personId: subject.id, kind: "access", receivedOn: "2026-10-31", dueOn: "2026-11-30" });
    const row = within(await within(page).findByTestId(`request-row-${stored!.id}`));
    expect(row.getByRole("rowheader")).toHaveTextContent("Access");
    expect(row.getByTestId(`request-subject-${stored!.id}`)).toHaveTextContent(subject.displayName);
    expect(row.getAllByRole("cell")[1]).toHaveTextContent("Oct 31, 2026");
    expect(row.getAllByRole("cell")[2]).toHaveTextContent("Nov 30, 2026");
    expect(row.getByTestId(`request-urgency-${stored!.id}`)).toHaveTextContent("3 days left");
    expect(row.getByTestId(`request-urgency-${stored!.id}`)).toHaveAttribute("data-urgency", "due_soon");
    expect(row.getAllByRole("cell")[3]).toHaveTextContent("Received");
    expect(row.getAllByRole("cell")[4]).toHaveTextContent("Nobody yet");
    expect(within(page).getByTestId("requests-open-value")).toHaveTextContent("1");
    expect(within(page).getByTestId("requests-due-soon-value")).toHaveTextContent("1");

    // The subject's name opens their file.
    await user.click(row.getByTestId(`request-subject-${stored!.id}`));
    expect(await screen.findByTestId("person-name")).toHaveTextContent(subject.displayName);
  });

  it("marks an overdue request in words and lists it first, before one filed earlier", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 6 });
    const [a, b] = people(fake);
    const onTime = await file(fake, a!.id, "2026-11-20", { kind: "rectification" });
    const overdue = await file(fake, b!.id, "2026-10-01", { kind: "erasure" });
    const page = await openRequests(user);

    const rows = within(page).getAllByTestId(/^request-row-/);
    expect(rows.map((r) => r.getAttribute("data-testid"))).toEqual([`request-row-${overdue.id}`, `request-row-${onTime.id}`]);
    const late = within(page).getByTestId(`request-urgency-${overdue.id}`);
    expect(late).toHaveAttribute("data-urgency", "overdue");
    expect(late).toHaveTextContent("26 days overdue");
    expect(rows[0]).toHaveTextContent("Erasure");
    expect(rows[0]).toHaveTextContent("Nov 1, 2026");
    const fine = within(page).getByTestId(`request-urgency-${onTime.id}`);
    expect(fine).toHaveAttribute("data-urgency", "on_time");
    expect(fine).toHaveTextContent("23 days left");
    expect(within(page).getByTestId("requests-open-value")).toHaveTextContent("2");
    expect(within(page).getByTestId("requests-overdue-value")).toHaveTextContent("1");
    expect(within(page).getByTestId("requests-due-soon-value")).toHaveTextContent("0");
  });

  it("refuses an extension beyond two more months on the date field, then extends to a valid date", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 6 });
    const request = await file(fake, people(fake)[0]!.id, "2026-11-10");
    expect(request.dueOn).toBe("2026-12-10");
    const page = await openRequests(user);
    await user.click(within(page).getByTestId(`request-open-${request.id}`));
    const detail = within(await screen.findByTestId("request-detail"));
    expect(detail.getByTestId("request-deadline")).toHaveTextContent("Dec 10, 2026");

    await user.click(detail.getByTestId("request-extend"));
    expect(screen.getByTestId("request-detail")).toHaveTextContent("at most two further months");
    await setDate(detail.getByTestId("request-extend-until"), "2027-02-11");
    await user.type(detail.getByTestId("request-extend-reason"), "Twelve years of records in three systems; told the person on 20 Nov.");
    await user.click(detail.getByTestId("request-extend-save"));
    expect(await detail.findByTestId("request-extend-until-error")).toHaveTextContent(
      "Choose a date after Dec 10, 2026 and no later than Feb 10, 2027: at most two months more.",
    );
    expect(detail.getByTestId("request-extend-until")).toHaveAttribute("aria-invalid", "true");
    expect(fake.subjectRequests[0]!.extendedUntil).toBeNull();

    await setDate(detail.getByTestId("request-extend-until"), "2027-01-20");
    await user.click(detail.getByTestId("request-extend-save"));
    expect(await detail.findByTestId("request-notice")).toHaveTextContent("Deadline extended to Jan 20, 2027.");
    expect(detail.getByTestId("request-deadline")).toHaveTextContent("Jan 20, 2027");
    expect(detail.getByTestId("request-deadline")).toHaveTextContent("Extended (Art. 12(3))");
    expect(detail.getByTestId("request-extension-reason")).toHaveTextContent("Twelve years of records in three systems");
    expect(fake.subjectRequests[0]).toMatchObject({ extendedUntil: "2027-01-20", dueOn: "2026-12-10" });

    // The queue behind the dialog follows.
    await waitFor(() => expect(within(page).getByTestId(`request-row-${request.id}`)).toHaveTextContent(/Jan 20, 2027\s*\(extended\)/));
    expect(within(page).getByTestId(`request-urgency-${request.id}`)).toHaveTextContent("54 days left");
  });

  it("takes a request on and closes it as refused with its outcome; closed ones show on request", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 6 });
    const request = await file(fake, people(fake)[1]!.id, "2026-11-02", { kind: "erasure" });
    const page = await openRequests(user);
    await user.click(within(page).getByTestId(`request-open-${request.id}`));
    const detail = within(await screen.findByTestId("request-detail"));
    expect(detail.getByTestId("request-status")).toHaveTextContent("Received");

    await user.click(detail.getByTestId("request-start"));
    expect(await detail.findByTestId("request-notice")).toHaveTextContent("You now handle this request.");
    expect(detail.getByTestId("request-status")).toHaveTextContent("In progress");
    expect(detail.getByTestId("request-handler")).toHaveTextContent("Sanne Bakker");
    expect(detail.queryByTestId("request-start")).toBeNull();

    await user.click(detail.getByTestId("request-close"));
    expect(screen.getByTestId("request-detail")).toHaveTextContent("If something could not be done, or the request is refused, say what and why");
    await user.selectOptions(detail.getByTestId("request-close-status"), "refused");
    await user.click(detail.getByTestId("request-close-save"));
    expect(await screen.findByText("This field is required.")).toBeInTheDocument();
    expect(fake.calls).not.toContain("request_close");

    await user.type(detail.getByTestId("request-close-outcome"), "Invoices are kept for seven years (tax law); told the person why and about the AP.");
    await user.click(detail.getByTestId("request-close-save"));
    expect(await detail.findByTestId("request-notice")).toHaveTextContent("Request closed.");
    expect(detail.getByTestId("request-status")).toHaveTextContent("Refused");
    expect(detail.getByTestId("request-outcome")).toHaveTextContent("Invoices are kept for seven years");
    expect(detail.getByTestId("request-detail-urgency")).toHaveTextContent("Closed");
    expect(detail.queryByTestId("request-close")).toBeNull();
    expect(detail.queryByTestId("request-extend")).toBeNull();
    expect(fake.subjectRequests[0]).toMatchObject({ status: "refused", handlerName: "Sanne Bakker" });

    await user.click(detail.getByTestId("request-detail-dismiss"));
    await waitFor(() => expect(screen.queryByTestId("request-detail")).toBeNull());
    expect(within(page).queryByTestId(`request-row-${request.id}`)).toBeNull();
    expect(within(page).getByTestId("requests-open-value")).toHaveTextContent("0");

    await user.click(within(page).getByTestId("requests-show-closed"));
    const urgency = await within(page).findByTestId(`request-urgency-${request.id}`);
    expect(urgency).toHaveAttribute("data-urgency", "closed");
    expect(within(page).getByTestId(`request-row-${request.id}`)).toHaveTextContent("Refused");
  });

  it("asks for a note when identity was checked another way, and refuses a receipt date in the future", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 6 });
    const subject = people(fake)[0]!;
    const page = await openRequests(user);
    await user.click(within(page).getByTestId("request-new"));
    const dialog = await screen.findByTestId("request-dialog");
    const d = within(dialog);
    await pickPerson(user, dialog, subject);
    await user.selectOptions(d.getByTestId("request-kind"), "portability");
    await user.selectOptions(d.getByTestId("request-verification"), "other");
    await setDate(d.getByTestId("request-received"), "2026-11-20");
    await user.click(d.getByTestId("request-save"));

    expect(await d.findByTestId("request-note-error")).toHaveTextContent("This field is required.");
    expect(d.getByTestId("request-note")).toHaveAttribute("aria-invalid", "true");
    expect(fake.calls).toContain("request_file");
    expect(fake.subjectRequests).toHaveLength(0);

    await user.type(d.getByTestId("request-note"), "Called back on the number on file; date of birth matched.");
    await setDate(d.getByTestId("request-received"), "2026-12-01");
    await user.click(d.getByTestId("request-save"));
    expect(await d.findByTestId("request-received-error")).toHaveTextContent("The date of receipt cannot be in the future.");
    expect(d.queryByTestId("request-note-error")).toBeNull();

    await setDate(d.getByTestId("request-received"), "2026-11-20");
    await user.click(d.getByTestId("request-save"));
    await waitFor(() => expect(screen.queryByTestId("request-dialog")).toBeNull());
    expect(fake.subjectRequests[0]).toMatchObject({ kind: "portability", verification: "other", verificationNote: "Called back on the number on file; date of birth matched." });
  });
});

describe("requests in the person's file", () => {
  it("lists the person's requests and files a new one with the person already chosen", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 6 });
    const [person, other] = people(fake);
    const old = await file(fake, person!.id, "2026-10-01", { kind: "objection" });
    await file(fake, other!.id, "2026-11-01");
    await openPerson(user, person!.id);
    const panel = within(await screen.findByTestId("person-requests"));
    const row = await panel.findByTestId(`person-request-${old.id}`);
    expect(row).toHaveTextContent("Objection");
    expect(row).toHaveTextContent("received Oct 1, 2026");
    expect(row).toHaveTextContent("deadline Nov 1, 2026");
    expect(row).toHaveTextContent("Received");
    expect(within(row).getByTestId(`person-request-urgency-${old.id}`)).toHaveTextContent("26 days overdue");
    expect(panel.getAllByTestId(/^person-request-\d+$/)).toHaveLength(1);

    await user.click(panel.getByTestId("person-request-new"));
    const d = within(await screen.findByTestId("request-dialog"));
    expect(d.getByTestId("request-person-chip")).toHaveTextContent(person!.displayName);
    expect(d.queryByTestId("request-person-search")).toBeNull();
    await user.selectOptions(d.getByTestId("request-kind"), "rectification");
    await user.selectOptions(d.getByTestId("request-verification"), "signed_letter");
    await setDate(d.getByTestId("request-received"), "2026-11-25");
    expect(d.getByTestId("request-due-preview")).toHaveTextContent("Dec 25, 2026");
    await user.click(d.getByTestId("request-save"));
    await waitFor(() => expect(screen.queryByTestId("request-dialog")).toBeNull());

    await waitFor(() => expect(panel.getAllByTestId(/^person-request-\d+$/)).toHaveLength(2));
    const [newest] = panel.getAllByTestId(/^person-request-\d+$/);
    expect(newest).toHaveTextContent("Rectification");
    expect(newest).toHaveTextContent("deadline Dec 25, 2026");
    expect(newest).toHaveAttribute("data-urgency", "on_time");
  });

  it("shows no requests panel and asks nothing without privacy.view", async () => {
    const { fake, user } = await startApp({ preset: "user", demo: 4 });
    const person = people(fake)[0]!;
    // A request on file that the panel would show to the privacy officer.
    fake.subjectRequests.push({
      id: 900, kind: "access", personId: person.id, subjectRef: person.id, verification: "known_email", verificationNote: null,
      receivedOn: "2026-11-01", dueOn: "2026-12-01", extendedUntil: null, extensionReason: null, status: "received",
      handlerName: null, outcome: null, files: [], closedAt: null, createdAt: "2026-11-01T10:00:00.000Z",
    });
    await openPerson(user, person.id);
    await screen.findByTestId("consent-panel");
    expect(screen.queryByTestId("person-requests")).toBeNull();
    expect(screen.queryByTestId("person-request-new")).toBeNull();
    expect(screen.queryByText("Data subject requests")).toBeNull();
    expect(fake.calls).not.toContain("requests_of_person");
    expect(fake.calls.filter((c) => c.startsWith("request"))).toEqual([]);
  });
});

describe("the preview's request demo data", () => {
  it("seeds open requests with one overdue and one due within the week, and closed ones", async () => {
    const { FakeApi } = await import("$lib/api/fake");
    const fake = new FakeApi({ preset: "privacy" });
    await fake.seedRequestsDemo();
    const queue = await fake.requestsQueue(false);
    expect(queue.open).toBe(4);
    expect(queue.overdue).toBe(1);
    expect(queue.dueSoon).toBe(1);
    expect(queue.requests.map((r) => r.urgency)).toEqual(["overdue", "due_soon", "on_time", "on_time"]);
    const all = await fake.requestsQueue(true);
    expect(all.requests.slice(4).map((r) => r.status)).toEqual(["completed", "refused"]);
    // Seeding twice adds nothing.
    await fake.seedRequestsDemo();
    expect((await fake.requestsQueue(true)).requests).toHaveLength(6);
  });
});
