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
 * 5. Bundle: `wrangler deploy --dry-run --minify` size, gzip ≤ BUNDLE_GZIP_BUDGET_KIB (decision
 *    0019), the biggest sources in it (from the source map, with each one's gzip share), and the
 *    Worker's startup in workerd (scripts/bench-startup.ts, median of 11; printed, not a budget).
 *    `npm run bench -- --bundle` measures only this, in well under a minute (decision 0019).
 * 6. Booking steps (/c/:clientId/book?step=…): every step's htmx fragment (`HX-Request: true`,
 *    `HX-Request-Type: partial`) ≤ 4,096 bytes gzip -9 — who, services (grooming for both
 *    Paddington pets; daycare and boarding at Happy Tails), time (grooming with its start times
 *    listed, daycare with its month calendar to the horizon, boarding), notes, review — and the review step as a
 *    full page ≤ 14,600 bytes. Raw / gzip / brotli per step; where the bytes go when one fails.
 * 7. A submission (POST /c/:clientId/book) costs at most two database round trips plus one
 *    booking-lock call. The Worker's round trips come from its Server-Timing; the lock's are
 *    not in that header, so wrangler talks to libSQL through a counting proxy
 *    (scripts/bench-booking.ts): every HTTP request to libSQL is one round trip, and those made
 *    during an otherwise idle POST, minus the Worker's, are the lock's. Lock calls are read
 *    from the handler's source (one `.submit(`); workerd does not expose them.
 * 8. Load: 100 parents of Happy Tails (written straight into the database, each with a session)
 *    send their signed daycare request for the same day at once (capacity 20/day, waitlist on):
 *    throughput, latency, statuses; then the database must hold exactly min(100, free places)
 *    requested and the rest waitlisted, one appointment per parent, ≤ 20 claims with unique
 *    units, 100 booking_submissions — and still so after 10 of the forms are replayed at once
 *    (each replay answering with the same appointment).
 * 9. Photos served small (scripts/bench-photos.ts): a pet added with a 2000 × 1500 PNG of ~4.4 MB
 *    (≤ 2 round trips), then its thumbnail and full size and a demo report-card photo's (first
 *    view makes the copy, second serves it): each WebP, thumbnails ≤ 320 px and ≤ 40 KiB, full
 *    size ≤ 1600 px and ≤ 1 MiB.
 * 10. The business console after that load, signed in as the demo owner (password + TOTP): the
 *    request inbox (50 requests), the notification feed (50) and the audit log, each ≤ 30 KiB
 *    gzip in one round trip.
 * 11. The parent's home (`/`) with five businesses (scripts/bench-home.ts): each with a next
 *    visit, five pending requests, three agreements to sign and five new report cards;
 *    ≤ 14,600 bytes gzip (section 1's budget) in one round trip. `npm run bench -- --home`
 *    measures only this.
 *
 * Prints every figure, then a summary table; writes test-results/bench.json; exits 1 when a
 * budget fails, 2 when the benchmark itself could not run (sign-in failed, wrong page shape…).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { createClient } from '@libsql/client';
import { join, relative, resolve, sep } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import {
  appointmentOf,
  createBenchParents,
  diffCounts,
  fireSubmissions,
  latencySummary,
  reviewFormFields,
  startCountingProxy,
  statusCounts,
  stepBreakdown,
  verifyLoad,
  type BenchParent,
  type CountingProxy,
  type Fired,
  type LoadVerification,
  type ProxyCounts,
  type SqlClient,
} from './bench-booking';
import { createFiveBusinessParent } from './bench-home';
import { DEMO, DEMO_BOOKING, demoBookingDates } from './seed';
import { DEMO_AGREEMENTS } from './demo-agreements';
import { DEMO_REPORT_CARD_PHOTOS } from './demo-report-cards';
import { photoBench, photoChecks, printPhotos, type PhotoResult } from './bench-photos';
import { measureStartup, type StartupResult } from './bench-startup';
import { DEMO_STAFF } from './demo-staff';
import { totpCode, totpStep } from '../src/domain/two-step';
import { addDays, localDateString } from '../src/domain/time';
import { ROOT, startStack, type Stack } from './stack';

// ---------------------------------------------------------------------------------------------
// Settings and budgets

const LOAD_SECONDS = positiveNumber('BENCH_LOAD_SECONDS', 20);
const LOAD_CONNECTIONS = positiveNumber('BENCH_CONNECTIONS', 50);
const PAGE_GZIP_BUDGET = 14_600;
/** The business console's pages with 50 inbox items or 50 notifications (issue: console part 1). */
const CONSOLE_GZIP_BUDGET = 30_720;
const FIRST_VISIT_BUDGET = 35 * 1024;
/**
 * The Worker bundle, KiB gzip as `wrangler deploy --dry-run --minify` prints it: what decision
 * 0019 reached, plus what the console's settings pages added (its "Budget" section), plus a
 * little room. Issue 12 asked for 120 KiB; the decision says why that is
 * out of reach without splitting the business console into its own Worker.
 */
const BUNDLE_GZIP_BUDGET_KIB = 326;
/** Startup runs (fresh workerd each) whose median is reported. */
const STARTUP_RUNS = 11;
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
    r
      .map((c, i) => (rightAlign[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
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
  opts: { form?: Record<string, string> | [string, string][]; headers?: Record<string, string>; cookies?: boolean } = {},
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
    const main = body
      .match(/<main\b[\s\S]*?<\/main>/)?.[0]
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
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
    code = message?.[1]?.match(/\b(\d{6})\b/)?.[1] ?? null;
    if (!code) await new Promise((r) => setTimeout(r, 200));
  }
  if (!code) fail(`no sign-in code for ${JAMIE.phoneE164} appeared in /dev/outbox within 15 s`);

  const { res: verify, body: verifyBody } = await request('POST /sign-in/code', 'POST', '/sign-in/code', { form: { code } });
  expectStatus(verify, 303, 'POST /sign-in/code', verifyBody);
  if (!jar.has(SESSION_COOKIE)) fail(`POST /sign-in/code set no ${SESSION_COOKIE} cookie`);
  if (jar.has(SIGNIN_COOKIE)) fail(`POST /sign-in/code left the ${SIGNIN_COOKIE} cookie in place`);
  console.log(`Signed in as ${JAMIE.firstName} ${JAMIE.lastName} (${JAMIE.phoneDisplay}); verify redirected to ${verify.headers.get('location')}`);
}

async function firstVisit(
  name: string,
  html: string,
): Promise<{ name: string; parts: { url: string; raw: number; gzip: number; brotli: number; cacheControl: string | null }[]; totalGzip: number }> {
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
  biggestSources: { source: string; bytes: number; gzipBytes: number }[];
  startup: StartupResult | null;
}

/** `wrangler deploy --dry-run --minify` into a temp dir; its size line and the biggest sources. */
async function bundle(outdir: string): Promise<BundleResult> {
  const output = await new Promise<string>((resolveRun, reject) => {
    const child = spawn('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir, '--minify', '--env='], {
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
  let biggestSources: { source: string; bytes: number; gzipBytes: number }[] = [];
  try {
    biggestSources = bytesBySource(outdir, readFileSync(join(outdir, 'index.js'), 'utf8'), JSON.parse(readFileSync(join(outdir, 'index.js.map'), 'utf8')));
  } catch {
    // The source map is a bonus; the size line is what is reported.
  }
  let startup: StartupResult | null = null;
  try {
    startup = await measureStartup(join(outdir, 'index.js'), STARTUP_RUNS);
  } catch (error) {
    console.log(`(startup not measured: ${error instanceof Error ? error.message : String(error)})`);
  }
  return {
    totalUploadKiB: m ? Number(m[1]) : null,
    gzipKiB: m ? Number(m[2]) : null,
    line: output.match(/Total Upload:.*$/m)?.[0].trim() ?? '(wrangler printed no "Total Upload" line)',
    biggestSources,
    startup,
  };
}

/** Minified bytes per package / app directory, from the source map's mappings. */
function bytesBySource(outdir: string, code: string, map: { sources: string[]; mappings: string }): { source: string; bytes: number; gzipBytes: number }[] {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lines = code.split('\n');
  const totals = new Map<string, number>();
  const texts = new Map<string, string[]>();
  const group = (source: string) => {
    const rel = relative(ROOT, resolve(outdir, source)).split(sep).join('/');
    // The generated data sets are named on their own (decision 0019).
    if (rel === 'src/domain/common-passwords.ts') return `app: ${rel}`;
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
      const list = texts.get(name) ?? [];
      list.push(line.slice(s.col, end));
      texts.set(name, list);
    }
  }
  // Each group's code gzipped on its own: an estimate of its share of the bundle's gzip size
  // (the groups' figures add up to a little more than the whole, which also shares across groups).
  return [...totals]
    .map(([source, bytes]) => ({ source, bytes, gzipBytes: gzipSync(texts.get(source)!.join(''), { level: 9 }).length }))
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
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
  return new Set(procs.filter((p) => p.pgid !== process.pid && /wrangler/.test(p.cmd) && p.cmd.includes(`--port ${port} `)).map((p) => p.pgid));
}

/** Processes of those groups still alive. */
async function leftoverProcesses(groups: Set<number>): Promise<Proc[]> {
  if (groups.size === 0) return [];
  return (await processes()).filter((p) => groups.has(p.pgid) && p.pid !== process.pid);
}

// ---------------------------------------------------------------------------------------------
// Booking (sections 6–8)

const FRAGMENT_GZIP_BUDGET = 4_096;
const SUBMISSION_ROUND_TRIP_BUDGET = 2;
const LOAD_PARENTS = 100;
const REPLAYS = 10;
const HAPPY_TAILS = DEMO.businesses.boarding;
const HT_BOOK = `/c/${DEMO.clients.jamieAtBoarding}/book`;
const PD_BOOK = `/c/${DEMO.clients.jamieAtGrooming}/book`;
const HX_PARTIAL = { 'HX-Request': 'true', 'HX-Request-Type': 'partial' };

interface StepSize {
  name: string;
  step: string;
  path: string;
  kind: 'fragment' | 'page';
  status: number;
  rawBytes: number;
  gzipBytes: number;
  brotliBytes: number;
  budget: number;
  breakdown: { part: string; raw: number; gzip: number }[];
}

interface SubmissionCost {
  name: string;
  path: string;
  status: number;
  location: string | null;
  workerRoundTrips: number | null;
  /** Requests libSQL received during the POST (and 300 ms of quiet after it). */
  libsql: ProxyCounts;
  /** libSQL requests minus the Worker's Server-Timing count. */
  lockRoundTrips: number | null;
  total: number;
}

interface BookingLoad {
  day: string;
  capacity: number;
  claimsBefore: number;
  freePlaces: number;
  parents: number;
  formsMs: number;
  wallMs: number;
  submissionsPerSec: number;
  latency: ReturnType<typeof latencySummary>;
  statusCounts: Record<string, number>;
  workerRoundTrips: Record<string, number>;
  libsql: ProxyCounts;
  verification: LoadVerification;
  replay: {
    count: number;
    wallMs: number;
    statusCounts: Record<string, number>;
    sameAppointment: number;
    libsql: ProxyCounts;
    after: LoadVerification;
  };
  errors: string[];
}

interface BookingResult {
  days: Record<string, string>;
  steps: StepSize[];
  submissions: SubmissionCost[];
  lockCallsInSource: number;
  load: BookingLoad | null;
}

const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** The first `count` local dates from `fromOffset` days ahead that are open on `weekdays` and not closed. */
function openDates(tz: string, fromOffset: number, weekdays: number[], closed: readonly string[], count: number): string[] {
  const today = localDateString(Date.now(), tz);
  const out: string[] = [];
  for (let offset = fromOffset; out.length < count && offset < fromOffset + 60; offset++) {
    const d = addDays(today, offset);
    if (weekdays.includes(weekdayOf(d)) && !closed.includes(d)) out.push(d);
  }
  return out;
}

/** GETs one booking step, checks it is the step asked for, and records its size. */
async function bookingStep(name: string, step: string, path: string, kind: 'fragment' | 'page'): Promise<{ size: StepSize; body: string }> {
  const { res, body } = kind === 'fragment' ? await request(name, 'GET', path, { headers: HX_PARTIAL }) : { res: null, body: await page(name, path) };
  if (res) {
    expectStatus(res, 200, name, body);
    if (body.startsWith('<!doctype')) fail(`${name}: got a full page for HX-Request-Type: partial`);
  }
  const number = ['who', 'services', 'time', 'notes', 'review'].indexOf(step) + 1;
  if (!body.includes('<section id="booking"') || !body.includes(`Step ${number} of 5`)) {
    fail(
      `${name}: expected step ${number} (${step}) of the booking flow, got: ${body
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .slice(0, 300)}`,
    );
  }
  const size: StepSize = {
    name,
    step,
    path,
    kind,
    status: res?.status ?? 200,
    rawBytes: Buffer.byteLength(body),
    gzipBytes: gzip(body),
    brotliBytes: brotli(body),
    budget: kind === 'fragment' ? FRAGMENT_GZIP_BUDGET : PAGE_GZIP_BUDGET,
    breakdown: stepBreakdown(body, gzip),
  };
  return { size, body };
}

/** One POST of a signed review form while nothing else talks to libSQL: who made which round trips. */
async function submission(proxy: CountingProxy, name: string, path: string, fields: [string, string][]): Promise<SubmissionCost> {
  await proxy.quiet(300);
  const before = proxy.counts();
  const { res, body } = await request(name, 'POST', path, { form: fields });
  expectStatus(res, 303, name, body);
  const worker = requests.at(-1)!.roundTrips;
  await proxy.quiet(300);
  const libsql = diffCounts(proxy.counts(), before);
  return {
    name,
    path,
    status: res.status,
    location: res.headers.get('location'),
    workerRoundTrips: worker,
    libsql,
    lockRoundTrips: worker === null ? null : libsql.total - worker,
    total: libsql.total,
  };
}

/** How many booking-lock calls the POST handler makes, read from its source (workerd does not expose them). */
function lockCallsInHandler(): number {
  const src = readFileSync(join(ROOT, 'src', 'routes', 'booking.tsx'), 'utf8');
  const start = src.indexOf("bookingRoutes.post('/c/:clientId/book'");
  if (start < 0) return -1;
  const handler = src.slice(start, src.indexOf('\n});', start));
  return (handler.match(/bookingLockForBusiness\([^)]*\)\s*\.\s*(submit|reschedule|cancel|decide)\(/g) ?? []).length;
}

async function pool<T, R>(items: T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

interface ConsolePage {
  name: string;
  path: string;
  items: number;
  rawBytes: number;
  gzipBytes: number;
  roundTrips: number | null;
}

/**
 * Section 10: the business console after the 100-parent load (so the inbox and the feed are
 * full: 50 items each; the client list pages its 100+ clients), plus the demo day's schedule and
 * the owner's settings pages, signed in as the demo owner with password + TOTP (the README's secret).
 */
async function consoleBench(result: ConsolePage[]): Promise<void> {
  const owner = DEMO_STAFF[0];
  const signIn = await request('POST /manage/sign-in', 'POST', '/manage/sign-in', { form: { email: owner.email, password: owner.password } });
  expectStatus(signIn.res, 303, 'POST /manage/sign-in', signIn.body);
  const two = await request('POST /manage/two-step', 'POST', '/manage/two-step', { form: { code: totpCode(owner.totpSecret!, totpStep(Date.now())) } });
  expectStatus(two.res, 303, 'POST /manage/two-step', two.body);
  const base = `/manage/${DEMO.businesses.boarding}`;
  for (const [name, path, item] of [
    ['console: request inbox', `${base}/inbox`, /<li id="request-/g],
    ['console: notifications', `${base}/notifications`, /<li( class="unread")?><p><strong>/g],
    ['console: audit log', `${base}/audit`, /<tr><td>/g],
    ['console: clients (first page)', `${base}/clients`, /<li class="card" id="client-/g],
    ['console: schedule (today)', `${base}/schedule`, /<li id="visit-/g],
    // Settings: items are the form's inputs (the hours page has a row per period of each day).
    ['console: settings, profile', `${base}/settings/profile`, /<input /g],
    ['console: settings, booking rules', `${base}/settings/booking`, /<input /g],
    ['console: settings, hours and closures', `${base}/settings/hours`, /<input /g],
    ['console: settings, services and add-ons', `${base}/settings/services`, /<li/g],
    // What the business publishes (issue 14): items are list rows, or the signed copy's audit facts.
    ['console: report cards', `${base}/report-cards`, /<li/g],
    ['console: agreements', `${base}/agreements`, /<li class="card">/g],
    ['console: agreement (text, versions, signatures)', `${base}/agreements/${DEMO_AGREEMENTS.boarding}`, /<li/g],
    ['console: signed copy (audit trail)', `${base}/agreements/${DEMO_AGREEMENTS.boarding}/signatures/${DEMO_AGREEMENTS.jamieSignedV1}`, /<dt>/g],
    ['console: vaccination certificates', `${base}/vaccinations`, /<li/g],
    ['console: package plans', `${base}/packages`, /<li/g],
    ['console: a client’s packages', `${base}/clients/${DEMO.clients.jamieAtBoarding}/packages`, /<li/g],
    ['console: membership plans', `${base}/memberships`, /<li/g],
    ['console: a client’s memberships', `${base}/clients/${DEMO.clients.jamieAtBoarding}/memberships`, /<li/g],
    ['console: classes', `${base}/classes`, /<li/g],
    ['console: a class (sessions, pets)', `${base}/classes/${DEMO.groupClass}`, /<li/g],
    ['console: attendance sheet', `${base}/classes/${DEMO.groupClass}/sessions/${DEMO.classSessionPrefix}1`, /<li/g],
  ] as const) {
    const { res, body } = await request(name, 'GET', path);
    expectStatus(res, 200, name, body);
    result.push({
      name,
      path,
      items: (body.match(item) ?? []).length,
      rawBytes: Buffer.byteLength(body),
      gzipBytes: gzip(body),
      roundTrips: parseServerTiming(res.headers.get('server-timing')).roundTrips,
    });
  }
}

async function bookingBench(proxy: CountingProxy, dbUrl: string, result: BookingResult): Promise<void> {
  const ht = DEMO_BOOKING.happyTails;
  const closed = demoBookingDates(Date.now());
  // Happy Tails opens 07:00 Monday–Saturday (Sunday 09:00), so a 07:00 drop-off needs Mon–Sat.
  // The load day is the seed's own daycare day (first such day ≥ 4 days ahead: Jamie's two dogs
  // and Sam's Rocket are on it, so fewer than 20 places are free); Jamie's measured request is
  // on the next one, the boarding stay two nights from the one after.
  const [loadDay, jamieDay, checkIn] = openDates('America/Los_Angeles', 4, [1, 2, 3, 4, 5, 6], closed.happyTails.closedDates, 3) as [string, string, string];
  let checkOut = addDays(checkIn, 2);
  while (closed.happyTails.closedDates.includes(checkOut)) checkOut = addDays(checkOut, 1);
  Object.assign(result.days, { loadDay, jamieDaycareDay: jamieDay, boardingCheckIn: checkIn, boardingCheckOut: checkOut });

  const { biscuit, pepper, biscuitAtGrooming: gBiscuit, truffle } = DEMO.pets;
  const S = DEMO.services;
  const q = (pairs: [string, string][]) => new URLSearchParams(pairs).toString();
  const daycare: [string, string][] = [
    ['type', 'daycare'],
    ['pet', biscuit],
    ['pet', pepper],
  ];
  const daycareServices: [string, string][] = [...daycare, [`service.${biscuit}`, S.daycareFull], [`service.${pepper}`, S.daycareFull]];
  const daycareTime: [string, string][] = [...daycareServices, ['day', jamieDay], ['dropoff', '07:00'], ['pickup', '16:00']];
  const notes: [string, string] = ['notes', 'Pepper needs her Kong at nap time; Biscuit is nervous of thunder.'];
  const boarding: [string, string][] = [
    ['type', 'boarding'],
    ['pet', biscuit],
    ['pet', pepper],
  ];
  const boardingServices: [string, string][] = [...boarding, [`service.${biscuit}`, S.boardingNight], [`service.${pepper}`, S.boardingNight]];
  const boardingTime: [string, string][] = [...boardingServices, ['checkin', checkIn], ['dropoff', '07:00'], ['checkout', checkOut], ['pickup', '16:00']];
  const grooming: [string, string][] = [
    ['type', 'grooming'],
    ['pet', gBiscuit],
    ['pet', truffle],
  ];
  const groomingServices: [string, string][] = [...grooming, [`service.${gBiscuit}`, S.bathBrush], [`service.${truffle}`, S.nailTrim]];

  const steps = result.steps;
  const step = async (name: string, st: string, path: string, kind: 'fragment' | 'page' = 'fragment') => {
    const r = await bookingStep(name, st, path, kind);
    steps.push(r.size);
    return r.body;
  };
  await step('who (Happy Tails)', 'who', `${HT_BOOK}?step=who`);
  await step('who (Paddington)', 'who', `${PD_BOOK}?step=who`);
  await step('services: grooming, 2 pets (Paddington)', 'services', `${PD_BOOK}?${q([...grooming, ['step', 'services']])}`);
  await step('services: daycare, 2 pets (Happy Tails)', 'services', `${HT_BOOK}?${q([...daycare, ['step', 'services']])}`);
  await step('services: boarding, 2 pets (Happy Tails)', 'services', `${HT_BOOK}?${q([...boarding, ['step', 'services']])}`);

  // Grooming: the first open Paddington day (≥ 2 days ahead) with start times to list.
  const padDays = openDates('Europe/London', 2, [2, 3, 4, 5, 6], closed.paddington.closedDates, 10);
  let groomDate: string | null = null;
  let groomStart: string | null = null;
  for (const d of padDays) {
    const path = `${PD_BOOK}?${q([...groomingServices, ['date', d], ['step', 'time']])}`;
    const r = await bookingStep('time: grooming (probe)', 'time', path, 'fragment');
    requests.pop();
    const starts = [...r.body.matchAll(/<input type="radio" name="start" value="(\d+)"/g)].map((m) => m[1]!);
    if (starts.length > 0) {
      groomDate = d;
      groomStart = starts[Math.floor(starts.length / 2)]!;
      await step(`time: grooming, ${starts.length} start times (${d})`, 'time', path);
      break;
    }
  }
  if (!groomDate || !groomStart) fail(`no Paddington day among ${padDays.join(', ')} lists a grooming start time for two pets`);
  result.days.groomingDate = groomDate;
  const groomingTime: [string, string][] = [...groomingServices, ['date', groomDate], ['start', groomStart]];

  const daycareTimeBody = await step('time: daycare, 28-day list (Happy Tails)', 'time', `${HT_BOOK}?${q([...daycareServices, ['step', 'time']])}`);
  const dayOptions = (daycareTimeBody.match(/name="day"/g) ?? []).length;
  steps.at(-1)!.name = requests.at(-1)!.name = `time: daycare, ${dayOptions} days listed (Happy Tails)`;
  await step('time: boarding (Happy Tails)', 'time', `${HT_BOOK}?${q([...boardingServices, ['step', 'time']])}`);
  await step('notes (daycare)', 'notes', `${HT_BOOK}?${q([...daycareTime, ['step', 'notes']])}`);

  const review = async (name: string, path: string) => {
    const fragment = await step(`review: ${name}`, 'review', path);
    await step(`review (full page): ${name}`, 'review', path, 'page');
    const fields = reviewFormFields(fragment);
    if (!fields) fail(`review: ${name}: no signed POST form in the review step`);
    return fields;
  };
  const daycareForm = await review('daycare, 2 pets, notes', `${HT_BOOK}?${q([...daycareTime, notes, ['step', 'review']])}`);
  const groomingForm = await review('grooming, 2 pets, notes', `${PD_BOOK}?${q([...groomingTime, notes, ['step', 'review']])}`);
  await review('boarding, 2 pets, notes', `${HT_BOOK}?${q([...boardingTime, notes, ['step', 'review']])}`);

  // Section 7: what one submission costs, each POST alone on an idle stack.
  result.lockCallsInSource = lockCallsInHandler();
  result.submissions.push(await submission(proxy, 'POST book: daycare, 2 pets (Happy Tails)', HT_BOOK, daycareForm));
  result.submissions.push(await submission(proxy, 'POST book: grooming, 2 pets (Paddington)', PD_BOOK, groomingForm));
  result.submissions.push(await submission(proxy, 'POST book: same daycare form again (replay)', HT_BOOK, daycareForm));

  // Section 8: 100 parents, one daycare day, all at once.
  const db = createClient({ url: dbUrl });
  try {
    const sql = db as unknown as SqlClient;
    const parents = await createBenchParents(sql, HAPPY_TAILS, LOAD_PARENTS);
    const claimsBefore = Number(
      (
        await sql.execute({
          sql: 'select count(*) as n from capacity_claims where business_id = ? and resource = ?',
          args: [HAPPY_TAILS, `daycare:${loadDay}`],
        })
      ).rows[0]!.n,
    );
    const capacity = ht.settings.daycareDailyCapacity;
    const freePlaces = Math.max(0, capacity - claimsBefore);
    const errors: string[] = [];

    const formsStarted = Date.now();
    const forms = await pool(parents, 10, async (p: BenchParent) => {
      const path = `/c/${p.clientId}/book?${q([
        ['step', 'review'],
        ['type', 'daycare'],
        ['pet', p.petId],
        [`service.${p.petId}`, S.daycareFull],
        ['day', loadDay],
        ['dropoff', '07:00'],
        ['pickup', '16:00'],
      ])}`;
      const res = await fetch(appUrl + path, { headers: { Cookie: p.cookie, 'User-Agent': 'pawtal-bench', ...HX_PARTIAL }, redirect: 'manual' });
      const html = await res.text();
      const fields = res.status === 200 ? reviewFormFields(html) : null;
      if (!fields)
        fail(
          `parent ${p.clientId}: review form answered HTTP ${res.status} without a signed form: ${html
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .slice(0, 300)}`,
        );
      return { id: String(p.index), path: `/c/${p.clientId}/book`, cookie: p.cookie, body: new URLSearchParams(fields).toString() };
    });
    const formsMs = Date.now() - formsStarted;

    await proxy.quiet(300);
    const before = proxy.counts();
    const fired = await fireSubmissions(appUrl, forms);
    await proxy.quiet(300);
    const libsql = diffCounts(proxy.counts(), before);
    for (const f of fired.results) if (f.error) errors.push(`parent ${f.id}: ${f.error}`);
    const workerRoundTrips: Record<string, number> = {};
    for (const f of fired.results) workerRoundTrips[String(f.roundTrips ?? 'n/a')] = (workerRoundTrips[String(f.roundTrips ?? 'n/a')] ?? 0) + 1;
    const verification = await verifyLoad(sql, HAPPY_TAILS, loadDay, capacity, parents, fired.results);

    // The same forms again, at once: each must land on its first appointment. Half of them
    // from parents who got a place, half from parents on the waitlist (when both exist).
    const bookedAs = (status: string) => fired.results.filter((f) => f.location?.includes(`booked=${status}`)).map((f) => forms[Number(f.id)]!);
    const requestedForms = bookedAs('requested');
    const waitlistedForms = bookedAs('waitlisted');
    const half = Math.min(Math.ceil(REPLAYS / 2), requestedForms.length);
    const replayForms = [...requestedForms.slice(0, half), ...waitlistedForms.slice(0, REPLAYS - half)];
    if (replayForms.length < REPLAYS) replayForms.push(...forms.filter((f) => !replayForms.includes(f)).slice(0, REPLAYS - replayForms.length));
    await proxy.quiet(300);
    const beforeReplay = proxy.counts();
    const replayed = await fireSubmissions(appUrl, replayForms);
    await proxy.quiet(300);
    const replayLibsql = diffCounts(proxy.counts(), beforeReplay);
    const firstById = new Map(fired.results.map((f: Fired) => [f.id, appointmentOf(f.location)]));
    const sameAppointment = replayed.results.filter(
      (r) => r.status === 303 && appointmentOf(r.location) !== null && appointmentOf(r.location) === firstById.get(r.id),
    ).length;
    const after = await verifyLoad(sql, HAPPY_TAILS, loadDay, capacity, parents, fired.results);

    result.load = {
      day: loadDay,
      capacity,
      claimsBefore,
      freePlaces,
      parents: parents.length,
      formsMs,
      wallMs: Math.round(fired.wallMs * 10) / 10,
      submissionsPerSec: Math.round((fired.results.length / (fired.wallMs / 1000)) * 10) / 10,
      latency: latencySummary(fired.results),
      statusCounts: statusCounts(fired.results),
      workerRoundTrips,
      libsql,
      verification,
      replay: {
        count: replayForms.length,
        wallMs: Math.round(replayed.wallMs * 10) / 10,
        statusCounts: statusCounts(replayed.results),
        sameAppointment,
        libsql: replayLibsql,
        after,
      },
      errors,
    };
  } finally {
    db.close();
  }
}

function printBooking(b: BookingResult): void {
  if (b.steps.length > 0) {
    console.log(
      `\n6. Booking steps (bytes; fragments = HX-Request-Type: partial; days: ${Object.entries(b.days)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
    );
    console.log(
      table(
        ['step', 'kind', 'status', 'raw', 'gzip -9', 'brotli q11', 'budget', 'result'],
        b.steps.map((s) => [
          s.name,
          s.kind,
          s.status,
          num(s.rawBytes),
          num(s.gzipBytes),
          num(s.brotliBytes),
          `≤ ${num(s.budget)}`,
          s.gzipBytes <= s.budget ? 'PASS' : `FAIL +${num(s.gzipBytes - s.budget)}`,
        ]),
        [false, false, true, true, true, true, true, false],
      ),
    );
    const fragments = b.steps.filter((s) => s.kind === 'fragment');
    const largest = fragments.reduce((a, s) => (s.gzipBytes > a.gzipBytes ? s : a), fragments[0]!);
    const explain = [...new Set([...b.steps.filter((s) => s.gzipBytes > s.budget), largest])];
    for (const s of explain) {
      const over = s.gzipBytes > s.budget ? `OVER BUDGET by ${num(s.gzipBytes - s.budget)} B` : 'largest fragment, within budget';
      console.log(`\n   Where the bytes of "${s.name}" (${s.kind}) go — ${over} (each part gzipped alone, so parts do not add up):`);
      console.log(
        table(
          ['part', 'raw', 'gzip -9'],
          s.breakdown.map((r) => [r.part, num(r.raw), num(r.gzip)]),
          [false, true, true],
        ).replace(/^/gm, '   '),
      );
    }
  }
  if (b.submissions.length > 0) {
    console.log('\n7. Cost of one submission (POST /c/:clientId/book, each alone on an idle stack)');
    console.log(
      table(
        ['submission', 'status', 'Worker (Server-Timing)', 'libSQL requests (Worker / lock)', 'lock = total − Worker', 'total', 'lock calls'],
        b.submissions.map((s) => [
          s.name,
          s.status,
          s.workerRoundTrips ?? 'n/a',
          `${s.libsql.total} (${s.libsql.worker} / ${s.libsql.other})`,
          s.lockRoundTrips ?? 'n/a',
          s.total,
          b.lockCallsInSource,
        ]),
        [false, true, true, true, true, true, true],
      ),
    );
    console.log('   libSQL requests are counted by a proxy between wrangler and the libSQL server (one HTTP request = one round trip,');
    console.log('   as src/db/client.ts counts them); "Worker" among them = batches that read the session, "lock" = the others.');
    console.log(`   Lock calls: ${b.lockCallsInSource} booking-lock call(s) in the POST handler's source (not observable from outside workerd).`);
  }
  const l = b.load;
  if (l) {
    console.log(
      `\n8. Load: ${l.parents} parents, daycare at Happy Tails on ${l.day} (capacity ${l.capacity}, ${l.claimsBefore} taken before, ${l.freePlaces} free, waitlist on), all POSTs at once`,
    );
    console.log(
      table(
        ['submissions/s', 'wall ms', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'statuses', 'Worker round trips', 'libSQL requests (Worker / lock)'],
        [
          [
            l.submissionsPerSec.toFixed(1),
            l.wallMs,
            l.latency.p50Ms,
            l.latency.p95Ms,
            l.latency.p99Ms,
            l.latency.maxMs,
            Object.entries(l.statusCounts)
              .map(([k, v]) => `${k}×${v}`)
              .join(', '),
            Object.entries(l.workerRoundTrips)
              .map(([k, v]) => `${k}×${v}`)
              .join(' '),
            `${l.libsql.total} (${l.libsql.worker} / ${l.libsql.other}) = ${(l.libsql.total / l.parents).toFixed(2)} per submission`,
          ],
        ],
        [true, true, true, true, true, true, false, false, false],
      ),
    );
    const perReq = (ms: number, n: number) => (n ? (ms / n).toFixed(1) : 'n/a');
    console.log(
      `   Worker's Server-Timing (median): ${l.latency.workerAppMsP50 ?? 'n/a'} ms handling, of which ${l.latency.workerDbMsP50 ?? 'n/a'} ms in its database round trip; libSQL answer time at the proxy (mean): Worker reads ${perReq(l.libsql.workerMs, l.libsql.worker)} ms, lock writes ${perReq(l.libsql.otherMs, l.libsql.other)} ms`,
    );
    console.log(`   (signed review forms fetched beforehand: ${l.parents} GETs in ${l.formsMs} ms, 10 at a time)`);
    const v = l.verification;
    console.log(
      `   database: ${v.appointments} appointments (${v.parentsWithOneAppointment} parents with one, ${v.parentsWithMoreThanOne} with more), ${v.requested} requested, ${v.waitlisted} waitlisted, ${v.otherStatus} other; ${v.submissions} booking_submissions; ${v.claimsOnDay} claims on daycare:${l.day} (${v.distinctUnitsOnDay} distinct units, ${v.unitsOutOfRange} out of range, ${v.benchClaims} of them the bench parents'); redirects matching the database ${v.redirectsMatchingDatabase}/${l.parents}`,
    );
    const r = l.replay;
    console.log(
      `   replay: ${r.count} forms again at once in ${r.wallMs} ms: ${Object.entries(r.statusCounts)
        .map(([k, s]) => `${k}×${s}`)
        .join(
          ', ',
        )}; ${r.sameAppointment}/${r.count} to the same appointment; libSQL requests ${r.libsql.total} (${r.libsql.worker} / ${r.libsql.other}); afterwards ${r.after.appointments} appointments, ${r.after.submissions} booking_submissions`,
    );
    for (const e of l.errors.slice(0, 5)) console.log(`   error: ${e}`);
  }
}

function bookingChecks(b: BookingResult): void {
  for (const s of b.steps.filter((x) => x.kind === 'fragment')) {
    const over = s.gzipBytes - s.budget;
    check(`booking fragment gzip: ${s.name}`, `${num(s.gzipBytes)} B${over > 0 ? ` (${num(over)} B over)` : ''}`, `≤ ${num(s.budget)} B`, over <= 0);
  }
  // Full review pages are in `pages` and checked with the other pages (≤ 14,600 B).
  for (const s of b.submissions) {
    const ok = s.workerRoundTrips !== null && s.lockRoundTrips !== null && s.total <= SUBMISSION_ROUND_TRIP_BUDGET;
    check(
      `submission round trips: ${s.name}`,
      `${s.workerRoundTrips ?? '?'} Worker + ${s.lockRoundTrips ?? '?'} lock = ${s.total}`,
      `≤ ${SUBMISSION_ROUND_TRIP_BUDGET}`,
      ok,
    );
  }
  if (b.submissions.length > 0) check('submission: booking-lock calls (POST handler source)', String(b.lockCallsInSource), '= 1', b.lockCallsInSource === 1);
  const l = b.load;
  if (!l) return;
  const v = l.verification;
  const n = l.parents;
  const expectRequested = Math.min(n, l.freePlaces);
  const answered = Object.entries(l.statusCounts)
    .filter(([k]) => k.startsWith('303'))
    .reduce((s, [, c]) => s + c, 0);
  check(
    `booking load: ${n} POSTs answered 303`,
    `${answered} (${Object.entries(l.statusCounts)
      .map(([k, c]) => `${k}×${c}`)
      .join(', ')})`,
    `${n}`,
    answered === n,
  );
  const oneTrip = l.workerRoundTrips['1'] ?? 0;
  check(
    'booking load: Worker round trips per POST (Server-Timing)',
    Object.entries(l.workerRoundTrips)
      .map(([k, c]) => `${k}×${c}`)
      .join(' '),
    `1 each`,
    oneTrip === n,
  );
  check(
    'booking load: libSQL round trips per submission (Worker + lock)',
    `${l.libsql.total} / ${n} = ${(l.libsql.total / n).toFixed(2)}`,
    `≤ ${SUBMISSION_ROUND_TRIP_BUDGET}`,
    l.libsql.total <= SUBMISSION_ROUND_TRIP_BUDGET * n,
  );
  check(
    'booking load: appointments, one per parent (none lost)',
    `${v.appointments}, ${v.parentsWithOneAppointment} parents with one`,
    `${n}, ${n}`,
    v.appointments === n && v.parentsWithOneAppointment === n,
  );
  check(
    'booking load: requested = min(100, free places)',
    `${v.requested}`,
    `${expectRequested}`,
    v.requested === expectRequested && v.requestedWithoutClaim === 0,
  );
  check(
    'booking load: the rest waitlisted',
    `${v.waitlisted} (other statuses ${v.otherStatus})`,
    `${n - expectRequested}`,
    v.waitlisted === n - expectRequested && v.otherStatus === 0 && v.waitlistedWithClaim === 0,
  );
  check(
    `booking load: claims on daycare:${l.day}, unique units`,
    `${v.claimsOnDay} claims, ${v.distinctUnitsOnDay} units, ${v.unitsOutOfRange} out of range`,
    `≤ ${l.capacity}, all unique`,
    v.claimsOnDay <= l.capacity && v.distinctUnitsOnDay === v.claimsOnDay && v.unitsOutOfRange === 0,
  );
  check('booking load: booking_submissions', `${v.submissions}`, `${n}`, v.submissions === n);
  check('booking load: redirects name the stored appointment and status', `${v.redirectsMatchingDatabase}`, `${n}`, v.redirectsMatchingDatabase === n);
  const r = l.replay;
  check(`booking load: ${r.count} concurrent replays land on the same appointment`, `${r.sameAppointment}`, `${r.count}`, r.sameAppointment === r.count);
  check(
    'booking load: after the replays (no duplicates)',
    `${r.after.appointments} appointments, ${r.after.submissions} submissions, ${r.after.parentsWithMoreThanOne} parents with more than one`,
    `${n}, ${n}, 0`,
    r.after.appointments === n && r.after.submissions === n && r.after.parentsWithMoreThanOne === 0,
  );
}

/** Section 5 of the report: the bundle's size line, its startup and its biggest sources. */
function printBundle(b: BundleResult): void {
  console.log(`\n5. Bundle (wrangler deploy --dry-run --minify): ${b.line}`);
  const st = b.startup;
  if (st)
    console.log(
      `   startup in workerd (Miniflare, first answer to GET /sign-in, median of ${st.runs}): ${st.startupMs.toFixed(0)} ms more than a one-line Worker (${st.bundleMs.toFixed(0)} vs ${st.baselineMs.toFixed(0)} ms)`,
    );
  if (b.biggestSources.length > 0) {
    console.log('   biggest sources in index.js (from the source map; gzip = that code gzipped -9 on its own):');
    console.log(
      table(
        ['source', 'minified bytes', 'gzip KiB'],
        b.biggestSources.slice(0, 14).map((s) => [s.source, num(s.bytes), (s.gzipBytes / 1024).toFixed(1)]),
        [false, true, true],
      ).replace(/^/gm, '   '),
    );
  }
}

/** The bundle's budget line (a failed budget when over, or when wrangler printed no size). */
function checkBundle(b: BundleResult): void {
  check(
    'Worker bundle, gzip (wrangler dry run)',
    b.gzipKiB === null ? '(no size line)' : `${b.gzipKiB.toFixed(1)} KiB${b.startup ? `, startup ${b.startup.startupMs.toFixed(0)} ms` : ''}`,
    `≤ ${BUNDLE_GZIP_BUDGET_KIB} KiB`,
    b.gzipKiB !== null && b.gzipKiB <= BUNDLE_GZIP_BUDGET_KIB,
  );
}

/** `npm run bench -- --bundle`: only section 5 (no stack, no load), for comparing builds quickly. */
async function bundleOnly(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'pawtal-bench-'));
  try {
    const b = await bundle(join(work, 'bundle'));
    printBundle(b);
    if (b.gzipKiB === null) return 2;
    const over = b.gzipKiB > BUNDLE_GZIP_BUDGET_KIB;
    console.log(
      `\nbundle ${b.gzipKiB.toFixed(1)} KiB gzip, budget ≤ ${BUNDLE_GZIP_BUDGET_KIB} KiB: ${over ? 'FAIL' : 'PASS'}; startup ${b.startup ? `${b.startup.startupMs.toFixed(0)} ms (median of ${b.startup.runs})` : 'not measured'}`,
    );
    return over ? 1 : 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Section 11: the home of a parent with five businesses (its own parent, written straight into
 * the database): recorded as a page (so ≤ 14,600 B gzip like every page) and checked as a
 * signed-in view (= 1 round trip).
 */
async function homeBench(dbUrl: string): Promise<PageSize> {
  const homeDb = createClient({ url: dbUrl });
  try {
    const five = await createFiveBusinessParent(homeDb as unknown as SqlClient);
    const home = await request('Home (five businesses)', 'GET', '/', { cookies: false, headers: { Cookie: five.cookie } });
    requests.at(-1)!.signedIn = true; // its own cookie, not the jar's
    expectStatus(home.res, 200, 'Home (five businesses)', home.body);
    const sections = (home.body.match(/<section class="home-biz"/g) ?? []).length;
    if (sections !== 5) fail(`Home (five businesses): expected 5 business sections, got ${sections}`);
    return recordSize('Home (five businesses)', '/', 'page', home.body);
  } finally {
    homeDb.close();
  }
}

/** `npm run bench -- --home`: only section 11, on a stack of its own (well under a minute). */
async function homeOnly(): Promise<number> {
  const work = mkdtempSync(join(tmpdir(), 'pawtal-bench-'));
  let stack: Stack | null = null;
  try {
    stack = await startStack({
      dbFile: join(work, 'bench.db'),
      dbPort: await freePort(),
      appPort: await freePort(),
      persistTo: join(work, 'wrangler-state'),
      vars: { APP_ENV: 'development', SMS_PROVIDER: 'outbox', OTP_PEPPER: randomBytes(32).toString('base64url'), PUBLIC_HOST: '' },
      log: () => {},
    });
    appUrl = stack.appUrl;
    await request('warm-up', 'GET', '/sign-in', { cookies: false });
    const size = await homeBench(stack.dbUrl);
    const trips = requests.at(-1)!.roundTrips;
    const pass = size.gzipBytes <= PAGE_GZIP_BUDGET && trips === 1;
    console.log(
      `home with five businesses: ${num(size.rawBytes)} B raw, ${num(size.gzipBytes)} B gzip -9 (budget ≤ ${num(PAGE_GZIP_BUDGET)} B), ${num(size.brotliBytes)} B brotli, ${trips ?? '?'} round trip(s): ${pass ? 'PASS' : 'FAIL'}`,
    );
    return pass ? 0 : 1;
  } finally {
    await stack?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Main

async function main(): Promise<number> {
  const runStarted = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'pawtal-bench-'));
  const port = await freePort();
  let stack: Stack | null = null;
  let proxy: CountingProxy | null = null;
  let groups = new Set<number>();
  let stopping = false;
  const stopStack = async () => {
    if (stopping) return;
    stopping = true;
    await stack?.stop();
    await proxy?.close();
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
  let loadLibsql: ProxyCounts | null = null;
  const booking: BookingResult = { days: {}, steps: [], submissions: [], lockCallsInSource: 0, load: null };
  const consolePages: ConsolePage[] = [];
  const photos: PhotoResult = { upload: null, served: [] };
  let benchError: Error | null = null;

  try {
    console.log(`Pawtal benchmark — load ${LOAD_SECONDS} s × ${LOAD_CONNECTIONS} connections; work dir ${work}`);
    const startedStack = Date.now();
    // The Worker reaches libSQL through a counting proxy (section 7); migrations and the seed
    // (and the bench's own setup and checks) go to the server directly.
    const dbPort = await freePort();
    proxy = await startCountingProxy(dbPort);
    stack = await startStack({
      dbFile: join(work, 'bench.db'),
      dbPort,
      appPort: port,
      persistTo: join(work, 'wrangler-state'),
      vars: {
        APP_ENV: 'development',
        SMS_PROVIDER: 'outbox',
        OTP_PEPPER: randomBytes(32).toString('base64url'),
        PUBLIC_HOST: '',
        LIBSQL_URL: proxy.url,
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
    // The rest of the portal (issue 4): every section page with the demo data.
    const JAMIE = `/c/${DEMO.clients.jamieAtBoarding}`;
    await page('Pets', `${JAMIE}/pets`);
    await page('Pet profile (vaccinations)', `${JAMIE}/pets/${DEMO.pets.biscuit}`);
    await page('Add a pet (form)', `${JAMIE}/pets/new`);
    await page('Report cards (with photos)', `${JAMIE}/report-cards`);
    await page('Agreements', `${JAMIE}/agreements`);
    await page('Agreement to sign (full text)', `${JAMIE}/agreements/${DEMO_AGREEMENTS.boarding}`);
    await page('Signed copy (audit trail)', `${JAMIE}/agreements/${DEMO_AGREEMENTS.boarding}/signed/${DEMO_AGREEMENTS.jamieSignedV1}`);
    await page('Store credit', `${JAMIE}/credit`);
    await page('Packages', `${JAMIE}/packages`);
    await page('Memberships', `${JAMIE}/memberships`);
    await page('Classes', `${JAMIE}/classes`);
    await page('Account', '/account');
    // Section 11: the home of a parent with five businesses.
    await homeBench(stack.dbUrl);
    const frag = await request('History fragment', 'GET', HISTORY, { headers: { 'HX-Request': 'true', 'HX-Request-Type': 'partial' } });
    expectStatus(frag.res, 200, 'History fragment', frag.body);
    if (frag.body.startsWith('<!doctype')) fail('History fragment: got a full page for HX-Request-Type: partial');
    recordSize('History fragment (htmx partial)', HISTORY, 'fragment', frag.body, countListItems(frag.body));

    const historyItems = countListItems(historyHtml);
    if (historyItems !== LIST_PAGE_ITEMS) {
      fail(
        `the History page must list exactly ${LIST_PAGE_ITEMS} appointments to measure a full list page, but its HTML has ${historyItems} <li> in <ol class="appts">`,
      );
    }
    const fragItems = pages.find((p) => p.kind === 'fragment')!.items;
    if (fragItems !== LIST_PAGE_ITEMS) fail(`the History fragment lists ${fragItems} items, expected ${LIST_PAGE_ITEMS}`);
    historyBreakdown = breakdown(historyHtml);

    firstVisits = [await firstVisit('Sign-in page', signInHtml), await firstVisit('History (20 items)', historyHtml)];

    // Load on the 20-item list with the session cookie.
    const sessionCookie = `${SESSION_COOKIE}=${jar.get(SESSION_COOKIE)}`;
    console.log(
      `\nLoad: warm-up ${WARMUP_SECONDS} s × ${WARMUP_CONNECTIONS} connections (not in the figures), then autocannon -c ${LOAD_CONNECTIONS} -d ${LOAD_SECONDS} GET ${HISTORY} …`,
    );
    warmup_ = await load(appUrl + HISTORY, sessionCookie, WARMUP_CONNECTIONS, WARMUP_SECONDS);
    await proxy.quiet(200);
    const beforeLoad = proxy.counts();
    load_ = await load(appUrl + HISTORY, sessionCookie, LOAD_CONNECTIONS, LOAD_SECONDS);
    loadLibsql = diffCounts(proxy.counts(), beforeLoad);
    const after = await request('History after load', 'GET', HISTORY);
    sessionAfterLoad = after.res.status === 200 && countListItems(after.body) === LIST_PAGE_ITEMS;
    requests.pop();

    // Booking: step sizes, the cost of a submission, and 100 parents booking the same day.
    console.log('\nBooking: steps, submissions, then the 100-parent load …');
    await bookingBench(proxy, stack.dbUrl, booking);
    // The console (section 10): after the load, so its lists are full.
    await consoleBench(consolePages);
    // Photos served small (section 9): last, so the added pet changes no page above: a pet added with a large photo, then the served copies.
    const cardPhoto = DEMO_REPORT_CARD_PHOTOS[0]!;
    await photoBench(
      { appUrl, cookie: () => jar.header() },
      DEMO.clients.jamieAtBoarding,
      (size) => `${JAMIE}/report-cards/${cardPhoto.reportCardId}/photos/${cardPhoto.id}?size=${size}`,
      photos,
    );
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
      checkBundle(bundle_);
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
    console.log(
      table(
        ['part', 'raw', 'gzip -9'],
        historyBreakdown.map((r) => [r.part, num(r.raw), num(r.gzip)]),
        [false, true, true],
      ),
    );
  }

  if (firstVisits.length > 0) {
    console.log('\n2. First visit (bytes)');
    for (const v of firstVisits) {
      console.log(`   ${v.name}`);
      console.log(
        table(
          ['file', 'raw', 'gzip -9', 'brotli q11', 'cache-control'],
          [
            ...v.parts.map((p) => [p.url, num(p.raw), num(p.gzip), num(p.brotli), p.cacheControl ?? '-']),
            ['total', num(v.parts.reduce((s, p) => s + p.raw, 0)), num(v.totalGzip), num(v.parts.reduce((s, p) => s + p.brotli, 0)), ''],
          ],
          [false, true, true, true, false],
        ).replace(/^/gm, '   '),
      );
    }
  }

  console.log('\n3. Database round trips (Server-Timing)');
  console.log(
    table(
      ['request', 'what', 'signed in', 'status', 'round trips', 'db ms', 'app ms'],
      requests.map((r) => [
        `${r.method} ${r.path}`,
        r.name,
        r.signedIn ? 'yes' : 'no',
        r.status,
        r.roundTrips ?? 'n/a',
        r.dbMs?.toFixed(1) ?? 'n/a',
        r.appMs?.toFixed(1) ?? 'n/a',
      ]),
      [false, false, false, true, true, true, true],
    ),
  );

  if (load_) {
    console.log(`\n4. Load: GET ${HISTORY}, ${load_.connections} connections, ${load_.seconds} s (wrangler dev, local libSQL)`);
    console.log(
      table(
        ['req/s (mean)', 'p50 ms', 'p99 ms', 'max ms', 'requests', 'errors', 'timeouts', 'non-2xx', 'status codes'],
        [
          [
            load_.requestsPerSecMean.toFixed(1),
            load_.latencyP50Ms,
            load_.latencyP99Ms,
            load_.latencyMaxMs,
            num(load_.totalRequests),
            load_.errors,
            load_.timeouts,
            load_.non2xx,
            Object.entries(load_.statusCodes)
              .map(([k, v]) => `${k}×${v}`)
              .join(' '),
          ],
        ],
        [true, true, true, true, true, true, true, true, false],
      ),
    );
    if (warmup_)
      console.log(
        `   warm-up (${warmup_.connections} connections, ${warmup_.seconds} s, not in the figures): ${num(warmup_.totalRequests)} requests, ${warmup_.requestsPerSecMean.toFixed(1)} req/s, errors ${warmup_.errors}, timeouts ${warmup_.timeouts}, non-2xx ${warmup_.non2xx}`,
      );
    console.log(`   session still valid after the load: ${sessionAfterLoad ? 'yes' : 'NO'}`);
    if (loadLibsql)
      console.log(
        `   libSQL requests seen by the bench's proxy during the load: ${num(loadLibsql.total)} for ${num(load_.totalRequests)} responses (${(loadLibsql.total / Math.max(1, load_.totalRequests)).toFixed(2)} per request; requests still in flight at the end are counted but not answered)`,
      );
  }

  if (bundle_) printBundle(bundle_);

  printBooking(booking);
  if (consolePages.length) {
    console.log('\n10. Business console pages (signed in as the demo owner, after the 100-parent load)');
    console.log(
      table(
        ['page', 'items', 'raw', 'gzip -9', 'round trips', 'budget'],
        consolePages.map((p) => [p.name, p.items, num(p.rawBytes), num(p.gzipBytes), p.roundTrips ?? '?', `≤ ${num(CONSOLE_GZIP_BUDGET)}`]),
        [false, true, true, true, true, true],
      ),
    );
  }
  printPhotos(photos, table, num);

  // ---- Budgets ----
  for (const p of pages.filter((p) => p.kind === 'page')) {
    const over = p.gzipBytes - PAGE_GZIP_BUDGET;
    check(`page gzip: ${p.name}`, `${num(p.gzipBytes)} B${over > 0 ? ` (${num(over)} B over)` : ''}`, `≤ ${num(PAGE_GZIP_BUDGET)} B`, over <= 0);
  }
  for (const v of firstVisits) {
    const over = v.totalGzip - FIRST_VISIT_BUDGET;
    check(
      `first visit gzip: ${v.name}`,
      `${num(v.totalGzip)} B = ${kib(v.totalGzip)}${over > 0 ? ` (${num(over)} B over)` : ''}`,
      `≤ ${num(FIRST_VISIT_BUDGET)} B (35 KiB)`,
      over <= 0,
    );
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
  bookingChecks(booking);
  for (const p of consolePages) {
    check(`console gzip: ${p.name} (${p.items} items)`, `${num(p.gzipBytes)} B`, `≤ ${num(CONSOLE_GZIP_BUDGET)} B`, p.gzipBytes <= CONSOLE_GZIP_BUDGET);
  }
  const inboxPage = consolePages.find((p) => p.name === 'console: request inbox');
  if (inboxPage) check('console: inbox lists 50 requests after the load', String(inboxPage.items), '50', inboxPage.items === 50);
  photoChecks(photos, check, num);

  console.log('\nSummary');
  console.log(
    table(
      ['budget', 'measured', 'limit', 'result'],
      checks.map((c) => [c.budget, c.measured, c.limit, c.pass ? 'PASS' : 'FAIL']),
      [false, true, false, false],
    ),
  );
  if (load_)
    console.log(
      `(load, report only: ${load_.requestsPerSecMean.toFixed(1)} req/s, p50 ${load_.latencyP50Ms} ms, p99 ${load_.latencyP99Ms} ms, ${num(load_.totalRequests)} requests)`,
    );
  if (booking.load) {
    const l = booking.load;
    console.log(
      `(booking load, report only: ${l.parents} submissions in ${l.wallMs} ms = ${l.submissionsPerSec.toFixed(1)} submissions/s, p50 ${l.latency.p50Ms} ms, p95 ${l.latency.p95Ms} ms, p99 ${l.latency.p99Ms} ms, max ${l.latency.maxMs} ms)`,
    );
  }
  if (bundle_) console.log(`(bundle: ${bundle_.line}${bundle_.startup ? `; startup ${bundle_.startup.startupMs.toFixed(0)} ms` : ''})`);
  console.log(`wrangler/workerd processes left after stop (process group ${[...groups].join(', ') || '?'}): ${leftovers.length}`);
  if (leftovers.length > 0)
    console.log(`WARNING: ${leftovers.length} wrangler/workerd process(es) outlived stack.stop() and were killed: ${leftovers.map((p) => p.pid).join(', ')}`);

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
    settings: {
      loadSeconds: LOAD_SECONDS,
      connections: LOAD_CONNECTIONS,
      pageGzipBudget: PAGE_GZIP_BUDGET,
      firstVisitBudget: FIRST_VISIT_BUDGET,
      fragmentGzipBudget: FRAGMENT_GZIP_BUDGET,
      submissionRoundTripBudget: SUBMISSION_ROUND_TRIP_BUDGET,
      bookingLoadParents: LOAD_PARENTS,
    },
    pages,
    historyBreakdown,
    firstVisits,
    requests,
    load: load_,
    loadWarmup: warmup_,
    sessionValidAfterLoad: sessionAfterLoad,
    loadLibsqlRequests: loadLibsql,
    booking,
    consolePages,
    photos,
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
process.exit(await (process.argv.includes('--bundle') ? bundleOnly() : process.argv.includes('--home') ? homeOnly() : main()));
