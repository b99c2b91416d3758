// `npm run preview:core`: the browser preview against the real core. Builds and starts the UI
// test bridge (the command table over HTTP on 127.0.0.1, test key derivation, vaults in a
// temporary folder removed when it stops) and Vite with /bridge proxied to it. Open the address
// Vite prints with e.g. ?screen=app&as=hr&demo=200&lang=nl&theme=dark (see src/lib/dev/preview.ts).
import { execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));
execFileSync("cargo", ["build", "--quiet", "-p", "kluis-api", "--features", "bridge", "--bin", "kluis-bridge"], {
  cwd: root,
  stdio: "inherit",
});
const bridge = spawn(`${root}/target/debug/kluis-bridge`, [], { stdio: ["pipe", "pipe", "inherit"] });
const line = await new Promise((resolve, reject) => {
  bridge.once("error", reject);
  createInterface({ input: bridge.stdout }).once("line", resolve);
});
const address = `http://${String(line).replace("listening on ", "").trim()}`;
const vite = spawn("npx", ["vite"], {
  stdio: "inherit",
  env: { ...process.env, KLUIS_BRIDGE: address, VITE_CORE_BRIDGE: "/bridge" },
});
const stop = () => {
  vite.kill();
  bridge.stdin.end();
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
vite.on("exit", () => bridge.stdin.end());
