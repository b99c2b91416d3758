// Settings > Backups: making a backup (into the folder, or one the dialog picks), choosing and
// turning off the folder for automatic backups, files that are not this vault's authentic backups
// (another vault's, altered or forged, an older format: listed, never offered for restore), the
// restore drill with the signed-in administrator's own current password or the recovery key, the
// restore (confirmed, then signed out; who may sign in stays as it is, everyone erased since is
// erased again), the read-only view and the core's refusals; driven through the UI against the
// in-memory fake.
import { screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { FAKE_BACKUP_FOLDER, FAKE_PASSWORD, FAKE_RECOVERY_KEY, FakeApi } from "$lib/api/fake";
import type { Person } from "$lib/api/types";
import { startApp, stepJob, stepJobTo } from "./helpers";

type User = Awaited<ReturnType<typeof startApp>>["user"];

const DAY = 86_400_000;

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

/** As the administrator, whoever is signed in. */
async function asAdmin<T>(fake: FakeApi, run: () => Promise<T>): Promise<T> {
  const who = fake.sessionUserId;
  fake.sessionUserId = 1;
  try {
    return await run();
  } finally {
    fake.sessionUserId = who;
  }
}

function person(fake: FakeApi, givenName: string, familyName: string): Promise<Person> {
  return asAdmin(fake, () =>
    fake.personCreate({
      givenName, tussenvoegsel: "", familyName, salutation: null, dateOfBirth: null, organisationId: null, jobTitle: null,
      preferredLanguage: null, source: null, ownerId: null, notes: null, emails: [], phones: [], addresses: [], tags: [],
    }),
  );
}

/** A folder for automatic backups with one backup in it, made by hand. */
async function withBackup(fake: FakeApi) {
  fake.backupFolder = FAKE_BACKUP_FOLDER;
  const info = await asAdmin(fake, () => fake.backupCreate());
  return info!;
}

describe("Settings > Backups", () => {
  it("makes a backup now: into a folder the dialog picks, then into the chosen folder, listed", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    const tab = await openBackups(user);
    const last = within(tab).getByTestId("backups-last");
    expect(last).toHaveAttribute("data-state", "problem");
    expect(last).toHaveTextContent("No backup yet");
    expect(last).toHaveTextContent("Problem");
    expect(within(tab).getByTestId("backups-folder")).toHaveAttribute("data-state", "off");
    expect(within(tab).getByTestId("backups-empty")).toHaveTextContent("With automatic backups off, no backups are listed here.");
    expect(within(tab).getByTestId("backups-create")).toHaveAccessibleDescription("No folder is chosen: Kluis asks where to save this backup.");

    // No folder chosen: the core asks where (the fake's dialog answers its folder).
    await user.click(within(tab).getByTestId("backups-create"));
    const notice = await within(tab).findByTestId("backups-notice");
    const first = fake.backupFiles[0]!;
    expect(notice).toHaveTextContent(`Backup saved as ${first.fileName} in ${FAKE_BACKUP_FOLDER}.`);
    expect(first).toMatchObject({ folder: FAKE_BACKUP_FOLDER, kind: "manual" });
    expect(first.fileName).toMatch(/^kluis-\d{8}-\d{6}-manual\.kluisbackup$/);
    await waitFor(() => expect(within(tab).getByTestId("backups-last")).toHaveAttribute("data-state", "ok"));
    expect(within(tab).getByTestId("backups-last")).toHaveTextContent("OK");
    // Not a folder for automatic backups: nothing listed yet.
    expect(rows(tab)).toHaveLength(0);

    // Choosing that folder lists what is in it.
    await user.click(within(tab).getByTestId("backups-choose-folder"));
    await waitFor(() => expect(rows(tab)).toHaveLength(1));
    const [row] = rows(tab);
    expect(row).toHaveAttribute("data-file-name", first.fileName);
    expect(row).toHaveTextContent("By hand");
    expect(row).toHaveTextContent(/\d+(\.\d)? MB/);
    expect(within(row!).queryByTestId("backup-other-vault")).toBeNull();

    // With a folder, "Back up now" goes straight into it, and the newest comes first.
    fake.advanceClock(1);
    await user.click(within(tab).getByTestId("backups-create"));
    await waitFor(() => expect(rows(tab)).toHaveLength(2));
    const newest = fake.backupFiles[1]!;
    expect(rows(tab)[0]).toHaveAttribute("data-file-name", newest.fileName);
    expect(within(tab).getByTestId("backups-notice")).toHaveTextContent(`Backup made: ${newest.fileName}.`);
    expect(fake.backupLastAt).toBe(newest.createdAt);
  });

  it("chooses the folder for automatic backups and turns them off", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    const tab = await openBackups(user);
    const folder = () => within(tab).getByTestId("backups-folder");
    expect(within(folder()).getByTestId("backups-choose-folder")).toHaveTextContent("Choose folder…");
    expect(within(folder()).queryByTestId("backups-folder-off")).toBeNull();

    // The dialog closed: nothing changes, nothing to say.
    fake.folderDialog = null;
    await user.click(within(folder()).getByTestId("backups-choose-folder"));
    await waitFor(() => expect(fake.calls).toContain("backup_set_folder"));
    await waitFor(() => expect(within(folder()).getByTestId("backups-choose-folder")).toBeEnabled());
    expect(fake.backupFolder).toBeNull();
    expect(within(tab).queryByTestId("backups-notice")).toBeNull();

    // A folder that takes no file is refused with the core's text.
    fake.folderDialog = "/media/anne/READONLY";
    fake.backupWriteFault = "backup.folder_unwritable";
    await user.click(within(folder()).getByTestId("backups-choose-folder"));
    expect(await within(tab).findByTestId("form-error")).toHaveTextContent("The backup folder cannot be written to");
    expect(fake.backupFolder).toBeNull();

    fake.backupWriteFault = null;
    fake.folderDialog = FAKE_BACKUP_FOLDER;
    await user.click(within(folder()).getByTestId("backups-choose-folder"));
    expect(await within(tab).findByTestId("backups-notice")).toHaveTextContent(`Automatic backups now go to ${FAKE_BACKUP_FOLDER}.`);
    expect(fake.backupFolder).toBe(FAKE_BACKUP_FOLDER);
    expect(folder()).toHaveAttribute("data-state", "on");
    expect(within(folder()).getByTestId("backups-folder-path")).toHaveTextContent(FAKE_BACKUP_FOLDER);
    expect(folder()).toHaveTextContent("the newest of each day for 7 days and of each month for 12 months");
    expect(within(folder()).getByTestId("backups-choose-folder")).toHaveTextContent("Choose another folder…");
    expect(within(tab).getByTestId("backups-empty")).toHaveTextContent("No backups in this folder yet.");

    await user.click(within(folder()).getByTestId("backups-folder-off"));
    await waitFor(() => expect(within(tab).getByTestId("backups-notice")).toHaveTextContent("Automatic backups are off. The backups already made stay in the folder."));
    expect(fake.backupFolder).toBeNull();
    expect(folder()).toHaveAttribute("data-state", "off");
    expect(within(folder()).getByTestId("backups-folder-state")).toHaveTextContent("Off");
  });

  it("makes automatic backups at sign-out and daily, and thins old ones but never those made by hand", async () => {
    const fake = new FakeApi({ preset: "admin" });
    fake.backupFolder = FAKE_BACKUP_FOLDER;
    fake.setClock(Date.UTC(2026, 10, 1, 8));
    await fake.backupCreate();
    // Twenty days of signing in (a daily backup) and out (one at sign-out).
    for (let day = 1; day <= 20; day++) {
      fake.setClock(Date.UTC(2026, 10, 1 + day, 8));
      await fake.signIn("anne", FAKE_PASSWORD);
      fake.advanceClock(9);
      await fake.signOut();
    }
    const inFolder = fake.backupFiles.filter((f) => f.folder === FAKE_BACKUP_FOLDER);
    expect(inFolder.filter((f) => f.kind === "manual")).toHaveLength(1);
    // The newest of each of the last 7 days (November's newest is among them).
    const automatic = inFolder.filter((f) => f.kind !== "manual");
    expect(automatic.map((f) => f.kind)).toEqual(Array(7).fill("sign_out"));
    expect(automatic.map((f) => f.createdAt.slice(0, 10)).sort()).toEqual(
      ["2026-11-15", "2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21"],
    );
    // No second daily backup the same day.
    const count = fake.backupFiles.length;
    await fake.signIn("anne", FAKE_PASSWORD);
    expect(fake.backupFiles.length).toBe(count);
    // Without a folder, nothing is made by itself.
    fake.backupFolder = null;
    await fake.signOut();
    expect(fake.backupFiles.length).toBe(count);
  });

  it("a test restore asks for the administrator's current password, refuses an old one and shows the result", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await person(fake, "Anna", "Jansen");
    await person(fake, "Piet", "Bakker");
    const backup = await withBackup(fake);
    // Anne's password changed after the backup: the backup opens with her password as it is now.
    fake.users.find((u) => u.username === "anne")!.password = "Nieuw-Wachtwoord-Tulp-77";
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
    expect(dialog.getByTestId("backup-password")).toHaveAccessibleDescription("The password you (anne) sign in with now.");
    expect(dialog.queryByTestId("backup-confirm-replace")).toBeNull();

    // Empty: asked for before anything is sent.
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-password-error")).toHaveTextContent("This field is required.");
    expect(fake.calls).not.toContain("backup_drill");

    // The password of the backup's day opens nothing any more.
    await user.type(dialog.getByTestId("backup-password"), FAKE_PASSWORD);
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-password-error")).toHaveTextContent(
      "This is not your current password. Type the password you sign in with.",
    );
    expect(dialog.getByTestId("backup-password")).toHaveAttribute("aria-invalid", "true");
    expect(dialog.getByTestId("backup-password")).toHaveValue("");
    expect(dialog.queryByTestId("backup-result")).toBeNull();

    await user.type(dialog.getByTestId("backup-password"), "Nieuw-Wachtwoord-Tulp-77");
    await user.click(dialog.getByTestId("backup-submit"));
    const result = await dialog.findByTestId("backup-result");
    expect(result).toHaveTextContent("The backup opens and passed every check");
    expect(within(result).getByTestId("backup-result-people")).toHaveTextContent("2");
    expect(within(result).getByTestId("backup-result-audit")).toHaveTextContent(String(fake.backupFiles[0]!.auditEntries));
    expect(result).toHaveTextContent("Nothing was changed.");
    // Nothing was replaced: still signed in, with the same people.
    expect(fake.sessionUserId).toBe(1);
    expect(fake.restores).toEqual([]);

    await user.click(dialog.getByTestId("backup-result-close"));
    await waitFor(() => expect(screen.queryByTestId("backup-dialog")).toBeNull());
  });

  it("a test restore opens with the recovery key, and tells a backup of another vault and a damaged file", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await fake.seedBackupsDemo();
    const tab = await openBackups(user);
    expect(within(tab).getByTestId("backups-last")).toHaveAttribute("data-state", "warning");

    // Another vault's backup is listed as such and offers neither a test nor a restore.
    const foreign = rows(tab).find((r) => r.dataset.status === "other_vault")!;
    expect(within(foreign).getByTestId("backup-status")).toHaveTextContent("Other vault");
    expect(within(foreign).getByTestId("backup-status-text")).toHaveTextContent("This backup belongs to another vault: it is not tested or restored here.");
    expect(within(foreign).queryByTestId("backup-drill")).toBeNull();
    expect(within(foreign).queryByTestId("backup-restore")).toBeNull();

    const [newest] = rows(tab);
    expect(newest).toHaveAttribute("data-status", "ok");
    await user.click(within(newest!).getByTestId("backup-drill"));
    let dialog = within(await screen.findByTestId("backup-dialog"));
    await user.click(dialog.getByTestId("backup-use-recovery"));
    expect(dialog.queryByTestId("backup-password")).toBeNull();
    await user.type(dialog.getByTestId("backup-recovery-key"), "7K2QD-M4XHR-9PZTC-3VBWN-8GF6J-5YAEG-2RQ0M-HT7VK-XC4NP-W9D3F-6ZB1T");
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-recovery-key-error")).toHaveTextContent("This is not the recovery key of this vault.");
    await user.clear(dialog.getByTestId("backup-recovery-key"));
    await user.type(dialog.getByTestId("backup-recovery-key"), FAKE_RECOVERY_KEY.toLowerCase());
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-result")).toHaveTextContent("The backup opens and passed every check");
    expect(dialog.getByTestId("backup-result-people")).toHaveTextContent("20");
    await user.click(dialog.getByTestId("backup-result-close"));

    // Another file: the core's open dialog picks it once the password is given.
    await user.click(within(tab).getByTestId("backups-open-file-drill"));
    dialog = within(await screen.findByTestId("backup-dialog"));
    expect(dialog.getByTestId("backup-dialog-file")).toHaveTextContent("When you continue, Kluis asks which backup file to open.");
    const stick = fake.backupFiles.find((f) => f.folder !== FAKE_BACKUP_FOLDER)!;
    stick.damaged = true;
    await user.type(dialog.getByTestId("backup-password"), FAKE_PASSWORD);
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-error")).toHaveTextContent("it is not a Kluis backup, or it was changed or cut short");
    // The file on the stick turns out to be another vault's: refused before anything is opened.
    stick.damaged = false;
    const vaultId = stick.vaultId;
    stick.vaultId = "another-vault";
    await user.click(dialog.getByTestId("backup-submit"));
    await waitFor(() => expect(dialog.getByTestId("backup-error")).toHaveTextContent("This backup belongs to another vault. Nothing was changed."));
    stick.vaultId = vaultId;
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-result")).toBeInTheDocument();
  });

  it("lists an altered or forged backup and one of an older format as such, and never offers to restore them", async () => {
    const { fake, user } = await startApp({ preset: "admin", locale: "nl" });
    await fake.seedBackupsDemo();
    const tab = await openBackups(user);

    const forged = rows(tab).find((r) => r.dataset.status === "unauthenticated")!;
    expect(within(forged).getByTestId("backup-status")).toHaveTextContent("Niet echt");
    expect(within(forged).getByTestId("backup-status-text")).toHaveTextContent(
      "Van dit bestand is niet aan te tonen dat deze kluis het heeft gemaakt: het is gewijzigd of vervalst. Het wordt nooit hersteld.",
    );
    expect(within(forged).queryByTestId("backup-drill")).toBeNull();
    expect(within(forged).queryByTestId("backup-restore")).toBeNull();

    // An older format's header tells neither its date nor its kind.
    const old = rows(tab).find((r) => r.dataset.status === "old_format")!;
    expect(old).toHaveTextContent("Datum onbekend");
    expect(within(old).getByTestId("backup-status")).toHaveTextContent("Ouder formaat");
    expect(within(old).getByTestId("backup-status-text")).toHaveTextContent("hij wordt niet hersteld. Maak een nieuwe back-up.");
    expect(within(old).queryByTestId("backup-restore")).toBeNull();
    // This vault's authentic backups come first, and only they can be tested and restored.
    const statuses = rows(tab).map((r) => r.dataset.status);
    expect(statuses.lastIndexOf("ok")).toBeLessThan(statuses.findIndex((x) => x !== "ok"));
    for (const r of rows(tab)) expect(within(r).queryByTestId("backup-restore") !== null).toBe(r.dataset.status === "ok");

    // The core refuses them whatever the screen offers, and says why.
    const name = (status: string) => rows(tab).find((r) => r.dataset.status === status)!.dataset.fileName!;
    await expect(fake.backupRestore(name("unauthenticated"), FAKE_PASSWORD, null)).rejects.toMatchObject({ code: "backup.unauthenticated" });
    await expect(fake.backupDrill(name("old_format"), null, FAKE_RECOVERY_KEY)).rejects.toMatchObject({ code: "backup.old_format" });
    await expect(fake.backupRestore(name("other_vault"), FAKE_PASSWORD, null)).rejects.toMatchObject({ code: "backup.foreign_vault" });
    expect(fake.restores).toEqual([]);

    // Opened from elsewhere, a forged file is refused with words for it.
    const stick = fake.backupFiles.find((f) => f.folder !== FAKE_BACKUP_FOLDER)!;
    stick.fault = "unauthenticated";
    await user.click(within(tab).getByTestId("backups-open-file-restore"));
    const dialog = within(await screen.findByTestId("backup-dialog"));
    await user.type(dialog.getByTestId("backup-password"), FAKE_PASSWORD);
    await user.click(dialog.getByTestId("backup-confirm-replace"));
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-error")).toHaveTextContent(
      "Van dit back-upbestand is niet aan te tonen dat deze kluis het heeft gemaakt: het is gewijzigd of vervalst. Er is niets hersteld; gebruik een andere back-up.",
    );
    stick.fault = "old_format";
    await user.click(dialog.getByTestId("backup-submit"));
    await waitFor(() => expect(dialog.getByTestId("backup-error")).toHaveTextContent("gemaakt met een eerdere versie van Kluis"));
    expect(fake.sessionUserId).toBe(1);
    expect(fake.restores).toEqual([]);
  });

  it("a current administrator opens backups made before their time; one still waiting for the backup key is refused", async () => {
    const fake = new FakeApi({ preset: "admin" });
    const backup = await withBackup(fake);
    // Jan becomes an administrator after the backup was made, and signs in.
    fake.users.find((u) => u.username === "jan")!.roles = ["administrator"];
    await fake.signIn("jan", FAKE_PASSWORD);
    await expect(fake.backupDrill(backup.fileName, FAKE_PASSWORD, null)).resolves.toMatchObject({ replaced: false });
    await expect(fake.backupDrill(backup.fileName, "not his password", null)).rejects.toMatchObject({ code: "auth.failed" });
    // Until the backup key reaches him, his password opens none; the recovery key does.
    fake.keysWaiting.backup = [2];
    await expect(fake.backupDrill(backup.fileName, FAKE_PASSWORD, null)).rejects.toMatchObject({ code: "backup.not_for_user" });
    await expect(fake.backupDrill(backup.fileName, null, FAKE_RECOVERY_KEY)).resolves.toMatchObject({ replaced: false });
    await expect(fake.backupDrill(backup.fileName, null, "not a key")).rejects.toMatchObject({ code: "auth.recovery_key_invalid" });
    await expect(fake.backupDrill("kluis-gone.kluisbackup", FAKE_PASSWORD, null)).rejects.toMatchObject({ code: "record.not_found" });
    // Anne, who holds it, signs in and hands it over.
    await fake.signIn("anne", FAKE_PASSWORD);
    await fake.signIn("jan", FAKE_PASSWORD);
    await expect(fake.backupDrill(backup.fileName, FAKE_PASSWORD, null)).resolves.toMatchObject({ replaced: false });
  });

  it("a restore needs the confirmation, keeps who may sign in as it is now, erases again and ends at the sign-in screen", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    const anna = await person(fake, "Anna", "Jansen");
    const piet = await person(fake, "Piet", "Bakker");
    const backup = await withBackup(fake);
    // After the backup: Anna is erased, someone new is added, Jan is disabled and Anne changes
    // her password.
    fake.sessionUserId = 4;
    await fake.subjectErase({ personId: anna.id, requestId: null, lang: "en" });
    fake.sessionUserId = 1;
    await person(fake, "Kees", "Visser");
    await fake.userSetActive(2, false);
    await fake.changePassword(FAKE_PASSWORD, "Zomerse-Fiets-Koffie-Mantel");
    const tab = await openBackups(user);

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
    await user.type(dialog.getByTestId("backup-password"), "Zomerse-Fiets-Koffie-Mantel");
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-confirm-replace-error")).toHaveTextContent("Tick this box to restore.");
    expect(dialog.getByTestId("backup-confirm-replace")).toHaveFocus();
    expect(fake.calls).not.toContain("backup_restore");

    // The password of the backup's day is refused, with the session still open.
    await user.click(dialog.getByTestId("backup-confirm-replace"));
    await user.clear(dialog.getByTestId("backup-password"));
    await user.type(dialog.getByTestId("backup-password"), FAKE_PASSWORD);
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-password-error")).toHaveTextContent("This is not your current password.");
    expect(fake.sessionUserId).toBe(1);
    expect(fake.restores).toEqual([]);

    await user.type(dialog.getByTestId("backup-password"), "Zomerse-Fiets-Koffie-Mantel");
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
    expect(fake.sessionUserId).toBeNull();
    expect(fake.restores).toEqual([{ fileName: backup.fileName, reapplied: [anna.id] }]);
    // Anna stays erased, Kees (added after the backup) is gone, Piet is back as he was.
    expect(fake.people.map((p) => p.id)).toEqual([piet.id]);
    // Jan stays disabled; the erasure stays on the ledger.
    expect(fake.users.find((u) => u.username === "jan")?.active).toBe(false);
    expect(fake.erasures.map((e) => e.subjectRef)).toEqual([anna.id]);

    await user.click(within(result).getByTestId("backup-result-close"));
    expect(await screen.findByTestId("signin-screen")).toBeInTheDocument();
    // The password as it was on the backup's day no longer works; today's does.
    await user.type(screen.getByTestId("signin-username"), "anne");
    await user.type(screen.getByTestId("signin-password"), FAKE_PASSWORD);
    await user.click(screen.getByTestId("signin-submit"));
    expect(await screen.findByTestId("signin-error")).toHaveTextContent("Wrong username or password.");
    await user.clear(screen.getByTestId("signin-password"));
    await user.type(screen.getByTestId("signin-password"), "Zomerse-Fiets-Koffie-Mantel");
    await user.click(screen.getByTestId("signin-submit"));
    expect(await screen.findByTestId("nav-settings")).toBeInTheDocument();
  });

  it("refuses a restore with the recovery key when no vault can be read: only the command line may, after confirming", async () => {
    const { fake, user } = await startApp({ preset: "admin", locale: "nl" });
    await withBackup(fake);
    fake.vaultUnreadable = true;
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
    await user.type(dialog.getByTestId("backup-recovery-key"), FAKE_RECOVERY_KEY);
    await user.click(dialog.getByTestId("backup-confirm-replace"));
    await user.click(dialog.getByTestId("backup-submit"));
    expect(await dialog.findByTestId("backup-error")).toHaveTextContent(
      "Er is hier geen kluis te lezen, dus wissingen van na deze back-up kunnen niet opnieuw worden toegepast",
    );
    expect(dialog.getByTestId("backup-error")).toHaveTextContent('kluis backup restore --recovery --confirm "gewiste personen mogen terugkomen"');
    expect(fake.sessionUserId).toBe(1);
    expect(fake.restores).toEqual([]);
  });

  it("warns after a restore from the command line, where no vault could be read, that the backup's own users came back", async () => {
    // A restore whose report says no vault could be read (only the command line gets there).
    class CommandLineRestore extends FakeApi {
      override async backupRestore(...args: Parameters<FakeApi["backupRestore"]>) {
        const report = await super.backupRestore(...args);
        return report && { ...report, erasuresReapplied: [], ledgerUnavailable: true };
      }
    }
    const fake = new CommandLineRestore({ preset: "admin" });
    await withBackup(fake);
    const { user } = await startApp({ api: fake, locale: "nl" });
    const tab = await openBackups(user);
    await user.click(within(rows(tab)[0]!).getByTestId("backup-restore"));
    const dialog = within(await screen.findByTestId("backup-dialog"));
    await user.type(dialog.getByTestId("backup-password"), FAKE_PASSWORD);
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
    const { fake, user } = await startApp({ preset: "admin", locale: "nl" });
    fake.backupFolder = FAKE_BACKUP_FOLDER;
    fake.backupLastAt = new Date(Date.now() - 3 * DAY - 3_600_000).toISOString();
    let tab = await openBackups(user);
    const last = () => within(tab).getByTestId("backups-last");
    expect(last()).toHaveAttribute("data-state", "warning");
    expect(within(last()).getByTestId("backups-last-age")).toHaveTextContent("3 dagen geleden");
    expect(last()).toHaveTextContent("Waarschuwing");
    expect(last()).toHaveTextContent("Ouder dan een dag.");

    fake.backupLastAt = new Date(Date.now() - 9 * DAY).toISOString();
    await user.click(screen.getByTestId("settings-tab-account"));
    await user.click(screen.getByTestId("settings-tab-backups"));
    tab = await screen.findByTestId("backups-tab");
    await waitFor(() => expect(last()).toHaveAttribute("data-state", "problem"));
    expect(last()).toHaveTextContent("Probleem");
    expect(last()).toHaveTextContent("Ouder dan een week");
  });

  it("has no Backups or Health tab for someone who does not administer Kluis, and the core refuses them", async () => {
    const { fake, user } = await startApp({ preset: "user" });
    await user.click(screen.getByTestId("nav-settings"));
    expect(screen.getByTestId("settings-tab-account")).toBeInTheDocument();
    expect(screen.queryByTestId("settings-tab-backups")).toBeNull();
    expect(screen.queryByTestId("settings-tab-health")).toBeNull();

    const denied = { code: "access.denied" };
    await expect(fake.backupOverview()).rejects.toMatchObject(denied);
    await expect(fake.healthReport()).rejects.toMatchObject(denied);
    await expect(fake.backupCreate()).rejects.toMatchObject(denied);
    await expect(fake.backupSetFolder(true)).rejects.toMatchObject(denied);
    await expect(fake.backupSetFolder(false)).rejects.toMatchObject(denied);
    await expect(fake.backupDrill(null, FAKE_PASSWORD, null)).rejects.toMatchObject(denied);
    await expect(fake.backupRestore(null, FAKE_PASSWORD, null)).rejects.toMatchObject(denied);
    expect(fake.backupFiles).toEqual([]);
  });

  it("shows the backups read-only to someone who may only view the administration", async () => {
    const fake = new FakeApi({ preset: "user" });
    fake.roles.push({ key: "custom_viewer", name: "Meekijker", builtin: false, grants: [{ category: "admin", action: "view" }, { category: "contact", action: "view" }], holders: 0 });
    fake.users.find((u) => u.id === 2)!.roles = ["custom_viewer"];
    await withBackup(fake);
    const { user } = await startApp({ api: fake });
    const tab = await openBackups(user);
    expect(within(tab).getByTestId("backups-read-only")).toHaveTextContent("making, testing and restoring them needs the right to manage Kluis");
    expect(rows(tab)).toHaveLength(1);
    expect(within(tab).queryByTestId("backups-create")).toBeNull();
    expect(within(tab).queryByTestId("backups-choose-folder")).toBeNull();
    expect(within(tab).queryByTestId("backup-drill")).toBeNull();
    expect(within(tab).queryByTestId("backups-open-file-restore")).toBeNull();
    expect(screen.getByTestId("settings-tab-health")).toBeInTheDocument();
    await expect(fake.backupCreate()).rejects.toMatchObject({ code: "access.denied" });
    await expect(fake.backupRestore(fake.backupFiles[0]!.fileName, FAKE_PASSWORD, null)).rejects.toMatchObject({ code: "access.denied" });
  });
});

