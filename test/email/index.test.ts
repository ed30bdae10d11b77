/** Choosing the email provider from the environment (no database traffic: only construction). */
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema';
import { EmailConfigError, emailProviderFor } from '../../src/email';

// Never queried: these tests only build providers.
const db = drizzle(createClient({ url: 'http://127.0.0.1:9' }), { schema });
const postmark = {
  EMAIL_PROVIDER: 'postmark',
  APP_ENV: 'production',
  POSTMARK_SERVER_TOKEN: 'pm-token',
  EMAIL_FROM: 'Pawtal <no-reply@pawtal.test>',
};

describe('emailProviderFor', () => {
  it('gives Postmark (with the delivery log) when configured', () => {
    expect(emailProviderFor(postmark, db).name).toBe('postmark');
    expect(emailProviderFor({ ...postmark, POSTMARK_MESSAGE_STREAM: 'outbound' }, db).name).toBe('postmark');
  });

  it('names every missing Postmark setting', () => {
    expect(() => emailProviderFor({ ...postmark, POSTMARK_SERVER_TOKEN: undefined, EMAIL_FROM: '' }, db)).toThrow(
      /POSTMARK_SERVER_TOKEN, EMAIL_FROM are not set/,
    );
    expect(() => emailProviderFor({ ...postmark, EMAIL_FROM: undefined }, db)).toThrow(/EMAIL_FROM is not set/);
    expect(() => emailProviderFor({ ...postmark, EMAIL_FROM: undefined }, db)).toThrow(EmailConfigError);
  });

  it('gives the outbox outside production, and refuses it in production', () => {
    expect(emailProviderFor({ EMAIL_PROVIDER: 'outbox', APP_ENV: 'development' }, db).name).toBe('outbox');
    expect(emailProviderFor({ EMAIL_PROVIDER: 'outbox', APP_ENV: 'test' }, db).name).toBe('outbox');
    expect(() => emailProviderFor({ EMAIL_PROVIDER: 'outbox', APP_ENV: 'production' }, db)).toThrow(/development and tests/);
  });

  it('refuses an unknown or missing provider', () => {
    expect(() => emailProviderFor({ EMAIL_PROVIDER: 'carrier-pigeon', APP_ENV: 'test' }, db)).toThrow(
      /Unknown EMAIL_PROVIDER "carrier-pigeon": expected "postmark" or "outbox"/,
    );
    expect(() => emailProviderFor({ APP_ENV: 'test' }, db)).toThrow(/EMAIL_PROVIDER is not set/);
  });
});
