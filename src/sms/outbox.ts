/**
 * The `sms_outbox` table: in development and tests it IS the SMS provider (every message is
 * stored and shown at /dev/outbox instead of being sent); in production it is a delivery log of
 * what Twilio accepted or refused, with the sign-in code masked — codes are stored only as a
 * keyed hash (SPEC §3.1), never in plain text in the database.
 */
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { smsOutbox, type SmsMessage } from '../db/schema';
import { newId } from '../domain/ids';
import { withSendLog } from '../messaging/delivery-log';
import type { OutgoingSms, SmsProvider } from './provider';

/** Stores messages in `sms_outbox` instead of sending them (development and tests only). */
export class OutboxSmsProvider implements SmsProvider {
  readonly name = 'outbox';
  readonly #db: Db;
  readonly #now: () => number;

  /**
   * @param db - the request's database handle
   * @param now - clock, for tests; defaults to Date.now
   */
  constructor(db: Db, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  /**
   * Inserts the message (status "sent", body in full: the outbox exists so a developer can read
   * the code). @returns the new row's id as the provider message id
   */
  async send(msg: OutgoingSms): Promise<{ providerMessageId: string | null }> {
    const id = newId('sms');
    await this.#db.insert(smsOutbox).values({
      id,
      toE164: msg.to,
      body: msg.body,
      provider: this.name,
      status: 'sent',
      providerMessageId: id,
      error: null,
      createdAt: new Date(this.#now()),
    });
    return { providerMessageId: id };
  }
}

/**
 * The newest stored messages first (ties broken by id, so the order is stable).
 * @param limit - at most this many rows (clamped to 1…500)
 * @param opts.to - only messages to this E.164 number
 */
export async function listOutbox(db: Db, limit = 50, opts: { to?: string } = {}): Promise<SmsMessage[]> {
  const n = Math.min(500, Math.max(1, Math.floor(limit)));
  return db
    .select()
    .from(smsOutbox)
    .where(opts.to === undefined ? undefined : eq(smsOutbox.toE164, opts.to))
    .orderBy(desc(smsOutbox.createdAt), desc(smsOutbox.id))
    .limit(n);
}

/** One delivery attempt through a real provider, for the log. */
export interface DeliveryRecord {
  to: string;
  body: string;
  provider: string;
  status: 'sent' | 'failed';
  providerMessageId?: string | null;
  error?: string | null;
  at?: number;
}

/**
 * Masks every run of 4 or more digits with `*` (same length): the sign-in code, and its copy in
 * the `@host #code` line, never reach the database.
 */
export function redactCodes(body: string): string {
  return body.replace(/\d{4,}/g, (digits) => '*'.repeat(digits.length));
}

/** Logs one delivery attempt in `sms_outbox`, with codes masked ({@link redactCodes}). */
export async function recordDelivery(db: Db, rec: DeliveryRecord): Promise<void> {
  await db.insert(smsOutbox).values({
    id: newId('sms'),
    toE164: rec.to,
    body: redactCodes(rec.body),
    provider: rec.provider,
    status: rec.status,
    providerMessageId: rec.providerMessageId ?? null,
    error: rec.error ?? null,
    createdAt: new Date(rec.at ?? Date.now()),
  });
}

/**
 * Wraps a real provider so each attempt is also logged in `sms_outbox` (status sent/failed,
 * codes masked); best effort, as messaging/delivery-log.ts says.
 */
export function withDeliveryLog(provider: SmsProvider, db: Db): SmsProvider {
  return withSendLog<OutgoingSms>(provider, 'sms', (msg, outcome) => recordDelivery(db, { ...msg, provider: provider.name, ...outcome }));
}
