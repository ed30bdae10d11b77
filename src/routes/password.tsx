/**
 * Email + password (SPEC §3.3): sign in with them (`/sign-in/email`), and reset a forgotten
 * password by a code sent by email (`/password/forgot` → `/password/reset`).
 *
 * Anti-enumeration, as for phone sign-in (decision 0004):
 * - sign-in: first the client IP's hourly cap on password attempts (30, whatever the emails:
 *   credential stuffing; it does not depend on the email, so it tells nothing about one); then
 *   every well-formed email takes one credential-guard call (which counts attempts
 *   for unknown emails exactly like known ones), one database read and ONE password check —
 *   against a dummy hash when there is no account or no password — and a wrong password and an
 *   unknown email get the same 422 page, same cookies, same round trips;
 * - forgot: one IP-cap call, one read, one guard call, then always the same 303 and the same
 *   page ("If an account has this email, we've sent a code"); the email goes out after the
 *   response (waitUntil) on an uncounted database handle, so neither timing nor Server-Timing
 *   tells. An unknown email gets an unguessable stored code, so no code resets it.
 *
 * Passwords are never logged, rendered, put in a URL or a cookie; the email being reset travels
 * between the two steps in a signed `__Host-` cookie, not in the URL.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env';
import { credentialsForEmail, passwordSignInStatements, resetPasswordStatements } from '../db/queries/credentials';
import { toSessionContext } from '../db/queries/portal';
import { normalizeEmail, MAX_EMAIL_LENGTH } from '../domain/email-address';
import { checkNewPassword, hashPassword, MIN_PASSWORD_LENGTH, needsRehash, RECOMMENDED_PASSWORD_LENGTH, verifyPassword } from '../domain/password';
import { loadCommonPasswords } from '../domain/common-passwords';
import { credentialGuardForEmail, otpGuardForIp } from '../durable-objects/stubs';
import { redirectAfterPost, respond } from '../middleware/htmx';
import { availableProfiles, profileHome } from '../middleware/portal';
import { newSessionToken, setSessionCookie } from '../middleware/session';
import { Page } from '../../templates/layouts/page';
import { EmailSignInForm, ForgotPasswordForm, ResetPasswordForm } from '../../templates/auth/password';
import { codeProblem, minutes, readCode } from './codes';
import { clientIp } from '../middleware/client-ip';
import { requestEmailCode } from './email-code';
import { t } from '../i18n';

const RESET_COOKIE = 'pawtal_reset';
/** As long as the code it waits for. */
const RESET_COOKIE_MAX_AGE_S = 24 * 60 * 60;

export const passwordRoutes = new Hono<AppEnv>();

type Status = 200 | 422 | 429;

/** A posted text field, cut to `max` characters; empty when missing or a file. */
export function field(form: Record<string, unknown>, name: string, max: number): string {
  const value = form[name];
  return typeof value === 'string' ? value.slice(0, max) : '';
}

function lockedMessage(retryAfterMs: number): string {
  return t('auth.password.locked', { wait: minutes(retryAfterMs) });
}

/** The console's words for a wrong password (English, as the console is); a parent reads `auth.password.wrong`. */
export const WRONG_PASSWORD = 'The email or password is not right.';

function networkPausedMessage(retryAfterMs: number): string {
  return t('auth.password.networkPaused', { wait: minutes(retryAfterMs) });
}

function signInPage(c: Context<AppEnv>, props: Parameters<typeof EmailSignInForm>[0], status: Status = 200) {
  return respond(
    c,
    {
      page: () => (
        <Page title={t('auth.email.heading')}>
          <EmailSignInForm {...props} />
        </Page>
      ),
    },
    status,
  );
}

function forgotPage(c: Context<AppEnv>, props: Parameters<typeof ForgotPasswordForm>[0], status: Status = 200) {
  return respond(
    c,
    {
      page: () => (
        <Page title={t('auth.forgot.heading')}>
          <ForgotPasswordForm {...props} />
        </Page>
      ),
    },
    status,
  );
}

function resetPage(
  c: Context<AppEnv>,
  email: string,
  props: { codeError?: string; passwordError?: string; code?: string; notice?: string; codeUsable?: boolean },
  status: Status = 200,
) {
  return respond(
    c,
    {
      page: () => (
        <Page title={t('auth.reset.heading')}>
          <ResetPasswordForm email={email} minLength={MIN_PASSWORD_LENGTH} recommendedLength={RECOMMENDED_PASSWORD_LENGTH} {...props} />
        </Page>
      ),
    },
    status,
  );
}

