import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import { FakeApi } from "$lib/api/fake";
import { setLocale } from "$lib/i18n/index.svelte";
import type { AppModel } from "$lib/state/app.svelte";
import { startApp } from "./helpers";

type User = ReturnType<typeof userEvent.setup>;

async function openTab(user: User, tab: "roles" | "users") {
  await user.click(screen.getByTestId("nav-settings"));
  await user.click(await screen.findByTestId(`settings-tab-${tab}`));
}

/** Creates a custom role through the editor and returns its key. */
async function createRole(user: User, fake: FakeApi, name: string, cells: string[]): Promise<string> {
  await user.click(await screen.findByTestId("role-new-button"));
  await user.type(screen.getByTestId("role-name"), name);
  for (const cell of cells) await user.click(screen.getByTestId(`grant-${cell}`));
  await user.click(screen.getByTestId("role-save"));
  await waitFor(() => expect(screen.queryByTestId("role-editor")).toBeNull());
  const role = fake.roles.find((r) => r.name === name);
  if (!role) throw new Error(`role ${name} was not created`);
  await screen.findByTestId(`role-row-${role.key}`);
  return role.key;
}

async function setAccess(user: User, username: string, toggle: string[], deleteSwitch?: "roles" | "yes" | "no") {
  await user.click(await screen.findByTestId(`user-access-${username}`));
  const dialog = screen.getByTestId("user-access-dialog");
  for (const key of toggle) await user.click(within(dialog).getByTestId(`user-access-role-${key}`));
  if (deleteSwitch) await user.click(within(dialog).getByTestId(`user-access-delete-${deleteSwitch}`));
  await user.click(within(dialog).getByTestId("user-access-save"));
  await waitFor(() => expect(screen.queryByTestId("user-access-dialog")).toBeNull());
}

