import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FAKE_PASSWORD, type FakeApi } from "$lib/api/fake";
import type { EmployeeInput } from "$lib/api/types";
import { startApp } from "./helpers";

// Seeded by the fake (fake-hr.ts): Sanne Bakker, current, with a sick day whose reason is "Griep";
// Ilse Smit left on 2026-06-30, before the fake's "today".
const SANNE = 9000;
const SANNE_SICK = 9200;
const ILSE = 9004;

type User = Awaited<ReturnType<typeof startApp>>["user"];

async function openPersonnel(user: User) {
  await user.click(screen.getByTestId("nav-hr"));
  return screen.findByTestId("hr-list");
}

async function openFile(user: User, id: number) {
  await user.click(await screen.findByTestId(`hr-row-${id}`));
  return screen.findByTestId("hr-file");
}

/** Date inputs take a whole ISO day at once; typing into them in jsdom is unreliable. */
function setDate(el: HTMLElement, value: string) {
  return fireEvent.input(el, { target: { value } });
}

function employee(n: number): EmployeeInput {
  return {
    givenName: "Test",
    tussenvoegsel: "",
    familyName: `Persoon ${String(n).padStart(2, "0")}`,
    email: null,
    position: null,
    department: null,
    contractType: "permanent",
    hoursPerWeek: null,
    startDate: "2024-01-01",
    endDate: null,
    salaryCents: null,
    salaryCurrency: null,
    salaryPeriod: "month",
    notes: null,
  };
}

