// Importing people from a CSV file against the real core: the core stages the file and proposes the
// mapping, refuses a file with a bad row as a whole or imports only the valid rows, keeps a person
// whose optional field is wrong (listing each field not taken as given), and rolls back an import
// stopped while it runs. The notes list itself is a component of its own, tested without a core.
import { render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { FieldNote } from "$lib/api";
import type { ImportOptions, KluisApi, PersonQuery } from "$lib/api/types";
import { setLocale } from "$lib/i18n/index.svelte";
import ImportNotes from "$lib/screens/contacts/ImportNotes.svelte";
import { newCoreVault, renderApp, type CoreVault } from "./core";

const CSV = "Voornaam;Achternaam;E-mail;Telefoon\nJan;de Vries;jan@devries.nl;+31612345678\nAnna;Jansen;geen-adres;+31612345679\n";

/** Line 3 has a wrong e-mail address, postcode and date of birth, and a number that cannot be checked (the fake took
 * "0800-KLUIS", which the core reads as a valid Dutch free-phone number). */
const WRONG_FIELDS = [
  "Voornaam;Achternaam;E-mail;Telefoon;Postcode;Plaats;Geboortedatum",
  "Jan;de Vries;jan@devries.nl;+31612345678;1234 AB;Utrecht;1980-05-01",
  "Anna;Jansen;geen-adres;+45 1234;12345;Amersfoort;morgen",
].join("\n");

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

function csvFile(text = CSV) {
  return new File([text], "klanten.csv", { type: "text/csv" });
}

/** An empty vault with its administrator signed in, the window on it, and the options each import run was sent with. */
async function start(locale: "en" | "nl" = "en") {
  const vault = await newCoreVault();
  const sent: ImportOptions[] = [];
  const api: KluisApi = { ...vault.api, importRun: (mapping, options, onProgress) => (sent.push(options), vault.api.importRun(mapping, options, onProgress)) };
  const { user } = await renderApp(api, locale);
  return { ...vault, sent, user };
}

async function names(vault: CoreVault) {
  return (await vault.api.personsList(everyone)).rows.map((p) => p.displayName);
}

describe("import (real core)", { timeout: 30_000 }, () => {
  it("with strict fields, refuses a file with a bad row as a whole, then imports only the valid rows", async () => {
    const { sent, user, ...vault } = await start();
    await user.click(await screen.findByTestId("import-open"));
    await user.upload(screen.getByTestId("import-file"), csvFile());
    expect(await screen.findByTestId("import-summary")).toHaveTextContent("2 rows");
    expect(screen.getByTestId("import-map-0")).toHaveValue("given_name");
    expect(screen.getByTestId("import-map-2")).toHaveValue("email");
    expect(screen.getByTestId("import-strict")).not.toBeChecked();
    await user.click(screen.getByTestId("import-strict"));
    await user.click(screen.getByTestId("import-start"));
    expect(await screen.findByTestId("import-not-committed")).toHaveTextContent("Nothing was imported");
    expect(screen.getByTestId("import-problems")).toHaveTextContent("3");
    expect(screen.getByTestId("import-problems")).toHaveTextContent("E-mail");
    expect(screen.queryByTestId("import-notes")).not.toBeInTheDocument();
    expect(await names(vault)).toEqual([]);
    await user.click(screen.getByTestId("import-only-valid"));
    expect(await screen.findByTestId("import-imported")).toHaveTextContent("1 people imported");
    expect(await names(vault)).toEqual(["Jan de Vries"]);
    // The second run keeps the choice: still strict, now importing the valid rows.
    expect(sent).toEqual([
      { mode: "all_or_nothing", strictFields: true },
      { mode: "valid_only", strictFields: true },
    ]);
    await user.click(screen.getByTestId("import-close"));
    await waitFor(() => expect(screen.getByTestId("contacts-total")).toHaveTextContent("1"));
  });

  it("by default keeps the person when one field is wrong, and lists each field not taken as given", async () => {
    const { sent, user, ...vault } = await start();
    await user.click(await screen.findByTestId("import-open"));
    await user.upload(screen.getByTestId("import-file"), csvFile(WRONG_FIELDS));
    await screen.findByTestId("import-summary");
    expect(screen.getByTestId("import-map-4")).toHaveValue("postcode");
    expect(screen.getByTestId("import-map-6")).toHaveValue("date_of_birth");
    await user.click(screen.getByTestId("import-start"));

    expect(await screen.findByTestId("import-imported")).toHaveTextContent("2 people imported");
    expect(screen.getByTestId("import-noted-count")).toHaveTextContent("4 fields not taken as given");
    expect(screen.queryByTestId("import-refused")).not.toBeInTheDocument();
    expect(screen.queryByTestId("import-problems")).not.toBeInTheDocument();
    expect(sent).toEqual([{ mode: "all_or_nothing", strictFields: false }]);

    const notes = within(screen.getByTestId("import-notes")).getAllByTestId("import-note");
    expect(notes).toHaveLength(4);
    expect(notes.every((n) => n.dataset.line === "3")).toBe(true);
    const kept = notes.filter((n) => n.dataset.kept === "true");
    expect(kept).toHaveLength(1);
    expect(kept[0]).toHaveTextContent("Telefoon");
    expect(kept[0]).toHaveTextContent("Kept as typed, not checked");
    expect(kept[0]).toHaveTextContent("country code");
    const left = notes.filter((n) => n.dataset.kept === "false").map((n) => n.textContent ?? "");
    expect(left).toHaveLength(3);
    expect(left.every((text) => text.includes("Left out"))).toBe(true);
    expect(left.join(" ")).toContain("Not a valid e-mail address");
    expect(left.join(" ")).toContain("Not a valid postcode");
    expect(left.join(" ")).toContain("Geboortedatum → Date of birth");

    // Anna is in: her number as typed and marked, the rest left out, her city kept.
    const row = (await vault.api.personsList(everyone)).rows.find((p) => p.displayName === "Anna Jansen")!;
    const anna = (await vault.api.personView(row.id)).person;
    expect(anna.phones).toEqual([expect.objectContaining({ value: "+45 1234", unchecked: true })]);
    expect(anna.emails).toEqual([]);
    expect(anna.dateOfBirth).toBeNull();
    expect(anna.addresses).toEqual([expect.objectContaining({ postcode: null, city: "Amersfoort" })]);
  });

  it("with strict fields, the same file refuses the row instead (in Dutch)", async () => {
    const { sent, user, ...vault } = await start("nl");
    await user.click(await screen.findByTestId("import-open"));
    await user.upload(screen.getByTestId("import-file"), csvFile(WRONG_FIELDS));
    await screen.findByTestId("import-summary");
    expect(screen.getByText("Een rij weigeren als één veld niet klopt")).toBeInTheDocument();
    await user.click(screen.getByTestId("import-mode-valid_only"));
    await user.click(screen.getByTestId("import-strict"));
    await user.click(screen.getByTestId("import-start"));
    expect(await screen.findByTestId("import-imported")).toHaveTextContent("1 personen geïmporteerd");
    expect(screen.getByTestId("import-refused")).toHaveTextContent("1 rijen overgeslagen");
    expect(screen.getByTestId("import-problems")).toHaveTextContent("3");
    expect(screen.queryByTestId("import-notes")).not.toBeInTheDocument();
    expect(screen.queryByTestId("import-noted-count")).not.toBeInTheDocument();
    expect(sent).toEqual([{ mode: "valid_only", strictFields: true }]);
    expect(await names(vault)).toEqual(["Jan de Vries"]);
  });

  it("will not start without a name column", async () => {
    const { user } = await start("nl");
    await user.click(await screen.findByTestId("import-open"));
    await user.upload(screen.getByTestId("import-file"), csvFile());
    await screen.findByTestId("import-summary");
    await user.selectOptions(screen.getByTestId("import-map-0"), "");
    await user.selectOptions(screen.getByTestId("import-map-1"), "");
    expect(screen.getByTestId("import-need-name")).toHaveTextContent("Koppel minstens één kolom");
    expect(screen.getByTestId("import-start")).toBeDisabled();
  });

  it("can be stopped while it runs, and then nothing is saved", async () => {
    const { user, ...vault } = await start();
    const rows = Array.from({ length: 400 }, (_, i) => `P${i};Achternaam${i};p${i}@voorbeeld.nl;+3161234${String(i).padStart(4, "0")}`);
    await user.click(await screen.findByTestId("import-open"));
    await user.upload(screen.getByTestId("import-file"), csvFile(["Voornaam;Achternaam;E-mail;Telefoon", ...rows].join("\n")));
    await screen.findByTestId("import-summary");
    // The core waits after its first report, so the run is surely still going at the click.
    await vault.jobs.hold(true);
    await user.click(screen.getByTestId("import-start"));
    expect(await vault.jobs.held()).toMatchObject({ held: true });
    await user.click(await screen.findByTestId("import-cancel"));
    expect(await screen.findByText(/The import was stopped/)).toBeInTheDocument();
    expect(await names(vault)).toEqual([]);
  });
});

describe("import notes", () => {
  const many: FieldNote[] = Array.from({ length: 1_000 }, (_, i) => ({
    line: i + 2,
    column: i % 2 ? "Telefoon" : "E-mail",
    field: i % 2 ? "phones" : "emails",
    reason: "invalid_format",
    keptAsTyped: i % 2 === 1,
  }));

  it("lists the first 1,000 in a scrolling list and says how many there are in all", () => {
    render(ImportNotes, { props: { notes: many, noted: 1_500, committed: true } });
    const list = screen.getByTestId("import-notes");
    expect(within(list).getAllByTestId("import-note")).toHaveLength(1_000);
    expect(within(list).getByRole("region")).toHaveAttribute("tabindex", "0");
    expect(list).toHaveTextContent("Only the first 1,000 of 1,500 are listed.");
    const last = within(list).getAllByTestId("import-note").at(-1)!;
    expect(last).toHaveAttribute("data-line", "1001");
    expect(last).toHaveAttribute("data-kept", "true");
  });

  it("speaks Dutch, and says what importing would do when nothing was imported yet", () => {
    setLocale("nl", false);
    render(ImportNotes, { props: { notes: many.slice(0, 2), noted: 2, committed: false } });
    const list = screen.getByTestId("import-notes");
    expect(list).toHaveTextContent("Als je importeert");
    expect(list).toHaveTextContent("Weggelaten");
    expect(list).toHaveTextContent("Bewaard zoals getypt, niet gecontroleerd");
    expect(list).toHaveTextContent("Geen geldig e-mailadres");
    expect(list).not.toHaveTextContent("Alleen de eerste");
  });
});
