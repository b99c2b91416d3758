import { screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FAKE_PASSWORD } from "$lib/api/fake";
import { startApp } from "./helpers";

describe("sign in", () => {
  it.each([
    ["en", "Wrong username or password."],
    ["nl", "Onjuiste gebruikersnaam of wachtwoord."],
  ] as const)("shows the %s text for auth.failed", async (locale, text) => {
    const { user } = await startApp({ preset: "signed-out", locale });
    await user.type(screen.getByTestId("signin-username"), "anne");
    await user.type(screen.getByTestId("signin-password"), "not the password");
    await user.click(screen.getByTestId("signin-submit"));

    const banner = await screen.findByTestId("signin-error");
    expect(banner).toHaveTextContent(text);
    // The core's English developer message is not what the person reads.
    expect(banner).not.toHaveTextContent("wrong username or password");
  });

  it("counts down a throttle and blocks the button meanwhile", async () => {
    const { user } = await startApp({ preset: "signed-out" });
    for (let i = 0; i < 6; i++) {
      await user.clear(screen.getByTestId("signin-username"));
      await user.type(screen.getByTestId("signin-username"), "anne");
      await user.type(screen.getByTestId("signin-password"), "wrong");
      await user.click(screen.getByTestId("signin-submit"));
      await screen.findByTestId("signin-error");
    }
    expect(screen.getByTestId("signin-error")).toHaveTextContent(/Too many attempts\. Try again in \d+ s\./);
    expect(screen.getByTestId("signin-submit")).toBeDisabled();
  });

  it("says a disabled account is disabled", async () => {
    const { user } = await startApp({ preset: "signed-out" });
    await user.type(screen.getByTestId("signin-username"), "pieter");
    await user.type(screen.getByTestId("signin-password"), FAKE_PASSWORD);
    await user.click(screen.getByTestId("signin-submit"));
    expect(await screen.findByTestId("signin-error")).toHaveTextContent("has been disabled");
  });

  it("sends someone with an initial password to the change-password screen", async () => {
    const { user } = await startApp({ preset: "signed-out" });
    await user.type(screen.getByTestId("signin-username"), "lotte");
    await user.type(screen.getByTestId("signin-password"), FAKE_PASSWORD);
    await user.click(screen.getByTestId("signin-submit"));
    expect(await screen.findByTestId("change-password-screen")).toBeInTheDocument();
  });
});