describe("personnel files for HR", () => {
  it("lists current staff, shows former staff on request, and opens a file with its absence reason", async () => {
    const { user } = await startApp({ preset: "hr" });
    const list = await openPersonnel(user);
    expect(screen.getByTestId("page-title")).toHaveTextContent("Personnel");

    await waitFor(() => expect(within(list).getAllByTestId(/^hr-row-/)).toHaveLength(4));
    expect(screen.getByTestId("hr-total")).toHaveTextContent("4 people");
    expect(screen.queryByTestId(`hr-row-${ILSE}`)).toBeNull();
    const row = screen.getByTestId(`hr-row-${SANNE}`);
    for (const text of ["Sanne Bakker", "Accountmanager", "Verkoop", "Permanent", "Jan 1, 2018"]) {
      expect(row).toHaveTextContent(text);
    }

    await user.click(screen.getByTestId("hr-include-former"));
    expect(await screen.findByTestId(`hr-row-${ILSE}`)).toHaveTextContent("until Jun 30, 2026");
    expect(screen.getByTestId("hr-total")).toHaveTextContent("5 people");

    await openFile(user, SANNE);
    expect(screen.getByTestId("hr-name")).toHaveTextContent("Sanne Bakker");
    expect(screen.getByTestId("hr-salary")).toHaveTextContent("€3,200 per month");
    expect(screen.getByTestId("hr-contract")).toHaveTextContent("Permanent");
    const reason = screen.getByTestId(`hr-absence-reason-${SANNE_SICK}`);
    expect(reason).toHaveAttribute("data-redacted", "false");
    expect(reason).toHaveTextContent("Griep");
    expect(screen.getByTestId(`hr-absence-${SANNE_SICK}`)).toHaveTextContent("Sick");
    expect(screen.getByTestId("hr-edit")).toBeInTheDocument();
    expect(screen.getByTestId("hr-delete")).toBeInTheDocument();

    await user.click(screen.getByTestId("hr-back"));
    expect(await screen.findByTestId("hr-list")).toBeInTheDocument();
  });

  it("records an absence with its reason and a review", async () => {
    const { fake, user } = await startApp({ preset: "hr" });
    await openPersonnel(user);
    await openFile(user, SANNE);

    await user.click(screen.getByTestId("hr-absence-add"));
    const absence = within(screen.getByTestId("hr-absence-dialog"));
    expect(absence.getByText(/Health data/)).toBeInTheDocument();
    await setDate(absence.getByTestId("hr-absence-start"), "2026-11-02");
    await setDate(absence.getByTestId("hr-absence-end"), "2026-11-01");
    await user.click(absence.getByTestId("hr-absence-submit"));
    expect(absence.getByTestId("hr-absence-endDate-error")).toHaveTextContent("The end date is before the start date.");

    await setDate(absence.getByTestId("hr-absence-end"), "2026-11-04");
    await user.type(absence.getByTestId("hr-absence-reason"), "Rugklachten");
    await user.click(absence.getByTestId("hr-absence-submit"));
    await waitFor(() => expect(screen.queryByTestId("hr-absence-dialog")).toBeNull());

    const stored = fake.staff.find((r) => r.employee.id === SANNE)!.absences[0]!;
    expect(stored).toMatchObject({ kind: "sick", startDate: "2026-11-02", endDate: "2026-11-04", reasonText: "Rugklachten" });
    const added = screen.getByTestId(`hr-absence-${stored.id}`);
    expect(added).toHaveTextContent("Nov 2, 2026 – Nov 4, 2026");
    expect(added).toHaveTextContent("Rugklachten");

    await user.click(screen.getByTestId("hr-review-add"));
    const review = within(screen.getByTestId("hr-review-dialog"));
    await user.click(review.getByTestId("hr-review-submit"));
    expect(review.getByTestId("hr-review-summary-error")).toHaveTextContent("This field is required.");
    await setDate(review.getByTestId("hr-review-date"), "2026-11-20");
    await user.selectOptions(review.getByTestId("hr-review-rating"), "5");
    await user.type(review.getByTestId("hr-review-summary"), "Sterk jaar, neemt de leiding bij storingen.");
    await user.click(review.getByTestId("hr-review-submit"));
    await waitFor(() => expect(screen.queryByTestId("hr-review-dialog")).toBeNull());

    const saved = fake.staff.find((r) => r.employee.id === SANNE)!.reviews[0]!;
    expect(saved).toMatchObject({ reviewDate: "2026-11-20", rating: 5, reviewerName: "Hanna Hoekstra" });
    const shown = screen.getByTestId(`hr-review-${saved.id}`);
    expect(shown).toHaveTextContent("Sterk jaar");
    expect(shown).toHaveTextContent("by Hanna Hoekstra");
    expect(within(shown).getByRole("img", { name: "Rating: 5 of 5" })).toBeInTheDocument();
  });

  it("creates an employee, with field errors from the form and from the core first", async () => {
    const { fake, user } = await startApp({ preset: "hr" });
    await openPersonnel(user);
    await user.click(screen.getByTestId("hr-new"));
    const dialog = within(screen.getByTestId("hr-form"));

    await user.click(dialog.getByTestId("hr-form-submit"));
    expect(dialog.getByTestId("hr-form-givenName-error")).toHaveTextContent("This field is required.");
    expect(dialog.getByTestId("hr-form-startDate-error")).toHaveTextContent("This field is required.");

    await user.type(dialog.getByTestId("hr-form-givenName"), "Noor");
    await user.type(dialog.getByTestId("hr-form-tussenvoegsel"), "van den");
    await user.type(dialog.getByTestId("hr-form-familyName"), "Berg");
    await user.selectOptions(dialog.getByTestId("hr-form-contract"), "fixed_term");
    await setDate(dialog.getByTestId("hr-form-startDate"), "2026-12-01");
    await setDate(dialog.getByTestId("hr-form-endDate"), "2026-01-31");
    await user.click(dialog.getByTestId("hr-form-submit"));
    expect(dialog.getByTestId("hr-form-endDate-error")).toHaveTextContent("The end date is before the start date.");
    expect(fake.calls).not.toContain("employee_create");

    await setDate(dialog.getByTestId("hr-form-endDate"), "2027-11-30");
    await user.type(dialog.getByTestId("hr-form-hoursPerWeek"), "90");
    await user.click(dialog.getByTestId("hr-form-submit"));
    expect(dialog.getByTestId("hr-form-hoursPerWeek-error")).toHaveTextContent("Whole hours from 0 to 80.");
    expect(dialog.queryByTestId("hr-form-endDate-error")).toBeNull();
    expect(fake.calls).not.toContain("employee_create");

    // The form leaves the e-mail format to the core; its refusal lands on the field.
    await user.clear(dialog.getByTestId("hr-form-hoursPerWeek"));
    await user.type(dialog.getByTestId("hr-form-hoursPerWeek"), "32");
    await user.type(dialog.getByTestId("hr-form-email"), "noor@");
    await user.click(dialog.getByTestId("hr-form-submit"));
    expect(await dialog.findByTestId("hr-form-email-error")).toHaveTextContent("This is not in the right format.");
    expect(fake.calls).toContain("employee_create");

    await user.clear(dialog.getByTestId("hr-form-email"));
    await user.type(dialog.getByTestId("hr-form-email"), "noor@kluis-demo.nl");
    await user.type(dialog.getByTestId("hr-form-salary"), "2800.5");
    await user.click(dialog.getByTestId("hr-form-submit"));

    expect(await screen.findByTestId("hr-name")).toHaveTextContent("Noor van den Berg");
    expect(screen.getByTestId("hr-salary")).toHaveTextContent("€2,800.50 per month");
    expect(screen.getByTestId("hr-contract")).toHaveTextContent("Fixed term");
    expect(screen.getByTestId("hr-end")).toHaveTextContent("Nov 30, 2027");
    const created = fake.staff.at(-1)!.employee;
    expect(created).toMatchObject({ familyName: "Berg", email: "noor@kluis-demo.nl", hoursPerWeek: 32, salary: { cents: 280050, currency: "EUR", period: "month" } });
  });

  it("pages through a long list with Show more", async () => {
    const { fake, user } = await startApp({ preset: "hr" });
    for (let n = 0; n < 50; n++) await fake.employeeCreate(employee(n));
    const list = await openPersonnel(user);
    await waitFor(() => expect(within(list).getAllByTestId(/^hr-row-/)).toHaveLength(50));
    expect(screen.getByTestId("hr-total")).toHaveTextContent("54 people");
    await user.click(screen.getByTestId("hr-more"));
    await waitFor(() => expect(within(list).getAllByTestId(/^hr-row-/)).toHaveLength(54));
    expect(screen.queryByTestId("hr-more")).toBeNull();
    expect(screen.getByTestId("hr-total")).toHaveTextContent("54 people");
  });

  it("speaks Dutch: contract types, salary and dates per locale", async () => {
    const { user } = await startApp({ preset: "hr", locale: "nl" });
    await openPersonnel(user);
    expect(screen.getByTestId("nav-hr")).toHaveTextContent("Personeel");
    expect(await screen.findByTestId(`hr-row-${SANNE}`)).toHaveTextContent("Vast");
    await openFile(user, SANNE);
    expect(screen.getByText("Personeelsdossier")).toBeInTheDocument();
    expect(screen.getByTestId("hr-salary")).toHaveTextContent("€ 3.200 per maand");
    expect(screen.getByTestId("hr-start")).toHaveTextContent("1 jan 2018");
    expect(screen.getByTestId("hr-absences")).toHaveTextContent("Verzuim");
    expect(screen.getByTestId("hr-reviews")).toHaveTextContent("Functioneringsgesprekken");
  });

  it("offers Personnel in the Ctrl+K palette", async () => {
    const { user } = await startApp({ preset: "hr" });
    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("palette-input"), "pers");
    await user.click(await screen.findByTestId("palette-go-hr"));
    expect(await screen.findByTestId("hr-list")).toBeInTheDocument();
  });
});

