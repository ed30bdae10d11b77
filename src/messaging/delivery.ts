/**
 * Queued delivery of outbox messages (decision record 0010).
 *
 * Bulk invitations write their messages into `sms_outbox` / `email_outbox` in the same database
 * batch that creates the invitations. With the development outbox provider a stored row IS the
 * delivered message (status "sent", nothing to send). With a real provider (Twilio, Postmark)
 * the rows are "queued", and this module sends them in bounded chunks, because every send is a
 * subrequest and a Worker invocation may make only 50 on the free plan:
 * - right after the staff request's response (`waitUntil`): one chunk of {@link DELIVERY_CHUNK};
 * - every minute from the cron trigger ({@link scheduled}): one more chunk, until none is left.
 * A chunk costs at most DELIVERY_CHUNK sends + 4 database round trips (claim and record, for
 * SMS and for email), so with the staff request's own 2 round trips an invocation makes ≤ 46.
 *
 * Claims: a run marks the rows it takes (`provider_message_id = claim:<time>:<random>`, status
 * still "queued") with one conditional UPDATE … RETURNING, so the waitUntil chunk and a cron run
 * never send the same row; a claim older than {@link CLAIM_TTL_MS} (a run that died) is taken
 * again — delivery is at least once. After sending, one batch records each outcome: "sent" with
 * the provider's id, "failed" (refused, or still failing after {@link GIVE_UP_AFTER_MS}), or back
 * to unclaimed "queued" for a retryable failure. Sent and failed rows of a real provider keep
 * the body with links and codes masked (`redactSecrets`): the database then holds no usable
 * invitation token; only a queued row, for the minutes until it goes out, carries the link.
 */
