/**
 * `npm run bench`: the performance budgets, measured on the real stack (local libSQL server +
 * the Worker under `wrangler dev`, scripts/stack.ts) with a fresh database and demo data.
 *
 * What it measures (and the budgets it enforces):
 * 1. HTML size of each page, gzip level 9 (what Cloudflare's edge would send; the app itself
 *    never compresses, TECH.md §2), brotli q11 printed alongside. Full pages ≤ 14,600 bytes gzip
 *    (≈ the first TCP window: 10 segments × 1,460 bytes). The History page must hold exactly 20
 *    items (one full page of the list) or the run fails: a smaller page would flatter the figure.
 * 2. First visit: HTML + CSS + JS, each gzip -9, for the sign-in page and the 20-item list
 *    (asset URLs are read from the HTML). Budget ≤ 35 KiB.
 * 3. Database round trips per request, from the Worker's `Server-Timing` header: signed-in page
 *    views exactly 1; signed-out pages without a session cookie 0 or 1; POST /sign-in and
 *    POST /sign-in/code at most 2. (The SMS insert of POST /sign-in runs after the response, in
 *    waitUntil, so it is not part of that request's count.)
 * 4. Load: autocannon (in its own process, so it does not share an event loop with the libSQL
 *    server) against the History page with the session cookie; zero errors, timeouts and
 *    non-2xx answers. Duration BENCH_LOAD_SECONDS (default 20), 50 connections
 *    (BENCH_CONNECTIONS). The session must still work afterwards.
 * 5. Bundle: `wrangler deploy --dry-run --minify` size (report only) and the biggest sources
 *    in it (from the source map).
 *
 * Prints every figure, then a summary table; writes test-results/bench.json; exits 1 when a
 * budget fails, 2 when the benchmark itself could not run (sign-in failed, wrong page shape…).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { DEMO } from './seed';
import { ROOT, startStack, type Stack } from './stack';

// ---------------------------------------------------------------------------------------------
// Settings and budgets

const LOAD_SECONDS = positiveNumber('BENCH_LOAD_SECONDS', 20);
const LOAD_CONNECTIONS = positiveNumber('BENCH_CONNECTIONS', 50);
const PAGE_GZIP_BUDGET = 14_600;
const FIRST_VISIT_BUDGET = 35 * 1024;
const LIST_PAGE_ITEMS = 20;
/** JIT warm-up of the Worker before the measured load; its errors still count. */
const WARMUP_SECONDS = 2;
const WARMUP_CONNECTIONS = 10;
/** A well-formed number that no demo business has on file. */
const UNKNOWN_PHONE = '(206) 555-0199';

const JAMIE = DEMO.parents.jamie;
const BOARDING = `/c/${DEMO.clients.jamieAtBoarding}/appointments`;
const GROOMING = `/c/${DEMO.clients.jamieAtGrooming}/appointments`;
const HISTORY = `${BOARDING}/history`;

function positiveNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Results

interface Check {
  budget: string;
  measured: string;
  limit: string;
  pass: boolean;
}

interface Measured {
  name: string;
  method: string;
  path: string;
  status: number;
  roundTrips: number | null;
  dbMs: number | null;
  appMs: number | null;
  signedIn: boolean;
}

interface PageSize {
  name: string;
  path: string;
  kind: 'page' | 'fragment';
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
  items?: number;
}

const checks: Check[] = [];
const requests: Measured[] = [];
const pages: PageSize[] = [];

function check(budget: string, measured: string, limit: string, pass: boolean): void {
  checks.push({ budget, measured, limit, pass });
}

/** A problem with the benchmark itself (the app did not behave as the script expects). */
class BenchError extends Error {}

function fail(message: string): never {
  throw new BenchError(message);
}

// ---------------------------------------------------------------------------------------------
// Helpers

