// The fake's copy of the core's backups and health report (src-tauri/crates/core/src/backup/
// and health.rs): file names, the folder listing, the thinning of automatic backups, what opens
// a backup (the signed-in administrator's password as it was then, or the recovery key) and in
// which order it is refused, and the health checks with their ages. The files live on a fake
// disk (a plain array); FakeApi wires these helpers to rights, its clock and its vault.
import { ApiError } from "./errors";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { BackupKind } from "./bindings/BackupKind";
import type { CheckState } from "./bindings/CheckState";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { HealthCheck } from "./bindings/HealthCheck";

/** The file name ending of a Kluis backup. */
export const BACKUP_EXTENSION = "kluisbackup";
/** Automatic backups kept: the newest of each of the last 7 days, and of each of the last 12 months. */
const DAILY = 7;
const MONTHLY = 12;
const DAY_MS = 86_400_000;

/** A backup file on the fake disk: its header, and what the sealed part holds. */
export interface FakeBackupFile {
  folder: string;
  fileName: string;
  createdAt: string;
  kind: BackupKind;
  bytes: number;
  /** The vault it was made of (its header tells, as the manifest does). */
  vaultId: string;
  /** The key file inside: every user's password at the time, by username. */
  slots: Record<string, string>;
  /** The administrators it was sealed to (the recovery key always opens it). */
  recipients: string[];
  recoveryKey: string;
  /** The erasure ledger's length when it was made; later erasures are applied again at a restore. */
  erasureMark: number;
  auditEntries: number;
  people: number;
  /** The vault as it was (opaque here: FakeApi takes and puts it). */
  snapshot: unknown;
  /** Changed or cut short after it was written: it lists, but does not open. */
  damaged?: boolean;
  /** Opens, but its audit trail or database inside is broken. */
  failsChecks?: boolean;
}

