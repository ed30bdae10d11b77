/**
 * Codes sent by email, shared by the password reset (password.tsx) and the verification of a
 * new email address (account.tsx): both ask the address's credential guard, send with
 * `emailCodeMessage` after the response, and answer with the same words. The phone-code twin
 * of this module is phone-code.ts.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { createDb } from '../db/client';
import type { RequestCodeResult, VerifyResult } from '../durable-objects/credential-guard';
import { otpGuardForIp } from '../durable-objects/stubs';
import { RESET_CODE_TTL_MS } from '../domain/credential-policy';
import { emailCodeMessage, emailProviderFor, type OutgoingEmail } from '../email';
import { clientIp } from './phone-code';

function minutes(ms: number): string {
  const n = Math.max(1, Math.ceil(ms / 60_000));
  return `${n} ${n === 1 ? 'minute' : 'minutes'}`;
}

/** Plain words for a refused email code (the same whether or not the address has an account). */
export function emailCodeRefusal(reason: string, retryAfterMs: number): string {
  switch (reason) {
    case 'too_soon':
      return `Please wait ${Math.max(1, Math.ceil(retryAfterMs / 1000))} seconds before asking for another code.`;
    case 'locked':
      return `Too many wrong codes were entered for this email. For your security, try again in ${minutes(retryAfterMs)}.`;
    case 'ip_limit':
      return `Too many codes were requested from your network. Try again in ${minutes(retryAfterMs)}.`;
    default:
      return `Too many codes were requested for this email. Try again in ${minutes(retryAfterMs)}.`;
  }
}

/** What an emailed code is for. */
export type EmailCodeUse = 'password_reset' | 'verify_email';

/**
 * The email that carries a code that makes an address the account's email. Plain text only:
 * no links, nothing to track. (src/email's `emailCodeMessage` writes the reset email; its
 * purposes could take this one in.)
 */
export function verifyEmailMessage(code: string): Omit<OutgoingEmail, 'to'> {
  if (!/^\d{6}$/.test(code)) throw new TypeError('verifyEmailMessage: the code must be 6 ASCII digits');
  const hours = Math.round(RESET_CODE_TTL_MS / 3_600_000);
  return {
    subject: 'Confirm your email address for Pawtal',
    text:
      `Here is your code to use this email address for your Pawtal account:\n\n    ${code}\n\n` +
      `It works once, within ${hours} hours. Don’t share it: Pawtal will never ask you for it.\n\n` +
      'If you didn’t ask for this, ignore this email: nothing changes.\n\n— Pawtal\n',
  };
}

function messageFor(use: EmailCodeUse, code: string): Omit<OutgoingEmail, 'to'> {
  return use === 'verify_email' ? verifyEmailMessage(code) : emailCodeMessage(code, 'password_reset');
}

/**
 * Counts the send against the client IP (the same per-IP cap as texted codes), asks the guard
 * for a code with `ask`, and emails a deliverable code after the response on an uncounted
 * database handle (so neither timing nor Server-Timing differs for addresses with an account).
 * Provider errors, configuration errors included, are logged by name, never the message (it
 * could quote the code), and never reach the answer.
 * @returns the refusal message, or null when the request went through
 */
export async function requestEmailCode(
  c: Context<AppEnv>,
  to: string,
  purpose: EmailCodeUse,
  ask: () => Promise<RequestCodeResult>,
): Promise<string | null> {
  const ipCheck = await otpGuardForIp(c.env, clientIp(c)).countIpSend();
  if (!ipCheck.allowed) return emailCodeRefusal('ip_limit', ipCheck.retryAfterMs);
  const result = await ask();
  if (result.status === 'refused') return emailCodeRefusal(result.reason, result.retryAfterMs);
  const code = result.code;
  if (code) {
    const env = c.env;
    const requestId = c.get('requestId');
    c.executionCtx.waitUntil(
      (async () => {
        const provider = emailProviderFor(env, createDb(env, { roundTrips: 0, durationMs: 0 }));
        await provider.send({ to, ...messageFor(purpose, code) });
      })().catch((error: unknown) => {
        const name = error instanceof Error ? error.name : 'Error';
        console.error(JSON.stringify({ level: 'error', msg: 'code email send failed', purpose, requestId, error: name }));
      }),
    );
  }
  return null;
}

/**
 * The code as typed, without the spaces or dash a paste often carries, or the message for a
 * malformed one (refused before the guard, so it costs no try).
 */
export function readEmailCode(raw: unknown): { ok: true; code: string } | { ok: false; error: string } {
  const code = (typeof raw === 'string' ? raw : '').slice(0, 64).replace(/[\s-]/g, '');
  if (/^\d{6}$/.test(code)) return { ok: true, code };
  return {
    ok: false,
    error: code === '' ? 'Enter the 6-digit code from the email.' : 'The code is 6 digits (numbers only). Check the email and try again.',
  };
}

/** What to tell the person when the guard did not accept an emailed code; null when it did. */
export function emailCodeProblem(verdict: VerifyResult): { error: string; codeUsable: boolean; status: 422 | 429 } | null {
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
      return { error: 'This code has expired (codes work for 24 hours). Send a new code.', codeUsable: false, status: 422 };
    case 'no_code':
      return { error: 'This code has already been used or is no longer valid. Send a new code.', codeUsable: false, status: 422 };
    case 'locked':
      return { error: emailCodeRefusal('locked', verdict.retryAfterMs), codeUsable: false, status: 429 };
  }
}
