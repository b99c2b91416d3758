// The fake's copy of the core's backups and health report (src-tauri/crates/core/src/backup/
// and health.rs): file names, the folder listing with each file's status, the thinning of
// automatic backups, what opens a backup (the signed-in administrator's own current password,
// or the recovery key) and in which order it is refused, and the health checks with their ages.
// The files live on a fake disk (a plain array); FakeApi wires these helpers to rights, its
// clock and its vault.
import { ApiError } from "./errors";
import type { BackupInfo } from "./bindings/BackupInfo";
import type { BackupKind } from "./bindings/BackupKind";
import type { BackupStatus } from "./bindings/BackupStatus";
import type { CategoryKeyState } from "./bindings/CategoryKeyState";
import type { CheckState } from "./bindings/CheckState";
import type { Contradiction } from "./bindings/Contradiction";
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
  /**
   * Its header does not authenticate with the vault's backup key (altered or forged), or it was
   * made by a version of Kluis that did not authenticate backups (its header tells neither date
   * nor kind). Unset: a backup as this version writes it.
   */
  fault?: "unauthenticated" | "old_format";
  /** Sealed to the backup key (every current administrator who holds it) and the recovery key. */
  recoveryKey: string;
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

/** What a file turns out to be, from its header, as the core's list_folder tells. */
export function statusOf(file: FakeBackupFile, vaultId: string): BackupStatus {
  if (file.fault === "old_format") return "old_format";
  if (file.vaultId !== vaultId) return "other_vault";
  return file.fault === "unauthenticated" ? "unauthenticated" : "ok";
}

/** A file as the core lists it: an old format's header tells neither its date nor its kind. */
export function infoOf(file: FakeBackupFile, vaultId: string): BackupInfo {
  const status = statusOf(file, vaultId);
  const old = status === "old_format";
  return {
    fileName: file.fileName,
    path: pathOf(file),
    createdAt: old ? "" : file.createdAt,
    kind: old ? "" : file.kind,
    bytes: file.bytes,
    thisVault: status === "ok",
    status,
  };
}

