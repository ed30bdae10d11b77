/**
 * Two test projects:
 * - "workers": everything under test/ except scripts/ and e2e/, run inside workerd through
 *   @cloudflare/vitest-plugin against the real Worker, real Durable Objects and a real libSQL
 *   server (started in Node by test/setup/global-setup.ts, which provides its URL).
 * - "node": the pure domain rules (test/domain/, no I/O: they need no isolate, so the suite
 *   runs in seconds — `npx vitest run --project node test/domain`) and the Node-side dev
 *   tooling (the local libSQL server) with the real @libsql/client and drizzle.
 */
import { defineConfig } from 'vitest/config';
import { cloudflareTest } from '@cloudflare/vitest-plugin';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest(({ inject }) => ({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: {
                LIBSQL_URL: inject('dbUrl'),
                LIBSQL_AUTH_TOKEN: inject('dbToken'),
                APP_ENV: 'test',
                SMS_PROVIDER: 'outbox',
                EMAIL_PROVIDER: 'outbox',
                OTP_PEPPER: 'test-pepper-not-secret',
                PUBLIC_HOST: 'pawtal.test',
              },
            },
          })),
        ],
        test: {
          name: 'workers',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/scripts/**', 'test/e2e/**', 'test/domain/**'],
          globalSetup: ['./test/setup/global-setup.ts'],
          setupFiles: ['./test/setup/no-network.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/scripts/**/*.test.ts', 'test/domain/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
