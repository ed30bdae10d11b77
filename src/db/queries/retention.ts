/**
 * What the cron deletes, and when (issue 12 item 4; decision 0015). Rows that have done their
 * job are not kept forever: a leaked database then holds less, and tables stay small.
 *
 * | kind            | table(s)                     | deleted when                                        |
 * |-----------------|------------------------------|-----------------------------------------------------|
 * | sessions        | sessions                     | past their absolute expiry, or idle for 14 days     |
 * | invitations     | invitations                  | used, revoked or expired more than 30 days ago      |
 * | idempotencyKeys | booking_submissions          | older than 24 h (a retry comes within minutes)      |
 * | sentMessages    | sms_outbox, email_outbox     | status "sent", older than 30 days                   |
 * | deliveryLogs    | sms_outbox, email_outbox     | status "failed", older than 90 days                 |
 * | notifications   | business_notifications       | read more than 180 days ago                         |
 *
 * Queued messages are never deleted here (delivery marks them failed after 24 h). Sign-in codes
 * and the attempt guards live in Durable Objects, whose alarms already delete them as they age
 * out (otp-guard.ts, credential-guard.ts), so nothing in the database holds them.
 *
 * Each kind is deleted in a bounded batch (`DELETE … WHERE id IN (SELECT id … LIMIT n)`), all
 * kinds in one atomic database batch: one round trip per run, and the work is the database's,
 * not the Worker's CPU. What is left over goes in the next run.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { SESSION_IDLE_MS } from '../../domain/session-policy';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Rows of each kind deleted per run at most. */
export const RETENTION_BATCH = 500;

export const RETENTION = {
  sessionIdleMs: SESSION_IDLE_MS,
  spentInvitationMs: 30 * DAY_MS,
  idempotencyKeyMs: DAY_MS,
  sentMessageMs: 30 * DAY_MS,
  deliveryLogMs: 90 * DAY_MS,
  readNotificationMs: 180 * DAY_MS,
} as const;

export type RetentionKind = 'sessions' | 'invitations' | 'idempotencyKeys' | 'sentMessages' | 'deliveryLogs' | 'notifications';

/** Rows deleted by one run, per kind. */
export type RetentionReport = Record<RetentionKind, number>;

/** `DELETE FROM table WHERE key IN (SELECT key FROM table WHERE … LIMIT n)`: SQLite's bounded delete. */
function boundedDelete(table: string, key: string, where: SQL, limit: number): SQL {
  const t = sql.identifier(table);
  const k = sql.identifier(key);
  return sql`DELETE FROM ${t} WHERE ${k} IN (SELECT ${k} FROM ${t} WHERE ${where} LIMIT ${limit})`;
}

/**
 * Deletes up to `limit` rows of each kind that are past their time, as of `now` (epoch ms).
 * One database round trip; returns how many rows of each kind went.
 */
export async function deleteExpiredRows(db: Db, now: number, limit = RETENTION_BATCH): Promise<RetentionReport> {
  const before = (ms: number) => now - ms;
  const spentBefore = before(RETENTION.spentInvitationMs);
  const sentBefore = before(RETENTION.sentMessageMs);
  const failedBefore = before(RETENTION.deliveryLogMs);
  const statements = {
    sessions: [boundedDelete('sessions', 'token_hash', sql`expires_at < ${now} OR last_seen_at < ${before(RETENTION.sessionIdleMs)}`, limit)],
    invitations: [boundedDelete('invitations', 'id', sql`used_at < ${spentBefore} OR revoked_at < ${spentBefore} OR expires_at < ${spentBefore}`, limit)],
    idempotencyKeys: [boundedDelete('booking_submissions', 'id', sql`created_at < ${before(RETENTION.idempotencyKeyMs)}`, limit)],
    sentMessages: [
      boundedDelete('sms_outbox', 'id', sql`status = 'sent' AND created_at < ${sentBefore}`, limit),
      boundedDelete('email_outbox', 'id', sql`status = 'sent' AND created_at < ${sentBefore}`, limit),
    ],
    deliveryLogs: [
      boundedDelete('sms_outbox', 'id', sql`status = 'failed' AND created_at < ${failedBefore}`, limit),
      boundedDelete('email_outbox', 'id', sql`status = 'failed' AND created_at < ${failedBefore}`, limit),
    ],
    notifications: [boundedDelete('business_notifications', 'id', sql`read_at < ${before(RETENTION.readNotificationMs)}`, limit)],
  } satisfies Record<RetentionKind, SQL[]>;
  const kinds = Object.keys(statements) as RetentionKind[];
  const flat = kinds.flatMap((kind) => statements[kind].map((statement) => ({ kind, statement })));
  const results = await db.batch(flat.map(({ statement }) => db.run(statement)) as [ReturnType<Db['run']>, ...ReturnType<Db['run']>[]]);
  const report = Object.fromEntries(kinds.map((kind) => [kind, 0])) as RetentionReport;
  flat.forEach(({ kind }, i) => {
    report[kind] += results[i]!.rowsAffected;
  });
  return report;
}
