// Tasks against the real core: the three lists and their order, ticking done, a refusal, and
// the new-task form with its assignee and person.
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { KluisApi } from "$lib/api/types";
import { newVault, personInput, renderApp } from "./core";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

// Dates that stay past or future whenever the test runs.
const PAST = "2001-11-02";
const FUTURE = "2999-12-01";

/**
 * A new vault (its administrator Anne de Vries signed in) with a colleague, Jan Jansen, three
 * people and six tasks: Anne's open ones (past, future, no date) and a done one, and Jan's.
 */
async function withTasks() {
  const api = await newVault();
  const jan = await api.userAdd({ username: "jan", displayName: "Jan Jansen", roles: ["user"], initialPassword: "Kaasschaaf-Molen-Tulp-88" });
  const daan = (await api.personCreate(personInput("Daan", "Visser"))).id;
  const sanne = (await api.personCreate(personInput("Sanne", "Bakker"))).id;
  const kees = (await api.personCreate(personInput("Kees", "Smit"))).id;
  const task = (title: string, dueDate: string | null, personId: number | null, assigneeId: number | null = null) =>
    api.taskCreate({ title, dueDate, personId, assigneeId });
  const ids = {
    offer: await task("Offerte sturen", FUTURE, daan),
    invoice: await task("Factuur nabellen", PAST, sanne),
    keys: await task("Sleutels terug", "2001-11-03", kees, jan.id),
    plan: await task("Jaarplan", null, null),
    old: await task("Oud werk", "2001-11-01", daan),
    schedule: await task("Planning", "2999-06-01", null, jan.id),
  };
  await api.taskSetDone(ids.old, true);
  return { api, ids, people: { daan, sanne, kees } };
}

async function openTasks(api: KluisApi, locale: "en" | "nl" = "en"): Promise<User> {
  const { user } = await renderApp(api, locale);
  await user.click(screen.getByTestId("nav-tasks"));
  await screen.findByTestId("tasks-page");
  return user;
}

function rowIds(): number[] {
  return screen.queryAllByTestId(/^task-row-/).map((r) => Number(r.dataset.testid!.replace("task-row-", "")));
}

async function doneInCore(api: KluisApi, id: number): Promise<boolean | undefined> {
  return (await api.tasksList("all")).find((t) => t.id === id)?.done;
}

