// The fake's copy of the core's privacy register (src-tauri/crates/core/src/privacy): the
// templates with their Dutch and English texts, the checks on a purpose, the register as HTML and
// CSV, and the minimisation report. Kept simple, but with the same rules and Art. 30 labels.
import type { Category } from "./bindings/Category";
import type { FieldUse } from "./bindings/FieldUse";
import type { Lang } from "./bindings/Lang";
import type { LawfulBasis } from "./bindings/LawfulBasis";
import type { MinimisationReport } from "./bindings/MinimisationReport";
import type { Purpose } from "./bindings/Purpose";
import type { PurposeInput } from "./bindings/PurposeInput";
import type { PurposeTemplate } from "./bindings/PurposeTemplate";
import type { RegisterFormat } from "./bindings/RegisterFormat";
import type { ValidationReason } from "./bindings/ValidationReason";

/** The fields a purpose can name, with their category (minimisation.rs FIELDS, same order). */
export const PRIVACY_FIELDS: ReadonlyArray<readonly [string, Category]> = [
  ["person.name", "contact"],
  ["person.email", "contact"],
  ["person.phone", "contact"],
  ["person.address", "contact"],
  ["person.date_of_birth", "contact"],
  ["person.organisation", "contact"],
  ["person.job_title", "contact"],
  ["person.preferred_language", "contact"],
  ["person.notes", "contact"],
  ["person.tags", "contact"],
  ["timeline", "contact"],
  ["organisation.kvk", "contact"],
  ["organisation.vat", "contact"],
  ["task", "contact"],
  ["deal", "sales"],
  ["employee", "hr"],
  ["employee.salary", "hr"],
  ["employee.review", "hr"],
  ["employee.absence", "hr"],
  ["employee.absence_reason", "special"],
];

const DATA_CATEGORIES = ["contact", "sales", "hr", "special"];
const MAX_TEXT = 4000;
const MAX_ITEMS = 50;

interface Text {
  name: string;
  description: string;
  balancing: string | null;
  subjects: string[];
  recipients: string[];
  retention: string;
}

const SECURITY: Record<Lang, string> = {
  en: "Stored in an encrypted database (SQLCipher, AES-256) on the company's own computer; access per person with roles and an audited trail; automatic lock when idle; encrypted backups.",
  nl: "Opgeslagen in een versleutelde database (SQLCipher, AES-256) op de eigen computer van het bedrijf; toegang per persoon met rollen en een auditlogboek; automatische vergrendeling bij inactiviteit; versleutelde back-ups.",
};

