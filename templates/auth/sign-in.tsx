/**
 * Sign in by phone number (step 1) and by the code sent by SMS (step 2). Plain forms that
 * post and redirect; htmx (boosted) only saves the page reload.
 */
import { CodeEntryForm, NewCodeForm } from '../components/code-entry';
import { Field } from '../components/field';
import { Notice } from '../components/notice';
import { PasskeySignInForm } from '../account/passkeys';
import { t, tx } from '../../src/i18n';

export interface PhoneFormProps {
  phone?: string;
  error?: string;
  notice?: string;
  /** A refused passkey sign-in (routes/passkeys.tsx). */
  passkeyError?: string;
}

export function PhoneForm({ phone, error, notice, passkeyError }: PhoneFormProps) {
  return (
    <section class="card narrow" aria-labelledby="signin-heading">
      <h1 id="signin-heading">{t('auth.signIn.heading')}</h1>
      <p>{t('auth.signIn.intro')}</p>
      <Notice text={notice} />
      <form method="post" action="/sign-in" novalidate>
        <Field
          id="phone"
          name="phone"
          label={t('auth.signIn.phoneLabel')}
          type="tel"
          autocomplete="tel"
          inputmode="tel"
          maxlength={32}
          value={phone}
          error={error}
          hint={t('auth.signIn.phoneHint')}
          required
          autofocus
        />
        <button type="submit">{t('auth.signIn.textMe')}</button>
      </form>
      <PasskeySignInForm error={passkeyError} />
      <p>
        <a href="/sign-in/email">{t('auth.signIn.withEmail')}</a>
      </p>
    </section>
  );
}

export interface CodeFormProps {
  phoneDisplay: string;
  error?: string;
  notice?: string;
  /** When the code can no longer be used, the page leads with "send a new code". */
  codeUsable?: boolean;
}

export function CodeForm({ phoneDisplay, error, notice, codeUsable = true }: CodeFormProps) {
  return (
    <section class="card narrow" aria-labelledby="code-heading">
      <h1 id="code-heading">{t('auth.code.heading')}</h1>
      <p>{tx('auth.code.sent', { phone: <strong>{phoneDisplay}</strong> })}</p>
      <Notice text={notice} />
      <CodeEntryForm action="/sign-in/code" submit={t('auth.signIn.submit')} error={error} autofocus={codeUsable} />
      <NewCodeForm action="/sign-in/resend" />
      <p>
        <a href="/sign-in">{t('auth.code.differentNumber')}</a>
      </p>
    </section>
  );
}
