/**
 * The booking part of `npm run bench` (scripts/bench.ts drives it):
 *
 * - `startCountingProxy`: an HTTP proxy put between the Worker and the local libSQL server
 *   (bench.ts gives wrangler the proxy's URL as LIBSQL_URL). Each HTTP request to libSQL is one
 *   database round trip (src/db/client.ts counts exactly these for Server-Timing), so counting
 *   the requests the proxy forwards counts the round trips of the Worker AND of the Durable
 *   Objects, whose own counters (`BookingLock.dbStats`) are out of reach under `wrangler dev`.
 *   A request whose statements touch the `sessions` table is the Worker's (every signed-in
 *   batch opens with the session touch and lookup; the booking lock never reads sessions).
 *   Nothing in src/ or stack.ts changes: the proxy only forwards bytes.
 * - `createBenchParents`: 100 parents of Happy Tails written straight into the database —
 *   client, pet, portal account, account link and a live session each — for the load scenario.
 * - `fireSubmissions`: all the POSTs at once from a child process (this file run with
 *   `--fire`), so the client does not share an event loop with the in-process libSQL server.
 * - `verifyLoad`: what the database holds afterwards.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---------------------------------------------------------------------------------------------
// Counting proxy

export interface ProxyCounts {
  /** HTTP requests forwarded to libSQL (= database round trips). */
  total: number;
  /** …of which carry the session lookup: the Worker's. */
  worker: number;
  /** …of which do not: the Durable Objects' (the booking lock's batches). */
  other: number;
  /** Summed time from the request's arrival at the proxy to libSQL's full answer, ms. */
  workerMs: number;
  otherMs: number;
}

export interface CountingProxy {
  url: string;
  counts(): ProxyCounts;
  /** Resolves once no request has arrived for `quietMs` (or after `maxMs`). */
  quiet(quietMs?: number, maxMs?: number): Promise<void>;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);

function forwardHeaders(headers: IncomingHttpHeaders, extra: Record<string, string>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return { ...out, ...extra };
}

/** Starts the proxy on a free port, forwarding to `http://127.0.0.1:<targetPort>`. */
export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const counts: ProxyCounts = { total: 0, worker: 0, other: 0, workerMs: 0, otherMs: 0 };
  let lastAt = Date.now();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      counts.total += 1;
      // In the Hrana JSON the SQL's quoted identifiers arrive as \"sessions\".
      const isWorker = /\\"sessions\\"/.test(body.toString('utf8'));
      if (isWorker) counts.worker += 1;
      else counts.other += 1;
      lastAt = Date.now();
      const started = performance.now();
      res.on('finish', () => {
        if (isWorker) counts.workerMs += performance.now() - started;
        else counts.otherMs += performance.now() - started;
      });
      const send = (retry: boolean): void => {
        const upstream = httpRequest(
          {
            host: '127.0.0.1',
            port: targetPort,
            method: req.method,
            path: req.url,
            agent,
            headers: forwardHeaders(req.headers, { host: `127.0.0.1:${targetPort}`, 'content-length': String(body.length) }),
          },
          (up) => {
            res.writeHead(up.statusCode ?? 502, forwardHeaders(up.headers, {}));
            up.pipe(res);
          },
        );
        upstream.on('error', (err: NodeJS.ErrnoException) => {
          // A kept-alive socket the server closed as we reused it: the request never reached the
          // server, so sending it once more on a new socket is safe (Node's documented remedy).
          if (retry && upstream.reusedSocket && err.code === 'ECONNRESET' && !res.headersSent) return send(false);
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`bench proxy: ${err.message}`);
        });
        upstream.end(body);
      };
      send(true);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ ...counts }),
    async quiet(quietMs = 300, maxMs = 5000) {
      const deadline = Date.now() + maxMs;
      while (Date.now() - lastAt < quietMs && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
        agent.destroy();
      }),
  };
}

export function diffCounts(after: ProxyCounts, before: ProxyCounts): ProxyCounts {
  return {
    total: after.total - before.total,
    worker: after.worker - before.worker,
    other: after.other - before.other,
    workerMs: Math.round((after.workerMs - before.workerMs) * 10) / 10,
    otherMs: Math.round((after.otherMs - before.otherMs) * 10) / 10,
  };
}

// ---------------------------------------------------------------------------------------------
// Parents for the load scenario

export interface BenchParent {
  index: number;
  clientId: string;
  petId: string;
  accountId: string;
  phoneE164: string;
  /** `__Host-pawtal_session=<token>` */
  cookie: string;
}

