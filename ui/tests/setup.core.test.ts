// The first start against the real core: no vault yet; the core's password rules and strength
// meter, and a recovery key that has to be typed back before the app opens.
import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { PasswordStrength } from "$lib/api/types";
import { coreVault, renderApp } from "./core";

const STRONG = "Tulpen-Fiets-Regenjas-42";

async function fillStepOne(user: Awaited<ReturnType<typeof renderApp>>["user"], password: string, confirm: string) {
  await user.type(screen.getByTestId("setup-org"), "Van Dijk Installatietechniek");
  await user.type(screen.getByTestId("setup-username"), "anne");
  await user.type(screen.getByTestId("setup-display-name"), "Anne de Vries");
  await user.type(screen.getByTestId("setup-password"), password);
  await user.type(screen.getByTestId("setup-password-confirm"), confirm);
}

describe("setup (real core)", { timeout: 20_000 }, () => {
  it("refuses mismatching passwords without creating a vault", async () => {
    const { api } = await coreVault("fresh");
    const { user } = await renderApp(api);
    await fillStepOne(user, STRONG, `${STRONG}x`);
    await user.click(screen.getByTestId("setup-submit"));
    expect(await screen.findByTestId("setup-password-confirm-error")).toHaveTextContent("The passwords do not match.");
    expect(screen.queryByTestId("recovery-key")).toBeNull();
    expect((await api.appStatus()).vaultExists).toBe(false);
  });

  it("marks the password field when the core refuses it as weak, even if the meter said yes", async () => {
    const { api } = await coreVault("fresh");
    // A meter that says yes, a core that says no: the core has the last word.
    const lenient = {
      ...api,
      passwordStrength: async (): Promise<PasswordStrength> => ({ score: 4, acceptable: true, minLength: 12, feedback: [] }),
    };
    const { user } = await renderApp(lenient);
    await fillStepOne(user, "welkom123", "welkom123");
    await user.click(screen.getByTestId("setup-submit"));
    expect(await screen.findByTestId("setup-password-error")).toHaveTextContent("too easy to guess");
    expect((await api.appStatus()).vaultExists).toBe(false);
  });

  it("shows the meter's score from the core while typing", async () => {
    const { api } = await coreVault("fresh");
    const { user } = await renderApp(api);
    await user.type(screen.getByTestId("setup-password"), STRONG);
    await waitFor(() => expect(screen.getByTestId("password-meter")).toHaveAttribute("data-score", "4"));
  });

  it("shows the recovery key once and asks for it back before opening the app", async () => {
    const { api } = await coreVault("fresh");
    const { user } = await renderApp(api);
    await fillStepOne(user, STRONG, STRONG);
    await user.click(screen.getByTestId("setup-submit"));
    const key = (await screen.findByTestId("recovery-key")).textContent?.trim() ?? "";
    expect(key).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5})+$/);
    const submit = screen.getByTestId("recovery-confirm-submit");
    expect(submit).toBeDisabled();
    await user.click(screen.getByTestId("recovery-saved-checkbox"));
    await user.type(screen.getByTestId("recovery-confirm-input"), "KLUIS-WRONG-KEY");
    await user.click(submit);
    expect(await screen.findByTestId("recovery-confirm-input-error")).toHaveTextContent("not the recovery key");
    await user.clear(screen.getByTestId("recovery-confirm-input"));
    await user.type(screen.getByTestId("recovery-confirm-input"), key);
    await user.click(submit);
    expect(await screen.findByTestId("sidebar")).toBeInTheDocument();
    expect(screen.getByTestId("current-user")).toHaveTextContent("Anne de Vries");
    expect((await api.sessionInfo()).recoveryKeyConfirmed).toBe(true);
  });
});
