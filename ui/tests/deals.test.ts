import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FAKE_PASSWORD, type FakeApi } from "$lib/api/fake";
import { startApp } from "./helpers";

type User = Awaited<ReturnType<typeof startApp>>["user"];

async function openBoard(user: User) {
  await user.click(screen.getByTestId("nav-deals"));
  return screen.findByTestId("deals-page");
}

function column(stageId: number) {
  return screen.getByTestId(`stage-column-${stageId}`);
}

/** Demo data is filled by an administrator; the session the test runs as is put back after. */
async function fillAsAdmin(fake: FakeApi) {
  const session = fake.sessionUserId;
  fake.sessionUserId = 1;
  await fake.demoFill(20);
  fake.sessionUserId = session;
}

async function signInAs(user: User, username: string) {
  await user.type(screen.getByTestId("signin-username"), username);
  await user.type(screen.getByTestId("signin-password"), FAKE_PASSWORD);
  await user.click(screen.getByTestId("signin-submit"));
  await screen.findByTestId("sidebar");
}

describe("deals board", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it("shows every stage in order with its cards, counts and locked totals", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.demoFill(20);
    await openBoard(user);

    expect(await screen.findByTestId("page-title")).toHaveTextContent("Deals");
    const columns = screen.getAllByTestId(/^stage-column-/);
    expect(columns.map((c) => within(c).getByRole("heading", { level: 2 }).textContent)).toEqual([
      "Lead",
      "Proposal",
      "Negotiation",
      "Won",
      "Lost",
    ]);
    for (const deal of fake.deals) {
      expect(within(column(deal.stageId)).getByTestId(`deal-card-${deal.id}`)).toHaveTextContent(deal.title);
    }
    const inLead = fake.deals.filter((d) => d.stageId === 1).length;
    expect(screen.getByTestId("stage-count-1")).toHaveTextContent(String(inLead));
    // The administrator has no right to sales figures: a lock, never a zero.
    const value = screen.getByTestId("stage-value-1");
    expect(value).toHaveAttribute("data-redacted", "true");
    expect(value).toHaveAccessibleName("Hidden for your role");
    expect(value).not.toHaveTextContent("0");
  });

  it("shows an empty state without deals", async () => {
    const { user } = await startApp({ preset: "admin" });
    await openBoard(user);
    expect(await screen.findByTestId("deals-empty")).toHaveTextContent("No deals yet");
    expect(screen.queryByTestId(/^stage-column-/)).not.toBeInTheDocument();
  });

  it("moves a card with the keyboard control and tells the core", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.demoFill(20);
    await openBoard(user);
    const deal = fake.deals.find((d) => d.stageId === 1)!;
    const before = fake.deals.filter((d) => d.stageId === 2).length;

    await user.selectOptions(await screen.findByTestId(`deal-move-${deal.id}`), "Proposal");

    expect(within(column(2)).getByTestId(`deal-card-${deal.id}`)).toBeInTheDocument();
    expect(within(column(1)).queryByTestId(`deal-card-${deal.id}`)).not.toBeInTheDocument();
    await waitFor(() => expect(fake.calls).toContain("deal_move"));
    expect(fake.deals.find((d) => d.id === deal.id)!.stageId).toBe(2);
    expect(screen.getByTestId("stage-count-2")).toHaveTextContent(String(before + 1));
    // Keyboard users stay on the card they moved.
    await waitFor(() => expect(screen.getByTestId(`deal-move-${deal.id}`)).toHaveFocus());
  });

  it("asks for a reason before moving a deal to Lost", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.demoFill(20);
    await openBoard(user);
    const deal = fake.deals.find((d) => d.stageId === 2)!;

    await user.selectOptions(await screen.findByTestId(`deal-move-${deal.id}`), "Lost");
    const input = await screen.findByTestId("lost-reason-input");
    // Required: an empty reason does not reach the core.
    await user.click(screen.getByTestId("lost-reason-submit"));
    expect(await screen.findByText("This field is required.", { exact: false })).toBeInTheDocument();
    expect(fake.calls).not.toContain("deal_move");
    expect(within(column(2)).getByTestId(`deal-card-${deal.id}`)).toBeInTheDocument();

    await user.type(input, "Koos een concurrent");
    await user.click(screen.getByTestId("lost-reason-submit"));

    const card = within(column(5)).getByTestId(`deal-card-${deal.id}`);
    expect(card).toHaveTextContent("Koos een concurrent");
    await waitFor(() => expect(fake.deals.find((d) => d.id === deal.id)!.lostReason).toBe("Koos een concurrent"));
    expect(screen.queryByTestId("lost-reason-input")).not.toBeInTheDocument();
  });

  it("leaves the card where it was when the lost reason is cancelled", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.demoFill(20);
    await openBoard(user);
    const deal = fake.deals.find((d) => d.stageId === 3)!;

    await user.selectOptions(await screen.findByTestId(`deal-move-${deal.id}`), "Lost");
    await screen.findByTestId("lost-reason-input");
    await user.click(screen.getByRole("button", { name: "Cancel" }));

    expect(screen.queryByTestId("lost-reason-input")).not.toBeInTheDocument();
    expect(within(column(3)).getByTestId(`deal-card-${deal.id}`)).toBeInTheDocument();
    expect(fake.calls).not.toContain("deal_move");
  });

  it("puts the card back and says why when the core refuses the move", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.demoFill(20);
    await openBoard(user);
    const deal = fake.deals.find((d) => d.stageId === 1)!;
    // Someone else removed the deal meanwhile: the core answers record.not_found.
    fake.deals = fake.deals.filter((d) => d.id !== deal.id);

    await user.selectOptions(await screen.findByTestId(`deal-move-${deal.id}`), "Negotiation");

    expect(await screen.findByTestId("deal-move-error")).toHaveAttribute("data-code", "record.not_found");
    expect(within(column(1)).getByTestId(`deal-card-${deal.id}`)).toBeInTheDocument();
    expect(within(column(3)).queryByTestId(`deal-card-${deal.id}`)).not.toBeInTheDocument();
  });

  it("moves a card by dragging it with the pointer onto another column", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.demoFill(20);
    await openBoard(user);
    const deal = fake.deals.find((d) => d.stageId === 1)!;

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
      const left = stage ? (Number(stage) - 1) * 300 : 0;
      const width = stage ? 280 : this.classList.contains("board") ? 1500 : 260;
      return DOMRect.fromRect({ x: left, y: 0, width, height: 800 });
    });

    const card = screen.getByTestId(`deal-card-${deal.id}`);
    fireEvent.pointerDown(card, { pointerId: 1, button: 0, clientX: 40, clientY: 100 });
    fireEvent.pointerMove(window, { pointerId: 1, clientX: 300, clientY: 120 });
    fireEvent.pointerMove(window, { pointerId: 1, clientX: 950, clientY: 140 });
    // While dragging, the column under the pointer is highlighted.
    await waitFor(() => expect(column(4)).toHaveClass("drop-target"));
    fireEvent.pointerUp(window, { pointerId: 1, clientX: 950, clientY: 140 });

    await waitFor(() => expect(within(column(4)).getByTestId(`deal-card-${deal.id}`)).toBeInTheDocument());
    await waitFor(() => expect(fake.deals.find((d) => d.id === deal.id)!.stageId).toBe(4));
  });

  it("opens the person from a card", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.demoFill(20);
    await openBoard(user);
    const deal = fake.deals[0]!;
    await user.click(await screen.findByTestId(`deal-person-${deal.id}`));
    expect(await screen.findByTestId("person-name")).toHaveTextContent(deal.personName!);
  });

  it("shows a lock instead of amounts to a user without sales rights", async () => {
    const { fake, user } = await startApp({ preset: "user" });
    await fillAsAdmin(fake);
    await openBoard(user);
    const deal = fake.deals[0]!;
    const amount = await screen.findByTestId(`deal-amount-${deal.id}`);
    expect(amount).toHaveAttribute("data-redacted", "true");
    expect(amount).toHaveAttribute("title", "Hidden for your role");
    expect(amount).not.toHaveTextContent(/\d/);
    expect(screen.getByTestId("stage-value-1")).toHaveAttribute("data-redacted", "true");
  });

  it("shows amounts and stage totals to management", async () => {
    const { fake, user } = await startApp({ preset: "signed-out" });
    await fillAsAdmin(fake);
    await signInAs(user, "fatima");
    await openBoard(user);
    // The first demo deal is worth € 2,500 (250,000 cents).
    const deal = fake.deals[0]!;
    const amount = await screen.findByTestId(`deal-amount-${deal.id}`);
    expect(amount).toHaveAttribute("data-redacted", "false");
    expect(amount).toHaveTextContent("€2,500");
    expect(screen.getByTestId(`stage-value-${deal.stageId}`)).toHaveAttribute("data-redacted", "false");
    // Management without the user role may look, not move or add.
    expect(screen.queryByTestId(`deal-move-${deal.id}`)).not.toBeInTheDocument();
    expect(screen.queryByTestId("deal-new")).not.toBeInTheDocument();
  });

  it("creates a deal linked to a person; the title is required", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.demoFill(20);
    await openBoard(user);

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
    const name = hit.querySelector(".name")!.textContent!;
    await user.click(hit);
    expect(within(dialog).getByTestId("deal-form-person-picked")).toHaveTextContent(name);
    await user.click(within(dialog).getByTestId("deal-form-submit"));

    await waitFor(() => expect(screen.queryByTestId("deal-form")).not.toBeInTheDocument());
    const created = fake.deals.find((d) => d.title === "Nieuwe cv-ketel")!;
    expect(created.stageId).toBe(2);
    expect(created.personName).toBe(name);
    expect(await within(column(2)).findByTestId(`deal-card-${created.id}`)).toHaveTextContent(name);
  });

  it("lets sales staff enter the amount in euros, stored in cents", async () => {
    const { fake, user } = await startApp({ preset: "signed-out" });
    fake.users.find((u) => u.username === "fatima")!.roles.push("user");
    await fillAsAdmin(fake);
    await signInAs(user, "fatima");
    await openBoard(user);

    await user.click(await screen.findByTestId("deal-new"));
    const dialog = await screen.findByTestId("deal-form");
    await user.type(within(dialog).getByTestId("deal-form-title"), "Warmtepomp");
    await user.type(within(dialog).getByTestId("deal-form-amount"), "1234.5");
    await user.type(within(dialog).getByTestId("deal-form-probability"), "60");
    await user.click(within(dialog).getByTestId("deal-form-submit"));

    await waitFor(() => expect(screen.queryByTestId("deal-form")).not.toBeInTheDocument());
    const created = fake.deals.find((d) => d.title === "Warmtepomp")!;
    expect(created.currency).toBe("EUR");
    expect(await screen.findByTestId(`deal-amount-${created.id}`)).toHaveTextContent("€1,234.50");
  });

  it("speaks Dutch", async () => {
    const { fake, user } = await startApp({ preset: "admin", locale: "nl" });
    await fake.demoFill(20);
    await openBoard(user);
    const deal = fake.deals[0]!;
    expect(await screen.findByTestId(`deal-move-${deal.id}`)).toHaveAccessibleName(`Verplaats “${deal.title}” naar een andere fase`);
    expect(screen.getByTestId("stage-value-1")).toHaveAccessibleName("Verborgen voor je rol");
    expect(screen.getByTestId("deal-new")).toHaveTextContent("Nieuwe deal");
  });

  it("edits a deal's details from its card; the stage stays on the board", async () => {
    const { fake, user } = await startApp({ preset: "admin", demo: 20 });
    await user.click(screen.getByTestId("nav-deals"));
    const deal = fake.deals[0]!;
    await user.click(await screen.findByTestId(`deal-edit-${deal.id}`));
    expect(screen.getByTestId("deal-form-stage")).toBeDisabled();
    const title = screen.getByTestId("deal-form-title");
    await user.clear(title);
    await user.type(title, "Jaarcontract onderhoud");
    await user.click(screen.getByTestId("deal-form-submit"));
    expect(await screen.findByText("Jaarcontract onderhoud")).toBeInTheDocument();
    expect(fake.calls).toContain("deal_update");
    expect(fake.deals[0]!.title).toBe("Jaarcontract onderhoud");
  });
});