/** Minimal SQL access: bench.ts passes a libSQL client pointed straight at the server. */
export interface SqlClient {
  execute(stmt: { sql: string; args?: (string | number | null)[] }): Promise<{ rows: Record<string, unknown>[] }>;
  batch(stmts: { sql: string; args?: (string | number | null)[] }[], mode?: 'write' | 'read' | 'deferred'): Promise<unknown>;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Writes `count` parents of `businessId` in one batch: client (unique +1 425 255 0xxx numbers),
 * one dog, a portal account, the account's link to the client, and a live session whose cookie
 * token (32 random bytes, base64url, 43 characters) is returned; only its SHA-256 is stored.
 */
export async function createBenchParents(db: SqlClient, businessId: string, count: number, now = Date.now()): Promise<BenchParent[]> {
  const parents: BenchParent[] = [];
  for (let i = 0; i < count; i++) {
    const token = randomBytes(32).toString('base64url');
    parents.push({
      index: i,
      clientId: `cli_bench_${pad(i, 3)}`,
      petId: `pet_bench_${pad(i, 3)}`,
      accountId: `acc_bench_${pad(i, 3)}`,
      phoneE164: `+1425255${pad(i, 4)}`,
      cookie: `__Host-pawtal_session=${token}`,
      tokenHash: createHash('sha256').update(token).digest('hex'),
    } as BenchParent & { tokenHash: string });
  }
  const rows = (n: number, width: number) => Array.from({ length: n }, () => `(${Array(width).fill('?').join(', ')})`).join(', ');
  const thirtyDays = 30 * 86_400_000;
  const ps = parents as (BenchParent & { tokenHash: string })[];
  await db.batch(
    [
      {
        sql: `insert into clients (id, business_id, first_name, last_name, phone_e164, created_at) values ${rows(count, 6)}`,
        args: ps.flatMap((p) => [p.clientId, businessId, 'Bench', `Parent ${pad(p.index, 3)}`, p.phoneE164, now]),
      },
      {
        sql: `insert into pets (id, business_id, client_id, name, species, breed, created_at) values ${rows(count, 7)}`,
        args: ps.flatMap((p) => [p.petId, businessId, p.clientId, `Dog ${pad(p.index, 3)}`, 'dog', 'Mixed', now]),
      },
      {
        sql: `insert into portal_accounts (id, phone_e164, created_at) values ${rows(count, 3)}`,
        args: ps.flatMap((p) => [p.accountId, p.phoneE164, now]),
      },
      {
        sql: `insert into account_client_links (account_id, client_id, business_id, created_at) values ${rows(count, 4)}`,
        args: ps.flatMap((p) => [p.accountId, p.clientId, businessId, now]),
      },
      {
        sql: `insert into sessions (token_hash, account_id, created_at, last_seen_at, expires_at, user_agent) values ${rows(count, 6)}`,
        args: ps.flatMap((p) => [p.tokenHash, p.accountId, now, now, now + thirtyDays, 'pawtal-bench']),
      },
    ],
    'write',
  );
  return parents.map(({ index, clientId, petId, accountId, phoneE164, cookie }) => ({ index, clientId, petId, accountId, phoneE164, cookie }));
}

// ---------------------------------------------------------------------------------------------
// Forms

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e: string) => ENTITIES[e]!);

/** The fields of the review step's POST form (the hidden inputs, in order), or null. */
export function reviewFormFields(html: string): [string, string][] | null {
  const form = html.match(/<form\b[^>]*\bmethod="post"[^>]*>([\s\S]*?)<\/form>/)?.[1];
  if (!form) return null;
  const fields: [string, string][] = [];
  for (const m of form.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    if (!/\btype="hidden"/.test(tag)) continue;
    const name = tag.match(/\bname="([^"]*)"/)?.[1];
    const value = tag.match(/\bvalue="([^"]*)"/)?.[1] ?? '';
    if (name) fields.push([decode(name), decode(value)]);
  }
  return fields.some(([n]) => n === 'sig') ? fields : null;
}

/**
 * Raw / gzip-alone sizes of the regions of a booking step — outside <main> (full pages), the
 * hidden fields, each fieldset, the date/select/textarea fields, the review summary and prices,
 * the actions (the Back link carries the whole state twice: href and hx-get) — and the whole.
 */
