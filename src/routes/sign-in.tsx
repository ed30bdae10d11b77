/**
 * Sign in by phone number and one-time code (SPEC §3.1), and sign out (§3.5).
 *
 * Anti-enumeration: a known and an unknown number take the same path — one database read, one
 * OTP-guard call (which counts sends for both), the same redirect and page. Only a known number
 * gets a deliverable code, and the SMS goes out after the response (waitUntil), so neither the
 * answer nor its timing tells who is a client.
 */
import { Hono, type Context } from 'hono';
import { deleteCookie, getSignedCookie, setSignedCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env';
import { phoneIsOnFile, signInStatements, signOutStatement } from '../db/queries/accounts';
import { toSessionContext } from '../db/queries/portal';
import { formatPhoneForDisplay, MAX_PHONE_INPUT_LENGTH, normalizePhone } from '../domain/phone';
import { otpGuardForPhone } from '../durable-objects/stubs';
import { codeProblem, readCode } from './codes';
import { requestPhoneCode } from './phone-code';
import { clearSessionCookie, newSessionToken, setSessionCookie } from '../middleware/session';
import { redirectAfterPost, respond } from '../middleware/htmx';
import { availableProfiles, profileHome } from '../middleware/portal';
import { Page } from '../../templates/layouts/page';
import { CodeForm, PhoneForm } from '../../templates/auth/sign-in';
import { t } from '../i18n';

const PENDING_COOKIE = 'pawtal_signin';
const PENDING_MAX_AGE_S = 15 * 60;

export const signInRoutes = new Hono<AppEnv>();

function pendingSecret(c: Context<AppEnv>): string {
  return `${c.env.OTP_PEPPER}:pending-sign-in`;
}

async function readPendingPhone(c: Context<AppEnv>): Promise<string | null> {
  const value = await getSignedCookie(c, pendingSecret(c), PENDING_COOKIE, 'host');
  return typeof value === 'string' && /^\+[1-9]\d{4,14}$/.test(value) ? value : null;
}

function phonePage(c: Context<AppEnv>, props: Parameters<typeof PhoneForm>[0], status: 200 | 422 | 429 = 200) {
  return respond(
    c,
    {
      page: () => (
        <Page title={t('auth.signIn.heading')}>
          <PhoneForm {...props} />
        </Page>
      ),
    },
    status,
  );
}

function codePage(c: Context<AppEnv>, phoneE164: string, props: { error?: string; notice?: string; codeUsable?: boolean }, status: 200 | 422 | 429 = 200) {
  return respond(
    c,
    {
      page: () => (
        <Page title={t('auth.code.heading')}>
          <CodeForm phoneDisplay={formatPhoneForDisplay(phoneE164)} {...props} />
        </Page>
      ),
    },
    status,
  );
}

/**
 * Asks the OTP guard for a code and, for a number on file, sends it after the response
 * (phone-code.ts). Returns the refusal message, or null when the request went through.
 */
function issueCode(c: Context<AppEnv>, phoneE164: string): Promise<string | null> {
  return requestPhoneCode(c, phoneE164, async () => (await phoneIsOnFile(c.get('db'), phoneE164)).length > 0);
}

signInRoutes.get('/sign-in', (c) => {
  const notice = c.req.query('signed_out') !== undefined ? t('auth.signIn.signedOut') : undefined;
  return phonePage(c, { notice });
});

signInRoutes.post('/sign-in', async (c) => {
  const form = await c.req.parseBody();
  const raw = typeof form.phone === 'string' ? form.phone : '';
  if (raw.length > MAX_PHONE_INPUT_LENGTH) {
    return phonePage(c, { phone: '', error: t('auth.signIn.phoneTooLong', { max: MAX_PHONE_INPUT_LENGTH }) }, 422);
  }
  const phone = normalizePhone(raw, c.env.DEFAULT_REGION || 'US');
  if (!phone.ok) return phonePage(c, { phone: raw, error: phone.message }, 422);

  const refusal = await issueCode(c, phone.e164);
  if (refusal) return phonePage(c, { phone: raw, error: refusal }, 429);

  await setSignedCookie(c, PENDING_COOKIE, phone.e164, pendingSecret(c), {
    prefix: 'host',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    maxAge: PENDING_MAX_AGE_S,
  });
  return redirectAfterPost(c, '/sign-in/code');
});

signInRoutes.get('/sign-in/code', async (c) => {
  const phone = await readPendingPhone(c);
  if (!phone) return c.redirect('/sign-in', 303);
  const notice = c.req.query('resent') !== undefined ? t('auth.newCodeSent') : undefined;
  return codePage(c, phone, { notice });
});

/** A reload of a refused "Send a new code" (its answer was the code page) lands on the code page. */
signInRoutes.get('/sign-in/resend', (c) => c.redirect('/sign-in/code', 303));

signInRoutes.post('/sign-in/resend', async (c) => {
  const phone = await readPendingPhone(c);
  if (!phone) return c.redirect('/sign-in', 303);
  const refusal = await issueCode(c, phone);
  if (refusal) return codePage(c, phone, { error: refusal }, 429);
  return redirectAfterPost(c, '/sign-in/code?resent');
});

signInRoutes.post('/sign-in/code', async (c) => {
  const phone = await readPendingPhone(c);
  if (!phone) {
    return phonePage(c, { error: t('auth.signIn.timedOut') }, 422);
  }
  const form = await c.req.parseBody();
  const code = readCode(form.code, 'sms');
  if (!code.ok) return codePage(c, phone, { error: code.error }, 422);

  const problem = codeProblem(await otpGuardForPhone(c.env, phone).verifyCode(code.code), 'sms');
  if (problem) return codePage(c, phone, { error: problem.error, codeUsable: problem.codeUsable }, problem.status);

  const { token, tokenHash } = await newSessionToken();
  const db = c.get('db');
  const results = await db.batch(
    signInStatements(db, {
      phoneE164: phone,
      tokenHash,
      previousTokenHash: c.get('sessionTokenHash'),
      userAgent: c.req.header('user-agent') ?? null,
      now: Date.now(),
    }),
  );
  const session = toSessionContext(results[4]);
  setSessionCookie(c, token);
  deleteCookie(c, PENDING_COOKIE, { prefix: 'host', secure: true, path: '/' });
  const available = session ? availableProfiles(session) : [];
  return redirectAfterPost(c, available.length === 1 ? profileHome(available[0]!.clientId) : '/');
});

signInRoutes.post('/sign-out', async (c) => {
  const tokenHash = c.get('sessionTokenHash');
  if (tokenHash) await signOutStatement(c.get('db'), tokenHash);
  clearSessionCookie(c);
  // The browser's caches forget this account's pages; the service worker deletes its saved copies itself too (static/sw.js).
  c.header('Clear-Site-Data', '"cache"');
  return redirectAfterPost(c, '/sign-in?signed_out');
});
