/**
 * `npm run deploy` / `npm run deploy:staging` (issue 12 item 1): the one way Pawtal is deployed.
 * Three steps, each only after the previous one succeeded:
 *   1. `npm run check` — typecheck and a dry-run build of the Worker;
 *   2. the migrations, applied to that environment's Turso database — production's from
 *      LIBSQL_URL / LIBSQL_AUTH_TOKEN, staging's from STAGING_LIBSQL_URL / STAGING_LIBSQL_AUTH_TOKEN
 *      (distinct names, so deploying staging can never migrate production);
 *   3. `wrangler deploy` (with `--env staging` for staging).
 * A failed migration stops it before the deploy: the running Worker keeps the schema it knows
 * (migrations are forward-only and written expand-then-contract, decision 0005, so a schema
 * ahead of the code is safe, never the reverse).
 *
 * Before any step it refuses an environment whose PUBLIC_HOST (wrangler.toml [vars] /
 * [env.staging.vars]) is empty or not a bare host name ("pawtal.example", no scheme, port, path
 * or spaces): outside development every texted link and the WebOTP line are built from it
 * (src/messaging/public-host.ts), so a Worker deployed without it would send no sign-in code.
 * The dry run reports the same problem and exits 1 after showing the other steps.
 *
 * `-- --dry-run` shows every step and uploads nothing: it runs the check, lists the migrations
 * and how many the database still lacks (when its URL is set; read only), and builds the
 * environment's bundle with `wrangler deploy --dry-run`. It needs no Cloudflare credentials.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createClient } from '@libsql/client';
import { unstable_readConfig } from 'wrangler';
import { applyMigrations } from './migrate';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const JOURNAL = resolve(ROOT, 'migrations/meta/_journal.json');

export type Environment = 'production' | 'staging';

/** Where each environment's database settings are read from in the operator's shell. */
export const DATABASE_SETTINGS: Record<Environment, { url: string; token: string }> = {
  production: { url: 'LIBSQL_URL', token: 'LIBSQL_AUTH_TOKEN' },
  staging: { url: 'STAGING_LIBSQL_URL', token: 'STAGING_LIBSQL_AUTH_TOKEN' },
};

/** What the steps need from the outside, so a test can drive them. */
export interface DeployIo {
  /** Runs a command in the repository, output passed through; resolves to its exit code. */
  run(command: string, args: string[]): Promise<number>;
  migrate(url: string, token: string | undefined): Promise<void>;
  /** How many migrations the database at `url` has applied (dry run only). */
  appliedMigrations(url: string, token: string | undefined): Promise<number>;
  log(line: string): void;
  /** The environment's PUBLIC_HOST as wrangler.toml sets it (undefined when absent). */
  publicHost(env: Environment): string | undefined;
}

/** A bare host name: dot-separated labels of letters, digits and inner hyphens; no scheme, port or path. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/**
 * Why `value` cannot be the environment's PUBLIC_HOST, or null when it can (a bare host name with
 * at least one dot, e.g. "staging.pawtal.app").
 */
export function publicHostProblem(env: Environment, value: string | undefined): string | null {
  const where = env === 'staging' ? 'wrangler.toml [env.staging.vars]' : 'wrangler.toml [vars]';
  if (value === undefined || value.trim() === '') {
    return `PUBLIC_HOST is empty in ${where}: set it to ${env}'s host name (e.g. "${env === 'staging' ? 'staging.pawtal.app' : 'pawtal.app'}"). Outside development the sign-in texts and links are built from it, so without it no code would be sent.`;
  }
  if (!HOST_NAME.test(value)) {
    return `PUBLIC_HOST in ${where} is ${JSON.stringify(value)}, not a bare host name: write only the host, like "${env === 'staging' ? 'staging.pawtal.app' : 'pawtal.app'}" (no https://, port, path, slash or spaces).`;
  }
  return null;
}

/** The migrations in migrations/ (drizzle-kit's journal), oldest first. */
export function migrationTags(): string[] {
  const journal = JSON.parse(readFileSync(JOURNAL, 'utf8')) as { entries: { tag: string }[] };
  return journal.entries.map((e) => e.tag);
}

