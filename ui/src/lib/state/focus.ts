import { tick } from "svelte";

/** After a refused submit, move focus to the first field marked invalid in `form`. */
export async function focusFirstInvalid(form: HTMLElement | undefined): Promise<void> {
  await tick();
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}