import { and, asc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import { createDb, type Db } from '../db/client';
import { emailOutbox, smsOutbox } from '../db/schema';
import type { Env } from '../env';
import { randomToken } from '../domain/ids';
import { emailProviderFor, type EmailEnv } from '../email';
import { PostmarkEmailProvider } from '../email/http';
import { redactSecrets } from '../email/outbox';
import { smsProviderFor } from '../sms';
import { ProviderSendError } from './send-error';
import { TwilioSmsProvider } from '../sms/twilio';

/** Messages sent per invocation (see the budget above). */
export const DELIVERY_CHUNK = 40;
/** A claim older than this belongs to a run that died; its rows are taken again. */
export const CLAIM_TTL_MS = 5 * 60_000;
/** A message still failing this long after it was queued is marked failed. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60_000;
/** Sends in flight at once (a Worker keeps at most 6 connections open). */
const SEND_CONCURRENCY = 6;

/** The settings delivery reads. */
export type DeliveryEnv = Pick<Env, 'SMS_PROVIDER' | 'APP_ENV' | 'TWILIO_ACCOUNT_SID' | 'TWILIO_AUTH_TOKEN' | 'TWILIO_FROM'> & EmailEnv;

export type Channel = 'sms' | 'email';

/** How this environment delivers a channel's messages. */
export interface DeliveryMode {
  /** Recorded in the outbox row: "outbox", "twilio", "postmark". */
  provider: string;
  /** True for the development outbox: storing the row is the delivery. */
  immediate: boolean;
}

/**
 * The delivery mode of `channel` here.
 * @throws SmsConfigError / EmailConfigError when the channel's provider is not configured
 */
export function deliveryModeFor(env: DeliveryEnv, db: Db, channel: Channel): DeliveryMode {
  const provider = channel === 'sms' ? smsProviderFor(env, db) : emailProviderFor(env, db);
  return { provider: provider.name, immediate: provider.name === 'outbox' };
}

/** What one run did. */
export interface DeliveryReport {
  sent: number;
  failed: number;
  retrying: number;
  /** Channels with queued rows but a misconfigured provider (the rows stay queued). */
  skipped: Channel[];
}

interface ClaimedRow {
  id: string;
  to: string;
  body: string;
  subject: string | null;
  createdAt: Date;
}

type Outcome = { status: 'sent'; providerMessageId: string | null } | { status: 'failed'; error: string } | { status: 'retry'; error: string };

/** Sends one claimed row; null means the development outbox (nothing to send). */
type Transport = ((row: ClaimedRow) => Promise<{ providerMessageId: string | null }>) | null;

/**
 * Sends up to `limit` queued messages (SMS first, oldest first) and records the outcomes.
 * Never throws for a message or a misconfigured channel (they are counted and logged); a
 * database failure rejects (the claimed rows are taken again after CLAIM_TTL_MS).
 *
 * @param opts.limit - messages to take (default DELIVERY_CHUNK)
 * @param opts.now - epoch ms, for tests
 */
export async function deliverQueued(env: DeliveryEnv, db: Db, opts: { limit?: number; now?: number } = {}): Promise<DeliveryReport> {
  const now = opts.now ?? Date.now();
  let budget = opts.limit ?? DELIVERY_CHUNK;
  const claim = `claim:${String(now).padStart(15, '0')}:${randomToken(6)}`;
  const staleBefore = `claim:${String(now - CLAIM_TTL_MS).padStart(15, '0')}`;
  const report: DeliveryReport = { sent: 0, failed: 0, retrying: 0, skipped: [] };

  for (const channel of ['sms', 'email'] as const) {
    if (budget <= 0) break;
    const rows = await claimRows(db, channel, claim, staleBefore, budget);
    if (rows.length === 0) continue;
    let transport: Transport;
    try {
      // Resolved only when there is something to send: an email provider not set up yet is no
      // error until an email is queued.
      transport = transportFor(env, db, channel);
    } catch (error) {
      report.skipped.push(channel);
      console.error(JSON.stringify({ level: 'error', msg: 'outbox delivery skipped', channel, queued: rows.length, error: String(error) }));
      await releaseClaim(db, channel, claim);
      continue;
    }
    budget -= rows.length;
    const outcomes = await mapLimited(rows, SEND_CONCURRENCY, (row) => sendOne(transport, row, now));
    const updates = rows.map((row, i) => {
      const outcome = outcomes[i]!;
      report[outcome.status === 'retry' ? 'retrying' : outcome.status] += 1;
      // A real provider's log keeps no usable link or code; the development outbox keeps all.
      return recordOutcome(db, channel, row, outcome, claim, transport !== null);
    });
    await db.batch(updates as [(typeof updates)[number], ...(typeof updates)[number][]]);
  }
  return report;
}

/**
 * The cron trigger's handler (wrangler.toml `[triggers] crons`): one chunk per run, on its own
 * database handle. Export it from src/index.ts next to `fetch`.
 */
export async function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  const db = createDb(env, { roundTrips: 0, durationMs: 0 });
  ctx.waitUntil(
    deliverQueued(env as DeliveryEnv, db).then(
      (report) => {
        if (report.sent + report.failed + report.retrying > 0 || report.skipped.length > 0) {
          console.log(JSON.stringify({ level: 'info', msg: 'outbox drained', cron: controller.cron, ...report }));
        }
      },
      (error: unknown) => console.error(JSON.stringify({ level: 'error', msg: 'outbox drain failed', error: String(error) })),
    ),
  );
}

/** The raw sender of a channel (no delivery log: this module records outcomes in the row itself). */
function transportFor(env: DeliveryEnv, db: Db, channel: Channel): Transport {
  // The providers' own factories check the settings (and refuse the outbox in production).
  const mode = deliveryModeFor(env, db, channel);
  if (mode.immediate) return null;
  if (channel === 'sms') {
    const twilio = new TwilioSmsProvider({
      accountSid: env.TWILIO_ACCOUNT_SID ?? '',
      authToken: env.TWILIO_AUTH_TOKEN ?? '',
      from: env.TWILIO_FROM ?? '',
    });
    return (row) => twilio.send({ to: row.to, body: row.body });
  }
  const postmark = new PostmarkEmailProvider({
    serverToken: env.POSTMARK_SERVER_TOKEN ?? '',
    from: env.EMAIL_FROM ?? '',
    ...(env.POSTMARK_MESSAGE_STREAM ? { messageStream: env.POSTMARK_MESSAGE_STREAM } : {}),
  });
  return (row) => postmark.send({ to: row.to, subject: row.subject ?? '', text: row.body });
}

