// The contact list, search, saved views, export and merge against the real core.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { KluisApi, PersonQuery } from "$lib/api/types";
import { newVault, personInput, renderApp } from "./core";

/** A vault with `n` demo people, its administrator signed in. */
async function withDemo(n: number): Promise<KluisApi> {
  const api = await newVault();
  await api.demoFill(n);
  return api;
}

const everyone: PersonQuery = {
  sort: "family_name",
  descending: false,
  after: null,
  offset: null,
  limit: 1,
  tag: null,
  ownerId: null,
  organisationId: null,
};

describe("contacts (real core)", { timeout: 30_000 }, () => {
  it("offers demo data in an empty vault, then renders only the rows in view and loads more on scroll", async () => {
    const api = await newVault();
    let pages = 0;
    const counted: KluisApi = { ...api, personsList: (q) => (pages++, api.personsList(q)) };
    const { user } = await renderApp(counted);
    // The first screen of a test run can take more than testing-library's default second.
    await user.click(await screen.findByTestId("demo-fill-button", {}, { timeout: 10_000 }));
    await waitFor(() => expect(screen.getByTestId("contacts-total")).toHaveTextContent("500"), { timeout: 10_000 });
    const list = screen.getByTestId("contact-list");
    await waitFor(() => expect(list.dataset.loaded).toBe("100"));
    const rendered = screen.getAllByTestId(/^contact-row-/).length;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(60);
    list.scrollTop = 100 * 44 - 300;
    await fireEvent.scroll(list);
    await waitFor(() => expect(list.dataset.loaded).toBe("200"));
    expect(pages).toBeGreaterThanOrEqual(3);
    expect((await api.personsList(everyone)).total).toBe(500);
  });

  it("finds a person by typing and adds a note to the timeline, which the core keeps", async () => {
    const api = await newVault();
    const anna = await api.personCreate(personInput("Anna", "de Vries"));
    const { user } = await renderApp(api);
    await user.type(await screen.findByTestId("search-input"), "vries");
    await user.click((await screen.findAllByTestId(/^search-result-person-/))[0]!);
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Vries");
    await user.click(screen.getByTestId("timeline-kind-call"));
    await user.type(screen.getByTestId("timeline-body"), "Belde over de levering.");
    await user.click(screen.getByTestId("timeline-submit"));
    expect(await screen.findByText("Belde over de levering.")).toBeInTheDocument();
    const view = await api.personView(anna.id);
    expect(view.timeline.map((e) => e.body)).toContain("Belde over de levering.");
  });

  it("sorts and filters through the core, and the core keeps a saved view for this person", async () => {
    const api = await withDemo(20);
    const queries: PersonQuery[] = [];
    const watched: KluisApi = { ...api, personsList: (q) => (queries.push(q), api.personsList(q)) };
    const { user } = await renderApp(watched);
    await screen.findByTestId("contacts-total");
    await user.selectOptions(screen.getByTestId("sort-select"), "created:desc");
    await waitFor(() => expect(queries.at(-1)).toMatchObject({ sort: "created", descending: true, after: null }));
    const me = (await api.sessionInfo()).userId;
    await user.selectOptions(screen.getByTestId("owner-filter"), String(me));
    await waitFor(() => expect(queries.at(-1)).toMatchObject({ ownerId: me }));
    await user.click(screen.getByTestId("view-save"));
    await user.type(screen.getByTestId("view-name"), "Mijn nieuwste");
    await user.click(screen.getByTestId("view-save-confirm"));
    await waitFor(async () =>
      expect(await api.viewsList()).toEqual([
        { name: "Mijn nieuwste", filters: expect.objectContaining({ sort: "created", descending: true, ownerId: me }) },
      ]),
    );
    expect(localStorage.getItem("kluis.views.anne")).toBeNull();
    await user.click(await screen.findByTestId("filters-reset"));
    await waitFor(() => expect(queries.at(-1)).toMatchObject({ ownerId: null, sort: "family_name" }));
    await user.selectOptions(screen.getByTestId("view-select"), "Mijn nieuwste");
    await waitFor(() => expect(queries.at(-1)).toMatchObject({ ownerId: me, sort: "created" }));
  });

  it("exports the selected people through the core", async () => {
    const { user } = await renderApp(await withDemo(20));
    const rows = await screen.findAllByTestId(/^contact-row-/);
    await user.click(within(rows[0]!).getByRole("checkbox"));
    await user.click(within(rows[1]!).getByRole("checkbox"));
    expect(screen.getByTestId("selection-bar")).toHaveTextContent("2");
    await user.click(within(screen.getByTestId("selection-bar")).getByText("Export"));
    await user.click(screen.getByTestId("export-vcard"));
    await user.click(screen.getByTestId("export-start"));
    // The bridge answers the save dialog with a file of its own (save-1).
    expect(await screen.findByTestId("export-done")).toHaveTextContent("2 people saved to save-1");
  });

  it("merges two selected people after showing what will move", async () => {
    const api = await withDemo(20);
    const { user } = await renderApp(api);
    const rows = await screen.findAllByTestId(/^contact-row-/);
    await user.click(within(rows[0]!).getByRole("checkbox"));
    await user.click(within(rows[1]!).getByRole("checkbox"));
    await user.click(screen.getByTestId("merge-open"));
    expect(await screen.findByTestId("merge-result")).toHaveTextContent(/timeline entries/);
    await user.click(screen.getByTestId("merge-apply"));
    expect(await screen.findByTestId("person-view")).toBeInTheDocument();
    expect((await api.personsList(everyone)).total).toBe(19);
  });

  it("marks a phone number saved as typed as not checked, in the 360° view and the merge preview", async () => {
    const api = await newVault();
    await api.personCreate({
      ...personInput("", "Kramer"),
      phones: [
        { label: null, value: "+31 30 123 4567", keepUnchecked: false },
        // Not a Danish number the core can verify (the fake took "0900-KRAMER", which the core
        // reads as a valid vanity number).
        { label: null, value: "+45 12345678", keepUnchecked: true },
      ],
    });
    await api.personCreate(personInput("", "Kramer-Jansen"));
    const { user } = await renderApp(api);
    await user.type(await screen.findByTestId("search-input"), "Kramer");
    const hits = await screen.findAllByTestId(/^search-result-person-/);
    await user.click(hits.find((h) => !h.textContent?.includes("Jansen"))!);
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Kramer");
    const phones = screen.getAllByTestId("person-phone");
    expect(phones.map((p) => p.textContent?.trim())).toEqual(["+31301234567", expect.stringMatching(/^\+45 12345678\s*not checked/)]);
    expect(within(phones[0]!).queryByTestId("phone-unchecked")).not.toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: /Back to contacts/ }));
    const rows = await screen.findAllByTestId(/^contact-row-/);
    await user.click(within(rows[0]!).getByRole("checkbox"));
    await user.click(within(rows[1]!).getByRole("checkbox"));
    await user.click(screen.getByTestId("merge-open"));
    expect(await screen.findByTestId("merge-result")).toBeInTheDocument();
    expect(within(screen.getByTestId("merge-result")).getByTestId("merge-phone-unchecked")).toHaveTextContent("not checked");
  });
});
