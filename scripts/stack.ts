/**
 * Starts the whole local stack the way production is shaped: the libSQL server (Turso's HTTP
 * protocol) on a database file, migrations, demo data when the database is empty, and the real
 * Worker under `wrangler dev` (workerd, real Durable Objects). Used by `npm run dev`, the
 * browser tests and the benchmark, so all three run the same thing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import * as schema from '../src/db/schema';
import { startLibsqlServer } from './libsql-server';
import { applyMigrations } from './migrate';
import { isDatabaseEmpty, seedDemoData } from './seed';
import { putDemoPhotos } from './demo-photos';
import { devVarsPepper, hasDemoStaff, seedDemoStaff } from './demo-staff';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface StackOptions {
  /** Database file; created if missing. */
  dbFile: string;
  /** libSQL server port (0 = any free port). */
  dbPort: number;
  /** Worker port for wrangler dev. */
  appPort: number;
  /** Durable Object / local state directory for wrangler (a fresh one isolates limits). */
  persistTo?: string;
  /** Extra `--var KEY:VALUE` settings for the Worker (override .dev.vars). */
  vars?: Record<string, string>;
  /** Pass wrangler's output through (dev) or keep it quiet (tests, bench). */
  inheritOutput?: boolean;
  log?: (line: string) => void;
}

export interface Stack {
  appUrl: string;
  dbUrl: string;
  stop(): Promise<void>;
}

/** Waits until `url` answers (any status) or the timeout passes. */
export async function waitForHttp(url: string, timeoutMs: number, isAlive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isAlive()) throw new Error(`the process serving ${url} exited before it answered`);
    try {
      await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

export async function startStack(opts: StackOptions): Promise<Stack> {
  const log = opts.log ?? ((line: string) => console.log(line));
  mkdirSync(dirname(opts.dbFile), { recursive: true });
  const db = await startLibsqlServer({ file: opts.dbFile, port: opts.dbPort, log: () => {} });
  log(`libSQL server on ${db.url} (file ${opts.dbFile})`);
  try {
    await applyMigrations(db.url);
    const client = createClient({ url: db.url });
    try {
      const orm = drizzle(client, { schema });
      if (await isDatabaseEmpty(orm)) {
        await seedDemoData(orm);
        log('Demo data loaded.');
      }
      // The console's demo accounts seal their TOTP secrets with the Worker's own pepper.
      const pepper = opts.vars?.OTP_PEPPER ?? devVarsPepper();
      if (pepper && !(await hasDemoStaff(orm))) {
        await seedDemoStaff(orm, pepper);
        log('Demo console accounts loaded.');
      }
    } finally {
      client.close();
    }
    // Demo report-card photos into the local R2 bucket wrangler dev will read (idempotent).
    await putDemoPhotos({ persistTo: opts.persistTo });
  } catch (error) {
    // A failed migration or seed must not leave the server holding the process open.
    await db.close();
    throw error;
  }

  const vars = { LIBSQL_URL: db.url, ...opts.vars };
  const args = ['wrangler', 'dev', '--port', String(opts.appPort), '--ip', '127.0.0.1', '--show-interactive-dev-session=false'];
  if (opts.persistTo) args.push('--persist-to', opts.persistTo);
  for (const [key, value] of Object.entries(vars)) args.push('--var', `${key}:${value}`);
  const wrangler: ChildProcess = spawn('npx', args, {
    cwd: ROOT,
    stdio: opts.inheritOutput ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? '' },
    detached: process.platform !== 'win32',
  });
  let output = '';
  wrangler.stdout?.on('data', (d) => (output = (output + d).slice(-20_000)));
  wrangler.stderr?.on('data', (d) => (output = (output + d).slice(-20_000)));
  let exited = false;
  wrangler.on('exit', () => (exited = true));

  const appUrl = `http://127.0.0.1:${opts.appPort}`;
  const stop = async () => {
    if (!exited && wrangler.pid) {
      try {
        process.kill(-wrangler.pid, 'SIGTERM');
      } catch {
        wrangler.kill('SIGTERM');
      }
      await new Promise((r) => {
        const timer = setTimeout(r, 5000);
        wrangler.once('exit', () => {
          clearTimeout(timer);
          r(null);
        });
      });
    }
    await db.close();
  };
  try {
    await waitForHttp(`${appUrl}/sign-in`, 90_000, () => !exited);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- wrangler output ---\n${output}`);
  }
  log(`Pawtal on ${appUrl}`);
  return { appUrl, dbUrl: db.url, stop };
}
