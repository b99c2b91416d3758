// One form's submit cycle, shared by the dialogs: check the fields here first, then ask the core;
// while it works the form is busy; a refusal the core ties to a field is shown at that field,
// anything else in the form's banner; after a refusal focus goes to the first field marked
// invalid. A dialog keeps only its fields and what it sends.
import { toApiError, type ApiError } from "$lib/api";
import { fieldErrorFor } from "$lib/i18n/errors";
import { focusFirstInvalid } from "./focus";
import { hasErrors, type Errors } from "./validate";

export interface Submit<F extends string> {
  /** Field errors found before asking the core (none: ask). May ask the core itself (strength). */
  check?: () => Errors<F> | Promise<Errors<F>>;
  /** Asks the core and hands on its answer. */
  send: () => Promise<void>;
  /** A form's own wording for a refusal (field errors to show), before the general mapping. */
  refused?: (err: ApiError) => Errors<F> | undefined;
  /** A form's own wording for a refusal at a field (`message`: the general one). */
  reword?: (field: F, err: ApiError, message: string) => string;
}

export class FormState<F extends string> {
  errors = $state<Errors<F>>({});
  /** A refusal that belongs to no field. */
  error = $state<ApiError | null>(null);
  busy = $state(false);
  /** The form element (bind:this), where focus goes after a refusal. */
  el = $state<HTMLFormElement>();
  readonly #coreFields: Record<string, F>;

  /** `coreFields`: the core's field names (details.field) mapped to this form's fields. */
  constructor(coreFields: Record<string, F> = {}) {
    this.#coreFields = coreFields;
  }

  /** The form's onsubmit handler. */
  submit(run: Submit<F>): (event?: SubmitEvent) => Promise<void> {
    return async (event) => {
      event?.preventDefault();
      if (this.busy) return;
      this.error = null;
      this.busy = true;
      try {
        this.errors = (await run.check?.()) ?? {};
        if (hasErrors(this.errors)) {
          await focusFirstInvalid(this.el);
          return;
        }
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
    const onField = fieldErrorFor(err, this.#coreFields);
    if (onField) {
      const message = reword ? reword(onField.field, err, onField.message) : onField.message;
      this.errors = { [onField.field]: message } as Errors<F>;
    } else this.error = err;
    void focusFirstInvalid(this.el);
  }
}
