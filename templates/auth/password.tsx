/**
 * Sign in with email + password, "forgot password" (ask for a code by email) and the reset
 * form (code + new password). Plain forms that post and redirect; a password is never put
 * back into a field, so none of these take one as a prop.
 */
import { CodeEntryForm, NewCodeForm } from '../components/code-entry';
import { EmailField, NewPasswordField } from '../components/credential-fields';
import { Field } from '../components/field';
import { Notice } from '../components/notice';
import { t, tx } from '../../src/i18n';

export interface EmailSignInFormProps {
  email?: string;
  emailError?: string;
  passwordError?: string;
  notice?: string;
}

export function EmailSignInForm({ email, emailError, passwordError, notice }: EmailSignInFormProps) {
  return (
    <section class="card narrow" aria-labelledby="email-signin-heading">
      <h1 id="email-signin-heading">{t('auth.email.heading')}</h1>
      <Notice text={notice} />
      <form method="post" action="/sign-in/email" novalidate>
        <EmailField label={t('auth.email.label')} autocomplete="username" value={email} error={emailError} autofocus={!email || Boolean(emailError)} />
        <Field
          id="password"
          name="password"
          label={t('auth.email.password')}
          type="password"
          autocomplete="current-password"
          error={passwordError}
          required
          autofocus={Boolean(email) && !emailError}
        />
        <button type="submit">{t('auth.signIn.submit')}</button>
      </form>
      <p>
        <a href="/password/forgot">{t('auth.email.forgot')}</a>
      </p>
      <p>
        <a href="/sign-in">{t('auth.email.withText')}</a>
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
      <h1 id="forgot-heading">{t('auth.forgot.heading')}</h1>
      <p>{t('auth.forgot.intro')}</p>
      <form method="post" action="/password/forgot" novalidate>
        <EmailField label={t('auth.email.label')} value={email} error={error} autofocus />
        <button type="submit">{t('auth.forgot.submit')}</button>
      </form>
      <p>
        <a href="/sign-in">{t('auth.email.withText')}</a>
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
      <h1 id="reset-heading">{t('auth.reset.heading')}</h1>
      <p>{tx('auth.reset.sent', { email: <strong>{p.email}</strong> })}</p>
      <Notice text={p.notice} />
      <CodeEntryForm
        action="/password/reset"
        submit={t('auth.reset.submit')}
        channel="email"
        error={p.codeError}
        value={p.code}
        autofocus={codeUsable && !p.passwordError}
      >
        <NewPasswordField label={t('auth.reset.newPassword')} rules={p} error={p.passwordError} autofocus={Boolean(p.passwordError)} />
      </CodeEntryForm>
      <NewCodeForm action="/password/resend" />
      <p>
        <a href="/password/forgot">{t('auth.reset.differentEmail')}</a>
      </p>
    </section>
  );
}
