/**
 * Verifying a phone number by a texted code, shared by phone sign-in (SPEC §3.1, sign-in.tsx)
 * and registration from an invitation link (SPEC §3.2, invitations.tsx): both ask the same OTP
 * guard, under the same limits, and answer with the same words.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { createDb } from '../db/client';
import { otpGuardForIp, otpGuardForPhone } from '../durable-objects/stubs';
import type { VerifyResult } from '../durable-objects/otp-guard';
import { smsBody } from '../sms/provider';
import { smsProviderFor } from '../sms';

export function clientIp(c: Context<AppEnv>): string {
  return c.req.header('cf-connecting-ip') ?? c.req.header('x-real-ip') ?? 'unknown';
}

function minutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/** Plain words for a refused send (the same for known and unknown numbers). */
export function refusalMessage(reason: string, retryAfterMs: number): string {
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

/**
 * Counts the send against the client IP and asks the number's OTP guard for a code; when the
 * code is deliverable, texts it after the response. `deliverable` runs after the IP check
 * (sign-in reads the database there: is the number on file?).
 * @returns the refusal message, or null when the request went through
 */
export async function requestPhoneCode(
  c: Context<AppEnv>,
  phoneE164: string,
  deliverable: () => boolean | Promise<boolean>,
): Promise<string | null> {
  const ipCheck = await otpGuardForIp(c.env, clientIp(c)).countIpSend();
  if (!ipCheck.allowed) return refusalMessage('ip_limit', ipCheck.retryAfterMs);
  const onFile = await deliverable();
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

/**
 * The code as typed, without the spaces or dash a paste often carries ("123 456"), or the
 * message for a malformed one (refused before the guard, so it costs no try).
 */
export function readCode(raw: unknown): { ok: true; code: string } | { ok: false; error: string } {
  const code = (typeof raw === 'string' ? raw : '').slice(0, 64).replace(/[\s-]/g, '');
  if (/^\d{6}$/.test(code)) return { ok: true, code };
  return {
    ok: false,
    error: code === '' ? 'Enter the 6-digit code from the text message.' : 'The code is 6 digits (numbers only). Check the text message and try again.',
  };
}

/** What to tell the person when the guard did not accept the code; null when it did. */
export function codeProblem(verdict: VerifyResult): { error: string; codeUsable: boolean; status: 422 | 429 } | null {
  switch (verdict.status) {
    case 'ok':
      return null;
    case 'wrong':
      return {
        error:
          verdict.triesLeft > 0
            ? `That code is not right. ${verdict.triesLeft} ${verdict.triesLeft === 1 ? 'try' : 'tries'} left for this code.`
            : 'That code is not right, and this code can no longer be used. Send a new code.',
        codeUsable: verdict.triesLeft > 0,
        status: 422,
      };
    case 'dead':
      return { error: 'This code can no longer be used after too many wrong tries. Send a new code.', codeUsable: false, status: 422 };
    case 'expired':
      return { error: 'This code has expired (codes work for 10 minutes). Send a new code.', codeUsable: false, status: 422 };
    case 'no_code':
      return { error: 'This code has already been used or is no longer valid. Send a new code.', codeUsable: false, status: 422 };
    case 'locked':
      return { error: refusalMessage('locked', verdict.retryAfterMs), codeUsable: false, status: 429 };
  }
}
