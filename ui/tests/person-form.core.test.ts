// The person form against the real core: field checks, the duplicate warning the core finds, a
// phone number the core cannot check kept as typed, and an edit from the 360° view.
import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { KluisApi, PersonInput, PersonQuery } from "$lib/api/types";
import { newVault, personInput, renderApp } from "./core";

const everyone: PersonQuery = {
  sort: "family_name",
  descending: false,
  after: null,
  offset: null,
  limit: 50,
  tag: null,
  ownerId: null,
  organisationId: null,
};

/** The api with every person the window sends to the core, created or updated, written down. */
function recording(api: KluisApi) {
  const created: PersonInput[] = [];
  const updated: PersonInput[] = [];
  const watched: KluisApi = {
    ...api,
    personCreate: (input) => (created.push(structuredClone(input)), api.personCreate(input)),
    personUpdate: (id, version, input) => (updated.push(structuredClone(input)), api.personUpdate(id, version, input)),
  };
  return { watched, created, updated };
}

async function onlyPerson(api: KluisApi) {
  const rows = (await api.personsList(everyone)).rows;
  expect(rows).toHaveLength(1);
  return (await api.personView(rows[0]!.id)).person;
}

describe("person form (real core)", { timeout: 30_000 }, () => {
  it("refuses a bad e-mail and postcode with field messages, then creates the person", async () => {
    const api = await newVault();
    const { user } = await renderApp(api);
    await user.click(await screen.findByTestId("person-new"));
    await user.type(screen.getByTestId("pf-givenName"), "Jan");
    await user.type(screen.getByTestId("pf-tussenvoegsel"), "van der");
    await user.type(screen.getByTestId("pf-familyName"), "Berg");
    await user.type(screen.getByTestId("pf-email-0"), "jan@");
    await user.type(screen.getByTestId("pf-postcode"), "12345");
    await user.click(screen.getByTestId("pf-save"));
    expect(await screen.findByTestId("pf-emails-error")).toHaveTextContent("not an e-mail address");
    expect(screen.getByTestId("pf-addresses-error")).toHaveTextContent("1234 AB");
    expect((await api.personsList(everyone)).total).toBe(0);
    await user.clear(screen.getByTestId("pf-email-0"));
    await user.type(screen.getByTestId("pf-email-0"), "jan@berg.nl");
    await user.clear(screen.getByTestId("pf-postcode"));
    await user.type(screen.getByTestId("pf-postcode"), "1234 AB");
    await user.click(screen.getByTestId("pf-save"));
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Jan van der Berg");
    const person = await onlyPerson(api);
    expect(person).toMatchObject({ givenName: "Jan", tussenvoegsel: "van der", familyName: "Berg", emails: [expect.objectContaining({ value: "jan@berg.nl" })] });
    expect(person.addresses).toMatchObject([{ postcode: "1234 AB", country: "NL" }]);
  });

  it("warns about a possible duplicate the core finds and saves only once acknowledged", async () => {
    const api = await newVault();
    await api.personCreate({ ...personInput("Lotte", "de Boer"), emails: [{ label: null, value: "lotte@deboer.nl", keepUnchecked: false }] });
    const { user } = await renderApp(api, "nl");
    await user.click(await screen.findByTestId("person-new"));
    await user.type(screen.getByTestId("pf-familyName"), "Anders");
    await user.type(screen.getByTestId("pf-email-0"), "LOTTE@DEBOER.NL");
    await user.tab();
    expect(await screen.findByTestId("pf-duplicates")).toHaveTextContent("Lotte de Boer");
    expect(screen.getByTestId("pf-duplicates")).toHaveTextContent("zelfde e-mailadres");
    expect(screen.getByTestId("pf-save")).toBeDisabled();
    await user.click(screen.getByTestId("pf-dup-ack"));
    await user.click(screen.getByTestId("pf-save"));
    await waitFor(async () => expect((await api.personsList(everyone)).total).toBe(2));
    expect((await api.personsList(everyone)).rows.map((r) => r.displayName)).toEqual(["Anders", "Lotte de Boer"]);
  });

  it("offers to save a phone number the core cannot check as typed, and marks it in the 360° view", async () => {
    // An extension typed after the number: the core cannot check it.
    const typed = "+31 30 123 4567 toestel 12";
    const api = await newVault();
    const { watched, created, updated } = recording(api);
    const { user } = await renderApp(watched);
    await user.click(await screen.findByTestId("person-new"));
    await user.type(screen.getByTestId("pf-familyName"), "Berg");
    await user.type(screen.getByTestId("pf-phone-0"), typed);
    await user.click(screen.getByTestId("pf-save"));
    expect(await screen.findByTestId("pf-phones-error")).toHaveTextContent("This number could not be checked. Check the country code, or save it as typed.");
    expect(screen.getByTestId("pf-phone-0")).toHaveAttribute("aria-invalid", "true");
    // The core was asked and refused.
    expect(created.map((c) => c.phones)).toEqual([[{ label: null, value: typed, keepUnchecked: false }]]);
    expect((await api.personsList(everyone)).total).toBe(0);

    await user.click(screen.getByTestId("phone-keep-unchecked"));
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Berg");
    expect(created[1]!.phones).toEqual([{ label: null, value: typed, keepUnchecked: true }]);
    expect(screen.getByTestId("person-phone")).toHaveTextContent(typed);
    const badge = screen.getByTestId("phone-unchecked");
    expect(badge).toHaveTextContent("not checked");
    expect(badge).toHaveAttribute("title", expect.stringContaining("Saved as typed"));
    expect((await onlyPerson(api)).phones).toMatchObject([{ value: typed, unchecked: true }]);

    // Saving the form again keeps the stored unchecked number; it is not refused a second time.
    await user.click(screen.getByTestId("person-edit"));
    expect(screen.getByTestId("pf-phone-unchecked-0")).toBeInTheDocument();
    await user.type(screen.getByTestId("pf-tags"), "vip");
    await user.click(screen.getByTestId("pf-save"));
    await waitFor(() => expect(screen.queryByTestId("person-form")).not.toBeInTheDocument());
    expect(updated.map((u) => u.phones)).toEqual([[{ label: null, value: typed, keepUnchecked: true }]]);
    expect(screen.getByTestId("phone-unchecked")).toBeInTheDocument();
    expect(await onlyPerson(api)).toMatchObject({ tags: ["vip"], phones: [{ value: typed, unchecked: true }] });
  });

  it("asks again for a changed number, and in Dutch", async () => {
    const api = await newVault();
    const { user } = await renderApp(api, "nl");
    await user.click(await screen.findByTestId("person-new"));
    await user.type(screen.getByTestId("pf-familyName"), "Smit");
    await user.type(screen.getByTestId("pf-phone-0"), "1400");
    await user.click(screen.getByTestId("pf-save"));
    // Too few digits: the form says so before asking the core, with the same offer.
    expect(await screen.findByTestId("pf-phones-error")).toHaveTextContent("Dit nummer kon niet worden gecontroleerd");
    expect(screen.getByTestId("phone-keep-unchecked")).toHaveTextContent("Bewaren zoals getypt");
    await user.click(screen.getByTestId("phone-keep-unchecked"));
    expect(await screen.findByTestId("phone-unchecked")).toHaveTextContent("niet gecontroleerd");
    expect((await onlyPerson(api)).phones).toMatchObject([{ value: "1400", unchecked: true }]);

    await user.click(screen.getByTestId("person-edit"));
    await user.clear(screen.getByTestId("pf-phone-0"));
    await user.type(screen.getByTestId("pf-phone-0"), "1401");
    await user.click(screen.getByTestId("pf-save"));
    expect(await screen.findByTestId("pf-phones-error")).toHaveTextContent("Dit nummer kon niet worden gecontroleerd");
    // A number that checks needs no confirmation and loses the mark.
    await user.clear(screen.getByTestId("pf-phone-0"));
    await user.type(screen.getByTestId("pf-phone-0"), "+31 30 123 4567");
    await user.click(screen.getByTestId("pf-save"));
    await waitFor(() => expect(screen.queryByTestId("person-form")).not.toBeInTheDocument());
    expect(screen.queryByTestId("phone-unchecked")).not.toBeInTheDocument();
    expect(screen.getByTestId("person-phone")).toHaveTextContent("+31301234567");
    expect((await onlyPerson(api)).phones).toMatchObject([{ value: "+31301234567", unchecked: false }]);
  });

  it("edits a person from the 360° view", async () => {
    const api = await newVault();
    await api.personCreate({ ...personInput("Kees", "Smit"), tags: ["klant"] });
    const { user } = await renderApp(api);
    await user.click((await screen.findAllByTestId(/^contact-row-/))[0]!.querySelector("button.link")!);
    await user.click(await screen.findByTestId("person-edit"));
    await user.clear(screen.getByTestId("pf-tags"));
    await user.type(screen.getByTestId("pf-tags"), "vip, nieuwsbrief");
    await user.click(screen.getByTestId("pf-save"));
    await waitFor(() => expect(screen.queryByTestId("person-form")).not.toBeInTheDocument());
    expect(screen.getByText("vip")).toBeInTheDocument();
    expect(screen.getByText("nieuwsbrief")).toBeInTheDocument();
    expect(screen.queryByText("klant")).toBeNull();
    expect([...(await onlyPerson(api)).tags].sort()).toEqual(["nieuwsbrief", "vip"]);
  });

  it("keeps the person's input when someone else saved meanwhile, compares, and saves over it on purpose", async () => {
    const api = await newVault();
    const kees = await api.personCreate({ ...personInput("Kees", "Smit"), jobTitle: "Inkoper" });
    const { user } = await renderApp(api);
    await user.click((await screen.findAllByTestId(/^contact-row-/))[0]!.querySelector("button.link")!);
    await user.click(await screen.findByTestId("person-edit"));
    // Another desktop saves the person while this form is open (the core's answer, not a fake).
    await api.personUpdate(kees.id, kees.version, { ...personInput("Kees", "Smid"), jobTitle: "Hoofd inkoop" });
    await user.clear(screen.getByTestId("pf-familyName"));
    await user.type(screen.getByTestId("pf-familyName"), "Smits");
    await user.click(screen.getByTestId("pf-save"));
    const notice = await screen.findByTestId("conflict-notice");
    expect(screen.getByTestId("conflict-title")).toHaveTextContent(/^Anne de Vries saved this at .+, while you were editing\.$/);
    // Nothing of either was lost: the form still holds what was typed, the core what was saved.
    expect(screen.getByTestId("pf-familyName")).toHaveValue("Smits");
    expect((await onlyPerson(api)).familyName).toBe("Smid");
    await user.click(screen.getByTestId("conflict-compare"));
    const diff = await screen.findByTestId("conflict-diff");
    const rows = [...diff.querySelectorAll("tbody tr")].map((r) => [...r.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ["Family name", "Smid", "Smits"],
      ["Job title", "Hoofd inkoop", "Inkoper"],
    ]);
    expect(notice).toBeInTheDocument();
    await user.click(screen.getByTestId("conflict-overwrite"));
    await waitFor(() => expect(screen.queryByTestId("person-form")).not.toBeInTheDocument());
    expect(await onlyPerson(api)).toMatchObject({ familyName: "Smits", jobTitle: "Inkoper" });
  });

  it("takes the version saved meanwhile when asked, in Dutch", async () => {
    const api = await newVault();
    const kees = await api.personCreate(personInput("Kees", "Smit"));
    const { user } = await renderApp(api, "nl");
    await user.click((await screen.findAllByTestId(/^contact-row-/))[0]!.querySelector("button.link")!);
    await user.click(await screen.findByTestId("person-edit"));
    await api.personUpdate(kees.id, kees.version, personInput("Kees", "Smid"));
    await user.type(screen.getByTestId("pf-givenName"), "je");
    await user.click(screen.getByTestId("pf-save"));
    expect(await screen.findByTestId("conflict-title")).toHaveTextContent(/^Anne de Vries heeft dit om .+ opgeslagen/);
    await user.click(screen.getByTestId("conflict-reload"));
    await waitFor(() => expect(screen.queryByTestId("conflict-notice")).toBeNull());
    expect(screen.getByTestId("pf-givenName")).toHaveValue("Kees");
    expect(screen.getByTestId("pf-familyName")).toHaveValue("Smid");
    // Saved from the version it now shows: no conflict.
    await user.click(screen.getByTestId("pf-save"));
    await waitFor(() => expect(screen.queryByTestId("person-form")).not.toBeInTheDocument());
    expect((await onlyPerson(api)).version).toBe(kees.version + 2);
  });
});