describe("Settings > Backups: progress and cancelling", () => {
  it("shows a backup's progress, and a cancelled backup leaves no file and says so calmly", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    fake.backupFolder = FAKE_BACKUP_FOLDER;
    const audit = fake.audit.entries;
    const tab = await openBackups(user);
    fake.jobs.hold = true;

    await user.click(within(tab).getByTestId("backups-create"));
    const progress = await within(tab).findByTestId("backup-progress");
    const phase = within(progress).getByTestId("backup-progress-phase");
    const bar = within(progress).getByRole("progressbar");
    // Copying the database cannot be measured: a moving bar, no figure.
    await waitFor(() => expect(phase).toHaveTextContent("Copying the database…"));
    expect(bar).not.toHaveAttribute("aria-valuenow");
    expect(within(progress).queryByTestId("backup-progress-percent")).toBeNull();
    expect(within(tab).queryByTestId("backups-create")).toBeNull();
    expect(progress).toHaveTextContent("Cancelling is safe: nothing is changed until the job is complete.");

    // Sealing goes by bytes: the bar and the percent follow.
    await stepJobTo(fake, "seal");
    await waitFor(() => expect(phase).toHaveTextContent("Encrypting the backup…"));
    await stepJob(fake);
    await waitFor(() => expect(bar).toHaveAttribute("aria-valuenow", "25"));
    expect(within(progress).getByTestId("backup-progress-percent")).toHaveTextContent("25%");

    await user.click(within(progress).getByTestId("backup-progress-cancel"));
    const notice = await within(tab).findByTestId("backups-notice");
    expect(notice).toHaveTextContent("Cancelled. Nothing was changed.");
    // News, not a failure: no red banner, no success tick.
    expect(notice).toHaveClass("info");
    expect(within(tab).queryByTestId("form-error")).toBeNull();
    expect(within(tab).queryByTestId("backup-progress")).toBeNull();
    expect(within(tab).getByTestId("backups-create")).toBeEnabled();
    expect(fake.calls).toContain("job_cancel");
    // Nothing was made: no file, no time of the last backup, no audit entry.
    expect(fake.backupFiles).toEqual([]);
    expect(fake.backupLastAt).toBeNull();
    expect(fake.audit.entries).toBe(audit);
    expect(rows(tab)).toHaveLength(0);
    expect(within(tab).getByTestId("backups-last")).toHaveTextContent("No backup yet");
  });

  it("a backup run to the end shows its progress, then its result", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    fake.backupFolder = FAKE_BACKUP_FOLDER;
    const tab = await openBackups(user);
    fake.jobs.hold = true;

    await user.click(within(tab).getByTestId("backups-create"));
    const progress = await within(tab).findByTestId("backup-progress");
    await waitFor(() => expect(within(progress).getByTestId("backup-progress-phase")).toHaveTextContent("Copying the database…"));
    await stepJobTo(fake, "seal");
    await waitFor(() => expect(within(progress).getByTestId("backup-progress-phase")).toHaveTextContent("Encrypting the backup…"));

    fake.jobs.hold = false;
    fake.jobs.release();
    const notice = await within(tab).findByTestId("backups-notice");
    const file = fake.backupFiles[0]!;
    expect(notice).toHaveTextContent(`Backup made: ${file.fileName}.`);
    expect(notice).toHaveClass("success");
    expect(within(tab).queryByTestId("backup-progress")).toBeNull();
    await waitFor(() => expect(rows(tab)).toHaveLength(1));
    // The sealing was reported up to all of its bytes.
    expect(fake.jobs.sent.map((e) => e.phase)).toEqual(["snapshot", "seal", "seal", "seal", "seal", "seal"]);
    expect(fake.jobs.sent.at(-1)).toEqual({ phase: "seal", done: file.bytes, total: file.bytes });
  });

  it("a test restore can be cancelled while it decrypts, then tried again to its result", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await person(fake, "Anna", "Jansen");
    const backup = await withBackup(fake);
    const tab = await openBackups(user);
    await user.click(within(rows(tab)[0]!).getByTestId("backup-drill"));
    const dialog = within(await screen.findByTestId("backup-dialog"));
    await user.type(dialog.getByTestId("backup-password"), FAKE_PASSWORD);
    fake.jobs.hold = true;

    await user.click(dialog.getByTestId("backup-submit"));
    const progress = await dialog.findByTestId("backup-dialog-progress");
    await waitFor(() => expect(within(progress).getByTestId("backup-dialog-progress-phase")).toHaveTextContent("Decrypting the backup…"));
    expect(within(progress).getByRole("progressbar")).toHaveAttribute("aria-valuenow", "0");
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
    expect(fake.backupFiles.map((f) => f.fileName)).toEqual([backup.fileName]);

    // Tried again, it runs through its checks to the result.
    await user.click(dialog.getByTestId("backup-submit"));
    await stepJobTo(fake, "check");
    await waitFor(() =>
      expect(dialog.getByTestId("backup-dialog-progress-phase")).toHaveTextContent("Checking integrity, audit trail and consent ledger…"),
    );
    expect(dialog.queryByTestId("backup-dialog-cancelled")).toBeNull();
    fake.jobs.hold = false;
    fake.jobs.release();
    expect(await dialog.findByTestId("backup-result")).toHaveTextContent("The backup opens and passed every check");
    expect(dialog.queryByTestId("backup-dialog-progress")).toBeNull();
  });

  it("a restore cancelled while it applies later erasures again replaces nothing", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    const anna = await person(fake, "Anna", "Jansen");
    await person(fake, "Piet", "Bakker");
    await withBackup(fake);
    // After the backup: Anna is erased, and someone new is added.
    fake.sessionUserId = 4;
    await fake.subjectErase({ personId: anna.id, requestId: null, lang: "en" });
    fake.sessionUserId = 1;
    await person(fake, "Kees", "Visser");
    const people = fake.people.map((p) => p.id);
    const tab = await openBackups(user);

    await user.click(within(rows(tab)[0]!).getByTestId("backup-restore"));
    const dialog = within(await screen.findByTestId("backup-dialog"));
    await user.type(dialog.getByTestId("backup-password"), FAKE_PASSWORD);
    await user.click(dialog.getByTestId("backup-confirm-replace"));
    fake.jobs.hold = true;
    await user.click(dialog.getByTestId("backup-submit"));
    const progress = await dialog.findByTestId("backup-dialog-progress");
    await stepJobTo(fake, "reapply");
    await waitFor(() => expect(within(progress).getByTestId("backup-dialog-progress-phase")).toHaveTextContent("Erasing again everyone erased since…"));

    await user.click(within(progress).getByTestId("backup-dialog-progress-cancel"));
    expect(await dialog.findByTestId("backup-dialog-cancelled")).toHaveTextContent("Cancelled. Nothing was changed.");
    // Still signed in, in the same vault: no restore, Kees (added after the backup) still there.
    expect(screen.queryByTestId("restored-screen")).toBeNull();
    expect(fake.restores).toEqual([]);
    expect(fake.sessionUserId).toBe(1);
    expect(fake.people.map((p) => p.id)).toEqual(people);
    // The person can close the dialog now.
    await user.click(dialog.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("backup-dialog")).toBeNull());
  });
});

