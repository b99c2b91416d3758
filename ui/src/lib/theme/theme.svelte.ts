// Theme choice (light, dark or following the system), applied as data-theme on <html> so the
// CSS custom properties in app.css switch in one place.
export type ThemeChoice = "light" | "dark" | "system";
export type ResolvedTheme = "light" | "dark";

const STORAGE_KEY = "kluis.theme";

function isChoice(value: unknown): value is ThemeChoice {
  return value === "light" || value === "dark" || value === "system";
}

function storedChoice(): ThemeChoice | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isChoice(value) ? value : null;
  } catch {
    return null;
  }
}

const darkQuery =
  typeof window !== "undefined" && typeof window.matchMedia === "function"
    ? window.matchMedia("(prefers-color-scheme: dark)")
    : null;

const state = $state({
  choice: storedChoice() ?? ("system" as ThemeChoice),
  systemDark: darkQuery?.matches ?? false,
});

darkQuery?.addEventListener("change", (event) => {
  state.systemDark = event.matches;
  apply();
});

function resolved(): ResolvedTheme {
  if (state.choice === "system") return state.systemDark ? "dark" : "light";
  return state.choice;
}

function apply(): void {
  if (typeof document !== "undefined") document.documentElement.dataset.theme = resolved();
}
apply();

export function getTheme(): ThemeChoice {
  return state.choice;
}

export function getResolvedTheme(): ResolvedTheme {
  return resolved();
}

export function setTheme(choice: ThemeChoice, remember = true): void {
  state.choice = choice;
  apply();
  if (!remember) return;
  try {
    localStorage.setItem(STORAGE_KEY, choice);
  } catch {
    // Without storage the choice lasts for this run only.
  }
}
