/**
 * Applies the drizzle-kit migrations in ./migrations to a libSQL database over HTTP — the local
 * server (scripts/libsql-server.ts) or Turso — with drizzle's own migrator. Runs in Node only (it
 * reads the migration files), never inside the Worker.
 *
 * CLI: `npm run db:migrate` with LIBSQL_URL (default http://127.0.0.1:8080) and, if the server
 * wants one, LIBSQL_AUTH_TOKEN.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';

const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../migrations');

/** Applies every migration not yet recorded in `__drizzle_migrations`, in one atomic batch. */
export async function applyMigrations(url: string, authToken?: string): Promise<void> {
  const client = createClient({ url, authToken: authToken || undefined });
  try {
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    client.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const url = process.env.LIBSQL_URL || 'http://127.0.0.1:8080';
  await applyMigrations(url, process.env.LIBSQL_AUTH_TOKEN);
  console.log(`[migrate] ${url} is up to date`);
}