describe("roles settings", () => {
  it("shows the built-in roles read-only, with their rights as a matrix", async () => {
    const { user } = await startApp({ preset: "admin" });
    await openTab(user, "roles");

    const admin = await screen.findByTestId("role-row-administrator");
    expect(admin).toHaveTextContent("Administrator");
    expect(admin).toHaveTextContent("Built in");
    expect(admin).toHaveTextContent("Customer data: View, Create, Edit, Delete, Export");
    expect(screen.queryByTestId("role-edit-administrator")).toBeNull();
    expect(screen.queryByTestId("role-delete-administrator")).toBeNull();

    await user.click(screen.getByTestId("role-view-management"));
    const view = screen.getByTestId("role-view");
    expect(within(view).queryAllByRole("checkbox")).toHaveLength(0);
    expect(within(view).getByTestId("grant-sales-view")).toHaveAttribute("data-granted", "true");
    expect(within(view).getByTestId("grant-contact-delete")).toHaveAttribute("data-granted", "false");
    // Pairs that cannot be granted are no cell at all, not a withheld right.
    expect(within(view).queryByTestId("grant-audit-create")).toBeNull();
    expect(view).toHaveTextContent("Deal amounts, probabilities, revenue");
  });

  it("duplicates a built-in role into a custom one with the same rights to start from", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await openTab(user, "roles");
    await user.click(await screen.findByTestId("role-view-management"));
    await user.click(screen.getByTestId("role-view-duplicate"));

    expect(screen.getByTestId("role-name")).toHaveValue("Management (copy)");
    expect(screen.getByTestId("grant-sales-view")).toBeChecked();
    expect(screen.getByTestId("grant-contact-delete")).not.toBeChecked();
    await user.click(screen.getByTestId("role-save"));
    await screen.findByText("The role Management (copy) has been created.");
    expect(fake.roles.find((r) => r.name === "Management (copy)")?.grants).toHaveLength(6);
  });

  it("creates, renames and edits a custom role; a taken name is marked on the field", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await openTab(user, "roles");
    const key = await createRole(user, fake, "Sales team", ["contact-view", "sales-view"]);

    const row = await screen.findByTestId(`role-row-${key}`);
    expect(row).toHaveTextContent("Sales team");
    expect(row).toHaveTextContent("Sales figures: View");
    expect(row).toHaveTextContent("Not assigned");
    expect(fake.roles.find((r) => r.key === key)?.grants).toEqual([
      { category: "contact", action: "view" },
      { category: "sales", action: "view" },
    ]);

    await user.click(screen.getByTestId("role-new-button"));
    await user.type(screen.getByTestId("role-name"), "sales TEAM");
    await user.click(screen.getByTestId("role-save"));
    expect(await screen.findByTestId("role-name-error")).toHaveTextContent(
      "A role with this name already exists.",
    );
    expect(screen.getByTestId("role-name")).toHaveAttribute("aria-invalid", "true");
    await user.click(within(screen.getByTestId("role-editor")).getByText("Cancel"));

    await user.click(screen.getByTestId(`role-edit-${key}`));
    expect(screen.getByTestId("grant-sales-view")).toBeChecked();
    await user.clear(screen.getByTestId("role-name"));
    await user.type(screen.getByTestId("role-name"), "Sales");
    await user.click(screen.getByTestId("grant-sales-edit"));
    await user.click(screen.getByTestId("role-save"));
    await screen.findByText("The role Sales has been saved.");
    expect(screen.getByTestId(`role-row-${key}`)).toHaveTextContent("Sales figures: View, Edit");
    expect(fake.roles.find((r) => r.key === key)?.grants).toHaveLength(3);
  });

  it("gives a user a custom role with may-delete, and deletes the role only once nobody holds it", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await openTab(user, "roles");
    const key = await createRole(user, fake, "Field service", ["contact-view", "contact-edit"]);

    await user.click(screen.getByTestId("settings-tab-users"));
    await setAccess(user, "jan", [key], "yes");
    const jan = await screen.findByTestId("user-row-jan");
    expect(jan).toHaveTextContent("Field service");
    expect(within(jan).getByTestId("user-may-delete-jan")).toHaveTextContent("May delete");
    expect(fake.users.find((u) => u.username === "jan")).toMatchObject({ roles: ["user", key], mayDelete: true });
    expect(screen.getByText("The access of Jan Jansen has been changed.")).toBeInTheDocument();

    await user.click(screen.getByTestId("settings-tab-roles"));
    expect(await screen.findByTestId(`role-holders-${key}`)).toHaveTextContent("1 user");
    await user.click(screen.getByTestId(`role-delete-${key}`));
    expect(screen.getByTestId("role-held")).toHaveTextContent(
      "This role is held by 1 user. Take it away from them under Users first",
    );
    await user.click(screen.getByTestId("role-held-users"));

    await setAccess(user, "jan", [key], "roles");
    expect(screen.getByTestId("user-row-jan")).not.toHaveTextContent("Field service");
    expect(screen.queryByTestId("user-may-delete-jan")).toBeNull();

    await user.click(screen.getByTestId("settings-tab-roles"));
    await user.click(await screen.findByTestId(`role-delete-${key}`));
    expect(screen.getByTestId("confirm-dialog")).toHaveTextContent("Delete Field service?");
    await user.click(screen.getByTestId("confirm-dialog-ok"));
    await screen.findByText("The role Field service has been deleted.");
    expect(screen.queryByTestId(`role-row-${key}`)).toBeNull();
    expect(fake.roles.some((r) => r.key === key)).toBe(false);
  });

  it("explains a held role even when someone got it after the list loaded", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await openTab(user, "roles");
    const key = await createRole(user, fake, "Late", ["contact-view"]);
    fake.users.find((u) => u.username === "jan")!.roles.push(key);

    await user.click(screen.getByTestId(`role-delete-${key}`));
    await user.click(screen.getByTestId("confirm-dialog-ok"));
    expect(await screen.findByTestId("role-held")).toHaveTextContent("held by 1 user");
    expect(fake.roles.some((r) => r.key === key)).toBe(true);
  });

  it("asks for at least one role in the access dialog", async () => {
    const { user } = await startApp({ preset: "admin" });
    await openTab(user, "users");
    await user.click(await screen.findByTestId("user-access-jan"));
    await user.click(screen.getByTestId("user-access-role-user"));
    await user.click(screen.getByTestId("user-access-save"));
    expect(screen.getByTestId("user-access-dialog")).toHaveTextContent("Choose at least one role.");
  });

  it("speaks Dutch, including the taken-name message", async () => {
    const { fake, user } = await startApp({ preset: "admin", locale: "nl" });
    await user.click(screen.getByTestId("nav-settings"));
    const tab = await screen.findByTestId("settings-tab-roles");
    expect(tab).toHaveTextContent("Rollen");
    await user.click(tab);
    expect(await screen.findByTestId("role-row-hr")).toHaveTextContent("Ingebouwd");
    const key = await createRole(user, fake, "Verkoop", ["sales-view"]);
    expect(screen.getByTestId(`role-row-${key}`)).toHaveTextContent("Verkoopcijfers: Bekijken");
    await user.click(screen.getByTestId("role-new-button"));
    await user.type(screen.getByTestId("role-name"), "Verkoop");
    await user.click(screen.getByTestId("role-save"));
    expect(await screen.findByTestId("role-name-error")).toHaveTextContent("Er bestaat al een rol met deze naam.");
  });

  it("shows no Roles tab to someone who may not manage users", async () => {
    const { user } = await startApp({ preset: "user" });
    await user.click(screen.getByTestId("nav-settings"));
    expect(screen.getByTestId("settings-tab-account")).toBeInTheDocument();
    expect(screen.queryByTestId("settings-tab-roles")).toBeNull();
  });

  it("refreshes the session when an administrator changes their own roles", async () => {
    const { user, model } = await startWithModel();
    expect(model()?.session?.can.viewSales).toBe(false);

    await openTab(user, "users");
    await user.click(await screen.findByTestId("user-access-anne"));
    expect(screen.getByTestId("user-access-dialog")).toHaveTextContent("These are your own rights");
    await user.click(screen.getByTestId("user-access-role-management"));
    await user.click(screen.getByTestId("user-access-save"));

    await waitFor(() => expect(model()?.session?.can.viewSales).toBe(true));
    expect(model()?.session?.roles).toEqual(["administrator", "management"]);
    await user.click(screen.getByTestId("settings-tab-account"));
    expect(screen.getByText("Management")).toBeInTheDocument();
  });

  it("refreshes the session when a role the administrator holds is edited", async () => {
    const { fake, user, model } = await startWithModel();
    await openTab(user, "roles");
    const key = await createRole(user, fake, "Figures", ["contact-view"]);
    // Given to Anne outside this screen, so her session does not know it yet.
    fake.users.find((u) => u.username === "anne")!.roles.push(key);

    await user.click(screen.getByTestId(`role-edit-${key}`));
    await user.click(screen.getByTestId("grant-sales-view"));
    await user.click(screen.getByTestId("role-save"));
    await waitFor(() => expect(model()?.session?.can.viewSales).toBe(true));
  });
});

/** Like startApp, but keeps hold of the AppModel so a test can look at the session. */
async function startWithModel() {
  setLocale("en", false);
  const fake = new FakeApi({ preset: "admin" });
  let app: AppModel | undefined;
  render(App, { props: { api: fake, afterBoot: (model: AppModel) => void (app = model) } });
  await screen.findByTestId("page-title");
  return { fake, user: userEvent.setup(), model: () => app };
}
