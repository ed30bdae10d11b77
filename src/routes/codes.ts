/**
 * One-time codes as the routes handle them, whichever way they travel: texted (sign-in,
 * invitations, "confirm it's you", phone-code.ts) or emailed (password reset, a new email,
 * email-code.ts). Both guards answer in the same shapes (domain/otp-policy.ts), so asking for a
 * code, reading the typed one and the words for every refusal are written once here; only the
 * channel's nouns ("this number", "the text message") and the code's lifetime differ (one
 * catalog message per channel there, `auth.codes.…`, in the reader's language).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import type { RequestCodeResult, VerifyResult } from '../domain/otp-policy';
import { otpGuardForIp } from '../durable-objects/stubs';
import { clientIp } from '../middleware/client-ip';
import { t } from '../i18n';

/** How a code reaches the person: by text message or by email. */
export type CodeChannel = 'sms' | 'email';

/** A wait in whole minutes, at least one, in words: "1 minute", "15 minutes". */
export function minutes(ms: number): string {
  return t('auth.codes.minutes', { count: Math.max(1, Math.ceil(ms / 60_000)) });
}

/** Plain words for a refused send (the same for known and unknown numbers and addresses). */
export function codeRefusal(channel: CodeChannel, reason: string, retryAfterMs: number): string {
  switch (reason) {
    case 'too_soon':
      return t('auth.codes.tooSoon', { seconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) });
    case 'locked':
      return t(channel === 'sms' ? 'auth.codes.locked.sms' : 'auth.codes.locked.email', { wait: minutes(retryAfterMs) });
    case 'ip_limit':
      return t('auth.codes.ipLimit', { wait: minutes(retryAfterMs) });
    default:
      return t(channel === 'sms' ? 'auth.codes.limit.sms' : 'auth.codes.limit.email', { wait: minutes(retryAfterMs) });
  }
}

/**
 * Counts the send against the client IP, asks the guard for a code with `ask`, and hands a
 * deliverable code to `deliver`, whose promise runs after the response (so neither timing nor
 * Server-Timing differs for numbers and addresses on file). `deliver` is called during the
 * request: what it throws before returning its promise reaches the caller; what its promise
 * rejects with goes to `onSendError`. `deliverInstead`, when given, is what goes out (after the
 * response, the same way) when the guard issued a code nobody may receive — e.g. a notice to
 * the owner of an address another account asked for.
 * @returns the refusal message, or null when the request went through
 */
export async function requestCode(
  c: Context<AppEnv>,
  channel: CodeChannel,
  ask: () => Promise<RequestCodeResult>,
  deliver: (code: string) => Promise<unknown>,
  onSendError: (error: unknown) => void,
  deliverInstead?: () => Promise<unknown>,
): Promise<string | null> {
  const ipCheck = await otpGuardForIp(c.env, clientIp(c)).countIpSend();
  if (!ipCheck.allowed) return codeRefusal(channel, 'ip_limit', ipCheck.retryAfterMs);
  const result = await ask();
  if (result.status === 'refused') return codeRefusal(channel, result.reason, result.retryAfterMs);
  // Even a synchronous failure (a misconfigured provider) belongs to the background send: if it
  // escaped here, only numbers on file would get an error page — a tell about who is a client.
  const code = result.code;
  const send = code ? () => deliver(code) : deliverInstead;
  if (send) c.executionCtx.waitUntil(Promise.resolve().then(send).catch(onSendError));
  return null;
}

/**
 * The code as typed, without the spaces or dash a paste often carries ("123 456"), or the
 * message for a malformed one (refused before the guard, so it costs no try).
 */
export function readCode(raw: unknown, channel: CodeChannel): { ok: true; code: string } | { ok: false; error: string } {
  const code = (typeof raw === 'string' ? raw : '').slice(0, 64).replace(/[\s-]/g, '');
  if (/^\d{6}$/.test(code)) return { ok: true, code };
  const sms = channel === 'sms';
  return {
    ok: false,
    error: code === '' ? t(sms ? 'auth.codes.enter.sms' : 'auth.codes.enter.email') : t(sms ? 'auth.codes.malformed.sms' : 'auth.codes.malformed.email'),
  };
}

/** What to tell the person when the guard did not accept the code; null when it did. */
export function codeProblem(verdict: VerifyResult, channel: CodeChannel): { error: string; codeUsable: boolean; status: 422 | 429 } | null {
  switch (verdict.status) {
    case 'ok':
      return null;
    case 'wrong':
      return {
        error: verdict.triesLeft > 0 ? t('auth.codes.wrong', { left: verdict.triesLeft }) : t('auth.codes.wrongLast'),
        codeUsable: verdict.triesLeft > 0,
        status: 422,
      };
    case 'dead':
      return { error: t('auth.codes.dead'), codeUsable: false, status: 422 };
    case 'expired':
      return {
        error: t(channel === 'sms' ? 'auth.codes.expired.sms' : 'auth.codes.expired.email'),
        codeUsable: false,
        status: 422,
      };
    case 'no_code':
      return { error: t('auth.codes.noCode'), codeUsable: false, status: 422 };
    case 'locked':
      return { error: codeRefusal(channel, 'locked', verdict.retryAfterMs), codeUsable: false, status: 429 };
  }
}
