// Browser preview against the real core (`npm run preview:core`): the UI test bridge serves the
// command table over HTTP (proxied by Vite at /bridge), and the query string picks a vault state
// and a screen, so every screen can be opened and looked at in a browser. There is no fake
// backend: what the preview shows is what the core answers.
//   ?screen=setup | setup-key | signin | recover | lock | change-password | recovery-confirm |
//           problem | app
//   &problem=key_file_missing | key_file_corrupt | database_unreadable | in_use  (screen=problem)
//   &as=administrator | user | guest | management | hr | privacy_officer  (screen=app)
//   &demo=N                 (screen=app: N synthetic people with organisations, deals, tasks and
//                            personnel files, made by the core's demo generator first)
//   &page=contacts | organisations | deals | tasks | dashboard | privacy | settings
//   &tab=account | users | roles | security | pipeline | backups | health
//   &lang=nl | en  &theme=light | dark | system   (not remembered)
import type { KluisApi } from "$lib/api/types";
import { setLocale } from "$lib/i18n/index.svelte";
import { SECTIONS, type AppModel, type Section, type SettingsTab } from "$lib/state/app.svelte";
import { setTheme } from "$lib/theme/theme.svelte";
import { bridgeApi, bridgeVault, type Role, type VaultProblem } from "./bridge";

export interface Preview {
  api: KluisApi;
  afterBoot?: (app: AppModel) => void | Promise<void>;
}

const ROLES: readonly Role[] = ["administrator", "user", "guest", "management", "hr", "privacy_officer"];
const PROBLEMS: readonly VaultProblem[] = ["key_file_missing", "key_file_corrupt", "database_unreadable", "in_use"];
const TABS: readonly SettingsTab[] = ["account", "users", "roles", "security", "pipeline", "backups", "health"];

const one = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
  list.find((v) => v === value);

const ADMIN = {
  orgName: "Van Dijk Installatietechniek",
  adminUsername: "anne",
  adminDisplayName: "Anne de Vries",
  password: "Tulpen-Fiets-Regenjas-42",
};

/** Makes the vault the query string asks for at the bridge at `base`, and how to open it. */
export async function previewSetup(params: URLSearchParams, base = "/bridge"): Promise<Preview> {
  const lang = params.get("lang");
  if (lang === "nl" || lang === "en") setLocale(lang, false);
  const theme = params.get("theme");
  if (theme === "light" || theme === "dark" || theme === "system") setTheme(theme, false);

  const screen = params.get("screen") ?? "setup";
  const fresh = screen === "setup" || screen === "setup-key" || screen === "recovery-confirm";
  const problem = screen === "problem" ? (one(PROBLEMS, params.get("problem")) ?? "in_use") : undefined;
  const vault = await bridgeVault(base, fresh ? "fresh" : "seeded", problem);
  const api = bridgeApi(vault);
  const as = one(ROLES, params.get("as")) ?? "administrator";

  // The state before the window starts, made through the core's own commands.
  if (screen === "recovery-confirm") await api.vaultCreate(ADMIN);
  if (screen === "change-password") await api.signIn("adminmarker", vault.initialPassword);
  if (screen === "lock") await api.signIn(vault.users.administrator, vault.password);
  if (screen === "app") {
    const demo = Number(params.get("demo") ?? 0);
    if (demo > 0) {
      await api.signIn(vault.users.administrator, vault.password);
      await api.demoFill(Math.min(demo, 100_000));
      await api.signOut();
    }
    await api.signIn(vault.users[as], vault.password);
  }

  const afterBoot = async (app: AppModel) => {
    if (screen === "setup-key") {
      const created = await app.api.vaultCreate(ADMIN);
      app.updateSession(created.session);
      app.view = { kind: "setup", created };
    } else if (screen === "recover") {
      app.view = { kind: "recover" };
    } else if (screen === "lock") {
      await app.lockNow();
    } else if (screen === "app") {
      const page = params.get("page");
      const section = SECTIONS.find((s): s is Section => s === page);
      app.go(section ?? "contacts", one(TABS, params.get("tab")));
    }
  };
  return { api, afterBoot };
}
