/**
 * The one way to enter a one-time code — sign-in, invitations, "confirm it's you", a new email
 * and the password reset: the "6-digit code" field (id and name `code`, autocomplete
 * one-time-code so phones offer a texted code, a numeric keypad), its form, and the small
 * "Send a new code" form beside it.
 */
import type { Child } from 'hono/jsx';
import { Field } from './field';
import { t } from '../../src/i18n';

/** Hidden fields, rendered in order (e.g. `{ next: '/account', resend: '1' }`). */
export type HiddenFields = Record<string, string>;

function Hidden({ fields }: { fields?: HiddenFields | undefined }) {
  return (
    <>
      {Object.entries(fields ?? {}).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
    </>
  );
}

export interface CodeEntryFormProps {
  /** Where the code is posted. */
  action: string;
  /** The submit button's words ("Sign in", "Register", "Confirm" …). */
  submit: string;
  /** How the code came; an emailed one says so in its label. Default "sms". */
  channel?: 'sms' | 'email';
  error?: string | undefined;
  /** The code as typed, put back when another field was refused (the code itself is still unused). */
  value?: string | undefined;
  /** Focus the code field (false when the code can no longer be used, or another field has the error). */
  autofocus?: boolean;
  hidden?: HiddenFields;
  /** Further fields after the code (the reset form's new password). */
  children?: Child;
}

/** A form with the code field, any further fields, and one submit button. */
export function CodeEntryForm(p: CodeEntryFormProps) {
  return (
    <form method="post" action={p.action} novalidate>
      <Hidden fields={p.hidden} />
      <Field
        id="code"
        name="code"
        label={p.channel === 'email' ? t('auth.codeField.email') : t('auth.codeField.sms')}
        autocomplete="one-time-code"
        inputmode="numeric"
        maxlength={16}
        value={p.value}
        error={p.error}
        required
        autofocus={p.autofocus}
      />
      {p.children}
      <button type="submit">{p.submit}</button>
    </form>
  );
}

/** "Send a new code": one secondary button that posts to `action`. */
export function NewCodeForm({ action, hidden }: { action: string; hidden?: HiddenFields }) {
  return (
    <form method="post" action={action} class="inline">
      <Hidden fields={hidden} />
      <button type="submit" class="secondary">
        {t('auth.newCode')}
      </button>
    </form>
  );
}