function resetSecret(c: Context<AppEnv>): string {
  return `${c.env.OTP_PEPPER}:pending-reset`;
}

async function readResetEmail(c: Context<AppEnv>): Promise<string | null> {
  const value = await getSignedCookie(c, resetSecret(c), RESET_COOKIE, 'host');
  if (typeof value !== 'string') return null;
  const check = normalizeEmail(value);
  return check.ok && check.email === value ? value : null;
}

/** Lands a freshly signed-in browser: its only portal, or the chooser. */
function landing(session: ReturnType<typeof toSessionContext>): string {
  const available = session ? availableProfiles(session) : [];
  return available.length === 1 ? profileHome(available[0]!.clientId) : '/';
}

// ---------------------------------------------------------------------------------------------
// Sign in with email + password
// ---------------------------------------------------------------------------------------------

passwordRoutes.get('/sign-in/email', (c) => signInPage(c, {}));

passwordRoutes.post('/sign-in/email', async (c) => {
  const form = await c.req.parseBody();
  const rawEmail = field(form, 'email', MAX_EMAIL_LENGTH + 64);
  // A password longer than this cannot be one we stored; verifyPassword answers no cheaply.
  const password = field(form, 'password', 1024);
  const email = normalizeEmail(rawEmail);
  if (!email.ok) return signInPage(c, { email: rawEmail, emailError: email.message }, 422);
  if (password === '') return signInPage(c, { email: email.email, passwordError: t('auth.password.enter') }, 422);

  // The network's cap first (it does not depend on the email, so it tells nothing about one);
  // a refused attempt costs no hashing and is not counted against the email.
  const network = await otpGuardForIp(c.env, clientIp(c)).countIpPasswordAttempt();
  if (!network.allowed) return signInPage(c, { email: email.email, passwordError: networkPausedMessage(network.retryAfterMs) }, 429);

  const db = c.get('db');
  const guard = credentialGuardForEmail(c.env, email.email);
  const [attempt, rows] = await Promise.all([guard.beginPasswordAttempt(), credentialsForEmail(db, email.email)]);
  if (attempt.status === 'locked') {
    // The same work as a real check, so a locked email answers in the same time as any other.
    await verifyPassword(password, null);
    return signInPage(c, { email: email.email, passwordError: lockedMessage(attempt.retryAfterMs) }, 429);
  }

  const account = rows[0];
  const storedHash = account?.passwordHash ?? null;
  const right = await verifyPassword(password, storedHash);
  if (!right || !account || storedHash === null) {
    if (attempt.attemptsLeft === 0) {
      return signInPage(c, { email: email.email, passwordError: lockedMessage(attempt.lockMsIfWrong) }, 429);
    }
    const passwordError =
      attempt.attemptsLeft <= 2
        ? t('auth.password.wrongWarning', { left: attempt.attemptsLeft, wait: minutes(attempt.lockMsIfWrong) })
        : t('auth.password.wrong');
    return signInPage(c, { email: email.email, passwordError }, 422);
  }

  const rehash = needsRehash(storedHash) ? await hashPassword(password) : null;
  const { token, tokenHash } = await newSessionToken();
  const now = Date.now();
  const [results] = await Promise.all([
    db.batch(
      passwordSignInStatements(db, {
        accountId: account.accountId,
        verifiedHash: storedHash,
        rehash,
        tokenHash,
        previousTokenHash: c.get('sessionTokenHash'),
        userAgent: c.req.header('user-agent') ?? null,
        now,
      }),
    ),
    guard.passwordSucceeded(),
  ]);
  const session = toSessionContext(results[4]);
  // Null only when the password was changed between the check and the write: that one wins.
  if (!session) return signInPage(c, { email: email.email, passwordError: t('auth.password.wrong') }, 422);
  setSessionCookie(c, token);
  return redirectAfterPost(c, landing(session));
});

// ---------------------------------------------------------------------------------------------
// Forgot password: a code by email
// ---------------------------------------------------------------------------------------------

