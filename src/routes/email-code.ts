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
import { emailCodeMessage, emailProviderFor, type OutgoingEmail } from '../email';
import { requestCode } from './codes';
import { t } from '../i18n';

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
    subject: t('auth.mail.verify.subject'),
    text: `${t('auth.mail.verify.lead')}\n\n    ${code}\n\n` + `${t('auth.mail.expiry', { hours })}\n\n` + `${t('auth.mail.verify.ignore')}\n\n— Pawtal\n`,
  };
}

/**
 * What the owner of an address gets when another signed-in account asked to use it: the asker
 * sees the same answer as for a free address (so the account pages tell nobody who has an
 * account), and the owner learns of the attempt. No code, no link; nothing changes.
 */
export function emailInUseMessage(): Omit<OutgoingEmail, 'to'> {
  return {
    subject: t('auth.mail.inUse.subject'),
    text: `${t('auth.mail.inUse.what')}\n\n${t('auth.mail.inUse.ifYou')}\n\n${t('auth.mail.inUse.ifNot')}\n\n— Pawtal\n`,
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
