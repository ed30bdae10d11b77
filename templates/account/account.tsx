/**
 * The account page (`/account`): the phone number that is the account, its email, whether a
 * password is set, forms to change the email and password, and "sign out everywhere"; the
 * password page (`/account/password`, also where registration leads); the page that confirms
 * it's you by a texted code before either change; and the page that takes the code emailed to
 * a new address. Plain forms; a password is never put back
 * into a field.
 */
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, t, tx } from '../../src/i18n';
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
      <p>{tx('account.confirm.prompt', { phone: <strong>{phoneDisplay}</strong> })}</p>
      <FieldError id="confirm" error={error} />
      <form method="post" action="/account/confirm">
        <input type="hidden" name="next" value={next} />
        <button type="submit">{t('account.confirm.send')}</button>
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
      <h2 id="records-heading">{t('account.records.heading')}</h2>
      <p class="hint">{t('account.records.hint')}</p>
      <ul class="holdings" aria-labelledby="records-heading">
        {records.map((r) => (
          <li class="card">
            <h3>
              <a href={r.homeHref}>{r.businessName}</a>
            </h3>
            <dl class="facts">
              <dt>{t('account.firstName')}</dt>
              <dd>{r.firstName}</dd>
              <dt>{t('account.lastName')}</dt>
              <dd>{r.lastName}</dd>
              <dt>{t('account.phone')}</dt>
              <dd>{r.phoneDisplay}</dd>
              <dt>{t('account.email')}</dt>
              <dd>{r.email ?? t('account.noneOnFile')}</dd>
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
  return names.length === 1 ? t('account.backTo', { business: names[0]! }) : t('account.backToAll');
}

export function AccountPage(p: AccountPageProps) {
  return (
    <section class="card" aria-labelledby="account-heading">
      <p>
        <a href="/">{backLabel(p.records)}</a>
      </p>
      <h1 id="account-heading">{t('account.title')}</h1>
      <Notice text={p.notice} />
      <dl class="facts">
        <dt>{t('account.phone')}</dt>
        <dd>{p.phoneDisplay}</dd>
        <dt>{t('account.email')}</dt>
        <dd>{p.email ?? t('account.notSet')}</dd>
        <dt>{t('account.password')}</dt>
        <dd>{p.hasPassword ? t('account.set') : t('account.notSet')}</dd>
      </dl>

      <ClientRecords records={p.records} />

      <h2>{t('account.credentials.heading')}</h2>
      <p>{t('account.credentials.intro')}</p>
      {p.recent ? (
        <>
          <form method="post" action="/account/email" novalidate>
            <EmailField label={p.email ? t('account.newEmail') : t('account.emailAddress')} value={p.emailValue} error={p.emailError} />
            <button type="submit">{p.email ? t('account.changeEmail') : t('account.saveEmail')}</button>
          </form>
          <form method="post" action="/account/password" novalidate>
            <input type="hidden" name="from" value="account" />
            <NewPasswordField label={p.hasPassword ? t('account.newPassword') : t('account.password')} rules={p} error={p.passwordError} />
            <button type="submit">{p.hasPassword ? t('account.changePassword') : t('account.setPassword')}</button>
          </form>
          <p class="hint">{t('account.credentials.hint')}</p>
        </>
      ) : (
        <ConfirmPrompt phoneDisplay={p.phoneDisplay} next="/account" error={p.confirmError} />
      )}

      {p.calendarFeed ? <CalendarFeedSection {...p.calendarFeed} /> : null}

      <AccountPasskeysSection recent={p.recent} />

      <YourDataSection />

      <LanguageSection />

      <h2>{t('account.devices.heading')}</h2>
      <p>{t('account.devices.body')}</p>
      <form method="post" action="/account/sign-out-everywhere">
        <button type="submit" class="secondary">
          {t('account.signOutEverywhere')}
        </button>
      </form>
    </section>
  );
}

/**
 * "Language": the parent's choice for these pages and the texts they are sent, kept on the
 * account (POST /language). A full page load, not boosted: the new <html lang> must load.
 */
function LanguageSection() {
  const current = currentLanguage();
  return (
    <>
      <h2 id="language-heading">{t('account.language.heading')}</h2>
      <p class="hint">{t('account.language.hint')}</p>
      <form method="post" action="/language" hx-boost="false">
        <input type="hidden" name="back" value="/account" />
        <label for="language">{t('account.language.label')}</label>
        <select id="language" name="language">
          {LANGUAGES.map((language) => (
            <option value={language} lang={language} selected={language === current}>
              {LANGUAGE_NAMES[language]}
            </option>
          ))}
        </select>
        <button type="submit">{t('account.language.save')}</button>
      </form>
    </>
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
  if (emails.length === 1) return t('account.passwordPage.onFileOne');
  return t('account.passwordPage.onFileMany', { emails: emails.join(', ') });
}

/** `/account/password`: set (or change) the password, and the email when there is none yet. */
export function PasswordPage(p: PasswordPageProps) {
  return (
    <section class="card narrow" aria-labelledby="password-heading">
      <h1 id="password-heading">{p.hasPassword ? t('account.passwordPage.changeTitle') : t('account.passwordPage.setTitle')}</h1>
      <p>{p.hasPassword ? t('account.passwordPage.changeIntro') : t('account.passwordPage.setIntro')}</p>
      {p.recent ? (
        <form method="post" action="/account/password" novalidate>
          {p.email ? (
            <p>{tx('account.passwordPage.email', { email: <strong>{p.email}</strong> })}</p>
          ) : (
            <EmailField
              label={t('account.emailAddress')}
              value={p.emailValue ?? p.emailsOnFile[0]}
              hint={onFileHint(p.emailsOnFile)}
              error={p.emailError}
              autofocus={!p.passwordError}
            />
          )}
          <NewPasswordField
            label={p.hasPassword ? t('account.newPassword') : t('account.password')}
            rules={p}
            error={p.passwordError}
            autofocus={Boolean(p.email) || Boolean(p.passwordError)}
          />
          <button type="submit">{t('account.passwordPage.save')}</button>
        </form>
      ) : (
        <ConfirmPrompt phoneDisplay={p.phoneDisplay} next="/account/password" error={p.confirmError} />
      )}
      <p>
        <a href="/">{p.hasPassword ? t('account.passwordPage.backToPortal') : t('account.passwordPage.skip')}</a> · <a href="/account">{t('account.title')}</a>
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
      <h1 id="confirm-heading">{t('account.confirmCode.title')}</h1>
      <p>{tx('account.confirmCode.body', { phone: <strong>{phoneDisplay}</strong> })}</p>
      <Notice text={notice} />
      <CodeEntryForm action="/account/confirm/code" submit={t('account.confirmCode.submit')} error={error} autofocus={codeUsable} hidden={{ next }} />
      <NewCodeForm action="/account/confirm" hidden={{ next, resend: '1' }} />
      <p>
        <a href={next}>{t('account.cancel')}</a>
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
      <h1 id="verify-heading">{t('account.verifyEmail.title')}</h1>
      <p>{tx('account.verifyEmail.body', { email: <strong>{email}</strong> })}</p>
      <Notice text={notice} />
      <CodeEntryForm action="/account/email/verify" submit={t('account.verifyEmail.submit')} channel="email" error={error} autofocus={codeUsable} />
      <NewCodeForm action="/account/email/resend" />
      <p>
        <a href="/account">{t('account.backToAccount')}</a>
      </p>
    </section>
  );
}