export function stepBreakdown(html: string, gzip: (s: string) => number): { part: string; raw: number; gzip: number }[] {
  const rows: { part: string; raw: number; gzip: number }[] = [];
  const add = (part: string, text: string) => {
    if (text) rows.push({ part, raw: Buffer.byteLength(text), gzip: gzip(text) });
  };
  const all = (re: RegExp) => [...html.matchAll(re)].map((m) => m[0]);
  const main = html.match(/<main\b[\s\S]*?<\/main>/)?.[0];
  if (main && main.length < html.length) add('outside <main> (head, header, scripts)', html.replace(main, ''));
  const hidden = all(/<input\b[^>]*\btype="hidden"[^>]*>/g);
  add(`${hidden.length} hidden inputs (the state)`, hidden.join(''));
  for (const fieldset of all(/<fieldset\b[\s\S]*?<\/fieldset>/g)) {
    const legend = fieldset.match(/<legend>([\s\S]*?)<\/legend>/)?.[1] ?? 'fieldset';
    add(`fieldset "${legend}" (${(fieldset.match(/<label class="choice">/g) ?? []).length} options)`, fieldset);
  }
  const fields = all(/<div class="field[^"]*">[\s\S]*?<\/div>/g);
  add(`${fields.length} date/select/textarea fields`, fields.join(''));
  add('review summary <dl>', html.match(/<dl class="review">[\s\S]*?<\/dl>/)?.[0] ?? '');
  add('prices <table>', html.match(/<table class="prices">[\s\S]*?<\/table>/)?.[0] ?? '');
  add('actions (button, Back link: state URL × 2)', html.match(/<div class="actions">[\s\S]*?<\/div>/)?.[0] ?? '');
  add('whole response', html);
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Firing the submissions (child process)

export interface Submission {
  /** Which parent (for the report). */
  id: string;
  path: string;
  cookie: string;
  body: string;
}

export interface Fired {
  id: string;
  status: number;
  location: string | null;
  roundTrips: number | null;
  /** The Worker's own Server-Timing: time in its database round trips, and in all. */
  dbMs: number | null;
  appMs: number | null;
  startMs: number;
  endMs: number;
  error: string | null;
}

export interface FireResult {
  wallMs: number;
  results: Fired[];
}

/** Sends every submission at once (from a child process) and returns what each answered. */
export function fireSubmissions(appUrl: string, submissions: Submission[]): Promise<FireResult> {
  const self = fileURLToPath(import.meta.url);
  return new Promise((resolveFire, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', self, '--fire'], { cwd: dirname(dirname(self)), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`submission client exited with ${code}: ${err.slice(-2000)}`));
      try {
        resolveFire(JSON.parse(out) as FireResult);
      } catch (e) {
        reject(new Error(`submission client printed no JSON: ${(e as Error).message}\n${out.slice(0, 500)}${err.slice(-1000)}`));
      }
    });
    child.stdin.end(JSON.stringify({ appUrl, submissions }));
  });
}

async function fireMain(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  const { appUrl, submissions } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { appUrl: string; submissions: Submission[] };
  const t0 = performance.now();
  const one = async (s: Submission): Promise<Fired> => {
    const startMs = performance.now() - t0;
    try {
      const res = await fetch(appUrl + s.path, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          Cookie: s.cookie,
          'Content-Type': 'application/x-www-form-urlencoded',
          Origin: appUrl,
          'Sec-Fetch-Site': 'same-origin',
          'User-Agent': 'pawtal-bench',
        },
        body: s.body,
      });
      await res.arrayBuffer();
      const timing = res.headers.get('server-timing');
      const db = timing?.match(/\bdb;dur=([\d.]+);desc="(\d+) round trips?"/);
      const app = timing?.match(/\bapp;dur=([\d.]+)/);
      return {
        id: s.id,
        status: res.status,
        location: res.headers.get('location'),
        roundTrips: db ? Number(db[2]) : null,
        dbMs: db ? Number(db[1]) : null,
        appMs: app ? Number(app[1]) : null,
        startMs,
        endMs: performance.now() - t0,
        error: null,
      };
    } catch (e) {
      return {
        id: s.id,
        status: 0,
        location: null,
        roundTrips: null,
        dbMs: null,
        appMs: null,
        startMs,
        endMs: performance.now() - t0,
        error: String((e as Error).cause ?? e),
      };
    }
  };
  // Every request is started in the same tick: all of them are in flight together.
  const results = await Promise.all(submissions.map(one));
  const result: FireResult = { wallMs: Math.max(...results.map((r) => r.endMs)) - Math.min(...results.map((r) => r.startMs)), results };
  process.stdout.write(JSON.stringify(result));
}

