/**
 * The one place a request's client address is read (issue 16): the per-IP limits (code sends,
 * password attempts) and the signature audit trail use it. Only `CF-Connecting-IP`, which
 * Cloudflare sets, and only when it holds a real IPv4/IPv6 address (domain/ip-address.ts);
 * otherwise "unknown" — never another header a client could write (`X-Real-IP` was read once).
 */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { clientIpFrom } from '../domain/ip-address';

/** The client's IP address, or "unknown". */
export function clientIp(c: Context<AppEnv>): string {
  return clientIpFrom(c.req.header('cf-connecting-ip'));
}
