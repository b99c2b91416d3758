// Settings > Backups against the real core: making a backup (into the folder, or one the dialog
// picks), choosing and turning off the folder for automatic backups, files that are not this
// vault's authentic backups (another vault's, altered or forged, an older format: listed, never
// offered for restore), the restore drill with the signed-in administrator's own current password
// or the recovery key, the restore (confirmed, then signed out; who may sign in stays as it is,
// everyone erased since is erased again), the read-only view, the core's refusals, and the
// progress and Cancel of each job. The bridge answers the dialogs and changes files in the
// vault's folder the way a person could meet them.
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { BackupInfo, JobProgress, KluisApi, PersonQuery } from "$lib/api/types";
import { coreVault, newCoreVault, personInput, renderApp, type CoreVault } from "./core";

type User = Awaited<ReturnType<typeof renderApp>>["user"];

const NEW_PASSWORD = "Zomerse-Fiets-Koffie-Mantel";
/** A recovery key of the right shape that is not this vault's. */
const WRONG_KEY = "7K2QD-M4XHR-9PZTC-3VBWN-8GF6J-5YAEG-2RQ0M-HT7VK-XC4NP-W9D3F-6ZB1T";

const everyone: PersonQuery = {
  sort: "family_name",
  descending: false,
  after: null,
  offset: null,
  limit: 1000,
  tag: null,
  ownerId: null,
  organisationId: null,
};

async function asAdmin() {
  const vault = await coreVault("seeded");
  await vault.signInAs("administrator");
  return vault;
}

async function openBackups(user: User) {
  await user.click(screen.getByTestId("nav-settings"));
  await user.click(await screen.findByTestId("settings-tab-backups"));
  const tab = await screen.findByTestId("backups-tab");
  await waitFor(() => expect(tab.querySelector(".loading")).toBeNull());
  return tab;
}

function rows(tab: HTMLElement) {
  return within(tab).queryAllByTestId("backup-row");
}

/** The folder for automatic backups chosen (the bridge's `backups`), with one backup in it. */
async function withBackup(vault: CoreVault): Promise<BackupInfo> {
  await vault.api.backupSetFolder(true);
  return (await vault.api.backupCreate())!;
}

async function names(api: KluisApi) {
  return (await api.personsList(everyone)).rows.map((p) => p.displayName);
}

/**
 * A new vault (administrator anne) with a privacy officer, sanne, who has chosen her password;
 * anne is signed in again.
 */
async function withOfficer() {
  const vault = await newCoreVault();
  await vault.api.userAdd({ username: "sanne", displayName: "Sanne Smit", roles: ["privacy_officer"], initialPassword: "Begin-Wachtwoord-Tulp-11" });
  await vault.api.signIn("sanne", "Begin-Wachtwoord-Tulp-11");
  await vault.api.changePassword("Begin-Wachtwoord-Tulp-11", "Sanne-Eigen-Wachtwoord-12");
  await vault.api.signIn("anne", vault.password);
  return {
    ...vault,
    /** Erases `personId` as the privacy officer, then signs anne in again. */
    async erase(personId: number) {
      await vault.api.signIn("sanne", "Sanne-Eigen-Wachtwoord-12");
      await vault.api.subjectErase({ personId, requestId: null, lang: "en" });
      await vault.api.signIn("anne", vault.password);
    },
  };
}

