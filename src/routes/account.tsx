/**
 * The signed-in parent's account (SPEC §3.3, §3.5): `/account` shows the phone number that is
 * the account, its email, whether a password is set, and the parent's first and last name, phone
 * and email as each linked business has them (one card per client record, read in the same
 * batch, `visibleTo`-scoped); the email and the password can be set
 * or changed; `/account/password` is the same password form on its own page (where
 * registration leads; optional); "sign out everywhere" ends every session of the account.
 *
 * Changing the email or password needs the session to have proved who it is within the last
 * 10 minutes (`sessions.authenticated_at`, else `created_at`). Otherwise the page offers a code
 * by SMS to the account's phone (through the phone's OTP guard, with the sign-in rules);
 * confirming it sets `authenticated_at = now`. The check is made on the page's read and again
 * in SQL by the write, and each change ends the account's other sessions in the same batch.
 *
 * A new email is only saved once the code sent to it (by the address's credential guard, bound
 * to this account) comes back: email is how a password is reset, so an address typed wrong
 * must not hand the account to whoever owns it. The address waits in a signed `__Host-` cookie
 * bound to the account; the request needed a recent sign-in, the code proves the mailbox.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env';
import {
  accountSettingsStatement,
  changeCredentialsStatements,
  clientRecordsStatement,
  emailOwnerStatement,
  endAllSessionsStatement,
  isEmailTakenError,
  markAuthenticatedStatement,
} from '../db/queries/credentials';
import type { SessionContext } from '../db/queries/portal';
import { isRecentlyAuthenticated } from '../domain/credential-policy';
import { emailsOnFile, MAX_EMAIL_LENGTH, normalizeEmail } from '../domain/email-address';
import { checkNewPassword, hashPassword, MIN_PASSWORD_LENGTH, RECOMMENDED_PASSWORD_LENGTH } from '../domain/password';
import { loadCommonPasswords } from '../domain/common-passwords';
import { formatPhoneForDisplay } from '../domain/phone';
import { credentialGuardForEmail, otpGuardForPhone } from '../durable-objects/stubs';
import { codeProblem, readCode } from './codes';
import { emailInUseMessage, requestEmailCode } from './email-code';
import { requestPhoneCode } from './phone-code';
import { redirectAfterPost, respond } from '../middleware/htmx';
import { accountFeedStatement } from '../db/queries/calendar';
import { calendarFeedState, calendarFeedView } from './calendar';
import { headerFor, loadSignedIn, profileHome, SignInRequired } from '../middleware/portal';
import { clearSessionCookie } from '../middleware/session';
import { t } from '../i18n';
import { Page } from '../../templates/layouts/page';
import {
  AccountPage,
  ConfirmCodeForm,
  PasswordPage,
  VerifyEmailForm,
  type AccountPageProps,
  type ConfirmNext,
  type PasswordPageProps,
} from '../../templates/account/account';

export const accountRoutes = new Hono<AppEnv>();

type Status = 200 | 403 | 422 | 429;

const RULES = { minLength: MIN_PASSWORD_LENGTH, recommendedLength: RECOMMENDED_PASSWORD_LENGTH };
// Words are looked up at render (in the request's language), never at module load.
const CONFIRM_FIRST = () => t('account.error.confirmFirst');
const EMAIL_TAKEN = () => t('account.error.emailTaken');
const NEW_EMAIL_COOKIE = 'pawtal_new_email';
/** As long as the code it waits for. */
const NEW_EMAIL_MAX_AGE_S = 24 * 60 * 60;
const NOTICES: Record<string, () => string> = {
  email: () => t('account.notice.email'),
  password: () => t('account.notice.password'),
  confirmed: () => t('account.notice.confirmed'),
};