describe("tasks (real core)", { timeout: 30_000 }, () => {
  it("shows my open tasks first, then overdue and all", async () => {
    const { api, ids } = await withTasks();
    const user = await openTasks(api);

    expect(await screen.findByTestId("page-title")).toHaveTextContent("Tasks");
    expect(screen.getByTestId("tasks-tab-mine")).toHaveAttribute("aria-selected", "true");
    // Mine: open, assigned to me, by due date with the undated last.
    await waitFor(() => expect(rowIds()).toEqual([ids.invoice, ids.offer, ids.plan]));

    await user.click(screen.getByTestId("tasks-tab-overdue"));
    // Overdue: anyone's open task past its date (the done one is not late).
    await waitFor(() => expect(rowIds()).toEqual([ids.invoice, ids.keys]));
    const late = within(screen.getByTestId(`task-row-${ids.invoice}`)).getByText(/2001/).closest("[data-overdue]");
    expect(late).toHaveAttribute("data-overdue", "true");
    expect(late).toHaveTextContent("Overdue");

    await user.click(screen.getByTestId("tasks-tab-all"));
    // All: open ones by date, the undated, then the done ones.
    await waitFor(() => expect(rowIds()).toEqual([ids.invoice, ids.keys, ids.schedule, ids.offer, ids.plan, ids.old]));
    const row = within(screen.getByTestId(`task-row-${ids.offer}`));
    expect(row.getByText(/2999/).closest("[data-overdue]")).toHaveAttribute("data-overdue", "false");
    expect(row.getByText("Anne de Vries")).toBeInTheDocument();
    expect(row.getByText("Daan Visser")).toBeInTheDocument();
    expect(screen.getByTestId(`task-done-${ids.old}`)).toBeChecked();
    expect(within(screen.getByTestId(`task-row-${ids.old}`)).getByText(/2001/).closest("[data-overdue]")).toHaveAttribute("data-overdue", "false");
    expect(within(screen.getByTestId(`task-row-${ids.keys}`)).getByText("Jan Jansen")).toBeInTheDocument();
  });

  it("shows an empty state on every tab", async () => {
    const user = await openTasks(await newVault());
    expect(await screen.findByTestId("tasks-empty-mine")).toHaveTextContent("Nothing on your list");
    await user.click(screen.getByTestId("tasks-tab-overdue"));
    expect(await screen.findByTestId("tasks-empty-overdue")).toHaveTextContent("Nothing overdue");
    await user.click(screen.getByTestId("tasks-tab-all"));
    expect(await screen.findByTestId("tasks-empty-all")).toHaveTextContent("No tasks yet");
  });

  it("ticks a task done and undone, and the core keeps it", async () => {
    const { api, ids } = await withTasks();
    const user = await openTasks(api);
    await user.click(screen.getByTestId("tasks-tab-all"));
    const box = await screen.findByTestId(`task-done-${ids.offer}`);
    expect(box).not.toBeChecked();

    await user.click(box);
    expect(box).toBeChecked();
    await waitFor(async () => expect(await doneInCore(api, ids.offer)).toBe(true));

    await user.click(box);
    expect(box).not.toBeChecked();
    await waitFor(async () => expect(await doneInCore(api, ids.offer)).toBe(false));
  });

  it("unticks again and says why when the core refuses", async () => {
    const { api, ids, people } = await withTasks();
    const user = await openTasks(api);
    const box = await screen.findByTestId(`task-done-${ids.invoice}`);
    // Meanwhile the person the task belongs to is deleted, and the task with them.
    await api.personDelete(people.sanne);

    await user.click(box);

    expect(await screen.findByTestId("tasks-error")).toHaveAttribute("data-code", "record.not_found");
    expect(box).not.toBeChecked();
  });

  it("creates a task for me, linked to a person; the title is required", async () => {
    const { api } = await withTasks();
    const user = await openTasks(api);

    await user.click(screen.getByTestId("task-new"));
    const dialog = await screen.findByTestId("task-form");
    await user.click(within(dialog).getByTestId("task-form-submit"));
    expect(await within(dialog).findByTestId("task-form-title-error")).toBeInTheDocument();

    await user.type(within(dialog).getByTestId("task-form-title"), "Offerte nabellen");
    await user.type(within(dialog).getByTestId("task-form-due"), "2999-01-15");
    // Assigned to the signed-in person unless changed.
    await waitFor(() => expect(within(dialog).getByTestId("task-form-assignee")).toHaveDisplayValue("Anne de Vries"));
    await user.type(within(dialog).getByTestId("task-form-person-search"), "Daan");
    const hit = (await within(dialog).findAllByTestId(/^task-form-person-hit-/))[0]!;
    await user.click(hit);
    await user.click(within(dialog).getByTestId("task-form-submit"));

    await waitFor(() => expect(screen.queryByTestId("task-form")).not.toBeInTheDocument());
    const created = (await api.tasksList("all")).find((t) => t.title === "Offerte nabellen")!;
    expect(created).toMatchObject({ dueDate: "2999-01-15", assigneeName: "Anne de Vries", personName: "Daan Visser", done: false });
    const row = await screen.findByTestId(`task-row-${created.id}`);
    expect(row).toHaveTextContent("Offerte nabellen");
    expect(row).toHaveTextContent("Daan Visser");
  });

  it("assigns a task to a colleague", async () => {
    const { api } = await withTasks();
    const user = await openTasks(api);
    await user.click(screen.getByTestId("tasks-tab-all"));
    await user.click(screen.getByTestId("task-new"));
    const dialog = await screen.findByTestId("task-form");
    await user.type(within(dialog).getByTestId("task-form-title"), "Sleutel ophalen");
    await waitFor(() => expect(within(dialog).getByRole("option", { name: "Jan Jansen" })).toBeInTheDocument());
    await user.selectOptions(within(dialog).getByTestId("task-form-assignee"), "Jan Jansen");
    await user.click(within(dialog).getByTestId("task-form-submit"));

    await waitFor(() => expect(screen.queryByTestId("task-form")).not.toBeInTheDocument());
    const created = (await api.tasksList("all")).find((t) => t.title === "Sleutel ophalen")!;
    expect(created).toMatchObject({ assigneeName: "Jan Jansen", dueDate: null, personId: null });
    expect(await screen.findByTestId(`task-row-${created.id}`)).toHaveTextContent("Jan Jansen");
    // Not one of mine.
    expect((await api.tasksList("mine")).map((t) => t.id)).not.toContain(created.id);
  });

  it("opens the linked person", async () => {
    const { api, ids } = await withTasks();
    const user = await openTasks(api);
    await user.click(screen.getByTestId("tasks-tab-all"));
    await user.click(await screen.findByTestId(`task-person-${ids.keys}`));
    expect(await screen.findByTestId("person-name")).toHaveTextContent("Kees Smit");
  });

  it("speaks Dutch", async () => {
    const { api } = await withTasks();
    await openTasks(api, "nl");
    expect(screen.getByTestId("tasks-tab-mine")).toHaveTextContent("Mijn taken");
    expect(screen.getByTestId("tasks-tab-overdue")).toHaveTextContent("Te laat");
    expect(screen.getByTestId("task-new")).toHaveTextContent("Nieuwe taak");
    expect(await screen.findByTestId("tasks-total")).toHaveTextContent("3");
  });
});
