/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { svelteTesting } from "@testing-library/svelte/vite";
import { fileURLToPath } from "node:url";

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  resolve: {
    alias: { $lib: fileURLToPath(new URL("./src/lib", import.meta.url)) },
  },
  // Tauri serves dist/ itself; a fixed port lets tauri.conf.json's devUrl point here.
  server: {
    port: 5173,
    strictPort: true,
    // The browser preview (`npm run preview:core`) reaches the UI test bridge through here, so
    // it needs no cross-origin rights of its own.
    proxy: process.env.KLUIS_BRIDGE
      ? { "/bridge": { target: process.env.KLUIS_BRIDGE, rewrite: (p) => p.replace(/^\/bridge/, "") } }
      : undefined,
  },
  clearScreen: false,
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // No inline assets: the CSP allows only 'self' for fonts and images.
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./tests/setup.ts"],
    // The real core for the tests that use it (tests/core.ts).
    globalSetup: ["./tests/bridge-setup.ts"],
    include: ["tests/**/*.test.ts"],
    // A scenario on the real core is many calls into an encrypted vault; on a loaded two-core
    // machine one has taken more than the default five seconds.
    testTimeout: 30_000,
  },
});
