import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { startApp } from "./helpers";

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
