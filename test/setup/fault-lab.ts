/**
 * The fault lab, started in Node by the workers project's global setup: a second local libSQL
 * server (scripts/libsql-server.ts) on its own migrated database file, and a small control
 * server through which a test inside workerd stops, starts, pauses and resumes it. It has its
 * own file so that breaking it never touches the database every other test file shares.
 *
 * Control: `POST <labUrl>/stop | /start | /pause | /resume` → 204. Stopping closes the server
 * (connections refused); starting opens it again on the same port and file, data intact.
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import { startLibsqlServer, type LibsqlServer } from '../../scripts/libsql-server';
import { applyMigrations } from '../../scripts/migrate';

/** Idle time after which the lab's streams expire: short, so a test can watch one expire. */
export const FAULT_LAB_STREAM_IDLE_MS = 1500;

export interface FaultLab {
  /** The lab database's URL (no token). */
  dbUrl: string;
  /** Base URL of the control server. */
  labUrl: string;
  close(): Promise<void>;
}

export async function startFaultLab(dir: string): Promise<FaultLab> {
  const file = join(dir, 'fault-lab.db');
  const start = (port: number) => startLibsqlServer({ file, port, streamIdleMs: FAULT_LAB_STREAM_IDLE_MS });
  let db: LibsqlServer | null = await start(0);
  const port = db.port;
  await applyMigrations(db.url);
  const dbUrl = db.url;

  const actions: Record<string, () => Promise<void> | void> = {
    '/stop': async () => {
      await db?.close();
      db = null;
    },
    '/start': async () => {
      db ??= await start(port);
    },
    '/pause': () => db?.pause(),
    '/resume': () => db?.resume(),
  };
  const control = createServer((req, res) => {
    const action = req.method === 'POST' ? actions[req.url ?? ''] : undefined;
    if (!action) {
      res.writeHead(404).end();
      return;
    }
    Promise.resolve(action()).then(
      () => res.writeHead(204).end(),
      (error: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error)),
    );
  });
  await new Promise<void>((ok) => control.listen(0, '127.0.0.1', ok));
  const address = control.address();
  if (!address || typeof address === 'string') throw new Error('fault lab: no TCP address');
  return {
    dbUrl,
    labUrl: `http://127.0.0.1:${address.port}`,
    async close() {
      await new Promise<void>((ok) => {
        control.close(() => ok());
        control.closeAllConnections();
      });
      await db?.close();
    },
  };
}
