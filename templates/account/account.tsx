/**
 * The account page (`/account`): the phone number that is the account, its email, whether a
 * password is set, forms to change the email and password, and "sign out everywhere"; the
 * password page (`/account/password`, also where registration leads); the page that confirms
 * it's you by a texted code before either change; and the page that takes the code emailed to
 * a new address. Plain forms; a password is never put back
 * into a field.
 */
import { CodeEntryForm, NewCodeForm } from '../components/code-entry';
import { EmailField, NewPasswordField, type PasswordRules } from '../components/credential-fields';
import { FieldError } from '../components/field';
import { Notice } from '../components/notice';
import { CalendarFeedSection, type CalendarFeedView } from './calendar-feed';
import { AccountPasskeysSection } from './passkeys';
import { YourDataSection } from './data-export';

/** Where a confirmation by code may send the parent back to. */
export type ConfirmNext = '/account' | '/account/password';

export type { PasswordRules };

/** "Confirm it's you": one button that texts a code to the account's phone. */
export function ConfirmPrompt({ phoneDisplay, next, error }: { phoneDisplay: string; next: ConfirmNext; error?: string }) {
  return (
    <div class="confirm">
      <p>
        For your security, confirm it's you before changing your email or password: we'll text a 6-digit code to <strong>{phoneDisplay}</strong>.
      </p>
      <FieldError id="confirm" error={error} />
      <form method="post" action="/account/confirm">
        <input type="hidden" name="next" value={next} />
        <button type="submit">Text me a code</button>
      </form>
    </div>
  );
}

/** One client record linked to the account: the parent as that business has them. */
export interface ClientRecordItem {
  clientId: string;
  businessName: string;
  /** The business's section of the portal for this record. */
  homeHref: string;
  firstName: string;
  lastName: string;
  phoneDisplay: string;
  email: string | null;
}

/** "Your details at each business": one card per linked client record. */
export function ClientRecords({ records }: { records: ClientRecordItem[] }) {
  if (records.length === 0) return null;
  return (
    <>
      <h2 id="records-heading">Your details at each business</h2>
      <p class="hint">This is what each business has on file for you. To change it, contact the business.</p>
      <ul class="holdings" aria-labelledby="records-heading">
        {records.map((r) => (
          <li class="card">
            <h3>
              <a href={r.homeHref}>{r.businessName}</a>
            </h3>
            <dl class="facts">
              <dt>First name</dt>
              <dd>{r.firstName}</dd>
              <dt>Last name</dt>
              <dd>{r.lastName}</dd>
              <dt>Phone</dt>
              <dd>{r.phoneDisplay}</dd>
              <dt>Email</dt>
              <dd>{r.email ?? 'None on file'}</dd>
            </dl>
          </li>
        ))}
      </ul>
    </>
  );
}

export interface AccountPageProps extends PasswordRules {
  phoneDisplay: string;
  /** The client records the account is linked to, as each business has them. */
  records: ClientRecordItem[];
  email: string | null;
  hasPassword: boolean;
  /** Signed in (or confirmed by code) within the last 10 minutes: the change forms are shown. */
  recent: boolean;
  notice?: string;
  emailValue?: string;
  emailError?: string;
  passwordError?: string;
  confirmError?: string;
  /** The "Calendar feed" section (absent: not shown). */
  calendarFeed?: CalendarFeedView;
}

/** The way back from the account: to the one business, or to all of them. */
function backLabel(records: ClientRecordItem[]): string {
  const names = [...new Set(records.map((r) => r.businessName))];
  return names.length === 1 ? `← Back to ${names[0]}` : '← Back to your businesses';
}

export function AccountPage(p: AccountPageProps) {
  return (
    <section class="card" aria-labelledby="account-heading">
      <p>
        <a href="/">{backLabel(p.records)}</a>
      </p>
      <h1 id="account-heading">Your account</h1>
      <Notice text={p.notice} />
      <dl class="facts">
        <dt>Phone</dt>
        <dd>{p.phoneDisplay}</dd>
        <dt>Email</dt>
        <dd>{p.email ?? 'Not set'}</dd>
        <dt>Password</dt>
        <dd>{p.hasPassword ? 'Set' : 'Not set'}</dd>
      </dl>

      <ClientRecords records={p.records} />

      <h2>Email and password</h2>
      <p>With an email and a password you can also sign in without your phone.</p>
      {p.recent ? (
        <>
          <form method="post" action="/account/email" novalidate>
            <EmailField label={p.email ? 'New email address' : 'Email address'} value={p.emailValue} error={p.emailError} />
            <button type="submit">{p.email ? 'Change email' : 'Save email'}</button>
          </form>
          <form method="post" action="/account/password" novalidate>
            <input type="hidden" name="from" value="account" />
            <NewPasswordField label={p.hasPassword ? 'New password' : 'Password'} rules={p} error={p.passwordError} />
            <button type="submit">{p.hasPassword ? 'Change password' : 'Set password'}</button>
          </form>
          <p class="hint">A new email is used once you enter the code we send to it. Changing your email or password signs you out on your other devices.</p>
        </>
      ) : (
        <ConfirmPrompt phoneDisplay={p.phoneDisplay} next="/account" error={p.confirmError} />
      )}

      {p.calendarFeed ? <CalendarFeedSection {...p.calendarFeed} /> : null}

      <AccountPasskeysSection recent={p.recent} />

      <YourDataSection />

      <h2>Devices</h2>
      <p>Lost a phone, or signed in on a shared computer? Sign out on every device, this one included.</p>
      <form method="post" action="/account/sign-out-everywhere">
        <button type="submit" class="secondary">
          Sign out everywhere
        </button>
      </form>
    </section>
  );
}

