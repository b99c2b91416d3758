import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { FakeApi } from "$lib/api/fake";
import { startApp } from "./helpers";

type User = Awaited<ReturnType<typeof startApp>>["user"];

async function openTasks(user: User) {
  await user.click(screen.getByTestId("nav-tasks"));
  return screen.findByTestId("tasks-page");
}

/** Demo tasks with dates that stay past or future whenever the test runs. */
async function fill(fake: FakeApi) {
  await fake.demoFill(20);
  fake.tasks.forEach((task, i) => {
    task.dueDate = i % 3 ? "2999-12-01" : "2001-11-02";
  });
}

function rowIds(): number[] {
  return screen.queryAllByTestId(/^task-row-/).map((r) => Number(r.dataset.testid!.replace("task-row-", "")));
}

describe("tasks", () => {
  it("shows my open tasks first, then overdue and all", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fill(fake);
    await openTasks(user);

    expect(await screen.findByTestId("page-title")).toHaveTextContent("Tasks");
    expect(screen.getByTestId("tasks-tab-mine")).toHaveAttribute("aria-selected", "true");
    const mine = fake.tasks.filter((t) => t.assigneeName === "Anne de Vries" && !t.done).map((t) => t.id);
    await waitFor(() => expect(rowIds()).toEqual(mine));

    await user.click(screen.getByTestId("tasks-tab-overdue"));
    const overdue = fake.tasks.filter((t) => !t.done && t.dueDate === "2001-11-02").map((t) => t.id);
    await waitFor(() => expect(rowIds()).toEqual(overdue));
    const late = within(screen.getByTestId(`task-row-${overdue[0]}`)).getByText(/2001/).closest("[data-overdue]");
    expect(late).toHaveAttribute("data-overdue", "true");
    expect(late).toHaveTextContent("Overdue");

    await user.click(screen.getByTestId("tasks-tab-all"));
    await waitFor(() => expect(rowIds()).toEqual(fake.tasks.map((t) => t.id)));
    const future = fake.tasks.find((t) => t.dueDate === "2999-12-01")!;
    const row = within(screen.getByTestId(`task-row-${future.id}`));
    expect(row.getByText(/2999/).closest("[data-overdue]")).toHaveAttribute("data-overdue", "false");
    expect(row.getByText(future.assigneeName!)).toBeInTheDocument();
    expect(row.getByText(future.personName!)).toBeInTheDocument();
  });

  it("shows an empty state on every tab", async () => {
    const { user } = await startApp({ preset: "admin" });
    await openTasks(user);
    expect(await screen.findByTestId("tasks-empty-mine")).toHaveTextContent("Nothing on your list");
    await user.click(screen.getByTestId("tasks-tab-overdue"));
    expect(await screen.findByTestId("tasks-empty-overdue")).toHaveTextContent("Nothing overdue");
    await user.click(screen.getByTestId("tasks-tab-all"));
    expect(await screen.findByTestId("tasks-empty-all")).toHaveTextContent("No tasks yet");
  });

  it("ticks a task done and undone", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fill(fake);
    await openTasks(user);
    await user.click(screen.getByTestId("tasks-tab-all"));
    const task = fake.tasks.find((t) => !t.done)!;
    const box = await screen.findByTestId(`task-done-${task.id}`);
    expect(box).not.toBeChecked();

    await user.click(box);
    expect(box).toBeChecked();
    await waitFor(() => expect(fake.tasks.find((t) => t.id === task.id)!.done).toBe(true));
    expect(fake.calls).toContain("task_set_done");

    await user.click(box);
    expect(box).not.toBeChecked();
    await waitFor(() => expect(fake.tasks.find((t) => t.id === task.id)!.done).toBe(false));
  });

  it("unticks again and says why when the core refuses", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fill(fake);
    await openTasks(user);
    const task = fake.tasks.find((t) => t.assigneeName === "Anne de Vries" && !t.done)!;
    const box = await screen.findByTestId(`task-done-${task.id}`);
    fake.tasks = fake.tasks.filter((t) => t.id !== task.id);

    await user.click(box);

    expect(await screen.findByTestId("tasks-error")).toHaveAttribute("data-code", "record.not_found");
    expect(box).not.toBeChecked();
  });

  it("creates a task for me, linked to a person; the title is required", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fill(fake);
    await openTasks(user);

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
    const created = fake.tasks.find((t) => t.title === "Offerte nabellen")!;
    expect(created).toMatchObject({ dueDate: "2999-01-15", assigneeName: "Anne de Vries" });
    expect(created.personName).toMatch(/^Daan /);
    const row = await screen.findByTestId(`task-row-${created.id}`);
    expect(row).toHaveTextContent("Offerte nabellen");
    expect(row).toHaveTextContent(created.personName!);
  });

  it("assigns a task to a colleague", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await openTasks(user);
    await user.click(screen.getByTestId("tasks-tab-all"));
    await user.click(screen.getByTestId("task-new"));
    const dialog = await screen.findByTestId("task-form");
    await user.type(within(dialog).getByTestId("task-form-title"), "Sleutel ophalen");
    await waitFor(() => expect(within(dialog).getByRole("option", { name: "Jan Jansen" })).toBeInTheDocument());
    await user.selectOptions(within(dialog).getByTestId("task-form-assignee"), "Jan Jansen");
    await user.click(within(dialog).getByTestId("task-form-submit"));

    const created = await waitFor(() => fake.tasks.find((t) => t.title === "Sleutel ophalen")!);
    expect(created.assigneeName).toBe("Jan Jansen");
    expect(await screen.findByTestId(`task-row-${created.id}`)).toHaveTextContent("Jan Jansen");
  });

  it("opens the linked person", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fill(fake);
    await openTasks(user);
    await user.click(screen.getByTestId("tasks-tab-all"));
    const task = fake.tasks[0]!;
    await user.click(await screen.findByTestId(`task-person-${task.id}`));
    expect(await screen.findByTestId("person-name")).toHaveTextContent(task.personName!);
  });

  it("speaks Dutch", async () => {
    const { fake, user } = await startApp({ preset: "admin", locale: "nl" });
    await fill(fake);
    await openTasks(user);
    expect(screen.getByTestId("tasks-tab-mine")).toHaveTextContent("Mijn taken");
    expect(screen.getByTestId("tasks-tab-overdue")).toHaveTextContent("Te laat");
    expect(screen.getByTestId("task-new")).toHaveTextContent("Nieuwe taak");
  });
});
