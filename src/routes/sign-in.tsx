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
import { createDb } from '../db/client';
import { phoneIsOnFile, signInStatements, signOutStatement } from '../db/queries/accounts';
import { toSessionContext } from '../db/queries/portal';
import { formatPhoneForDisplay, MAX_PHONE_INPUT_LENGTH, normalizePhone } from '../domain/phone';
import { otpGuardForIp, otpGuardForPhone } from '../durable-objects/stubs';
import { smsBody } from '../sms/provider';
import { smsProviderFor } from '../sms';
import { clearSessionCookie, newSessionToken, setSessionCookie } from '../middleware/session';
import { redirectAfterPost, respond } from '../middleware/htmx';
import { availableProfiles, profileHome } from '../middleware/portal';
import { Page } from '../../templates/layouts/page';
import { CodeForm, PhoneForm } from '../../templates/auth/sign-in';

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

function clientIp(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? c.req.header('x-real-ip') ?? 'unknown';
}

function minutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/** Plain words for a refused send (the same for known and unknown numbers). */
function refusalMessage(reason: string, retryAfterMs: number): string {
  switch (reason) {
    case 'too_soon':
      return `Please wait ${Math.max(1, Math.ceil(retryAfterMs / 1000))} seconds before asking for another code.`;
    case 'locked':
      return `Too many wrong codes were entered for this number. For your security, try again in ${minutes(retryAfterMs)} minutes.`;
    case 'ip_limit':
      return `Too many codes were requested from your network. Try again in ${minutes(retryAfterMs)} minutes.`;
    default:
      return `Too many codes were requested for this number. Try again in ${minutes(retryAfterMs)} minutes.`;
  }
}

function phonePage(c: Context<AppEnv>, props: Parameters<typeof PhoneForm>[0], status: 200 | 422 | 429 = 200) {
  return respond(
    c,
    {
      page: () => (
        <Page title="Sign in">
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
        <Page title="Enter your code">
          <CodeForm phoneDisplay={formatPhoneForDisplay(phoneE164)} {...props} />
        </Page>
      ),
    },
    status,
  );
}

/**
 * Asks the OTP guard for a code and, for a number on file, sends it after the response.
 * Returns the refusal message, or null when the request went through.
 */
async function issueCode(c: Context<AppEnv>, phoneE164: string): Promise<string | null> {
  const ipCheck = await otpGuardForIp(c.env, clientIp(c)).countIpSend();
  if (!ipCheck.allowed) return refusalMessage('ip_limit', ipCheck.retryAfterMs);
  const db = c.get('db');
  const onFile = (await phoneIsOnFile(db, phoneE164)).length > 0;
  const result = await otpGuardForPhone(c.env, phoneE164).requestCode({ deliverable: onFile });
  if (result.status === 'refused') return refusalMessage(result.reason, result.retryAfterMs);
  if (result.code) {
    const host = c.env.PUBLIC_HOST || new URL(c.req.url).host;
    const body = smsBody(result.code, host);
    // The send happens after the response on its own, uncounted database handle: counting it
    // would make Server-Timing differ for numbers on file — a tell about who is a client.
    const provider = smsProviderFor(c.env, createDb(c.env, { roundTrips: 0, durationMs: 0 }));
    const requestId = c.get('requestId');
    c.executionCtx.waitUntil(
      provider.send({ to: phoneE164, body }).catch((error: unknown) => {
        console.error(JSON.stringify({ level: 'error', msg: 'sms send failed', requestId, error: String(error) }));
      }),
    );
  }
  return null;
}

signInRoutes.get('/sign-in', (c) => {
  const notice = c.req.query('signed_out') !== undefined ? 'You are signed out.' : undefined;
  return phonePage(c, { notice });
});

signInRoutes.post('/sign-in', async (c) => {
  const form = await c.req.parseBody();
  const raw = typeof form.phone === 'string' ? form.phone : '';
  if (raw.length > MAX_PHONE_INPUT_LENGTH) {
    return phonePage(c, { phone: '', error: `That is too long for a phone number (${MAX_PHONE_INPUT_LENGTH} characters at most).` }, 422);
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
  const notice = c.req.query('resent') !== undefined ? 'We sent a new code.' : undefined;
  return codePage(c, phone, { notice });
});

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
    return phonePage(c, { error: 'Your sign-in timed out. Enter your phone number again.' }, 422);
  }
  const form = await c.req.parseBody();
  // Pasted codes often carry spaces or a dash ("123 456"): they are not part of the code.
  const code = (typeof form.code === 'string' ? form.code : '').slice(0, 64).replace(/[\s-]/g, '');
  if (!/^\d{6}$/.test(code)) {
    const error = code === '' ? 'Enter the 6-digit code from the text message.' : 'The code is 6 digits (numbers only). Check the text message and try again.';
    return codePage(c, phone, { error }, 422);
  }

  const verdict = await otpGuardForPhone(c.env, phone).verifyCode(code);
  switch (verdict.status) {
    case 'ok':
      break;
    case 'wrong':
      return codePage(
        c,
        phone,
        {
          error:
            verdict.triesLeft > 0
              ? `That code is not right. ${verdict.triesLeft} ${verdict.triesLeft === 1 ? 'try' : 'tries'} left for this code.`
              : 'That code is not right, and this code can no longer be used. Send a new code.',
          codeUsable: verdict.triesLeft > 0,
        },
        422,
      );
    case 'dead':
      return codePage(c, phone, { error: 'This code can no longer be used after too many wrong tries. Send a new code.', codeUsable: false }, 422);
    case 'expired':
      return codePage(c, phone, { error: 'This code has expired (codes work for 10 minutes). Send a new code.', codeUsable: false }, 422);
    case 'no_code':
      return codePage(c, phone, { error: 'This code has already been used or is no longer valid. Send a new code.', codeUsable: false }, 422);
    case 'locked':
      return codePage(c, phone, { error: refusalMessage('locked', verdict.retryAfterMs), codeUsable: false }, 429);
  }

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
  return redirectAfterPost(c, '/sign-in?signed_out');
});
