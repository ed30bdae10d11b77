/**
 * Sign in by phone number (step 1) and by the code sent by SMS (step 2). Plain forms that
 * post and redirect; htmx (boosted) only saves the page reload.
 */
import { CodeEntryForm, NewCodeForm } from '../components/code-entry';
import { Field } from '../components/field';
import { Notice } from '../components/notice';
import { PasskeySignInForm } from '../account/passkeys';

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
      <h1 id="signin-heading">Sign in</h1>
      <p>We'll text a 6-digit code to the phone number your pet-care business has on file.</p>
      <Notice text={notice} />
      <form method="post" action="/sign-in" novalidate>
        <Field
          id="phone"
          name="phone"
          label="Mobile phone number"
          type="tel"
          autocomplete="tel"
          inputmode="tel"
          maxlength={32}
          value={phone}
          error={error}
          hint="For a number from another country, start with + and the country code."
          required
          autofocus
        />
        <button type="submit">Text me a code</button>
      </form>
      <PasskeySignInForm error={passkeyError} />
      <p>
        <a href="/sign-in/email">Sign in with email and password</a>
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
      <h1 id="code-heading">Enter your code</h1>
      <p>
        If <strong>{phoneDisplay}</strong> is on file with a business that uses Pawtal, we've sent it a 6-digit code. It works for 10 minutes.
      </p>
      <Notice text={notice} />
      <CodeEntryForm action="/sign-in/code" submit="Sign in" error={error} autofocus={codeUsable} />
      <NewCodeForm action="/sign-in/resend" />
      <p>
        <a href="/sign-in">Use a different number</a>
      </p>
    </section>
  );
}
