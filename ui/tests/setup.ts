import "@testing-library/jest-dom/vitest";
import { afterEach } from "vitest";
import { setLocale } from "$lib/i18n/index.svelte";

// jsdom has <dialog> but not its modal methods.
if (typeof HTMLDialogElement !== "undefined" && !HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute("open", "");
  };
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute("open");
  };
}

afterEach(() => {
  globalThis.localStorage?.clear();
  setLocale("en", false);
});