describe("Signing out: the automatic backup", () => {
  it("shows the sign-out backup's progress and lets the person skip it: signed out, no file", async () => {
    const { fake, user } = await startApp({ preset: "admin", locale: "nl" });
    fake.backupFolder = FAKE_BACKUP_FOLDER;
    fake.jobs.hold = true;

    await user.click(screen.getByTestId("sign-out"));
    const dialog = await screen.findByTestId("sign-out-backup");
    expect(dialog).toHaveTextContent("Uitloggen");
    expect(dialog).toHaveTextContent("Kluis maakt bij het uitloggen een back-up in je back-upmap.");
    await stepJobTo(fake, "seal");
    const progress = within(dialog).getByTestId("sign-out-backup-progress");
    await waitFor(() => expect(within(progress).getByTestId("sign-out-backup-progress-phase")).toHaveTextContent("Back-up versleutelen…"));
    expect(progress).toHaveTextContent("Overslaan is veilig");

    await user.click(within(progress).getByTestId("sign-out-backup-progress-cancel"));
    expect(await screen.findByTestId("signin-screen")).toBeInTheDocument();
    expect(screen.queryByTestId("sign-out-backup")).toBeNull();
    expect(fake.calls).toContain("job_cancel");
    expect(fake.sessionUserId).toBeNull();
    // Skipped: no file, no time of the last backup.
    expect(fake.backupFiles).toEqual([]);
    expect(fake.backupLastAt).toBeNull();
  });

  it("a sign-out backup watched to the end leaves one file; without a folder there is nothing to show", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    fake.backupFolder = FAKE_BACKUP_FOLDER;
    await user.click(screen.getByTestId("sign-out"));
    expect(await screen.findByTestId("signin-screen")).toBeInTheDocument();
    expect(fake.backupFiles.map((f) => f.kind)).toEqual(["sign_out"]);

    fake.backupFolder = null;
    await user.type(screen.getByTestId("signin-username"), "anne");
    await user.type(screen.getByTestId("signin-password"), FAKE_PASSWORD);
    await user.click(screen.getByTestId("signin-submit"));
    await user.click(await screen.findByTestId("sign-out"));
    expect(await screen.findByTestId("signin-screen")).toBeInTheDocument();
    expect(fake.jobs.sent.filter((p) => p.phase === "snapshot")).toHaveLength(1);
    expect(fake.backupFiles).toHaveLength(1);
  });
});
