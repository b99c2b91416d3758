// Settings > Users against the real core: colleagues who wait for a category key (personnel files,
// special categories of data, backups), shown only while someone waits, and handing the keys over
// with the recovery key (a wrong key is refused on its field); who waits after an administrator
// without the key gives them a role, and the hand-over when a colleague who holds it signs in.
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { KluisApi } from "$lib/api/types";
import { coreVault, renderApp, type CoreVault, type Role } from "./core";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

/** A recovery key of the right shape that is not this vault's. */
const WRONG_KEY = "7K2QD-M4XHR-9PZTC-3VBWN-8GF6J-5YAEG-2RQ0M-HT7VK-XC4NP-W9D3F-6ZB1T";

async function openUsers(user: User, vault: CoreVault) {
  await user.click(screen.getByTestId("nav-settings"));
  await user.click(await screen.findByTestId("settings-tab-users"));
  await screen.findByTestId(`user-row-${vault.users.administrator}`);
}

/** Gives the seeded user of `role` another built-in role, as the administrator (who holds neither the HR nor the special key). */
async function give(vault: CoreVault, role: Role, extra: string) {
  const who = (await vault.api.usersList()).find((u) => u.username === vault.users[role])!;
  await vault.api.userSetAccess(who.id, { roles: [...who.roles, extra], mayDelete: who.mayDelete });
}

function waiting(api: KluisApi) {
  return api.categoryKeysStatus().then((states) => Object.fromEntries(states.map((s) => [s.category, s.waiting])));
}

async function asAdmin() {
  const vault = await coreVault("seeded");
  await vault.signInAs("administrator");
  return vault;
}

