/**
 * The test Worker's settings turned into a complete production configuration (real providers,
 * well-formed secrets), for tests of what only production does. Nothing here is sent anywhere:
 * the no-network guard refuses the providers' hosts.
 */
import { env } from 'cloudflare:workers';
import type { Env } from '../../src/env';

export const productionEnv: Env = {
  ...env,
  APP_ENV: 'production',
  LIBSQL_AUTH_TOKEN: env.LIBSQL_AUTH_TOKEN || 'token',
  OTP_PEPPER: 'a-pepper-long-enough-for-hmac',
  SMS_PROVIDER: 'twilio',
  TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
  TWILIO_AUTH_TOKEN: 'twilio-token',
  TWILIO_FROM: '+15005550006',
  EMAIL_PROVIDER: 'postmark',
  EMAIL_FROM: 'Pawtal <no-reply@example.com>',
  POSTMARK_SERVER_TOKEN: 'postmark-token',
};
