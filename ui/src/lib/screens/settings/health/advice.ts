// The words for a health check: its name, what was found (the core's stable reason and the figure
// that goes with it) and what to do about it. Every key and reason the core sends has its own
// text; one it adds later still shows, with its reason as sent and advice to call the supplier.
import type { Health, HealthCheck } from "$lib/api";
import { formatDateTime, t, type MessageKey } from "$lib/i18n/index.svelte";
import { daysAgo } from "../backups/labels";

const NAMES: Record<string, MessageKey> = {
  cipher: "health.check.cipher",
  database: "health.check.database",
  key_file: "health.check.key_file",
  key_slots: "health.check.key_slots",
  rotation: "health.check.rotation",
  audit: "health.check.audit",
  anchors: "health.check.anchors",
  consent: "health.check.consent",
  backup: "health.check.backup",
  backup_folder: "health.check.backup_folder",
  category_keys: "health.check.category_keys",
};

/** The check's name in words ("Key file", "Sleutelbestand"); an unknown key as sent. */
export function checkName(key: string): string {
  const name = NAMES[key];
  return name ? t(name) : key;
}

/** What the last backup's age says: "made 3 days ago (24 Nov 2026, 17:48)". */
function backupFound(check: HealthCheck, health: Health): string {
  if (check.reason === "never" || (check.figure === null && !health.lastBackupAt)) return t("health.found.backup.never");
  const age = daysAgo(check.figure ?? 0);
  return health.lastBackupAt
    ? t("health.found.backup.made", { age, date: formatDateTime(health.lastBackupAt) })
    : t("health.found.backup.madeDays", { age });
}

/** What was found, in words, from the check's reason and figure. */
export function foundText(check: HealthCheck, health: Health): string {
  const n = check.figure ?? 0;
  const id = String(check.figure ?? "?");
  switch (`${check.key}.${check.reason ?? "ok"}`) {
    case "cipher.ok":
      return t("health.found.cipher.ok");
    case "cipher.pages_fail":
      return t("health.found.cipher.pages_fail", { count: n });
    case "database.ok":
      return t("health.found.database.ok");
    case "database.integrity":
      return t("health.found.database.integrity", { count: n });
    case "key_file.ok":
      return check.figure === null ? t("health.found.key_file.okPlain") : t("health.found.key_file.ok", { count: n });
    case "key_file.damaged":
      return t("health.found.key_file.damaged");
    case "key_slots.ok":
      return t("health.found.key_slots.ok");
    case "key_slots.altered":
      return t("health.found.key_slots.altered", { count: n });
    case "key_slots.legacy":
      return t("health.found.key_slots.legacy", { count: n });
    case "rotation.ok":
      return t("health.found.rotation.ok");
    case "rotation.interrupted":
      return t("health.found.rotation.interrupted");
    case "audit.ok":
      return n === 1 ? t("health.found.audit.okOne") : t("health.found.audit.ok", { count: n });
    case "audit.entry_altered":
      return t("health.found.audit.entry_altered", { id });
    case "anchors.ok":
      return n === 0 ? t("health.found.anchors.none") : n === 1 ? t("health.found.anchors.okOne") : t("health.found.anchors.ok", { count: n });
    case "anchors.cut":
      return t("health.found.anchors.cut", { id });
    case "anchors.rewritten":
      return t("health.found.anchors.rewritten", { id });
    case "anchors.file_altered":
      return t("health.found.anchors.file_altered");
    case "consent.ok":
      return n === 0 ? t("health.found.consent.none") : n === 1 ? t("health.found.consent.okOne") : t("health.found.consent.ok", { count: n });
    case "consent.ledger_altered":
      return check.figure === null ? t("health.found.consent.ledger_alteredPlain") : t("health.found.consent.ledger_altered", { id });
    case "backup.ok":
    case "backup.stale":
    case "backup.never":
      return backupFound(check, health);
    case "backup_folder.ok":
      return health.backupFolder ? t("health.found.backup_folder.ok", { folder: health.backupFolder }) : t("health.found.backup_folder.okPlain");
    case "backup_folder.automatic_off":
      return t("health.found.backup_folder.automatic_off");
    case "category_keys.ok":
      return t("health.found.category_keys.ok");
    case "category_keys.waiting":
      return t("health.found.category_keys.waiting", { count: n });
    case "category_keys.rotation_due":
      return t("health.found.category_keys.rotation_due", { count: n });
    default:
      return check.state === "ok" && !check.reason ? t("health.state.ok") : t("health.found.unknown", { reason: check.reason ?? check.state });
  }
}

/** What to do about it; null when there is nothing to do. */
export function adviceText(check: HealthCheck): string | null {
  if (check.state === "ok") return null;
  const id = String(check.figure ?? "?");
  switch (`${check.key}.${check.reason ?? ""}`) {
    case "cipher.pages_fail":
      return t("health.advice.cipher.pages_fail");
    case "database.integrity":
      return t("health.advice.database.integrity");
    case "key_file.damaged":
      return t("health.advice.key_file.damaged");
    case "key_slots.altered":
      return t("health.advice.key_slots.altered");
    case "key_slots.legacy":
      return t("health.advice.key_slots.legacy");
    case "rotation.interrupted":
      return t("health.advice.rotation.interrupted");
    case "audit.entry_altered":
      return t("health.advice.audit.entry_altered", { id });
    case "anchors.cut":
      return t("health.advice.anchors.cut");
    case "anchors.rewritten":
      return t("health.advice.anchors.rewritten", { id });
    case "anchors.file_altered":
      return t("health.advice.anchors.file_altered");
    case "consent.ledger_altered":
      return t("health.advice.consent.ledger_altered");
    case "backup.never":
      return t("health.advice.backup.never");
    case "backup.stale":
      return t("health.advice.backup.stale");
    case "backup_folder.automatic_off":
      return t("health.advice.backup_folder.automatic_off");
    case "category_keys.waiting":
      return t("health.advice.category_keys.waiting");
    case "category_keys.rotation_due":
      return t("health.advice.category_keys.rotation_due");
    default:
      return t("health.advice.unknown");
  }
}

/**
 * Where the anchor a contradicted chain was held against came from, for the anchors check: a
 * backup (by its file name), the anchors file, or given by hand. Null when none is contradicted.
 */
export function anchorSource(check: HealthCheck, health: Health): string | null {
  const c = health.contradiction;
  if (check.key !== "anchors" || !c) return null;
  if (c.source === "backup") return c.file ? t("health.anchors.source.backup", { file: c.file }) : t("health.anchors.source.backupPlain");
  return t(c.source === "anchors_file" ? "health.anchors.source.anchors_file" : "health.anchors.source.given");
}

/** The Settings tab whose advice acts on a check: Backups for the backups, Users for waiting keys. */
export function leadsTo(check: HealthCheck): "backups" | "users" | null {
  if (check.state === "ok") return null;
  if (check.key === "backup" || check.key === "backup_folder") return "backups";
  return check.key === "category_keys" && check.reason === "waiting" ? "users" : null;
}
