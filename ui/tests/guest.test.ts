// What each role is offered in the customer screens: guests read only, users do not delete or
// export, and the core refuses a direct call all the same.
import { screen, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { startApp } from "./helpers";

describe("rights in the customer screens", () => {
  it("gives a guest no edit, import, export, delete or deal controls", async () => {
    const { fake, user } = await startApp({ preset: "guest", demo: 6 });
    await screen.findAllByTestId(/^contact-row-/);
    for (const id of ["person-new", "import-open", "export-open"]) {
      expect(screen.queryByTestId(id)).toBeNull();
    }
    const first = (await screen.findAllByTestId(/^contact-row-/))[0]!;
    await user.click(within(first).getByRole("button"));
    await screen.findByTestId("person-view");
    expect(screen.queryByTestId("person-edit")).toBeNull();
    expect(screen.queryByTestId("person-delete")).toBeNull();
    await user.click(screen.getByTestId("nav-deals"));
    await screen.findByTestId("deals-page");
    expect(screen.queryByTestId("deal-new")).toBeNull();
    expect(screen.queryAllByTestId(/^deal-move-/)).toHaveLength(0);
    await user.click(screen.getByTestId("nav-tasks"));
    expect(screen.queryByTestId("task-new")).toBeNull();
    // The core (here: its fake) refuses the call a button would have made.
    await expect(fake.personDelete(1)).rejects.toMatchObject({ code: "access.denied" });
  });

  it("lets a user edit but neither delete nor export, and an administrator delete after confirming", async () => {
    const { user } = await startApp({ preset: "user", demo: 4 });
    const rows = await screen.findAllByTestId(/^contact-row-/);
    expect(screen.queryByTestId("export-open")).toBeNull();
    await user.click(within(rows[0]!).getByRole("button"));
    await screen.findByTestId("person-edit");
    expect(screen.queryByTestId("person-delete")).toBeNull();

    const admin = await startApp({ preset: "admin", demo: 4 });
    const adminRows = await within(admin.container).findAllByTestId(/^contact-row-/);
    const name = within(adminRows[0]!).getByRole("button").textContent ?? "";
    await admin.user.click(within(adminRows[0]!).getByRole("button"));
    await admin.user.click(await within(admin.container).findByTestId("person-delete"));
    await admin.user.click(await screen.findByTestId("confirm-dialog-ok"));
    await within(admin.container).findByTestId("contacts-page");
    expect(admin.fake.calls).toContain("person_delete");
    expect(within(admin.container).queryByText(name)).toBeNull();
  });
});