describe("personnel files for management", () => {
  it("shows files and salary, locks the absence reason, and offers no changes", async () => {
    const { user } = await startApp({ preset: "management" });
    await openPersonnel(user);
    await screen.findByTestId(`hr-row-${SANNE}`);
    expect(screen.queryByTestId("hr-new")).toBeNull();

    const file = await openFile(user, SANNE);
    expect(screen.getByTestId("hr-salary")).toHaveTextContent("€3,200 per month");
    const reason = screen.getByTestId(`hr-absence-reason-${SANNE_SICK}`);
    expect(reason).toHaveAttribute("data-redacted", "true");
    expect(reason).toHaveTextContent("Health data: not shown for your role");
    expect(file.textContent).not.toContain("Griep");
    for (const id of ["hr-edit", "hr-delete", "hr-review-add", "hr-absence-add"]) {
      expect(screen.queryByTestId(id), id).toBeNull();
    }
  });
});

describe("personnel files for others", () => {
  it("an ordinary user sees no Personnel menu or palette entry, and the core refuses the list", async () => {
    const { fake, user } = await startApp({ preset: "user" });
    expect(screen.getByTestId("nav-contacts")).toBeInTheDocument();
    expect(screen.queryByTestId("nav-hr")).toBeNull();

    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("palette-input"), "pers");
    expect(screen.queryByTestId("palette-go-hr")).toBeNull();

    expect(fake.calls).not.toContain("employees_list");
    await expect(fake.employeesList({ after: null, limit: 10, includeFormer: false })).rejects.toMatchObject({
      code: "access.denied",
    });
  });

  it("shows a not-available state when the role lost HR access while the section was open", async () => {
    const { fake, user } = await startApp({ preset: "hr" });
    await openPersonnel(user);
    await screen.findByTestId(`hr-row-${SANNE}`);
    await user.click(screen.getByTestId("lock-now"));
    await screen.findByTestId("lock-screen");

    // An administrator takes the HR role away while the screen is locked.
    hanna(fake).roles = ["user"];
    const before = fake.calls.filter((c) => c === "employees_list").length;
    await user.type(screen.getByTestId("unlock-password"), FAKE_PASSWORD);
    await user.click(screen.getByTestId("unlock-submit"));

    expect(await screen.findByTestId("hr-denied")).toHaveTextContent("Not available for your role");
    expect(screen.queryByTestId("nav-hr")).toBeNull();
    expect(screen.queryByTestId("hr-list")).toBeNull();
    expect(fake.calls.filter((c) => c === "employees_list")).toHaveLength(before);
  });
});