describe("Settings > Backups (real core)", { timeout: 30_000 }, () => {
  it("makes a backup now: into a folder the dialog picks, then into the chosen folder, listed", async () => {
    const vault = await asAdmin();
    const { user } = await renderApp(vault.api);
    const tab = await openBackups(user);
    const last = within(tab).getByTestId("backups-last");
    expect(last).toHaveAttribute("data-state", "problem");
    expect(last).toHaveTextContent("No backup yet");
    expect(last).toHaveTextContent("Problem");
    expect(within(tab).getByTestId("backups-folder")).toHaveAttribute("data-state", "off");
    expect(within(tab).getByTestId("backups-empty")).toHaveTextContent("With automatic backups off, no backups are listed here.");
    expect(within(tab).getByTestId("backups-create")).toHaveAccessibleDescription("No folder is chosen: Kluis asks where to save this backup.");

    // No folder chosen: the core asks where (the bridge's dialog answers its `backups` folder).
    await user.click(within(tab).getByTestId("backups-create"));
    const notice = await within(tab).findByTestId("backups-notice");
    const saved = /^Backup saved as (kluis-\d{8}-\d{6}-manual\.kluisbackup) in (.*\/backups)\.$/.exec(notice.textContent?.trim() ?? "");
    expect(saved).not.toBeNull();
    const [, first, folder] = saved!;
    await waitFor(() => expect(within(tab).getByTestId("backups-last")).toHaveAttribute("data-state", "ok"));
    expect(within(tab).getByTestId("backups-last")).toHaveTextContent("OK");
    // Not a folder for automatic backups: nothing listed yet.
    expect(rows(tab)).toHaveLength(0);
    expect(await vault.api.backupOverview()).toMatchObject({ folder: null, backups: [] });

    // Choosing that folder lists what is in it.
    await user.click(within(tab).getByTestId("backups-choose-folder"));
    await waitFor(() => expect(rows(tab)).toHaveLength(1));
    const [row] = rows(tab);
    expect(row).toHaveAttribute("data-file-name", first);
    expect(row).toHaveTextContent("By hand");
    expect(row).toHaveTextContent(/\d+(\.\d)? (MB|kB|KB)/);
    expect(within(row!).queryByTestId("backup-other-vault")).toBeNull();
    expect((await vault.api.backupOverview()).folder).toBe(folder);

    // With a folder, "Back up now" goes straight into it, and the newest comes first.
    await vault.advanceClock(0, 60);
    await user.click(within(tab).getByTestId("backups-create"));
    await waitFor(() => expect(rows(tab)).toHaveLength(2));
    const overview = await vault.api.backupOverview();
    const newest = overview.backups[0]!;
    expect(newest.fileName).not.toBe(first);
    expect(rows(tab)[0]).toHaveAttribute("data-file-name", newest.fileName);
    expect(within(tab).getByTestId("backups-notice")).toHaveTextContent(`Backup made: ${newest.fileName}.`);
    expect(overview.lastAt).toBe(newest.createdAt);
  });

  it("chooses the folder for automatic backups and turns them off", async () => {
    const vault = await asAdmin();
    let asked = 0;
    const api: KluisApi = { ...vault.api, backupSetFolder: (choose) => (asked++, vault.api.backupSetFolder(choose)) };
    const { user } = await renderApp(api);
    const tab = await openBackups(user);
    const folder = () => within(tab).getByTestId("backups-folder");
    expect(within(folder()).getByTestId("backups-choose-folder")).toHaveTextContent("Choose folder…");
    expect(within(folder()).queryByTestId("backups-folder-off")).toBeNull();

    // The dialog closed: nothing changes, nothing to say.
    await vault.dialogs({ folder: null });
    await user.click(within(folder()).getByTestId("backups-choose-folder"));
    await waitFor(() => expect(asked).toBe(1));
    await waitFor(() => expect(within(folder()).getByTestId("backups-choose-folder")).toBeEnabled());
    expect((await vault.api.backupOverview()).folder).toBeNull();
    expect(within(tab).queryByTestId("backups-notice")).toBeNull();

    // A folder that takes no file (a USB disk pulled out after it was picked) is refused with the core's text.
    await vault.dialogs({ folder: "gone-usb-disk" });
    await user.click(within(folder()).getByTestId("backups-choose-folder"));
    expect(await within(tab).findByTestId("form-error")).toHaveTextContent("The backup folder cannot be written to");
    expect((await vault.api.backupOverview()).folder).toBeNull();

    await vault.dialogs({ folder: "backups" });
    await user.click(within(folder()).getByTestId("backups-choose-folder"));
    const notice = await within(tab).findByTestId("backups-notice");
    const chosen = (await vault.api.backupOverview()).folder;
    expect(chosen).toMatch(/\/backups$/);
    expect(notice).toHaveTextContent(`Automatic backups now go to ${chosen}.`);
    expect(folder()).toHaveAttribute("data-state", "on");
    expect(within(folder()).getByTestId("backups-folder-path")).toHaveTextContent(chosen!);
    expect(folder()).toHaveTextContent("the newest of each day for 7 days and of each month for 12 months");
    expect(within(folder()).getByTestId("backups-choose-folder")).toHaveTextContent("Choose another folder…");
    expect(within(tab).getByTestId("backups-empty")).toHaveTextContent("No backups in this folder yet.");

    await user.click(within(folder()).getByTestId("backups-folder-off"));
    await waitFor(() =>
      expect(within(tab).getByTestId("backups-notice")).toHaveTextContent("Automatic backups are off. The backups already made stay in the folder."),
    );
    expect((await vault.api.backupOverview()).folder).toBeNull();
    expect(folder()).toHaveAttribute("data-state", "off");
    expect(within(folder()).getByTestId("backups-folder-state")).toHaveTextContent("Off");
  });

  it("makes automatic backups at sign-out and daily, and thins old ones but never those made by hand", async () => {
    const vault = await asAdmin();
    const manual = await withBackup(vault);
    // Ten days of signing in (a daily backup) and out nine hours later (one at sign-out).
    for (let day = 1; day <= 10; day++) {
      await vault.advanceClock(1);
      await vault.signInAs("administrator");
      await vault.advanceClock(0, 9 * 60);
      await vault.api.signOut();
      await vault.advanceClock(0, -9 * 60);
    }
    await vault.signInAs("administrator");
    const listed = (await vault.api.backupOverview()).backups;
    expect(listed.filter((b) => b.kind === "manual").map((b) => b.fileName)).toEqual([manual.fileName]);
    // The newest of each of the last 7 days: the one made at sign-out.
    const automatic = listed.filter((b) => b.kind !== "manual");
    expect(automatic.map((b) => b.kind)).toEqual(Array(7).fill("sign_out"));
    expect(new Set(automatic.map((b) => b.createdAt.slice(0, 10))).size).toBe(7);
    // No second daily backup the same day.
    await vault.signInAs("administrator");
    expect((await vault.api.backupOverview()).backups).toHaveLength(listed.length);
    // Without a folder, nothing is made by itself.
    await vault.api.backupSetFolder(false);
    const lastAt = (await vault.api.backupOverview()).lastAt;
    await vault.api.signOut();
    await vault.signInAs("administrator");
    expect((await vault.api.backupOverview()).lastAt).toBe(lastAt);
  });

  it("a test restore asks for the administrator's current password, refuses an old one and shows the result", async () => {
    const vault = await asAdmin();
    await vault.api.personCreate(personInput("Anna", "Jansen"));
    await vault.api.personCreate(personInput("Piet", "Bakker"));
    const backup = await withBackup(vault);
    // The password changed after the backup: the backup opens with the password as it is now.
    await vault.api.changePassword(vault.password, NEW_PASSWORD);
    let drills = 0;
    const { user } = await renderApp({ ...vault.api, backupDrill: (...args) => (drills++, vault.api.backupDrill(...args)) });
    const tab = await openBackups(user);

    const [row] = rows(tab);
    expect(row).toHaveAttribute("data-file-name", backup.fileName);
    expect(row).toHaveAttribute("data-status", "ok");
    await user.click(within(row!).getByTestId("backup-drill"));
    const dialog = within(await screen.findByTestId("backup-dialog"));
    expect(dialog.getByText("Test restore", { selector: "h2" })).toBeInTheDocument();
    await waitFor(() => expect(dialog.getByLabelText("Your password")).toHaveFocus());
    expect(dialog.getByTestId("backup-dialog-why")).toHaveTextContent(
      "To confirm that it is you, Kluis asks for the password you sign in with now, or the recovery key.",
    );
    expect(dialog.getByTestId("backup-password")).toHaveAccessibleDescription(`The password you (${vault.users.administrator}) sign in with now.`);
    expect(dialog.queryByTestId("backup-confirm-replace")).toBeNull();

    // Empty: asked for before anything is sent.
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-password-error")).toHaveTextContent("This field is required.");
    expect(drills).toBe(0);

    // The password of the backup's day opens nothing any more.
    await user.type(dialog.getByTestId("backup-password"), vault.password);
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-password-error")).toHaveTextContent("This is not your current password. Type the password you sign in with.");
    expect(dialog.getByTestId("backup-password")).toHaveAttribute("aria-invalid", "true");
    expect(dialog.getByTestId("backup-password")).toHaveValue("");
    expect(dialog.queryByTestId("backup-result")).toBeNull();

    await user.type(dialog.getByTestId("backup-password"), NEW_PASSWORD);
    await user.click(dialog.getByTestId("backup-submit"));
    const result = await dialog.findByTestId("backup-result");
    expect(result).toHaveTextContent("The backup opens and passed every check");
    const report = (await vault.api.backupDrill(backup.fileName, NEW_PASSWORD, null))!;
    expect(report.people).toBe((await vault.api.personsList(everyone)).total);
    expect(within(result).getByTestId("backup-result-people")).toHaveTextContent(String(report.people));
    expect(within(result).getByTestId("backup-result-audit")).toHaveTextContent(String(report.auditEntries));
    expect(result).toHaveTextContent("Nothing was changed.");
    // Nothing was replaced: still signed in, with the same people.
    expect((await vault.api.sessionInfo()).username).toBe(vault.users.administrator);
    expect(await names(vault.api)).toEqual(expect.arrayContaining(["Anna Jansen", "Piet Bakker"]));

    await user.click(dialog.getByTestId("backup-result-close"));
    await waitFor(() => expect(screen.queryByTestId("backup-dialog")).toBeNull());
  });

  it("a test restore opens with the recovery key, and tells a backup of another vault and a damaged file", async () => {
    const vault = await asAdmin();
    const ours = await withBackup(vault);
    // Another vault's backup in the same folder (made a minute later, so its name differs).
    const other = await newCoreVault();
    await other.advanceClock(0, 1);
    const theirs = await withBackup(other);
    await vault.backupFile("take", `backups/${theirs.fileName}`, { from: other.id });
    const { user } = await renderApp(vault.api);
    const tab = await openBackups(user);

    // Another vault's backup is listed as such and offers neither a test nor a restore.
    const foreign = rows(tab).find((r) => r.dataset.status === "other_vault")!;
    expect(foreign).toHaveAttribute("data-file-name", theirs.fileName);
    expect(within(foreign).getByTestId("backup-status")).toHaveTextContent("Other vault");
    expect(within(foreign).getByTestId("backup-status-text")).toHaveTextContent("This backup belongs to another vault: it is not tested or restored here.");
    expect(within(foreign).queryByTestId("backup-drill")).toBeNull();
    expect(within(foreign).queryByTestId("backup-restore")).toBeNull();

    const [newest] = rows(tab);
    expect(newest).toHaveAttribute("data-status", "ok");
    expect(newest).toHaveAttribute("data-file-name", ours.fileName);
    await user.click(within(newest!).getByTestId("backup-drill"));
    let dialog = within(await screen.findByTestId("backup-dialog"));
    await user.click(dialog.getByTestId("backup-use-recovery"));
    expect(dialog.queryByTestId("backup-password")).toBeNull();
    await user.type(dialog.getByTestId("backup-recovery-key"), WRONG_KEY);
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-recovery-key-error")).toHaveTextContent("This is not the recovery key of this vault.");
    await user.clear(dialog.getByTestId("backup-recovery-key"));
    await user.type(dialog.getByTestId("backup-recovery-key"), vault.recoveryKey.toLowerCase());
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-result")).toHaveTextContent("The backup opens and passed every check");
    expect(dialog.getByTestId("backup-result-people")).toHaveTextContent(String((await vault.api.personsList(everyone)).total));
    await user.click(dialog.getByTestId("backup-result-close"));

    // Another file, on a USB stick: the core's open dialog picks it once the password is given.
    await vault.backupFile("copy", `backups/${ours.fileName}`, { to: "stick/kluis-copy.kluisbackup" });
    await vault.backupFile("cut", "stick/kluis-copy.kluisbackup");
    await vault.dialogs({ file: "stick/kluis-copy.kluisbackup" });
    await user.click(within(tab).getByTestId("backups-open-file-drill"));
    dialog = within(await screen.findByTestId("backup-dialog"));
    expect(dialog.getByTestId("backup-dialog-file")).toHaveTextContent("When you continue, Kluis asks which backup file to open.");
    await user.type(dialog.getByTestId("backup-password"), vault.password);
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-error")).toHaveTextContent("it is not a Kluis backup, or it was changed or cut short");
    // The file picked turns out to be another vault's: refused before anything is opened.
    await vault.dialogs({ file: `backups/${theirs.fileName}` });
    await user.click(dialog.getByTestId("backup-submit"));
    await waitFor(() => expect(dialog.getByTestId("backup-error")).toHaveTextContent("This backup belongs to another vault. Nothing was changed."));
    await vault.backupFile("copy", `backups/${ours.fileName}`, { to: "stick/kluis-good.kluisbackup" });
    await vault.dialogs({ file: "stick/kluis-good.kluisbackup" });
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-result")).toBeInTheDocument();
  });

  it("lists an altered or forged backup and one of an older format as such, and never offers to restore them", async () => {
    const vault = await asAdmin();
    const ok = await withBackup(vault);
    await vault.advanceClock(0, 1);
    const forged = (await vault.api.backupCreate())!;
    await vault.advanceClock(0, 1);
    const old = (await vault.api.backupCreate())!;
    await vault.backupFile("forge", `backups/${forged.fileName}`);
    await vault.backupFile("old_format", `backups/${old.fileName}`);
    const other = await newCoreVault();
    await other.advanceClock(0, 3);
    const theirs = await withBackup(other);
    await vault.backupFile("take", `backups/${theirs.fileName}`, { from: other.id });
    const { user } = await renderApp(vault.api, "nl");
    const tab = await openBackups(user);

    const forgedRow = rows(tab).find((r) => r.dataset.status === "unauthenticated")!;
    expect(forgedRow).toHaveAttribute("data-file-name", forged.fileName);
    expect(within(forgedRow).getByTestId("backup-status")).toHaveTextContent("Niet echt");
    expect(within(forgedRow).getByTestId("backup-status-text")).toHaveTextContent(
      "Van dit bestand is niet aan te tonen dat deze kluis het heeft gemaakt: het is gewijzigd of vervalst. Het wordt nooit hersteld.",
    );
    expect(within(forgedRow).queryByTestId("backup-drill")).toBeNull();
    expect(within(forgedRow).queryByTestId("backup-restore")).toBeNull();

    // An older format's header tells neither its date nor its kind.
    const oldRow = rows(tab).find((r) => r.dataset.status === "old_format")!;
    expect(oldRow).toHaveAttribute("data-file-name", old.fileName);
    expect(oldRow).toHaveTextContent("Datum onbekend");
    expect(within(oldRow).getByTestId("backup-status")).toHaveTextContent("Ouder formaat");
    expect(within(oldRow).getByTestId("backup-status-text")).toHaveTextContent("hij wordt niet hersteld. Maak een nieuwe back-up.");
    expect(within(oldRow).queryByTestId("backup-restore")).toBeNull();
    // This vault's authentic backups come first, and only they can be tested and restored.
    const statuses = rows(tab).map((r) => r.dataset.status);
    expect(statuses).toEqual(expect.arrayContaining(["ok", "unauthenticated", "old_format", "other_vault"]));
    expect(statuses.lastIndexOf("ok")).toBeLessThan(statuses.findIndex((x) => x !== "ok"));
    for (const r of rows(tab)) expect(within(r).queryByTestId("backup-restore") !== null).toBe(r.dataset.status === "ok");
    expect(rows(tab)[0]).toHaveAttribute("data-file-name", ok.fileName);

    // The core refuses them whatever the screen offers, and says why.
    await expect(vault.api.backupRestore(forged.fileName, vault.password, null)).rejects.toMatchObject({ code: "backup.unauthenticated" });
    await expect(vault.api.backupDrill(old.fileName, null, vault.recoveryKey)).rejects.toMatchObject({ code: "backup.old_format" });
    await expect(vault.api.backupRestore(theirs.fileName, vault.password, null)).rejects.toMatchObject({ code: "backup.foreign_vault" });
    expect((await vault.api.sessionInfo()).username).toBe(vault.users.administrator);

    // Opened from elsewhere, a forged file is refused with words for it.
    await vault.backupFile("copy", `backups/${forged.fileName}`, { to: "stick/forged.kluisbackup" });
    await vault.backupFile("copy", `backups/${old.fileName}`, { to: "stick/old.kluisbackup" });
    await vault.dialogs({ file: "stick/forged.kluisbackup" });
    await user.click(within(tab).getByTestId("backups-open-file-restore"));
    const dialog = within(await screen.findByTestId("backup-dialog"));
    await user.type(dialog.getByTestId("backup-password"), vault.password);
    await user.click(dialog.getByTestId("backup-confirm-replace"));
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-error")).toHaveTextContent(
      "Van dit back-upbestand is niet aan te tonen dat deze kluis het heeft gemaakt: het is gewijzigd of vervalst. Er is niets hersteld; gebruik een andere back-up.",
    );
    await vault.dialogs({ file: "stick/old.kluisbackup" });
    await user.click(dialog.getByTestId("backup-submit"));
    await waitFor(() => expect(dialog.getByTestId("backup-error")).toHaveTextContent("gemaakt met een eerdere versie van Kluis"));
    expect((await vault.api.sessionInfo()).username).toBe(vault.users.administrator);
    expect(screen.queryByTestId("restored-screen")).toBeNull();
  });

  it("a current administrator opens backups made before their time", async () => {
    const vault = await asAdmin();
    const backup = await withBackup(vault);
    // Jan becomes an administrator after the backup was made (and gets the backup key from the
    // administrator who gives it), and signs in.
    const jan = (await vault.api.usersList()).find((u) => u.username === vault.users.user)!;
    await vault.api.userSetAccess(jan.id, { roles: ["administrator"], mayDelete: null });
    await vault.signInAs("user");
    await expect(vault.api.backupDrill(backup.fileName, vault.password, null)).resolves.toMatchObject({ replaced: false });
    await expect(vault.api.backupDrill(backup.fileName, "not his password", null)).rejects.toMatchObject({ code: "auth.failed" });
    await expect(vault.api.backupDrill(backup.fileName, null, vault.recoveryKey)).resolves.toMatchObject({ replaced: false });
    await expect(vault.api.backupDrill(backup.fileName, null, "not a key")).rejects.toMatchObject({ code: "auth.recovery_key_invalid" });
    await expect(vault.api.backupDrill("kluis-gone.kluisbackup", vault.password, null)).rejects.toMatchObject({ code: "record.not_found" });
  });

  it("a restore needs the confirmation, keeps who may sign in as it is now, erases again and ends at the sign-in screen", async () => {
    const vault = await withOfficer();
    const anna = await vault.api.personCreate(personInput("Anna", "Jansen"));
    await vault.api.personCreate(personInput("Piet", "Bakker"));
    const backup = await withBackup(vault);
    // After the backup: Anna is erased, someone new is added, the privacy officer is disabled and
    // anne changes her password.
    await vault.erase(anna.id);
    await vault.api.personCreate(personInput("Kees", "Visser"));
    const sanne = (await vault.api.usersList()).find((u) => u.username === "sanne")!;
    await vault.api.userSetActive(sanne.id, false);
    await vault.api.changePassword(vault.password, NEW_PASSWORD);
    let restores = 0;
    const { user } = await renderApp({ ...vault.api, backupRestore: (...args) => (restores++, vault.api.backupRestore(...args)) });
    const tab = await openBackups(user);

    expect(rows(tab)[0]).toHaveAttribute("data-file-name", backup.fileName);
    await user.click(within(rows(tab)[0]!).getByTestId("backup-restore"));
    const dialog = within(await screen.findByTestId("backup-dialog"));
    expect(dialog.getByText("Restore a backup", { selector: "h2" })).toBeInTheDocument();
    const warning = dialog.getByTestId("backup-restore-warning");
    expect(warning).toHaveTextContent("The data comes back as it was on");
    expect(warning).toHaveTextContent("What was added or changed since then is gone.");
    expect(warning).toHaveTextContent(
      "Who may sign in, their roles and passwords, the settings and the audit trail stay as they are now: a removed or disabled colleague stays out, a changed password stays changed.",
    );
    expect(warning).toHaveTextContent("Everyone erased since then is erased again.");
    expect(warning).toHaveTextContent("The database gets a new key, and the vault it replaces is deleted once the restored one has been checked.");
    expect(warning).toHaveTextContent("You sign in again with your current password.");
    expect(warning).not.toHaveTextContent("kluis.db.before-restore");

    // Without the confirmation nothing is sent.
    await user.type(dialog.getByTestId("backup-password"), NEW_PASSWORD);
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-confirm-replace-error")).toHaveTextContent("Tick this box to restore.");
    expect(dialog.getByTestId("backup-confirm-replace")).toHaveFocus();
    expect(restores).toBe(0);

    // The password of the backup's day is refused, with the session still open.
    await user.click(dialog.getByTestId("backup-confirm-replace"));
    await user.clear(dialog.getByTestId("backup-password"));
    await user.type(dialog.getByTestId("backup-password"), vault.password);
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-password-error")).toHaveTextContent("This is not your current password.");
    expect((await vault.api.sessionInfo()).username).toBe("anne");

    await user.type(dialog.getByTestId("backup-password"), NEW_PASSWORD);
    await user.click(dialog.getByTestId("backup-submit"));
    const screenOf = await screen.findByTestId("restored-screen");
    const result = within(screenOf).getByTestId("backup-result");
    expect(result).toHaveAttribute("data-replaced", "true");
    expect(result).toHaveTextContent("The backup has been restored");
    expect(result).toHaveTextContent("The data is back as it was on");
    expect(within(result).getByTestId("backup-result-people")).toHaveTextContent("1");
    expect(within(result).getByTestId("backup-result-erasures")).toHaveTextContent("1 person erased since the backup was erased again.");
    expect(within(result).getByTestId("backup-result-stayed")).toHaveTextContent(
      "Who may sign in, their roles and passwords, the settings and the audit trail stayed as they were.",
    );
    expect(within(result).queryByTestId("backup-result-ledger")).toBeNull();
    expect(within(result).getByTestId("backup-result-sign-in")).toHaveTextContent("Sign in again with your current password.");
    expect(result).not.toHaveTextContent("kluis.db.before-restore");
    await expect(vault.api.sessionInfo()).rejects.toMatchObject({ code: "session.locked" });

    await user.click(within(result).getByTestId("backup-result-close"));
    expect(await screen.findByTestId("signin-screen")).toBeInTheDocument();
    // The password as it was on the backup's day no longer works; today's does.
    await user.clear(screen.getByTestId("signin-username"));
    await user.type(screen.getByTestId("signin-username"), "anne");
    await user.type(screen.getByTestId("signin-password"), vault.password);
    await user.click(screen.getByTestId("signin-submit"));
    expect(await screen.findByTestId("signin-error")).toHaveTextContent("Wrong username or password.");
    await user.clear(screen.getByTestId("signin-password"));
    await user.type(screen.getByTestId("signin-password"), NEW_PASSWORD);
    await user.click(screen.getByTestId("signin-submit"));
    expect(await screen.findByTestId("nav-settings")).toBeInTheDocument();
    // Anna stays erased, Kees (added after the backup) is gone, Piet is back; sanne stays disabled.
    expect(await names(vault.api)).toEqual(["Piet Bakker"]);
    expect((await vault.api.usersList()).find((u) => u.username === "sanne")?.active).toBe(false);
  });

  it("refuses a restore with the recovery key when no vault can be read: only the command line may, after confirming", async () => {
    const vault = await asAdmin();
    await withBackup(vault);
    // The database's first page is damaged while signed in: the vault cannot be read any more.
    await vault.tamper("db_page", 0);
    const { user } = await renderApp(vault.api, "nl");
    const tab = await openBackups(user);
    const [row] = rows(tab);
    expect(row).toHaveTextContent("Handmatig");
    await user.click(within(row!).getByTestId("backup-restore"));
    const dialog = within(await screen.findByTestId("backup-dialog"));
    expect(dialog.getByText("Een back-up herstellen", { selector: "h2" })).toBeInTheDocument();
    expect(dialog.getByLabelText("Je wachtwoord")).toBeInTheDocument();
    expect(dialog.getByTestId("backup-restore-warning")).toHaveTextContent("Iedereen die sindsdien is gewist, wordt opnieuw gewist.");
    expect(dialog.getByTestId("backup-restore-warning")).toHaveTextContent("Je logt opnieuw in met je huidige wachtwoord.");
    await user.click(dialog.getByTestId("backup-use-recovery"));
    await user.type(dialog.getByTestId("backup-recovery-key"), vault.recoveryKey);
    await user.click(dialog.getByTestId("backup-confirm-replace"));
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-error")).toHaveTextContent(
      "Er is hier geen kluis te lezen, dus wissingen van na deze back-up kunnen niet opnieuw worden toegepast",
    );
    expect(dialog.getByTestId("backup-error")).toHaveTextContent('kluis backup restore --recovery --confirm "gewiste personen mogen terugkomen"');
    expect(screen.queryByTestId("restored-screen")).toBeNull();
  });

  it("warns after a restore from the command line, where no vault could be read, that the backup's own users came back", async () => {
    // Only the command line restores where no vault could be read; the window shows its report.
    // A real restore, its report marked as such a restore's.
    const vault = await asAdmin();
    await withBackup(vault);
    const api: KluisApi = {
      ...vault.api,
      backupRestore: async (...args) => {
        const report = await vault.api.backupRestore(...args);
        return report && { ...report, erasuresReapplied: [], ledgerUnavailable: true };
      },
    };
    const { user } = await renderApp(api, "nl");
    const tab = await openBackups(user);
    await user.click(within(rows(tab)[0]!).getByTestId("backup-restore"));
    const dialog = within(await screen.findByTestId("backup-dialog"));
    await user.type(dialog.getByTestId("backup-password"), vault.password);
    await user.click(dialog.getByTestId("backup-confirm-replace"));
    await user.click(dialog.getByTestId("backup-submit"));
    const result = await screen.findByTestId("backup-result");
    expect(result).toHaveTextContent("De back-up is hersteld");
    expect(within(result).getByTestId("backup-result-ledger")).toHaveTextContent(
      "Er was geen kluis te lezen: de gebruikers uit de back-up zijn teruggekomen en wissingen van na de back-up konden niet opnieuw worden toegepast.",
    );
    expect(within(result).queryByTestId("backup-result-stayed")).toBeNull();
    expect(within(result).getByTestId("backup-result-sign-in")).toHaveTextContent("Log in met het wachtwoord dat je had toen de back-up werd gemaakt.");
    await user.click(within(result).getByTestId("backup-result-close"));
    expect(await screen.findByTestId("signin-screen")).toBeInTheDocument();
  });

  it("shows a stale last backup as a warning, and a week-old one as a problem", async () => {
    const vault = await asAdmin();
    await vault.api.backupSetFolder(true);
    // Made by the core's clock three days and an hour ago.
    await vault.advanceClock(-3, -60);
    await vault.api.backupCreate();
    await vault.advanceClock(3, 60);
    const { user } = await renderApp(vault.api, "nl");
    let tab = await openBackups(user);
    const last = () => within(tab).getByTestId("backups-last");
    expect(last()).toHaveAttribute("data-state", "warning");
    expect(within(last()).getByTestId("backups-last-age")).toHaveTextContent("3 dagen geleden");
    expect(last()).toHaveTextContent("Waarschuwing");
    expect(last()).toHaveTextContent("Ouder dan een dag.");

    // A backup put back nine days: the last one is older than a week.
    await vault.advanceClock(-9);
    await vault.api.backupCreate();
    await vault.advanceClock(9);
    await user.click(screen.getByTestId("settings-tab-account"));
    await user.click(screen.getByTestId("settings-tab-backups"));
    tab = await screen.findByTestId("backups-tab");
    await waitFor(() => expect(last()).toHaveAttribute("data-state", "problem"));
    expect(last()).toHaveTextContent("Probleem");
    expect(last()).toHaveTextContent("Ouder dan een week");
  });

  it("has no Backups or Health tab for someone who does not administer Kluis, and the core refuses them", async () => {
    const vault = await coreVault("seeded");
    await vault.signInAs("user");
    const { user } = await renderApp(vault.api);
    await user.click(screen.getByTestId("nav-settings"));
    expect(screen.getByTestId("settings-tab-account")).toBeInTheDocument();
    expect(screen.queryByTestId("settings-tab-backups")).toBeNull();
    expect(screen.queryByTestId("settings-tab-health")).toBeNull();

    const denied = { code: "access.denied" };
    await expect(vault.api.backupOverview()).rejects.toMatchObject(denied);
    await expect(vault.api.healthReport()).rejects.toMatchObject(denied);
    await expect(vault.api.backupCreate()).rejects.toMatchObject(denied);
    await expect(vault.api.backupSetFolder(true)).rejects.toMatchObject(denied);
    await expect(vault.api.backupSetFolder(false)).rejects.toMatchObject(denied);
    await expect(vault.api.backupDrill(null, vault.password, null)).rejects.toMatchObject(denied);
    await expect(vault.api.backupRestore(null, vault.password, null)).rejects.toMatchObject(denied);
    await vault.signInAs("administrator");
    expect(await vault.api.backupOverview()).toMatchObject({ lastAt: null, folder: null });
  });

  it("shows the backups read-only to someone who may only view the administration", async () => {
    const vault = await asAdmin();
    const backup = await withBackup(vault);
    const viewer = await vault.api.roleCreate({
      name: "Meekijker",
      grants: [
        { category: "admin", action: "view" },
        { category: "contact", action: "view" },
      ],
    });
    const jan = (await vault.api.usersList()).find((u) => u.username === vault.users.user)!;
    await vault.api.userSetAccess(jan.id, { roles: [viewer.key], mayDelete: null });
    await vault.signInAs("user");
    const { user } = await renderApp(vault.api);
    const tab = await openBackups(user);
    expect(within(tab).getByTestId("backups-read-only")).toHaveTextContent("making, testing and restoring them needs the right to manage Kluis");
    expect(rows(tab)).toHaveLength(1);
    expect(within(tab).queryByTestId("backups-create")).toBeNull();
    expect(within(tab).queryByTestId("backups-choose-folder")).toBeNull();
    expect(within(tab).queryByTestId("backup-drill")).toBeNull();
    expect(within(tab).queryByTestId("backups-open-file-restore")).toBeNull();
    expect(screen.getByTestId("settings-tab-health")).toBeInTheDocument();
    await expect(vault.api.backupCreate()).rejects.toMatchObject({ code: "access.denied" });
    await expect(vault.api.backupRestore(backup.fileName, vault.password, null)).rejects.toMatchObject({ code: "access.denied" });
  });
});

