// Settings > Health: a row per check with its state in words, what was found and what to do, the
// summary of the worst state, the last backup's age judged at the fake's clock, the audit log's
// anchor as ID:HASH and the anchors it is held against, the key file's slots, an interrupted key
// rotation, colleagues waiting for a category key, checking again, and both languages; driven
// through the UI against the in-memory fake.
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FAKE_BACKUP_FOLDER, FakeApi } from "$lib/api/fake";
import { startApp } from "./helpers";

type User = Awaited<ReturnType<typeof startApp>>["user"];

const NOW = Date.UTC(2026, 10, 27, 12);
const HOUR = 3_600_000;
const KEYS = ["cipher", "database", "key_file", "key_slots", "rotation", "audit", "anchors", "consent", "backup", "backup_folder", "category_keys"];

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

/** A folder for automatic backups, and the last backup `hoursAgo` before the fake's clock. */
function backedUp(fake: FakeApi, hoursAgo: number) {
  fake.setClock(NOW);
  fake.backupFolder = FAKE_BACKUP_FOLDER;
  fake.backupLastAt = new Date(NOW - hoursAgo * HOUR).toISOString();
}

describe("Settings > Health", () => {
  it("is all in order after a recent backup, with the audit log's anchor", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    backedUp(fake, 5);
    const tab = await openHealth(user);

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
    expect(row(tab, "cipher")).toHaveTextContent("Encryption");
    expect(row(tab, "key_file")).toHaveTextContent("Sound, with 10 key slots: one per user and one for the recovery key.");
    expect(row(tab, "key_slots")).toHaveTextContent("Every key slot proves genuine.");
    expect(row(tab, "rotation")).toHaveTextContent("No key rotation is left unfinished.");
    expect(row(tab, "audit")).toHaveTextContent(`All ${fake.audit.entries} entries are unchanged and in order.`);
    expect(row(tab, "anchors")).toHaveTextContent("No anchor written down yet to hold the log against.");
    expect(row(tab, "category_keys")).toHaveTextContent("Everyone whose role needs the key to personnel files, special categories of data or backups holds it.");
    expect(within(tab).queryByTestId("health-anchor-source")).toBeNull();
    expect(row(tab, "backup")).toHaveTextContent("The last backup was made today (");
    expect(row(tab, "backup_folder")).toHaveTextContent(`On, into ${FAKE_BACKUP_FOLDER}.`);
    expect(within(tab).queryByTestId("health-go-backups-backup")).toBeNull();

    // The anchor exactly as `kluis verify --anchor` takes it: the last entry's id and 16 hex digits.
    const head = within(tab).getByTestId("health-audit-head");
    const h = fake.audit.head;
    expect(head.textContent).toBe(`${fake.audit.entries}:${h.slice(0, 16)}`);
    expect(head.textContent).toMatch(/^\d+:[0-9a-f]{16}$/);
    expect(head).toHaveAttribute("title", h);
    expect(within(tab).getByTestId("health-audit-entries")).toHaveTextContent(String(fake.audit.entries));
    expect(tab).toHaveTextContent("Now and then, note it down with the date");
    expect(within(tab).getByTestId("health-anchor-verify")).toHaveTextContent(
      "Later, kluis verify --anchor ID:HASH with an anchor you noted checks that nothing was cut off the log or rewritten since.",
    );
    expect(row(tab, "consent")).toHaveTextContent("No answers recorded yet: nothing to check.");
  });

  it("warns about a stale backup and leads to Backups, and the warning turns into a problem after a week", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    backedUp(fake, 3 * 24 + 2);
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
    fake.advanceClock(5 * 24);
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
    const { user } = await startApp({ preset: "admin" });
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
  });

  it("explains a tampered audit log and key slots from before authentication, in English and in Dutch", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    backedUp(fake, 1);
    fake.vaultFaults.auditBrokenAt = 1207;
    fake.vaultFaults.slotsLegacy = 2;
    const tab = await openHealth(user);

    const audit = row(tab, "audit");
    expect(audit).toHaveAttribute("data-state", "problem");
    expect(audit).toHaveTextContent("The chain of entries breaks at entry 1207.");
    expect(within(audit).getByTestId("health-advice-audit")).toHaveTextContent(
      "Entry 1207 was changed behind the app's back: restore the last backup from before that moment and contact your supplier.",
    );
    const slots = row(tab, "key_slots");
    expect(slots).toHaveAttribute("data-state", "warning");
    expect(slots).toHaveTextContent("Key slots from before slots were authenticated: 2.");
    expect(slots).toHaveTextContent("Each is upgraded when its owner next signs in.");
    expect(within(tab).getByTestId("health-summary")).toHaveTextContent("1 problem · 1 warning");

    await user.click(screen.getByTestId("lang-nl"));
    await waitFor(() => expect(row(tab, "audit")).toHaveTextContent("Auditlogboek"));
    expect(row(tab, "audit")).toHaveTextContent("Probleem");
    expect(row(tab, "audit")).toHaveTextContent("De keten van regels is verbroken bij regel 1207.");
    expect(row(tab, "audit")).toHaveTextContent(
      "Regel 1207 is buiten de app om gewijzigd: herstel de laatste back-up van vóór dat moment en neem contact op met je leverancier.",
    );
    expect(row(tab, "key_slots")).toHaveTextContent("Waarschuwing");
    expect(row(tab, "key_slots")).toHaveTextContent("Sleutelvakken van vóór de beveiligde sleutelvakken: 2.");
    expect(row(tab, "key_slots")).toHaveTextContent("Elk vak wordt bijgewerkt zodra de eigenaar weer inlogt.");
    expect(row(tab, "key_file")).toHaveTextContent("Sleutelbestand");
    expect(row(tab, "key_file")).toHaveTextContent("In orde, met 10 sleutelvakken");
    expect(row(tab, "backup")).toHaveTextContent("De laatste back-up is vandaag gemaakt");
    expect(within(tab).getByTestId("health-summary")).toHaveTextContent("1 probleem · 1 waarschuwing");
    expect(screen.getByTestId("health-recheck")).toHaveTextContent("Opnieuw controleren");
    expect(screen.getByTestId("settings-tab-health")).toHaveTextContent("Controle");
    expect(screen.getByTestId("settings-tab-backups")).toHaveTextContent("Back-ups");

    // Repaired: checking again shows it.
    fake.vaultFaults.auditBrokenAt = null;
    await user.click(screen.getByTestId("health-recheck"));
    await waitFor(() => expect(row(tab, "audit")).toHaveAttribute("data-state", "ok"));
    expect(row(tab, "audit")).toHaveTextContent("regels zijn ongewijzigd en staan op volgorde");
  });

  it("words every problem the core can report, in both languages", async () => {
    const { fake, user } = await startApp({ preset: "admin", locale: "nl" });
    fake.setClock(NOW);
    Object.assign(fake.vaultFaults, { cipherProblems: 3, integrityProblems: 2, keyFileDamaged: true, consentBroken: true, consentBrokenAt: 12 });
    const tab = await openHealth(user);
    for (const key of ["cipher", "database", "key_file", "consent", "backup"]) expect(row(tab, key)).toHaveAttribute("data-state", "problem");
    expect(row(tab, "cipher")).toHaveTextContent("Pagina's die niet te ontsleutelen zijn of zijn gewijzigd: 3.");
    expect(row(tab, "cipher")).toHaveTextContent("herstel de laatste back-up die slaagt voor het proefherstel");
    expect(row(tab, "database")).toHaveTextContent("De integriteitscontrole van de database vond problemen: 2.");
    expect(row(tab, "key_file")).toHaveTextContent("Het sleutelbestand (kluis.keys) is beschadigd.");
    expect(row(tab, "consent")).toHaveTextContent("De toestemmingsregistratie is buiten de app om gewijzigd, vanaf regel 12.");
    expect(row(tab, "backup")).toHaveTextContent("Er is nog nooit een back-up gemaakt.");
    expect(row(tab, "backup_folder")).toHaveTextContent("Kies een map, liefst op een andere schijf");
    expect(within(tab).getByTestId("health-summary")).toHaveTextContent("5 problemen · 1 waarschuwing");

    await user.click(screen.getByTestId("lang-en"));
    await waitFor(() => expect(row(tab, "cipher")).toHaveTextContent("Pages that do not decrypt or were altered: 3."));
    expect(row(tab, "database")).toHaveTextContent("have the disk checked");
    expect(row(tab, "key_file")).toHaveTextContent("Contact your supplier before anyone signs out");
    expect(row(tab, "consent")).toHaveTextContent("The consent records were changed behind the app's back, from entry 12 on.");
    expect(within(tab).getByTestId("health-summary")).toHaveTextContent("5 problems · 1 warning");
  });

  it("names an anchor the audit log contradicts and where that anchor came from, in both languages", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    backedUp(fake, 1);
    const file = "kluis-20261120-071200-daily.kluisbackup";
    fake.vaultFaults.anchorContradicted = { source: "backup", file, anchorId: 1207, kind: "cut" };
    const tab = await openHealth(user);

    const anchors = row(tab, "anchors");
    expect(anchors).toHaveAttribute("data-state", "problem");
    expect(anchors).toHaveTextContent("Audit log anchors");
    expect(within(anchors).getByTestId("health-found-anchors")).toHaveTextContent(
      "The audit log ends before entry 1207, which an anchor recorded: its end was cut off.",
    );
    expect(within(anchors).getByTestId("health-anchor-source")).toHaveTextContent(`That anchor comes from the backup ${file}.`);
    expect(within(anchors).getByTestId("health-advice-anchors")).toHaveTextContent("Someone with access to the database removed its latest entries.");
    expect(within(tab).getByTestId("health-summary")).toHaveTextContent("1 problem");

    // Rewritten, against an anchor given by hand; then the anchors file refused.
    fake.vaultFaults.anchorContradicted = { source: "given", file: null, anchorId: 88, kind: "rewritten" };
    await user.click(within(tab).getByTestId("health-recheck"));
    await waitFor(() => expect(row(tab, "anchors")).toHaveTextContent("Entry 88 differs from what an anchor recorded: the log was rewritten."));
    expect(within(tab).getByTestId("health-anchor-source")).toHaveTextContent("That anchor was given by hand.");
    expect(row(tab, "anchors")).toHaveTextContent("rewrote the log from entry 88 on");

    await user.click(screen.getByTestId("lang-nl"));
    await waitFor(() => expect(row(tab, "anchors")).toHaveTextContent("Regel 88 wijkt af van wat een anker vastlegde: het logboek is herschreven."));
    expect(row(tab, "anchors")).toHaveTextContent("Ankers van het auditlogboek");
    expect(within(tab).getByTestId("health-anchor-source")).toHaveTextContent("Dat anker is met de hand opgegeven.");
    expect(within(tab).getByTestId("health-anchor-verify")).toHaveTextContent("Later controleert kluis verify --anchor ID:HASH met een genoteerd anker");

    fake.vaultFaults.anchorContradicted = null;
    fake.vaultFaults.anchorsFileAltered = true;
    await user.click(within(tab).getByTestId("health-recheck"));
    await waitFor(() => expect(row(tab, "anchors")).toHaveTextContent("Het ankerbestand (kluis.anchors) is gewijzigd of verwisseld"));
    expect(row(tab, "anchors")).toHaveAttribute("data-state", "problem");
    expect(within(tab).queryByTestId("health-anchor-source")).toBeNull();

    // Repaired, with two backups of this vault on disk: their anchors hold.
    fake.vaultFaults.anchorsFileAltered = false;
    await fake.backupCreate();
    await fake.backupCreate();
    await user.click(within(tab).getByTestId("health-recheck"));
    await waitFor(() => expect(row(tab, "anchors")).toHaveAttribute("data-state", "ok"));
    expect(row(tab, "anchors")).toHaveTextContent("Het logboek klopt met alle 2 vastgelegde ankers");
  });

  it("explains altered key slots, an interrupted key rotation and keys waiting to be handed over", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    backedUp(fake, 1);
    Object.assign(fake.vaultFaults, { slotsAltered: 1, rotationPending: true });
    fake.keysWaiting.hr = [1, 9];
    // Anne is not HR: only Hanna (9) counts as waiting for the key to personnel files.
    const tab = await openHealth(user);

    expect(row(tab, "key_slots")).toHaveAttribute("data-state", "problem");
    expect(row(tab, "key_slots")).toHaveTextContent("Key slots that do not prove genuine: 1. The key file was altered.");
    expect(row(tab, "key_slots")).toHaveTextContent("Put back kluis.keys from the vault's last backup");
    expect(row(tab, "rotation")).toHaveAttribute("data-state", "warning");
    expect(row(tab, "rotation")).toHaveTextContent("A key rotation was interrupted.");
    expect(row(tab, "rotation")).toHaveTextContent("Nothing is lost: Kluis finishes it the next time someone signs in.");
    const keys = row(tab, "category_keys");
    expect(keys).toHaveAttribute("data-state", "warning");
    expect(keys).toHaveTextContent("Colleagues waiting for a key: 1.");
    expect(keys).toHaveTextContent("an administrator can hand it over with the recovery key in Settings > Users");
    expect(within(tab).getByTestId("health-summary")).toHaveTextContent("1 problem · 2 warnings");

    // A renewal due instead: nothing to do.
    fake.keysWaiting.hr = [];
    fake.keysRotationDue = ["special", "hr"];
    await user.click(within(tab).getByTestId("health-recheck"));
    await waitFor(() =>
      expect(row(tab, "category_keys")).toHaveTextContent("Categories whose key is renewed when a colleague who holds it next signs in: 2."),
    );
    expect(within(tab).queryByTestId("health-go-users-category_keys")).toBeNull();

    // Waiting again: the way to Settings > Users, where the key can be handed over.
    fake.keysWaiting.backup = [1];
    fake.keysWaiting.hr = [9];
    await user.click(screen.getByTestId("lang-nl"));
    await user.click(within(tab).getByTestId("health-recheck"));
    await waitFor(() => expect(row(tab, "category_keys")).toHaveTextContent("Collega's die op een sleutel wachten: 2."));
    expect(row(tab, "key_slots")).toHaveTextContent("Sleutelvakken die niet aantoonbaar echt zijn: 1.");
    expect(row(tab, "rotation")).toHaveTextContent("Een sleutelvervanging is onderbroken.");
    await user.click(within(tab).getByTestId("health-go-users-category_keys"));
    expect(await screen.findByTestId("keys-waiting")).toBeInTheDocument();
    expect(screen.getByTestId("settings-tab-users")).toHaveAttribute("aria-selected", "true");
  });
});
