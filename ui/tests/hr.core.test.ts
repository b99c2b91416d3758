// Personnel files against the real core: HR's list and files, absences with their reason (health
// data) and reviews, the form's checks and the core's, management's read-only view, others kept
// out, and the category keys (a file opens only once its key has reached the person).
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { EmployeeInput, KluisApi } from "$lib/api/types";
import { coreVault, renderApp, type CoreVault, type Role } from "./core";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

function employee(givenName: string, familyName: string, more: Partial<EmployeeInput> = {}): EmployeeInput {
  return {
    givenName,
    tussenvoegsel: "",
    familyName,
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
    ...more,
  };
}

/**
 * A seeded vault (whose HR user, "Rol hr", keeps the files of Hortensia Personeel and Tijdelijk
 * Weg) where HR added Sanne Bakker, with a sick day whose reason is "Griep", and Ilse Smit, who
 * left in 2020. Signed in as `role` afterwards.
 */
async function withStaff(role: Role = "hr") {
  const vault = await coreVault("seeded");
  const { api } = vault;
  await vault.signInAs("hr");
  const sanne = await api.employeeCreate(
    employee("Sanne", "Bakker", { position: "Accountmanager", department: "Verkoop", startDate: "2018-01-01", salaryCents: 320_000, salaryCurrency: "EUR" }),
  );
  const file = await api.employeeAbsenceAdd(sanne.id, { kind: "sick", startDate: "2026-01-05", endDate: "2026-01-06", reason: "Griep" });
  const ilse = await api.employeeCreate(employee("Ilse", "Smit", { startDate: "2015-03-01", endDate: "2020-06-30" }));
  await vault.signInAs(role);
  return { ...vault, sanne: sanne.id, sick: file.absences[0]!.id, ilse: ilse.id };
}

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

async function userId(vault: CoreVault, role: Role): Promise<number> {
  return (await vault.api.usersList()).find((u) => u.username === vault.users[role])!.id;
}

const current = { after: null, limit: 200, includeFormer: false } as const;

