/**
 * The cron's cleanup (db/queries/retention.ts, src/cron.ts) against the real database: each kind
 * of row is deleted once past its time and kept just before it, in bounded batches. The database
 * is shared with every other test file, so each test checks its own rows only, and times are
 * far enough from the limits that no other file's fresh rows qualify.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { env } from 'cloudflare:workers';
import { eq, inArray } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { createDb } from '../../src/db/client';
import { deleteExpiredRows, RETENTION } from '../../src/db/queries/retention';
import { runRetention, runsRetention, scheduled, RETENTION_EVERY_MINUTES } from '../../src/cron';
import { newId, randomToken } from '../../src/domain/ids';
import { createBusiness, createClientRecord, db, signedInAs, uniquePhone } from '../helpers/factories';

afterEach(() => vi.restoreAllMocks());

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const appDb = () => createDb(env, { roundTrips: 0, durationMs: 0 });
/** A time retention runs at (minute 0 of an hour), and one it does not. */
const RETENTION_MINUTE = Date.UTC(2026, 11, 2, 10, 0);
const OTHER_MINUTE = RETENTION_MINUTE + 60_000;

/** Runs until nothing of any kind is left to delete (other files' rows included). */
async function cleanUpAll(now = Date.now()) {
  for (let i = 0; i < 20; i++) {
    const report = await deleteExpiredRows(appDb(), now);
    if (Object.values(report).every((n) => n === 0)) return;
  }
}

async function remaining<T extends { id: string }>(
  rows: T[],
  table:
    | typeof schema.bookingSubmissions
    | typeof schema.businessNotifications
    | typeof schema.invitations
    | typeof schema.smsOutbox
    | typeof schema.emailOutbox,
) {
  const found = await db
    .select({ id: table.id })
    .from(table)
    .where(
      inArray(
        table.id,
        rows.map((r) => r.id),
      ),
    );
  return found.map((r) => r.id).sort();
}

async function clientOfNewBusiness() {
  const business = await createBusiness();
  return createClientRecord(business.id);
}

describe('the retention times', () => {
  it('are the ones issue 12 asks for', () => {
    expect(RETENTION).toEqual({
      sessionIdleMs: 14 * DAY,
      spentInvitationMs: 30 * DAY,
      idempotencyKeyMs: 24 * HOUR,
      sentMessageMs: 30 * DAY,
      deliveryLogMs: 90 * DAY,
      readNotificationMs: 180 * DAY,
    });
  });
});

describe('sessions', () => {
  it('deletes sessions past their absolute expiry or idle 14 days; keeps live ones', async () => {
    const now = Date.now();
    const client = await clientOfNewBusiness();
    const expired = await signedInAs(client.phoneE164, { expiresAt: now - 1000 });
    const idle = await signedInAs(client.phoneE164, { lastSeenAt: now - RETENTION.sessionIdleMs - HOUR });
    const live = await signedInAs(client.phoneE164, { lastSeenAt: now - RETENTION.sessionIdleMs + HOUR });
    await cleanUpAll(now);
    const left = await db.select({ tokenHash: schema.sessions.tokenHash }).from(schema.sessions).where(eq(schema.sessions.accountId, live.accountId));
    expect(left.map((s) => s.tokenHash)).toEqual([live.tokenHash]);
    expect([expired.accountId, idle.accountId]).toEqual([live.accountId, live.accountId]); // one account, three sessions
  });
});

describe('invitations', () => {
  it('deletes ones used, revoked or expired more than 30 days ago; keeps live and recently spent ones', async () => {
    const now = Date.now();
    const client = await clientOfNewBusiness();
    const { accountId } = await signedInAs(client.phoneE164);
    const old = now - RETENTION.spentInvitationMs - DAY;
    const recent = now - RETENTION.spentInvitationMs + DAY;
    const invitation = (createdAt: number, extra: Partial<typeof schema.invitations.$inferInsert>) => ({
      id: newId('inv'),
      businessId: client.businessId,
      clientId: client.id,
      tokenHash: randomToken(16),
      channel: 'sms' as const,
      phoneE164: client.phoneE164,
      createdAt: new Date(createdAt),
      expiresAt: new Date(createdAt + 30 * DAY),
      ...extra,
    });
    const gone = [
      invitation(old - 30 * DAY, {}), // expired 31 days ago
      invitation(old - DAY, { usedAt: new Date(old), usedByAccountId: accountId }),
      invitation(old - DAY, { revokedAt: new Date(old) }),
    ];
    const kept = [
      invitation(now - DAY, {}), // live
      invitation(recent - 30 * DAY, {}), // expired 29 days ago
      invitation(recent - DAY, { usedAt: new Date(recent), usedByAccountId: accountId }),
      invitation(recent - DAY, { revokedAt: new Date(recent) }),
    ];
    await db.insert(schema.invitations).values([...gone, ...kept]);
    await cleanUpAll(now);
    expect(await remaining([...gone, ...kept], schema.invitations)).toEqual(kept.map((r) => r.id).sort());
  });
});

describe('idempotency keys', () => {
  it('deletes booking submissions older than 24 h; keeps younger ones', async () => {
    const now = Date.now();
    const client = await clientOfNewBusiness();
    const submission = (age: number) => ({
      id: newId('sub'),
      businessId: client.businessId,
      clientId: client.id,
      idempotencyKey: randomToken(16),
      kind: 'create' as const,
      outcome: '{}',
      createdAt: new Date(now - age),
    });
    const gone = [submission(RETENTION.idempotencyKeyMs + HOUR)];
    const kept = [submission(RETENTION.idempotencyKeyMs - HOUR)];
    await db.insert(schema.bookingSubmissions).values([...gone, ...kept]);
    await cleanUpAll(now);
    expect(await remaining([...gone, ...kept], schema.bookingSubmissions)).toEqual(kept.map((r) => r.id));
  });
});