const TEXTS: Record<string, Record<Lang, Text>> = {
  customer_service: {
    en: {
      name: "Customer service",
      description: "Answering questions and complaints of customers and keeping a record of contacts with them.",
      balancing: null,
      subjects: ["Customers", "Contact persons at customers"],
      recipients: ["Employees who handle customer contact"],
      retention: "Two years after the last contact.",
    },
    nl: {
      name: "Klantenservice",
      description: "Vragen en klachten van klanten beantwoorden en contacten met hen vastleggen.",
      balancing: null,
      subjects: ["Klanten", "Contactpersonen bij klanten"],
      recipients: ["Medewerkers die klantcontact afhandelen"],
      retention: "Twee jaar na het laatste contact.",
    },
  },
  sales_follow_up: {
    en: {
      name: "Sales follow-up",
      description: "Following up on quotes and leads, and keeping the deals and their stage.",
      balancing: "Prospects who asked for a quote expect to be contacted about it; only business contact details are used and anyone may object at any time.",
      subjects: ["Prospects", "Contact persons at customers"],
      recipients: ["Sales staff", "Management"],
      retention: "One year after the last contact if no deal follows.",
    },
    nl: {
      name: "Opvolging verkoop",
      description: "Offertes en leads opvolgen, en de deals met hun fase bijhouden.",
      balancing: "Wie om een offerte vroeg, verwacht daarover benaderd te worden; alleen zakelijke contactgegevens worden gebruikt en bezwaar kan altijd.",
      subjects: ["Prospects", "Contactpersonen bij klanten"],
      recipients: ["Verkoopmedewerkers", "Directie"],
      retention: "Eén jaar na het laatste contact als er geen deal volgt.",
    },
  },
  newsletter: {
    en: {
      name: "Newsletter",
      description: "Sending the newsletter with news and offers by e-mail.",
      balancing: null,
      subjects: ["Subscribers"],
      recipients: ["E-mail service provider (processor, agreement in place)"],
      retention: "Until consent is withdrawn; the consent record for five years after that.",
    },
    nl: {
      name: "Nieuwsbrief",
      description: "De nieuwsbrief met nieuws en aanbiedingen per e-mail versturen.",
      balancing: null,
      subjects: ["Abonnees"],
      recipients: ["E-maildienst (verwerker, verwerkersovereenkomst afgesloten)"],
      retention: "Tot de toestemming wordt ingetrokken; het bewijs van toestemming daarna nog vijf jaar.",
    },
  },
  invoicing: {
    en: {
      name: "Invoicing",
      description: "Sending invoices, receiving payments and keeping the accounts.",
      balancing: null,
      subjects: ["Customers"],
      recipients: ["Accountant", "Tax authority (Belastingdienst)"],
      retention: "Seven years (fiscal retention obligation, art. 52 AWR).",
    },
    nl: {
      name: "Facturatie",
      description: "Facturen versturen, betalingen ontvangen en de administratie bijhouden.",
      balancing: null,
      subjects: ["Klanten"],
      recipients: ["Accountant", "Belastingdienst"],
      retention: "Zeven jaar (fiscale bewaarplicht, art. 52 AWR).",
    },
  },
  personnel_administration: {
    en: {
      name: "Personnel administration",
      description: "Employment contracts, salaries, reviews and absence of employees.",
      balancing: null,
      subjects: ["Employees", "Former employees"],
      recipients: ["Payroll administration (processor)", "Tax authority", "Occupational health service"],
      retention: "Two years after employment ends; salary records seven years (fiscal obligation).",
    },
    nl: {
      name: "Personeelsadministratie",
      description: "Arbeidsovereenkomsten, salarissen, functioneringsgesprekken en verzuim van medewerkers.",
      balancing: null,
      subjects: ["Medewerkers", "Oud-medewerkers"],
      recipients: ["Salarisadministratie (verwerker)", "Belastingdienst", "Arbodienst"],
      retention: "Twee jaar na einde dienstverband; loongegevens zeven jaar (fiscale plicht).",
    },
  },
};

/** Each template's key, lawful basis, marketing flag, data categories and fields (SHAPES). */
const SHAPES: Array<[string, LawfulBasis, boolean, string[], string[]]> = [
  ["customer_service", "contract", false, ["contact"], ["person.name", "person.email", "person.phone", "person.organisation", "timeline"]],
  [
    "sales_follow_up",
    "legitimate_interests",
    false,
    ["contact", "sales"],
    ["person.name", "person.email", "person.phone", "person.organisation", "person.job_title", "deal"],
  ],
  ["newsletter", "consent", true, ["contact"], ["person.name", "person.email", "person.preferred_language"]],
  [
    "invoicing",
    "legal_obligation",
    false,
    ["contact", "sales"],
    ["person.name", "person.address", "person.email", "organisation.vat", "organisation.kvk", "deal"],
  ],
  [
    "personnel_administration",
    "contract",
    false,
    ["hr", "special"],
    ["employee", "employee.salary", "employee.review", "employee.absence", "employee.absence_reason"],
  ],
];

export function templates(lang: Lang): PurposeTemplate[] {
  return SHAPES.map(([key, lawfulBasis, marketing, dataCategories, fields]) => {
    const text = TEXTS[key]![lang];
    return {
      key,
      input: {
        name: text.name,
        description: text.description,
        lawfulBasis,
        balancingNote: text.balancing,
        marketing,
        dataCategories: [...dataCategories],
        fields: [...fields],
        subjectCategories: [...text.subjects],
        recipients: [...text.recipients],
        transfers: null,
        retention: text.retention,
        securityMeasures: SECURITY[lang],
      },
    };
  });
}

type Problem = [string, ValidationReason];

/** Trimmed text, null when empty (the core's fields::opt_text). */
const opt = (value: string | null): string | null => value?.trim() || null;

/** Trimmed, without blanks or repeats (the core's `items`). */
const items = (list: string[]): string[] => [...new Set(list.map((v) => v.trim()).filter(Boolean))];

const TEXTS_OF: Array<[keyof PurposeInput, number]> = [
  ["name", 120],
  ["description", MAX_TEXT],
  ["balancingNote", MAX_TEXT],
  ["transfers", MAX_TEXT],
  ["retention", MAX_TEXT],
  ["securityMeasures", MAX_TEXT],
];

const LISTS_OF: Array<keyof PurposeInput> = ["dataCategories", "subjectCategories", "fields", "recipients"];