describe("personnel files whose key has not been handed over yet", () => {
  it("explains calmly that the key to personnel files is on its way, instead of an error", async () => {
    const { fake, user } = await startApp({ preset: "hr" });
    // Hanna was given the HR role by an administrator who does not hold the key.
    fake.keysWaiting.hr = [hanna(fake).id];
    const list = await openPersonnel(user);

    const waiting = await within(list).findByTestId("hr-key-waiting");
    expect(waiting).toHaveTextContent("The key to personnel files has not reached you yet");
    expect(waiting).toHaveTextContent(
      "It is handed over when a colleague who holds it signs in, or by an administrator with the recovery key",
    );
    expect(within(list).queryByTestId("form-error")).toBeNull();
    expect(within(list).queryByTestId("hr-empty")).toBeNull();
    expect(within(list).queryByTestId("hr-include-former")).toBeNull();
    expect(screen.queryByTestId("hr-new")).toBeNull();
    await expect(fake.employeesList({ after: null, limit: 10, includeFormer: false })).rejects.toMatchObject({
      code: "keys.category_unavailable",
      details: { category: "hr" },
    });

    await user.click(screen.getByTestId("lang-nl"));
    await waitFor(() => expect(waiting).toHaveTextContent("De sleutel van de personeelsdossiers is nog niet bij jou"));
    expect(waiting).toHaveTextContent("Die wordt overgedragen zodra een collega die hem heeft inlogt, of door een beheerder met de herstelsleutel");
  });

  it("says so in a file whose absence reasons need the key to special categories of data", async () => {
    const { fake, user } = await startApp({ preset: "hr" });
    fake.keysWaiting.special = [hanna(fake).id];
    await openPersonnel(user);
    const file = await openFile(user, SANNE);

    const waiting = await within(file).findByTestId("hr-key-waiting");
    expect(waiting).toHaveTextContent("The key to absence reasons has not reached you yet");
    expect(waiting).toHaveTextContent("Absence reasons are special categories of data");
    expect(within(file).queryByTestId("form-error")).toBeNull();
    expect(file.textContent).not.toContain("Griep");
  });

  it("opens the files once a colleague who holds the key has signed in", async () => {
    const { fake, user } = await startApp({ preset: "hr" });
    fake.keysWaiting.hr = [hanna(fake).id];
    // Fatima holds the key; signing in, she hands it to Hanna.
    await fake.signIn("fatima", FAKE_PASSWORD);
    fake.sessionUserId = hanna(fake).id;
    await openPersonnel(user);
    expect(await screen.findByTestId(`hr-row-${SANNE}`)).toBeInTheDocument();
    expect(screen.queryByTestId("hr-key-waiting")).toBeNull();
  });
});

function hanna(fake: FakeApi) {
  const found = fake.users.find((u) => u.username === "hanna");
  if (!found) throw new Error("no hanna");
  return found;
}