/** The core's list_folder: this vault's backups first, newest first; then the others. */
export function listFolder(files: FakeBackupFile[], folder: string, vaultId: string): BackupInfo[] {
  const key = (b: BackupInfo) => `${b.thisVault ? 1 : 0}|${b.createdAt}|${b.fileName}`;
  return files
    .filter((f) => f.folder === folder)
    .map((f) => infoOf(f, vaultId))
    .sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
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

/**
 * On whose authority a backup is opened: the signed-in administrator, who confirms their own
 * current password (never a backup's own, older credentials), or the recovery key.
 */
export type Authority = { admin: string; password: string; hasBackupKey: boolean } | { recoveryKey: string };

function normaliseKey(key: string): string {
  return key.replace(/[\s-]/g, "").toUpperCase();
}

/** The core's RecoveryKey::parse: 55 Crockford base32 characters, in groups or not. */
export function parsesAsRecoveryKey(key: string): boolean {
  return /^[0-9A-HJKMNP-TV-Z]{55}$/.test(normaliseKey(key));
}

/** Whether two recovery keys are the same, however they are grouped or cased. */
export function sameRecoveryKey(a: string, b: string): boolean {
  return normaliseKey(a) === normaliseKey(b);
}

/**
 * The core's restore::open after the authority is confirmed, up to decrypting: its header must
 * be of the current format (backup.old_format), of this vault (backup.foreign_vault) and
 * authentic (backup.unauthenticated); then it opens only with a backup key the administrator
 * holds, or the recovery key it was sealed to (backup.not_for_user).
 */
export function unlockBackup(file: FakeBackupFile, by: Authority, vaultId: string): void {
  if (file.fault === "old_format") fail("backup.old_format", "made by a version that did not authenticate backups");
  if (file.vaultId !== vaultId) fail("backup.foreign_vault", "another vault");
  if (file.fault === "unauthenticated") fail("backup.unauthenticated", "its header does not authenticate");
  if ("recoveryKey" in by ? !sameRecoveryKey(by.recoveryKey, file.recoveryKey) : !by.hasBackupKey) {
    fail("backup.not_for_user", "not sealed to a key this session holds");
  }
}

/** The second part, found while decrypting (the "open" phase): the sealed part is whole. */
export function decryptBackup(file: FakeBackupFile): void {
  if (file.damaged) fail("sealed.damaged", "its contents were altered");
}

/** The last part (the "check" phase): every check passes. */
export function checkBackup(file: FakeBackupFile): void {
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
  keySlots: number;
  /** Slots whose MAC does not hold (the key file was altered). */
  slotsAltered: number;
  /** Slots from before authenticated slots, upgraded when their owner next signs in. */
  slotsLegacy: number;
  /** A key rotation was interrupted (finished at the next sign-in). */
  rotationPending: boolean;
  auditEntries: number;
  /** The first audit entry that no longer matches its hash. */
  auditBrokenAt: number | null;
  /** Anchors checked (from backups, the anchors file and given by hand). */
  anchors: number;
  /** The first anchor the chain contradicts: cut off before it, or rewritten at it. */
  anchorContradicted: Contradiction | null;
  /** The anchors file was altered or swapped (refused and set aside). */
  anchorsFileAltered: boolean;
  consentEntries: number;
  /** The consent ledger does not verify; the first broken entry when one is known. */
  consentBroken: boolean;
  consentBrokenAt: number | null;
  categoryKeys: CategoryKeyState[];
}

function check(key: string, state: CheckState, reason: string | null = null, figure: number | null = null): HealthCheck {
  return { key, state, reason, figure };
}

function countCheck(key: string, problems: number, reason: string): HealthCheck {
  return problems === 0 ? check(key, "ok") : check(key, "problem", reason, problems);
}

function anchorsCheck(v: FakeVerify): HealthCheck {
  const c = v.anchorContradicted;
  if (c) return check("anchors", "problem", c.kind === "cut" ? "cut" : "rewritten", c.anchorId);
  if (v.anchorsFileAltered) return check("anchors", "problem", "file_altered");
  return check("anchors", "ok", null, v.anchors);
}

function categoryKeysCheck(states: CategoryKeyState[]): HealthCheck {
  const waiting = states.reduce((sum, c) => sum + c.waiting, 0);
  const due = states.filter((c) => c.rotationDue).length;
  if (waiting > 0) return check("category_keys", "warning", "waiting", waiting);
  if (due > 0) return check("category_keys", "warning", "rotation_due", due);
  return check("category_keys", "ok");
}

/** The core's health::checks: verify's findings, then the backup's age, the folder and the category keys. */
export function healthChecks(v: FakeVerify, lastBackupAt: string | null, folder: boolean, now: Date): HealthCheck[] {
  const out = [
    countCheck("cipher", v.cipherProblems, "pages_fail"),
    countCheck("database", v.integrityProblems, "integrity"),
    v.keyFileDamaged ? check("key_file", "problem", "damaged") : check("key_file", "ok", null, v.keySlots),
    v.slotsAltered > 0
      ? check("key_slots", "problem", "altered", v.slotsAltered)
      : v.slotsLegacy > 0
        ? check("key_slots", "warning", "legacy", v.slotsLegacy)
        : check("key_slots", "ok"),
    v.rotationPending ? check("rotation", "warning", "interrupted") : check("rotation", "ok"),
    v.auditBrokenAt === null ? check("audit", "ok", null, v.auditEntries) : check("audit", "problem", "entry_altered", v.auditBrokenAt),
    anchorsCheck(v),
    v.consentBroken ? check("consent", "problem", "ledger_altered", v.consentBrokenAt) : check("consent", "ok", null, v.consentEntries),
  ];
  const age = daysSince(lastBackupAt, now);
  if (age === null) out.push(check("backup", "problem", "never"));
  else if (age <= 1) out.push(check("backup", "ok", null, age));
  else if (age <= 7) out.push(check("backup", "warning", "stale", age));
  else out.push(check("backup", "problem", "stale", age));
  out.push(folder ? check("backup_folder", "ok") : check("backup_folder", "warning", "automatic_off"));
  out.push(categoryKeysCheck(v.categoryKeys));
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
