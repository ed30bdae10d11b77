/**
 * scripts/deploy.ts: check → migrations → wrangler deploy, in that order, stopping at the first
 * failure — above all, never deploying after a failed migration. The commands (npm, wrangler) are
 * recorded instead of run (no Cloudflare account here); the migrations are real, against a local
 * libSQL server, or against a port nobody listens on to make them fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy, migrationTags, publicHostProblem, realIo, type DeployIo } from '../../scripts/deploy';
import { freshDatabase, type FreshDatabase } from './fresh-database';

let fresh: FreshDatabase;
beforeAll(async () => {
  fresh = await freshDatabase('deploy-test-');
});
afterAll(async () => {
  await fresh.close();
});

const UNREACHABLE = 'http://127.0.0.1:9';

/** `host` is what wrangler.toml's PUBLIC_HOST would be (absent = a valid one). */
function recording(exitCodes: Record<string, number> = {}, ...host: [string | undefined] | []) {
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
    publicHost: () => (host.length === 0 ? 'pawtal.example' : host[0]),
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

describe('PUBLIC_HOST', () => {
  const shell = () => ({ LIBSQL_URL: fresh.env.LIBSQL_URL, STAGING_LIBSQL_URL: fresh.env.LIBSQL_URL });

  it.each(['', '   ', undefined])('refuses to deploy when it is empty (%j), before any step', async (host) => {
    for (const env of ['production', 'staging'] as const) {
      const r = recording({}, host);
      let migrated = false;
      const code = await deploy({ env, dryRun: false }, shell(), {
        ...r.io,
        migrate: async () => {
          migrated = true;
        },
      });
      expect(code).toBe(1);
      expect(r.commands).toEqual([]);
      expect(migrated).toBe(false);
      expect(r.out()).toContain(`PUBLIC_HOST is empty in wrangler.toml ${env === 'staging' ? '[env.staging.vars]' : '[vars]'}`);
      expect(r.out()).toContain('Nothing was done.');
    }
  });

  it.each([
    'https://staging.pawtal.app',
    'staging.pawtal.app/',
    'staging.pawtal.app:8443',
    'staging.pawtal.app/sign-in',
    'staging pawtal.app',
    ' staging.pawtal.app',
    'localhost',
    '@staging.pawtal.app',
    '-staging.pawtal.app',
    'staging..pawtal.app',
  ])('refuses %j: not a bare host name', async (host) => {
    const r = recording({}, host);
    expect(await deploy({ env: 'staging', dryRun: false }, shell(), r.io)).toBe(1);
    expect(r.commands).toEqual([]);
    expect(r.out()).toContain('not a bare host name');
  });

  it.each(['pawtal.app', 'staging.pawtal.app', 'portal.happy-tails.co.uk', 'xn--bcher-kva.example'])('accepts %j', (host) => {
    expect(publicHostProblem('production', host)).toBeNull();
  });

  it('a dry run shows every step, then fails naming it', async () => {
    const r = recording({}, '');
    const code = await deploy({ env: 'staging', dryRun: true }, {}, r.io);
    expect(code).toBe(1);
    expect(r.commands).toEqual(['npm run check', 'npx wrangler deploy --env staging --dry-run --outdir dist']);
    expect(r.out()).toContain('A real deploy would refuse: PUBLIC_HOST is empty in wrangler.toml [env.staging.vars]');
  });

  it('is read from wrangler.toml for each environment, and the deploy refuses exactly when it is unusable', async () => {
    for (const env of ['production', 'staging'] as const) {
      const host = realIo.publicHost(env);
      expect(typeof host).toBe('string');
      const r = recording({}, host);
      const code = await deploy({ env, dryRun: false }, shell(), r.io);
      expect(code).toBe(publicHostProblem(env, host) === null ? 0 : 1);
    }
  });
});
