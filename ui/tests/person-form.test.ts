import { screen, waitFor } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FakeApi } from "$lib/api/fake";
import { startApp } from "./helpers";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("person form", () => {
  it("refuses a bad e-mail and postcode with field messages, then creates the person", async () => {
    const { user } = await startApp({ preset: "admin" });
    await user.click(await screen.findByTestId("person-new"));
    await user.type(screen.getByTestId("pf-givenName"), "Jan");
    await user.type(screen.getByTestId("pf-tussenvoegsel"), "van der");
    await user.type(screen.getByTestId("pf-familyName"), "Berg");
    await user.type(screen.getByTestId("pf-email-0"), "jan@");
    await user.type(screen.getByTestId("pf-postcode"), "12345");
    await user.click(screen.getByTestId("pf-save"));
    expect(await screen.findByTestId("pf-emails-error")).toHaveTextContent("not an e-mail address");
    expect(screen.getByTestId("pf-addresses-error")).toHaveTextContent("1234 AB");
    await user.clear(screen.getByTestId("pf-email-0"));
    await user.type(screen.getByTestId("pf-email-0"), "jan@berg.nl");
    await user.clear(screen.getByTestId("pf-postcode"));
    await user.type(screen.getByTestId("pf-postcode"), "1234 AB");
    await user.click(screen.getByTestId("pf-save"));
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Jan van der Berg");
  });

  it("warns about a possible duplicate and saves only once acknowledged", async () => {
    const { fake, user } = await startApp({ preset: "admin", locale: "nl", demo: 5 });
    const existing = fake.people[0]!;
    await user.click(await screen.findByTestId("person-new"));
    await user.type(screen.getByTestId("pf-familyName"), "Anders");
    await user.type(screen.getByTestId("pf-email-0"), existing.email!.toUpperCase());
    await user.tab();
    expect(await screen.findByTestId("pf-duplicates")).toHaveTextContent(existing.displayName);
    expect(screen.getByTestId("pf-duplicates")).toHaveTextContent("zelfde e-mailadres");
    expect(screen.getByTestId("pf-save")).toBeDisabled();
    await user.click(screen.getByTestId("pf-dup-ack"));
    await user.click(screen.getByTestId("pf-save"));
    await waitFor(() => expect(fake.people).toHaveLength(6));
  });

  it("offers to save a phone number the core cannot check as typed, and marks it in the 360° view", async () => {
    // On the prototype before the app starts: the app keeps the methods it was given.
    const create = vi.spyOn(FakeApi.prototype, "personCreate");
    const update = vi.spyOn(FakeApi.prototype, "personUpdate");
    const { fake, user } = await startApp({ preset: "admin" });
    await user.click(await screen.findByTestId("person-new"));
    await user.type(screen.getByTestId("pf-familyName"), "Berg");
    await user.type(screen.getByTestId("pf-phone-0"), "+31 30 123 4567 toestel 12");
    await user.click(screen.getByTestId("pf-save"));
    expect(await screen.findByTestId("pf-phones-error")).toHaveTextContent(
      "This number could not be checked. Check the country code, or save it as typed.",
    );
    expect(screen.getByTestId("pf-phone-0")).toHaveAttribute("aria-invalid", "true");
    expect(create).toHaveBeenCalledTimes(1);
    expect(create.mock.calls[0]![0].phones).toEqual([{ label: null, value: "+31 30 123 4567 toestel 12", keepUnchecked: false }]);
    expect(fake.people).toHaveLength(0);

    await user.click(screen.getByTestId("phone-keep-unchecked"));
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Berg");
    expect(create.mock.calls[1]![0].phones).toEqual([{ label: null, value: "+31 30 123 4567 toestel 12", keepUnchecked: true }]);
    expect(screen.getByTestId("person-phone")).toHaveTextContent("+31 30 123 4567 toestel 12");
    const badge = screen.getByTestId("phone-unchecked");
    expect(badge).toHaveTextContent("not checked");
    expect(badge).toHaveAttribute("title", expect.stringContaining("Saved as typed"));

    // Saving the form again keeps the stored unchecked number; it is not refused a second time.
    await user.click(screen.getByTestId("person-edit"));
    expect(screen.getByTestId("pf-phone-unchecked-0")).toBeInTheDocument();
    await user.type(screen.getByTestId("pf-tags"), "vip");
    await user.click(screen.getByTestId("pf-save"));
    await waitFor(() => expect(screen.queryByTestId("person-form")).not.toBeInTheDocument());
    expect(update.mock.calls[0]![1].phones).toEqual([{ label: null, value: "+31 30 123 4567 toestel 12", keepUnchecked: true }]);
    expect(screen.getByTestId("phone-unchecked")).toBeInTheDocument();
  });

  it("asks again for a changed number, and in Dutch", async () => {
    const { fake, user } = await startApp({ preset: "admin", locale: "nl" });
    await user.click(await screen.findByTestId("person-new"));
    await user.type(screen.getByTestId("pf-familyName"), "Smit");
    await user.type(screen.getByTestId("pf-phone-0"), "1400");
    await user.click(screen.getByTestId("pf-save"));
    // Too few digits: the form says so before asking the core, with the same offer.
    expect(await screen.findByTestId("pf-phones-error")).toHaveTextContent("Dit nummer kon niet worden gecontroleerd");
    expect(screen.getByTestId("phone-keep-unchecked")).toHaveTextContent("Bewaren zoals getypt");
    await user.click(screen.getByTestId("phone-keep-unchecked"));
    expect(await screen.findByTestId("phone-unchecked")).toHaveTextContent("niet gecontroleerd");
    expect([...fake.details.values()][0]!.phones).toEqual([expect.objectContaining({ value: "1400", unchecked: true })]);

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
  });

  it("edits a person from the 360° view", async () => {
    const { user } = await startApp({ preset: "admin", demo: 3 });
    await user.click((await screen.findAllByTestId(/^contact-row-/))[0]!.querySelector("button.link")!);
    await user.click(await screen.findByTestId("person-edit"));
    await user.clear(screen.getByTestId("pf-tags"));
    await user.type(screen.getByTestId("pf-tags"), "vip, nieuwsbrief");
    await user.click(screen.getByTestId("pf-save"));
    await waitFor(() => expect(screen.queryByTestId("person-form")).not.toBeInTheDocument());
    expect(screen.getByText("vip")).toBeInTheDocument();
    expect(screen.getByText("nieuwsbrief")).toBeInTheDocument();
  });
});
