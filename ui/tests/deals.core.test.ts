// The deals board against the real core: the seeded pipeline, moving cards (the keyboard control,
// dragging, a lost reason, a refusal), the deal form, and amounts only for those who may see them.
import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DealCard, KluisApi } from "$lib/api/types";
import { coreVault, newVault, personInput, renderApp } from "./core";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

async function openBoard(api: KluisApi, locale: "en" | "nl" = "en"): Promise<User> {
  const { user } = await renderApp(api, locale);
  await user.click(screen.getByTestId("nav-deals"));
  await screen.findByTestId("deals-page");
  return user;
}

function column(stageId: number) {
  return screen.getByTestId(`stage-column-${stageId}`);
}

async function dealInCore(api: KluisApi, id: number): Promise<DealCard | undefined> {
  return (await api.dealsBoard()).deals.find((d) => d.id === id);
}

/**
 * A new vault (its administrator Anne de Vries signed in, who may not see sales figures) with
 * three people and four deals: two in Lead, one in Proposal, one in Negotiation.
 */
async function withDeals() {
  const api = await newVault();
  const stages = Object.fromEntries((await api.pipelineStages()).map((s) => [s.builtin!, s.id])) as Record<
    "lead" | "qualified" | "proposal" | "negotiation" | "won" | "lost",
    number
  >;
  const lotte = await api.personCreate(personInput("Lotte", "de Boer"));
  const daan = await api.personCreate(personInput("Daan", "Visser"));
  const kees = await api.personCreate(personInput("Kees", "Smit"));
  const deal = async (title: string, stageId: number, personId: number) =>
    (await api.dealCreate({ title, personId, organisationId: null, stageId, amountCents: null, currency: null, probability: null, expectedClose: null })).id;
  const deals = {
    service: await deal("Onderhoudscontract", stages.lead, daan.id),
    install: await deal("Nieuwe installatie", stages.lead, kees.id),
    yearly: await deal("Jaarorder", stages.proposal, lotte.id),
    pilot: await deal("Pilot", stages.negotiation, daan.id),
  };
  return { api, stages, deals };
}

