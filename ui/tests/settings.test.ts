import { screen, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { startApp } from "./helpers";

describe("settings", () => {
  it("has no Users or Security tab without the permissions", async () => {
    const { user } = await startApp({ preset: "user" });
    await user.click(screen.getByTestId("nav-settings"));
    expect(screen.getByTestId("settings-tab-account")).toBeInTheDocument();
    expect(screen.queryByTestId("settings-tab-users")).toBeNull();
    expect(screen.queryByTestId("settings-tab-security")).toBeNull();
  });

  it("lists users for an administrator, with localised role names", async () => {
    const { user } = await startApp({ preset: "admin", locale: "nl" });
    await user.click(screen.getByTestId("nav-settings"));
    await user.click(screen.getByTestId("settings-tab-users"));
    const row = await screen.findByTestId("user-row-fatima");
    expect(row).toHaveTextContent("Directie");
    expect(within(row).getByTestId("user-disable-fatima")).toBeEnabled();
    expect(screen.getByTestId("user-disable-anne")).toBeDisabled();
  });

  it("removing a user explains the key rotation and removes the row", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await user.click(screen.getByTestId("nav-settings"));
    await user.click(screen.getByTestId("settings-tab-users"));
    await user.click(await screen.findByTestId("user-remove-jan"));

    expect(screen.getByTestId("confirm-dialog")).toHaveTextContent("replaces the database key");
    await user.click(screen.getByTestId("confirm-dialog-ok"));
    await screen.findByText(/Jan Jansen has been removed/);
    expect(screen.queryByTestId("user-row-jan")).toBeNull();
    expect(fake.users.some((u) => u.username === "jan")).toBe(false);
  });

  it("adding a user with a taken username marks the field", async () => {
    const { user } = await startApp({ preset: "admin" });
    await user.click(screen.getByTestId("nav-settings"));
    await user.click(screen.getByTestId("settings-tab-users"));
    await user.click(await screen.findByTestId("user-add-button"));
    await user.type(screen.getByTestId("user-form-username"), "jan");
    await user.type(screen.getByTestId("user-form-display-name"), "Jan de Tweede");
    await user.type(screen.getByTestId("user-form-password"), "Kaasschaaf-Molen-Tulp-88");
    await user.click(screen.getByTestId("user-form-submit"));
    expect(await screen.findByTestId("user-form-username-error")).toHaveTextContent(
      "already in use",
    );
  });

  it("saves the auto-lock time and confirms it", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await user.click(screen.getByTestId("nav-settings"));
    await user.click(screen.getByTestId("settings-tab-security"));
    const input = await screen.findByTestId("autolock-minutes");
    await user.clear(input);
    await user.type(input, "15");
    await user.click(screen.getByTestId("security-save"));
    expect(await screen.findByTestId("security-saved")).toBeInTheDocument();
    expect(fake.settings.autoLockMinutes).toBe(15);
  });
});
