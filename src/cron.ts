/**
 * The cron trigger (wrangler.toml `[triggers] crons`, every minute): first the settings check
 * (a broken secret is one log line, and nothing runs), then queued message delivery
 * (messaging/delivery.ts), due webhook deliveries (webhooks/deliver.ts) and, every {@link RETENTION_EVERY_MINUTES} minutes, the deletion of
 * rows past their time (db/queries/retention.ts), and every 10 minutes the vaccination expiry reminders
 * (messaging/vaccination-reminders.ts). Retention is one database round trip, so a
 * run stays within the Worker's subrequest budget next to delivery's.
 */
import { createDb } from './db/client';
import { deleteExpiredRows } from './db/queries/retention';
import type { Env } from './env';
import { scheduled as deliverQueuedMessages } from './messaging/delivery';
import { runVaccinationReminders } from './messaging/vaccination-reminders';
import { configProblem, logConfigProblem } from './middleware/config';
import { runWebhookDelivery } from './webhooks/deliver';

/**
 * Retention's deletes scan the tables they clean (no index on the times, to keep writes cheap),
 * so they run every 10 minutes rather than every minute; 500 rows of each kind per run is still
 * 72 000 a day.
 */
export const RETENTION_EVERY_MINUTES = 10;

/** Whether the run scheduled at `scheduledTime` (epoch ms) also cleans up. */
export function runsRetention(scheduledTime: number): boolean {
  return Math.floor(scheduledTime / 60_000) % RETENTION_EVERY_MINUTES === 0;
}

/**
 * Deletes rows past their time when the run at `scheduledTime` is one of retention's; logs what
 * went (or why nothing could). Never throws: a failed run is retried by the next one.
 */
export async function runRetention(env: Env, scheduledTime: number, cron: string): Promise<void> {
  if (!runsRetention(scheduledTime)) return;
  try {
    const report = await deleteExpiredRows(createDb(env, { roundTrips: 0, durationMs: 0 }), Date.now());
    if (Object.values(report).some((n) => n > 0)) console.log(JSON.stringify({ level: 'info', msg: 'expired rows deleted', cron, ...report }));
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: 'expired rows not deleted', cron, error: String(error) }));
  }
}

export async function scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
  const problem = configProblem(env);
  if (problem) {
    logConfigProblem(problem, { cron: controller.cron });
    return;
  }
  await deliverQueuedMessages(controller, env, ctx);
  ctx.waitUntil(runRetention(env, controller.scheduledTime, controller.cron));
  ctx.waitUntil(runWebhookDelivery(env, controller.cron));
  ctx.waitUntil(runVaccinationReminders(env, controller.scheduledTime, controller.cron));
}
