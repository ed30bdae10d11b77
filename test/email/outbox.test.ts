/**
 * The development email outbox and the production delivery log: against an in-memory store,
 * and against the real libSQL test database (table `email_outbox` from the migrations).
 * The database is shared by all test files: every test uses its own address.
 */
import { env } from 'cloudflare:workers';
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as schema from '../../src/db/schema';
import type { Env } from '../../src/env';
import { newId } from '../../src/domain/ids';
import {
  emailOutboxStore,
  listEmailOutbox,
  OutboxEmailProvider,
  redactSecrets,
  withEmailDeliveryLog,
  type EmailOutboxRow,
  type EmailOutboxStore,
} from '../../src/email/outbox';
import { EmailSendError, emailCodeMessage, type EmailProvider } from '../../src/email/provider';

const testEnv = env as unknown as Env;
const db = drizzle(createClient({ url: testEnv.LIBSQL_URL, authToken: testEnv.LIBSQL_AUTH_TOKEN || undefined }), { schema });

afterEach(() => {
  vi.restoreAllMocks();
});

/** An address no other test (in any file, any run) uses. */
const uniqueAddress = () => `${newId('t')}@example.com`;

/** A store that keeps rows in an array. */
function memoryStore(): EmailOutboxStore & { rows: EmailOutboxRow[] } {
  const rows: EmailOutboxRow[] = [];
  return {
    rows,
    async insert(row) {
      rows.push(row);
    },
    async list({ limit, to }) {
      return rows
        .filter((r) => to === undefined || r.toAddress === to)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1))
        .slice(0, limit);
    },
  };
}

describe('OutboxEmailProvider', () => {
  it('keeps the whole text, so a developer (or a browser test) can read the code', async () => {
    const store = memoryStore();
    const outbox = new OutboxEmailProvider(store, () => Date.UTC(2026, 10, 23, 9, 0));
    const message = emailCodeMessage('314159', 'password_reset');
    const { providerMessageId } = await outbox.send({ to: 'jamie@example.com', ...message });

    expect(providerMessageId).toMatch(/^eml_[a-z2-7]{26}$/);
    expect(store.rows).toEqual([
      {
        id: providerMessageId,
        toAddress: 'jamie@example.com',
        subject: 'Your Pawtal password reset code',
        bodyText: message.text,
        provider: 'outbox',
        status: 'sent',
        providerMessageId,
        error: null,
        createdAt: new Date(Date.UTC(2026, 10, 23, 9, 0)),
      },
    ]);
    expect(store.rows[0]!.bodyText).toContain('314159');
  });

  it('refuses a malformed message like the real provider, and stores nothing', async () => {
    const store = memoryStore();
    await expect(new OutboxEmailProvider(store).send({ to: 'not-an-address', subject: 'Hi', text: 'x' })).rejects.toThrow(TypeError);
    expect(store.rows).toEqual([]);
  });

  it('stores rows in email_outbox, and listEmailOutbox returns the newest first', async () => {
    const store = emailOutboxStore(db);
    const to = uniqueAddress();
    let now = Date.now() - 60_000; // in the past: never tops other tests' unfiltered lists
    const outbox = new OutboxEmailProvider(store, () => now);

    const first = await outbox.send({ to, ...emailCodeMessage('111111', 'password_reset') });
    now += 1_000;
    const second = await outbox.send({ to, ...emailCodeMessage('222222', 'password_reset') });

    const rows = await listEmailOutbox(store, 10, { to });
    expect(rows.map((r) => r.id)).toEqual([second.providerMessageId, first.providerMessageId]);
    expect(rows[0]).toEqual({
      id: second.providerMessageId,
      toAddress: to,
      subject: 'Your Pawtal password reset code',
      bodyText: emailCodeMessage('222222', 'password_reset').text,
      provider: 'outbox',
      status: 'sent',
      providerMessageId: second.providerMessageId,
      error: null,
      createdAt: new Date(now),
    });
    expect(await listEmailOutbox(store, 1, { to })).toHaveLength(1);
    expect((await listEmailOutbox(store, 0)).length).toBe(1); // clamped to at least 1
  });
});

describe('withEmailDeliveryLog', () => {
  const fake = (send: EmailProvider['send']): EmailProvider => ({ name: 'postmark', send });
  const INVITE = 'Jamie, Happy Tails invites you: https://pawtal.test/i/Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA?src=email\n';

  it('logs a sent email with the code and the link path masked', async () => {
    const store = emailOutboxStore(db);
    const to = uniqueAddress();
    const provider = withEmailDeliveryLog(
      fake(async () => ({ providerMessageId: 'pm-1' })),
      store,
    );
    const message = emailCodeMessage('987654', 'password_reset');
    expect(await provider.send({ to, subject: message.subject, text: message.text + INVITE })).toEqual({ providerMessageId: 'pm-1' });

    const [row] = await listEmailOutbox(store, 5, { to });
    expect(row).toMatchObject({ provider: 'postmark', status: 'sent', providerMessageId: 'pm-1', error: null });
    expect(row?.bodyText).not.toContain('987654');
    expect(row?.bodyText).toContain('    ******\n');
    expect(row?.bodyText).not.toContain('Zm9vYmFy');
    expect(row?.bodyText).toContain('https://pawtal.test/…');
  });

  it("logs a failed email and rethrows the provider's error unchanged", async () => {
    const store = memoryStore();
    const to = 'jamie@example.com';
    const failure = new EmailSendError('Postmark refused the message (HTTP 422, error 406): inactive recipient', {
      provider: 'postmark',
      status: 422,
      code: 406,
      retryable: false,
    });
    const provider = withEmailDeliveryLog(
      fake(async () => Promise.reject(failure)),
      store,
    );
    await expect(provider.send({ to, ...emailCodeMessage('135790', 'password_reset') })).rejects.toBe(failure);
    expect(store.rows).toHaveLength(1);
    expect(store.rows[0]).toMatchObject({ toAddress: to, status: 'failed', providerMessageId: null, error: failure.message });
    expect(store.rows[0]!.bodyText).not.toContain('135790');
  });

  it('logs nothing for a malformed message (nothing was attempted)', async () => {
    const store = memoryStore();
    const provider = withEmailDeliveryLog(
      fake(async () => {
        throw new TypeError('Email: "to" must be one plain address');
      }),
      store,
    );
    await expect(provider.send({ to: 'x', subject: 's', text: 't' })).rejects.toThrow(TypeError);
    expect(store.rows).toEqual([]);
  });

  it('never fails a sent email because the log could not be written', async () => {
    const deadStore: EmailOutboxStore = {
      insert: () => Promise.reject(new Error('database unavailable')),
      list: () => Promise.resolve([]),
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const provider = withEmailDeliveryLog(
      fake(async () => ({ providerMessageId: 'pm-2' })),
      deadStore,
    );
    expect(await provider.send({ to: 'jamie@example.com', subject: 'Hi', text: 'x' })).toEqual({ providerMessageId: 'pm-2' });
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('email delivery log failed'));
  });
});

describe('redactSecrets', () => {
  it('masks runs of 4+ digits and cuts URLs to their origin', () => {
    expect(redactSecrets('Code 123456, room 12. Open https://pawtal.test/i/abcDEF123?x=1 or http://localhost:8787/reset.')).toBe(
      'Code ******, room 12. Open https://pawtal.test/… or http://localhost:8787/…',
    );
    expect(redactSecrets('See https://pawtal.test')).toBe('See https://pawtal.test');
  });
});