describe("Settings > Backups: progress and cancelling (real core)", { timeout: 30_000 }, () => {
  it("shows a backup's progress, and a cancelled backup leaves no file and says so calmly", async () => {
    const vault = await asAdmin();
    await vault.api.backupSetFolder(true);
    const audit = (await vault.api.healthReport()).auditEntries;
    let cancels = 0;
    const { user } = await renderApp({ ...vault.api, jobCancel: () => (cancels++, vault.api.jobCancel()) });
    const tab = await openBackups(user);
    await vault.jobs.hold(true);

    await user.click(within(tab).getByTestId("backups-create"));
    const progress = await within(tab).findByTestId("backup-progress");
    const phase = within(progress).getByTestId("backup-progress-phase");
    const bar = within(progress).getByRole("progressbar");
    // Copying the database starts unmeasured: a moving bar, no figure.
    expect(await vault.jobs.held()).toMatchObject({ last: { phase: "snapshot", done: 0, total: 0 } });
    await waitFor(() => expect(phase).toHaveTextContent("Copying the database…"));
    expect(bar).not.toHaveAttribute("aria-valuenow");
    expect(within(progress).queryByTestId("backup-progress-percent")).toBeNull();
    expect(within(tab).queryByTestId("backups-create")).toBeNull();
    expect(progress).toHaveTextContent("Cancelling is safe: nothing is changed until the job is complete.");

    // Sealing goes by bytes: the bar and the percent follow.
    await vault.jobs.stepTo("seal");
    await waitFor(() => expect(phase).toHaveTextContent("Encrypting the backup…"));
    const at = (await vault.jobs.step()).last!;
    const percent = Math.floor((at.done / at.total) * 100);
    expect(percent).toBeGreaterThan(0);
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", String(percent)));
    expect(within(progress).getByTestId("backup-progress-percent")).toHaveTextContent(`${percent}%`);

    await user.click(within(progress).getByTestId("backup-progress-cancel"));
    const notice = await within(tab).findByTestId("backups-notice");
    expect(notice).toHaveTextContent("Cancelled. Nothing was changed.");
    // News, not a failure: no red banner, no success tick.
    expect(notice).toHaveClass("info");
    expect(within(tab).queryByTestId("form-error")).toBeNull();
    expect(within(tab).queryByTestId("backup-progress")).toBeNull();
    expect(within(tab).getByTestId("backups-create")).toBeEnabled();
    expect(cancels).toBe(1);
    // Nothing was made: no file, no time of the last backup, no audit entry.
    expect(await vault.api.backupOverview()).toMatchObject({ backups: [], lastAt: null });
    expect((await vault.api.healthReport()).auditEntries).toBe(audit);
    expect(rows(tab)).toHaveLength(0);
    expect(within(tab).getByTestId("backups-last")).toHaveTextContent("No backup yet");
  });

  it("a backup run to the end shows its progress, then its result", async () => {
    const vault = await asAdmin();
    await vault.api.backupSetFolder(true);
    const { user } = await renderApp(vault.api);
    const tab = await openBackups(user);
    await vault.jobs.hold(true);

    await user.click(within(tab).getByTestId("backups-create"));
    const progress = await within(tab).findByTestId("backup-progress");
    await waitFor(() => expect(within(progress).getByTestId("backup-progress-phase")).toHaveTextContent("Copying the database…"));
    await vault.jobs.stepTo("seal");
    await waitFor(() => expect(within(progress).getByTestId("backup-progress-phase")).toHaveTextContent("Encrypting the backup…"));

    await vault.jobs.hold(false);
    const notice = await within(tab).findByTestId("backups-notice");
    const [file] = (await vault.api.backupOverview()).backups;
    expect(notice).toHaveTextContent(`Backup made: ${file!.fileName}.`);
    expect(notice).toHaveClass("success");
    expect(within(tab).queryByTestId("backup-progress")).toBeNull();
    await waitFor(() => expect(rows(tab)).toHaveLength(1));
    // The copy, then the sealing, reported up to all of its bytes.
    const sent = vault.jobs.sent as JobProgress[];
    const phases = sent.map((e) => e.phase);
    expect(phases[0]).toBe("snapshot");
    expect(phases.slice(phases.indexOf("seal")).every((p) => p === "seal")).toBe(true);
    const lastSent = sent.at(-1)!;
    expect(lastSent.phase).toBe("seal");
    expect(lastSent.done).toBe(lastSent.total);
  });

  it("a test restore can be cancelled while it decrypts, then tried again to its result", async () => {
    const vault = await asAdmin();
    const backup = await withBackup(vault);
    const { user } = await renderApp(vault.api);
    const tab = await openBackups(user);
    await user.click(within(rows(tab)[0]!).getByTestId("backup-drill"));
    const dialog = within(await screen.findByTestId("backup-dialog"));
    await user.type(dialog.getByTestId("backup-password"), vault.password);
    await vault.jobs.hold(true);

    await user.click(dialog.getByTestId("backup-submit"));
    const progress = await dialog.findByTestId("backup-dialog-progress");
    const first = (await vault.jobs.held()).last!;
    expect(first.phase).toBe("open");
    await waitFor(() => expect(within(progress).getByTestId("backup-dialog-progress-phase")).toHaveTextContent("Decrypting the backup…"));
    expect(within(progress).getByRole("progressbar")).toHaveAttribute("aria-valuenow", String(Math.floor((first.done / first.total) * 100)));
    // The dialog itself cannot be closed while it works; the job's own Cancel can stop it.
    expect(dialog.getByRole("button", { name: "Close" })).toBeDisabled();
    expect(dialog.getByTestId("backup-submit")).toBeDisabled();

    await user.click(within(progress).getByTestId("backup-dialog-progress-cancel"));
    expect(await dialog.findByTestId("backup-dialog-cancelled")).toHaveTextContent("Cancelled. Nothing was changed.");
    expect(dialog.queryByTestId("backup-dialog-progress")).toBeNull();
    expect(dialog.queryByTestId("backup-error")).toBeNull();
    expect(dialog.queryByTestId("backup-result")).toBeNull();
    expect(dialog.getByRole("button", { name: "Close" })).toBeEnabled();
    expect(dialog.getByTestId("backup-submit")).toBeEnabled();
    expect((await vault.api.backupOverview()).backups.map((f) => f.fileName)).toEqual([backup.fileName]);

    // Tried again, it runs through its checks to the result.
    await user.click(dialog.getByTestId("backup-submit"));
    await vault.jobs.stepTo("check");
    await waitFor(() =>
      expect(dialog.getByTestId("backup-dialog-progress-phase")).toHaveTextContent("Checking integrity, audit trail and consent ledger…"),
    );
    expect(dialog.queryByTestId("backup-dialog-cancelled")).toBeNull();
    await vault.jobs.hold(false);
    expect(await dialog.findByTestId("backup-result")).toHaveTextContent("The backup opens and passed every check");
    expect(dialog.queryByTestId("backup-dialog-progress")).toBeNull();
  });

  it("a restore cancelled while it applies later erasures again replaces nothing", async () => {
    const vault = await withOfficer();
    const anna = await vault.api.personCreate(personInput("Anna", "Jansen"));
    await vault.api.personCreate(personInput("Piet", "Bakker"));
    await withBackup(vault);
    // After the backup: Anna is erased, and someone new is added.
    await vault.erase(anna.id);
    await vault.api.personCreate(personInput("Kees", "Visser"));
    const people = await names(vault.api);
    const { user } = await renderApp(vault.api);
    const tab = await openBackups(user);

    await user.click(within(rows(tab)[0]!).getByTestId("backup-restore"));
    const dialog = within(await screen.findByTestId("backup-dialog"));
    await user.type(dialog.getByTestId("backup-password"), vault.password);
    await user.click(dialog.getByTestId("backup-confirm-replace"));
    await vault.jobs.hold(true);
    await user.click(dialog.getByTestId("backup-submit"));
    const progress = await dialog.findByTestId("backup-dialog-progress");
    await vault.jobs.stepTo("reapply");
    await waitFor(() => expect(within(progress).getByTestId("backup-dialog-progress-phase")).toHaveTextContent("Erasing again everyone erased since…"));

    await user.click(within(progress).getByTestId("backup-dialog-progress-cancel"));
    expect(await dialog.findByTestId("backup-dialog-cancelled")).toHaveTextContent("Cancelled. Nothing was changed.");
    // No restore: Kees (added after the backup) still there.
    expect(screen.queryByTestId("restored-screen")).toBeNull();
    expect((await vault.api.sessionInfo()).username).toBe("anne");
    expect(await names(vault.api)).toEqual(people);
    // The person can close the dialog now.
    await user.click(dialog.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("backup-dialog")).toBeNull());
  });
});

