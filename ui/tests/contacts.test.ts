import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { startApp } from "./helpers";

describe("contacts", () => {
  it("offers demo data in an empty vault, then renders only the rows in view and loads more on scroll", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await user.click(await screen.findByTestId("demo-fill-button"));
    await waitFor(() => expect(screen.getByTestId("contacts-total")).toHaveTextContent("500"));
    const list = screen.getByTestId("contact-list");
    expect(list.dataset.loaded).toBe("100");
    const rendered = screen.getAllByTestId(/^contact-row-/).length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(60);
    list.scrollTop = 100 * 44 - 300;
    await fireEvent.scroll(list);
    await waitFor(() => expect(list.dataset.loaded).toBe("200"));
    expect(fake.calls.filter((c) => c === "persons_list").length).toBeGreaterThanOrEqual(3);
  });

  it("finds a person by typing and adds a note to the timeline", async () => {
    const { user } = await startApp({ preset: "admin", demo: 20 });
    await user.type(await screen.findByTestId("search-input"), "vries");
    const hit = (await screen.findAllByTestId(/^search-result-person-/))[0]!;
    await user.click(hit);
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Vries");
    await user.click(screen.getByTestId("timeline-kind-call"));
    await user.type(screen.getByTestId("timeline-body"), "Belde over de levering.");
    await user.click(screen.getByTestId("timeline-submit"));
    expect(await screen.findByText("Belde over de levering.")).toBeInTheDocument();
  });

  it("sorts and filters through the core, and keeps a saved view for next time", async () => {
    const { fake, user } = await startApp({ preset: "admin", demo: 20 });
    const queries = fake.personQueries;
    await screen.findByTestId("contacts-total");
    await user.selectOptions(screen.getByTestId("sort-select"), "created:desc");
    await waitFor(() => expect(queries.at(-1)).toMatchObject({ sort: "created", descending: true, after: null }));
    await user.selectOptions(screen.getByTestId("owner-filter"), "2");
    await waitFor(() => expect(queries.at(-1)).toMatchObject({ ownerId: 2 }));
    await user.click(screen.getByTestId("view-save"));
    await user.type(screen.getByTestId("view-name"), "Jan nieuwste");
    await user.click(screen.getByTestId("view-save-confirm"));
    // Kept by the core, for this person only (not in the webview's storage).
    await waitFor(() =>
      expect(fake.savedViews.get(1)).toEqual([
        { name: "Jan nieuwste", filters: expect.objectContaining({ sort: "created", descending: true, ownerId: 2 }) },
      ]),
    );
    expect(localStorage.getItem("kluis.views.anne")).toBeNull();
    await user.click(screen.getByTestId("filters-reset"));
    await waitFor(() => expect(queries.at(-1)).toMatchObject({ ownerId: null, sort: "family_name" }));
    await user.selectOptions(screen.getByTestId("view-select"), "Jan nieuwste");
    await waitFor(() => expect(queries.at(-1)).toMatchObject({ ownerId: 2, sort: "created" }));
  });

  it("exports the selected people through the core", async () => {
    const { fake, user } = await startApp({ preset: "admin", demo: 20 });
    const rows = await screen.findAllByTestId(/^contact-row-/);
    await user.click(within(rows[0]!).getByRole("checkbox"));
    await user.click(within(rows[1]!).getByRole("checkbox"));
    expect(screen.getByTestId("selection-bar")).toHaveTextContent("2");
    await user.click(within(screen.getByTestId("selection-bar")).getByText("Export"));
    await user.click(screen.getByTestId("export-vcard"));
    await user.click(screen.getByTestId("export-start"));
    expect(await screen.findByTestId("export-done")).toHaveTextContent("2 people saved to kluis-contacts.vcf");
    expect(fake.exported).toHaveLength(1);
    expect(fake.exported[0]!.format).toBe("vcard");
    expect(fake.exported[0]!.selection.ids).toHaveLength(2);
  });

  it("merges two selected people after showing what will move", async () => {
    const { fake, user } = await startApp({ preset: "admin", demo: 20 });
    const rows = await screen.findAllByTestId(/^contact-row-/);
    await user.click(within(rows[0]!).getByRole("checkbox"));
    await user.click(within(rows[1]!).getByRole("checkbox"));
    await user.click(screen.getByTestId("merge-open"));
    expect(await screen.findByTestId("merge-result")).toHaveTextContent(/timeline entries/);
    await user.click(screen.getByTestId("merge-apply"));
    expect(await screen.findByTestId("person-view")).toBeInTheDocument();
    expect(fake.calls).toContain("merge_apply");
    expect(fake.people).toHaveLength(19);
  });

  it("marks a phone number saved as typed as not checked, in the 360° view and the merge preview", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    const blank = {
      givenName: "", tussenvoegsel: "", salutation: null, dateOfBirth: null, organisationId: null, jobTitle: null,
      preferredLanguage: null, source: null, ownerId: null, notes: null, emails: [], addresses: [], tags: [],
    };
    await fake.personCreate({
      ...blank,
      familyName: "Kramer",
      phones: [
        { label: null, value: "+31 30 123 4567", keepUnchecked: false },
        { label: null, value: "0900-KRAMER", keepUnchecked: true },
      ],
    });
    await fake.personCreate({ ...blank, familyName: "Kramer-Jansen", phones: [] });
    await user.type(await screen.findByTestId("search-input"), "Kramer");
    await user.click((await screen.findAllByTestId(/^search-result-person-/))[0]!);
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Kramer");
    const phones = screen.getAllByTestId("person-phone");
    expect(phones.map((p) => p.textContent?.trim())).toEqual([
      "+31301234567",
      expect.stringMatching(/^0900-KRAMER\s*not checked/),
    ]);
    expect(within(phones[0]!).queryByTestId("phone-unchecked")).not.toBeInTheDocument();
    const badge = within(phones[1]!).getByTestId("phone-unchecked");
    expect(badge).toHaveAttribute("title", "Saved as typed: Kluis could not check this number (a new range, an extension or a missing country code, for example).");

    await user.click(screen.getByRole("button", { name: /Back to contacts/ }));
    const rows = await screen.findAllByTestId(/^contact-row-/);
    await user.click(within(rows[0]!).getByRole("checkbox"));
    await user.click(within(rows[1]!).getByRole("checkbox"));
    await user.click(screen.getByTestId("merge-open"));
    expect(await screen.findByTestId("merge-result")).toBeInTheDocument();
    expect(within(screen.getByTestId("merge-result")).getByTestId("merge-phone-unchecked")).toHaveTextContent("not checked");
  });
});
