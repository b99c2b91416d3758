// A category key named in words, to use inside a sentence: "the key to personnel files", "de
// sleutel van de personeelsdossiers". The core names the category (hr, special, backup) in an
// error's details and in the keys' state; one it adds later still reads as words.
import { t, type MessageKey } from "./index.svelte";

const KEYS: Record<string, MessageKey> = {
  hr: "keys.key.hr",
  special: "keys.key.special",
  backup: "keys.key.backup",
};

export function keyName(category: string | null | undefined): string {
  const key = category ? KEYS[category] : undefined;
  return t(key ?? "keys.key.other");
}
