import { render, screen, waitFor, within } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { FieldNote } from "$lib/api";
import { setLocale } from "$lib/i18n/index.svelte";
import ImportNotes from "$lib/screens/contacts/ImportNotes.svelte";
import { startApp } from "./helpers";

const CSV = "Voornaam;Achternaam;E-mail;Telefoon\nJan;de Vries;jan@devries.nl;+31612345678\nAnna;Jansen;geen-adres;+31612345679\n";

/** Line 3 has a wrong e-mail address, postcode and date of birth, and a number that cannot be checked. */
const WRONG_FIELDS = [
  "Voornaam;Achternaam;E-mail;Telefoon;Postcode;Plaats;Geboortedatum",
  "Jan;de Vries;jan@devries.nl;+31612345678;1234 AB;Utrecht;1980-05-01",
  "Anna;Jansen;geen-adres;0800-KLUIS;12345;Amersfoort;morgen",
].join("\n");

function csvFile(text = CSV) {
  return new File([text], "klanten.csv", { type: "text/csv" });
}

describe("import", () => {
  it("with strict fields, refuses a file with a bad row as a whole, then imports only the valid rows", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
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
    expect(fake.people).toHaveLength(0);
    await user.click(screen.getByTestId("import-only-valid"));
    expect(await screen.findByTestId("import-imported")).toHaveTextContent("1 people imported");
    expect(fake.people.map((p) => p.displayName)).toEqual(["Jan de Vries"]);
    // The second run keeps the choice: still strict, now importing the valid rows.
    expect(fake.importOptions).toEqual([
      { mode: "all_or_nothing", strictFields: true },
      { mode: "valid_only", strictFields: true },
    ]);
    await user.click(screen.getByTestId("import-close"));
    expect(await screen.findByTestId("contacts-total")).toHaveTextContent("1");
  });

  it("by default keeps the person when one field is wrong, and lists each field not taken as given", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
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
    expect(fake.importOptions).toEqual([{ mode: "all_or_nothing", strictFields: false }]);

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
    const anna = [...fake.details.values()].find((p) => p.familyName === "Jansen")!;
    expect(anna.phones).toEqual([expect.objectContaining({ value: "0800-KLUIS", unchecked: true })]);
    expect(anna.emails).toEqual([]);
    expect(anna.dateOfBirth).toBeNull();
    expect(anna.addresses).toEqual([expect.objectContaining({ postcode: null, city: "Amersfoort" })]);
  });

  it("with strict fields, the same file refuses the row instead (in Dutch)", async () => {
    const { fake, user } = await startApp({ preset: "admin", locale: "nl" });
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
    expect(fake.importOptions).toEqual([{ mode: "valid_only", strictFields: true }]);
    expect(fake.people.map((p) => p.displayName)).toEqual(["Jan de Vries"]);
  });

  it("will not start without a name column", async () => {
    const { user } = await startApp({ preset: "admin", locale: "nl" });
    await user.click(await screen.findByTestId("import-open"));
    await user.upload(screen.getByTestId("import-file"), csvFile());
    await screen.findByTestId("import-summary");
    await user.selectOptions(screen.getByTestId("import-map-0"), "");
    await user.selectOptions(screen.getByTestId("import-map-1"), "");
    expect(screen.getByTestId("import-need-name")).toHaveTextContent("Koppel minstens één kolom");
    expect(screen.getByTestId("import-start")).toBeDisabled();
  });

  it("can be stopped while it runs, and then nothing is saved", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    const rows = Array.from({ length: 400 }, (_, i) => `P${i};Achternaam${i};p${i}@voorbeeld.nl;+3161234${String(i).padStart(4, "0")}`);
    await user.click(await screen.findByTestId("import-open"));
    await user.upload(screen.getByTestId("import-file"), csvFile(["Voornaam;Achternaam;E-mail;Telefoon", ...rows].join("\n")));
    await user.click(await screen.findByTestId("import-start"));
    await user.click(await screen.findByTestId("import-cancel"));
    expect(await screen.findByText(/The import was stopped/)).toBeInTheDocument();
    await waitFor(() => expect(fake.calls).toContain("import_cancel"));
    expect(fake.people).toHaveLength(0);
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
