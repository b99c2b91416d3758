// @vitest-environment node
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src", import.meta.url));
const ALLOWED = "lib/api/index.ts";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe("the api module is the only door to the core", () => {
  it("no other source file imports @tauri-apps/api or calls invoke", () => {
    const offenders = files(SRC)
      .filter((path) => /\.(ts|svelte)$/.test(path))
      .map((path) => relative(SRC, path).split("\\").join("/"))
      .filter((path) => path !== ALLOWED)
      .filter((path) => {
        const text = readFileSync(join(SRC, path), "utf8");
        return /@tauri-apps\/api|\binvoke\s*[(<]|__TAURI/.test(text);
      });
    expect(offenders).toEqual([]);
  });
});
