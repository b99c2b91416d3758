// The texts for the core's error codes of the security overhaul (a key file altered or swapped, a
// category key not handed over yet, a backup that is not authentic, of an older format or needs a
// confirmation), in both languages; a category key is named in words.
import { describe, expect, it } from "vitest";
import { ApiError } from "$lib/api/errors";
import { ERROR_CODES } from "$lib/api/client.gen";
import type { ErrorCode } from "$lib/api/types";
import { codeMessage, errorMessage } from "$lib/i18n/errors";
import { setLocale } from "$lib/i18n/index.svelte";

function error(code: ErrorCode, category: string | null = null): ApiError {
  return new ApiError(code, "core text", category ? { field: null, reason: null, retryAfterSecs: null, category, version: null, changedBy: null, changedAt: null } : null);
}

describe("error texts", () => {
  it("has a text of its own for every code the core answers with, in Dutch and in English", () => {
    const general = (locale: "en" | "nl") => {
      setLocale(locale, false);
      return codeMessage("internal");
    };
    const generalEn = general("en");
    const generalNl = general("nl");
    for (const code of ERROR_CODES) {
      setLocale("en", false);
      const en = codeMessage(code);
      setLocale("nl", false);
      const nl = codeMessage(code);
      for (const text of [en, nl]) {
        expect(text, code).not.toMatch(/^error\./);
        expect(text.trim().length, code).toBeGreaterThan(10);
      }
      expect(nl, code).not.toBe(en);
      if (code !== "internal") {
        expect(en, code).not.toBe(generalEn);
        expect(nl, code).not.toBe(generalNl);
      }
    }
  });

  it("says the key file was altered or swapped, that nothing was opened and what to do", () => {
    setLocale("en", false);
    const en = errorMessage(error("vault.key_file_tampered"));
    expect(en).toContain("The key file (kluis.keys) was altered or swapped");
    expect(en).toContain("nothing was opened");
    expect(en).toContain("Put back kluis.keys from the vault’s last backup, or ask an administrator.");
    setLocale("nl", false);
    const nl = errorMessage(error("vault.key_file_tampered"));
    expect(nl).toContain("Het sleutelbestand (kluis.keys) is gewijzigd of verwisseld");
    expect(nl).toContain("er is niets geopend");
    expect(nl).toContain("Zet kluis.keys terug uit de laatste back-up van de kluis, of vraag het een beheerder.");
  });

  it("names the category key that has not been handed over yet, and how it will be", () => {
    setLocale("en", false);
    expect(errorMessage(error("keys.category_unavailable", "hr"))).toBe(
      "You do not have the key to personnel files yet, so this cannot be opened. It is handed over automatically when a colleague who holds it signs in, or an administrator can hand it over with the recovery key (Settings > Users).",
    );
    expect(errorMessage(error("keys.category_unavailable", "special"))).toContain(
      "You do not have the key to special categories of data (such as absence reasons) yet",
    );
    expect(errorMessage(error("keys.category_unavailable", "backup"))).toContain("You do not have the key to backups yet");
    // A category this build does not know yet still reads as words.
    expect(errorMessage(error("keys.category_unavailable", "payroll"))).toContain("You do not have the key to this data yet");
    expect(errorMessage(error("keys.category_unavailable"))).not.toContain("{key}");
    setLocale("nl", false);
    expect(errorMessage(error("keys.category_unavailable", "hr"))).toBe(
      "Je hebt de sleutel van de personeelsdossiers nog niet, dus dit kan nog niet worden geopend. Die wordt vanzelf overgedragen zodra een collega die hem heeft inlogt, of een beheerder draagt hem over met de herstelsleutel (Instellingen > Gebruikers).",
    );
    expect(errorMessage(error("keys.category_unavailable", "special"))).toContain("de sleutel van de bijzondere persoonsgegevens");
    expect(errorMessage(error("keys.category_unavailable", "backup"))).toContain("de sleutel van de back-ups");
    expect(codeMessage("keys.category_unavailable")).toContain("de sleutel van deze gegevens");
  });

  it("tells a backup that is not authentic, of an older format, or that needs a confirmation", () => {
    setLocale("en", false);
    expect(errorMessage(error("backup.unauthenticated"))).toBe(
      "This backup file cannot be shown to be one this vault made: it was altered or forged. Nothing was restored; use another backup.",
    );
    expect(errorMessage(error("backup.old_format"))).toContain("earlier version of Kluis that did not authenticate backups");
    expect(errorMessage(error("backup.old_format"))).toContain("Make a new backup now.");
    expect(errorMessage(error("backup.needs_confirmation"))).toContain("erasures made after this backup cannot be applied again");
    setLocale("nl", false);
    expect(errorMessage(error("backup.unauthenticated"))).toContain("gewijzigd of vervalst. Er is niets hersteld");
    expect(errorMessage(error("backup.old_format"))).toContain("Maak nu een nieuwe back-up.");
    expect(errorMessage(error("backup.needs_confirmation"))).toContain("Er is hier geen kluis te lezen");
  });
});
