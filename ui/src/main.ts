import "./app.css";
import { mount } from "svelte";
import App from "./App.svelte";
import { tauriApi } from "$lib/api";
import { previewSetup } from "$lib/dev/preview";
import "$lib/i18n/index.svelte";
import "$lib/theme/theme.svelte";

const target = document.getElementById("app");
if (!target) throw new Error("#app missing from index.html");

// The literal comparison is replaced at build time, so the preview code and the fake are dropped
// from a normal build.
if (import.meta.env.VITE_FAKE_API === "1") {
  const { api, afterBoot } = previewSetup(new URLSearchParams(window.location.search));
  mount(App, { target, props: { api, afterBoot } });
} else {
  mount(App, { target, props: { api: tauriApi } });
}
