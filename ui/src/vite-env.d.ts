/// <reference types="svelte" />
/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Where the browser preview reaches the UI test bridge (`npm run preview:core`: "/bridge"). */
  readonly VITE_CORE_BRIDGE?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
