/**
 * Sign in with email + password, "forgot password" (ask for a code by email) and the reset
 * form (code + new password). Plain forms that post and redirect; a password is never put
 * back into a field, so none of these take one as a prop.
 */
import { CodeEntryForm, NewCodeForm } from '../components/code-entry';
import { EmailField, NewPasswordField } from '../components/credential-fields';
import { Field } from '../components/field';
import { Notice } from '../components/notice';

export interface EmailSignInFormProps {
  email?: string;
  emailError?: string;
  passwordError?: string;
  notice?: string;
}

export function EmailSignInForm({ email, emailError, passwordError, notice }: EmailSignInFormProps) {
  return (
    <section class="card narrow" aria-labelledby="email-signin-heading">
      <h1 id="email-signin-heading">Sign in with email</h1>
      <Notice text={notice} />
      <form method="post" action="/sign-in/email" novalidate>
        <EmailField label="Email address" autocomplete="username" value={email} error={emailError} autofocus={!email || Boolean(emailError)} />
        <Field
          id="password"
          name="password"
          label="Password"
          type="password"
          autocomplete="current-password"
          error={passwordError}
          required
          autofocus={Boolean(email) && !emailError}
        />
        <button type="submit">Sign in</button>
      </form>
      <p>
        <a href="/password/forgot">Forgot your password?</a>
      </p>
      <p>
        <a href="/sign-in">Sign in with a code by text message instead</a>
      </p>
    </section>
  );
}

export interface ForgotPasswordFormProps {
  email?: string;
  error?: string;
}

export function ForgotPasswordForm({ email, error }: ForgotPasswordFormProps) {
  return (
    <section class="card narrow" aria-labelledby="forgot-heading">
      <h1 id="forgot-heading">Reset your password</h1>
      <p>Enter the email address of your Pawtal account. We'll email you a 6-digit code to set a new password.</p>
      <form method="post" action="/password/forgot" novalidate>
        <EmailField label="Email address" value={email} error={error} autofocus />
        <button type="submit">Email me a code</button>
      </form>
      <p>
        <a href="/sign-in">Sign in with a code by text message instead</a>
      </p>
    </section>
  );
}

export interface ResetPasswordFormProps {
  email: string;
  codeError?: string;
  passwordError?: string;
  /** The code as typed, kept when only the password was refused. */
  code?: string;
  notice?: string;
  /** False when the code can no longer be used: the page leads with "send a new code". */
  codeUsable?: boolean;
  /** The minimum and recommended lengths, for the hint. */
  minLength: number;
  recommendedLength: number;
}

export function ResetPasswordForm(p: ResetPasswordFormProps) {
  const codeUsable = p.codeUsable ?? true;
  return (
    <section class="card narrow" aria-labelledby="reset-heading">
      <h1 id="reset-heading">Choose a new password</h1>
      <p>
        If an account has this email, we've sent a code to <strong>{p.email}</strong>. It works once, within 24 hours.
      </p>
      <Notice text={p.notice} />
      <CodeEntryForm
        action="/password/reset"
        submit="Save the new password and sign in"
        channel="email"
        error={p.codeError}
        value={p.code}
        autofocus={codeUsable && !p.passwordError}
      >
        <NewPasswordField label="New password" rules={p} error={p.passwordError} autofocus={Boolean(p.passwordError)} />
      </CodeEntryForm>
      <NewCodeForm action="/password/resend" />
      <p>
        <a href="/password/forgot">Use a different email</a>
      </p>
    </section>
  );
}
