import { screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { startApp } from "./helpers";

const CSV = "Voornaam;Achternaam;E-mail;Telefoon\nJan;de Vries;jan@devries.nl;+31612345678\nAnna;Jansen;geen-adres;+31612345679\n";

function csvFile(text = CSV) {
  return new File([text], "klanten.csv", { type: "text/csv" });
}

describe("import", () => {
  it("maps the columns, refuses a file with a bad row as a whole, then imports only the valid rows", async () => {
    const { fake, user } = await startApp({ preset: "admin" });
    await user.click(await screen.findByTestId("import-open"));
    await user.upload(screen.getByTestId("import-file"), csvFile());
    expect(await screen.findByTestId("import-summary")).toHaveTextContent("2 rows");
    expect(screen.getByTestId("import-map-0")).toHaveValue("given_name");
    expect(screen.getByTestId("import-map-2")).toHaveValue("email");
    await user.click(screen.getByTestId("import-start"));
    expect(await screen.findByTestId("import-not-committed")).toHaveTextContent("Nothing was imported");
    expect(screen.getByTestId("import-problems")).toHaveTextContent("3");
    expect(fake.people).toHaveLength(0);
    await user.click(screen.getByTestId("import-only-valid"));
    expect(await screen.findByTestId("import-imported")).toHaveTextContent("1 people imported");
    expect(fake.people.map((p) => p.displayName)).toEqual(["Jan de Vries"]);
    await user.click(screen.getByTestId("import-close"));
    expect(await screen.findByTestId("contacts-total")).toHaveTextContent("1");
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
