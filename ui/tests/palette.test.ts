import { screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { startApp } from "./helpers";

describe("search palette", () => {
  it("opens with Ctrl+K from any section, finds a person and opens the 360° view with Enter", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.demoFill(20);
    await user.click(await screen.findByText("Settings"));
    await user.keyboard("{Control>}k{/Control}");
    const input = await screen.findByTestId("palette-input");
    await user.type(input, "müller");
    await screen.findAllByTestId(/^palette-hit-person-/);
    await user.keyboard("{Enter}");
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Müller");
    expect(screen.queryByTestId("palette")).not.toBeInTheDocument();
  });

  it("also jumps to a section by name, in Dutch", async () => {
    const { user } = await startApp({ preset: "admin", locale: "nl" });
    await user.keyboard("{Control>}k{/Control}");
    await user.type(await screen.findByTestId("palette-input"), "instel");
    await user.click(await screen.findByTestId("palette-go-settings"));
    expect(await screen.findByTestId("page-title")).toHaveTextContent("Instellingen");
  });
});
