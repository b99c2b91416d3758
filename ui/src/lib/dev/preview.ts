// Browser preview (npm run dev with VITE_FAKE_API=1): picks a fake backend state and a screen
// from the query string, so every screen can be opened and screenshotted directly.
//   ?screen=setup | setup-key | signin | recover | lock | change-password | recovery-confirm |
//           problem | app
//   &problem=vault.in_use | vault.key_file_missing | vault.key_file_corrupt | vault.database_unreadable
//   &as=admin | user | guest | management | hr | privacy   (screen=app; default admin)
//   &seed=consent           (screen=app: people, purposes, statements, consent answers, one
//                            objection and one restricted person; see FakeApi.seedConsentDemo;
//                            and data subject requests, see FakeApi.seedRequestsDemo)
//   &seed=requests          (screen=app: people and data subject requests only)
//   &seed=retention         (screen=app: people gone quiet, retention rules and earlier runs;
//                            see FakeApi.seedRetentionDemo)
//   &seed=backups           (screen=app: a folder for automatic backups with backups over the
//                            past weeks, the last three days ago, one of another vault, one
//                            altered (not authentic), one of an older format, and a backup on a
//                            USB stick for "Open another backup file"; see FakeApi.seedBackupsDemo)
//   &seed=keys              (screen=app: Hanna and Mark wait for the key to personnel files, Hanna
//                            for the one to special-category data: Settings > Users and Health
//                            say so, and with as=hr Personnel shows the waiting state)
//   &seed=million           (screen=app: a vault of 1,000,000 people, made row by row as the
//                            contact list reads them; see FakeApi.seedLazyPeople)
//   (as=privacy also seeds two breaches, one still to notify within 72 hours and one that
//    needed no notification; see FakeApi.seedBreachesDemo)
//   &page=contacts | organisations | deals | tasks | dashboard | privacy | settings
//   &tab=account | users | roles | security | pipeline | backups | health
//   &lang=nl | en  &theme=light | dark | system   (not remembered)
//   &delay=ms               (simulated latency, default 150)
import { isErrorCode } from "$lib/api/errors";
import { createFakeApi, type FakePreset } from "$lib/api/fake";
import type { KluisApi } from "$lib/api/types";
import { setLocale } from "$lib/i18n/index.svelte";
import { SECTIONS, type AppModel, type Section, type SettingsTab } from "$lib/state/app.svelte";
import { setTheme } from "$lib/theme/theme.svelte";

export interface Preview {
  api: KluisApi;
  afterBoot?: (app: AppModel) => void | Promise<void>;
}

const PRESETS: Record<string, FakePreset> = {
  setup: "fresh",
  "setup-key": "fresh",
  signin: "signed-out",
  recover: "signed-out",
  lock: "admin",
  "change-password": "must-change",
  "recovery-confirm": "unconfirmed",
  problem: "problem",
  app: "admin",
};

const AS: readonly FakePreset[] = ["admin", "user", "guest", "management", "hr", "privacy"];

function isAs(value: string | null): value is FakePreset {
  return AS.some((a) => a === value);
}

function isSection(value: string | null): value is Section {
  return SECTIONS.some((s) => s === value);
}

const TABS: readonly SettingsTab[] = ["account", "users", "roles", "security", "pipeline", "backups", "health"];

function isTab(value: string | null): value is SettingsTab {
  return TABS.some((tab) => tab === value);
}

export function previewSetup(params: URLSearchParams): Preview {
  const lang = params.get("lang");
  if (lang === "nl" || lang === "en") setLocale(lang, false);
  const theme = params.get("theme");
  if (theme === "light" || theme === "dark" || theme === "system") setTheme(theme, false);

  const screen = params.get("screen") ?? "setup";
  const problem = params.get("problem");
  let preset = PRESETS[screen] ?? "fresh";
  const as = params.get("as");
  if (screen === "app" && isAs(as)) preset = as;
  const api = createFakeApi({
    preset,
    problem: isErrorCode(problem) ? problem : undefined,
    delayMs: Number(params.get("delay") ?? 150),
  });

  const afterBoot = async (app: AppModel) => {
    if (screen === "setup-key") {
      const created = await app.api.vaultCreate({
        orgName: "Van Dijk Installatietechniek",
        adminUsername: "anne",
        adminDisplayName: "Anne de Vries",
        password: "Tulpen-Fiets-Regenjas-42",
      });
      app.updateSession(created.session);
      app.view = { kind: "setup", created };
    } else if (screen === "recover") {
      app.view = { kind: "recover" };
    } else if (screen === "lock") {
      await app.lockNow();
    } else if (screen === "app") {
      const seed = params.get("seed");
      if (seed === "consent") await api.seedConsentDemo();
      if (seed === "consent" || seed === "requests") await api.seedRequestsDemo();
      if (seed === "retention") await api.seedRetentionDemo(lang === "en" ? "en" : "nl");
      if (seed === "backups") await api.seedBackupsDemo();
      if (seed === "keys") Object.assign(api.keysWaiting, { hr: [9, 8], special: [9] });
      if (seed === "million") api.seedLazyPeople(1_000_000);
      if (preset === "privacy") await api.seedBreachesDemo();
      const page = params.get("page");
      const tab = params.get("tab");
      app.go(isSection(page) ? page : "contacts", isTab(tab) ? tab : undefined);
    }
  };
  return { api, afterBoot };
}
