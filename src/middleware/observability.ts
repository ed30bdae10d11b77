/**
 * First middleware of every request: gives it an id and round-trip counters, and at the end
 * writes `Server-Timing` (db time + round trips, total app time) and one structured JSON log
 * line (request id, route, status, duration, round trips). {@link database} then gives it the
 * database handle that fills those counters — after the settings check (middleware/config.tsx),
 * because a handle cannot be made from a missing or malformed LIBSQL_URL.
 */
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import { createDb } from '../db/client';
import type { AppEnv } from '../app-env';

export const observability = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now();
  const requestId = c.req.header('cf-ray') ?? crypto.randomUUID();
  const dbStats = { roundTrips: 0, durationMs: 0 };
  c.set('requestId', requestId);
  c.set('dbStats', dbStats);

  await next();

  const totalMs = performance.now() - started;
  const trips = dbStats.roundTrips;
  c.res.headers.append(
    'Server-Timing',
    `db;dur=${dbStats.durationMs.toFixed(1)};desc="${trips} round trip${trips === 1 ? '' : 's'}", app;dur=${totalMs.toFixed(1)}`,
  );
  c.res.headers.set('X-Request-Id', requestId);
  console.log(
    JSON.stringify({
      level: c.res.status >= 500 ? 'error' : 'info',
      msg: 'request',
      requestId,
      method: c.req.method,
      route: safeRoutePath(c),
      path: loggablePath(c.req.path),
      status: c.res.status,
      durationMs: Math.round(totalMs * 10) / 10,
      dbMs: Math.round(dbStats.durationMs * 10) / 10,
      dbRoundTrips: trips,
    }),
  );
});

/** The request's database handle (db/client.ts), counting into the observability counters. */
export const database = createMiddleware<AppEnv>(async (c, next) => {
  c.set('db', createDb(c.env, c.get('dbStats')));
  await next();
});

/** Secrets that travel in URLs (invitation tokens, calendar feed tokens) are not written to logs. */
export function loggablePath(path: string): string {
  return path.replace(/^\/invite\/[^/]+/, '/invite/[token]').replace(/^\/calendar\/[^/]+/, '/calendar/[token]');
}

function safeRoutePath(c: Parameters<typeof routePath>[0]): string {
  try {
    return routePath(c, -1);
  } catch {
    return loggablePath(c.req.path);
  }
}
