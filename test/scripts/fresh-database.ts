/**
 * A migrated, empty database on its own local libSQL server (scripts/libsql-server.ts) in a
 * temporary directory — for the Node tests of the seed and the demo-data modules. `close` stops
 * the server and removes the directory.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { startLibsqlServer } from '../../scripts/libsql-server';
import { applyMigrations } from '../../scripts/migrate';
import type { SeedDatabase } from '../../scripts/seed';
import * as schema from '../../src/db/schema';

export async function freshDatabase(prefix = 'seed-test-') {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const token = randomBytes(16).toString('hex');
  const server = await startLibsqlServer({ file: join(dir, 'seed.db'), authToken: token });
  await applyMigrations(server.url, token);
  const client = createClient({ url: server.url, authToken: token });
  const db: SeedDatabase = drizzle(client, { schema });
  return {
    db,
    env: { LIBSQL_URL: server.url, LIBSQL_AUTH_TOKEN: token },
    close: async () => {
      client.close();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type FreshDatabase = Awaited<ReturnType<typeof freshDatabase>>;
