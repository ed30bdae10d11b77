/**
 * Session cookie handling. The cookie holds a random token; the database only ever sees its
 * SHA-256. This middleware does no I/O: it hashes the token and leaves the lookup to the
 * page's single database batch (see db/queries/portal.ts), so a page view — session check
 * included — costs one round trip.
 */
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { randomToken, sha256Hex } from '../domain/ids';
import { SESSION_ABSOLUTE_MS, SESSION_TOKEN_BYTES } from '../domain/session-policy';

/** Sent as `__Host-pawtal_session`: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain. */
export const SESSION_COOKIE = 'pawtal_session';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const session = createMiddleware<AppEnv>(async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE, 'host');
  // A cookie that is not the shape we issue cannot match anything: skip the hash and the lookup.
  c.set('sessionTokenHash', token && TOKEN_SHAPE.test(token) ? await sha256Hex(token) : null);
  await next();
});

/** A fresh session token and its hash (the hash is what is stored). */
export async function newSessionToken(): Promise<{ token: string; tokenHash: string }> {
  const token = randomToken(SESSION_TOKEN_BYTES);
  return { token, tokenHash: await sha256Hex(token) };
}

export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    prefix: 'host',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { prefix: 'host', secure: true, path: '/' });
}
