// Messages kept on screen after an action (the notice that a change went through, a field's
// error) follow a language switch: they are worded when shown, not when the action ran. The
// actions go to the real core.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { KluisApi } from "$lib/api/types";
import { coreVault, renderApp } from "./core";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

async function openPerson(user: User, id: number) {
  const row = await screen.findByTestId(`contact-row-${id}`);
  await user.click(within(row).getAllByRole("button")[0]!);
  return screen.findByTestId("person-view");
}

/** A calendar day as the window shows it, in `locale`. */
function day(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(Date.parse(iso));
}

/** The seeded vault with its privacy officer signed in. */
async function asPrivacyOfficer() {
  const vault = await coreVault("seeded");
  await vault.signInAs("privacy_officer");
  return vault;
}

/** A seeded person other than the one who already gave consent. */
async function scratchPerson(api: KluisApi): Promise<number> {
  const page = await api.personsList({ sort: "family_name", descending: false, after: null, offset: null, limit: 50, tag: null, ownerId: null, organisationId: null });
  return page.rows.find((r) => r.displayName === "Wegwerp Nummer0")!.id;
}

describe("after a language switch (real core)", { timeout: 30_000 }, () => {
  it("a notice above a list is shown in the new language, its date too", async () => {
    const { api, ids } = await asPrivacyOfficer();
    const { user } = await renderApp(api, "nl");
    await openPerson(user, ids.person!);
    const panel = within(await screen.findByTestId("person-requests"));

    await user.click(await panel.findByTestId("person-request-new"));
    const dialog = within(await screen.findByTestId("request-dialog"));
    await user.selectOptions(dialog.getByTestId("request-kind"), "access");
    await user.selectOptions(dialog.getByTestId("request-verification"), "known_email");
    const received = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
    await fireEvent.input(dialog.getByTestId("request-received"), { target: { value: received } });
    await user.click(dialog.getByTestId("request-save"));
    await waitFor(() => expect(screen.queryByTestId("request-dialog")).toBeNull());

    // The deadline is the core's: a month after receipt.
    const filed = (await api.requestsOfPerson(ids.person!)).find((r) => r.receivedOn === received)!;
    expect(filed.kind).toBe("access");
    const notice = await panel.findByTestId("person-requests-notice");
    expect(notice).toHaveTextContent(`Verzoek vastgelegd. Termijn: ${day(filed.deadline, "nl")}.`);

    await user.click(screen.getByTestId("lang-en"));
    expect(panel.getByTestId("person-requests-notice")).toHaveTextContent(`Request filed. Deadline: ${day(filed.deadline, "en")}.`);
    expect(panel.getByTestId("person-requests-notice")).not.toHaveTextContent("Verzoek");

    await user.click(screen.getByTestId("lang-nl"));
    expect(panel.getByTestId("person-requests-notice")).toHaveTextContent(`Verzoek vastgelegd. Termijn: ${day(filed.deadline, "nl")}.`);
  });

  it("the consent panel's own notice is shown in the new language", async () => {
    const { api, ids } = await asPrivacyOfficer();
    const person = await scratchPerson(api);
    // The purpose as the business named it (adopted in Dutch): not translated with the window.
    const purpose = (await api.purposesList(false)).find((p) => p.id === ids.purpose)!;
    const { user } = await renderApp(api, "nl");
    await openPerson(user, person);
    const panel = within(await screen.findByTestId("consent-panel"));

    await user.click(await panel.findByTestId(`consent-action-${purpose.id}`));
    const dialog = within(await screen.findByTestId("consent-dialog"));
    await user.selectOptions(dialog.getByTestId("consent-channel"), "phone");
    await user.click(dialog.getByTestId("consent-confirm"));
    await waitFor(() => expect(screen.queryByTestId("consent-dialog")).toBeNull());
    expect(panel.getByTestId("consent-notice")).toHaveTextContent(`Toestemming voor ‘${purpose.name}’ vastgelegd.`);
    expect((await api.consentOverview(person)).purposes.find((p) => p.purposeId === purpose.id)).toMatchObject({ status: "granted" });

    await user.click(screen.getByTestId("lang-en"));
    expect(panel.getByTestId("consent-notice")).toHaveTextContent(`Consent for “${purpose.name}” recorded.`);
  });

  it("a field's error on the sign-in screen is shown in the new language", async () => {
    const { api } = await coreVault("seeded");
    const { user } = await renderApp(api, "nl");
    await user.click(await screen.findByTestId("signin-submit"));
    expect(screen.getByTestId("signin-username-error")).toHaveTextContent("Dit veld is verplicht.");

    await user.click(screen.getByTestId("lang-en"));
    expect(screen.getByTestId("signin-username-error")).toHaveTextContent("This field is required.");
    expect(screen.getByTestId("signin-password-error")).toHaveTextContent("This field is required.");
  });
});
