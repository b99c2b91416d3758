// Settings > Health against the real core: a row per check with its state in words, what was
// found and what to do, the summary of the worst state, the last backup's age by the core's clock
// (moved on by the test), the audit log's anchor as ID:HASH and the anchors it is held against,
// the key file's slots, colleagues waiting for a category key, checking again, and both languages.
// The faults are made the way someone with access to the vault folder (or its key) would make
// them: the bridge changes the files or the database behind the app's back.
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { Health } from "$lib/api/types";
import { coreVault, renderApp, type CoreVault, type Role } from "./core";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

const KEYS = ["cipher", "database", "key_file", "key_slots", "rotation", "audit", "anchors", "consent", "backup", "backup_folder", "category_keys"];

async function asAdmin() {
  const vault = await coreVault("seeded");
  await vault.signInAs("administrator");
  return vault;
}

async function openHealth(user: User) {
  await user.click(screen.getByTestId("nav-settings"));
  await user.click(await screen.findByTestId("settings-tab-health"));
  const tab = await screen.findByTestId("health-tab");
  await waitFor(() => expect(within(tab).getByTestId("health-summary")).toBeInTheDocument());
  return tab;
}

function row(tab: HTMLElement, key: string) {
  return within(tab).getByTestId(`health-check-${key}`);
}

function check(health: Health, key: string) {
  return health.checks.find((c) => c.key === key)!;
}

/** Automatic backups into the bridge's folder, one backup made, and the core's clock `hoursAgo` on. */
async function backedUp(vault: CoreVault, hoursAgo: number) {
  await vault.api.backupSetFolder(true);
  await vault.api.backupCreate();
  await vault.advanceClock(0, hoursAgo * 60);
}

/** Gives the seeded user of `role` another built-in role, as the administrator. */
async function give(vault: CoreVault, role: Role, extra: string) {
  const who = (await vault.api.usersList()).find((u) => u.username === vault.users[role])!;
  await vault.api.userSetAccess(who.id, { roles: [...who.roles, extra], mayDelete: who.mayDelete });
}

