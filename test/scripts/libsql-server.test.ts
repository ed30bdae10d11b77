/**
 * The local libSQL server (scripts/libsql-server.ts) driven by the real @libsql/client and drizzle,
 * the way the Worker drives Turso. Every test gets its own database file and server.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, LibsqlError, type Client, type Config } from '@libsql/client';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { afterEach, describe, expect, it } from 'vitest';
import { startLibsqlServer, type LibsqlServerOptions } from '../../scripts/libsql-server';
import { applyMigrations } from '../../scripts/migrate';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

/** A server on a fresh database file, and a factory of clients for it. */
async function setup(opts: Partial<LibsqlServerOptions> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'libsql-server-test-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const token = randomBytes(16).toString('hex');
  const logs: string[] = [];
  const server = await startLibsqlServer({
    file: join(dir, 'test.db'),
    authToken: token,
    log: (line) => logs.push(line),
    ...opts,
  });
  cleanups.push(() => server.close());
  const client = (config: Partial<Config> = {}): Client => {
    const c = createClient({ url: server.url, authToken: token, ...config });
    cleanups.push(() => c.close());
    return c;
  };
  /** Sends one raw pipeline request, for protocol details the client hides (body: parsed JSON or text). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const pipeline = async (body: unknown): Promise<{ status: number; type: string | null; body: any }> => {
    const res = await fetch(`${server.url}/v2/pipeline`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const type = res.headers.get('content-type');
    return { status: res.status, type, body: type === 'application/json' ? await res.json() : await res.text() };
  };
  return { server, token, logs, client, pipeline };
}

/** Rejection of `promise`, which must reject. */
async function failure(promise: Promise<unknown>): Promise<LibsqlError & { statementIndex?: number }> {
  const result = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(result).toBeInstanceOf(LibsqlError);
  return result as LibsqlError;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('libSQL server', () => {
  describe('execute', () => {
    it('binds positional and named (:a, @a, $a) arguments and reports rows, columns and counts', async () => {
      const { client } = await setup();
      const db = client();
      await db.execute('CREATE TABLE pets (id INTEGER PRIMARY KEY, name TEXT NOT NULL, weight REAL)');

      const inserted = await db.execute({ sql: 'INSERT INTO pets (name, weight) VALUES (?, ?)', args: ['Rex', 12.5] });
      expect(inserted.rowsAffected).toBe(1);
      expect(inserted.lastInsertRowid).toBe(1n);
      expect(inserted.rows).toEqual([]);

      await db.execute({ sql: 'INSERT INTO pets (name, weight) VALUES (:name, :weight)', args: { name: 'Mia', weight: 4 } });
      await db.execute({ sql: 'INSERT INTO pets (name, weight) VALUES (@name, @weight)', args: { '@name': 'Bo', '@weight': 7 } });
      await db.execute({ sql: 'INSERT INTO pets (name) VALUES ($name)', args: { $name: 'Ace' } });
      await db.execute({ sql: 'INSERT INTO pets (name) VALUES (?2), (?1)', args: ['second', 'first'] });

      const rs = await db.execute({ sql: 'SELECT id, name, weight, ? AS tag FROM pets WHERE id > ? ORDER BY id', args: ['x', 1] });
      expect(rs.columns).toEqual(['id', 'name', 'weight', 'tag']);
      expect(rs.columnTypes).toEqual(['INTEGER', 'TEXT', 'REAL', '']);
      expect(rs.rows.map((r) => [r.name, r.weight, r.tag])).toEqual([
        ['Mia', 4, 'x'],
        ['Bo', 7, 'x'],
        ['Ace', null, 'x'],
        ['first', null, 'x'],
        ['second', null, 'x'],
      ]);
      expect(rs.rowsAffected).toBe(0);
      expect(rs.lastInsertRowid).toBeUndefined();

      const updated = await db.execute({ sql: 'UPDATE pets SET weight = weight + 1 WHERE weight IS NOT NULL', args: [] });
      expect(updated.rowsAffected).toBe(3);
      expect(updated.lastInsertRowid).toBeUndefined();

      const returning = await db.execute({ sql: 'DELETE FROM pets WHERE name = ? RETURNING name', args: ['Rex'] });
      expect(returning.rows.map((r) => r.name)).toEqual(['Rex']);
      expect(returning.rowsAffected).toBe(1);
    });

    it('rejects arguments that do not match the parameters, and several statements at once', async () => {
      const { client } = await setup();
      const db = client();
      expect((await failure(db.execute({ sql: 'SELECT ?, ?', args: [1] }))).code).toBe('ARGS_INVALID');
      expect((await failure(db.execute({ sql: 'SELECT ?', args: [1, 2] }))).code).toBe('ARGS_INVALID');
      expect((await failure(db.execute({ sql: 'SELECT :a', args: { b: 1 } }))).code).toBe('ARGS_INVALID');
      expect((await failure(db.execute('SELECT 1; SELECT 2'))).code).toBe('SQL_MANY_STATEMENTS');
      expect((await failure(db.execute('  -- nothing'))).code).toBe('SQL_NO_STATEMENT');
      // Semicolons inside strings, comments and a trigger body do not split a statement.
      await db.execute('CREATE TABLE log (msg TEXT); -- trailing comment; still one');
      await db.execute(`CREATE TABLE t (x INTEGER);`);
      await db.execute(`CREATE TRIGGER t_log AFTER INSERT ON t BEGIN
        INSERT INTO log VALUES ('a;b' || CASE WHEN new.x > 0 THEN 'pos' ELSE 'neg' END);
        INSERT INTO "log" ("msg") VALUES (new.x); -- a comment; inside the body
      END`);
      await db.execute({ sql: 'INSERT INTO t VALUES (?)', args: [5] });
      expect((await db.execute('SELECT msg FROM log')).rows.map((r) => r.msg)).toEqual(['a;bpos', '5']);
    });
  });

  describe('batch', () => {
    it('runs a write batch atomically and returns one result per statement', async () => {
      const { client } = await setup();
      const db = client();
      const results = await db.batch(
        [
          'CREATE TABLE owners (id INTEGER PRIMARY KEY, name TEXT UNIQUE)',
          { sql: 'INSERT INTO owners (name) VALUES (?)', args: ['Ana'] },
          { sql: 'INSERT INTO owners (name) VALUES (:n)', args: { n: 'Ben' } },
          'SELECT name FROM owners ORDER BY id',
        ],
        'write',
      );
      expect(results).toHaveLength(4);
      expect(results[1]!.lastInsertRowid).toBe(1n);
      expect(results[2]!.lastInsertRowid).toBe(2n);
      expect(results[3]!.rows.map((r) => r.name)).toEqual(['Ana', 'Ben']);
    });

    it('rolls the whole batch back when one statement violates a constraint', async () => {
      const { client } = await setup();
      const db = client();
      await db.execute('CREATE TABLE owners (id INTEGER PRIMARY KEY, name TEXT UNIQUE)');
      await db.execute("INSERT INTO owners (name) VALUES ('Ana')");
      const error = await failure(
        db.batch(
          [
            "INSERT INTO owners (name) VALUES ('Ben')",
            "INSERT INTO owners (name) VALUES ('Cleo')",
            "INSERT INTO owners (name) VALUES ('Ana')",
            "INSERT INTO owners (name) VALUES ('Dan')",
          ],
          'write',
        ),
      );
      expect(error.code).toBe('SQLITE_CONSTRAINT');
      expect(error.statementIndex).toBe(2);
      expect(error.message).toContain('UNIQUE constraint failed: owners.name');
      const names = await db.execute('SELECT name FROM owners ORDER BY id');
      expect(names.rows.map((r) => r.name)).toEqual(['Ana']);
      // The stream was closed cleanly: nothing holds the write lock.
      await db.execute("INSERT INTO owners (name) VALUES ('Eve')");
    });

    it('evaluates batch conditions (ok, error, not, and, or, is_autocommit) like sqld', async () => {
      const { pipeline } = await setup();
      const stmt = (sqlText: string) => ({ sql: sqlText, args: [], named_args: [], want_rows: true });
      const { status, body } = await pipeline({
        baton: null,
        requests: [
          {
            type: 'batch',
            batch: {
              steps: [
                { stmt: stmt('SELECT 1') },
                { stmt: stmt('SELECT * FROM missing') },
                { condition: { type: 'ok', step: 0 }, stmt: stmt('SELECT 2') },
                { condition: { type: 'error', step: 1 }, stmt: stmt('SELECT 3') },
                { condition: { type: 'not', cond: { type: 'ok', step: 0 } }, stmt: stmt('SELECT 4') },
                {
                  condition: {
                    type: 'and',
                    conds: [
                      { type: 'ok', step: 0 },
                      { type: 'ok', step: 1 },
                    ],
                  },
                  stmt: stmt('SELECT 5'),
                },
                {
                  condition: {
                    type: 'or',
                    conds: [
                      { type: 'ok', step: 1 },
                      { type: 'ok', step: 2 },
                    ],
                  },
                  stmt: stmt('SELECT 6'),
                },
                { condition: { type: 'is_autocommit' }, stmt: stmt('SELECT 7') },
              ],
            },
          },
          { type: 'close' },
        ],
      });
      expect(status).toBe(200);
      expect(body.baton).toBeNull();
      const result = body.results[0].response.result;
      const ran = result.step_results.map((r: { rows: { value: string }[][] } | null) => (r ? r.rows[0]![0]!.value : null));
      expect(ran).toEqual(['1', null, '2', '3', null, null, '6', '7']);
      expect(result.step_errors[1]).toEqual({ message: 'SQL input error: no such table: missing', code: 'SQL_INPUT_ERROR' });
      expect(result.step_errors.filter((e: unknown) => e !== null)).toHaveLength(1);
    });
  });

  describe('executeMultiple (sequence)', () => {
    it('runs a script and stops at the first failing statement', async () => {
      const { client } = await setup();
      const db = client();
      await db.executeMultiple(`
        CREATE TABLE a (x INTEGER); -- a comment; with a semicolon
        INSERT INTO a VALUES (1);
        INSERT INTO a VALUES ('two;2');
      `);
      expect((await db.execute('SELECT count(*) AS n FROM a')).rows[0]!.n).toBe(2);
      const error = await failure(db.executeMultiple('INSERT INTO a VALUES (3); INSERT INTO nope VALUES (1); INSERT INTO a VALUES (4);'));
      expect(error.code).toBe('SQL_INPUT_ERROR');
      expect((await db.execute('SELECT x FROM a ORDER BY rowid')).rows.map((r) => r.x)).toEqual([1, 'two;2', 3]);
    });
  });

  describe('interactive transactions', () => {
    it('commits and rolls back over several round trips', async () => {
      const { client } = await setup();
      const db = client();
      await db.execute('CREATE TABLE t (x INTEGER)');

      const tx = await db.transaction('write');
      await tx.execute('INSERT INTO t VALUES (1)');
      expect((await tx.execute('SELECT count(*) AS n FROM t')).rows[0]!.n).toBe(1);
      await tx.batch(['INSERT INTO t VALUES (2)', 'INSERT INTO t VALUES (3)']);
      await tx.commit();

      const rolled = await db.transaction('write');
      await rolled.execute('INSERT INTO t VALUES (4)');
      await rolled.rollback();

      const deferred = await db.transaction('deferred');
      expect((await deferred.execute('SELECT count(*) AS n FROM t')).rows[0]!.n).toBe(3);
      await deferred.commit();

      expect((await db.execute('SELECT x FROM t ORDER BY x')).rows.map((r) => r.x)).toEqual([1, 2, 3]);
      // 'read' batches send libSQL's BEGIN TRANSACTION READONLY.
      expect((await db.batch(['SELECT count(*) AS n FROM t'], 'read'))[0]!.rows[0]!.n).toBe(3);
    });

    it('supports savepoints through nested drizzle transactions', async () => {
      const { client } = await setup();
      const db = drizzle(client());
      await db.run(sql`CREATE TABLE t (x INTEGER)`);
      await db.transaction(async (tx) => {
        await tx.run(sql`INSERT INTO t VALUES (1)`);
        await tx
          .transaction(async (inner) => {
            await inner.run(sql`INSERT INTO t VALUES (2)`);
            inner.rollback();
          })
          .catch(() => undefined);
        await tx.transaction(async (inner) => {
          await inner.run(sql`INSERT INTO t VALUES (3)`);
        });
      });
      await expect(
        db.transaction(async (tx) => {
          await tx.run(sql`INSERT INTO t VALUES (4)`);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await db.all(sql`SELECT x FROM t ORDER BY x`)).toEqual([{ x: 1 }, { x: 3 }]);
    });

    it('serialises two concurrent transactions from two clients without stalling', async () => {
      const { client } = await setup();
      const setupDb = client();
      await setupDb.batch(['CREATE TABLE counter (n INTEGER NOT NULL)', 'INSERT INTO counter VALUES (0)'], 'write');

      // Read-modify-write: without serialisation one increment is lost or SQLITE_BUSY surfaces.
      const increment = async (db: Client) => {
        const tx = await db.transaction('write');
        const n = Number((await tx.execute('SELECT n FROM counter')).rows[0]!.n);
        await sleep(50); // hold the lock across a pause, like a slow handler
        await tx.execute({ sql: 'UPDATE counter SET n = ?', args: [n + 1] });
        await tx.commit();
      };
      const started = Date.now();
      await Promise.all([increment(client()), increment(client()), increment(client())]);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await setupDb.execute('SELECT n FROM counter')).rows[0]!.n).toBe(3);
    });

    it('lets many concurrent batch writers through, also while a transaction is open', async () => {
      const { client } = await setup();
      const db = client();
      await db.batch(['CREATE TABLE counter (n INTEGER NOT NULL)', 'INSERT INTO counter VALUES (0)', 'CREATE TABLE log (who TEXT)'], 'write');

      const tx = await client().transaction('write');
      await tx.execute('UPDATE counter SET n = n + 100');
      const writers = Array.from({ length: 25 }, (_, i) =>
        client().batch(['UPDATE counter SET n = n + 1', { sql: 'INSERT INTO log VALUES (?)', args: [`w${i}`] }], 'write'),
      );
      await sleep(100);
      await tx.commit();
      await Promise.all(writers);
      expect((await db.execute('SELECT n FROM counter')).rows[0]!.n).toBe(125);
      expect((await db.execute('SELECT count(*) AS c FROM log')).rows[0]!.c).toBe(25);
    });

    it('expires an idle stream, rolls its transaction back and frees the lock', async () => {
      const { client, logs } = await setup({ streamIdleMs: 300 });
      const db = client();
      await db.execute('CREATE TABLE t (x INTEGER)');

      const tx = await client().transaction('write');
      await tx.execute('INSERT INTO t VALUES (1)');
      // Another writer waits for the lock and gets it once the idle transaction expires.
      const waiting = client()
        .execute('INSERT INTO t VALUES (2)')
        .then(
          () => 'inserted',
          (e: unknown) => e,
        );
      await sleep(700);
      expect(await waiting).toBe('inserted');

      const error = await failure(tx.execute('INSERT INTO t VALUES (3)'));
      expect(error.code).toBe('STREAM_EXPIRED');
      expect(error.message).toContain('expired');
      expect((await db.execute('SELECT x FROM t')).rows.map((r) => r.x)).toEqual([2]);
      expect(logs.some((l) => l.includes('rolled back'))).toBe(true);
    });
  });

  describe('errors', () => {
    it('surfaces SQLite error codes on LibsqlError.code as sqld reports them', async () => {
      const { client } = await setup();
      const db = client();
      await db.batch(
        [
          "CREATE TABLE owners (id TEXT PRIMARY KEY, email TEXT UNIQUE, kind TEXT NOT NULL CHECK (kind IN ('a', 'b')))",
          'CREATE TABLE pets (id TEXT PRIMARY KEY, owner_id TEXT NOT NULL REFERENCES owners (id))',
          "INSERT INTO owners VALUES ('o1', 'a@x', 'a')",
        ],
        'write',
      );
      const unique = await failure(db.execute("INSERT INTO owners VALUES ('o2', 'a@x', 'a')"));
      expect(unique.code).toBe('SQLITE_CONSTRAINT');
      expect(unique.message).toBe('SQLITE_CONSTRAINT: SQLite error: UNIQUE constraint failed: owners.email');
      expect((await failure(db.execute("INSERT INTO owners VALUES ('o3', 'b@x', 'z')"))).message).toContain('CHECK constraint failed');
      expect((await failure(db.execute("INSERT INTO owners VALUES ('o4', 'c@x', NULL)"))).code).toBe('SQLITE_CONSTRAINT');
      // Foreign keys are enforced, as on Turso.
      const fk = await failure(db.execute("INSERT INTO pets VALUES ('p1', 'nobody')"));
      expect(fk.code).toBe('SQLITE_CONSTRAINT');
      expect(fk.message).toContain('FOREIGN KEY constraint failed');
      const input = await failure(db.execute('SELECT nope FROM owners'));
      expect(input.code).toBe('SQL_INPUT_ERROR');
      expect(input.message).toContain('no such column: nope');
      // A runtime SQLITE_ERROR is reported as SQLITE_UNKNOWN, like sqld does.
      expect((await failure(db.execute('COMMIT'))).code).toBe('SQLITE_UNKNOWN');
    });

    it('answers protocol errors with HTTP 400 and an expired baton with HTTP 500 STREAM_EXPIRED', async () => {
      const { server, pipeline } = await setup({ streamIdleMs: 200 });
      expect((await fetch(`${server.url}/v2`)).status).toBe(200);
      expect((await fetch(`${server.url}/health`)).status).toBe(200);

      const bad = await pipeline({ baton: 'forged', requests: [{ type: 'execute', stmt: { sql: 'SELECT 1' } }] });
      expect(bad).toMatchObject({ status: 400, type: 'text/plain', body: 'Received an invalid baton' });

      const first = await pipeline({ baton: null, requests: [{ type: 'store_sql', sql_id: 1, sql: 'SELECT ?' }] });
      expect(first.status).toBe(200);
      const baton = first.body.baton as string;
      const second = await pipeline({
        baton,
        requests: [
          { type: 'execute', stmt: { sql_id: 1, args: [{ type: 'integer', value: '7' }] } },
          { type: 'describe', sql: 'SELECT :a AS a, ?3' },
          { type: 'get_autocommit' },
          { type: 'close_sql', sql_id: 1 },
        ],
      });
      expect(second.status).toBe(200);
      expect(second.body.baton).not.toBe(baton);
      expect(second.body.results[0].response.result.rows).toEqual([[{ type: 'integer', value: '7' }]]);
      expect(second.body.results[1].response.result).toMatchObject({
        params: [{ name: ':a' }, { name: null }, { name: '?3' }],
        cols: [
          { name: 'a', decltype: null },
          { name: '?3', decltype: null },
        ],
        is_explain: false,
        is_readonly: true,
      });
      expect(second.body.results[2].response).toEqual({ type: 'get_autocommit', is_autocommit: true });

      const reused = await pipeline({ baton, requests: [] });
      expect(reused.status).toBe(400);
      const unknownSql = await pipeline({ baton: second.body.baton, requests: [{ type: 'execute', stmt: { sql_id: 1 } }] });
      expect(unknownSql).toMatchObject({ status: 400, body: 'SQL text 1 not found' });

      const idle = await pipeline({ baton: null, requests: [{ type: 'execute', stmt: { sql: 'BEGIN' } }] });
      await sleep(500);
      const expired = await pipeline({ baton: idle.body.baton, requests: [{ type: 'execute', stmt: { sql: 'COMMIT' } }] });
      expect(expired).toEqual({
        status: 500,
        type: 'application/json',
        body: { message: 'The stream has expired due to inactivity', code: 'STREAM_EXPIRED' },
      });
    });

    it('requires the bearer token', async () => {
      const { client, server } = await setup();
      expect((await client().execute('SELECT 1 AS one')).rows[0]!.one).toBe(1);
      const wrong = await failure(client({ authToken: 'wrong' }).execute('SELECT 1'));
      expect(wrong.code).toBe('SERVER_ERROR');
      expect(wrong.message).toContain('401');
      const anonymous = createClient({ url: server.url });
      cleanups.push(() => anonymous.close());
      expect((await failure(anonymous.execute('SELECT 1'))).message).toContain('401');
    });
  });

  describe('values', () => {
    it('round-trips blobs given as Uint8Array or ArrayBuffer', async () => {
      const { client } = await setup();
      const db = client();
      await db.execute('CREATE TABLE files (id INTEGER PRIMARY KEY, data BLOB)');
      const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256);
      await db.execute({ sql: 'INSERT INTO files (data) VALUES (?), (?), (?)', args: [bytes, bytes.buffer.slice(0, 3), new Uint8Array()] });
      const rows = (await db.execute('SELECT data, typeof(data) AS t FROM files ORDER BY id')).rows;
      expect(rows.map((r) => r.t)).toEqual(['blob', 'blob', 'blob']);
      expect(rows[0]!.data).toBeInstanceOf(ArrayBuffer);
      expect(new Uint8Array(rows[0]!.data as ArrayBuffer)).toEqual(bytes);
      expect(new Uint8Array(rows[1]!.data as ArrayBuffer)).toEqual(bytes.slice(0, 3));
      expect((rows[2]!.data as ArrayBuffer).byteLength).toBe(0);
    });

    it('round-trips 64-bit integers exactly and keeps floats as floats', async () => {
      const { client } = await setup();
      const db = client({ intMode: 'bigint' });
      await db.execute('CREATE TABLE n (i INTEGER, r REAL, any_)');
      const big = 9007199254740993n;
      await db.execute({ sql: 'INSERT INTO n VALUES (?, ?, ?)', args: [big, 1.5, 2.0] });
      await db.execute({ sql: 'INSERT INTO n VALUES (?, ?, ?)', args: [9223372036854775807n, 0.1, true] });
      await db.execute({ sql: 'INSERT INTO n VALUES (?, ?, ?)', args: [-9223372036854775808n, -2.5, 3n] });
      const rows = (await db.execute('SELECT i, i + 0 AS same, r, any_, typeof(any_) AS t FROM n ORDER BY rowid')).rows;
      expect(rows.map((r) => [r.i, r.same, r.r, r.any_, r.t])).toEqual([
        [big, big, 1.5, 2, 'real'], // a JS number is sent as a float, even when integral
        [9223372036854775807n, 9223372036854775807n, 0.1, 1n, 'integer'], // booleans become integers
        [-9223372036854775808n, -9223372036854775808n, -2.5, 3n, 'integer'],
      ]);
      const asNumbers = client();
      await expect(asNumbers.execute('SELECT i FROM n')).rejects.toThrow(RangeError);
      const asStrings = client({ intMode: 'string' });
      expect((await asStrings.execute({ sql: 'SELECT i FROM n WHERE i = ?', args: [big] })).rows[0]!.i).toBe('9007199254740993');
    });
  });

  describe('drizzle', () => {
    const owners = sqliteTable('owners', {
      id: integer('id').primaryKey(),
      name: text('name').notNull().unique(),
      active: integer('active', { mode: 'boolean' }).notNull().default(true),
      joinedAt: integer('joined_at', { mode: 'timestamp_ms' }),
    });

    it('queries, batches and maps types through drizzle-orm/libsql', async () => {
      const { client } = await setup();
      const db = drizzle(client());
      await db.run(sql`CREATE TABLE owners (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, active INTEGER NOT NULL DEFAULT 1, joined_at INTEGER)`);
      const when = new Date('2026-11-23T10:00:00.000Z');
      const [inserted, all] = await db.batch([db.insert(owners).values({ name: 'Ana', joinedAt: when }).returning(), db.select().from(owners)]);
      expect(inserted).toEqual([{ id: 1, name: 'Ana', active: true, joinedAt: when }]);
      expect(all).toHaveLength(1);
      await expect(db.insert(owners).values({ name: 'Ana' })).rejects.toThrow();
      expect(await db.select({ name: owners.name }).from(owners)).toEqual([{ name: 'Ana' }]);
    });

    it('migrate() applies ./migrations to a fresh database, once', async () => {
      const { client, server, token } = await setup();
      await applyMigrations(server.url, token);
      await migrate(drizzle(client()), { migrationsFolder: './migrations' }); // again: nothing to do
      const db = client();
      const tables = (await db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")).rows.map((r) => r.name);
      expect(tables).toEqual(expect.arrayContaining(['__drizzle_migrations', 'businesses', 'clients', 'pets', 'appointments']));
      const journal = JSON.parse(await readFile('./migrations/meta/_journal.json', 'utf8')) as { entries: unknown[] };
      expect((await db.execute('SELECT count(*) AS n FROM __drizzle_migrations')).rows[0]!.n).toBe(journal.entries.length);
      expect((await db.execute('PRAGMA foreign_keys')).rows[0]!.foreign_keys).toBe(1);
    });
  });
});
