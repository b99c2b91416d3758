/** Focuses the element once it is in the document (instead of the autofocus attribute, which
 * Svelte flags and which does not work for elements mounted later). */
export function focusOnMount(node: HTMLElement, enabled: boolean | undefined = true): void {
  if (enabled) queueMicrotask(() => node.focus());
}
