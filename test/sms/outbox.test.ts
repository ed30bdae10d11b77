/**
 * The development outbox and the delivery log, against the real libSQL test database.
 * The database is shared by all test files: every test uses its own phone number.
 */
import { env } from 'cloudflare:workers';
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as schema from '../../src/db/schema';
import type { Db } from '../../src/db/client';
import type { Env } from '../../src/env';
import { listOutbox, OutboxSmsProvider, redactCodes, withDeliveryLog } from '../../src/sms/outbox';
import { SmsSendError, smsBody, type SmsProvider } from '../../src/sms/provider';

const testEnv = env as unknown as Env;
const db = drizzle(createClient({ url: testEnv.LIBSQL_URL, authToken: testEnv.LIBSQL_AUTH_TOKEN || undefined }), { schema });

/** A phone number no other test (in any file, any run) uses. */
function uniquePhone(): string {
  const digits = crypto.getRandomValues(new Uint32Array(1))[0]! % 10_000_000;
  return `+1555${String(digits).padStart(7, '0')}`;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('OutboxSmsProvider', () => {
  it('stores each message, and listOutbox returns the newest first', async () => {
    const to = uniquePhone();
    let now = Date.now() - 60_000; // in the past: never tops other tests' unfiltered lists
    const outbox = new OutboxSmsProvider(db, () => now);

    const first = await outbox.send({ to, body: smsBody('111111', 'pawtal.test') });
    now += 1_000;
    const second = await outbox.send({ to, body: smsBody('222222', 'pawtal.test') });

    const rows = await listOutbox(db, 10, { to });
    expect(rows.map((r) => r.id)).toEqual([second.providerMessageId, first.providerMessageId]);
    expect(rows[0]).toEqual({
      id: second.providerMessageId,
      toE164: to,
      body: smsBody('222222', 'pawtal.test'),
      provider: 'outbox',
      status: 'sent',
      providerMessageId: second.providerMessageId,
      error: null,
      createdAt: new Date(now),
    });
    expect(await listOutbox(db, 1, { to })).toHaveLength(1);
  });
});

describe('withDeliveryLog', () => {
  const fake = (send: SmsProvider['send']): SmsProvider => ({ name: 'twilio', send });

  it('logs a sent message with the code masked', async () => {
    const to = uniquePhone();
    const provider = withDeliveryLog(
      fake(async () => ({ providerMessageId: 'SM999' })),
      db,
    );
    expect(await provider.send({ to, body: smsBody('987654', 'pawtal.test') })).toEqual({ providerMessageId: 'SM999' });
    const [row] = await listOutbox(db, 5, { to });
    expect(row).toMatchObject({ provider: 'twilio', status: 'sent', providerMessageId: 'SM999', error: null });
    expect(row?.body).not.toContain('987654');
    expect(row?.body.endsWith('@pawtal.test #******')).toBe(true);
  });

  it("logs a failed message and rethrows the provider's error unchanged", async () => {
    const to = uniquePhone();
    const failure = new SmsSendError('Twilio refused the message (HTTP 400, error 21211): bad To', {
      provider: 'twilio',
      status: 400,
      code: 21211,
      retryable: false,
    });
    const provider = withDeliveryLog(
      fake(async () => Promise.reject(failure)),
      db,
    );
    await expect(provider.send({ to, body: smsBody('135790', 'pawtal.test') })).rejects.toBe(failure);
    const [row] = await listOutbox(db, 5, { to });
    expect(row).toMatchObject({ status: 'failed', providerMessageId: null, error: failure.message });
    expect(row?.body).not.toContain('135790');
  });

  it('never fails a sent message because the log could not be written', async () => {
    // A handle whose every insert fails, like a database that is down (no real network call:
    // a refused connection would leak an uncaught rejection from the HTTP client into the log).
    const deadDb = {
      insert: () => ({ values: () => Promise.reject(new Error('database unavailable')) }),
    } as unknown as Db;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const provider = withDeliveryLog(
      fake(async () => ({ providerMessageId: 'SM1' })),
      deadDb,
    );
    expect(await provider.send({ to: uniquePhone(), body: 'x' })).toEqual({ providerMessageId: 'SM1' });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('sms delivery log failed'));
  });
});

describe('redactCodes', () => {
  it('masks every run of 4+ digits and keeps the rest', () => {
    expect(redactCodes('Code 123456, again #123456, room 12')).toBe('Code ******, again #******, room 12');
  });
});
