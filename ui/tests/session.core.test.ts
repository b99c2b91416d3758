// Locking, signing out and the forced password change against the real core.
import { screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { coreVault, renderApp } from "./core";

async function asAdmin() {
  const vault = await coreVault("seeded");
  await vault.signInAs("administrator");
  const { user } = await renderApp(vault.api);
  return { ...vault, user };
}

describe("locking (real core)", { timeout: 20_000 }, () => {
  it("Lock now shows who is locked out and unlocks with their password", async () => {
    const { api, password, user } = await asAdmin();
    await user.click(screen.getByTestId("lock-now"));
    const lock = await screen.findByTestId("lock-screen");
    expect(lock).toHaveTextContent("Anna Beheer");
    await expect(api.sessionInfo()).rejects.toMatchObject({ code: "session.locked" });
    await user.type(screen.getByTestId("unlock-password"), "wrong");
    await user.click(screen.getByTestId("unlock-submit"));
    expect(await screen.findByTestId("unlock-error")).toHaveTextContent("Wrong password.");
    await user.type(screen.getByTestId("unlock-password"), password);
    await user.click(screen.getByTestId("unlock-submit"));
    expect(await screen.findByTestId("sidebar")).toBeInTheDocument();
  });

  it("shows the lock screen when a command finds the session locked", async () => {
    const { api, user } = await asAdmin();
    // The core locked on its own (idle timeout), behind the window's back.
    await api.lock();
    // The window may already have met the lock (its list or activity ping asked the core);
    // otherwise the Users tab asks it.
    const nav = screen.queryByTestId("nav-settings");
    if (nav) await user.click(nav);
    const tab = screen.queryByTestId("settings-tab-users");
    if (tab) await user.click(tab);
    expect(await screen.findByTestId("lock-screen")).toBeInTheDocument();
  });

  it("the next person to sign in starts at the list, not in the file the last one had open", async () => {
    const { password, user, users } = await asAdmin();
    const row = (await screen.findAllByTestId(/^contact-row-/))[0]!;
    await user.click(row.querySelector("button.link")!);
    expect(await screen.findByTestId("person-view")).toBeInTheDocument();
    await user.click(screen.getByTestId("sign-out"));
    await user.type(await screen.findByTestId("signin-username"), users.user);
    await user.type(screen.getByTestId("signin-password"), password);
    await user.click(screen.getByTestId("signin-submit"));
    expect(await screen.findByTestId("contacts-page")).toBeInTheDocument();
    expect(screen.queryByTestId("person-view")).toBeNull();
  });
});

describe("forced password change (real core)", { timeout: 20_000 }, () => {
  it("says so when the received password is wrong, then lets the person in", async () => {
    const vault = await coreVault("seeded");
    await vault.api.signIn("adminmarker", vault.initialPassword);
    const { user } = await renderApp(vault.api);
    expect(screen.getByTestId("change-password-screen")).toBeInTheDocument();
    await user.type(screen.getByTestId("current-password"), "not it");
    await user.type(screen.getByTestId("new-password"), "Molen-Tulp-Kaas-Fiets-9");
    await user.type(screen.getByTestId("new-password-confirm"), "Molen-Tulp-Kaas-Fiets-9");
    await user.click(screen.getByTestId("change-password-submit"));
    expect(await screen.findByTestId("current-password-error")).toHaveTextContent("This is not your current password.");
    await user.clear(screen.getByTestId("current-password"));
    await user.type(screen.getByTestId("current-password"), vault.initialPassword);
    await user.click(screen.getByTestId("change-password-submit"));
    expect(await screen.findByTestId("sidebar")).toBeInTheDocument();
    expect((await vault.api.sessionInfo()).mustChangePassword).toBe(false);
  });
});
