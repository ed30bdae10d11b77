/**
 * Codes sent by text message, shared by phone sign-in (SPEC §3.1, sign-in.tsx), registration
 * from an invitation link (SPEC §3.2, invitations.tsx) and "confirm it's you" (account.tsx): all
 * ask the number's OTP guard, under the same limits, and answer with the same words (codes.ts).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { createDb } from '../db/client';
import { otpGuardForPhone } from '../durable-objects/stubs';
import { publicHost } from '../messaging/public-host';
import { smsBody } from '../sms/provider';
import { smsProviderFor } from '../sms';
import { requestCode } from './codes';

/**
 * Counts the send against the client IP and asks the number's OTP guard for a code; when the
 * code is deliverable, texts it after the response. `deliverable` runs after the IP check
 * (sign-in reads the database there: is the number on file?).
 * @returns the refusal message, or null when the request went through
 */
export async function requestPhoneCode(c: Context<AppEnv>, phoneE164: string, deliverable: () => boolean | Promise<boolean>): Promise<string | null> {
  const requestId = c.get('requestId');
  return requestCode(
    c,
    'sms',
    async () => otpGuardForPhone(c.env, phoneE164).requestCode({ deliverable: await deliverable() }),
    (code) => {
      // Throws without PUBLIC_HOST outside development: logged below, nothing sent.
      const body = smsBody(code, publicHost(c.env, c.req.url));
      // The send happens after the response on its own, uncounted database handle: counting it
      // would make Server-Timing differ for numbers on file — a tell about who is a client.
      const provider = smsProviderFor(c.env, createDb(c.env, { roundTrips: 0, durationMs: 0 }));
      return provider.send({ to: phoneE164, body });
    },
    (error) => {
      console.error(JSON.stringify({ level: 'error', msg: 'sms send failed', requestId, error: String(error) }));
    },
  );
}
