/**
 * The console's sign-in: email + password, then the second factor (a code from the
 * authenticator app, or a recovery code), and the enrolment page that shows the secret (and
 * the otpauth link an app can open) and, once confirmed, the ten recovery codes — once.
 */
import { EmailField } from '../components/credential-fields';
import { Field } from '../components/field';
import { Notice } from '../components/notice';
import { PasskeySignInForm } from '../account/passkeys';

export function StaffSignInForm(p: { email?: string; emailError?: string; passwordError?: string; notice?: string; passkeyError?: string }) {
  return (
    <section class="card narrow" aria-labelledby="staff-signin-heading">
      <h1 id="staff-signin-heading">Sign in to your business</h1>
      <Notice text={p.notice} />
      <form method="post" action="/manage/sign-in" novalidate>
        <EmailField label="Work email address" autocomplete="username" value={p.email} error={p.emailError} autofocus={!p.email || Boolean(p.emailError)} />
        <Field
          id="password"
          name="password"
          label="Password"
          type="password"
          autocomplete="current-password"
          error={p.passwordError}
          required
          autofocus={Boolean(p.email) && !p.emailError}
        />
        <button type="submit">Sign in</button>
      </form>
      <PasskeySignInForm action="/manage/sign-in/passkey" options="/manage/sign-in/passkey/options" error={p.passkeyError} label="Use a passkey" />
      <p class="muted small">
        Pet parents sign in at <a href="/sign-in">the portal</a>.
      </p>
    </section>
  );
}

export function TwoStepForm(p: { codeError?: string; recoveryError?: string; passkeyError?: string }) {
  return (
    <section class="card narrow" aria-labelledby="two-step-heading">
      <h1 id="two-step-heading">Two-step sign-in</h1>
      <form method="post" action="/manage/two-step" novalidate>
        <Field
          id="code"
          name="code"
          label="6-digit code from your authenticator app"
          inputmode="numeric"
          autocomplete="one-time-code"
          maxlength={12}
          error={p.codeError}
          autofocus
        />
        <button type="submit">Continue</button>
      </form>
      <PasskeySignInForm action="/manage/two-step/passkey" options="/manage/two-step/passkey/options" error={p.passkeyError} label="Use a passkey instead" />
      <details class="more-ways" open={Boolean(p.recoveryError)}>
        <summary>Lost your phone? Use a recovery code</summary>
        <form method="post" action="/manage/two-step" novalidate>
          <Field id="recovery" name="recovery" label="Recovery code" autocomplete="off" maxlength={20} error={p.recoveryError} />
          <button type="submit" class="secondary">
            Use recovery code
          </button>
        </form>
      </details>
    </section>
  );
}

export function EnrolForm(p: { secretGrouped: string; uri: string; sealed: string; codeError?: string; required: boolean }) {
  return (
    <section class="card narrow" aria-labelledby="enrol-heading">
      <h1 id="enrol-heading">Set up two-step sign-in</h1>
      <p>{p.required ? 'Your business asks for a second step at every sign-in.' : 'A second step keeps your business safe if your password leaks.'}</p>
      <ol>
        <li>
          Open an authenticator app (Google Authenticator, 1Password, Microsoft Authenticator…) and add an account with this key:{' '}
          <code class="secret">{p.secretGrouped}</code> (time-based, 6 digits). On this device you can <a href={p.uri}>open it in the app</a> instead.
        </li>
        <li>Enter the 6-digit code the app shows.</li>
      </ol>
      <form method="post" action="/manage/two-step/setup" novalidate>
        <input type="hidden" name="sealed" value={p.sealed} />
        <Field id="code" name="code" label="6-digit code" inputmode="numeric" autocomplete="one-time-code" maxlength={12} error={p.codeError} autofocus />
        <button type="submit">Turn on two-step sign-in</button>
      </form>
    </section>
  );
}

export function RecoveryCodes(p: { codes: string[] }) {
  return (
    <section class="card narrow" aria-labelledby="codes-heading">
      <h1 id="codes-heading">Save your recovery codes</h1>
      <p>
        Two-step sign-in is on. If you lose your phone, each of these codes signs you in once. Print them or keep them in a password manager: they are shown
        only now.
      </p>
      <ul class="recovery-codes">
        {p.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href="/manage">
          I have saved them, continue
        </a>
      </p>
    </section>
  );
}
