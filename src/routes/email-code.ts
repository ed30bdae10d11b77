/**
 * Codes sent by email, shared by the password reset (password.tsx) and the verification of a
 * new email address (account.tsx): both ask the address's credential guard, send with
 * `emailCodeMessage` after the response, and answer with the same words (codes.ts). The
 * phone-code twin of this module is phone-code.ts.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { createDb } from '../db/client';
import type { RequestCodeResult } from '../durable-objects/credential-guard';
import { RESET_CODE_TTL_MS } from '../domain/credential-policy';
import { count } from '../domain/words';
import { emailCodeMessage, emailProviderFor, type OutgoingEmail } from '../email';
import { requestCode } from './codes';

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
      `It works once, within ${count(hours, 'hour')}. Don’t share it: Pawtal will never ask you for it.\n\n` +
      'If you didn’t ask for this, ignore this email: nothing changes.\n\n— Pawtal\n',
  };
}

/**
 * What the owner of an address gets when another signed-in account asked to use it: the asker
 * sees the same answer as for a free address (so the account pages tell nobody who has an
 * account), and the owner learns of the attempt. No code, no link; nothing changes.
 */
export function emailInUseMessage(): Omit<OutgoingEmail, 'to'> {
  return {
    subject: 'Someone tried to use your email address on Pawtal',
    text:
      'Someone signed in to another Pawtal account asked to use this email address for that account. ' +
      'It is already the email of your Pawtal account, so nothing changed and no code was sent.\n\n' +
      'If that was you, you already have an account with this email: sign in with it instead.\n\n' +
      'If it wasn’t, you don’t need to do anything: your account and your email are unchanged.\n\n— Pawtal\n',
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
 * @param instead - the email to send to `to` when the guard issued no deliverable code (e.g.
 *   `emailInUseMessage()`); without it nothing is sent then
 * @returns the refusal message, or null when the request went through
 */
export async function requestEmailCode(
  c: Context<AppEnv>,
  to: string,
  purpose: EmailCodeUse,
  ask: () => Promise<RequestCodeResult>,
  instead?: Omit<OutgoingEmail, 'to'>,
): Promise<string | null> {
  const env = c.env;
  const requestId = c.get('requestId');
  const send = async (message: Omit<OutgoingEmail, 'to'>) => {
    const provider = emailProviderFor(env, createDb(env, { roundTrips: 0, durationMs: 0 }));
    await provider.send({ to, ...message });
  };
  return requestCode(
    c,
    'email',
    ask,
    (code) => send(messageFor(purpose, code)),
    (error) => {
      const name = error instanceof Error ? error.name : 'Error';
      console.error(JSON.stringify({ level: 'error', msg: 'code email send failed', purpose, requestId, error: name }));
    },
    instead && (() => send(instead)),
  );
}
