import "@testing-library/jest-dom/vitest";
import { configure } from "@testing-library/svelte";
import { afterEach } from "vitest";
import { setLocale } from "$lib/i18n/index.svelte";

// Every step of a test on the core is a real call into an encrypted vault, on a CI machine of two
// cores: tests wait up to ten seconds for what they look for (a loaded two-core machine running
// several test files at once has taken more than five).
configure({ asyncUtilTimeout: 10_000 });

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

// jsdom has no layout: a ResizeObserver that never reports (bind:clientHeight uses it).
if (!("ResizeObserver" in globalThis)) {
  class NoResizeObserver {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.assign(globalThis, { ResizeObserver: NoResizeObserver });
}

// jsdom's Blob lacks arrayBuffer(); browsers (and WebKitGTK) have it.
if (typeof Blob !== "undefined" && !Blob.prototype.arrayBuffer) {
  Blob.prototype.arrayBuffer = function arrayBuffer(this: Blob): Promise<ArrayBuffer> {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.onerror = () => reject(reader.error);
      reader.readAsArrayBuffer(this);
    });
  };
}