/**
 * The first field the core refuses, in its order (purposes.rs `clean`), or null. `current` are
 * the purposes not archived; `except` is the one being edited.
 */
export function purposeProblem(input: PurposeInput, current: Purpose[], except: number | null): Problem | null {
  for (const [field, max] of TEXTS_OF) {
    const value = input[field];
    if (typeof value === "string" && value.trim().length > max) return [field, "too_long"];
  }
  for (const field of LISTS_OF) {
    const list = input[field] as string[];
    if (list.length > MAX_ITEMS || list.some((v) => v.trim().length > 200)) return [field, "too_long"];
  }
  const name = opt(input.name);
  if (!name) return ["name", "required"];
  if (current.some((p) => p.id !== except && p.name.toLowerCase() === name.toLowerCase())) return ["name", "in_use"];
  if (input.lawfulBasis === "legitimate_interests" && !opt(input.balancingNote)) return ["balancingNote", "required"];
  const categories = items(input.dataCategories);
  if (categories.length === 0) return ["dataCategories", "required"];
  if (categories.some((c) => !DATA_CATEGORIES.includes(c))) return ["dataCategories", "invalid_format"];
  if (items(input.subjectCategories).length === 0) return ["subjectCategories", "required"];
  if (items(input.fields).some((f) => !PRIVACY_FIELDS.some(([known]) => known === f))) return ["fields", "invalid_format"];
  if (!opt(input.description)) return ["description", "required"];
  if (!opt(input.retention)) return ["retention", "required"];
  if (!opt(input.securityMeasures)) return ["securityMeasures", "required"];
  return null;
}

/** A purpose as the core stores it once it passed `purposeProblem`. */
export function cleanPurpose(input: PurposeInput): PurposeInput {
  const legitimate = input.lawfulBasis === "legitimate_interests";
  return {
    name: input.name.trim(),
    description: input.description.trim(),
    lawfulBasis: input.lawfulBasis,
    // Only legitimate interests needs a balancing note; the core drops it otherwise.
    balancingNote: legitimate ? opt(input.balancingNote) : null,
    marketing: input.marketing,
    dataCategories: items(input.dataCategories),
    fields: items(input.fields),
    subjectCategories: items(input.subjectCategories),
    recipients: items(input.recipients),
    transfers: opt(input.transfers),
    retention: input.retention.trim(),
    securityMeasures: input.securityMeasures.trim(),
  };
}

/** A copy the caller may change without changing the fake's own. */
export function copyPurpose(p: Purpose): Purpose {
  return {
    ...p,
    dataCategories: [...p.dataCategories],
    fields: [...p.fields],
    subjectCategories: [...p.subjectCategories],
    recipients: [...p.recipients],
  };
}

/** Names, sorted like the core's list (case-insensitive, then id). */
export function byName(a: Purpose, b: Purpose): number {
  return a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id - b.id;
}

/** The row labels, in the order Art. 30(1) lists what to record (register.rs `labels`). */
const LABELS: Record<Lang, string[]> = {
  en: [
    "Purpose",
    "Description",
    "Lawful basis",
    "Balancing of interests",
    "Direct marketing",
    "Categories of personal data",
    "Data used",
    "Categories of data subjects",
    "Recipients and processors",
    "Transfers outside the EU and safeguards",
    "Retention",
    "Security measures",
  ],
  nl: [
    "Doel",
    "Omschrijving",
    "Verwerkingsgrondslag",
    "Belangenafweging",
    "Direct marketing",
    "Categorieën persoonsgegevens",
    "Gebruikte gegevens",
    "Categorieën betrokkenen",
    "Ontvangers en verwerkers",
    "Doorgifte buiten de EU en waarborgen",
    "Bewaartermijn",
    "Beveiligingsmaatregelen",
  ],
};

const BASIS: Record<LawfulBasis, Record<Lang, string>> = {
  consent: { en: "Consent (Art. 6(1)(a))", nl: "Toestemming (art. 6 lid 1 sub a)" },
  contract: { en: "Performance of a contract (Art. 6(1)(b))", nl: "Uitvoering van een overeenkomst (art. 6 lid 1 sub b)" },
  legal_obligation: { en: "Legal obligation (Art. 6(1)(c))", nl: "Wettelijke verplichting (art. 6 lid 1 sub c)" },
  vital_interests: { en: "Vital interests (Art. 6(1)(d))", nl: "Vitale belangen (art. 6 lid 1 sub d)" },
  public_task: { en: "Public task (Art. 6(1)(e))", nl: "Taak van algemeen belang (art. 6 lid 1 sub e)" },
  legitimate_interests: { en: "Legitimate interests (Art. 6(1)(f))", nl: "Gerechtvaardigd belang (art. 6 lid 1 sub f)" },
};

