import { describe, expect, it } from "vitest";
import { en } from "$lib/i18n/en";
import { catalogues, detectLocale, getLocale, setLocale, t } from "$lib/i18n/index.svelte";
import { nl } from "$lib/i18n/nl";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("catalogues", () => {
  it("nl and en have exactly the same keys", () => {
    expect(Object.keys(nl).sort()).toEqual(Object.keys(en).sort());
  });

  it("have no empty values", () => {
    for (const [locale, catalogue] of Object.entries(catalogues)) {
      for (const [key, value] of Object.entries(catalogue)) {
        expect(value.trim(), `${locale}: ${key}`).not.toBe("");
      }
    }
  });

  it("use the same placeholders in both languages", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(nl[key]), key).toEqual(placeholders(en[key]));
    }
  });
});

describe("locale", () => {
  it("defaults to Dutch for any Dutch browser language and English otherwise", () => {
    expect(detectLocale("nl")).toBe("nl");
    expect(detectLocale("nl-BE")).toBe("nl");
    expect(detectLocale("en-GB")).toBe("en");
    expect(detectLocale("de-DE")).toBe("en");
    expect(detectLocale(undefined)).toBe("en");
  });

  it("switching sets <html lang>, remembers the choice and translates", () => {
    setLocale("nl");
    expect(document.documentElement.lang).toBe("nl");
    expect(localStorage.getItem("kluis.locale")).toBe("nl");
    expect(getLocale()).toBe("nl");
    expect(t("nav.settings")).toBe("Instellingen");
    setLocale("en");
    expect(document.documentElement.lang).toBe("en");
    expect(t("nav.settings")).toBe("Settings");
  });

  it("formats numbers in placeholders per locale", () => {
    setLocale("nl", false);
    expect(t("security.range", { min: 1, max: 1240 })).toContain("1.240");
    setLocale("en", false);
    expect(t("security.range", { min: 1, max: 1240 })).toContain("1,240");
  });
});
