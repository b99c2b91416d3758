// Settings > Roles and a user's access against the real core: the built-in roles as the core
// defines them, custom roles made, edited and deleted through the editor, a role given with the
// may-delete switch, and the session following a change of the signed-in administrator's rights.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import App from "../src/App.svelte";
import type { KluisApi } from "$lib/api/types";
import { setLocale } from "$lib/i18n/index.svelte";
import type { AppModel } from "$lib/state/app.svelte";
import { coreVault, renderApp, type CoreVault } from "./core";

type User = ReturnType<typeof userEvent.setup>;

async function asAdmin(locale: "en" | "nl" = "en") {
  const vault = await coreVault("seeded");
  await vault.signInAs("administrator");
  const { user } = await renderApp(vault.api, locale);
  return { ...vault, user };
}

async function openTab(user: User, tab: "roles" | "users") {
  await user.click(screen.getByTestId("nav-settings"));
  await user.click(await screen.findByTestId(`settings-tab-${tab}`));
}

async function roleNamed(api: KluisApi, name: string) {
  return (await api.rolesList()).roles.find((r) => r.name === name);
}

/** Opens the editor for a new role (its button waits while the roles load). */
async function newRole(user: User) {
  const button = await screen.findByTestId("role-new-button");
  await waitFor(() => expect(button).toBeEnabled());
  await user.click(button);
  return screen.findByTestId("role-name");
}