// ---------------------------------------------------------------------------------------------
// Figures

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function latencySummary(fired: Fired[]) {
  const ms = fired.map((f) => f.endMs - f.startMs).sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  const median = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null).sort((a, b) => a - b);
    return v.length ? round(percentile(v, 50)) : null;
  };
  return {
    p50Ms: round(percentile(ms, 50)),
    p95Ms: round(percentile(ms, 95)),
    p99Ms: round(percentile(ms, 99)),
    maxMs: round(ms.at(-1) ?? NaN),
    /** Medians of the Worker's Server-Timing: its database time and its whole handling time. */
    workerDbMsP50: median(fired.map((f) => f.dbMs)),
    workerAppMsP50: median(fired.map((f) => f.appMs)),
  };
}

export function statusCounts(fired: Fired[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of fired) {
    const key = f.status === 303 ? `303 ${new URL(f.location ?? '/', 'http://x').searchParams.get('booked') ?? '?'}` : f.error ? `error` : String(f.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** The appointment id in a post-booking redirect (`/c/<client>/appointments/<id>?booked=…`). */
export function appointmentOf(location: string | null): string | null {
  return location?.match(/\/appointments\/([^/?#]+)/)?.[1] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Verification

export interface LoadVerification {
  appointments: number;
  parentsWithOneAppointment: number;
  parentsWithMoreThanOne: number;
  requested: number;
  waitlisted: number;
  otherStatus: number;
  submissions: number;
  claimsOnDay: number;
  distinctUnitsOnDay: number;
  unitsOutOfRange: number;
  benchClaims: number;
  requestedWithoutClaim: number;
  waitlistedWithClaim: number;
  redirectsMatchingDatabase: number;
}

export async function verifyLoad(
  db: SqlClient,
  businessId: string,
  day: string,
  capacity: number,
  parents: BenchParent[],
  fired: Fired[],
): Promise<LoadVerification> {
  const ids = parents.map((p) => p.clientId);
  const marks = ids.map(() => '?').join(', ');
  const appts = (
    await db.execute({
      sql: `select a.id, a.client_id, a.status, (select count(*) from capacity_claims c where c.appointment_id = a.id and c.resource not like 'client:%') as claims
            from appointments a where a.business_id = ? and a.client_id in (${marks})`,
      args: [businessId, ...ids],
    })
  ).rows.map((r) => ({ id: String(r.id), clientId: String(r.client_id), status: String(r.status), claims: Number(r.claims) }));
  const perClient = new Map<string, number>();
  for (const a of appts) perClient.set(a.clientId, (perClient.get(a.clientId) ?? 0) + 1);
  const submissions = Number(
    (await db.execute({ sql: `select count(*) as n from booking_submissions where business_id = ? and client_id in (${marks})`, args: [businessId, ...ids] }))
      .rows[0]!.n,
  );
  const claims = (
    await db.execute({ sql: 'select unit, appointment_id from capacity_claims where business_id = ? and resource = ?', args: [businessId, `daycare:${day}`] })
  ).rows.map((r) => ({ unit: Number(r.unit), appointmentId: String(r.appointment_id) }));
  const benchIds = new Set(appts.map((a) => a.id));
  const byClient = new Map(appts.map((a) => [a.clientId, a]));
  const clientOf = new Map(parents.map((p) => [p.index, p.clientId]));
  let redirectsMatching = 0;
  for (const f of fired) {
    const apt = byClient.get(clientOf.get(Number(f.id))!);
    const booked = f.location ? new URL(f.location, 'http://x').searchParams.get('booked') : null;
    if (apt && appointmentOf(f.location) === apt.id && booked === apt.status) redirectsMatching += 1;
  }
  return {
    appointments: appts.length,
    parentsWithOneAppointment: [...perClient.values()].filter((n) => n === 1).length,
    parentsWithMoreThanOne: [...perClient.values()].filter((n) => n > 1).length,
    requested: appts.filter((a) => a.status === 'requested').length,
    waitlisted: appts.filter((a) => a.status === 'waitlisted').length,
    otherStatus: appts.filter((a) => a.status !== 'requested' && a.status !== 'waitlisted').length,
    submissions,
    claimsOnDay: claims.length,
    distinctUnitsOnDay: new Set(claims.map((c) => c.unit)).size,
    unitsOutOfRange: claims.filter((c) => c.unit < 0 || c.unit >= capacity).length,
    benchClaims: claims.filter((c) => benchIds.has(c.appointmentId)).length,
    requestedWithoutClaim: appts.filter((a) => a.status === 'requested' && a.claims !== 1).length,
    waitlistedWithClaim: appts.filter((a) => a.status === 'waitlisted' && a.claims !== 0).length,
    redirectsMatchingDatabase: redirectsMatching,
  };
}

if (process.argv.includes('--fire') && process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await fireMain();
}