const CATEGORY: Record<string, Record<Lang, string>> = {
  contact: { en: "Contact data", nl: "Contactgegevens" },
  sales: { en: "Sales figures", nl: "Verkoopcijfers" },
  hr: { en: "Personnel data", nl: "Personeelsgegevens" },
  special: { en: "Special categories (Art. 9)", nl: "Bijzondere persoonsgegevens (art. 9)" },
};

function values(p: Purpose, lang: Lang): string[] {
  const none = lang === "en" ? "None" : "Geen";
  const yesNo = (b: boolean) => (lang === "en" ? (b ? "Yes" : "No") : b ? "Ja" : "Nee");
  const list = (v: string[]) => (v.length ? v.join("; ") : none);
  return [
    p.name,
    p.description,
    BASIS[p.lawfulBasis][lang],
    p.balancingNote ?? "—",
    yesNo(p.marketing),
    p.dataCategories.map((c) => CATEGORY[c]?.[lang] ?? c).join("; "),
    list(p.fields),
    list(p.subjectCategories),
    list(p.recipients),
    p.transfers ?? none,
    p.retention,
    p.securityMeasures,
  ];
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function html(org: string, date: string, purposes: Purpose[], lang: Lang): string {
  const words =
    lang === "en"
      ? { title: "Register of processing activities", controller: "Controller", made: "Drawn up", empty: "No purposes have been recorded yet." }
      : { title: "Verwerkingsregister", controller: "Verwerkingsverantwoordelijke", made: "Opgesteld op", empty: "Er zijn nog geen doelen vastgelegd." };
  let out = `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><title>${words.title} — ${esc(org)}</title>\n`;
  out += "<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;color:#1d2330;line-height:1.45}dl{display:grid;grid-template-columns:14rem 1fr;gap:.35rem 1rem}dt{color:#5b6475}dd{margin:0}</style></head><body>\n";
  out += `<h1>${words.title}</h1>\n<p class="meta">${words.controller}: ${esc(org)} · ${words.made} ${esc(date)} · Art. 30 AVG/GDPR</p>\n`;
  if (purposes.length === 0) out += `<p>${words.empty}</p>\n`;
  const labels = LABELS[lang];
  for (const p of purposes) {
    const v = values(p, lang);
    out += `<section data-purpose="${p.id}"><h2>${esc(v[0]!)}</h2><dl>\n`;
    labels.forEach((label, i) => {
      if (i > 0) out += `<dt>${label}</dt><dd>${esc(v[i]!)}</dd>\n`;
    });
    out += "</dl></section>\n";
  }
  return `${out}</body></html>\n`;
}

const csvCell = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function csv(purposes: Purpose[], lang: Lang): string {
  const rows = [LABELS[lang], ...purposes.map((p) => values(p, lang))];
  // With a BOM, as the core writes it, so spreadsheets read it as UTF-8.
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(",")).join("\n")}\n`;
}

/** The register of the current purposes (archived ones are left out), as the core renders it. */
export function renderRegister(format: RegisterFormat, lang: Lang, org: string, date: string, purposes: Purpose[]): string {
  const current = purposes.filter((p) => !p.archived).sort(byName);
  return format === "html" ? html(org, date, current, lang) : csv(current, lang);
}

/**
 * Every field of a category the caller may view, with its records holding data and the current
 * purposes using it. `records` counts per field name (missing: none).
 */
export function minimisation(
  records: Record<string, number>,
  purposes: Purpose[],
  mayView: (c: Category) => boolean,
  people: Pick<MinimisationReport, "archivedPurposes" | "withdrawnOnly"> = { archivedPurposes: [], withdrawnOnly: null },
): MinimisationReport {
  const current = purposes.filter((p) => !p.archived).sort(byName);
  const fields: FieldUse[] = PRIVACY_FIELDS.filter(([, category]) => mayView(category)).map(([field, category]) => ({
    field,
    category,
    records: records[field] ?? 0,
    purposes: current.filter((p) => p.fields.includes(field)).map((p) => p.name),
  }));
  return {
    fields,
    withoutPurpose: fields.filter((f) => f.records > 0 && f.purposes.length === 0).length,
    archivedPurposes: people.archivedPurposes.map((x) => ({ ...x })),
    withdrawnOnly: people.withdrawnOnly,
  };
}
