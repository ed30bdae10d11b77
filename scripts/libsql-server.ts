/**
 * A small local libSQL server that speaks Turso's HTTP protocol ("Hrana over HTTP": the v2 JSON
 * pipeline that @libsql/client 0.18 uses) on a local database file, so the Worker talks to it
 * exactly as it talks to Turso — only the URL and token differ.
 *
 * Why it exists: nothing installable here runs a real sqld (it is neither on npm nor in Debian),
 * and the npm `turso` CLI's sync server rejects `close`/`store_sql`/`sequence` and returns no
 * batons, which breaks every @libsql/client call. See docs/decisions/0001-local-libsql-server.md.
 *
 * The engine is the `libsql` package (the SQLite fork Turso runs) in WAL mode with foreign keys
 * on, as sqld runs it. Wire behaviour follows sqld (tursodatabase/libsql, libsql-server/src/hrana):
 * - every stream (baton null) gets its own connection (pooled: when a stream ends, its connection
 *   is rolled back and reused) and its own stored SQL; every answer carries a fresh baton and the
 *   old one dies; `close` answers baton null;
 * - statement errors are per result `{message, code}`: "SQLite error: …" with the primary code
 *   name (SQLITE_CONSTRAINT, SQLITE_BUSY…; plain SQLITE_ERROR is reported as SQLITE_UNKNOWN, as
 *   sqld does), compile errors as SQL_INPUT_ERROR, argument mismatches as ARGS_INVALID;
 * - protocol errors (bad baton, unknown sql_id…) are HTTP 400 text; an idle stream expires after
 *   `streamIdleMs`, rolling back its transaction, and its baton then gets HTTP 500
 *   `{message, code: "STREAM_EXPIRED"}`; a missing/wrong token is HTTP 401.
 *
 * Concurrency: the driver is synchronous, so SQLite's busy-wait would block Node's event loop and
 * the lock holder's COMMIT could never arrive. Instead busy_timeout is 0 and the server keeps its
 * own async lock: while one stream's connection is inside a transaction, pipelines of other
 * streams wait (a promise) until it commits, rolls back, closes or expires. A pipeline runs
 * synchronously from start to finish, so nothing interleaves within it.
 *
 * Faults, for tests of how the Worker copes (test/setup/fault-lab.ts): `pause()` makes the server
 * hold every pipeline unanswered, as a stopped (SIGSTOP) sqld or a stalled network would, until
 * `resume()`; `close()` is the server gone (connections refused), and starting it again on the
 * same file and port is its return.
 *
 * Not implemented: WebSockets, Protobuf, cursors (/v3/cursor), replication — the HTTP client
 * does not use them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'libsql';

export interface LibsqlServerOptions {
  /** Path of the SQLite database file (created if missing). */
  file: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** When set, every pipeline needs `Authorization: Bearer <authToken>`. */
  authToken?: string;
  /** Idle time after which a stream expires and its transaction rolls back; default 10 000 (Turso's). */
  streamIdleMs?: number;
  log?: (line: string) => void;
}

export interface LibsqlServer {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Holds every pipeline request from now on (received, not answered) until {@link resume}. */
  pause(): void;
  /** Answers the held requests, in the order they came, and the next ones at once. */
  resume(): void;
}

// ---- Wire types (Hrana 3 spec, JSON encoding) ----

type ProtoValue =
  | { type: 'null' }
  | { type: 'integer'; value: string }
  | { type: 'float'; value: number }
  | { type: 'text'; value: string }
  | { type: 'blob'; base64: string };
interface ProtoStmt {
  sql?: string | null;
  sql_id?: number | null;
  args?: unknown[];
  named_args?: { name: string; value: unknown }[];
  want_rows?: boolean;
}
type ProtoCond =
  | { type: 'ok' | 'error'; step: number }
  | { type: 'not'; cond: ProtoCond }
  | { type: 'and' | 'or'; conds: ProtoCond[] }
  | { type: 'is_autocommit' };
