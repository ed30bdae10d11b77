/**
 * The host named in what Pawtal sends — invitation and appointment links, the WebOTP line of a
 * sign-in text (`@host #123456`) — comes from configuration (PUBLIC_HOST), never from the
 * request: the Host header is the client's to write, and an empty PUBLIC_HOST once put
 * `@evil.example` into real texts (issue 16). Only development and tests, which run on
 * whatever host and port they are given, fall back to the request's host. Elsewhere a missing
 * PUBLIC_HOST stops the send with an error that names the setting (callers log it).
 */
import type { Env } from '../env';

/** PUBLIC_HOST is needed (outside development and tests) and not set. */
export class PublicHostMissing extends Error {
  override readonly name = 'PublicHostMissing';
}

/** APP_ENV values that may build links from the request's own host. */
const REQUEST_HOST_ALLOWED = new Set(['development', 'test']);

/**
 * The host for links and the WebOTP line: PUBLIC_HOST, or — in development and tests only —
 * the host (with port) of `requestUrl`.
 * @throws {PublicHostMissing} outside development and tests when PUBLIC_HOST is empty
 */
export function publicHost(env: Pick<Env, 'APP_ENV' | 'PUBLIC_HOST'>, requestUrl: string): string {
  const configured = env.PUBLIC_HOST?.trim();
  if (configured) return configured;
  if (REQUEST_HOST_ALLOWED.has(env.APP_ENV)) return new URL(requestUrl).host;
  throw new PublicHostMissing(
    `PUBLIC_HOST is not set: outside development (APP_ENV ${JSON.stringify(env.APP_ENV)}) links and the WebOTP line are never built from the request's Host header, so nothing is sent. Set PUBLIC_HOST in wrangler.toml [vars].`,
  );
}

/**
 * The origin links start with: `https://` + PUBLIC_HOST, or — in development and tests only —
 * the request's own origin, scheme included (so a link texted by `npm run dev` opens
 * http://localhost:8787, not https://localhost…).
 * @throws {PublicHostMissing} as publicHost
 */
export function publicOrigin(env: Pick<Env, 'APP_ENV' | 'PUBLIC_HOST'>, requestUrl: string): string {
  const configured = env.PUBLIC_HOST?.trim();
  if (configured) return `https://${configured.toLowerCase()}`;
  if (REQUEST_HOST_ALLOWED.has(env.APP_ENV)) return new URL(requestUrl).origin;
  return `https://${publicHost(env, requestUrl)}`;
}