describe("personnel files for HR (real core)", { timeout: 30_000 }, () => {
  it("lists current staff, shows former staff on request, and opens a file with its absence reason", async () => {
    const { api, sanne, sick, ilse } = await withStaff();
    const { user } = await renderApp(api);
    const list = await openPersonnel(user);
    expect(screen.getByTestId("page-title")).toHaveTextContent("Personnel");

    await waitFor(() => expect(within(list).getAllByTestId(/^hr-row-/)).toHaveLength(3));
    expect(screen.getByTestId("hr-total")).toHaveTextContent("3 people");
    expect(screen.queryByTestId(`hr-row-${ilse}`)).toBeNull();
    const row = screen.getByTestId(`hr-row-${sanne}`);
    for (const text of ["Sanne Bakker", "Accountmanager", "Verkoop", "Permanent", "Jan 1, 2018"]) {
      expect(row).toHaveTextContent(text);
    }

    await user.click(screen.getByTestId("hr-include-former"));
    expect(await screen.findByTestId(`hr-row-${ilse}`)).toHaveTextContent("until Jun 30, 2020");
    expect(screen.getByTestId("hr-total")).toHaveTextContent("4 people");

    await openFile(user, sanne);
    expect(await screen.findByTestId("hr-name")).toHaveTextContent("Sanne Bakker");
    expect(screen.getByTestId("hr-salary")).toHaveTextContent("€3,200 per month");
    expect(screen.getByTestId("hr-contract")).toHaveTextContent("Permanent");
    const reason = screen.getByTestId(`hr-absence-reason-${sick}`);
    expect(reason).toHaveAttribute("data-redacted", "false");
    expect(reason).toHaveTextContent("Griep");
    expect(screen.getByTestId(`hr-absence-${sick}`)).toHaveTextContent("Sick");
    expect(screen.getByTestId("hr-edit")).toBeInTheDocument();
    expect(screen.getByTestId("hr-delete")).toBeInTheDocument();

    await user.click(screen.getByTestId("hr-back"));
    expect(await screen.findByTestId("hr-list")).toBeInTheDocument();
  });

  it("records an absence with its reason and a review, which the core keeps", async () => {
    const { api, sanne, sick } = await withStaff();
    const { user } = await renderApp(api);
    await openPersonnel(user);
    await openFile(user, sanne);

    await user.click(await screen.findByTestId("hr-absence-add"));
    const absence = within(screen.getByTestId("hr-absence-dialog"));
    expect(absence.getByText(/Health data/)).toBeInTheDocument();
    await setDate(absence.getByTestId("hr-absence-start"), "2026-11-02");
    await setDate(absence.getByTestId("hr-absence-end"), "2026-11-01");
    await user.click(absence.getByTestId("hr-absence-submit"));
    expect(absence.getByTestId("hr-absence-endDate-error")).toHaveTextContent("The end date is before the start date.");
    expect((await api.employeeView(sanne)).absences).toHaveLength(1);

    await setDate(absence.getByTestId("hr-absence-end"), "2026-11-04");
    await user.type(absence.getByTestId("hr-absence-reason"), "Rugklachten");
    await user.click(absence.getByTestId("hr-absence-submit"));
    await waitFor(() => expect(screen.queryByTestId("hr-absence-dialog")).toBeNull());

    const stored = (await api.employeeView(sanne)).absences.find((a) => a.id !== sick)!;
    expect(stored).toMatchObject({ kind: "sick", startDate: "2026-11-02", endDate: "2026-11-04", reason: { state: "shown", value: "Rugklachten" } });
    const added = await screen.findByTestId(`hr-absence-${stored.id}`);
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

    const saved = (await api.employeeView(sanne)).reviews[0]!;
    expect(saved).toMatchObject({ reviewDate: "2026-11-20", rating: 5, reviewerName: "Rol hr", summary: "Sterk jaar, neemt de leiding bij storingen." });
    const shown = await screen.findByTestId(`hr-review-${saved.id}`);
    expect(shown).toHaveTextContent("Sterk jaar");
    expect(shown).toHaveTextContent("by Rol hr");
    expect(within(shown).getByRole("img", { name: "Rating: 5 of 5" })).toBeInTheDocument();
  });

  it("creates an employee, with field errors from the form and from the core first", async () => {
    const { api } = await withStaff();
    const { user } = await renderApp(api);
    await openPersonnel(user);
    await user.click(await screen.findByTestId("hr-new"));
    const dialog = within(screen.getByTestId("hr-form"));
    const stored = async () => (await api.employeesList(current)).total;
    const before = await stored();

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

    await setDate(dialog.getByTestId("hr-form-endDate"), "2027-11-30");
    await user.type(dialog.getByTestId("hr-form-hoursPerWeek"), "90");
    await user.click(dialog.getByTestId("hr-form-submit"));
    expect(dialog.getByTestId("hr-form-hoursPerWeek-error")).toHaveTextContent("Whole hours from 0 to 80.");
    expect(dialog.queryByTestId("hr-form-endDate-error")).toBeNull();
    expect(await stored()).toBe(before);

    // The form leaves the e-mail format to the core; its refusal lands on the field.
    await user.clear(dialog.getByTestId("hr-form-hoursPerWeek"));
    await user.type(dialog.getByTestId("hr-form-hoursPerWeek"), "32");
    await user.type(dialog.getByTestId("hr-form-email"), "noor@");
    await user.click(dialog.getByTestId("hr-form-submit"));
    expect(await dialog.findByTestId("hr-form-email-error")).toHaveTextContent("This is not in the right format.");
    expect(await stored()).toBe(before);

    await user.clear(dialog.getByTestId("hr-form-email"));
    await user.type(dialog.getByTestId("hr-form-email"), "noor@kluis-demo.nl");
    await user.type(dialog.getByTestId("hr-form-salary"), "2800.5");
    await user.click(dialog.getByTestId("hr-form-submit"));

    expect(await screen.findByTestId("hr-name")).toHaveTextContent("Noor van den Berg");
    expect(screen.getByTestId("hr-salary")).toHaveTextContent("€2,800.50 per month");
    expect(screen.getByTestId("hr-contract")).toHaveTextContent("Fixed term");
    expect(screen.getByTestId("hr-end")).toHaveTextContent("Nov 30, 2027");
    const row = (await api.employeesList(current)).rows.find((r) => r.displayName === "Noor van den Berg")!;
    expect((await api.employeeView(row.id)).employee).toMatchObject({
      tussenvoegsel: "van den",
      familyName: "Berg",
      email: "noor@kluis-demo.nl",
      contractType: "fixed_term",
      hoursPerWeek: 32,
      startDate: "2026-12-01",
      endDate: "2027-11-30",
      salary: { cents: 280050, currency: "EUR", period: "month" },
    });
  });

  it("pages through a long list with Show more", async () => {
    const vault = await coreVault("seeded");
    await vault.signInAs("hr");
    // With the seeded vault's two current files: 52.
    for (let n = 0; n < 50; n++) await vault.api.employeeCreate(employee("Test", `Persoon ${String(n).padStart(2, "0")}`));
    const { user } = await renderApp(vault.api);
    const list = await openPersonnel(user);
    await waitFor(() => expect(within(list).getAllByTestId(/^hr-row-/)).toHaveLength(50));
    expect(screen.getByTestId("hr-total")).toHaveTextContent("52 people");
    await user.click(screen.getByTestId("hr-more"));
    await waitFor(() => expect(within(list).getAllByTestId(/^hr-row-/)).toHaveLength(52));
    expect(screen.queryByTestId("hr-more")).toBeNull();
    expect(screen.getByTestId("hr-total")).toHaveTextContent("52 people");
  });

  it("speaks Dutch: contract types, salary and dates per locale", async () => {
    const { api, sanne } = await withStaff();
    const { user } = await renderApp(api, "nl");
    await openPersonnel(user);
    expect(screen.getByTestId("nav-hr")).toHaveTextContent("Personeel");
    expect(await screen.findByTestId(`hr-row-${sanne}`)).toHaveTextContent("Vast");
    await openFile(user, sanne);
    expect(await screen.findByText("Personeelsdossier")).toBeInTheDocument();
    expect(screen.getByTestId("hr-salary")).toHaveTextContent("€ 3.200 per maand");
    expect(screen.getByTestId("hr-start")).toHaveTextContent("1 jan 2018");
    expect(screen.getByTestId("hr-absences")).toHaveTextContent("Verzuim");
    expect(screen.getByTestId("hr-reviews")).toHaveTextContent("Functioneringsgesprekken");
  });

  it("offers Personnel in the Ctrl+K palette", async () => {
    const vault = await coreVault("seeded");
    await vault.signInAs("hr");
    const { user } = await renderApp(vault.api);
    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("palette-input"), "pers");
    await user.click(await screen.findByTestId("palette-go-hr"));
    expect(await screen.findByTestId("hr-list")).toBeInTheDocument();
    expect(await screen.findByText("Hortensia Personeel")).toBeInTheDocument();
  });
});

