import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { startApp } from "./helpers";

describe("contacts", () => {
  it("offers demo data in an empty vault, then pages through the list", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await user.click(await screen.findByTestId("demo-fill-button"));
    expect(await screen.findByTestId("contacts-total")).toHaveTextContent("500");
    const before = screen.getAllByTestId(/^contact-row-/).length;
    expect(before).toBe(100);
    await user.click(screen.getByText(/Show more|Meer tonen/));
    await waitFor(() => expect(screen.getAllByTestId(/^contact-row-/).length).toBe(200));
    const listCalls = fake.calls.filter((c) => c === "persons_list").length;
    expect(listCalls).toBeGreaterThanOrEqual(3);
  });

  it("finds a person by typing and adds a note to the timeline", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.demoFill(20);
    await user.type(await screen.findByTestId("search-input"), "vries");
    const hit = (await screen.findAllByTestId(/^search-result-person-/))[0]!;
    await user.click(hit);
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Vries");
    await user.click(screen.getByTestId("timeline-kind-call"));
    await user.type(screen.getByTestId("timeline-body"), "Belde over de levering.");
    await user.click(screen.getByTestId("timeline-submit"));
    expect(await screen.findByText("Belde over de levering.")).toBeInTheDocument();
  });
});
