// One form's submit cycle, shared by the dialogs: check the fields here first, then ask the core;
// while it works the form is busy; a refusal the core ties to a field is shown at that field,
// anything else in the form's banner; after a refusal focus goes to the first field marked
// invalid. A dialog keeps only its fields and what it sends.
import { toApiError, type ApiError } from "$lib/api";
import { fieldErrorFor, fieldMessage } from "$lib/i18n/errors";
import { focusFirstInvalid } from "./focus";
import { hasErrors, type Errors } from "./validate";

/**
 * Field errors found, as text or as a function that words them. The function is called again
 * when they are shown, so they follow a switch of language instead of staying in the old one.
 */
export type Found<F extends string> = Errors<F> | (() => Errors<F>);

export interface Submit<F extends string> {
  /** Field errors found before asking the core (none: ask). May ask the core itself (strength). */
  check?: () => Found<F> | Promise<Found<F>>;
  /** Asks the core and hands on its answer. */
  send: () => Promise<void>;
  /**
   * A form's own answer to a refusal, before the general mapping: field errors to show, or none.
   * It may also drop what the refusal made stale (sign-in: the password typed).
   */
  refused?: (err: ApiError) => Found<F> | undefined;
  /** A form's own wording for a refusal at a field (`message`: the general one). */
  reword?: (field: F, err: ApiError, message: string) => string;
  /**
   * Leave the banner up while the fields are refused here, until the core is asked again: what
   * the core answered last still holds (sign-in: a wrong password stays said while a field is fixed).
   */
  keepBanner?: boolean;
}

export class FormState<F extends string> {
  // Kept as a function and worded when read (see Found).
  #found = $state<() => Errors<F>>(() => ({}));
  readonly #shown = $derived.by(() => this.#found());
  /** A refusal that belongs to no field. */
  error = $state<ApiError | null>(null);
  busy = $state(false);
  /** The form element (bind:this), where focus goes after a refusal; none: focus stays. */
  el = $state<HTMLFormElement>();
  readonly #coreFields: Record<string, F>;

  /** `coreFields`: the core's field names (details.field) mapped to this form's fields. */
  constructor(coreFields: Record<string, F> = {}) {
    this.#coreFields = coreFields;
  }

  /** A save refused because someone else saved the record meanwhile (office mode). */
  get conflict(): ApiError | null {
    return this.error?.code === "record.conflict" ? this.error : null;
  }

  /** The field errors shown, in the language of now. */
  get errors(): Errors<F> {
    return this.#shown;
  }

  set errors(found: Found<F>) {
    this.#found = typeof found === "function" ? found : () => found;
  }

  /** The form's onsubmit handler. */
  submit(run: Submit<F>): (event?: SubmitEvent) => Promise<void> {
    return async (event) => {
      event?.preventDefault();
      if (this.busy) return;
      if (!run.keepBanner) this.error = null;
      this.busy = true;
      try {
        this.errors = (await run.check?.()) ?? {};
        if (hasErrors(this.errors)) {
          await focusFirstInvalid(this.el);
          return;
        }
        this.error = null;
        await run.send();
      } catch (e) {
        const err = toApiError(e);
        const own = run.refused?.(err);
        if (own) {
          this.errors = own;
          void focusFirstInvalid(this.el);
        } else this.refuse(err, run.reword);
      } finally {
        this.busy = false;
      }
    };
  }

  /** Shows a refusal from the core: at its field when the form has one, else in the banner. */
  refuse(err: ApiError, reword?: Submit<F>["reword"]): void {
    const field = fieldErrorFor(err, this.#coreFields)?.field;
    if (field) {
      this.errors = () => {
        const message = fieldMessage(err);
        return { [field]: reword ? reword(field, err, message) : message } as Errors<F>;
      };
    } else this.error = err;
    void focusFirstInvalid(this.el);
  }
}