export interface PasswordPageProps extends PasswordRules {
  phoneDisplay: string;
  /** The addresses the parent's businesses have on file (emailsOnFile), offered when the account has none. */
  emailsOnFile: string[];
  /** The account's email; null = the form asks for one too. */
  email: string | null;
  hasPassword: boolean;
  recent: boolean;
  emailValue?: string;
  emailError?: string;
  passwordError?: string;
  confirmError?: string;
}

/** Where the prefilled address comes from (and the others on file, to type instead). */
function onFileHint(emails: string[]): string | undefined {
  if (emails.length === 0) return undefined;
  if (emails.length === 1) return 'The email your business has on file. Change it if you would rather use another.';
  return `Your businesses have these on file: ${emails.join(', ')}. Use any of them, or another.`;
}

/** `/account/password`: set (or change) the password, and the email when there is none yet. */
export function PasswordPage(p: PasswordPageProps) {
  return (
    <section class="card narrow" aria-labelledby="password-heading">
      <h1 id="password-heading">{p.hasPassword ? 'Change your password' : 'Set a password'}</h1>
      <p>
        {p.hasPassword
          ? 'Choose a new password. You will stay signed in here and be signed out on your other devices.'
          : 'Optional: with an email and a password you can also sign in without a text message code.'}
      </p>
      {p.recent ? (
        <form method="post" action="/account/password" novalidate>
          {p.email ? (
            <p>
              Email: <strong>{p.email}</strong>
            </p>
          ) : (
            <EmailField
              label="Email address"
              value={p.emailValue ?? p.emailsOnFile[0]}
              hint={onFileHint(p.emailsOnFile)}
              error={p.emailError}
              autofocus={!p.passwordError}
            />
          )}
          <NewPasswordField
            label={p.hasPassword ? 'New password' : 'Password'}
            rules={p}
            error={p.passwordError}
            autofocus={Boolean(p.email) || Boolean(p.passwordError)}
          />
          <button type="submit">Save password</button>
        </form>
      ) : (
        <ConfirmPrompt phoneDisplay={p.phoneDisplay} next="/account/password" error={p.confirmError} />
      )}
      <p>
        <a href="/">{p.hasPassword ? 'Back to your portal' : 'Skip for now'}</a> · <a href="/account">Your account</a>
      </p>
    </section>
  );
}

export interface ConfirmCodeFormProps {
  phoneDisplay: string;
  next: ConfirmNext;
  error?: string;
  notice?: string;
  codeUsable?: boolean;
}

/** The code sent to confirm it's you (the same code field as sign-in). */
export function ConfirmCodeForm({ phoneDisplay, next, error, notice, codeUsable = true }: ConfirmCodeFormProps) {
  return (
    <section class="card narrow" aria-labelledby="confirm-heading">
      <h1 id="confirm-heading">Confirm it's you</h1>
      <p>
        We've texted a 6-digit code to <strong>{phoneDisplay}</strong>. It works for 10 minutes.
      </p>
      <Notice text={notice} />
      <CodeEntryForm action="/account/confirm/code" submit="Confirm" error={error} autofocus={codeUsable} hidden={{ next }} />
      <NewCodeForm action="/account/confirm" hidden={{ next, resend: '1' }} />
      <p>
        <a href={next}>Cancel</a>
      </p>
    </section>
  );
}

export interface VerifyEmailFormProps {
  email: string;
  error?: string;
  notice?: string;
  codeUsable?: boolean;
}

/** The code emailed to a new address: the address becomes the account's once it is entered. */
export function VerifyEmailForm({ email, error, notice, codeUsable = true }: VerifyEmailFormProps) {
  return (
    <section class="card narrow" aria-labelledby="verify-heading">
      <h1 id="verify-heading">Check your email</h1>
      <p>
        We've emailed a 6-digit code to <strong>{email}</strong>. Enter it to use this email for your account. It works once, within 24 hours.
      </p>
      <Notice text={notice} />
      <CodeEntryForm action="/account/email/verify" submit="Use this email" channel="email" error={error} autofocus={codeUsable} />
      <NewCodeForm action="/account/email/resend" />
      <p>
        <a href="/account">Back to your account</a>
      </p>
    </section>
  );
}