function field(form: Record<string, unknown>, name: string, max: number): string {
  const value = form[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

function confirmNext(value: unknown): ConfirmNext {
  return value === '/account/password' ? '/account/password' : '/account';
}

/** The account page's read: session + profiles (loadSignedIn), settings, and who owns `email`. */
async function loadAccount(c: Context<AppEnv>, email = '') {
  const db = c.get('db');
  const { session, results, now, tokenHash } = await loadSignedIn(
    c,
    (hash, at) =>
      [accountSettingsStatement(db, hash), emailOwnerStatement(db, email), clientRecordsStatement(db, hash, at), accountFeedStatement(db, hash, at)] as const,
  );
  const settings = results[0][0];
  // loadSignedIn found the live session, so its row is there.
  if (!settings) throw new Error('account settings missing for a live session');
  const recent = isRecentlyAuthenticated({ authenticatedAt: settings.authenticatedAt?.getTime() ?? null, createdAt: settings.sessionCreatedAt.getTime() }, now);
  const records = results[2].map((r) => ({
    clientId: r.clientId,
    businessName: r.businessName,
    homeHref: profileHome(r.clientId),
    firstName: r.firstName,
    lastName: r.lastName,
    phoneDisplay: formatPhoneForDisplay(r.phoneE164),
    email: r.email,
  }));
  return { session, settings, recent, tokenHash, records, emailOwner: results[1][0]?.accountId ?? null, calendarFeed: results[3][0] };
}

type Loaded = Awaited<ReturnType<typeof loadAccount>>;

/** What the account page and the password page both show of the loaded account. */
function accountFacts({ session, settings, recent, records }: Loaded) {
  return {
    records,
    emailsOnFile: emailsOnFile(records.map((r) => r.email)),
    phoneDisplay: formatPhoneForDisplay(session.phoneE164),
    email: settings.email,
    hasPassword: settings.hasPassword,
    recent,
    ...RULES,
  };
}

function accountPage(c: Context<AppEnv>, loaded: Loaded, props: Partial<AccountPageProps> = {}, status: Status = 200) {
  return respond(
    c,
    {
      page: () => (
        <Page title={t('account.title')} header={headerFor(loaded.session)}>
          <AccountPage {...accountFacts(loaded)} calendarFeed={calendarFeedState(loaded.calendarFeed)} {...props} />
        </Page>
      ),
    },
    status,
  );
}

function passwordPage(c: Context<AppEnv>, loaded: Loaded, props: Partial<PasswordPageProps> = {}, status: Status = 200) {
  const title = loaded.settings.hasPassword ? t('account.passwordPage.changeTitle') : t('account.passwordPage.setTitle');
  return respond(
    c,
    {
      page: () => (
        <Page title={title} header={headerFor(loaded.session)}>
          <PasswordPage {...accountFacts(loaded)} {...props} />
        </Page>
      ),
    },
    status,
  );
}

/** The person's name, so a password that is just their name is refused. */
function nameOf(session: SessionContext): string | null {
  const p = session.profiles[0];
  return p ? `${p.firstName} ${p.lastName}` : null;
}

// ---------------------------------------------------------------------------------------------
// The account page, email and password
// ---------------------------------------------------------------------------------------------

accountRoutes.get('/account', async (c) => {
  const loaded = await loadAccount(c);
  const saved = c.req.query('saved');
  const calendarFeed = await calendarFeedView(c, loaded.session.accountId, loaded.calendarFeed);
  return accountPage(c, loaded, { notice: saved && Object.hasOwn(NOTICES, saved) ? NOTICES[saved]!() : undefined, calendarFeed });
});

accountRoutes.post('/account/email', async (c) => {
  const form = await c.req.parseBody();
  const raw = field(form, 'email', MAX_EMAIL_LENGTH + 64);
  const email = normalizeEmail(raw);
  const loaded = await loadAccount(c, email.ok ? email.email : '');
  if (!loaded.recent) return accountPage(c, loaded, { confirmError: CONFIRM_FIRST() }, 403);
  if (!email.ok) return accountPage(c, loaded, { emailValue: raw, emailError: email.message }, 422);
  if (loaded.emailOwner === loaded.session.accountId) {
    return accountPage(c, loaded, { emailValue: email.email, emailError: t('account.error.alreadyYours') }, 422);
  }
  // An address of another account gets the same answer as a free one (see sendVerification).
  const refusal = await sendVerification(c, loaded.session.accountId, email.email, loaded.emailOwner !== null);
  if (refusal) return accountPage(c, loaded, { emailValue: email.email, emailError: refusal }, 429);
  return redirectAfterPost(c, '/account/email/verify');
});

accountRoutes.get('/account/password', async (c) => passwordPage(c, await loadAccount(c)));

accountRoutes.post('/account/password', async (c) => {
  const form = await c.req.parseBody();
  const fromAccount = form.from === 'account';
  const password = field(form, 'password', 1024);
  const rawEmail = field(form, 'email', MAX_EMAIL_LENGTH + 64);
  const email = rawEmail.trim() === '' ? null : normalizeEmail(rawEmail);
  const loaded = await loadAccount(c, email?.ok ? email.email : '');
  const show = (props: Partial<AccountPageProps & PasswordPageProps>, status: Status) =>
    fromAccount ? accountPage(c, loaded, props, status) : passwordPage(c, loaded, { emailValue: rawEmail, ...props }, status);

  if (!loaded.recent) return show({ confirmError: CONFIRM_FIRST() }, 403);

  // The password page asks for an email when the account has none: a password alone cannot
  // be used to sign in.
  let newEmail: string | undefined;
  if (!loaded.settings.email && !fromAccount) {
    if (!email) return show({ emailError: t('account.error.emailNeeded') }, 422);
    if (!email.ok) return show({ emailError: email.message }, 422);
    newEmail = email.email;
  }
  const rules =
    password === ''
      ? { ok: false as const, message: t('account.error.choosePassword') }
      : checkNewPassword(password, await loadCommonPasswords(c.env.ASSETS), { email: newEmail ?? loaded.settings.email, name: nameOf(loaded.session) });
  if (!rules.ok) return show({ passwordError: rules.message }, 422);

  const changed = await saveCredentials(c, loaded.tokenHash, { passwordHash: await hashPassword(password) });
  if (changed === 'not_recent') {
    return fromAccount
      ? accountPage(c, { ...loaded, recent: false }, { confirmError: CONFIRM_FIRST() }, 403)
      : passwordPage(c, { ...loaded, recent: false }, { confirmError: CONFIRM_FIRST() }, 403);
  }
  if (!newEmail) return redirectAfterPost(c, '/account?saved=password');
  // The password is saved; the email is, once its code comes back.
  const refusal = await sendVerification(c, loaded.session.accountId, newEmail, loaded.emailOwner !== null);
  if (refusal) {
    const saved = { ...loaded, settings: { ...loaded.settings, hasPassword: true } };
    return accountPage(c, saved, { notice: NOTICES.password!(), emailValue: newEmail, emailError: refusal }, 429);
  }
  return redirectAfterPost(c, '/account/email/verify');
});

/**
 * Writes the new email and/or password hash and ends the account's other sessions, in one
 * batch that re-checks the session in SQL (recent, unless `requireRecent: false`).
 */
async function saveCredentials(
  c: Context<AppEnv>,
  tokenHash: string,
  change: { email?: string; passwordHash?: string; requireRecent?: boolean },
): Promise<'saved' | 'taken' | 'not_recent'> {
  const db = c.get('db');
  try {
    const [update] = await db.batch(changeCredentialsStatements(db, { tokenHash, now: Date.now(), ...change }));
    return update.rowsAffected > 0 ? 'saved' : 'not_recent';
  } catch (error) {
    // Another account took the email between the read and the write.
    if (isEmailTakenError(error)) return 'taken';
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// A new email: the code sent to it
// ---------------------------------------------------------------------------------------------

function newEmailSecret(c: Context<AppEnv>): string {
  return `${c.env.OTP_PEPPER}:new-email`;
}

/**
 * Emails a verification code to `email` for `accountId` and remembers the address (bound to
 * the account) in a signed cookie. Returns the refusal message, or null.
 *
 * When another account already has the address (`taken`), the answer is the same — the same
 * guard call, limits and refusals, the same cookie and next page — but the guard stores an
 * unguessable code and the address's owner is told instead (emailInUseMessage), so the account
 * pages are no way to learn who has an account (decision 0004's rule, SPEC §3.3).
 */
async function sendVerification(c: Context<AppEnv>, accountId: string, email: string, taken = false): Promise<string | null> {
  const refusal = await requestEmailCode(
    c,
    email,
    'verify_email',
    () => credentialGuardForEmail(c.env, email).requestEmailVerification({ accountId, deliverable: !taken }),
    emailInUseMessage(),
  );
  if (refusal) return refusal;
  await setSignedCookie(c, NEW_EMAIL_COOKIE, `${accountId} ${email}`, newEmailSecret(c), {
    prefix: 'host',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    maxAge: NEW_EMAIL_MAX_AGE_S,
  });
  return null;
}

/** The signed cookie's account and address, if it is well formed (not yet checked against the session). */
async function pendingCookie(c: Context<AppEnv>): Promise<{ accountId: string; email: string } | null> {
  const value = await getSignedCookie(c, newEmailSecret(c), NEW_EMAIL_COOKIE, 'host');
  if (typeof value !== 'string') return null;
  const [accountId = '', email = ''] = value.split(' ');
  const check = normalizeEmail(email);
  return check.ok && check.email === email ? { accountId, email } : null;
}

/** The address waiting for its code, if this browser asked for one for `accountId`. */
async function pendingEmail(c: Context<AppEnv>, accountId: string): Promise<string | null> {
  const pending = await pendingCookie(c);
  return pending?.accountId === accountId ? pending.email : null;
}

function verifyPage(
  c: Context<AppEnv>,
  session: SessionContext,
  email: string,
  props: { error?: string; notice?: string; codeUsable?: boolean },
  status: Status = 200,
) {
  return respond(
    c,
    {
      page: () => (
        <Page title={t('account.verifyEmail.title')} header={headerFor(session)}>
          <VerifyEmailForm email={email} {...props} />
        </Page>
      ),
    },
    status,
  );
}

accountRoutes.get('/account/email/verify', async (c) => {
  const { session } = await loadSignedIn(c, () => [] as const);
  const email = await pendingEmail(c, session.accountId);
  if (!email) return c.redirect('/account', 303);
  const notice = c.req.query('resent') !== undefined ? t('account.notice.resent') : undefined;
  return verifyPage(c, session, email, { notice });
});

/** A reload of a refused "Send a new code" lands on the code page. */
accountRoutes.get('/account/email/resend', (c) => c.redirect('/account/email/verify', 303));

accountRoutes.post('/account/email/resend', async (c) => {
  const pending = await pendingCookie(c);
  // Who has the address is read in the session's batch, so a taken one costs no extra trip.
  const { session, results } = await loadSignedIn(c, () => [emailOwnerStatement(c.get('db'), pending?.email ?? '')] as const);
  if (!pending || pending.accountId !== session.accountId) return c.redirect('/account', 303);
  const email = pending.email;
  const refusal = await sendVerification(c, session.accountId, email, results[0][0] !== undefined);
  if (refusal) return verifyPage(c, session, email, { error: refusal, codeUsable: false }, 429);
  return redirectAfterPost(c, '/account/email/verify?resent');
});

accountRoutes.post('/account/email/verify', async (c) => {
  const form = await c.req.parseBody();
  const { session, tokenHash } = await loadSignedIn(c, () => [] as const);
  const email = await pendingEmail(c, session.accountId);
  if (!email) return c.redirect('/account', 303);
  const code = readCode(form.code, 'email');
  if (!code.ok) return verifyPage(c, session, email, { error: code.error }, 422);
  const verdict = await credentialGuardForEmail(c.env, email).verifyEmailCode(code.code, { accountId: session.accountId });
  const problem = codeProblem(verdict, 'email');
  if (problem) return verifyPage(c, session, email, { error: problem.error, codeUsable: problem.codeUsable }, problem.status);

  // The request was made from a recent sign-in and the code is bound to this account; the
  // session must still be live and this account's (checked in SQL).
  const changed = await saveCredentials(c, tokenHash, { email, requireRecent: false });
  if (changed === 'taken') return verifyPage(c, session, email, { error: EMAIL_TAKEN(), codeUsable: false }, 422);
  if (changed === 'not_recent') throw new SignInRequired();
  deleteCookie(c, NEW_EMAIL_COOKIE, { prefix: 'host', secure: true, path: '/' });
  return redirectAfterPost(c, '/account?saved=email');
});

// ---------------------------------------------------------------------------------------------
// Confirm it's you: a code by SMS to the account's phone
// ---------------------------------------------------------------------------------------------

function codePage(
  c: Context<AppEnv>,
  session: SessionContext,
  next: ConfirmNext,
  props: { error?: string; notice?: string; codeUsable?: boolean },
  status: Status = 200,
) {
  return respond(
    c,
    {
      page: () => (
        <Page title={t('account.confirmCode.title')} header={headerFor(session)}>
          <ConfirmCodeForm phoneDisplay={formatPhoneForDisplay(session.phoneE164)} next={next} {...props} />
        </Page>
      ),
    },
    status,
  );
}

accountRoutes.post('/account/confirm', async (c) => {
  const form = await c.req.parseBody();
  const next = confirmNext(form.next);
  const { session } = await loadSignedIn(c, () => [] as const);
  // The account's own number: always deliverable. Same guard, limits and words as sign-in.
  const refusal = await requestPhoneCode(c, session.phoneE164, () => true);
  if (refusal) return codePage(c, session, next, { error: refusal, codeUsable: false }, 429);
  return redirectAfterPost(c, `/account/confirm?next=${encodeURIComponent(next)}${form.resend ? '&resent' : ''}`);
});

accountRoutes.get('/account/confirm', async (c) => {
  const { session } = await loadSignedIn(c, () => [] as const);
  const notice = c.req.query('resent') !== undefined ? t('account.notice.resent') : undefined;
  return codePage(c, session, confirmNext(c.req.query('next')), { notice });
});

accountRoutes.post('/account/confirm/code', async (c) => {
  const form = await c.req.parseBody();
  const next = confirmNext(form.next);
  const { session, tokenHash } = await loadSignedIn(c, () => [] as const);
  const code = readCode(form.code, 'sms');
  if (!code.ok) return codePage(c, session, next, { error: code.error }, 422);
  const problem = codeProblem(await otpGuardForPhone(c.env, session.phoneE164).verifyCode(code.code), 'sms');
  if (problem) return codePage(c, session, next, { error: problem.error, codeUsable: problem.codeUsable }, problem.status);
  await markAuthenticatedStatement(c.get('db'), tokenHash, Date.now());
  return redirectAfterPost(c, `${next}${next === '/account' ? '?saved=confirmed' : ''}`);
});

// ---------------------------------------------------------------------------------------------
// Sign out everywhere
// ---------------------------------------------------------------------------------------------

accountRoutes.post('/account/sign-out-everywhere', async (c) => {
  const tokenHash = c.get('sessionTokenHash');
  if (tokenHash) await endAllSessionsStatement(c.get('db'), tokenHash);
  clearSessionCookie(c);
  return redirectAfterPost(c, '/sign-in?signed_out');
});