interface ProtoBatch {
  steps: { condition?: ProtoCond | null; stmt: ProtoStmt }[];
}
type StreamRequest = { type: string } & Record<string, unknown>;
interface ProtoError {
  message: string;
  code: string;
}
interface StmtResult {
  cols: { name: string | null; decltype: string | null }[];
  rows: ProtoValue[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}
type StreamResult = { type: 'ok'; response: { type: string } & Record<string, unknown> } | { type: 'error'; error: ProtoError };

/** The client broke the protocol: HTTP 400 with a text body, and the stream is dropped. */
class ProtocolError extends Error {}
/** A statement failed: reported in its result, the stream lives on. */
class StmtError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}
class StreamExpiredError extends Error {
  readonly code = 'STREAM_EXPIRED';
  constructor() {
    super('The stream has expired due to inactivity');
  }
}

type Conn = Database.Database;
type BindValue = null | bigint | number | string | Buffer;

interface Stream {
  conn: Conn;
  pool: ConnectionPool;
  sqls: Map<number, string>;
  closed: boolean;
  timer?: NodeJS.Timeout;
}

/**
 * Connections of closed streams, reused by new streams. Not only for speed: libsql's close()
 * only takes effect once the connection's statements are garbage-collected, so closing one
 * connection per request leaks file descriptors (and would keep an open transaction's lock).
 */
class ConnectionPool {
  private idle: Conn[] = [];
  private closed = false;
  constructor(private readonly file: string) {}

  take(): Conn {
    const reused = this.idle.pop();
    if (reused) return reused;
    const conn = new Database(this.file);
    conn.exec('PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 0; PRAGMA synchronous = NORMAL');
    return conn;
  }

  /** Takes a connection back, rolled back and with foreign keys on, as a fresh one would be. */
  give(conn: Conn): void {
    try {
      if (conn.inTransaction) conn.exec('ROLLBACK');
      conn.exec('PRAGMA foreign_keys = ON');
    } catch {
      conn.close();
      return;
    }
    if (!this.closed && this.idle.length < MAX_IDLE_CONNECTIONS) this.idle.push(conn);
    else conn.close();
  }

  closeAll(): void {
    this.closed = true;
    for (const conn of this.idle.splice(0)) conn.close();
  }
}

/** Primary result codes as sqld names them (rusqlite's ErrorCode; SQLITE_ERROR → SQLITE_UNKNOWN). */
const SQLITE_CODE_NAMES: Record<number, string> = {
  2: 'SQLITE_INTERNAL',
  3: 'SQLITE_PERM',
  4: 'SQLITE_ABORT',
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM',
  8: 'SQLITE_READONLY',
  9: 'SQLITE_INTERRUPT',
  10: 'SQLITE_IOERR',
  11: 'SQLITE_CORRUPT',
  12: 'SQLITE_NOTFOUND',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  15: 'SQLITE_PROTOCOL',
  17: 'SQLITE_SCHEMA',
  18: 'SQLITE_TOOBIG',
  19: 'SQLITE_CONSTRAINT',
  20: 'SQLITE_MISMATCH',
  21: 'SQLITE_MISUSE',
  22: 'SQLITE_NOLFS',
  23: 'SQLITE_AUTH',
  25: 'SQLITE_RANGE',
  26: 'SQLITE_NOTADB',
};
// sqld's limits on stored SQL (libsql-server/src/hrana/http/request.rs).
const MAX_STORED_SQLS = 50;
const MAX_STORED_SQL_BYTES = 5000;
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const MAX_IDLE_CONNECTIONS = 64;
const EXPIRED_BATON_MEMORY_MS = 5 * 60_000;

