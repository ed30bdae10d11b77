/**
 * The one form field: a visible label, the control (an input, or a textarea when `multiline`),
 * an optional hint and the field's error, tied together with aria-describedby / aria-invalid
 * so screen readers read the message.
 */
export interface FieldProps {
  id: string;
  name: string;
  label: string;
  value?: string;
  error?: string;
  hint?: string;
  type?: string;
  autocomplete?: string;
  inputmode?: 'numeric' | 'tel' | 'text' | 'email';
  maxlength?: number;
  pattern?: string;
  required?: boolean;
  autofocus?: boolean;
  min?: string;
  max?: string;
  /** For type="file": the accepted types, e.g. "image/jpeg,image/png". */
  accept?: string;
  /** A <textarea> instead of an <input> (longer free text). */
  multiline?: boolean;
  /** htmx attributes for the input (e.g. re-render a step when a date changes). */
  hx?: Record<string, string>;
}

/** A field's error message, referenced by the control's aria-describedby (`<id>-error`). */
export function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p class="error" id={`${id}-error`} role="alert">
      {error}
    </p>
  ) : null;
}

export function Field(p: FieldProps) {
  const hintId = p.hint ? `${p.id}-hint` : undefined;
  const errorId = p.error ? `${p.id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div class={p.error ? 'field invalid' : 'field'}>
      <label for={p.id}>{p.label}</label>
      {p.hint ? (
        <p class="hint" id={hintId}>
          {p.hint}
        </p>
      ) : null}
      {p.multiline ? (
        <textarea
          id={p.id}
          name={p.name}
          maxlength={p.maxlength}
          required={p.required}
          rows={3}
          aria-invalid={p.error ? 'true' : undefined}
          aria-describedby={describedBy}
        >
          {p.value ?? ''}
        </textarea>
      ) : (
        <input
          id={p.id}
          name={p.name}
          type={p.type ?? 'text'}
          value={p.value ?? ''}
          autocomplete={p.autocomplete}
          inputmode={p.inputmode}
          maxlength={p.maxlength}
          pattern={p.pattern}
          required={p.required}
          autofocus={p.autofocus}
          min={p.min}
          max={p.max}
          accept={p.accept}
          aria-invalid={p.error ? 'true' : undefined}
          aria-describedby={describedBy}
          {...(p.hx ?? {})}
        />
      )}
      <FieldError id={p.id} error={p.error} />
    </div>
  );
}
