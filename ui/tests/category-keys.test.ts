// Settings > Users: colleagues who wait for a category key (personnel files, special categories of
// data, backups), shown only while someone waits, and handing the keys over with the recovery key
// (a wrong key is refused on its field); and the fake's rules behind it: who waits after being
// given a role, and the hand-over when a colleague who holds the key signs in.
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FAKE_PASSWORD, FAKE_RECOVERY_KEY, FakeApi } from "$lib/api/fake";
import { startApp } from "./helpers";

type User = Awaited<ReturnType<typeof startApp>>["user"];

async function openUsers(user: User) {
  await user.click(screen.getByTestId("nav-settings"));
  await user.click(await screen.findByTestId("settings-tab-users"));
  await screen.findByTestId("user-row-anne");
}

/** Holders of the key to personnel files, by the ids the fake's seed gives them. */
const HANNA = 9;
const MARK = 8;

describe("Settings > Users: keys waiting to be handed over", () => {
  it("shows nothing while nobody waits for a key", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await openUsers(user);
    await waitFor(() => expect(fake.calls).toContain("category_keys_status"));
    expect(screen.queryByTestId("keys-waiting")).toBeNull();
    expect(screen.queryByTestId("keys-hand-over")).toBeNull();
  });

  it("names who waits for which key, refuses a wrong recovery key and hides the notice once handed over", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    fake.keysWaiting.hr = [HANNA, MARK];
    fake.keysWaiting.special = [HANNA];
    await openUsers(user);

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
    expect(fake.calls).not.toContain("category_keys_hand_over");

    await user.type(dialog.getByTestId("keys-recovery-key"), "7K2QD-M4XHR-9PZTC-3VBWN-8GF6J-5YAEG-2RQ0M-HT7VK-XC4NP-W9D3F-6ZB1T");
    await user.click(dialog.getByTestId("keys-hand-over-submit"));
    expect(await dialog.findByTestId("keys-recovery-key-error")).toHaveTextContent(
      "This is not the recovery key of this vault. Check it and try again.",
    );
    expect(dialog.getByTestId("keys-recovery-key")).toHaveAttribute("aria-invalid", "true");
    expect(fake.keysWaiting.hr).toEqual([HANNA, MARK]);

    await user.clear(dialog.getByTestId("keys-recovery-key"));
    await user.type(dialog.getByTestId("keys-recovery-key"), FAKE_RECOVERY_KEY.toLowerCase());
    await user.click(dialog.getByTestId("keys-hand-over-submit"));
    await waitFor(() => expect(screen.queryByTestId("keys-hand-over-dialog")).toBeNull());
    expect(screen.queryByTestId("keys-waiting")).toBeNull();
    expect(screen.getByTestId("users-notice")).toHaveTextContent("The keys have been handed over to the colleagues who waited for them.");
    expect(fake.keysWaiting).toEqual({ hr: [], special: [], backup: [] });
  });

  it("speaks Dutch, and the core refuses the hand-over to someone who may not manage Kluis", async () => {
    const { fake, user } = await startApp({ preset: "admin", locale: "nl" });
    fake.keysWaiting.backup = [1];
    fake.keysWaiting.hr = [HANNA];
    await openUsers(user);
    const notice = await screen.findByTestId("keys-waiting");
    expect(notice).toHaveTextContent("Sleutels die nog moeten worden overgedragen");
    expect(within(notice).getByTestId("keys-waiting-hr")).toHaveTextContent("1 collega wacht op de sleutel van de personeelsdossiers.");
    expect(within(notice).getByTestId("keys-waiting-backup")).toHaveTextContent("1 collega wacht op de sleutel van de back-ups.");
    expect(within(notice).getByTestId("keys-hand-over")).toHaveTextContent("Overdragen met de herstelsleutel");

    fake.sessionUserId = 2;
    await expect(fake.categoryKeysHandOver(FAKE_RECOVERY_KEY)).rejects.toMatchObject({ code: "access.denied" });
    await expect(fake.categoryKeysStatus()).rejects.toMatchObject({ code: "access.denied" });
  });

  it("a colleague given the HR role by an administrator without the key waits for it, until a holder signs in", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await openUsers(user);
    await user.click(screen.getByTestId("user-access-jan"));
    const access = within(screen.getByTestId("user-access-dialog"));
    await user.click(access.getByTestId("user-access-role-hr"));
    await user.click(access.getByTestId("user-access-save"));

    const notice = await screen.findByTestId("keys-waiting");
    expect(within(notice).getByTestId("keys-waiting-hr")).toHaveTextContent("1 colleague waits for the key to personnel files.");
    expect(within(notice).getByTestId("keys-waiting-special")).toHaveTextContent("1 colleague waits for the key to special categories of data");
    await expect(fake.categoryKeysStatus()).resolves.toContainEqual({ category: "hr", holders: 5, waiting: 1, rotationDue: false });

    // Fatima holds both keys: signing in, she hands them over.
    await fake.signIn("fatima", FAKE_PASSWORD);
    fake.sessionUserId = 1;
    expect(fake.keysWaiting.hr).toEqual([]);
    const states = await fake.categoryKeysStatus();
    expect(states.every((s) => s.waiting === 0)).toBe(true);
    expect(states.find((s) => s.category === "hr")?.holders).toBe(5);
  });

  it("hands over with the recovery key in the fake too, renewing a key that is due", async () => {
    const fake = new FakeApi({ preset: "admin" });
    fake.keysWaiting.hr = [HANNA];
    fake.keysRotationDue = ["hr"];
    await expect(fake.categoryKeysHandOver("not a key")).rejects.toMatchObject({ code: "auth.recovery_key_invalid" });
    const states = await fake.categoryKeysHandOver(FAKE_RECOVERY_KEY);
    expect(states).toEqual([
      { category: "hr", holders: 4, waiting: 0, rotationDue: false },
      { category: "special", holders: 3, waiting: 0, rotationDue: false },
      { category: "backup", holders: 1, waiting: 0, rotationDue: false },
    ]);
  });
});