/** Starts the server; resolves once it listens. */
export async function startLibsqlServer(opts: LibsqlServerOptions): Promise<LibsqlServer> {
  const file = resolve(opts.file);
  const idleMs = opts.streamIdleMs ?? 10_000;
  const log = opts.log ?? (() => {});
  mkdirSync(dirname(file), { recursive: true });
  const bootstrap = new Database(file);
  bootstrap.exec('PRAGMA journal_mode = WAL'); // persistent in the file
  bootstrap.close();

  const streams = new Map<string, Stream>(); // live baton → its stream (absent while a request runs)
  const expired = new Map<string, number>(); // baton of an expired stream → when it expired
  let holder: Stream | undefined; // the stream whose connection is inside a transaction
  let waiters: (() => void)[] = [];
  let stopped = false;
  let paused: { until: Promise<void>; release: () => void } | undefined;

  const pool = new ConnectionPool(file);
  function openStream(): Stream {
    return { conn: pool.take(), pool, sqls: new Map(), closed: false };
  }

  /** Closes the stream (rolling back its transaction) and frees the lock. */
  function dispose(s: Stream): void {
    clearTimeout(s.timer);
    closeStream(s);
    syncLock(s);
  }

  /** After a pipeline: the stream holds the lock exactly while its connection is in a transaction. */
  function syncLock(s: Stream): void {
    if (!s.closed && s.conn.inTransaction) {
      holder = s;
    } else if (holder === s) {
      holder = undefined;
      const wake = waiters;
      waiters = [];
      for (const w of wake) w();
    }
  }

  function acquire(baton: unknown): Stream {
    if (typeof baton !== 'string') throw new ProtocolError('Received an invalid baton');
    const s = streams.get(baton);
    if (!s) {
      if (expired.has(baton)) throw new StreamExpiredError();
      throw new ProtocolError('Received an invalid baton');
    }
    streams.delete(baton);
    clearTimeout(s.timer);
    return s;
  }

  function release(s: Stream): string {
    const baton = randomBytes(24).toString('base64url');
    streams.set(baton, s);
    s.timer = setTimeout(() => expire(s, baton), idleMs);
    s.timer.unref();
    return baton;
  }

  function expire(s: Stream, baton: string): void {
    streams.delete(baton);
    const now = Date.now();
    for (const [b, at] of expired) if (now - at > EXPIRED_BATON_MEMORY_MS) expired.delete(b);
    expired.set(baton, now);
    const inTx = s.conn.inTransaction;
    dispose(s);
    log(`stream expired after ${idleMs} ms idle${inTx ? '; its open transaction was rolled back' : ''}`);
  }

  async function runPipeline(body: unknown): Promise<object> {
    if (!isObject(body) || !Array.isArray(body.requests)) throw new ProtocolError('Cannot deserialize client message from JSON: expected {baton, requests}');
    const existing = body.baton === null || body.baton === undefined ? undefined : acquire(body.baton);
    // Wait while another stream is inside a transaction. The check and the run below happen in
    // one synchronous stretch, so no other pipeline can slip in between. A new stream takes its
    // connection only then, so waiting requests hold none.
    while (holder && holder !== existing && !stopped) await new Promise<void>((r) => waiters.push(r));
    if (stopped) {
      if (existing) dispose(existing);
      throw new Error('The server is shutting down');
    }
    const stream = existing ?? openStream();
    const results: StreamResult[] = [];
    try {
      for (const request of body.requests) results.push(handleRequest(stream, request));
    } catch (e) {
      dispose(stream); // like sqld: a protocol error drops the stream (and rolls back)
      throw e;
    } finally {
      syncLock(stream);
    }
    return { baton: stream.closed ? null : release(stream), base_url: null, results };
  }

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((e: unknown) => {
      log(`internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      if (!res.headersSent) send(res, 500, 'text/plain', `Internal server error: ${e instanceof Error ? e.message : String(e)}`);
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
    if (req.method === 'GET' && (path === '/' || path === '/health' || path === '/v2')) {
      return send(res, 200, 'text/plain', 'Hello, this is HTTP API v2 (Hrana over HTTP)');
    }
    if (path !== '/v2/pipeline') return send(res, 404, 'text/plain', 'Not found');
    if (req.method !== 'POST') return send(res, 405, 'text/plain', 'Method not allowed');
    if (!authorized(req.headers.authorization, opts.authToken)) {
      return send(res, 401, 'application/json', JSON.stringify({ error: 'Unauthorized: `Missing or invalid Authorization header`' }));
    }
    while (paused && !stopped) await paused.until;
    const raw = await readBody(req);
    if (raw === undefined) return send(res, 413, 'text/plain', 'Request body too large');
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (e) {
      return send(res, 400, 'text/plain', `Cannot deserialize client message from JSON: ${(e as Error).message}`);
    }
    try {
      send(res, 200, 'application/json', JSON.stringify(await runPipeline(body)));
    } catch (e) {
      if (e instanceof ProtocolError) return send(res, 400, 'text/plain', e.message);
      if (e instanceof StreamExpiredError) return send(res, 500, 'application/json', JSON.stringify({ message: e.message, code: e.code }));
      throw e;
    }
  }

  // Clients keep their connections open (workerd's fetch, the bench's proxy). Node closes an idle
  // one after 5 s by default, and a client that sends on it just as it closes gets a reset — a
  // "database unreachable" 503 for a request that never arrived. A minute, as sqld and Turso keep.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => ok());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('libsql-server: no TCP address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  log(`libSQL (Hrana over HTTP) server on ${url} for ${file}${opts.authToken ? ' (token required)' : ''}`);

  return {
    url,
    port: address.port,
    pause() {
      if (paused) return;
      let release = () => {};
      const until = new Promise<void>((r) => (release = r));
      paused = { until, release };
    },
    resume() {
      const was = paused;
      paused = undefined;
      was?.release();
    },
    async close() {
      stopped = true;
      paused?.release();
      for (const s of streams.values()) dispose(s);
      streams.clear();
      for (const w of waiters.splice(0)) w();
      pool.closeAll();
      await new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      });
    },
  };
}

// ---- Stream requests ----

function handleRequest(s: Stream, request: unknown): StreamResult {
  if (!isObject(request) || typeof request.type !== 'string') throw new ProtocolError('StreamRequest type not recognized');
  const req = request as StreamRequest;
  try {
    switch (req.type) {
      case 'close':
        closeStream(s);
        return ok({ type: 'close' });
      case 'execute': {
        const stmt = req.stmt as ProtoStmt;
        return ok({ type: 'execute', result: executeStmt(conn(s), sqlOf(s, stmt), stmt) });
      }
      case 'batch':
        return ok({ type: 'batch', result: runBatch(s, req.batch as ProtoBatch) });
      case 'sequence':
        runSequence(conn(s), sqlOf(s, req));
        return ok({ type: 'sequence' });
      case 'describe':
        return ok({ type: 'describe', result: describe(conn(s), sqlOf(s, req)) });
      case 'store_sql': {
        const { sql_id: id, sql } = req;
        if (typeof id !== 'number' || typeof sql !== 'string') throw new ProtocolError('store_sql needs sql_id and sql');
        if (s.sqls.has(id)) throw new ProtocolError(`SQL text ${id} already exists`);
        if (s.sqls.size >= MAX_STORED_SQLS)
          throw new StmtError(`The server already stores ${s.sqls.size} SQL texts, it cannot store more`, 'SQL_STORE_TOO_MANY');
        if (Buffer.byteLength(sql) > MAX_STORED_SQL_BYTES)
          throw new StmtError(`The statement is too large to be stored: ${Buffer.byteLength(sql)} B/5.0 KB`, 'SQL_STORE_TOO_LARGE');
        s.sqls.set(id, sql);
        return ok({ type: 'store_sql' });
      }
      case 'close_sql':
        s.sqls.delete(req.sql_id as number);
        return ok({ type: 'close_sql' });
      case 'get_autocommit': // Hrana 3; accepted on v2 too
        return ok({ type: 'get_autocommit', is_autocommit: !conn(s).inTransaction });
      default:
        throw new ProtocolError('StreamRequest type not recognized');
    }
  } catch (e) {
    if (e instanceof StmtError) return { type: 'error', error: { message: e.message, code: e.code } };
    throw e;
  }
}

function ok(response: { type: string } & Record<string, unknown>): StreamResult {
  return { type: 'ok', response };
}

/** Ends a stream: its transaction is rolled back and its connection goes back to the pool. */
function closeStream(s: Stream): void {
  if (s.closed) return;
  s.closed = true;
  s.pool.give(s.conn);
}

function conn(s: Stream): Conn {
  if (s.closed) throw new ProtocolError('Stream for this baton was closed');
  return s.conn;
}

/** The SQL text of a statement: given inline (`sql`) or stored earlier (`sql_id`). */
function sqlOf(s: Stream, x: unknown): string {
  if (!isObject(x)) throw new ProtocolError('Either `sql` or `sql_id` are required');
  const hasSql = x.sql !== undefined && x.sql !== null;
  const hasId = x.sql_id !== undefined && x.sql_id !== null;
  if (hasSql && hasId) throw new ProtocolError('Either `sql` or `sql_id` are required, but not both');
  if (hasSql) {
    if (typeof x.sql !== 'string') throw new ProtocolError('`sql` must be a string');
    return x.sql;
  }
  if (!hasId) throw new ProtocolError('Either `sql` or `sql_id` are required');
  const sql = s.sqls.get(x.sql_id as number);
  if (sql === undefined) throw new ProtocolError(`SQL text ${String(x.sql_id)} not found`);
  return sql;
}

function runBatch(s: Stream, batch: ProtoBatch): { step_results: (StmtResult | null)[]; step_errors: (ProtoError | null)[] } {
  if (!isObject(batch) || !Array.isArray(batch.steps)) throw new ProtocolError('batch needs steps');
  const c = conn(s);
  // Resolve and check every step first, as sqld does: a bad step fails the whole request.
  const steps = batch.steps.map((step, i) => {
    if (!isObject(step)) throw new ProtocolError('BatchStep must be an object');
    if (step.condition) checkCond(step.condition, i);
    const sql = sqlOf(s, step.stmt);
    return { condition: step.condition, stmt: step.stmt, sql, info: analyse(sql) };
  });
  const executed: boolean[] = [];
  const step_results: (StmtResult | null)[] = [];
  const step_errors: (ProtoError | null)[] = [];
  for (const step of steps) {
    let result: StmtResult | null = null;
    let error: ProtoError | null = null;
    if (!step.condition || evalCond(step.condition, executed, c)) {
      try {
        result = executeStmt(c, step.sql, step.stmt, step.info);
      } catch (e) {
        if (!(e instanceof StmtError)) throw e;
        error = { message: e.message, code: e.code };
      }
    }
    executed.push(result !== null);
    step_results.push(result);
    step_errors.push(error);
  }
  return { step_results, step_errors };
}

function checkCond(cond: ProtoCond, stepIndex: number): void {
  if (!isObject(cond)) throw new ProtocolError('BatchCond type not recognized');
  switch (cond.type) {
    case 'ok':
    case 'error':
      if (!Number.isInteger(cond.step) || cond.step < 0 || cond.step >= stepIndex) throw new ProtocolError('Invalid reference to step in a batch condition');
      return;
    case 'not':
      checkCond(cond.cond, stepIndex);
      return;
    case 'and':
    case 'or':
      if (!Array.isArray(cond.conds)) throw new ProtocolError('BatchCond type not recognized');
      for (const c of cond.conds) checkCond(c, stepIndex);
      return;
    case 'is_autocommit':
      return;
    default:
      throw new ProtocolError('BatchCond type not recognized');
  }
}

/**
 * Like sqld, `ok`/`error` look only at whether a step ran successfully: `error` is also true for a
 * skipped step (the spec says false; @libsql/client never relies on the difference).
 */
function evalCond(cond: ProtoCond, executed: boolean[], c: Conn): boolean {
  switch (cond.type) {
    case 'ok':
      return executed[cond.step] === true;
    case 'error':
      return executed[cond.step] !== true;
    case 'not':
      return !evalCond(cond.cond, executed, c);
    case 'and':
      return cond.conds.every((x) => evalCond(x, executed, c));
    case 'or':
      return cond.conds.some((x) => evalCond(x, executed, c));
    case 'is_autocommit':
      return !c.inTransaction;
  }
}

/** Runs statements separated by semicolons, stopping at the first error; rows are discarded. */
function runSequence(c: Conn, sql: string): void {
  for (const stmt of splitSql(sql)) executeStmt(c, stmt.text, { want_rows: false }, stmt);
}

function describe(c: Conn, sql: string) {
  const info = analyse(sql);
  const prepared = prepare(c, sql);
  return {
    params: info.params.map((name) => ({ name })),
    cols: prepared.columns().map((col) => ({ name: col.name, decltype: col.type })),
    is_explain: info.kind === 'EXPLAIN',
    is_readonly: READONLY_KINDS.has(info.kind),
  };
}

const READONLY_KINDS = new Set(['SELECT', 'VALUES', 'EXPLAIN', 'BEGIN', 'COMMIT', 'END', 'ROLLBACK', 'SAVEPOINT', 'RELEASE']);

function executeStmt(c: Conn, sql: string, stmt: ProtoStmt, info: SqlStatement = analyse(sql)): StmtResult {
  if (!isObject(stmt)) throw new ProtocolError('stmt must be an object');
  const positional = (Array.isArray(stmt.args) ? stmt.args : []).map(valueFromProto);
  const namedArgs = Array.isArray(stmt.named_args) ? stmt.named_args : [];
  const named = new Map(namedArgs.map((a) => [String(a.name), valueFromProto(a.value)] as const));
  if (positional.length > 0 && named.size > 0) {
    throw new StmtError('Specifying both positional and named arguments is not supported', 'ARGS_BOTH_POSITIONAL_AND_NAMED');
  }
  const prepared = prepare(c, sql);
  const args = bindArgs(info, positional, named);
  const cols = prepared.columns().map((col) => ({ name: col.name, decltype: col.type }));
  let rows: ProtoValue[][] = [];
  try {
    if (prepared.reader) {
      const raw = prepared.raw(true).safeIntegers(true).all(args) as unknown[][];
      if (stmt.want_rows !== false) rows = raw.map((row) => row.map(valueToProto));
    } else {
      prepared.run(args);
    }
  } catch (e) {
    throw sqliteError(e, false);
  }
  // Like sqld: changes() only for INSERT/UPDATE/DELETE, the rowid only for INSERT.
  let affected = 0;
  let rowid: string | null = null;
  if (info.isWrite) {
    const [changes, lastRowid] = (c.prepare('SELECT changes(), last_insert_rowid()').raw(true).safeIntegers(true).all() as [bigint, bigint][])[0]!;
    affected = Number(changes);
    if (info.kind === 'INSERT' || info.kind === 'REPLACE') rowid = String(lastRowid);
  }
  return { cols, rows, affected_row_count: affected, last_insert_rowid: rowid };
}

function prepare(c: Conn, sql: string) {
  try {
    return c.prepare(sql);
  } catch (e) {
    throw sqliteError(e, true);
  }
}

/** Orders the arguments by parameter index the way sqld binds them (query.rs `Params::bind`). */
function bindArgs(info: SqlStatement, positional: BindValue[], named: Map<string, BindValue>): BindValue[] {
  const given = named.size > 0 ? named.size : positional.length;
  if (given > info.params.length) {
    throw new StmtError(`Arguments do not match SQL parameters: too many parameters, expected ${info.params.length} found ${given}`, 'ARGS_INVALID');
  }
  return info.params.map((name, i) => {
    let value: BindValue | undefined;
    if (name === null) value = named.size > 0 ? undefined : positional[i];
    else if (name.startsWith('?')) value = named.size > 0 ? undefined : positional[Number(name.slice(1)) - 1];
    else value = named.has(name) ? named.get(name) : named.get(name.slice(1));
    if (value !== undefined) return value;
    if (info.kind === 'EXPLAIN') return null;
    throw new StmtError(`Arguments do not match SQL parameters: value for parameter ${name ?? i + 1} not found`, 'ARGS_INVALID');
  });
}

function sqliteError(e: unknown, compiling: boolean): StmtError {
  const err = e as { message?: string; rawCode?: unknown };
  if (typeof err.rawCode !== 'number') throw e; // not an SQLite error: a bug, answered with HTTP 500
  const primary = err.rawCode & 0xff;
  if (compiling && primary === 1) return new StmtError(`SQL input error: ${err.message}`, 'SQL_INPUT_ERROR');
  return new StmtError(`SQLite error: ${err.message}`, SQLITE_CODE_NAMES[primary] ?? 'SQLITE_UNKNOWN');
}

// ---- Values ----

function valueFromProto(v: unknown): BindValue {
  if (!isObject(v)) throw new ProtocolError('Value type not recognized');
  switch (v.type) {
    case 'null':
      return null;
    case 'integer': {
      if (typeof v.value !== 'string' || !/^-?\d+$/.test(v.value)) throw new ProtocolError('Invalid integer value');
      const n = BigInt(v.value);
      if (n < -(2n ** 63n) || n >= 2n ** 63n) throw new ProtocolError('Integer value out of range');
      return n;
    }
    case 'float':
      if (typeof v.value !== 'number') throw new ProtocolError('Invalid float value');
      return v.value;
    case 'text':
      if (typeof v.value !== 'string') throw new ProtocolError('Invalid text value');
      return v.value;
    case 'blob':
      if (typeof v.base64 !== 'string') throw new ProtocolError('Invalid blob value');
      return Buffer.from(v.base64, 'base64');
    default:
      throw new ProtocolError('Value type not recognized');
  }
}

function valueToProto(v: unknown): ProtoValue {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
  if (typeof v === 'number') return { type: 'float', value: v }; // integers arrive as bigint (safeIntegers)
  if (typeof v === 'string') return { type: 'text', value: v };
  if (v instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  throw new Error(`Unexpected value from SQLite: ${typeof v}`);
}

// ---- A small SQL scanner ----
// libsql's JS API neither names parameters nor reports the unparsed tail of a statement, so the
// server finds them itself: parameters in SQLite's numbering, statement boundaries (a CREATE
// TRIGGER body keeps its semicolons) and the statement kind.

interface SqlStatement {
  text: string;
  /** Parameter names by index (index 0 = ?1); null for a bare `?`. */
  params: (string | null)[];
  /** First keyword, or the main verb after a WITH clause: SELECT, INSERT, BEGIN… */
  kind: string;
  /** INSERT, REPLACE, UPDATE or DELETE. */
  isWrite: boolean;
}

/** The single statement in `sql` (SQL_NO_STATEMENT / SQL_MANY_STATEMENTS otherwise). */
function analyse(sql: string): SqlStatement {
  const stmts = splitSql(sql);
  if (stmts.length === 0) throw new StmtError('SQL string does not contain any statement', 'SQL_NO_STATEMENT');
  if (stmts.length > 1) throw new StmtError('SQL string contains more than one statement', 'SQL_MANY_STATEMENTS');
  return stmts[0]!;
}

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_CHAR = /[A-Za-z0-9_$\u0080-\uffff]/;
const VERBS = new Set(['SELECT', 'VALUES', 'INSERT', 'REPLACE', 'UPDATE', 'DELETE']);

function splitSql(sql: string): SqlStatement[] {
  const out: SqlStatement[] = [];
  let start = 0;
  let words: string[] = []; // keywords and identifiers outside parentheses
  let params: (string | null)[] = [];
  let depth = 0;
  let triggerBody = false;
  let caseDepth = 0;
  const finish = (end: number) => {
    if (words.length > 0 || params.length > 0) {
      const first = words[0] ?? '';
      const kind = first === 'WITH' ? (words.find((w) => VERBS.has(w)) ?? 'WITH') : first;
      out.push({ text: sql.slice(start, end), params, kind, isWrite: ['INSERT', 'REPLACE', 'UPDATE', 'DELETE'].includes(kind) });
    }
    words = [];
    params = [];
    depth = 0;
    triggerBody = false;
    caseDepth = 0;
  };
  const skipQuoted = (i: number, close: string) => {
    for (let j = i + 1; j < sql.length; j++) {
      if (sql[j] === close) {
        if (close !== ']' && sql[j + 1] === close) j++;
        else return j + 1;
      }
    }
    return sql.length;
  };
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if (ch === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (ch === '/' && next === '*') {
      const endc = sql.indexOf('*/', i + 2);
      i = endc < 0 ? sql.length : endc + 2;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      i = skipQuoted(i, ch);
      if (depth === 0) words.push(ch);
    } else if (ch === '[') {
      i = skipQuoted(i, ']');
      if (depth === 0) words.push(ch);
    } else if (ch === '(') {
      depth++;
      i++;
    } else if (ch === ')') {
      depth = Math.max(0, depth - 1);
      i++;
    } else if (ch === ';' && !triggerBody) {
      finish(i);
      start = ++i;
    } else if (ch === '?') {
      let j = i + 1;
      while (j < sql.length && /[0-9]/.test(sql[j]!)) j++;
      if (j > i + 1) {
        const index = Number(sql.slice(i + 1, j));
        while (params.length < index) params.push(null);
        params[index - 1] = `?${index}`;
      } else {
        params.push(null);
      }
      i = j;
    } else if ((ch === ':' || ch === '@' || ch === '$') && next !== undefined && IDENT_CHAR.test(next)) {
      let j = i + 1;
      while (j < sql.length && IDENT_CHAR.test(sql[j]!)) j++;
      const name = sql.slice(i, j);
      if (!params.includes(name)) params.push(name);
      i = j;
    } else if (IDENT_START.test(ch)) {
      let j = i + 1;
      while (j < sql.length && IDENT_CHAR.test(sql[j]!)) j++;
      const word = sql.slice(i, j).toUpperCase();
      if (depth === 0) {
        words.push(word);
        // CREATE TRIGGER … BEGIN stmt; stmt; END — semicolons inside do not end the statement.
        if (word === 'BEGIN' && words[0] === 'CREATE' && words.includes('TRIGGER')) triggerBody = true;
        else if (triggerBody && word === 'CASE') caseDepth++;
        else if (triggerBody && word === 'END') {
          if (caseDepth > 0) caseDepth--;
          else triggerBody = false;
        }
      }
      i = j;
    } else if (/[0-9]/.test(ch) || (ch === '.' && next !== undefined && /[0-9]/.test(next))) {
      let j = i + 1;
      while (j < sql.length && /[0-9A-Za-z_.]/.test(sql[j]!)) j++;
      if (depth === 0) words.push('0');
      i = j;
    } else {
      i++;
    }
  }
  finish(sql.length);
  return out;
}

// ---- HTTP helpers ----

function isObject(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function authorized(header: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(header ?? ''), digest(`Bearer ${token}`));
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Content types are exact: the client only parses bodies typed exactly application/json or text/plain. */
function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

// ---- CLI: npx tsx scripts/libsql-server.ts --file .data/dev.db --port 8080 [--token X] ----

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      file: { type: 'string', default: '.data/dev.db' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      token: { type: 'string', default: process.env.LIBSQL_AUTH_TOKEN || undefined },
      'idle-ms': { type: 'string', default: '10000' },
    },
  });
  const server = await startLibsqlServer({
    file: values.file,
    port: Number(values.port),
    host: values.host,
    authToken: values.token || undefined,
    streamIdleMs: Number(values['idle-ms']),
    log: (line) => console.log(`[libsql-server] ${line}`),
  });
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
