/**
 * vitest globalSetup of the "workers" project: runs in Node before any test file, starts the
 * local libSQL server (scripts/libsql-server.ts) on a fresh database file in a temp directory,
 * with a random token and port, applies ./migrations, and provides `dbUrl` / `dbToken` to
 * vitest.config.ts, which hands them to the Worker as LIBSQL_URL / LIBSQL_AUTH_TOKEN. It also
 * starts the fault lab (./fault-lab.ts) and provides `faultDbUrl` / `faultLabUrl`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLibsqlServer } from '../../scripts/libsql-server';
import { applyMigrations } from '../../scripts/migrate';
import { startFaultLab, type FaultLab } from './fault-lab';

export default async function setup({ provide }: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'pawtal-test-db-'));
  const token = randomBytes(24).toString('base64url');
  const server = await startLibsqlServer({
    file: join(dir, 'test.db'),
    port: 0,
    authToken: token,
    log: (line) => {
      if (!line.startsWith('libSQL (Hrana')) console.log(`[libsql-server] ${line}`);
    },
  });
  let lab: FaultLab;
  try {
    await applyMigrations(server.url, token);
    lab = await startFaultLab(dir);
  } catch (e) {
    await server.close();
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  provide('dbUrl', server.url);
  provide('dbToken', token);
  provide('faultDbUrl', lab.dbUrl);
  provide('faultLabUrl', lab.labUrl);
  return async () => {
    await lab.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  };
}
