/**
 * The Worker's startup time for `npm run bench` (issue 12 item 7): how long workerd takes to
 * load the built bundle (compile it and run its top-level code) before it can answer, measured
 * locally with Miniflare. Each run starts a fresh workerd with the bundle and times it until the
 * first answer to a page that needs no database (`/sign-in`); a one-line Worker is timed the
 * same way, and the difference of the medians is the bundle's own startup. Cloudflare reports its
 * own figure ("Worker Startup Time") at deploy; this one is for comparing builds on one machine.
 */
import { readFileSync } from 'node:fs';
import { Miniflare } from 'miniflare';

export interface StartupResult {
  /** Median time to a first answer with the bundle, ms. */
  bundleMs: number;
  /** Median time to a first answer with a one-line Worker, ms. */
  baselineMs: number;
  /** bundleMs − baselineMs: the bundle's own startup. */
  startupMs: number;
  runs: number;
}

const COMPATIBILITY = { compatibilityDate: '2026-11-01', compatibilityFlags: ['nodejs_compat'] };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Miniflare 5's worker description: the module and the plain settings a page needs. */
function worker(contents: string, env: Record<string, string>) {
  return {
    config: {
      name: 'startup',
      ...COMPATIBILITY,
      manifest: { mainModule: 'index.js', modules: { 'index.js': { type: 'esm', contents } } },
      env: Object.fromEntries(Object.entries(env).map(([k, value]) => [k, { type: 'text', value }])),
    },
  };
}

async function timeFirstAnswer(description: ReturnType<typeof worker>, path: string): Promise<number> {
  const started = performance.now();
  // The app's request log lines are not the bench's output.
  const mf = new Miniflare({ workers: [description], handleStructuredLogs: () => {} } as unknown as ConstructorParameters<typeof Miniflare>[0]);
  try {
    const res = await mf.dispatchFetch(`http://localhost${path}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path} answered ${res.status} while measuring startup`);
    return performance.now() - started;
  } finally {
    await mf.dispose();
  }
}

/** Startup of the bundle at `bundlePath` (wrangler's `--outdir` index.js), median of `runs`. */
export async function measureStartup(bundlePath: string, runs = 5): Promise<StartupResult> {
  // Only what GET /sign-in reads: it needs no database, Durable Object or bucket, and top-level
  // code never touches bindings.
  const app = worker(readFileSync(bundlePath, 'utf8'), {
    APP_ENV: 'test',
    LIBSQL_URL: 'http://127.0.0.1:9',
    OTP_PEPPER: 'startup-bench-pepper',
    SMS_PROVIDER: 'outbox',
    EMAIL_PROVIDER: 'outbox',
  });
  const baseline = worker('export default { fetch() { return new Response("ok"); } };', {});
  const bundleTimes: number[] = [];
  const baselineTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    baselineTimes.push(await timeFirstAnswer(baseline, '/'));
    bundleTimes.push(await timeFirstAnswer(app, '/sign-in'));
  }
  const bundleMs = median(bundleTimes);
  const baselineMs = median(baselineTimes);
  return { bundleMs, baselineMs, startupMs: bundleMs - baselineMs, runs };
}