/**
 * Asks the email's guard for a reset code — deliverable only when an account has the email —
 * and emails it after the response. Returns the refusal message, or null when the request went
 * through (whether or not anything is sent).
 */
async function issueResetCode(c: Context<AppEnv>, email: string): Promise<string | null> {
  return requestEmailCode(c, email, 'password_reset', async () => {
    const rows = await credentialsForEmail(c.get('db'), email);
    return credentialGuardForEmail(c.env, email).requestResetCode({ deliverable: rows.length > 0 });
  });
}

passwordRoutes.get('/password/forgot', (c) => forgotPage(c, {}));

passwordRoutes.post('/password/forgot', async (c) => {
  const form = await c.req.parseBody();
  const raw = field(form, 'email', MAX_EMAIL_LENGTH + 64);
  const email = normalizeEmail(raw);
  if (!email.ok) return forgotPage(c, { email: raw, error: email.message }, 422);

  const refusal = await issueResetCode(c, email.email);
  if (refusal) return forgotPage(c, { email: email.email, error: refusal }, 429);

  await setSignedCookie(c, RESET_COOKIE, email.email, resetSecret(c), {
    prefix: 'host',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    maxAge: RESET_COOKIE_MAX_AGE_S,
  });
  return redirectAfterPost(c, '/password/reset');
});

/** A reload of a refused "Send a new code" lands on the reset page. */
passwordRoutes.get('/password/resend', (c) => c.redirect('/password/reset', 303));

passwordRoutes.post('/password/resend', async (c) => {
  const email = await readResetEmail(c);
  if (!email) return c.redirect('/password/forgot', 303);
  const refusal = await issueResetCode(c, email);
  if (refusal) return resetPage(c, email, { codeError: refusal }, 429);
  return redirectAfterPost(c, '/password/reset?resent');
});

// ---------------------------------------------------------------------------------------------
// Reset: code + new password
// ---------------------------------------------------------------------------------------------

passwordRoutes.get('/password/reset', async (c) => {
  const email = await readResetEmail(c);
  if (!email) return c.redirect('/password/forgot', 303);
  const notice = c.req.query('resent') !== undefined ? t('auth.newCodeSent') : undefined;
  return resetPage(c, email, { notice });
});

passwordRoutes.post('/password/reset', async (c) => {
  const email = await readResetEmail(c);
  if (!email) {
    return forgotPage(c, { error: t('auth.reset.timedOut') }, 422);
  }
  const form = await c.req.parseBody();
  const code = readCode(form.code, 'email');
  const password = field(form, 'password', 1024);

  // Everything that can be checked without the guard first, so a refused password or a
  // mistyped code does not use up one of the code's tries.
  const rules =
    password === '' ? { ok: false as const, message: t('auth.reset.choose') } : checkNewPassword(password, await loadCommonPasswords(c.env.ASSETS), { email });
  const passwordError = rules.ok ? undefined : rules.message;
  if (!code.ok || passwordError) {
    // The code was not tried yet: a refused password keeps it in its field.
    const typed = typeof form.code === 'string' ? form.code.slice(0, 16) : '';
    return resetPage(c, email, { codeError: code.ok ? undefined : code.error, passwordError, code: typed }, 422);
  }

  const problem = codeProblem(await credentialGuardForEmail(c.env, email).verifyResetCode(code.code), 'email');
  if (problem) return resetPage(c, email, { codeError: problem.error, codeUsable: problem.codeUsable }, problem.status);

  const passwordHash = await hashPassword(password);
  const { token, tokenHash } = await newSessionToken();
  const db = c.get('db');
  const results = await db.batch(
    resetPasswordStatements(db, {
      email,
      passwordHash,
      tokenHash,
      previousTokenHash: c.get('sessionTokenHash'),
      userAgent: c.req.header('user-agent') ?? null,
      now: Date.now(),
    }),
  );
  deleteCookie(c, RESET_COOKIE, { prefix: 'host', secure: true, path: '/' });
  const session = toSessionContext(results[5]);
  // A verified code always belongs to an account (no other email is ever sent one), unless
  // the account's email changed in the meantime: then there is nothing to sign in to.
  if (!session) return forgotPage(c, { error: t('auth.reset.noAccount') }, 422);
  setSessionCookie(c, token);
  return redirectAfterPost(c, landing(session));
});