describe('messages', () => {
  it('deletes sent ones after 30 days and failed ones (the delivery log) after 90; never queued ones', async () => {
    const now = Date.now();
    const to = uniquePhone();
    const sms = (status: 'queued' | 'sent' | 'failed', age: number) => ({
      id: newId('sms'),
      toE164: to,
      body: 'hello',
      provider: 'twilio',
      status,
      createdAt: new Date(now - age),
    });
    const email = (status: 'queued' | 'sent' | 'failed', age: number) => ({
      id: newId('eml'),
      toAddress: `retention-${randomToken(6)}@example.com`,
      subject: 'Hello',
      bodyText: 'hello',
      provider: 'postmark',
      status,
      createdAt: new Date(now - age),
    });
    const smsGone = [sms('sent', RETENTION.sentMessageMs + DAY), sms('failed', RETENTION.deliveryLogMs + DAY)];
    const smsKept = [sms('sent', RETENTION.sentMessageMs - DAY), sms('failed', RETENTION.deliveryLogMs - DAY), sms('queued', 400 * DAY)];
    const emailGone = [email('sent', RETENTION.sentMessageMs + DAY), email('failed', RETENTION.deliveryLogMs + DAY)];
    const emailKept = [email('sent', RETENTION.sentMessageMs - DAY), email('failed', RETENTION.deliveryLogMs - DAY), email('queued', 400 * DAY)];
    await db.insert(schema.smsOutbox).values([...smsGone, ...smsKept]);
    await db.insert(schema.emailOutbox).values([...emailGone, ...emailKept]);
    await cleanUpAll(now);
    expect(await remaining([...smsGone, ...smsKept], schema.smsOutbox)).toEqual(smsKept.map((r) => r.id).sort());
    expect(await remaining([...emailGone, ...emailKept], schema.emailOutbox)).toEqual(emailKept.map((r) => r.id).sort());
  });
});

function notification(client: { id: string; businessId: string }, readAgo: number | null) {
  return {
    id: newId('ntf'),
    businessId: client.businessId,
    clientId: client.id,
    kind: 'pet_added' as const,
    summary: 'Sam added a pet',
    createdAt: new Date(Date.now() - 400 * DAY),
    readAt: readAgo === null ? null : new Date(Date.now() - readAgo),
  };
}

describe('notifications', () => {
  it('deletes ones read more than 180 days ago; keeps unread and recently read ones', async () => {
    const client = await clientOfNewBusiness();
    const gone = [notification(client, RETENTION.readNotificationMs + DAY)];
    const kept = [notification(client, RETENTION.readNotificationMs - DAY), notification(client, null)];
    await db.insert(schema.businessNotifications).values([...gone, ...kept]);
    await cleanUpAll();
    expect(await remaining([...gone, ...kept], schema.businessNotifications)).toEqual(kept.map((r) => r.id).sort());
  });
});

describe('one run', () => {
  it('deletes at most its batch of each kind, and the next runs take the rest', async () => {
    await cleanUpAll();
    const client = await clientOfNewBusiness();
    const rows = Array.from({ length: 5 }, () => notification(client, 400 * DAY));
    await db.insert(schema.businessNotifications).values(rows);
    const first = await deleteExpiredRows(appDb(), Date.now(), 2);
    expect(first.notifications).toBe(2);
    expect(await remaining(rows, schema.businessNotifications)).toHaveLength(3);
    await deleteExpiredRows(appDb(), Date.now(), 2);
    await deleteExpiredRows(appDb(), Date.now(), 2);
    expect(await remaining(rows, schema.businessNotifications)).toHaveLength(0);
  });
});

describe('the cron', () => {
  it(`cleans up on every ${RETENTION_EVERY_MINUTES}th minute only`, async () => {
    expect(runsRetention(RETENTION_MINUTE)).toBe(true);
    expect(runsRetention(OTHER_MINUTE)).toBe(false);
    const client = await clientOfNewBusiness();
    const [row] = [notification(client, 400 * DAY)];
    await db.insert(schema.businessNotifications).values(row!);
    await runRetention(env, OTHER_MINUTE, '* * * * *');
    expect(await remaining([row!], schema.businessNotifications)).toHaveLength(1);
    vi.spyOn(console, 'log').mockImplementation(() => {});
    await runRetention(env, RETENTION_MINUTE, '* * * * *');
    expect(await remaining([row!], schema.businessNotifications)).toHaveLength(0);
  });

  it('logs a database that cannot be reached and does not throw', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await runRetention({ ...env, LIBSQL_URL: 'http://127.0.0.1:9' }, RETENTION_MINUTE, '* * * * *');
    expect(errors.mock.calls.some((c) => String(c[0]).includes('expired rows not deleted'))).toBe(true);
  });

  it('with a broken setting, logs one line naming it and runs nothing', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const waitUntil = vi.fn();
    await scheduled({ cron: '* * * * *', scheduledTime: RETENTION_MINUTE, noRetry() {} } as ScheduledController, { ...env, OTP_PEPPER: '' }, {
      waitUntil,
      passThroughOnException() {},
      props: {},
    } as unknown as ExecutionContext);
    expect(waitUntil).not.toHaveBeenCalled();
    expect(errors.mock.calls.map((c) => JSON.parse(String(c[0])))).toEqual([
      { level: 'error', msg: 'configuration error', problem: expect.stringContaining('OTP_PEPPER'), cron: '* * * * *' },
    ]);
  });
});
