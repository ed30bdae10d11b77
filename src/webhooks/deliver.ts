/**
 * Sends due webhook deliveries (the cron, every minute): claim a chunk, POST each body to its
 * endpoint with `Pawtal-Timestamp` and `Pawtal-Signature` (domain/webhook.ts), record the
 * outcome — delivered on a 2xx, else retried with backoff (nextAttemptAt) until at least 24 h
 * after the event, then failed. Redirects are not followed (a 3xx is a failure). Three database
 * round trips per run at most; each send is one subrequest with a 10-second limit.
 */
import { createDb, type Db } from '../db/client';
import { claimDueStatements, recordDeliveryStatement, type DeliveryOutcome } from '../db/queries/webhooks';
import { open } from '../domain/secret-box';
import { nextAttemptAt, webhookSignature } from '../domain/webhook';

export const WEBHOOK_CHUNK = 20;
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** A claimed delivery is due again after this if the run died. */
export const WEBHOOK_LEASE_MS = 5 * 60_000;
/** The purpose the signing secrets are sealed under (secret-box.ts). */
export const WEBHOOK_SECRET_PURPOSE = 'webhook-secret';
const CONCURRENCY = 6;

export interface WebhookReport {
  delivered: number;
  retrying: number;
  failed: number;
}

export async function deliverDueWebhooks(
  env: { OTP_PEPPER: string },
  db: Db,
  opts: { now?: number; limit?: number; fetch?: typeof fetch; endpointId?: string } = {},
): Promise<WebhookReport> {
  const now = opts.now ?? Date.now();
  const send = opts.fetch ?? fetch;
  // Unique to this run (to the millisecond, plus jitter): the claim reads back exactly its rows.
  const leaseUntil = now + WEBHOOK_LEASE_MS + Math.floor(Math.random() * 60_000);
  const [, rows] = await db.batch(claimDueStatements(db, now, leaseUntil, opts.limit ?? WEBHOOK_CHUNK, opts.endpointId));
  const report: WebhookReport = { delivered: 0, retrying: 0, failed: 0 };
  if (rows.length === 0) return report;

  const outcomes: DeliveryOutcome[] = new Array(rows.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, rows.length) }, async () => {
      while (next < rows.length) {
        const i = next++;
        const row = rows[i]!;
        const attempts = row.attempts + 1;
        const failure = (statusCode: number | null, error: string): DeliveryOutcome => {
          const at = nextAttemptAt(row.createdAt.getTime(), attempts, now);
          return { id: row.id, status: at === null ? 'failed' : 'queued', attempts, statusCode, error, nextAttemptAt: at };
        };
        const secret = await open(env.OTP_PEPPER, WEBHOOK_SECRET_PURPOSE, row.secretSealed);
        if (!secret) {
          outcomes[i] = {
            id: row.id,
            status: 'failed',
            attempts,
            statusCode: null,
            error: 'The signing secret cannot be read (OTP_PEPPER changed?)',
            nextAttemptAt: null,
          };
          continue;
        }
        const timestamp = Math.floor(now / 1000);
        try {
          const res = await send(row.url, {
            method: 'POST',
            redirect: 'manual',
            signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
            headers: {
              'content-type': 'application/json',
              'user-agent': 'Pawtal-Webhooks/1',
              'pawtal-event': row.event,
              'pawtal-delivery': row.id,
              'pawtal-timestamp': String(timestamp),
              'pawtal-signature': await webhookSignature(secret, timestamp, row.body),
            },
            body: row.body,
          });
          await res.body?.cancel().catch(() => {});
          outcomes[i] =
            res.status >= 200 && res.status < 300
              ? { id: row.id, status: 'delivered', attempts, statusCode: res.status, at: now }
              : failure(res.status, `HTTP ${res.status}`);
        } catch (error) {
          const timeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
          outcomes[i] = failure(null, timeout ? `No answer within ${WEBHOOK_TIMEOUT_MS / 1000} s` : `Could not connect: ${String(error).slice(0, 200)}`);
        }
      }
    }),
  );
  for (const o of outcomes) report[o.status === 'delivered' ? 'delivered' : o.status === 'queued' ? 'retrying' : 'failed'] += 1;
  const updates = outcomes.map((o) => recordDeliveryStatement(db, o, leaseUntil));
  await db.batch(updates as [(typeof updates)[number], ...(typeof updates)[number][]]);
  return report;
}

/** The cron's step: one chunk of due deliveries on its own database handle; logs, never throws. */
export async function runWebhookDelivery(env: { OTP_PEPPER: string } & Parameters<typeof createDb>[0], cron: string): Promise<void> {
  try {
    const report = await deliverDueWebhooks(env, createDb(env, { roundTrips: 0, durationMs: 0 }));
    if (report.delivered + report.retrying + report.failed > 0) console.log(JSON.stringify({ level: 'info', msg: 'webhooks sent', cron, ...report }));
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'webhooks not sent', cron, error: String(error) }));
  }
}