describe("Settings > Health (real core)", { timeout: 30_000 }, () => {
  it("is all in order after a recent backup, with the audit log's anchor", async () => {
    const vault = await asAdmin();
    await backedUp(vault, 5);
    const { user } = await renderApp(vault.api);
    const tab = await openHealth(user);
    const health = await vault.api.healthReport();

    const summary = within(tab).getByTestId("health-summary");
    expect(summary).toHaveAttribute("data-state", "ok");
    expect(summary).toHaveTextContent("Everything is in order");
    expect(summary).toHaveTextContent("Every check passed.");
    expect(within(tab).getAllByTestId(/^health-check-/).map((r) => r.dataset.testid)).toEqual(KEYS.map((k) => `health-check-${k}`));
    for (const key of KEYS) {
      expect(row(tab, key)).toHaveAttribute("data-state", "ok");
      expect(row(tab, key)).toHaveTextContent("OK");
      expect(within(tab).queryByTestId(`health-advice-${key}`)).toBeNull();
    }
    // A slot per user and one for the recovery key.
    const slots = (await vault.api.usersList()).length + 1;
    expect(check(health, "key_file").figure).toBe(slots);
    expect(row(tab, "cipher")).toHaveTextContent("Encryption");
    expect(row(tab, "key_file")).toHaveTextContent(`Sound, with ${slots} key slots: one per user, one for the recovery key`);
    expect(row(tab, "key_slots")).toHaveTextContent("Every key slot proves genuine.");
    expect(row(tab, "rotation")).toHaveTextContent("No key rotation is left unfinished.");
    expect(row(tab, "audit")).toHaveTextContent(`All ${health.auditEntries} entries are unchanged and in order.`);
    // The backup holds an anchor, and so does kluis.anchors (written at each sign-out).
    const anchors = check(health, "anchors").figure!;
    expect(anchors).toBeGreaterThanOrEqual(2);
    expect(row(tab, "anchors")).toHaveTextContent(`The log matches all ${anchors} anchors written down, in backups and in kluis.anchors.`);
    expect(row(tab, "category_keys")).toHaveTextContent("Everyone whose role needs the key to personnel files, special categories of data or backups holds it.");
    expect(within(tab).queryByTestId("health-anchor-source")).toBeNull();
    expect(row(tab, "backup")).toHaveTextContent("The last backup was made today (");
    expect(row(tab, "backup_folder")).toHaveTextContent(`On, into ${health.backupFolder}.`);
    expect(within(tab).queryByTestId("health-go-backups-backup")).toBeNull();
    // The seeded vault holds one recorded consent.
    expect(row(tab, "consent")).toHaveTextContent("The one recorded answer is unchanged.");

    // The anchor exactly as `kluis verify --anchor` takes it: the last entry's id and 16 hex digits.
    const head = within(tab).getByTestId("health-audit-head");
    expect(head.textContent).toBe(`${health.auditHeadId}:${health.auditHead.slice(0, 16)}`);
    expect(head.textContent).toMatch(/^\d+:[0-9a-f]{16}$/);
    expect(head).toHaveAttribute("title", health.auditHead);
    expect(within(tab).getByTestId("health-audit-entries")).toHaveTextContent(String(health.auditEntries));
    expect(tab).toHaveTextContent("Now and then, note it down with the date");
    expect(within(tab).getByTestId("health-anchor-verify")).toHaveTextContent(
      "Later, kluis verify --anchor ID:HASH with an anchor you noted checks that nothing was cut off the log or rewritten since.",
    );
  });

  it("warns about a stale backup and leads to Backups, and the warning turns into a problem after a week", async () => {
    const vault = await asAdmin();
    await backedUp(vault, 3 * 24 + 2);
    const { user } = await renderApp(vault.api);
    const tab = await openHealth(user);

    const backup = row(tab, "backup");
    expect(backup).toHaveAttribute("data-state", "warning");
    expect(backup).toHaveTextContent("Warning");
    expect(within(backup).getByTestId("health-found-backup")).toHaveTextContent("The last backup was made 3 days ago (");
    expect(within(backup).getByTestId("health-advice-backup")).toHaveTextContent(
      "Make a backup now. If automatic backups are on, check that their folder (a USB disk or a network drive) is connected.",
    );
    const summary = within(tab).getByTestId("health-summary");
    expect(summary).toHaveAttribute("data-state", "warning");
    expect(summary).toHaveTextContent("1 warning");
    expect(summary).toHaveTextContent("Nothing is broken, but something needs your attention.");

    // Eight days later by the core's clock, checked again.
    await vault.advanceClock(5);
    await user.click(within(tab).getByTestId("health-recheck"));
    await waitFor(() => expect(row(tab, "backup")).toHaveAttribute("data-state", "problem"));
    expect(row(tab, "backup")).toHaveTextContent("8 days ago");
    expect(row(tab, "backup")).toHaveTextContent("Problem");
    expect(within(tab).getByTestId("health-summary")).toHaveTextContent("1 problem");

    await user.click(within(tab).getByTestId("health-go-backups-backup"));
    const backups = await screen.findByTestId("backups-tab");
    expect(screen.getByTestId("settings-tab-backups")).toHaveAttribute("aria-selected", "true");
    await waitFor(() => expect(within(backups).getByTestId("backups-last")).toBeInTheDocument());
  });

  it("names a vault never backed up and without automatic backups, with what to do", async () => {
    const vault = await asAdmin();
    const { user } = await renderApp(vault.api);
    const tab = await openHealth(user);

    const summary = within(tab).getByTestId("health-summary");
    expect(summary).toHaveAttribute("data-state", "problem");
    expect(summary).toHaveTextContent("1 problem · 1 warning");
    expect(row(tab, "backup")).toHaveAttribute("data-state", "problem");
    expect(row(tab, "backup")).toHaveTextContent("No backup has ever been made.");
    expect(row(tab, "backup")).toHaveTextContent("Make a backup now, and choose a folder so that Kluis makes one every day.");
    expect(row(tab, "backup_folder")).toHaveAttribute("data-state", "warning");
    expect(row(tab, "backup_folder")).toHaveTextContent("Off: no folder is chosen.");
    expect(row(tab, "backup_folder")).toHaveTextContent("Choose a folder, preferably on another disk");
    expect(within(tab).getByTestId("health-go-backups-backup_folder")).toHaveTextContent("Go to Backups");

    // A backup made, and a folder chosen: all in order on the next check.
    await user.click(within(tab).getByTestId("health-go-backups-backup_folder"));
    const backups = await screen.findByTestId("backups-tab");
    await user.click(await within(backups).findByTestId("backups-choose-folder"));
    await waitFor(() => expect(within(backups).getByTestId("backups-folder")).toHaveAttribute("data-state", "on"));
    await user.click(within(backups).getByTestId("backups-create"));
    await within(backups).findByTestId("backups-notice");
    await user.click(screen.getByTestId("settings-tab-health"));
    await waitFor(() => expect(screen.getByTestId("health-summary")).toHaveAttribute("data-state", "ok"));
    expect((await vault.api.healthReport()).checks.every((c) => c.state === "ok")).toBe(true);
  });

  it("explains a tampered audit log and key slots from before authentication, in English and in Dutch", async () => {
    const vault = await asAdmin();
    await backedUp(vault, 1);
    // Entry 12 changed behind the app's back; two slots as an older version wrote them.
    await vault.tamper("audit_entry", 12);
    await vault.tamper("key_slots_legacy", 2);
    const { user } = await renderApp(vault.api);
    const tab = await openHealth(user);

    const audit = row(tab, "audit");
    expect(audit).toHaveAttribute("data-state", "problem");
    expect(audit).toHaveTextContent("The chain of entries breaks at entry 12.");
    expect(within(audit).getByTestId("health-advice-audit")).toHaveTextContent(
      "Entry 12 was changed behind the app's back: restore the last backup from before that moment and contact your supplier.",
    );
    const slots = row(tab, "key_slots");
    expect(slots).toHaveAttribute("data-state", "warning");
    expect(slots).toHaveTextContent("Key slots from before slots were authenticated: 2.");
    expect(slots).toHaveTextContent("Each is upgraded when its owner next signs in.");
    expect(within(tab).getByTestId("health-summary")).toHaveTextContent("1 problem · 1 warning");
    const keySlots = (await vault.api.usersList()).length + 1;

    await user.click(screen.getByTestId("lang-nl"));
    await waitFor(() => expect(row(tab, "audit")).toHaveTextContent("Auditlogboek"));
    expect(row(tab, "audit")).toHaveTextContent("Probleem");
    expect(row(tab, "audit")).toHaveTextContent("De keten van regels is verbroken bij regel 12.");
    expect(row(tab, "audit")).toHaveTextContent(
      "Regel 12 is buiten de app om gewijzigd: herstel de laatste back-up van vóór dat moment en neem contact op met je leverancier.",
    );
    expect(row(tab, "key_slots")).toHaveTextContent("Waarschuwing");
    expect(row(tab, "key_slots")).toHaveTextContent("Sleutelvakken van vóór de beveiligde sleutelvakken: 2.");
    expect(row(tab, "key_slots")).toHaveTextContent("Elk vak wordt bijgewerkt zodra de eigenaar weer inlogt.");
    expect(row(tab, "key_file")).toHaveTextContent("Sleutelbestand");
    expect(row(tab, "key_file")).toHaveTextContent(`In orde, met ${keySlots} sleutelvakken`);
    expect(row(tab, "backup")).toHaveTextContent("De laatste back-up is vandaag gemaakt");
    expect(within(tab).getByTestId("health-summary")).toHaveTextContent("1 probleem · 1 waarschuwing");
    expect(screen.getByTestId("health-recheck")).toHaveTextContent("Opnieuw controleren");
    expect(screen.getByTestId("settings-tab-health")).toHaveTextContent("Controle");
    expect(screen.getByTestId("settings-tab-backups")).toHaveTextContent("Back-ups");

    // Repaired: checking again shows it.
    await vault.tamper("audit_entry_undone", 12);
    await user.click(screen.getByTestId("health-recheck"));
    await waitFor(() => expect(row(tab, "audit")).toHaveAttribute("data-state", "ok"));
    expect(row(tab, "audit")).toHaveTextContent("regels zijn ongewijzigd en staan op volgorde");
  });

  it("words the problems of altered pages and consent records and a missing backup, in both languages", async () => {
    const vault = await asAdmin();
    // A page of kluis.db (the breaches table's, which nothing reads on the way to Health) and the
    // first consent record changed behind the app's back.
    await vault.tamper("breaches_page");
    await vault.tamper("consent_entry", 1);
    const { user } = await renderApp(vault.api, "nl");
    const tab = await openHealth(user);
    const health = await vault.api.healthReport();
    const pages = check(health, "cipher").figure;
    expect(pages).toBeGreaterThan(0);
    for (const key of ["cipher", "consent", "backup"]) expect(row(tab, key)).toHaveAttribute("data-state", "problem");
    expect(row(tab, "cipher")).toHaveTextContent(`Pagina's die niet te ontsleutelen zijn of zijn gewijzigd: ${pages}.`);
    expect(row(tab, "cipher")).toHaveTextContent("herstel de laatste back-up die slaagt voor het proefherstel");
    expect(row(tab, "consent")).toHaveTextContent("De toestemmingsregistratie is buiten de app om gewijzigd, vanaf regel 1.");
    expect(row(tab, "backup")).toHaveTextContent("Er is nog nooit een back-up gemaakt.");
    expect(row(tab, "backup_folder")).toHaveTextContent("Kies een map, liefst op een andere schijf");
    const problems = health.checks.filter((c) => c.state === "problem").length;
    expect(within(tab).getByTestId("health-summary")).toHaveTextContent(`${problems} problemen · 1 waarschuwing`);

    await user.click(screen.getByTestId("lang-en"));
    await waitFor(() => expect(row(tab, "cipher")).toHaveTextContent(`Pages that do not decrypt or were altered: ${pages}.`));
    expect(row(tab, "consent")).toHaveTextContent("The consent records were changed behind the app's back, from entry 1 on.");
    expect(within(tab).getByTestId("health-summary")).toHaveTextContent(`${problems} problems · 1 warning`);
  });

  it("a key file damaged while signed in: the core refuses the check and says why", async () => {
    const vault = await asAdmin();
    const { user } = await renderApp(vault.api);
    const tab = await openHealth(user);
    await vault.tamper("key_file");
    await user.click(within(tab).getByTestId("health-recheck"));
    expect(await within(tab).findByTestId("health-error")).toHaveTextContent("The key file of the vault is damaged.");
    await expect(vault.api.healthReport()).rejects.toMatchObject({ code: "vault.key_file_corrupt" });
  });

  it("names an anchor the audit log contradicts and where that anchor came from, in both languages", async () => {
    const vault = await asAdmin();
    await backedUp(vault, 1);
    // The log's last entries removed behind the app's back, after a backup wrote down its end.
    await vault.tamper("audit_tail", 3);
    const { user } = await renderApp(vault.api);
    const tab = await openHealth(user);
    const { contradiction } = await vault.api.healthReport();
    expect(contradiction).toMatchObject({ kind: "cut", source: "backup" });
    const { anchorId, file } = contradiction!;

    const anchors = row(tab, "anchors");
    expect(anchors).toHaveAttribute("data-state", "problem");
    expect(anchors).toHaveTextContent("Audit log anchors");
    expect(within(anchors).getByTestId("health-found-anchors")).toHaveTextContent(
      `The audit log ends before entry ${anchorId}, which an anchor recorded: its end was cut off.`,
    );
    expect(within(anchors).getByTestId("health-anchor-source")).toHaveTextContent(`That anchor comes from the backup ${file}.`);
    expect(within(anchors).getByTestId("health-advice-anchors")).toHaveTextContent("Someone with access to the database removed its latest entries.");
    expect(within(tab).getByTestId("health-summary")).toHaveTextContent("1 problem");

    await user.click(screen.getByTestId("lang-nl"));
    await waitFor(() => expect(row(tab, "anchors")).toHaveTextContent("Ankers van het auditlogboek"));
    expect(within(tab).getByTestId("health-anchor-source")).toHaveTextContent(`Dat anker komt uit de back-up ${file}.`);
    expect(within(tab).getByTestId("health-anchor-verify")).toHaveTextContent("Later controleert kluis verify --anchor ID:HASH met een genoteerd anker");
  });

  it("names an altered anchors file, which is set aside", async () => {
    const vault = await asAdmin();
    await backedUp(vault, 1);
    await vault.tamper("anchors_file");
    const { user } = await renderApp(vault.api);
    const tab = await openHealth(user);
    expect(row(tab, "anchors")).toHaveAttribute("data-state", "problem");
    expect(row(tab, "anchors")).toHaveTextContent("The anchors file (kluis.anchors) was altered or swapped, so it is not used");
    expect(within(tab).queryByTestId("health-anchor-source")).toBeNull();

    await user.click(screen.getByTestId("lang-nl"));
    await waitFor(() => expect(row(tab, "anchors")).toHaveTextContent("Het ankerbestand (kluis.anchors) is gewijzigd of verwisseld"));
    // Set aside as evidence, it stays named on the next check.
    await user.click(within(tab).getByTestId("health-recheck"));
    expect(check(await vault.api.healthReport(), "anchors")).toMatchObject({ state: "problem", reason: "file_altered" });
    await waitFor(() => expect(screen.getByTestId("settings-page")).toHaveAttribute("data-ready", "true"));
    expect(row(tab, "anchors")).toHaveAttribute("data-state", "problem");
  });

  it("explains an altered key slot and keys waiting to be handed over or to be renewed", async () => {
    const vault = await asAdmin();
    await backedUp(vault, 1);
    // The administrator (without the HR key) makes a colleague HR: they wait for both HR keys.
    await give(vault, "user", "hr");
    await vault.tamper("key_slot_altered");
    const { user } = await renderApp(vault.api);
    const tab = await openHealth(user);

    expect(row(tab, "key_slots")).toHaveAttribute("data-state", "problem");
    expect(row(tab, "key_slots")).toHaveTextContent("Key slots that do not prove genuine: 1. The key file was altered.");
    expect(row(tab, "key_slots")).toHaveTextContent("Put back kluis.keys from the vault's last backup");
    const keys = row(tab, "category_keys");
    expect(keys).toHaveAttribute("data-state", "warning");
    expect(keys).toHaveTextContent("Colleagues waiting for a key: 2.");
    expect(keys).toHaveTextContent("an administrator can hand it over with the recovery key in Settings > Users");
    expect(within(tab).getByTestId("health-summary")).toHaveTextContent("1 problem · 1 warning");

    // The HR colleague signs in and hands the keys over; then the privacy officer, who held them,
    // leaves: a renewal is due instead, with nothing to do.
    await vault.signInAs("hr");
    await vault.signInAs("administrator");
    const officer = (await vault.api.usersList()).find((u) => u.username === vault.users.privacy_officer)!;
    await vault.api.userRemove(officer.id);
    await user.click(within(tab).getByTestId("health-recheck"));
    await waitFor(() =>
      expect(row(tab, "category_keys")).toHaveTextContent("Categories whose key is renewed when a colleague who holds it next signs in: 2."),
    );
    expect(within(tab).queryByTestId("health-go-users-category_keys")).toBeNull();

    // Waiting again: the way to Settings > Users, where the key can be handed over.
    await give(vault, "guest", "management");
    await user.click(screen.getByTestId("lang-nl"));
    await user.click(within(tab).getByTestId("health-recheck"));
    await waitFor(() => expect(row(tab, "category_keys")).toHaveTextContent("Collega's die op een sleutel wachten: 1."));
    await user.click(within(tab).getByTestId("health-go-users-category_keys"));
    expect(await screen.findByTestId("keys-waiting")).toBeInTheDocument();
    expect(screen.getByTestId("settings-tab-users")).toHaveAttribute("aria-selected", "true");
  });
});
