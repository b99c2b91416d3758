// Starts the UI test bridge (src-tauri/crates/api/src/bin/kluis-bridge.rs): the real core's
// command table over HTTP on 127.0.0.1, with test key derivation. Tests reach it through
// `coreVault()` in ./core.ts. Cargo builds it first (a no-op when it is up to date).
import { execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    bridgeUrl: string;
  }
}

const root = fileURLToPath(new URL("../..", import.meta.url));

export default async function setup(project: TestProject): Promise<() => void> {
  // KLUIS_BRIDGE_BIN names a bridge built elsewhere (UI work beside a Rust build in progress).
  let bin = process.env.KLUIS_BRIDGE_BIN;
  if (!bin) {
    execFileSync("cargo", ["build", "--quiet", "-p", "kluis-api", "--features", "bridge", "--bin", "kluis-bridge"], {
      cwd: root,
      stdio: "inherit",
    });
    bin = `${root}/target/debug/kluis-bridge`;
  }
  const bridge = spawn(bin, [], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: bridge.stdout });
  const url = await new Promise<string>((resolve, reject) => {
    bridge.once("error", reject);
    bridge.once("exit", (code) => reject(new Error(`the test bridge stopped (${code})`)));
    lines.once("line", (line) => resolve(`http://${line.replace("listening on ", "").trim()}`));
  });
  // The seeded vault is made once (a few seconds) and copied for each test that asks for one.
  await fetch(`${url}/vaults`, { method: "POST", body: JSON.stringify({ preset: "seeded" }) });
  project.provide("bridgeUrl", url);
  // Closing its standard input ends the bridge and removes its vaults.
  return () => {
    bridge.stdin.end();
  };
}