const gzip = (data: string | Buffer) => gzipSync(data, { level: 9 }).length;
const brotli = (data: string | Buffer) =>
  brotliCompressSync(data, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
      [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(data),
    },
  }).length;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const num = (n: number) => n.toLocaleString('en-US');

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function table(headers: string[], rows: (string | number)[][], rightAlign: boolean[] = []): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((c, i) => (rightAlign[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Cookies by name, set by hand from Set-Cookie (Node's fetch has no jar). */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  take(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (expired || value === '') this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  has(name: string): boolean {
    return this.#cookies.has(name);
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }

  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

const SIGNIN_COOKIE = '__Host-pawtal_signin';
const SESSION_COOKIE = '__Host-pawtal_session';

function parseServerTiming(header: string | null): { roundTrips: number | null; dbMs: number | null; appMs: number | null } {
  const db = header?.match(/\bdb;dur=([\d.]+);desc="(\d+) round trips?"/);
  const app = header?.match(/\bapp;dur=([\d.]+)/);
  return {
    roundTrips: db ? Number(db[2]) : null,
    dbMs: db ? Number(db[1]) : null,
    appMs: app ? Number(app[1]) : null,
  };
}

function countListItems(html: string): number {
  const list = html.match(/<ol class="appts">([\s\S]*?)<\/ol>/);
  return list ? (list[1]!.match(/<li[\s>]/g) ?? []).length : 0;
}

// ---------------------------------------------------------------------------------------------
// The benchmark

let appUrl = '';
const jar = new CookieJar();

async function request(
  name: string,
  method: 'GET' | 'POST',
  path: string,
  opts: { form?: Record<string, string>; headers?: Record<string, string>; cookies?: boolean } = {},
): Promise<{ res: Response; body: string }> {
  const headers: Record<string, string> = { 'User-Agent': 'pawtal-bench', ...opts.headers };
  const cookie = opts.cookies === false ? '' : jar.header();
  if (cookie) headers.Cookie = cookie;
  let body: string | undefined;
  if (opts.form) {
    body = new URLSearchParams(opts.form).toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    headers.Origin = appUrl;
    headers['Sec-Fetch-Site'] = 'same-origin';
  }
  const res = await fetch(appUrl + path, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  if (opts.cookies !== false) jar.take(res);
  const timing = parseServerTiming(res.headers.get('server-timing'));
  requests.push({
    name,
    method,
    path,
    status: res.status,
    ...timing,
    signedIn: /__Host-pawtal_session=/.test(cookie),
  });
  return { res, body: text };
}

function expectStatus(res: Response, status: number, what: string, body: string): void {
  if (res.status !== status) {
    const main = body.match(/<main\b[\s\S]*?<\/main>/)?.[0].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
    fail(
      `${what}: expected HTTP ${status}, got ${res.status} (Location: ${res.headers.get('location') ?? '-'}, X-Request-Id: ${res.headers.get('x-request-id') ?? '-'})\n` +
        (main ?? body.slice(0, 600)),
    );
  }
}

function recordSize(name: string, path: string, kind: 'page' | 'fragment', html: string, items?: number): PageSize {
  const size: PageSize = {
    name,
    path,
    kind,
    rawBytes: Buffer.byteLength(html),
    gzipBytes: gzip(html),
    brotliBytes: brotli(html),
    ...(items === undefined ? {} : { items }),
  };
  pages.push(size);
  return size;
}

/** GETs a full page, checks it is 200 HTML with a doctype, and records its size. */
async function page(name: string, path: string, opts: { cookies?: boolean } = {}): Promise<string> {
  const { res, body } = await request(name, 'GET', path, opts);
  expectStatus(res, 200, name, body);
  if (!body.startsWith('<!doctype html>')) fail(`${name}: expected a full page (doctype), got: ${body.slice(0, 200)}`);
  const items = body.includes('<ol class="appts">') ? countListItems(body) : undefined;
  recordSize(name, path, 'page', body, items);
  return body;
}

async function signIn(): Promise<void> {
  // A number nobody has on file takes the same path (anti-enumeration, SPEC §3.1); measured
  // for comparison, without keeping its cookie.
  const unknown = await request('POST /sign-in (number not on file)', 'POST', '/sign-in', { form: { phone: UNKNOWN_PHONE }, cookies: false });
  expectStatus(unknown.res, 303, 'POST /sign-in (number not on file)', unknown.body);

  const started = Date.now();
  const { res: post, body: postBody } = await request('POST /sign-in', 'POST', '/sign-in', {
    form: { phone: JAMIE.phoneDisplay },
  });
  expectStatus(post, 303, 'POST /sign-in', postBody);
  if (!jar.has(SIGNIN_COOKIE)) fail(`POST /sign-in set no ${SIGNIN_COOKIE} cookie`);

  await page('Enter code (signed out)', '/sign-in/code');

  // The SMS is stored after the response (waitUntil): poll the outbox.
  let code: string | null = null;
  while (!code && Date.now() - started < 15_000) {
    const res = await fetch(`${appUrl}/dev/outbox`, { redirect: 'manual' });
    const html = await res.text();
    if (res.status !== 200) fail(`GET /dev/outbox: HTTP ${res.status} (is APP_ENV development?)`);
    const message = html.match(new RegExp(`To \\${JAMIE.phoneE164}</strong>[\\s\\S]*?<pre>([\\s\\S]*?)</pre>`));
    code = message?.[1]!.match(/\b(\d{6})\b/)?.[1] ?? null;
    if (!code) await new Promise((r) => setTimeout(r, 200));
  }
  if (!code) fail(`no sign-in code for ${JAMIE.phoneE164} appeared in /dev/outbox within 15 s`);

  const { res: verify, body: verifyBody } = await request('POST /sign-in/code', 'POST', '/sign-in/code', { form: { code } });
  expectStatus(verify, 303, 'POST /sign-in/code', verifyBody);
  if (!jar.has(SESSION_COOKIE)) fail(`POST /sign-in/code set no ${SESSION_COOKIE} cookie`);
  if (jar.has(SIGNIN_COOKIE)) fail(`POST /sign-in/code left the ${SIGNIN_COOKIE} cookie in place`);
  console.log(`Signed in as ${JAMIE.firstName} ${JAMIE.lastName} (${JAMIE.phoneDisplay}); verify redirected to ${verify.headers.get('location')}`);
}

async function firstVisit(name: string, html: string): Promise<{ name: string; parts: { url: string; raw: number; gzip: number; brotli: number; cacheControl: string | null }[]; totalGzip: number }> {
  const stylesheets = [...html.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*>/g)].map((m) => m[0].match(/\bhref="([^"]+)"/)?.[1]);
  const scripts = [...html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]);
  const urls = [...stylesheets, ...scripts].filter((u): u is string => !!u);
  if (stylesheets.length === 0 || scripts.length === 0) fail(`${name}: expected a stylesheet and a script in the HTML, found ${urls.join(', ') || 'none'}`);
  const parts: { url: string; raw: number; gzip: number; brotli: number; cacheControl: string | null }[] = [
    { url: 'HTML', raw: Buffer.byteLength(html), gzip: gzip(html), brotli: brotli(html), cacheControl: 'no-store (page)' },
  ];
  for (const url of urls) {
    const res = await fetch(new URL(url, appUrl));
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) fail(`${name}: ${url} answered HTTP ${res.status}`);
    parts.push({ url, raw: body.length, gzip: gzip(body), brotli: brotli(body), cacheControl: res.headers.get('cache-control') });
  }
  return { name, parts, totalGzip: parts.reduce((s, p) => s + p.gzip, 0) };
}

/** Raw / gzip-alone sizes of the big regions of a page: where its bytes go. */
function breakdown(html: string): { part: string; raw: number; gzip: number }[] {
  const region = (re: RegExp) => html.match(re)?.[0] ?? '';
  const head = region(/<head>[\s\S]*?<\/head>/);
  const header = region(/<header\b[\s\S]*?<\/header>/);
  const main = region(/<main\b[\s\S]*?<\/main>/);
  const items = [...html.matchAll(/<li>[\s\S]*?<\/li>/g)].map((m) => m[0]).filter((li) => li.includes('class="status'));
  const rows = [
    { part: '<head>', raw: Buffer.byteLength(head), gzip: gzip(head) },
    { part: '<header> (brand, switcher, sign out)', raw: Buffer.byteLength(header), gzip: gzip(header) },
    { part: '<main>', raw: Buffer.byteLength(main), gzip: gzip(main) },
  ];
  if (items.length > 0) {
    const all = items.join('');
    rows.push({ part: `  ${items.length} list items`, raw: Buffer.byteLength(all), gzip: gzip(all) });
    rows.push({ part: '  one list item (avg raw)', raw: Math.round(Buffer.byteLength(all) / items.length), gzip: Math.round(gzip(all) / items.length) });
  }
  rows.push({ part: 'whole page', raw: Buffer.byteLength(html), gzip: gzip(html) });
  return rows;
}

interface LoadResult {
  seconds: number;
  connections: number;
  requestsPerSecMean: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  totalRequests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
}

/** Runs autocannon in its own Node process (same Node as this script) and returns its JSON. */
function load(url: string, cookie: string, connections: number, seconds: number): Promise<LoadResult> {
  const cli = join(ROOT, 'node_modules', 'autocannon', 'autocannon.js');
  const args = [cli, '-c', String(connections), '-d', String(seconds), '-j', '-n', '-H', `Cookie=${cookie}`, '-H', 'User-Agent=pawtal-bench', url];
  return new Promise((resolveLoad, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new BenchError(`autocannon exited with ${code}: ${err.slice(-2000)}`));
      try {
        const r = JSON.parse(out.slice(out.indexOf('{')));
        const statusCodes: Record<string, number> = {};
        for (const [k, v] of Object.entries(r.statusCodeStats ?? {})) statusCodes[k] = (v as { count: number }).count;
        resolveLoad({
          seconds,
          connections,
          requestsPerSecMean: r.requests.mean,
          latencyP50Ms: r.latency.p50,
          latencyP99Ms: r.latency.p99,
          latencyMaxMs: r.latency.max,
          totalRequests: r.requests.total,
          errors: r.errors,
          timeouts: r.timeouts,
          non2xx: r.non2xx,
          statusCodes,
        });
      } catch (error) {
        reject(new BenchError(`could not read autocannon's JSON: ${(error as Error).message}\n${out.slice(0, 500)}`));
      }
    });
  });
}

