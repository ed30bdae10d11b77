/** The Hono environment type shared by the app, its middleware and route sub-apps. */
import type { Db, DbStats } from './db/client';
import type { Env } from './env';

export interface AppVariables {
  requestId: string;
  db: Db;
  dbStats: DbStats;
  /** SHA-256 of the session cookie's token, or null when the request carries none. */
  sessionTokenHash: string | null;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}
