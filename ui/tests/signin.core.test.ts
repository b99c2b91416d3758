// Sign-in against the real core: its own answers for a wrong password, the throttle after the
// free attempts, a disabled account and an initial password that must be changed.
import { screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { coreVault, renderApp } from "./core";

async function signIn(user: Awaited<ReturnType<typeof renderApp>>["user"], name: string, password: string) {
  await user.clear(screen.getByTestId("signin-username"));
  await user.type(screen.getByTestId("signin-username"), name);
  await user.clear(screen.getByTestId("signin-password"));
  await user.type(screen.getByTestId("signin-password"), password);
  await user.click(screen.getByTestId("signin-submit"));
}

describe("sign in (real core)", { timeout: 20_000 }, () => {
  it.each([
    ["en", "Wrong username or password."],
    ["nl", "Onjuiste gebruikersnaam of wachtwoord."],
  ] as const)("shows the %s text for a wrong password", async (locale, text) => {
    const vault = await coreVault("seeded");
    const { user } = await renderApp(vault.api, locale);
    await signIn(user, vault.users.user, "not the password");
    const banner = await screen.findByTestId("signin-error");
    expect(banner).toHaveTextContent(text);
    // The core's English developer message is not what the person reads.
    expect(banner).not.toHaveTextContent("wrong username or password");
  });

  it("counts down the core's throttle and blocks the button meanwhile", async () => {
    const vault = await coreVault("seeded");
    const { user } = await renderApp(vault.api);
    for (let i = 0; i < 4; i++) {
      await signIn(user, vault.users.user, "wrong");
      await screen.findByTestId("signin-error");
    }
    expect(screen.getByTestId("signin-error")).toHaveTextContent(/Too many attempts\. Try again in \d+ s\./);
    expect(screen.getByTestId("signin-submit")).toBeDisabled();
  });

  it("says a disabled account is disabled", async () => {
    const vault = await coreVault("seeded");
    await vault.signInAs("administrator");
    await vault.api.userSetActive(vault.ids.userKeep!, false);
    await vault.api.lock();
    const { user } = await renderApp(vault.api);
    await signIn(user, "adminmarker", vault.initialPassword);
    expect(await screen.findByTestId("signin-error")).toHaveTextContent("has been disabled");
  });

  it("sends someone with an initial password to the change-password screen", async () => {
    const vault = await coreVault("seeded");
    const { user } = await renderApp(vault.api);
    await signIn(user, "adminmarker", vault.initialPassword);
    expect(await screen.findByTestId("change-password-screen")).toBeInTheDocument();
  });
});