describe("deals board (real core)", { timeout: 30_000 }, () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it("shows every stage in order with its cards, counts and locked totals", async () => {
    const { api, stages, deals } = await withDeals();
    await openBoard(api);

    expect(await screen.findByTestId("page-title")).toHaveTextContent("Deals");
    const columns = await screen.findAllByTestId(/^stage-column-/);
    // The core seeds six stages (the fake had no "Qualified").
    expect(columns.map((c) => within(c).getByRole("heading", { level: 2 }).textContent)).toEqual([
      "Lead",
      "Qualified",
      "Proposal",
      "Negotiation",
      "Won",
      "Lost",
    ]);
    expect(within(column(stages.lead)).getByTestId(`deal-card-${deals.service}`)).toHaveTextContent("Onderhoudscontract");
    expect(within(column(stages.lead)).getByTestId(`deal-card-${deals.install}`)).toHaveTextContent("Nieuwe installatie");
    expect(within(column(stages.proposal)).getByTestId(`deal-card-${deals.yearly}`)).toHaveTextContent("Jaarorder");
    expect(within(column(stages.negotiation)).getByTestId(`deal-card-${deals.pilot}`)).toHaveTextContent("Pilot");
    expect(screen.getByTestId(`stage-count-${stages.lead}`)).toHaveTextContent("2");
    expect(screen.getByTestId(`stage-count-${stages.won}`)).toHaveTextContent("0");
    // The administrator has no right to sales figures: a lock, never a zero.
    const value = screen.getByTestId(`stage-value-${stages.lead}`);
    expect(value).toHaveAttribute("data-redacted", "true");
    expect(value).toHaveAccessibleName("Hidden for your role");
    expect(value).not.toHaveTextContent("0");
  });

  it("shows an empty state without deals", async () => {
    await openBoard(await newVault());
    expect(await screen.findByTestId("deals-empty")).toHaveTextContent("No deals yet");
    expect(screen.queryByTestId(/^stage-column-/)).not.toBeInTheDocument();
  });

  it("moves a card with the keyboard control and tells the core", async () => {
    const { api, stages, deals } = await withDeals();
    const user = await openBoard(api);

    await user.selectOptions(await screen.findByTestId(`deal-move-${deals.service}`), "Proposal");

    expect(within(column(stages.proposal)).getByTestId(`deal-card-${deals.service}`)).toBeInTheDocument();
    expect(within(column(stages.lead)).queryByTestId(`deal-card-${deals.service}`)).not.toBeInTheDocument();
    expect(screen.getByTestId(`stage-count-${stages.proposal}`)).toHaveTextContent("2");
    await waitFor(async () => expect((await dealInCore(api, deals.service))?.stageId).toBe(stages.proposal));
    expect((await api.dealsBoard()).stages.find((s) => s.id === stages.proposal)?.count).toBe(2);
    // Keyboard users stay on the card they moved.
    await waitFor(() => expect(screen.getByTestId(`deal-move-${deals.service}`)).toHaveFocus());
  });

  it("asks for a reason before moving a deal to Lost", async () => {
    const { api, stages, deals } = await withDeals();
    const user = await openBoard(api);

    await user.selectOptions(await screen.findByTestId(`deal-move-${deals.yearly}`), "Lost");
    const input = await screen.findByTestId("lost-reason-input");
    // Required: an empty reason does not reach the core.
    await user.click(screen.getByTestId("lost-reason-submit"));
    expect(await screen.findByText("This field is required.", { exact: false })).toBeInTheDocument();
    expect(within(column(stages.proposal)).getByTestId(`deal-card-${deals.yearly}`)).toBeInTheDocument();
    expect((await dealInCore(api, deals.yearly))?.stageId).toBe(stages.proposal);

    await user.type(input, "Koos een concurrent");
    await user.click(screen.getByTestId("lost-reason-submit"));

    const card = within(column(stages.lost)).getByTestId(`deal-card-${deals.yearly}`);
    expect(card).toHaveTextContent("Koos een concurrent");
    await waitFor(async () => expect(await dealInCore(api, deals.yearly)).toMatchObject({ stageId: stages.lost, lostReason: "Koos een concurrent" }));
    expect(screen.queryByTestId("lost-reason-input")).not.toBeInTheDocument();
  });

  it("leaves the card where it was when the lost reason is cancelled", async () => {
    const { api, stages, deals } = await withDeals();
    const user = await openBoard(api);

    await user.selectOptions(await screen.findByTestId(`deal-move-${deals.pilot}`), "Lost");
    await screen.findByTestId("lost-reason-input");
    await user.click(screen.getByRole("button", { name: "Cancel" }));

    expect(screen.queryByTestId("lost-reason-input")).not.toBeInTheDocument();
    expect(within(column(stages.negotiation)).getByTestId(`deal-card-${deals.pilot}`)).toBeInTheDocument();
    expect(await dealInCore(api, deals.pilot)).toMatchObject({ stageId: stages.negotiation, lostReason: null });
  });

  it("puts the card back and says why when the core refuses the move", async () => {
    const { api, stages, deals } = await withDeals();
    const user = await openBoard(api);
    const control = await screen.findByTestId(`deal-move-${deals.service}`);
    // Meanwhile the empty stage "Qualified" is removed: the core refuses a move into it.
    await api.stageRemove(stages.qualified);

    await user.selectOptions(control, "Qualified");

    expect(await screen.findByTestId("deal-move-error")).toHaveAttribute("data-code", "validation.invalid");
    expect(within(column(stages.lead)).getByTestId(`deal-card-${deals.service}`)).toBeInTheDocument();
    expect(within(column(stages.qualified)).queryByTestId(`deal-card-${deals.service}`)).not.toBeInTheDocument();
    expect(screen.getByTestId(`stage-count-${stages.lead}`)).toHaveTextContent("2");
    expect((await dealInCore(api, deals.service))?.stageId).toBe(stages.lead);
  });

  it("moves a card by dragging it with the pointer onto another column", async () => {
    const { api, stages, deals } = await withDeals();
    await openBoard(api);
    await screen.findByTestId(`deal-card-${deals.service}`);
    const order = (await api.pipelineStages()).map((s) => s.id);

    // jsdom has neither layout nor PointerEvent: columns are 300 px wide side by side.
    class FakePointerEvent extends MouseEvent {
      pointerId: number;
      constructor(type: string, init: PointerEventInit = {}) {
        super(type, init);
        this.pointerId = init.pointerId ?? 1;
      }
    }
    vi.stubGlobal("PointerEvent", FakePointerEvent);
    vi.spyOn(Element.prototype, "getBoundingClientRect").mockImplementation(function (this: Element) {
      const stage = (this as HTMLElement).dataset?.stageId;
      const left = stage ? order.indexOf(Number(stage)) * 300 : 0;
      const width = stage ? 280 : this.classList.contains("board") ? 1800 : 260;
      return DOMRect.fromRect({ x: left, y: 0, width, height: 800 });
    });

    // Negotiation is the fourth column: 900 to 1180 px.
    const card = screen.getByTestId(`deal-card-${deals.service}`);
    fireEvent.pointerDown(card, { pointerId: 1, button: 0, clientX: 40, clientY: 100 });
    fireEvent.pointerMove(window, { pointerId: 1, clientX: 300, clientY: 120 });
    fireEvent.pointerMove(window, { pointerId: 1, clientX: 950, clientY: 140 });
    // While dragging, the column under the pointer is highlighted.
    await waitFor(() => expect(column(stages.negotiation)).toHaveClass("drop-target"));
    fireEvent.pointerUp(window, { pointerId: 1, clientX: 950, clientY: 140 });

    await waitFor(() => expect(within(column(stages.negotiation)).getByTestId(`deal-card-${deals.service}`)).toBeInTheDocument());
    await waitFor(async () => expect((await dealInCore(api, deals.service))?.stageId).toBe(stages.negotiation));
  });

  it("opens the person from a card", async () => {
    const { api, deals } = await withDeals();
    const user = await openBoard(api);
    await user.click(await screen.findByTestId(`deal-person-${deals.install}`));
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Kees Smit");
  });

  it("shows a lock instead of amounts to a user without sales rights", async () => {
    // The seeded vault's deal "Ovens" is worth € 77,777.77 (set by management).
    const vault = await coreVault("seeded");
    await vault.signInAs("user");
    await openBoard(vault.api);
    const amount = await screen.findByTestId(`deal-amount-${vault.ids.deal}`);
    expect(amount).toHaveAttribute("data-redacted", "true");
    expect(amount).toHaveAttribute("title", "Hidden for your role");
    expect(amount).not.toHaveTextContent(/\d/);
    expect(screen.getByTestId(`stage-value-${vault.ids.openStage}`)).toHaveAttribute("data-redacted", "true");
    expect(screen.getByTestId("deals-page").textContent).not.toMatch(/77/);
  });

  it("shows amounts and stage totals to management", async () => {
    const vault = await coreVault("seeded");
    await vault.signInAs("management");
    await openBoard(vault.api);
    const amount = await screen.findByTestId(`deal-amount-${vault.ids.deal}`);
    expect(amount).toHaveAttribute("data-redacted", "false");
    expect(amount).toHaveTextContent("€77,777.77");
    const total = screen.getByTestId(`stage-value-${vault.ids.openStage}`);
    expect(total).toHaveAttribute("data-redacted", "false");
    expect(total).toHaveTextContent("€77,777.77");
    // Management without the user role may look, not move or add.
    expect(screen.queryByTestId(`deal-move-${vault.ids.deal}`)).not.toBeInTheDocument();
    expect(screen.queryByTestId("deal-new")).not.toBeInTheDocument();
    await expect(vault.api.dealMove(vault.ids.deal!, 1, vault.ids.openStage!, null)).rejects.toMatchObject({ code: "access.denied" });
  });

  it("creates a deal linked to a person; the title is required", async () => {
    const { api, stages } = await withDeals();
    const user = await openBoard(api);

    await user.click(await screen.findByTestId("deal-new"));
    const dialog = await screen.findByTestId("deal-form");
    // No sales rights: no amount fields.
    expect(within(dialog).queryByTestId("deal-form-amount")).not.toBeInTheDocument();
    await user.click(within(dialog).getByTestId("deal-form-submit"));
    expect(await within(dialog).findByTestId("deal-form-title-error")).toBeInTheDocument();

    await user.type(within(dialog).getByTestId("deal-form-title"), "Nieuwe cv-ketel");
    await user.selectOptions(within(dialog).getByTestId("deal-form-stage"), "Proposal");
    await user.type(within(dialog).getByTestId("deal-form-person-search"), "Lotte");
    const hit = (await within(dialog).findAllByTestId(/^deal-form-person-hit-/))[0]!;
    expect(hit.querySelector(".name")).toHaveTextContent("Lotte de Boer");
    await user.click(hit);
    expect(within(dialog).getByTestId("deal-form-person-picked")).toHaveTextContent("Lotte de Boer");
    await user.click(within(dialog).getByTestId("deal-form-submit"));

    await waitFor(() => expect(screen.queryByTestId("deal-form")).not.toBeInTheDocument());
    const created = (await api.dealsBoard()).deals.find((d) => d.title === "Nieuwe cv-ketel")!;
    expect(created).toMatchObject({ stageId: stages.proposal, personName: "Lotte de Boer" });
    expect(await within(column(stages.proposal)).findByTestId(`deal-card-${created.id}`)).toHaveTextContent("Lotte de Boer");
  });

  it("lets sales staff enter the amount in euros, stored in cents", async () => {
    const vault = await coreVault("seeded");
    await vault.signInAs("administrator");
    const manager = (await vault.api.usersList()).find((u) => u.username === vault.users.management)!;
    await vault.api.userSetAccess(manager.id, { roles: ["management", "user"], mayDelete: null });
    await vault.signInAs("management");
    const user = await openBoard(vault.api);

    await user.click(await screen.findByTestId("deal-new"));
    const dialog = await screen.findByTestId("deal-form");
    await user.type(within(dialog).getByTestId("deal-form-title"), "Warmtepomp");
    await user.type(within(dialog).getByTestId("deal-form-amount"), "1234.5");
    await user.type(within(dialog).getByTestId("deal-form-probability"), "60");
    await user.click(within(dialog).getByTestId("deal-form-submit"));

    await waitFor(() => expect(screen.queryByTestId("deal-form")).not.toBeInTheDocument());
    const created = (await vault.api.dealsBoard()).deals.find((d) => d.title === "Warmtepomp")!;
    expect(created).toMatchObject({ currency: "EUR", amountCents: { state: "shown", value: 123450 }, probability: { state: "shown", value: 60 } });
    expect(await screen.findByTestId(`deal-amount-${created.id}`)).toHaveTextContent("€1,234.50");
  });

  it("speaks Dutch", async () => {
    const { api, stages, deals } = await withDeals();
    await openBoard(api, "nl");
    expect(await screen.findByTestId(`deal-move-${deals.service}`)).toHaveAccessibleName("Verplaats “Onderhoudscontract” naar een andere fase");
    expect(screen.getByTestId(`stage-value-${stages.lead}`)).toHaveAccessibleName("Verborgen voor je rol");
    expect(screen.getByTestId("deal-new")).toHaveTextContent("Nieuwe deal");
    expect(within(column(stages.qualified)).getByRole("heading", { level: 2 })).toHaveTextContent("Gekwalificeerd");
  });

  it("edits a deal's details from its card; the stage stays on the board", async () => {
    const { api, stages, deals } = await withDeals();
    const user = await openBoard(api);
    await user.click(await screen.findByTestId(`deal-edit-${deals.yearly}`));
    expect(screen.getByTestId("deal-form-stage")).toBeDisabled();
    const title = screen.getByTestId("deal-form-title");
    await user.clear(title);
    await user.type(title, "Jaarcontract onderhoud");
    await user.click(screen.getByTestId("deal-form-submit"));
    expect(await screen.findByText("Jaarcontract onderhoud")).toBeInTheDocument();
    expect(await dealInCore(api, deals.yearly)).toMatchObject({ title: "Jaarcontract onderhoud", stageId: stages.proposal, personName: "Lotte de Boer" });
  });

  // A product bug the core shows up: the board's card has no organisation id, so the form sends
  // `organisationId: null` and saving a title unlinks the deal from its organisation. Skipped
  // until the window keeps the link (reported in #19).
  it("keeps a deal's organisation when its details are edited from the board", async () => {
    const { api, stages } = await withDeals();
    const org = await api.organisationCreate({ name: "Bakkerij Jansen B.V.", kvk: null, vat: null, website: null, industry: null, addresses: [] });
    const deal = await api.dealCreate({ title: "Broodovens", personId: null, organisationId: org.id, stageId: stages.lead, amountCents: null, currency: null, probability: null, expectedClose: null });
    const user = await openBoard(api);
    await user.click(await screen.findByTestId(`deal-edit-${deal.id}`));
    const title = screen.getByTestId("deal-form-title");
    await user.clear(title);
    await user.type(title, "Twee broodovens");
    await user.click(screen.getByTestId("deal-form-submit"));
    expect(await screen.findByText("Twee broodovens")).toBeInTheDocument();
    expect(await dealInCore(api, deal.id)).toMatchObject({ title: "Twee broodovens", organisationName: "Bakkerij Jansen B.V." });
  });
});
