/**
 * Picks the SMS provider from the environment (SMS_PROVIDER), so routes never know which one
 * they talk to. A misconfiguration is a clear error at the first send, not a silent drop.
 */
import type { Db } from '../db/client';
import type { Env } from '../env';
import { OutboxSmsProvider, withDeliveryLog } from './outbox';
import type { SmsProvider } from './provider';
import { TwilioSmsProvider } from './twilio';

export { smsBody, SmsSendError, type OutgoingSms, type SmsProvider } from './provider';
export { listOutbox } from './outbox';

/** SMS_PROVIDER or TWILIO_* settings that cannot work. */
export class SmsConfigError extends Error {
  override readonly name = 'SmsConfigError';
}

/**
 * The provider for this environment:
 * - `twilio`: Twilio's REST API (needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM),
 *   with each attempt logged in `sms_outbox` with the code masked;
 * - `outbox`: messages are stored in `sms_outbox` (and shown at /dev/outbox); refused when
 *   APP_ENV is "production", because it would keep sign-in codes in the database unsent.
 * @throws {SmsConfigError} for an unknown provider, missing Twilio settings, or the outbox in production
 */
export function smsProviderFor(env: Pick<Env, 'SMS_PROVIDER' | 'APP_ENV' | 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_FROM'>, db: Db): SmsProvider {
  switch (env.SMS_PROVIDER) {
    case 'twilio': {
      const missing = (['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_FROM'] as const).filter((k) => !env[k]);
      if (missing.length) {
        throw new SmsConfigError(`SMS_PROVIDER is "twilio" but ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set (wrangler secret put …)`);
      }
      const twilio = new TwilioSmsProvider({
        accountSid: env.TWILIO_ACCOUNT_SID as string,
        authToken: env.TWILIO_AUTH_TOKEN as string,
        from: env.TWILIO_FROM as string,
      });
      return withDeliveryLog(twilio, db);
    }
    case 'outbox':
      if (env.APP_ENV === 'production') {
        throw new SmsConfigError('SMS_PROVIDER "outbox" is for development and tests; set it to "twilio" in production');
      }
      return new OutboxSmsProvider(db);
    default:
      throw new SmsConfigError(`Unknown SMS_PROVIDER ${JSON.stringify(env.SMS_PROVIDER)}: expected "twilio" or "outbox"`);
  }
}
