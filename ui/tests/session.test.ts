import { screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FAKE_PASSWORD } from "$lib/api/fake";
import { startApp } from "./helpers";

describe("locking", () => {
  it("Lock now shows who is locked out and unlocks with their password", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await user.click(screen.getByTestId("lock-now"));

    const lock = await screen.findByTestId("lock-screen");
    expect(lock).toHaveTextContent("Anne de Vries");
    expect(fake.sessionUserId).toBeNull();

    await user.type(screen.getByTestId("unlock-password"), "wrong");
    await user.click(screen.getByTestId("unlock-submit"));
    expect(await screen.findByTestId("unlock-error")).toHaveTextContent("Wrong password.");

    await user.type(screen.getByTestId("unlock-password"), FAKE_PASSWORD);
    await user.click(screen.getByTestId("unlock-submit"));
    expect(await screen.findByTestId("sidebar")).toBeInTheDocument();
  });

  it("shows the lock screen when a command finds the session locked", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    fake.sessionUserId = null; // the core locked on its own (idle timeout)
    // The contact list may already have asked the core (and met the lock); otherwise the
    // Users tab asks it.
    await user.click(screen.getByTestId("nav-settings"));
    const tab = screen.queryByTestId("settings-tab-users");
    if (tab) await user.click(tab);
    expect(await screen.findByTestId("lock-screen")).toBeInTheDocument();
  });

  it("Sign out returns to the sign-in screen", async () => {
    const { user } = await startApp({ preset: "admin" });
    await user.click(screen.getByTestId("sign-out"));
    expect(await screen.findByTestId("signin-screen")).toBeInTheDocument();
  });

  it("the next person to sign in starts at the list, not in the file the last one had open", async () => {
    const { user } = await startApp({ preset: "admin", demo: 3 });
    const row = (await screen.findAllByTestId(/^contact-row-/))[0]!;
    await user.click(row.querySelector("button.link")!);
    expect(await screen.findByTestId("person-view")).toBeInTheDocument();
    await user.click(screen.getByTestId("sign-out"));
    await user.type(await screen.findByTestId("signin-username"), "anne");
    await user.type(screen.getByTestId("signin-password"), FAKE_PASSWORD);
    await user.click(screen.getByTestId("signin-submit"));
    expect(await screen.findByTestId("contacts-page")).toBeInTheDocument();
    expect(screen.queryByTestId("person-view")).toBeNull();
  });
});

describe("forced password change", () => {
  it("says so when the received password is wrong, then lets the person in", async () => {
    const { user } = await startApp({ preset: "must-change" });
    expect(screen.getByTestId("change-password-screen")).toBeInTheDocument();
    await user.type(screen.getByTestId("current-password"), "not it");
    await user.type(screen.getByTestId("new-password"), "Molen-Tulp-Kaas-Fiets-9");
    await user.type(screen.getByTestId("new-password-confirm"), "Molen-Tulp-Kaas-Fiets-9");
    await user.click(screen.getByTestId("change-password-submit"));
    expect(await screen.findByTestId("current-password-error")).toHaveTextContent(
      "This is not your current password.",
    );

    await user.clear(screen.getByTestId("current-password"));
    await user.type(screen.getByTestId("current-password"), FAKE_PASSWORD);
    await user.click(screen.getByTestId("change-password-submit"));
    expect(await screen.findByTestId("sidebar")).toBeInTheDocument();
  });
});
