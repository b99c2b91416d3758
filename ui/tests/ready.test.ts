// The readiness markers an end-to-end scenario waits for: a section's root says data-ready="true"
// only once its data is on screen, "false" while it loads or reloads, and data-error="true" when
// it is done but shows an error instead.
import { screen, waitFor, within } from "@testing-library/svelte";
import { beforeAll, describe, expect, it } from "vitest";
import { FakeApi } from "$lib/api/fake";
import { startApp } from "./helpers";

// jsdom has no 2D canvas (as in dashboard.test.ts): the charts are "drawn" as nothing.
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
});

/** Holds every call of one fake method until `open()`; calls made after that pass straight on. */
function hold(fake: FakeApi, name: keyof FakeApi) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const methods = fake as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const real = methods[name]!.bind(fake);
  methods[name] = async (...args: unknown[]) => {
    await opened;
    return real(...args);
  };
  return open;
}

/** Demo data as the administrator, then the session handed to `userId` (before the app starts). */
async function seeded(userId = 1, demo = 20): Promise<FakeApi> {
  const fake = new FakeApi({ preset: "admin" });
  await fake.demoFill(demo);
  fake.sessionUserId = userId;
  return fake;
}

/** Lets pending promise callbacks and timers run, so a "still false" is not just "not yet". */
const pause = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

