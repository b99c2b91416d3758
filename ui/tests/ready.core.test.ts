// The readiness markers an end-to-end scenario waits for, against the real core: a section's root
// says data-ready="true" only once its data is on screen, "false" while it loads or reloads, and
// data-error="true" when it is done but shows an error instead. The test holds one command's
// answer in the window's client to see the "not yet"; an error is put in the client's path, as
// the core cannot be made to fail on request. And the first screen when the vault folder is
// damaged or already open elsewhere, as the core finds it.
import { screen, waitFor, within } from "@testing-library/svelte";
import { beforeAll, describe, expect, it } from "vitest";
import type { KluisApi } from "$lib/api/types";
import { coreVault, newCoreVault, renderApp, type VaultProblem } from "./core";

// jsdom has no 2D canvas (as in dashboard.test.ts): the charts are "drawn" as nothing.
beforeAll(() => {
  HTMLCanvasElement.prototype.getContext = (() => null) as typeof HTMLCanvasElement.prototype.getContext;
});

/** `api` with every call of `name` held until `open()`; calls made after that pass straight on. */
function hold(api: KluisApi, name: keyof KluisApi): { api: KluisApi; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const real = api[name] as (...args: unknown[]) => Promise<unknown>;
  const held = async (...args: unknown[]) => {
    await opened;
    return real(...args);
  };
  return { api: { ...api, [name]: held }, open };
}

/** A new vault with 20 demo people (and their deals and tasks), its administrator signed in. */
async function withDemo(): Promise<KluisApi> {
  const { api } = await newCoreVault();
  await api.demoFill(20);
  return api;
}

/** Lets pending promise callbacks and timers run, so a "still false" is not just "not yet". */
const pause = (ms = 30) => new Promise((resolve) => setTimeout(resolve, ms));

describe("data-ready (real core)", { timeout: 30_000 }, () => {
  it("dashboard: false while the core has not answered, true once figures and charts are drawn", async () => {
    const api = await withDemo();
    const { api: held, open } = hold(api, "dashboardGet");
    const { user } = await renderApp(held);
    await user.click(screen.getByTestId("nav-dashboard"));
    const page = screen.getByTestId("dashboard-page");
    await pause();
    expect(page).toHaveAttribute("data-ready", "false");
    expect(screen.queryByTestId("figure-open-deals")).toBeNull();

    open();
    await waitFor(() => expect(page).toHaveAttribute("data-ready", "true"));
    expect(page).toHaveAttribute("data-error", "false");
    const openDeals = (await api.dashboardGet()).pipeline.filter((s) => s.kind === "open").reduce((n, s) => n + s.count, 0);
    expect(openDeals).toBeGreaterThan(0);
    expect(screen.getByTestId("figure-open-deals-value")).toHaveTextContent(String(openDeals));
    for (const chart of ["pipeline", "wonlost", "activity"]) {
      expect(screen.getByTestId(`chart-${chart}-canvas`)).toBeInTheDocument();
      expect(screen.getByTestId(`chart-${chart}-table`)).toBeInTheDocument();
    }
  });

  it("dashboard: done with data-error when it cannot be loaded, and not ready again while retrying", async () => {
    const api = await withDemo();
    let retry: (() => void) | null = null;
    const failing: KluisApi = {
      ...api,
      dashboardGet: () =>
        retry === null
          ? Promise.reject({ code: "internal", message: "disk full" })
          : new Promise((resolve) => (retry = () => resolve(api.dashboardGet()))),
    };
    const { user } = await renderApp(failing);
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
    const api = await withDemo();
    const { api: held, open } = hold(api, "dealsBoard");
    const { user } = await renderApp(held);
    await user.click(screen.getByTestId("nav-deals"));
    const page = screen.getByTestId("deals-page");
    await pause();
    expect(page).toHaveAttribute("data-ready", "false");
    expect(screen.queryByTestId(/^stage-column-/)).toBeNull();

    open();
    await waitFor(() => expect(page).toHaveAttribute("data-ready", "true"));
    const board = await api.dealsBoard();
    expect(screen.getAllByTestId(/^stage-column-/)).toHaveLength(board.stages.length);
    const deal = board.deals[0]!;
    expect(screen.getByTestId(`deal-card-${deal.id}`)).toHaveTextContent(deal.title);
  });

  it("deals: an error instead of the board is done, with data-error", async () => {
    const api = await withDemo();
    const { user } = await renderApp({ ...api, dealsBoard: () => Promise.reject({ code: "internal", message: "disk full" }) });
    await user.click(screen.getByTestId("nav-deals"));
    const page = screen.getByTestId("deals-page");
    await screen.findByTestId("deals-error");
    expect(page).toHaveAttribute("data-ready", "true");
    expect(page).toHaveAttribute("data-error", "true");
  });

  it("contacts: false until the first page of rows is in the list", async () => {
    const { api: held, open } = hold(await withDemo(), "personsList");
    await renderApp(held);
    const page = screen.getByTestId("contacts-page");
    await pause();
    expect(page).toHaveAttribute("data-ready", "false");
    open();
    await waitFor(() => expect(page).toHaveAttribute("data-ready", "true"));
    expect(screen.getAllByTestId(/^contact-row-/).length).toBeGreaterThan(0);
  });

  it("person view: true only once the person, timeline, deals, tasks and consent are there", async () => {
    const vault = await coreVault("seeded");
    await vault.signInAs("privacy_officer");
    const { api: held, open } = hold(vault.api, "consentOverview");
    const { user } = await renderApp(held);
    const row = (await screen.findAllByTestId(/^contact-row-/))[0]!;
    await user.click(within(row).getByRole("button"));
    const view = await screen.findByTestId("person-view");
    await screen.findByTestId("person-name");
    await pause();
    expect(view).toHaveAttribute("data-ready", "false");
    open();
    await waitFor(() => expect(view).toHaveAttribute("data-ready", "true"));
    expect(view).toHaveAttribute("data-error", "false");
  });

  it("tasks and organisations: ready once their lists are in", async () => {
    const { user } = await renderApp(await withDemo());
    await user.click(screen.getByTestId("nav-tasks"));
    await waitFor(() => expect(screen.getByTestId("tasks-page")).toHaveAttribute("data-ready", "true"));
    expect(screen.getByTestId("tasks-total")).toBeInTheDocument();
    await user.click(screen.getByTestId("nav-organisations"));
    await waitFor(() => expect(screen.getByTestId("organisations-page")).toHaveAttribute("data-ready", "true"));
    expect(screen.getAllByTestId(/^organisation-row-/).length).toBeGreaterThan(0);
  });

  it("settings: follows the open tab's own loading", async () => {
    const { api: held, open } = hold(await withDemo(), "usersList");
    const { user } = await renderApp(held);
    await user.click(screen.getByTestId("nav-settings"));
    const settings = screen.getByTestId("settings-page");
    // The account tab loads nothing.
    expect(settings).toHaveAttribute("data-ready", "true");
    await user.click(screen.getByTestId("settings-tab-users"));
    await pause();
    expect(settings).toHaveAttribute("data-ready", "false");
    open();
    await waitFor(() => expect(settings).toHaveAttribute("data-ready", "true"));
    expect(screen.getByTestId("user-row-anne")).toBeInTheDocument();
  });

  it("privacy: ready with the overview, then not again until the chosen tab has loaded", async () => {
    const vault = await coreVault("seeded");
    await vault.signInAs("privacy_officer");
    const { api: held, open } = hold(vault.api, "breachesList");
    const { user } = await renderApp(held);
    await user.click(screen.getByTestId("nav-privacy"));
    const privacy = screen.getByTestId("privacy-page");
    await waitFor(() => expect(privacy).toHaveAttribute("data-ready", "true"));
    expect(screen.getByTestId("overview-coverage")).toBeInTheDocument();
    await user.click(screen.getByTestId("privacy-tab-breaches"));
    await pause();
    expect(privacy).toHaveAttribute("data-ready", "false");
    open();
    await waitFor(() => expect(privacy).toHaveAttribute("data-ready", "true"));
    expect(screen.getByTestId("breaches-page")).toBeInTheDocument();
  });
});

