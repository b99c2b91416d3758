// Settings > Users and Security against the real core.
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { coreVault, renderApp } from "./core";

async function asAdmin(locale: "en" | "nl" = "en") {
  const vault = await coreVault("seeded");
  await vault.signInAs("administrator");
  const { user } = await renderApp(vault.api, locale);
  await user.click(screen.getByTestId("nav-settings"));
  return { ...vault, user };
}

describe("settings (real core)", { timeout: 20_000 }, () => {
  it("has no Users or Security tab without the permissions, and the core refuses the list", async () => {
    const vault = await coreVault("seeded");
    await vault.signInAs("user");
    const { user } = await renderApp(vault.api);
    await user.click(screen.getByTestId("nav-settings"));
    expect(screen.getByTestId("settings-tab-account")).toBeInTheDocument();
    expect(screen.queryByTestId("settings-tab-users")).toBeNull();
    expect(screen.queryByTestId("settings-tab-security")).toBeNull();
    await expect(vault.api.usersList()).rejects.toMatchObject({ code: "access.denied" });
  });

  it("lists users for an administrator, with localised role names; nobody disables themselves", async () => {
    const { user, users } = await asAdmin("nl");
    await user.click(screen.getByTestId("settings-tab-users"));
    const row = await screen.findByTestId(`user-row-${users.management}`);
    expect(row).toHaveTextContent("Directie");
    expect(within(row).getByTestId(`user-disable-${users.management}`)).toBeEnabled();
    expect(screen.getByTestId(`user-disable-${users.administrator}`)).toBeDisabled();
  });

  it("removing a user explains the key rotation and the core has them gone", async () => {
    const { api, user } = await asAdmin();
    await user.click(screen.getByTestId("settings-tab-users"));
    await user.click(await screen.findByTestId("user-remove-spare_gone"));
    expect(screen.getByTestId("confirm-dialog")).toHaveTextContent("replaces the database key");
    await user.click(screen.getByTestId("confirm-dialog-ok"));
    await screen.findByText(/Weg Gebruiker has been removed/);
    expect(screen.queryByTestId("user-row-spare_gone")).toBeNull();
    expect((await api.usersList()).some((u) => u.username === "spare_gone")).toBe(false);
  });

  it("adding a user with a taken username marks the field", async () => {
    const { user, users } = await asAdmin();
    await user.click(screen.getByTestId("settings-tab-users"));
    // The button is disabled until the core has listed the users and roles: a click before
    // that does nothing (a loaded machine clicked too early).
    const add = await screen.findByTestId("user-add-button");
    await waitFor(() => expect(add).toBeEnabled());
    await user.click(add);
    await user.type(await screen.findByTestId("user-form-username"), users.user);
    await user.type(screen.getByTestId("user-form-display-name"), "Jan de Tweede");
    await user.type(screen.getByTestId("user-form-password"), "Kaasschaaf-Molen-Tulp-88");
    await user.click(screen.getByTestId("user-form-submit"));
    expect(await screen.findByTestId("user-form-username-error")).toHaveTextContent("already in use");
  });

  it("saves the auto-lock time in the core and confirms it", async () => {
    const { api, user } = await asAdmin();
    await user.click(screen.getByTestId("settings-tab-security"));
    const input = await screen.findByTestId("autolock-minutes");
    await user.clear(input);
    await user.type(input, "15");
    await user.click(screen.getByTestId("security-save"));
    expect(await screen.findByTestId("security-saved")).toBeInTheDocument();
    expect((await api.securitySettingsGet()).autoLockMinutes).toBe(15);
  });
});