describe("Signing out: the automatic backup (real core)", { timeout: 30_000 }, () => {
  it("shows the sign-out backup's progress and lets the person skip it: signed out, no file", async () => {
    const vault = await asAdmin();
    await vault.api.backupSetFolder(true);
    const { user } = await renderApp(vault.api, "nl");
    await vault.jobs.hold(true);

    await user.click(screen.getByTestId("sign-out"));
    const dialog = await screen.findByTestId("sign-out-backup");
    expect(dialog).toHaveTextContent("Uitloggen");
    expect(dialog).toHaveTextContent("Kluis maakt bij het uitloggen een back-up in je back-upmap.");
    await vault.jobs.stepTo("seal");
    const progress = within(dialog).getByTestId("sign-out-backup-progress");
    await waitFor(() => expect(within(progress).getByTestId("sign-out-backup-progress-phase")).toHaveTextContent("Back-up versleutelen…"));
    expect(progress).toHaveTextContent("Overslaan is veilig");

    await user.click(within(progress).getByTestId("sign-out-backup-progress-cancel"));
    expect(await screen.findByTestId("signin-screen")).toBeInTheDocument();
    expect(screen.queryByTestId("sign-out-backup")).toBeNull();
    await expect(vault.api.sessionInfo()).rejects.toMatchObject({ code: "session.locked" });
    // Skipped: no file, no time of the last backup.
    await vault.signInAs("administrator");
    expect(await vault.api.backupOverview()).toMatchObject({ backups: [], lastAt: null });
  });

  it("a sign-out backup watched to the end leaves one file; without a folder there is nothing to show", async () => {
    const vault = await asAdmin();
    await vault.api.backupSetFolder(true);
    const { user } = await renderApp(vault.api);
    await user.click(screen.getByTestId("sign-out"));
    expect(await screen.findByTestId("signin-screen")).toBeInTheDocument();
    await vault.signInAs("administrator");
    const made = await vault.api.backupOverview();
    expect(made.backups.map((f) => f.kind)).toEqual(["sign_out"]);

    await vault.api.backupSetFolder(false);
    const heard = vault.jobs.sent.length;
    await user.type(screen.getByTestId("signin-username"), vault.users.administrator);
    await user.type(screen.getByTestId("signin-password"), vault.password);
    await user.click(screen.getByTestId("signin-submit"));
    await user.click(await screen.findByTestId("sign-out"));
    expect(await screen.findByTestId("signin-screen")).toBeInTheDocument();
    expect(screen.queryByTestId("sign-out-backup")).toBeNull();
    expect(vault.jobs.sent).toHaveLength(heard);
    await vault.signInAs("administrator");
    expect((await vault.api.backupOverview()).lastAt).toBe(made.lastAt);
  });
});