/** Runs the deploy (or its dry run); returns the exit code. */
export async function deploy(opts: { env: Environment; dryRun: boolean }, shell: Record<string, string | undefined>, io: DeployIo): Promise<number> {
  const { env, dryRun } = opts;
  const names = DATABASE_SETTINGS[env];
  const url = shell[names.url];
  const token = shell[names.token] || undefined;
  // `--env=` names the top-level (production) environment explicitly, as wrangler asks when several exist.
  const envArgs = env === 'staging' ? ['--env', 'staging'] : ['--env='];
  const step = (n: number, what: string) => io.log(`\n[deploy ${env}${dryRun ? ', dry run' : ''}] ${n}/3 ${what}`);

  if (!dryRun && !url) {
    io.log(`${names.url} is not set: it must name ${env}'s Turso database (libsql://…), with ${names.token}. Nothing was done.`);
    return 1;
  }
  if (url && !/^(libsql|https?):\/\//.test(url)) {
    io.log(`${names.url} is not a libsql:// or https:// URL. Nothing was done.`);
    return 1;
  }
  const hostProblem = publicHostProblem(env, io.publicHost(env));
  if (hostProblem && !dryRun) {
    io.log(`${hostProblem} Nothing was done.`);
    return 1;
  }
  if (hostProblem) io.log(`${hostProblem} A deploy would stop here; the dry run goes on to show the other steps.`);

  step(1, 'npm run check (typecheck + build)');
  const checked = await io.run('npm', ['run', 'check']);
  if (checked !== 0) {
    io.log(`npm run check failed (exit ${checked}): nothing was migrated or deployed.`);
    return checked;
  }

  const tags = migrationTags();
  step(2, `migrations (${tags.length} in migrations/) → ${url ?? `${names.url} (not set)`}`);
  if (dryRun) {
    if (url) {
      try {
        const applied = await io.appliedMigrations(url, token);
        io.log(`The database has ${applied} of them; ${Math.max(tags.length - applied, 0)} would be applied: ${tags.slice(applied).join(', ') || 'none'}.`);
      } catch (error) {
        io.log(`Could not read the database's migrations (${error instanceof Error ? error.message : String(error)}); a deploy would stop here.`);
      }
    } else {
      io.log(`Would apply any of ${tags.join(', ')} the database lacks (set ${names.url} and ${names.token} to see which).`);
    }
  } else {
    try {
      await io.migrate(url!, token);
      io.log('Migrations applied (or none were missing).');
    } catch (error) {
      io.log(`The migrations failed: ${error instanceof Error ? error.message : String(error)}\nNot deployed: the running Worker is unchanged.`);
      return 1;
    }
  }

  step(3, `wrangler deploy ${envArgs.join(' ')}${dryRun ? ' --dry-run (nothing uploaded)' : ''}`);
  const deployArgs = ['wrangler', 'deploy', ...envArgs, ...(dryRun ? ['--dry-run', '--outdir', 'dist'] : [])];
  const deployed = await io.run('npx', deployArgs);
  if (deployed !== 0) {
    io.log(
      `wrangler deploy failed (exit ${deployed}). The migrations${dryRun ? ' were not applied (dry run)' : ' are applied; they are backward compatible, so the running Worker is fine'}.`,
    );
    return deployed;
  }
  if (dryRun && hostProblem) {
    io.log(`\nDry run done: nothing was migrated or uploaded. A real deploy would refuse: ${hostProblem}`);
    return 1;
  }
  io.log(dryRun ? '\nDry run done: nothing was migrated or uploaded.' : `\nDeployed ${env}.`);
  return 0;
}

/** The real outside world: child processes, the database. */
export const realIo: DeployIo = {
  async run(command, args) {
    const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
    return result.status ?? 1;
  },
  migrate: (url, token) => applyMigrations(url, token),
  async appliedMigrations(url, token) {
    const client = createClient({ url, authToken: token });
    try {
      const exists = await client.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'");
      if (exists.rows.length === 0) return 0;
      const count = await client.execute('SELECT count(*) AS n FROM __drizzle_migrations');
      return Number(count.rows[0]!.n);
    } finally {
      client.close();
    }
  },
  log: (line) => console.log(line),
  publicHost(env) {
    const config = unstable_readConfig({ config: resolve(ROOT, 'wrangler.toml'), env: env === 'staging' ? 'staging' : undefined }, { hideWarnings: true });
    const value = (config.vars as Record<string, unknown>).PUBLIC_HOST;
    return typeof value === 'string' ? value : undefined;
  },
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: { env: { type: 'string', default: 'production' }, 'dry-run': { type: 'boolean', default: false } },
  });
  if (values.env !== 'production' && values.env !== 'staging') {
    console.log(`--env must be production or staging, got ${JSON.stringify(values.env)}.`);
    process.exitCode = 1;
  } else {
    process.exitCode = await deploy({ env: values.env, dryRun: values['dry-run'] }, process.env, realIo);
  }
}
