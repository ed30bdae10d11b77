/**
 * `GET /healthz` for uptime checks and deploys: one database round trip (`SELECT 1`) and one
 * Durable Object call (the health OTP guard's `ping`), run side by side, each with its time.
 * 200 `{db:"ok",do:"ok",dbMs,doMs}` when both answer, 503 with the failing part marked
 * "failed" otherwise. It reads no data and shows no setting, and is never cached. A broken
 * setting is answered before this runs, as `{config:"failed",problem}` (middleware/config.tsx).
 */
import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import type { AppEnv } from '../app-env';
import { otpGuardForHealth } from '../durable-objects/stubs';
import { HEALTH_PATH } from '../middleware/config';

export const healthRoutes = new Hono<AppEnv>();

/** The DO call has the database's time limit too: a check that hangs tells an uptime monitor nothing. */
const DO_TIMEOUT_MS = 4000;

async function timed(check: () => Promise<unknown>): Promise<{ ok: boolean; ms: number; error?: string }> {
  const started = performance.now();
  try {
    await check();
    return { ok: true, ms: round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: round(performance.now() - started), error: error instanceof Error ? error.message : String(error) };
  }
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);
}

healthRoutes.get(HEALTH_PATH, async (c) => {
  const [db, durable] = await Promise.all([
    timed(() => c.get('db').run(sql`SELECT 1`)),
    timed(() => withTimeout(otpGuardForHealth(c.env).ping(), DO_TIMEOUT_MS)),
  ]);
  const healthy = db.ok && durable.ok;
  if (!healthy) {
    console.error(
      JSON.stringify({ level: 'error', msg: 'health check failed', requestId: c.get('requestId'), db: db.error ?? 'ok', do: durable.error ?? 'ok' }),
    );
  }
  c.header('Cache-Control', 'no-store');
  return c.json({ db: db.ok ? 'ok' : 'failed', do: durable.ok ? 'ok' : 'failed', dbMs: db.ms, doMs: durable.ms }, healthy ? 200 : 503);
});