describe("personnel files for management (real core)", { timeout: 30_000 }, () => {
  it("shows files and salary, locks the absence reason, and offers no changes", async () => {
    const { api, sanne, sick } = await withStaff("management");
    const { user } = await renderApp(api);
    await openPersonnel(user);
    await screen.findByTestId(`hr-row-${sanne}`);
    expect(screen.queryByTestId("hr-new")).toBeNull();

    const file = await openFile(user, sanne);
    expect(await screen.findByTestId("hr-salary")).toHaveTextContent("€3,200 per month");
    const reason = screen.getByTestId(`hr-absence-reason-${sick}`);
    expect(reason).toHaveAttribute("data-redacted", "true");
    expect(reason).toHaveTextContent("Health data: not shown for your role");
    expect(file.textContent).not.toContain("Griep");
    for (const id of ["hr-edit", "hr-delete", "hr-review-add", "hr-absence-add"]) {
      expect(screen.queryByTestId(id), id).toBeNull();
    }
    await expect(api.employeeAbsenceAdd(sanne, { kind: "leave", startDate: "2026-11-02", endDate: null, reason: null })).rejects.toMatchObject({
      code: "access.denied",
    });
  });
});

describe("personnel files for others (real core)", { timeout: 30_000 }, () => {
  it("an ordinary user sees no Personnel menu or palette entry, and the core refuses the list", async () => {
    const vault = await coreVault("seeded");
    await vault.signInAs("user");
    let lists = 0;
    const counted: KluisApi = { ...vault.api, employeesList: (q) => (lists++, vault.api.employeesList(q)) };
    const { user } = await renderApp(counted);
    expect(screen.getByTestId("nav-contacts")).toBeInTheDocument();
    expect(screen.queryByTestId("nav-hr")).toBeNull();

    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("palette-input"), "pers");
    expect(screen.queryByTestId("palette-go-hr")).toBeNull();

    expect(lists).toBe(0);
    await expect(vault.api.employeesList({ after: null, limit: 10, includeFormer: false })).rejects.toMatchObject({ code: "access.denied" });
  });

  it("shows a not-available state when the role lost HR access while the section was open", async () => {
    const vault = await coreVault("seeded");
    const { api, password } = vault;
    await vault.signInAs("hr");
    let lists = 0;
    const counted: KluisApi = { ...api, employeesList: (q) => (lists++, api.employeesList(q)) };
    const { user } = await renderApp(counted);
    await openPersonnel(user);
    await screen.findByText("Hortensia Personeel");
    await user.click(screen.getByTestId("lock-now"));
    await screen.findByTestId("lock-screen");

    // An administrator takes the HR role away while the screen is locked.
    await vault.signInAs("administrator");
    await api.userSetAccess(await userId(vault, "hr"), { roles: ["user"], mayDelete: null });
    await api.lock();
    const before = lists;
    await user.type(screen.getByTestId("unlock-password"), password);
    await user.click(screen.getByTestId("unlock-submit"));

    expect(await screen.findByTestId("hr-denied")).toHaveTextContent("Not available for your role");
    expect(screen.queryByTestId("nav-hr")).toBeNull();
    expect(screen.queryByTestId("hr-list")).toBeNull();
    expect(lists).toBe(before);
  });
});

