/**
 * The Worker's database handle: drizzle over @libsql/client's HTTP client, one per request
 * (no module-level state: isolates are shared). Its fetch is wrapped so that every HTTP
 * request to libSQL — one database round trip — is counted and timed; the observability
 * middleware reports both in Server-Timing and the request log, and the benchmark reads them
 * to check the one-round-trip-per-page budget.
 *
 * The same wrapper puts a time limit on every round trip (LIBSQL_TIMEOUT_MS, default
 * {@link DEFAULT_DB_TIMEOUT_MS}) and turns the ways a database fails — no answer in time, no
 * connection, a 5xx such as an expired stream — into one {@link DatabaseUnavailableError}, which
 * the error renderer answers with a 503 (routes/errors.tsx). Without the limit a paused server
 * held every request for as long as the platform allowed.
 */
import { createClient } from '@libsql/client/http';
import { drizzle } from 'drizzle-orm/libsql/http';
import type { LibSQLDatabase } from 'drizzle-orm/libsql';
import * as schema from './schema';

export type Db = LibSQLDatabase<typeof schema>;

/** What one request spent in the database. */
export interface DbStats {
  roundTrips: number;
  durationMs: number;
}

export interface DbConfig {
  LIBSQL_URL: string;
  LIBSQL_AUTH_TOKEN?: string;
  /** Time limit of one database round trip in milliseconds; empty = {@link DEFAULT_DB_TIMEOUT_MS}. */
  LIBSQL_TIMEOUT_MS?: string;
}

/**
 * A page is one round trip and a request makes a few at most, so 4 s per round trip keeps a
 * failing database's answer (a 503) well inside the 10 s a parent is asked to wait (issue 12),
 * while a healthy Turso answers in tens of milliseconds.
 */
export const DEFAULT_DB_TIMEOUT_MS = 4000;

/** Why the database could not be used. */
export type DatabaseFailure = 'timeout' | 'unreachable' | 'server_error';

/** The database did not answer usefully: the request cannot go on, and may be retried later. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  constructor(
    readonly failure: DatabaseFailure,
    detail: string,
  ) {
    super(`Database ${failure === 'timeout' ? 'timed out' : failure === 'unreachable' ? 'unreachable' : 'server error'}: ${detail}`);
  }
}

/** The DatabaseUnavailableError behind `err` (drizzle and @libsql/client wrap it in `cause`), if any. */
export function databaseUnavailable(err: unknown): DatabaseUnavailableError | null {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof DatabaseUnavailableError) return e;
  }
  return null;
}

/** LIBSQL_TIMEOUT_MS as a number of milliseconds; a value that is not a positive integer is a configuration error. */
export function dbTimeoutMs(config: Pick<DbConfig, 'LIBSQL_TIMEOUT_MS'>): number {
  const raw = config.LIBSQL_TIMEOUT_MS;
  if (raw === undefined || raw === '') return DEFAULT_DB_TIMEOUT_MS;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0) throw new TypeError(`LIBSQL_TIMEOUT_MS must be a whole number of milliseconds, got ${JSON.stringify(raw)}`);
  return ms;
}

/** Creates a database handle that records its round trips into `stats`. */
export function createDb(config: DbConfig, stats: DbStats): Db {
  const timeoutMs = dbTimeoutMs(config);
  const guardedFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const started = performance.now();
    stats.roundTrips += 1;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      const res = await fetch(input, { ...init, signal });
      if (res.status >= 500) {
        // An expired stream (STREAM_EXPIRED), or Turso's edge unable to reach the database.
        const body = (await res.text().catch(() => '')).slice(0, 200);
        throw new DatabaseUnavailableError('server_error', `HTTP ${res.status} ${body}`.trim());
      }
      return res;
    } catch (error) {
      if (error instanceof DatabaseUnavailableError) throw error;
      if (timeout.aborted) throw new DatabaseUnavailableError('timeout', `no answer within ${timeoutMs} ms`);
      throw new DatabaseUnavailableError('unreachable', error instanceof Error ? error.message : String(error));
    } finally {
      stats.durationMs += performance.now() - started;
    }
  };
  const client = createClient({
    url: config.LIBSQL_URL,
    authToken: config.LIBSQL_AUTH_TOKEN || undefined,
    fetch: guardedFetch,
  });
  return drizzle(client, { schema });
}
