import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FAKE_RECOVERY_KEY, FakeApi } from "$lib/api/fake";
import type { PasswordStrength } from "$lib/api/types";
import { startApp } from "./helpers";

const STRONG = "Tulpen-Fiets-Regenjas-42";

async function fillStepOne(
  user: Awaited<ReturnType<typeof startApp>>["user"],
  password: string,
  confirm: string,
) {
  await user.type(screen.getByTestId("setup-org"), "Van Dijk Installatietechniek");
  await user.type(screen.getByTestId("setup-username"), "anne");
  await user.type(screen.getByTestId("setup-display-name"), "Anne de Vries");
  await user.type(screen.getByTestId("setup-password"), password);
  await user.type(screen.getByTestId("setup-password-confirm"), confirm);
}

describe("setup", () => {
  it("refuses mismatching passwords without creating a vault", async () => {
    const { fake, user } = await startApp({ preset: "fresh" });
    await fillStepOne(user, STRONG, `${STRONG}x`);
    await user.click(screen.getByTestId("setup-submit"));

    expect(await screen.findByTestId("setup-password-confirm-error")).toHaveTextContent(
      "The passwords do not match.",
    );
    expect(fake.calls).not.toContain("vault_create");
    expect(screen.queryByTestId("recovery-key")).toBeNull();
  });

  it("refuses a password the core calls weak", async () => {
    const { fake, user } = await startApp({ preset: "fresh" });
    await fillStepOne(user, "welkom123", "welkom123");
    await user.click(screen.getByTestId("setup-submit"));

    expect(await screen.findByTestId("setup-password-error")).toHaveTextContent(
      "too easy to guess",
    );
    expect(fake.calls).not.toContain("vault_create");
  });

  it("marks the password field when the core refuses it as weak", async () => {
    // A meter that says yes, a core that says no: the core has the last word.
    class LenientMeter extends FakeApi {
      override async passwordStrength(): Promise<PasswordStrength> {
        return { score: 4, acceptable: true, minLength: 12, feedback: [] };
      }
    }
    const api = new LenientMeter({ preset: "fresh" });
    const { user } = await startApp({ api });
    await fillStepOne(user, "welkom123", "welkom123");
    await user.click(screen.getByTestId("setup-submit"));

    expect(await screen.findByTestId("setup-password-error")).toHaveTextContent(
      "too easy to guess",
    );
    expect(api.calls).toContain("vault_create");
    expect(api.vaultExists).toBe(false);
  });

  it("shows the meter's score from the core while typing", async () => {
    const { user } = await startApp({ preset: "fresh" });
    await user.type(screen.getByTestId("setup-password"), STRONG);
    await waitFor(() =>
      expect(screen.getByTestId("password-meter")).toHaveAttribute("data-score", "4"),
    );
  });

  it("shows the recovery key once and asks for it back before opening the app", async () => {
    const { fake, user } = await startApp({ preset: "fresh" });
    await fillStepOne(user, STRONG, STRONG);
    await user.click(screen.getByTestId("setup-submit"));

    expect(await screen.findByTestId("recovery-key")).toHaveTextContent(FAKE_RECOVERY_KEY);
    const submit = screen.getByTestId("recovery-confirm-submit");
    expect(submit).toBeDisabled();

    await user.click(screen.getByTestId("recovery-saved-checkbox"));
    await user.type(screen.getByTestId("recovery-confirm-input"), "KLUIS-WRONG-KEY");
    await user.click(submit);
    expect(await screen.findByTestId("recovery-confirm-input-error")).toHaveTextContent(
      "not the recovery key",
    );

    await user.clear(screen.getByTestId("recovery-confirm-input"));
    await user.type(screen.getByTestId("recovery-confirm-input"), FAKE_RECOVERY_KEY);
    await user.click(submit);
    expect(await screen.findByTestId("sidebar")).toBeInTheDocument();
    expect(screen.getByTestId("current-user")).toHaveTextContent("Anne de Vries");
    expect(fake.recoveryConfirmed).toBe(true);
  });
});