describe("personnel files whose key has not been handed over yet (real core)", { timeout: 30_000 }, () => {
  /** The administrator, who holds no key to personnel files, makes the ordinary user HR. */
  async function newHr() {
    const vault = await coreVault("seeded");
    await vault.signInAs("administrator");
    await vault.api.userSetAccess(await userId(vault, "user"), { roles: ["hr"], mayDelete: null });
    await vault.signInAs("user");
    return vault;
  }

  it("explains calmly that the key to personnel files is on its way, instead of an error", async () => {
    const { api } = await newHr();
    const { user } = await renderApp(api);
    const list = await openPersonnel(user);

    const waiting = await within(list).findByTestId("hr-key-waiting");
    expect(waiting).toHaveTextContent("The key to personnel files has not reached you yet");
    expect(waiting).toHaveTextContent("It is handed over when a colleague who holds it signs in, or by an administrator with the recovery key");
    expect(within(list).queryByTestId("form-error")).toBeNull();
    expect(within(list).queryByTestId("hr-empty")).toBeNull();
    expect(within(list).queryByTestId("hr-include-former")).toBeNull();
    expect(screen.queryByTestId("hr-new")).toBeNull();
    await expect(api.employeesList({ after: null, limit: 10, includeFormer: false })).rejects.toMatchObject({
      code: "keys.category_unavailable",
      details: { category: "hr" },
    });

    await user.click(screen.getByTestId("lang-nl"));
    await waitFor(() => expect(waiting).toHaveTextContent("De sleutel van de personeelsdossiers is nog niet bij jou"));
    expect(waiting).toHaveTextContent("Die wordt overgedragen zodra een collega die hem heeft inlogt, of door een beheerder met de herstelsleutel");
  });

  it("says so in a file whose absence reasons need the key to special categories of data", async () => {
    // Management holds the key to personnel files but not the one to absence reasons; made HR
    // as well, they wait for the latter.
    const vault = await coreVault("seeded");
    const { api, ids } = vault;
    await vault.signInAs("administrator");
    await api.userSetAccess(await userId(vault, "management"), { roles: ["management", "hr"], mayDelete: null });
    await vault.signInAs("management");
    const { user } = await renderApp(api);
    await openPersonnel(user);
    const file = await openFile(user, ids.employee!);

    const waiting = await within(file).findByTestId("hr-key-waiting");
    expect(waiting).toHaveTextContent("The key to absence reasons has not reached you yet");
    expect(waiting).toHaveTextContent("Absence reasons are special categories of data");
    expect(within(file).queryByTestId("form-error")).toBeNull();
    expect(file.textContent).not.toContain("Migrainemarker");
    await expect(api.employeeView(ids.employee!)).rejects.toMatchObject({ code: "keys.category_unavailable", details: { category: "special" } });
  });

  it("opens the files once a colleague who holds the key has signed in", async () => {
    const vault = await newHr();
    await expect(vault.api.employeesList(current)).rejects.toMatchObject({ code: "keys.category_unavailable" });
    // The HR colleague holds the key; signing in, they hand it over.
    await vault.signInAs("hr");
    await vault.signInAs("user");
    const { user } = await renderApp(vault.api);
    await openPersonnel(user);
    expect(await screen.findByTestId(`hr-row-${vault.ids.employee}`)).toHaveTextContent("Hortensia Personeel");
    expect(screen.queryByTestId("hr-key-waiting")).toBeNull();
  });
});
