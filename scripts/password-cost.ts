/**
 * Measures what a password hash costs (decision 0008):
 *
 *   npx node --import tsx scripts/password-cost.ts [runs]
 *
 * 1. In workerd, the Workers runtime: src/domain/password.ts is bundled with esbuild into a tiny
 *    Worker run by Miniflare, which times each `hashPassword` with `performance.now()` inside
 *    the isolate. (Local workerd lets the clock run during CPU work; production freezes it until
 *    the next I/O, which is why this cannot be measured in a deployed Worker.) Node also times
 *    the whole request from outside, as a cross-check.
 * 2. In Node, with the very same Web Crypto code (Node runs PBKDF2 in its thread pool: this is
 *    wall time of one hash with nothing else running).
 * 3. In Node: one common-password lookup (a substring search of the shipped list), and what
 *    building a Set of it at every isolate start would cost instead.
 *
 * Each figure is the median of `runs` (default 7) after one warm-up. Nothing leaves the machine.
 */
import { build } from 'esbuild';
import { convertV4MiniflareOptions, Miniflare } from 'miniflare';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { COMMON_PASSWORD_COUNT, COMMON_PASSWORDS_PATH, commonPasswordList } from '../src/domain/common-passwords';
import { hashPassword, verifyPassword } from '../src/domain/password';

const COUNTS = [100_000, 210_000, 600_000, 1_000_000];
const runs = Math.max(1, Number(process.argv[2] ?? 7) || 7);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

/** The Worker under test: ?iterations=N&runs=R → JSON list of per-hash times (ms). */
const WORKER = `
import { hashPassword, verifyPassword } from './password.ts';
export default {
  async fetch(request) {
    const url = new URL(request.url);
    const iterations = Number(url.searchParams.get('iterations'));
    const runs = Number(url.searchParams.get('runs'));
    const times = [];
    await hashPassword('warm-up password', { iterations });
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const stored = await hashPassword('correct horse battery staple', { iterations });
      times.push(performance.now() - started);
      if (i === 0 && !(await verifyPassword('correct horse battery staple', stored))) throw new Error('round trip failed');
    }
    return Response.json(times);
  },
};`;

async function workerdTimes(): Promise<Map<number, { inside: number; outside: number }>> {
  const bundled = await build({
    stdin: { contents: WORKER, resolveDir: resolve(dirname(fileURLToPath(import.meta.url)), '../src/domain'), loader: 'js' },
    bundle: true,
    format: 'esm',
    write: false,
    target: 'es2022',
  });
  const mf = new Miniflare(convertV4MiniflareOptions({ modules: true, script: bundled.outputFiles[0]!.text, compatibilityDate: '2026-11-01' }));
  const out = new Map<number, { inside: number; outside: number }>();
  try {
    await (await mf.dispatchFetch('http://localhost/?iterations=1000&runs=1')).text(); // start the isolate
    for (const iterations of COUNTS) {
      const started = performance.now();
      const res = await mf.dispatchFetch(`http://localhost/?iterations=${iterations}&runs=${runs}`);
      if (!res.ok) throw new Error(`worker answered ${res.status}: ${await res.text()}`);
      const inside = (await res.json()) as number[];
      const outside = (performance.now() - started) / (runs + 1); // + the warm-up hash
      out.set(iterations, { inside: median(inside), outside });
    }
  } finally {
    await mf.dispose();
  }
  return out;
}

async function nodeTimes(): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const iterations of COUNTS) {
    await hashPassword('warm-up password', { iterations });
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await hashPassword('correct horse battery staple', { iterations });
      times.push(performance.now() - started);
    }
    out.set(iterations, median(times));
  }
  return out;
}

/** The list as the Worker loads it from its static assets (decision 0019). */
const COMMON_PASSWORDS_FRONT_CODED = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), `../static${COMMON_PASSWORDS_PATH}`), 'utf8');
const COMMON_PASSWORDS = commonPasswordList(COMMON_PASSWORDS_FRONT_CODED);
const isCommonPassword = (lowerCased: string) => COMMON_PASSWORDS.has(lowerCased);
const commonPasswordEntries = () => COMMON_PASSWORDS.entries();

/** One common-password lookup that misses (the slowest case: the whole list is scanned). */
function lookupTime(): number {
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    const started = performance.now();
    for (let j = 0; j < 100; j++) if (isCommonPassword(`not on any list ${i} ${j}`)) throw new Error('unexpected hit');
    times.push((performance.now() - started) / 100);
  }
  return median(times);
}

/** What a Set of the same entries would cost to build at every isolate start (the road not taken). */
function setBuildTime(): number {
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    const started = performance.now();
    const set = new Set(commonPasswordEntries());
    times.push(performance.now() - started);
    if (set.size !== COMMON_PASSWORD_COUNT) throw new Error('set size differs');
  }
  return median(times);
}

async function main(): Promise<void> {
  if (!(await verifyPassword('x'.repeat(8), await hashPassword('x'.repeat(8), { iterations: 1000 })))) {
    throw new Error('hash round trip failed in Node');
  }
  console.log(`password hash cost, PBKDF2-HMAC-SHA-256, median of ${runs} (node ${process.version})\n`);
  const w = await workerdTimes();
  const n = await nodeTimes();
  console.log('iterations   workerd (inside)   workerd (outside)   node');
  for (const iterations of COUNTS) {
    const row = w.get(iterations)!;
    console.log(
      `${iterations.toLocaleString('en-US').padStart(10)}   ${fmt(row.inside).padStart(16)}   ${fmt(row.outside).padStart(17)}   ${fmt(n.get(iterations)!).padStart(8)}`,
    );
  }
  console.log(`\ncommon-password list (${COMMON_PASSWORD_COUNT} entries, ${COMMON_PASSWORDS_FRONT_CODED.length} chars, front-coded), node:`);
  console.log(`  one lookup that misses: ${(lookupTime() * 1000).toFixed(0)} µs; building a Set instead: ${fmt(setBuildTime())}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
