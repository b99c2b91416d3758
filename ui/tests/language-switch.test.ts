// Messages kept on screen after an action (the notice that a change went through, a field's
// error) follow a language switch: they are worded when shown, not when the action ran.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { FakeApi } from "$lib/api/fake";
import { startApp } from "./helpers";

type User = Awaited<ReturnType<typeof startApp>>["user"];

/** The demo people, oldest first. */
function people(fake: FakeApi) {
  return [...fake.people].sort((a, b) => a.id - b.id);
}

async function openPerson(user: User, id: number) {
  const row = await screen.findByTestId(`contact-row-${id}`);
  await user.click(within(row).getAllByRole("button")[0]!);
  return screen.findByTestId("person-view");
}

describe("after a language switch", () => {
  it("a notice above a list is shown in the new language, its date too", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 3, locale: "nl" });
    await openPerson(user, people(fake)[0]!.id);
    const panel = within(await screen.findByTestId("person-requests"));

    await user.click(panel.getByTestId("person-request-new"));
    const dialog = within(await screen.findByTestId("request-dialog"));
    await user.selectOptions(dialog.getByTestId("request-kind"), "access");
    await user.selectOptions(dialog.getByTestId("request-verification"), "known_email");
    await fireEvent.input(dialog.getByTestId("request-received"), { target: { value: "2026-11-25" } });
    await user.click(dialog.getByTestId("request-save"));
    await waitFor(() => expect(screen.queryByTestId("request-dialog")).toBeNull());

    const notice = await panel.findByTestId("person-requests-notice");
    expect(notice).toHaveTextContent("Verzoek vastgelegd. Termijn: 25 dec 2026.");

    await user.click(screen.getByTestId("lang-en"));
    expect(panel.getByTestId("person-requests-notice")).toHaveTextContent("Request filed. Deadline: Dec 25, 2026.");
    expect(panel.getByTestId("person-requests-notice")).not.toHaveTextContent("Verzoek");

    await user.click(screen.getByTestId("lang-nl"));
    expect(panel.getByTestId("person-requests-notice")).toHaveTextContent("Verzoek vastgelegd. Termijn: 25 dec 2026.");
  });

  it("the consent panel's own notice is shown in the new language", async () => {
    const { fake, user } = await startApp({ preset: "privacy", demo: 3, locale: "nl" });
    const purpose = await fake.purposeAdopt("newsletter", "en");
    await fake.consentStatementPublish({ purposeId: purpose.id, lang: "nl", body: "Ja, stuur mij de nieuwsbrief." });
    await fake.consentStatementPublish({ purposeId: purpose.id, lang: "en", body: "Yes, send me the newsletter." });
    await openPerson(user, people(fake)[0]!.id);
    const panel = within(await screen.findByTestId("consent-panel"));

    await user.click(await panel.findByTestId(`consent-action-${purpose.id}`));
    const dialog = within(await screen.findByTestId("consent-dialog"));
    await user.selectOptions(dialog.getByTestId("consent-channel"), "phone");
    await user.click(dialog.getByTestId("consent-confirm"));
    await waitFor(() => expect(screen.queryByTestId("consent-dialog")).toBeNull());
    expect(panel.getByTestId("consent-notice")).toHaveTextContent("Toestemming voor ‘Newsletter’ vastgelegd.");

    await user.click(screen.getByTestId("lang-en"));
    expect(panel.getByTestId("consent-notice")).toHaveTextContent("Consent for “Newsletter” recorded.");
  });

  it("a field's error on the sign-in screen is shown in the new language", async () => {
    const { user } = await startApp({ preset: "signed-out", locale: "nl" });
    await user.click(screen.getByTestId("signin-submit"));
    expect(screen.getByTestId("signin-username-error")).toHaveTextContent("Dit veld is verplicht.");

    await user.click(screen.getByTestId("lang-en"));
    expect(screen.getByTestId("signin-username-error")).toHaveTextContent("This field is required.");
    expect(screen.getByTestId("signin-password-error")).toHaveTextContent("This field is required.");
  });
});
