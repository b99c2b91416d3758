import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { tauriApi } from "$lib/api";
import "$lib/i18n/index.svelte";
import "$lib/theme/theme.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("#app missing from index.html");

// VITE_CORE_BRIDGE is replaced at build time: a normal build has no preview code in it.
const bridge = import.meta.env.VITE_CORE_BRIDGE;
if (bridge) {
  void import("$lib/dev/preview").then(async ({ previewSetup }) => {
    const { api, afterBoot } = await previewSetup(new URLSearchParams(window.location.search), bridge);
    mount(App, { target, props: { api, afterBoot } });
  });
} else {
  mount(App, { target, props: { api: tauriApi } });
}
