/// <reference types="svelte" />
/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** "1" runs the UI against the in-memory fake backend (browser preview). */
  readonly VITE_FAKE_API?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
