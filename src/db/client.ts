/**
 * The Worker's database handle: drizzle over @libsql/client's HTTP client, one per request
 * (no module-level state: isolates are shared). Its fetch is wrapped so that every HTTP
 * request to libSQL — one database round trip — is counted and timed; the observability
 * middleware reports both in Server-Timing and the request log, and the benchmark reads them
 * to check the one-round-trip-per-page budget.
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
}

/** Creates a database handle that records its round trips into `stats`. */
export function createDb(config: DbConfig, stats: DbStats): Db {
  const countingFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const started = performance.now();
    stats.roundTrips += 1;
    try {
      return await fetch(input, init);
    } finally {
      stats.durationMs += performance.now() - started;
    }
  };
  const client = createClient({
    url: config.LIBSQL_URL,
    authToken: config.LIBSQL_AUTH_TOKEN || undefined,
    fetch: countingFetch,
  });
  return drizzle(client, { schema });
}
