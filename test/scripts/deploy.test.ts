/**
 * scripts/deploy.ts: check → migrations → wrangler deploy, in that order, stopping at the first
 * failure — above all, never deploying after a failed migration. The commands (npm, wrangler) are
 * recorded instead of run (no Cloudflare account here); the migrations are real, against a local
 * libSQL server, or against a port nobody listens on to make them fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, migrationTags, realIo, type DeployIo } from '../../scripts/deploy';
import { freshDatabase, type FreshDatabase } from './fresh-database';

let fresh: FreshDatabase;
beforeAll(async () => {
  fresh = await freshDatabase('deploy-test-');
});
afterAll(async () => {
  await fresh.close();
});

const UNREACHABLE = 'http://127.0.0.1:9';

function recording(exitCodes: Record<string, number> = {}) {
  const commands: string[] = [];
  const lines: string[] = [];
  const io: DeployIo = {
    ...realIo,
    async run(command, args) {
      const line = [command, ...args].join(' ');
      commands.push(line);
      return exitCodes[line] ?? 0;
    },
    log: (line) => lines.push(line),
  };
  return { io, commands, lines, out: () => lines.join('\n') };
}

describe('npm run deploy', () => {
  it('checks, migrates production’s database, then deploys', async () => {
    const r = recording();
    const code = await deploy({ env: 'production', dryRun: false }, { LIBSQL_URL: fresh.env.LIBSQL_URL, LIBSQL_AUTH_TOKEN: fresh.env.LIBSQL_AUTH_TOKEN }, r.io);
    expect(code).toBe(0);
    expect(r.commands).toEqual(['npm run check', 'npx wrangler deploy --env=']);
    expect(r.out()).toContain('Migrations applied');
  });

  it('stops before deploying when the migrations fail', async () => {
    const r = recording();
    const code = await deploy({ env: 'production', dryRun: false }, { LIBSQL_URL: UNREACHABLE }, r.io);
    expect(code).toBe(1);
    expect(r.commands).toEqual(['npm run check']);
    expect(r.out()).toContain('The migrations failed');
    expect(r.out()).toContain('Not deployed: the running Worker is unchanged.');
  });

  it('stops before migrating when the check fails', async () => {
    const r = recording({ 'npm run check': 2 });
    let migrated = false;
    const code = await deploy(
      { env: 'production', dryRun: false },
      { LIBSQL_URL: fresh.env.LIBSQL_URL },
      {
        ...r.io,
        migrate: async () => {
          migrated = true;
        },
      },
    );
    expect(code).toBe(2);
    expect(migrated).toBe(false);
    expect(r.commands).toEqual(['npm run check']);
  });

  it('refuses to start without the environment’s database URL', async () => {
    const r = recording();
    expect(await deploy({ env: 'production', dryRun: false }, {}, r.io)).toBe(1);
    expect(r.commands).toEqual([]);
    expect(r.out()).toContain('LIBSQL_URL is not set');
  });
});

describe('npm run deploy:staging', () => {
  it('migrates the staging database only (STAGING_LIBSQL_URL) and deploys with --env staging', async () => {
    const r = recording();
    const migratedUrls: string[] = [];
    const shell = { LIBSQL_URL: UNREACHABLE, STAGING_LIBSQL_URL: fresh.env.LIBSQL_URL, STAGING_LIBSQL_AUTH_TOKEN: fresh.env.LIBSQL_AUTH_TOKEN };
    const code = await deploy({ env: 'staging', dryRun: false }, shell, {
      ...r.io,
      migrate: async (url, token) => {
        migratedUrls.push(url);
        await realIo.migrate(url, token);
      },
    });
    expect(code).toBe(0);
    expect(migratedUrls).toEqual([fresh.env.LIBSQL_URL]);
    expect(r.commands).toEqual(['npm run check', 'npx wrangler deploy --env staging']);
  });

  it('does not take production’s LIBSQL_URL for staging', async () => {
    const r = recording();
    expect(await deploy({ env: 'staging', dryRun: false }, { LIBSQL_URL: fresh.env.LIBSQL_URL }, r.io)).toBe(1);
    expect(r.out()).toContain('STAGING_LIBSQL_URL is not set');
  });
});

describe('--dry-run', () => {
  it('shows every step, migrates nothing and builds without uploading', async () => {
    const r = recording();
    const code = await deploy({ env: 'staging', dryRun: true }, {}, { ...r.io, migrate: () => Promise.reject(new Error('must not migrate')) });
    expect(code).toBe(0);
    expect(r.commands).toEqual(['npm run check', 'npx wrangler deploy --env staging --dry-run --outdir dist']);
    expect(r.out()).toMatch(/1\/3 npm run check[\s\S]*2\/3 migrations[\s\S]*3\/3 wrangler deploy --env staging --dry-run/);
    expect(r.out()).toContain('Dry run done: nothing was migrated or uploaded.');
  });

  it('says how many migrations the database lacks when its URL is set', async () => {
    const r = recording();
    await deploy({ env: 'production', dryRun: true }, { LIBSQL_URL: fresh.env.LIBSQL_URL, LIBSQL_AUTH_TOKEN: fresh.env.LIBSQL_AUTH_TOKEN }, r.io);
    expect(r.out()).toContain(`The database has ${migrationTags().length} of them; 0 would be applied: none.`);
  });
});