describe("data-ready", () => {
  it("dashboard: false while the core has not answered, true once figures and charts are drawn", async () => {
    const fake = await seeded();
    const release = hold(fake, "dashboardGet");
    const { user } = await startApp({ api: fake });
    await user.click(screen.getByTestId("nav-dashboard"));
    const page = screen.getByTestId("dashboard-page");
    await pause();
    expect(page).toHaveAttribute("data-ready", "false");
    expect(screen.queryByTestId("figure-open-deals")).toBeNull();

    release();
    await waitFor(() => expect(page).toHaveAttribute("data-ready", "true"));
    expect(page).toHaveAttribute("data-error", "false");
    expect(screen.getByTestId("figure-open-deals-value")).toHaveTextContent("8");
    for (const chart of ["pipeline", "wonlost", "activity"]) {
      expect(screen.getByTestId(`chart-${chart}-canvas`)).toBeInTheDocument();
      expect(screen.getByTestId(`chart-${chart}-table`)).toBeInTheDocument();
    }
  });

  it("dashboard: done with data-error when it cannot be loaded, and not ready again while retrying", async () => {
    const fake = await seeded();
    const real = fake.dashboardGet.bind(fake);
    let retry: (() => void) | null = null;
    fake.dashboardGet = () =>
      retry === null
        ? Promise.reject({ code: "internal", message: "disk full" })
        : new Promise((resolve) => (retry = () => resolve(real())));
    const { user } = await startApp({ api: fake });
    await user.click(screen.getByTestId("nav-dashboard"));
    const page = screen.getByTestId("dashboard-page");
    await screen.findByTestId("form-error");
    expect(page).toHaveAttribute("data-ready", "true");
    expect(page).toHaveAttribute("data-error", "true");

    retry = () => undefined;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(page).toHaveAttribute("data-ready", "false");
    expect(page).toHaveAttribute("data-error", "false");
    (retry as () => void)();
    await waitFor(() => expect(page).toHaveAttribute("data-ready", "true"));
    expect(page).toHaveAttribute("data-error", "false");
    expect(screen.getByTestId("chart-pipeline")).toBeInTheDocument();
  });

  it("deals: false until the stages and cards are on the board", async () => {
    const fake = await seeded();
    const release = hold(fake, "dealsBoard");
    const { user } = await startApp({ api: fake });
    await user.click(screen.getByTestId("nav-deals"));
    const page = screen.getByTestId("deals-page");
    await pause();
    expect(page).toHaveAttribute("data-ready", "false");
    expect(screen.queryByTestId(/^stage-column-/)).toBeNull();

    release();
    await waitFor(() => expect(page).toHaveAttribute("data-ready", "true"));
    expect(screen.getAllByTestId(/^stage-column-/)).toHaveLength(5);
    const deal = fake.deals[0]!;
    expect(screen.getByTestId(`deal-card-${deal.id}`)).toHaveTextContent(deal.title);
  });

  it("deals: an error instead of the board is done, with data-error", async () => {
    const fake = await seeded();
    fake.dealsBoard = () => Promise.reject({ code: "internal", message: "disk full" });
    const { user } = await startApp({ api: fake });
    await user.click(screen.getByTestId("nav-deals"));
    const page = screen.getByTestId("deals-page");
    await screen.findByTestId("deals-error");
    expect(page).toHaveAttribute("data-ready", "true");
    expect(page).toHaveAttribute("data-error", "true");
  });

  it("contacts: false until the first page of rows is in the list", async () => {
    const fake = await seeded();
    const release = hold(fake, "personsList");
    await startApp({ api: fake });
    const page = screen.getByTestId("contacts-page");
    await pause();
    expect(page).toHaveAttribute("data-ready", "false");
    release();
    await waitFor(() => expect(page).toHaveAttribute("data-ready", "true"));
    expect(screen.getAllByTestId(/^contact-row-/).length).toBeGreaterThan(0);
  });

  it("person view: true only once the person, timeline, deals, tasks and consent are there", async () => {
    const fake = await seeded();
    const release = hold(fake, "consentOverview");
    const { user } = await startApp({ api: fake });
    const row = (await screen.findAllByTestId(/^contact-row-/))[0]!;
    await user.click(within(row).getByRole("button"));
    const view = await screen.findByTestId("person-view");
    await screen.findByTestId("person-name");
    await pause();
    expect(view).toHaveAttribute("data-ready", "false");
    release();
    await waitFor(() => expect(view).toHaveAttribute("data-ready", "true"));
    expect(view).toHaveAttribute("data-error", "false");
  });

  it("tasks and organisations: ready once their lists are in", async () => {
    const fake = await seeded();
    const { user } = await startApp({ api: fake });
    await user.click(screen.getByTestId("nav-tasks"));
    await waitFor(() => expect(screen.getByTestId("tasks-page")).toHaveAttribute("data-ready", "true"));
    expect(screen.getByTestId("tasks-total")).toBeInTheDocument();
    await user.click(screen.getByTestId("nav-organisations"));
    await waitFor(() => expect(screen.getByTestId("organisations-page")).toHaveAttribute("data-ready", "true"));
    expect(screen.getAllByTestId(/^organisation-row-/).length).toBeGreaterThan(0);
  });

  it("settings: follows the open tab's own loading", async () => {
    const fake = await seeded();
    const release = hold(fake, "usersList");
    const { user } = await startApp({ api: fake });
    await user.click(screen.getByTestId("nav-settings"));
    const settings = screen.getByTestId("settings-page");
    // The account tab loads nothing.
    expect(settings).toHaveAttribute("data-ready", "true");
    await user.click(screen.getByTestId("settings-tab-users"));
    await pause();
    expect(settings).toHaveAttribute("data-ready", "false");
    release();
    await waitFor(() => expect(settings).toHaveAttribute("data-ready", "true"));
    expect(screen.getByTestId("user-row-fatima")).toBeInTheDocument();
  });

  it("privacy: ready with the overview, then not again until the chosen tab has loaded", async () => {
    const fake = new FakeApi({ preset: "privacy" });
    const release = hold(fake, "breachesList");
    const { user } = await startApp({ api: fake });
    await user.click(screen.getByTestId("nav-privacy"));
    const privacy = screen.getByTestId("privacy-page");
    await waitFor(() => expect(privacy).toHaveAttribute("data-ready", "true"));
    expect(screen.getByTestId("overview-coverage")).toBeInTheDocument();
    await user.click(screen.getByTestId("privacy-tab-breaches"));
    await pause();
    expect(privacy).toHaveAttribute("data-ready", "false");
    release();
    await waitFor(() => expect(privacy).toHaveAttribute("data-ready", "true"));
    expect(screen.getByTestId("breaches-page")).toBeInTheDocument();
  });
});