function fail(code: ErrorCode, message: string): never {
  throw new ApiError(code, message);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** The core's name: kluis-YYYYMMDD-HHMMSS-kind.kluisbackup (UTC), with -2, -3… when taken. */
export function backupName(now: Date, kind: BackupKind, taken: (name: string) => boolean): string {
  const at = `${now.getUTCFullYear()}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}-${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}${pad(now.getUTCSeconds())}`;
  const tag = kind.replace("_", "-");
  let name = `kluis-${at}-${tag}.${BACKUP_EXTENSION}`;
  for (let n = 2; taken(name); n++) name = `kluis-${at}-${tag}-${n}.${BACKUP_EXTENSION}`;
  return name;
}

export function pathOf(file: Pick<FakeBackupFile, "folder" | "fileName">): string {
  return `${file.folder}/${file.fileName}`;
}

/** A file as the core lists it; `thisVault` from its header. */
export function infoOf(file: FakeBackupFile, vaultId: string | null): BackupInfo {
  return {
    fileName: file.fileName,
    path: pathOf(file),
    createdAt: file.createdAt,
    kind: file.kind,
    bytes: file.bytes,
    thisVault: vaultId === null || file.vaultId === vaultId,
  };
}

/** The core's list_folder: the backups in a folder, newest first. */
export function listFolder(files: FakeBackupFile[], folder: string, vaultId: string | null): BackupInfo[] {
  return files
    .filter((f) => f.folder === folder)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
    .map((f) => infoOf(f, vaultId));
}

/** The core's rotation::keep: which of these automatic backups (newest first, by stamp) stay. */
export function keepAutomatic(created: string[]): Set<number> {
  const keep = new Set<number>();
  const days: string[] = [];
  const months: string[] = [];
  created.forEach((c, i) => {
    const day = c.slice(0, 10);
    const month = c.slice(0, 7);
    if (!days.includes(day) && days.length < DAILY) {
      days.push(day);
      keep.add(i);
    }
    if (!months.includes(month) && months.length < MONTHLY) {
      months.push(month);
      keep.add(i);
    }
  });
  return keep;
}

/** The core's rotation::thin: old automatic backups in the folder go; manual ones always stay. */
export function thin(files: FakeBackupFile[], folder: string): FakeBackupFile[] {
  const auto = files
    .filter((f) => f.folder === folder && f.kind !== "manual")
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  const keep = keepAutomatic(auto.map((f) => f.createdAt));
  const gone = new Set(auto.filter((_, i) => !keep.has(i)));
  return files.filter((f) => !gone.has(f));
}

/** What opens a backup: the signed-in administrator's password (as it was then), or the recovery key. */
export type Unlock = { username: string; password: string } | { recoveryKey: string };

function normaliseKey(key: string): string {
  return key.replace(/[\s-]/g, "").toUpperCase();
}

/** The core's RecoveryKey::parse: 55 Crockford base32 characters, in groups or not. */
export function parsesAsRecoveryKey(key: string): boolean {
  return /^[0-9A-HJKMNP-TV-Z]{55}$/.test(normaliseKey(key));
}

/**
 * The core's restore::open and the checks after it, in their order: the key file inside opens
 * with the password (auth.failed) or the recovery key (auth.recovery_key_invalid); the sealed
 * part opens only for its recipients (sealed.wrong_secret) and only when whole (sealed.damaged);
 * the backup must be of this vault (backup.foreign_vault) and pass every check
 * (backup.check_failed).
 */
export function openBackup(file: FakeBackupFile, unlock: Unlock, vaultId: string): void {
  unlockBackup(file, unlock);
  decryptBackup(file);
  checkBackup(file, vaultId);
}

/** The first part of openBackup, before anything is decrypted: the key file and the recipients. */
export function unlockBackup(file: FakeBackupFile, unlock: Unlock): void {
  if ("recoveryKey" in unlock) {
    if (normaliseKey(unlock.recoveryKey) !== normaliseKey(file.recoveryKey)) {
      fail("auth.recovery_key_invalid", "recovery key does not open the backup's key file");
    }
  } else {
    const slot = file.slots[unlock.username];
    if (slot === undefined || slot !== unlock.password) fail("auth.failed", "wrong password");
    if (!file.recipients.includes(unlock.username)) fail("sealed.wrong_secret", "not sealed to this administrator");
  }
}

/** The second part, found while decrypting (the "open" phase): the sealed part is whole. */
export function decryptBackup(file: FakeBackupFile): void {
  if (file.damaged) fail("sealed.damaged", "its contents were altered");
}

/** The last part (the "check" phase): of this vault, and every check passes. */
export function checkBackup(file: FakeBackupFile, vaultId: string): void {
  if (file.vaultId !== vaultId) fail("backup.foreign_vault", "another vault");
  if (file.failsChecks) fail("backup.check_failed", "its audit trail is broken");
}

/** Whole days since `at` (chrono's num_days, never negative); null when there is none. */
export function daysSince(at: string | null, now: Date): number | null {
  if (!at) return null;
  const t = Date.parse(at);
  if (Number.isNaN(t)) return null;
  return Math.max(0, Math.trunc((now.getTime() - t) / DAY_MS));
}

/** What `kluis verify` finds in the fake vault (set by tests to show a problem). */
export interface FakeVerify {
  cipherProblems: number;
  integrityProblems: number;
  keyFileDamaged: boolean;
  keyFilePrevPresent: boolean;
  keySlots: number;
  auditEntries: number;
  /** The first audit entry that no longer matches its hash. */
  auditBrokenAt: number | null;
  consentEntries: number;
  /** The consent ledger does not verify; the first broken entry when one is known. */
  consentBroken: boolean;
  consentBrokenAt: number | null;
}

function check(key: string, state: CheckState, reason: string | null = null, figure: number | null = null): HealthCheck {
  return { key, state, reason, figure };
}

function countCheck(key: string, problems: number, reason: string): HealthCheck {
  return problems === 0 ? check(key, "ok") : check(key, "problem", reason, problems);
}

/** The core's health::checks: verify's findings, then the backup's age and the folder. */
export function healthChecks(v: FakeVerify, lastBackupAt: string | null, folder: boolean, now: Date): HealthCheck[] {
  const out = [
    countCheck("cipher", v.cipherProblems, "pages_fail"),
    countCheck("database", v.integrityProblems, "integrity"),
    v.keyFileDamaged ? check("key_file", "problem", "damaged") : check("key_file", "ok", null, v.keySlots),
    v.keyFilePrevPresent ? check("key_file_prev", "ok") : check("key_file_prev", "warning", "absent"),
    v.auditBrokenAt === null ? check("audit", "ok", null, v.auditEntries) : check("audit", "problem", "entry_altered", v.auditBrokenAt),
    v.consentBroken ? check("consent", "problem", "ledger_altered", v.consentBrokenAt) : check("consent", "ok", null, v.consentEntries),
  ];
  const age = daysSince(lastBackupAt, now);
  if (age === null) out.push(check("backup", "problem", "never"));
  else if (age <= 1) out.push(check("backup", "ok", null, age));
  else if (age <= 7) out.push(check("backup", "warning", "stale", age));
  else out.push(check("backup", "problem", "stale", age));
  out.push(folder ? check("backup_folder", "ok") : check("backup_folder", "warning", "automatic_off"));
  return out;
}

/** A stand-in for the audit chain's SHA-256 head: 64 hex characters that change with every entry. */
export function nextAuditHead(head: string, event: string): string {
  let out = "";
  for (let round = 0; round < 8; round++) {
    // FNV-1a over the previous head, the event and the round.
    let h = 0x811c9dc5;
    for (const ch of `${head}|${event}|${round}`) {
      h ^= ch.charCodeAt(0);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, "0");
  }
  return out;
}