describe("the first screen of a damaged vault folder (real core)", { timeout: 30_000 }, () => {
  const screens: [VaultProblem, string][] = [
    ["key_file_missing", "The key file is missing"],
    ["key_file_corrupt", "The key file is damaged"],
    ["in_use", "Kluis is already open"],
  ];
  for (const [problem, title] of screens) {
    it(`names the problem instead of signing in: ${problem}`, async () => {
      const { api } = await coreVault("seeded", problem);
      const { user } = await renderApp(api);
      expect(screen.getByTestId("page-title")).toHaveTextContent(title);
      expect(screen.queryByTestId("signin-screen")).toBeNull();
      expect(screen.queryByTestId("setup-screen")).toBeNull();
      await expect(api.appStatus()).resolves.toMatchObject({ vaultProblem: `vault.${problem}` });
      // Checking again finds the same problem: the folder was not repaired.
      await user.click(screen.getByRole("button", { name: "Check again" }));
      await waitFor(() => expect(screen.getByTestId("page-title")).toHaveTextContent(title));
    });
  }

  // The screen says "close the other window, then choose Check again": the desk tries to open
  // the folder again (it used to keep its first error until Kluis was restarted).
  it("finds the vault free once the other window is closed and the person checks again", async () => {
    const vault = await coreVault("seeded", "in_use");
    const { user } = await renderApp(vault.api);
    expect(screen.getByTestId("page-title")).toHaveTextContent("Kluis is already open");
    await vault.closeOtherWindow();
    await user.click(screen.getByRole("button", { name: "Check again" }));
    expect(await screen.findByTestId("signin-screen")).toBeInTheDocument();
  });

  it("a database the key file does not open is found at sign-in, and said so there", async () => {
    const vault = await coreVault("seeded", "database_unreadable");
    const { user } = await renderApp(vault.api);
    // The key file opens without a password, the database only with one: the sign-in screen first.
    expect(await vault.api.appStatus()).toMatchObject({ vaultExists: true, vaultProblem: null });
    await user.type(await screen.findByTestId("signin-username"), vault.users.administrator);
    await user.type(screen.getByTestId("signin-password"), vault.password);
    await user.click(screen.getByTestId("signin-submit"));
    expect(await screen.findByTestId("signin-error")).toHaveTextContent("The vault’s database cannot be opened.");
    await expect(vault.api.signIn(vault.users.administrator, vault.password)).rejects.toMatchObject({ code: "vault.database_unreadable" });
  });
});