/** Creates a custom role through the editor and returns its key, as the core gave it. */
async function createRole(user: User, api: KluisApi, name: string, cells: string[]): Promise<string> {
  await user.type(await newRole(user), name);
  for (const cell of cells) await user.click(screen.getByTestId(`grant-${cell}`));
  await user.click(screen.getByTestId("role-save"));
  await waitFor(() => expect(screen.queryByTestId("role-editor")).toBeNull());
  const role = await roleNamed(api, name);
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

async function userNamed(api: KluisApi, username: string) {
  const found = (await api.usersList()).find((u) => u.username === username);
  if (!found) throw new Error(`no user ${username}`);
  return found;
}

describe("roles settings (real core)", { timeout: 30_000 }, () => {
  it("shows the built-in roles read-only, with the core's rights as a matrix", async () => {
    const { user } = await asAdmin();
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
    const { api, user } = await asAdmin();
    await openTab(user, "roles");
    await user.click(await screen.findByTestId("role-view-management"));
    await user.click(screen.getByTestId("role-view-duplicate"));

    expect(screen.getByTestId("role-name")).toHaveValue("Management (copy)");
    expect(screen.getByTestId("grant-sales-view")).toBeChecked();
    expect(screen.getByTestId("grant-contact-delete")).not.toBeChecked();
    await user.click(screen.getByTestId("role-save"));
    await screen.findByText("The role Management (copy) has been created.");
    const roles = (await api.rolesList()).roles;
    const management = roles.find((r) => r.key === "management")!;
    const copy = roles.find((r) => r.name === "Management (copy)")!;
    expect(copy.builtin).toBe(false);
    expect(copy.grants).toEqual(management.grants);
    expect(copy.grants).toHaveLength(6);
  });

  it("creates, renames and edits a custom role; a taken name is marked on the field", async () => {
    const { api, user } = await asAdmin();
    await openTab(user, "roles");
    const key = await createRole(user, api, "Sales team", ["contact-view", "sales-view"]);

    const row = await screen.findByTestId(`role-row-${key}`);
    expect(row).toHaveTextContent("Sales team");
    expect(row).toHaveTextContent("Sales figures: View");
    expect(row).toHaveTextContent("Not assigned");
    expect((await roleNamed(api, "Sales team"))?.grants).toEqual([
      { category: "contact", action: "view" },
      { category: "sales", action: "view" },
    ]);

    await user.type(await newRole(user), "sales TEAM");
    await user.click(screen.getByTestId("role-save"));
    expect(await screen.findByTestId("role-name-error")).toHaveTextContent("A role with this name already exists.");
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
    const saved = (await api.rolesList()).roles.find((r) => r.key === key);
    expect(saved).toMatchObject({ name: "Sales" });
    expect(saved?.grants).toHaveLength(3);
  });

  it("gives a user a custom role with may-delete, and deletes the role only once nobody holds it", async () => {
    const { api, user, users } = await asAdmin();
    const jan = users.user;
    await openTab(user, "roles");
    const key = await createRole(user, api, "Field service", ["contact-view", "contact-edit"]);

    await user.click(screen.getByTestId("settings-tab-users"));
    await setAccess(user, jan, [key], "yes");
    const row = await screen.findByTestId(`user-row-${jan}`);
    await waitFor(() => expect(row).toHaveTextContent("Field service"));
    expect(within(row).getByTestId(`user-may-delete-${jan}`)).toHaveTextContent("May delete");
    expect(await userNamed(api, jan)).toMatchObject({ roles: ["user", key], mayDelete: true });
    expect(screen.getByText("The access of Rol user has been changed.")).toBeInTheDocument();

    await user.click(screen.getByTestId("settings-tab-roles"));
    expect(await screen.findByTestId(`role-holders-${key}`)).toHaveTextContent("1 user");
    await user.click(screen.getByTestId(`role-delete-${key}`));
    expect(screen.getByTestId("role-held")).toHaveTextContent("This role is held by 1 user. Take it away from them under Users first");
    await user.click(screen.getByTestId("role-held-users"));

    await setAccess(user, jan, [key], "roles");
    await waitFor(() => expect(screen.getByTestId(`user-row-${jan}`)).not.toHaveTextContent("Field service"));
    expect(screen.queryByTestId(`user-may-delete-${jan}`)).toBeNull();
    expect(await userNamed(api, jan)).toMatchObject({ roles: ["user"], mayDelete: null });

    await user.click(screen.getByTestId("settings-tab-roles"));
    await user.click(await screen.findByTestId(`role-delete-${key}`));
    expect(screen.getByTestId("confirm-dialog")).toHaveTextContent("Delete Field service?");
    await user.click(screen.getByTestId("confirm-dialog-ok"));
    await screen.findByText("The role Field service has been deleted.");
    expect(screen.queryByTestId(`role-row-${key}`)).toBeNull();
    expect((await api.rolesList()).roles.some((r) => r.key === key)).toBe(false);
  });

  it("explains a held role even when someone got it after the list loaded, and the core keeps it", async () => {
    const { api, user, users } = await asAdmin();
    await openTab(user, "roles");
    const key = await createRole(user, api, "Late", ["contact-view"]);
    // Given outside this screen, after it listed the roles.
    const jan = await userNamed(api, users.user);
    await api.userSetAccess(jan.id, { roles: [...jan.roles, key], mayDelete: jan.mayDelete });

    await user.click(screen.getByTestId(`role-delete-${key}`));
    await user.click(screen.getByTestId("confirm-dialog-ok"));
    expect(await screen.findByTestId("role-held")).toHaveTextContent("held by 1 user");
    expect((await api.rolesList()).roles.some((r) => r.key === key)).toBe(true);
  });

  it("asks for at least one role in the access dialog", async () => {
    const { api, user, users } = await asAdmin();
    await openTab(user, "users");
    await user.click(await screen.findByTestId(`user-access-${users.user}`));
    await user.click(screen.getByTestId("user-access-role-user"));
    await user.click(screen.getByTestId("user-access-save"));
    expect(screen.getByTestId("user-access-dialog")).toHaveTextContent("Choose at least one role.");
    expect((await userNamed(api, users.user)).roles).toEqual(["user"]);
  });

  it("speaks Dutch, including the taken-name message", async () => {
    const { api, user } = await asAdmin("nl");
    await user.click(screen.getByTestId("nav-settings"));
    const tab = await screen.findByTestId("settings-tab-roles");
    expect(tab).toHaveTextContent("Rollen");
    await user.click(tab);
    expect(await screen.findByTestId("role-row-hr")).toHaveTextContent("Ingebouwd");
    const key = await createRole(user, api, "Verkoop", ["sales-view"]);
    expect(screen.getByTestId(`role-row-${key}`)).toHaveTextContent("Verkoopcijfers: Bekijken");
    await user.type(await newRole(user), "Verkoop");
    await user.click(screen.getByTestId("role-save"));
    expect(await screen.findByTestId("role-name-error")).toHaveTextContent("Er bestaat al een rol met deze naam.");
  });

  it("shows no Roles tab to someone who may not manage users, and the core refuses them", async () => {
    const vault = await coreVault("seeded");
    await vault.signInAs("user");
    const { user } = await renderApp(vault.api);
    await user.click(screen.getByTestId("nav-settings"));
    expect(screen.getByTestId("settings-tab-account")).toBeInTheDocument();
    expect(screen.queryByTestId("settings-tab-roles")).toBeNull();
    await expect(vault.api.roleCreate({ name: "Mine", grants: [{ category: "sales", action: "view" }] })).rejects.toMatchObject({
      code: "access.denied",
    });
  });

  it("refreshes the session when an administrator changes their own roles", async () => {
    const { user, model, users } = await startWithModel();
    expect(model()?.session?.can.viewSales).toBe(false);

    await openTab(user, "users");
    await user.click(await screen.findByTestId(`user-access-${users.administrator}`));
    expect(screen.getByTestId("user-access-dialog")).toHaveTextContent("These are your own rights");
    await user.click(screen.getByTestId("user-access-role-management"));
    await user.click(screen.getByTestId("user-access-save"));

    await waitFor(() => expect(model()?.session?.can.viewSales).toBe(true));
    expect(model()?.session?.roles).toEqual(["administrator", "management"]);
    await user.click(screen.getByTestId("settings-tab-account"));
    expect(screen.getByText("Management")).toBeInTheDocument();
  });

  it("refreshes the session when a role the administrator holds is edited", async () => {
    const { api, user, model, users } = await startWithModel();
    await openTab(user, "roles");
    const key = await createRole(user, api, "Figures", ["contact-view"]);
    // Given to the administrator outside this screen, so the window's session does not know it yet.
    const me = await userNamed(api, users.administrator);
    await api.userSetAccess(me.id, { roles: [...me.roles, key], mayDelete: me.mayDelete });

    await user.click(screen.getByTestId(`role-edit-${key}`));
    await user.click(screen.getByTestId("grant-sales-view"));
    await user.click(screen.getByTestId("role-save"));
    await waitFor(() => expect(model()?.session?.can.viewSales).toBe(true));
    expect((await api.sessionInfo()).can.viewSales).toBe(true);
  });
});

/** Like renderApp as the administrator, but keeps hold of the AppModel to look at the session. */
async function startWithModel(): Promise<CoreVault & { user: User; model: () => AppModel | undefined }> {
  const vault = await coreVault("seeded");
  await vault.signInAs("administrator");
  setLocale("en", false);
  let app: AppModel | undefined;
  render(App, { props: { api: vault.api, afterBoot: (model: AppModel) => void (app = model) } });
  await screen.findByTestId("page-title");
  return { ...vault, user: userEvent.setup(), model: () => app };
}