describe("Settings > Users: keys waiting to be handed over (real core)", { timeout: 30_000 }, () => {
  it("shows nothing while nobody waits for a key", async () => {
    const vault = await asAdmin();
    let asked = 0;
    const api: KluisApi = { ...vault.api, categoryKeysStatus: () => (asked++, vault.api.categoryKeysStatus()) };
    const { user } = await renderApp(api);
    await openUsers(user, vault);
    await waitFor(() => expect(asked).toBeGreaterThan(0));
    expect(await waiting(vault.api)).toEqual({ hr: 0, special: 0, backup: 0 });
    await waitFor(() => expect(screen.getByTestId("settings-page")).toHaveAttribute("data-ready", "true"));
    expect(screen.queryByTestId("keys-waiting")).toBeNull();
    expect(screen.queryByTestId("keys-hand-over")).toBeNull();
  });

  it("names who waits for which key, refuses a wrong recovery key and hides the notice once handed over", async () => {
    const vault = await asAdmin();
    // The administrator holds neither the HR nor the special key: both colleagues wait for it.
    await give(vault, "user", "hr");
    await give(vault, "guest", "management");
    expect(await waiting(vault.api)).toEqual({ hr: 2, special: 1, backup: 0 });
    const { user } = await renderApp(vault.api);
    await openUsers(user, vault);

    const notice = await screen.findByTestId("keys-waiting");
    expect(within(notice).getByTestId("keys-waiting-hr")).toHaveTextContent("2 colleagues wait for the key to personnel files.");
    expect(within(notice).getByTestId("keys-waiting-special")).toHaveTextContent(
      "1 colleague waits for the key to special categories of data (such as absence reasons).",
    );
    expect(within(notice).queryByTestId("keys-waiting-backup")).toBeNull();
    expect(notice).toHaveTextContent("A key is handed over automatically when a colleague who holds it signs in.");

    await user.click(within(notice).getByTestId("keys-hand-over"));
    const dialog = within(await screen.findByTestId("keys-hand-over-dialog"));
    expect(dialog.getByText("Hand over keys with the recovery key", { selector: "h2" })).toBeInTheDocument();
    await waitFor(() => expect(dialog.getByLabelText("Recovery key")).toHaveFocus());

    // Empty: asked for before anything is sent.
    await user.click(dialog.getByTestId("keys-hand-over-submit"));
    expect(await dialog.findByTestId("keys-recovery-key-error")).toHaveTextContent("This field is required.");

    await user.type(dialog.getByTestId("keys-recovery-key"), WRONG_KEY);
    await user.click(dialog.getByTestId("keys-hand-over-submit"));
    expect(await dialog.findByTestId("keys-recovery-key-error")).toHaveTextContent(
      "This is not the recovery key of this vault. Check it and try again.",
    );
    expect(dialog.getByTestId("keys-recovery-key")).toHaveAttribute("aria-invalid", "true");
    expect(await waiting(vault.api)).toEqual({ hr: 2, special: 1, backup: 0 });

    await user.clear(dialog.getByTestId("keys-recovery-key"));
    await user.type(dialog.getByTestId("keys-recovery-key"), vault.recoveryKey.toLowerCase());
    await user.click(dialog.getByTestId("keys-hand-over-submit"));
    await waitFor(() => expect(screen.queryByTestId("keys-hand-over-dialog")).toBeNull());
    expect(screen.queryByTestId("keys-waiting")).toBeNull();
    expect(screen.getByTestId("users-notice")).toHaveTextContent("The keys have been handed over to the colleagues who waited for them.");
    expect(await waiting(vault.api)).toEqual({ hr: 0, special: 0, backup: 0 });
  });

  it("speaks Dutch, and the core refuses the hand-over to someone who may not manage Kluis", async () => {
    const vault = await asAdmin();
    await give(vault, "user", "management");
    const { user } = await renderApp(vault.api, "nl");
    await openUsers(user, vault);
    const notice = await screen.findByTestId("keys-waiting");
    expect(notice).toHaveTextContent("Sleutels die nog moeten worden overgedragen");
    expect(within(notice).getByTestId("keys-waiting-hr")).toHaveTextContent("1 collega wacht op de sleutel van de personeelsdossiers.");
    expect(within(notice).getByTestId("keys-hand-over")).toHaveTextContent("Overdragen met de herstelsleutel");

    await vault.signInAs("hr");
    await expect(vault.api.categoryKeysHandOver(vault.recoveryKey)).rejects.toMatchObject({ code: "access.denied" });
    await expect(vault.api.categoryKeysStatus()).rejects.toMatchObject({ code: "access.denied" });
  });

  it("a colleague given the HR role by an administrator without the key waits for it, until a holder signs in", async () => {
    const vault = await asAdmin();
    const { user } = await renderApp(vault.api);
    await openUsers(user, vault);
    await user.click(screen.getByTestId(`user-access-${vault.users.user}`));
    const access = within(screen.getByTestId("user-access-dialog"));
    await user.click(access.getByTestId("user-access-role-hr"));
    await user.click(access.getByTestId("user-access-save"));

    const notice = await screen.findByTestId("keys-waiting");
    expect(within(notice).getByTestId("keys-waiting-hr")).toHaveTextContent("1 colleague waits for the key to personnel files.");
    expect(within(notice).getByTestId("keys-waiting-special")).toHaveTextContent("1 colleague waits for the key to special categories of data");
    const before = await vault.api.categoryKeysStatus();
    expect(before.find((s) => s.category === "hr")).toMatchObject({ waiting: 1, rotationDue: false });
    const holders = before.find((s) => s.category === "hr")!.holders;

    // The HR colleague holds both keys: signing in, they hand them over.
    await vault.signInAs("hr");
    await vault.signInAs("administrator");
    const after = await vault.api.categoryKeysStatus();
    expect(after.every((s) => s.waiting === 0)).toBe(true);
    expect(after.find((s) => s.category === "hr")?.holders).toBe(holders);
  });

  it("hands over with the recovery key through the core, renewing a key a removed holder had", async () => {
    const vault = await asAdmin();
    await give(vault, "user", "hr");
    // The HR colleague leaves: the key they held is renewed at the next chance.
    const hr = (await vault.api.usersList()).find((u) => u.username === vault.users.hr)!;
    await vault.api.userRemove(hr.id);
    expect((await vault.api.categoryKeysStatus()).map((s) => [s.category, s.waiting, s.rotationDue])).toEqual([
      ["hr", 1, true],
      ["special", 1, true],
      ["backup", 0, false],
    ]);
    await expect(vault.api.categoryKeysHandOver("not a key")).rejects.toMatchObject({ code: "auth.recovery_key_invalid" });
    await expect(vault.api.categoryKeysHandOver(WRONG_KEY)).rejects.toMatchObject({ code: "auth.recovery_key_invalid" });
    const states = await vault.api.categoryKeysHandOver(vault.recoveryKey);
    expect(states.map((s) => [s.category, s.waiting, s.rotationDue])).toEqual([
      ["hr", 0, false],
      ["special", 0, false],
      ["backup", 0, false],
    ]);
  });
});