interface BundleResult {
  totalUploadKiB: number | null;
  gzipKiB: number | null;
  line: string;
  biggestSources: { source: string; bytes: number }[];
}

/** `wrangler deploy --dry-run --minify` into a temp dir; its size line and the biggest sources. */
async function bundle(outdir: string): Promise<BundleResult> {
  const output = await new Promise<string>((resolveRun, reject) => {
    const child = spawn('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir, '--minify'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolveRun(out) : reject(new BenchError(`wrangler deploy --dry-run exited with ${code}:\n${out.slice(-2000)}`))));
  });
  const m = output.match(/Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/);
  let biggestSources: { source: string; bytes: number }[] = [];
  try {
    biggestSources = bytesBySource(outdir, readFileSync(join(outdir, 'index.js'), 'utf8'), JSON.parse(readFileSync(join(outdir, 'index.js.map'), 'utf8')));
  } catch {
    // The source map is a bonus; the size line is what is reported.
  }
  return {
    totalUploadKiB: m ? Number(m[1]) : null,
    gzipKiB: m ? Number(m[2]) : null,
    line: output.match(/Total Upload:.*$/m)?.[0].trim() ?? '(wrangler printed no "Total Upload" line)',
    biggestSources,
  };
}

/** Minified bytes per package / app directory, from the source map's mappings. */
function bytesBySource(outdir: string, code: string, map: { sources: string[]; mappings: string }): { source: string; bytes: number }[] {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lines = code.split('\n');
  const totals = new Map<string, number>();
  const group = (source: string) => {
    const rel = relative(ROOT, resolve(outdir, source)).split(sep).join('/');
    // drizzle-orm's own source maps point at "../src/…", which lands in node_modules/src/.
    if (rel.startsWith('node_modules/src/') || rel.includes('/node_modules/src/')) return 'drizzle-orm';
    const nm = rel.lastIndexOf('node_modules/');
    if (nm >= 0) {
      const rest = rel.slice(nm + 'node_modules/'.length).split('/');
      return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    }
    return `app: ${rel.split('/').slice(0, 2).join('/')}`;
  };
  let sourceIndex = 0;
  const mapLines = map.mappings.split(';');
  for (let li = 0; li < mapLines.length; li++) {
    const line = lines[li] ?? '';
    let col = 0;
    const segments: { col: number; source: number | null }[] = [];
    for (const seg of mapLines[li]!.split(',')) {
      if (!seg) continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const ch of seg) {
        const digit = B64.indexOf(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      col += values[0]!;
      if (values.length >= 4) {
        sourceIndex += values[1]!;
        segments.push({ col, source: sourceIndex });
      } else segments.push({ col, source: null });
    }
    for (let i = 0; i < segments.length; i++) {
      const s = segments[i]!;
      const end = i + 1 < segments.length ? segments[i + 1]!.col : line.length;
      const name = s.source === null ? '(unmapped)' : group(map.sources[s.source] ?? '?');
      totals.set(name, (totals.get(name) ?? 0) + Math.max(0, end - s.col));
    }
  }
  return [...totals].map(([source, bytes]) => ({ source, bytes })).sort((a, b) => b.bytes - a.bytes);
}

interface Proc {
  pid: number;
  pgid: number;
  cmd: string;
}

async function processes(): Promise<Proc[]> {
  const out = await new Promise<string>((resolvePs) => {
    const ps = spawn('ps', ['-eo', 'pid=,pgid=,args='], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    ps.stdout.on('data', (d) => (text += d));
    ps.on('exit', () => resolvePs(text));
    ps.on('error', () => resolvePs(''));
  });
  return out
    .split('\n')
    .map((l) => l.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m): m is RegExpMatchArray => !!m)
    .map((m) => ({ pid: Number(m[1]), pgid: Number(m[2]), cmd: m[3]! }));
}

/**
 * The process groups of our wrangler dev (stack.ts starts it detached, so npx and everything
 * under it — wrangler, both workerd processes — share one group), found by our unique port.
 */
async function stackProcessGroups(port: number): Promise<Set<number>> {
  const procs = await processes();
  return new Set(
    procs.filter((p) => p.pgid !== process.pid && /wrangler/.test(p.cmd) && p.cmd.includes(`--port ${port} `)).map((p) => p.pgid),
  );
}

/** Processes of those groups still alive. */
async function leftoverProcesses(groups: Set<number>): Promise<Proc[]> {
  if (groups.size === 0) return [];
  return (await processes()).filter((p) => groups.has(p.pgid) && p.pid !== process.pid);
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
  const runStarted = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'pawtal-bench-'));
  const port = await freePort();
  let stack: Stack | null = null;
  let groups = new Set<number>();
  let stopping = false;
  const stopStack = async () => {
    if (stopping || !stack) return;
    stopping = true;
    await stack.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void stopStack().finally(() => process.exit(130));
    });
  }

  let load_: LoadResult | null = null;
  let warmup_: LoadResult | null = null;
  let bundle_: BundleResult | null = null;
  let firstVisits: Awaited<ReturnType<typeof firstVisit>>[] = [];
  let historyBreakdown: ReturnType<typeof breakdown> = [];
  let sessionAfterLoad = false;
  let benchError: Error | null = null;

  try {
    console.log(`Pawtal benchmark — load ${LOAD_SECONDS} s × ${LOAD_CONNECTIONS} connections; work dir ${work}`);
    const startedStack = Date.now();
    stack = await startStack({
      dbFile: join(work, 'bench.db'),
      dbPort: 0,
      appPort: port,
      persistTo: join(work, 'wrangler-state'),
      vars: {
        APP_ENV: 'development',
        SMS_PROVIDER: 'outbox',
        OTP_PEPPER: randomBytes(32).toString('base64url'),
        PUBLIC_HOST: '',
      },
      log: (line) => console.log(`  ${line}`),
    });
    appUrl = stack.appUrl;
    groups = await stackProcessGroups(port);
    if (groups.size === 0) console.log('  (could not find the wrangler process group by its port; the leftover check will see nothing)');
    console.log(`  stack up in ${((Date.now() - startedStack) / 1000).toFixed(1)} s`);

    // Signed out: the sign-in page (no cookie at all), then the real sign-in flow.
    const signInHtml = await page('Sign in (signed out)', '/sign-in', { cookies: false });
    await signIn();

    // Signed in: every page once (the first request after start-up compiles nothing twice,
    // but the figures below are from a second, warm pass so the db ms are representative).
    await request('warm-up', 'GET', HISTORY);
    requests.pop();
    // Jamie has two businesses with the portal on: `/` is the chooser page.
    await page('Home (choose business)', '/');
    await page('Upcoming', BOARDING);
    const historyHtml = await page('History (20 items)', HISTORY);
    await page('Detail: checked in (camera)', `${BOARDING}/${DEMO.appointments.checkedIn}`);
    await page('Detail: confirmed (2 pets, prepaid)', `${BOARDING}/${DEMO.appointments.confirmed}`);
    await page('Detail: canceled', `${BOARDING}/${DEMO.appointments.canceled}`);
    await page('Detail: grooming request (deposit)', `${GROOMING}/${DEMO.appointments.groomRequested}`);
    const frag = await request('History fragment', 'GET', HISTORY, { headers: { 'HX-Request': 'true', 'HX-Request-Type': 'partial' } });
    expectStatus(frag.res, 200, 'History fragment', frag.body);
    if (frag.body.startsWith('<!doctype')) fail('History fragment: got a full page for HX-Request-Type: partial');
    recordSize('History fragment (htmx partial)', HISTORY, 'fragment', frag.body, countListItems(frag.body));

    const historyItems = countListItems(historyHtml);
    if (historyItems !== LIST_PAGE_ITEMS) {
      fail(`the History page must list exactly ${LIST_PAGE_ITEMS} appointments to measure a full list page, but its HTML has ${historyItems} <li> in <ol class="appts">`);
    }
    const fragItems = pages.find((p) => p.kind === 'fragment')!.items;
    if (fragItems !== LIST_PAGE_ITEMS) fail(`the History fragment lists ${fragItems} items, expected ${LIST_PAGE_ITEMS}`);
    historyBreakdown = breakdown(historyHtml);

    firstVisits = [await firstVisit('Sign-in page', signInHtml), await firstVisit('History (20 items)', historyHtml)];

    // Load on the 20-item list with the session cookie.
    const sessionCookie = `${SESSION_COOKIE}=${jar.get(SESSION_COOKIE)}`;
    console.log(`\nLoad: warm-up ${WARMUP_SECONDS} s × ${WARMUP_CONNECTIONS} connections (not in the figures), then autocannon -c ${LOAD_CONNECTIONS} -d ${LOAD_SECONDS} GET ${HISTORY} …`);
    warmup_ = await load(appUrl + HISTORY, sessionCookie, WARMUP_CONNECTIONS, WARMUP_SECONDS);
    load_ = await load(appUrl + HISTORY, sessionCookie, LOAD_CONNECTIONS, LOAD_SECONDS);
    const after = await request('History after load', 'GET', HISTORY);
    sessionAfterLoad = after.res.status === 200 && countListItems(after.body) === LIST_PAGE_ITEMS;
    requests.pop();
  } catch (error) {
    benchError = error as Error;
  } finally {
    await stopStack();
  }

  // Nothing of the stack may outlive the benchmark.
  let leftovers = await leftoverProcesses(groups);
  for (let i = 0; i < 10 && leftovers.length > 0; i++) {
    await new Promise((r) => setTimeout(r, 300));
    leftovers = await leftoverProcesses(groups);
  }
  for (const p of leftovers) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }

  if (!benchError) {
    try {
      bundle_ = await bundle(join(work, 'bundle'));
    } catch (error) {
      benchError = error as Error;
    }
  }
  rmSync(work, { recursive: true, force: true });

  // ---- Figures ----
  console.log('\n1. HTML size (bytes)');
  console.log(
    table(
      ['page', 'kind', 'items', 'raw', 'gzip -9', 'brotli q11'],
      pages.map((p) => [p.name, p.kind, p.items ?? '', num(p.rawBytes), num(p.gzipBytes), num(p.brotliBytes)]),
      [false, false, true, true, true, true],
    ),
  );
  if (historyBreakdown.length > 0) {
    console.log('\n   Where the History page bytes go (each part gzipped alone, so parts do not add up):');
    console.log(table(['part', 'raw', 'gzip -9'], historyBreakdown.map((r) => [r.part, num(r.raw), num(r.gzip)]), [false, true, true]));
  }

  if (firstVisits.length > 0) {
    console.log('\n2. First visit (bytes)');
    for (const v of firstVisits) {
      console.log(`   ${v.name}`);
      console.log(
        table(
          ['file', 'raw', 'gzip -9', 'brotli q11', 'cache-control'],
          [...v.parts.map((p) => [p.url, num(p.raw), num(p.gzip), num(p.brotli), p.cacheControl ?? '-']), ['total', num(v.parts.reduce((s, p) => s + p.raw, 0)), num(v.totalGzip), num(v.parts.reduce((s, p) => s + p.brotli, 0)), '']],
          [false, true, true, true, false],
        ).replace(/^/gm, '   '),
      );
    }
  }

  console.log('\n3. Database round trips (Server-Timing)');
  console.log(
    table(
      ['request', 'what', 'signed in', 'status', 'round trips', 'db ms', 'app ms'],
      requests.map((r) => [`${r.method} ${r.path}`, r.name, r.signedIn ? 'yes' : 'no', r.status, r.roundTrips ?? 'n/a', r.dbMs?.toFixed(1) ?? 'n/a', r.appMs?.toFixed(1) ?? 'n/a']),
      [false, false, false, true, true, true, true],
    ),
  );

  if (load_) {
    console.log(`\n4. Load: GET ${HISTORY}, ${load_.connections} connections, ${load_.seconds} s (wrangler dev, local libSQL)`);
    console.log(
      table(
        ['req/s (mean)', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'errors', 'timeouts', 'non-2xx', 'status codes'],
        [[load_.requestsPerSecMean.toFixed(1), load_.latencyP50Ms, load_.latencyP99Ms, load_.latencyMaxMs, num(load_.totalRequests), load_.errors, load_.timeouts, load_.non2xx, Object.entries(load_.statusCodes).map(([k, v]) => `${k}×${v}`).join(' ')]],
        [true, true, true, true, true, true, true, true, false],
      ),
    );
    if (warmup_) console.log(`   warm-up (${warmup_.connections} connections, ${warmup_.seconds} s, not in the figures): ${num(warmup_.totalRequests)} requests, ${warmup_.requestsPerSecMean.toFixed(1)} req/s, errors ${warmup_.errors}, timeouts ${warmup_.timeouts}, non-2xx ${warmup_.non2xx}`);
    console.log(`   session still valid after the load: ${sessionAfterLoad ? 'yes' : 'NO'}`);
  }

  if (bundle_) {
    console.log(`\n5. Bundle (wrangler deploy --dry-run --minify): ${bundle_.line}`);
    if (bundle_.biggestSources.length > 0) {
      console.log('   biggest sources in index.js (minified bytes, from the source map):');
      console.log(table(['source', 'bytes'], bundle_.biggestSources.slice(0, 8).map((s) => [s.source, num(s.bytes)]), [false, true]).replace(/^/gm, '   '));
    }
  }

  // ---- Budgets ----
  for (const p of pages.filter((p) => p.kind === 'page')) {
    const over = p.gzipBytes - PAGE_GZIP_BUDGET;
    check(`page gzip: ${p.name}`, `${num(p.gzipBytes)} B${over > 0 ? ` (${num(over)} B over)` : ''}`, `≤ ${num(PAGE_GZIP_BUDGET)} B`, over <= 0);
  }
  for (const v of firstVisits) {
    const over = v.totalGzip - FIRST_VISIT_BUDGET;
    check(`first visit gzip: ${v.name}`, `${num(v.totalGzip)} B = ${kib(v.totalGzip)}${over > 0 ? ` (${num(over)} B over)` : ''}`, `≤ ${num(FIRST_VISIT_BUDGET)} B (35 KiB)`, over <= 0);
  }
  for (const r of requests) {
    const label = `round trips: ${r.name.startsWith(r.method) ? r.name : `${r.method} ${r.name}`}`;
    if (r.method === 'POST') {
      check(label, String(r.roundTrips ?? 'no Server-Timing'), '≤ 2', r.roundTrips !== null && r.roundTrips <= 2);
    } else if (r.signedIn) {
      check(label, String(r.roundTrips ?? 'no Server-Timing'), '= 1', r.roundTrips === 1);
    } else {
      check(label, String(r.roundTrips ?? 'no Server-Timing'), '≤ 1 (signed out, no session cookie)', r.roundTrips !== null && r.roundTrips <= 1);
    }
  }
  if (load_) {
    const all = [load_, ...(warmup_ ? [warmup_] : [])];
    const sum = (f: (r: LoadResult) => number) => all.reduce((s, r) => s + f(r), 0);
    const [errors, timeouts, non2xx] = [sum((r) => r.errors), sum((r) => r.timeouts), sum((r) => r.non2xx)];
    check('load: errors / timeouts / non-2xx (incl. warm-up)', `${errors} / ${timeouts} / ${non2xx}`, '0 / 0 / 0', errors + timeouts + non2xx === 0);
    check('load: session still valid afterwards', sessionAfterLoad ? 'yes' : 'no', 'yes', sessionAfterLoad);
  }

  console.log('\nSummary');
  console.log(table(['budget', 'measured', 'limit', 'result'], checks.map((c) => [c.budget, c.measured, c.limit, c.pass ? 'PASS' : 'FAIL']), [false, true, false, false]));
  if (load_) console.log(`(load, report only: ${load_.requestsPerSecMean.toFixed(1)} req/s, p50 ${load_.latencyP50Ms} ms, p99 ${load_.latencyP99Ms} ms, ${num(load_.totalRequests)} requests)`);
  if (bundle_) console.log(`(bundle, report only: ${bundle_.line})`);
  console.log(`wrangler/workerd processes left after stop (process group ${[...groups].join(', ') || '?'}): ${leftovers.length}`);
  if (leftovers.length > 0) console.log(`WARNING: ${leftovers.length} wrangler/workerd process(es) outlived stack.stop() and were killed: ${leftovers.map((p) => p.pid).join(', ')}`);

  const known = requests.find((r) => r.name === 'POST /sign-in');
  const unknown = requests.find((r) => r.name === 'POST /sign-in (number not on file)');
  let enumerationNote: string | null = null;
  if (known && unknown && known.roundTrips !== unknown.roundTrips) {
    enumerationNote = `POST /sign-in reports ${known.roundTrips} round trip(s) for a number on file and ${unknown.roundTrips} for one that is not: Server-Timing tells who is a client (the SMS insert started in waitUntil is counted before the header is written).`;
    console.log(`NOTE (not a budget): ${enumerationNote}`);
  }

  const failed = checks.filter((c) => !c.pass);
  const result = {
    at: new Date().toISOString(),
    durationS: Math.round((Date.now() - runStarted) / 100) / 10,
    node: process.version,
    settings: { loadSeconds: LOAD_SECONDS, connections: LOAD_CONNECTIONS, pageGzipBudget: PAGE_GZIP_BUDGET, firstVisitBudget: FIRST_VISIT_BUDGET },
    pages,
    historyBreakdown,
    firstVisits,
    requests,
    load: load_,
    loadWarmup: warmup_,
    sessionValidAfterLoad: sessionAfterLoad,
    bundle: bundle_,
    checks,
    notes: enumerationNote ? [enumerationNote] : [],
    leftoverProcessesKilled: leftovers,
    error: benchError ? String(benchError.stack ?? benchError) : null,
    pass: !benchError && failed.length === 0,
  };
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  writeFileSync(join(ROOT, 'test-results', 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\nWrote test-results/bench.json (${result.durationS} s in all).`);

  if (benchError) {
    console.error(`\nBENCHMARK ERROR (the run is incomplete, figures above are partial):\n${benchError.stack ?? benchError}`);
    return 2;
  }
  if (failed.length > 0) {
    console.error(`\n${failed.length} budget(s) FAILED: ${failed.map((c) => `${c.budget} = ${c.measured} (limit ${c.limit})`).join('; ')}`);
    return 1;
  }
  console.log('\nAll budgets pass.');
  return 0;
}

// Exit explicitly: if the stack failed half-way (e.g. a migration error), a server it started
// could otherwise keep this process alive.
process.exit(await main());
