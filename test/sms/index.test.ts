/** Choosing the SMS provider from the environment (no database traffic: only construction). */
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema';
import { SmsConfigError, smsProviderFor } from '../../src/sms';

// Never queried: these tests only build providers.
const db = drizzle(createClient({ url: 'http://127.0.0.1:9' }), { schema });
const twilio = {
  SMS_PROVIDER: 'twilio',
  APP_ENV: 'production',
  TWILIO_ACCOUNT_SID: 'AC1',
  TWILIO_AUTH_TOKEN: 'tok',
  TWILIO_FROM: '+15005550006',
};

describe('smsProviderFor', () => {
  it('gives Twilio (with the delivery log) when configured', () => {
    expect(smsProviderFor(twilio, db).name).toBe('twilio');
  });

  it('names every missing Twilio setting', () => {
    expect(() => smsProviderFor({ ...twilio, TWILIO_AUTH_TOKEN: undefined, TWILIO_FROM: '' }, db)).toThrow(/TWILIO_AUTH_TOKEN, TWILIO_FROM are not set/);
    expect(() => smsProviderFor({ ...twilio, TWILIO_ACCOUNT_SID: undefined }, db)).toThrow(SmsConfigError);
  });

  it('gives the outbox outside production, and refuses it in production', () => {
    expect(smsProviderFor({ SMS_PROVIDER: 'outbox', APP_ENV: 'development' }, db).name).toBe('outbox');
    expect(smsProviderFor({ SMS_PROVIDER: 'outbox', APP_ENV: 'test' }, db).name).toBe('outbox');
    expect(() => smsProviderFor({ SMS_PROVIDER: 'outbox', APP_ENV: 'production' }, db)).toThrow(/development and tests/);
  });

  it('refuses an unknown provider', () => {
    expect(() => smsProviderFor({ SMS_PROVIDER: 'carrier-pigeon', APP_ENV: 'test' }, db)).toThrow(/Unknown SMS_PROVIDER "carrier-pigeon"/);
  });
});