/** Marks up to `limit` unclaimed (or stale-claimed) queued rows with `claim` and returns them. */
async function claimRows(db: Db, channel: Channel, claim: string, staleBefore: string, limit: number): Promise<ClaimedRow[]> {
  if (channel === 'sms') {
    const next = db
      .select({ id: smsOutbox.id })
      .from(smsOutbox)
      .where(and(eq(smsOutbox.status, 'queued'), or(isNull(smsOutbox.providerMessageId), lt(smsOutbox.providerMessageId, staleBefore))))
      .orderBy(asc(smsOutbox.createdAt), asc(smsOutbox.id))
      .limit(limit);
    const rows = await db
      .update(smsOutbox)
      .set({ providerMessageId: claim })
      .where(and(inArray(smsOutbox.id, next), eq(smsOutbox.status, 'queued')))
      .returning({ id: smsOutbox.id, to: smsOutbox.toE164, body: smsOutbox.body, createdAt: smsOutbox.createdAt });
    return rows.map((r) => ({ ...r, subject: null }));
  }
  const next = db
    .select({ id: emailOutbox.id })
    .from(emailOutbox)
    .where(and(eq(emailOutbox.status, 'queued'), or(isNull(emailOutbox.providerMessageId), lt(emailOutbox.providerMessageId, staleBefore))))
    .orderBy(asc(emailOutbox.createdAt), asc(emailOutbox.id))
    .limit(limit);
  return db
    .update(emailOutbox)
    .set({ providerMessageId: claim })
    .where(and(inArray(emailOutbox.id, next), eq(emailOutbox.status, 'queued')))
    .returning({
      id: emailOutbox.id,
      to: emailOutbox.toAddress,
      body: emailOutbox.bodyText,
      subject: emailOutbox.subject,
      createdAt: emailOutbox.createdAt,
    });
}

/** Gives the rows of this run's claim back to the queue (their channel cannot send now). */
async function releaseClaim(db: Db, channel: Channel, claim: string): Promise<void> {
  if (channel === 'sms') await db.update(smsOutbox).set({ providerMessageId: null }).where(eq(smsOutbox.providerMessageId, claim));
  else await db.update(emailOutbox).set({ providerMessageId: null }).where(eq(emailOutbox.providerMessageId, claim));
}

async function sendOne(transport: Transport, row: ClaimedRow, now: number): Promise<Outcome> {
  if (transport === null) return { status: 'sent', providerMessageId: row.id };
  try {
    const { providerMessageId } = await transport(row);
    return { status: 'sent', providerMessageId };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    const retryable = error instanceof ProviderSendError && error.retryable;
    const tooOld = row.createdAt.getTime() < now - GIVE_UP_AFTER_MS;
    return retryable && !tooOld ? { status: 'retry', error: `will retry: ${message}` } : { status: 'failed', error: message };
  }
}

/** The UPDATE that records one row's outcome, if the row is still under this run's claim. */
function recordOutcome(db: Db, channel: Channel, row: ClaimedRow, outcome: Outcome, claim: string, redact: boolean) {
  const fields =
    outcome.status === 'retry'
      ? { providerMessageId: null, error: outcome.error }
      : outcome.status === 'sent'
        ? { status: 'sent' as const, providerMessageId: outcome.providerMessageId, error: null }
        : { status: 'failed' as const, providerMessageId: null, error: outcome.error };
  const masked = redact && outcome.status !== 'retry';
  if (channel === 'sms') {
    return db
      .update(smsOutbox)
      .set({ ...fields, ...(masked ? { body: redactSecrets(row.body) } : {}) })
      .where(and(eq(smsOutbox.id, row.id), eq(smsOutbox.providerMessageId, claim)));
  }
  return db
    .update(emailOutbox)
    .set({ ...fields, ...(masked ? { bodyText: redactSecrets(row.body), subject: redactSecrets(row.subject ?? '') } : {}) })
    .where(and(eq(emailOutbox.id, row.id), eq(emailOutbox.providerMessageId, claim)));
}

/** `fn` over `items` with at most `limit` in flight; results in input order. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
