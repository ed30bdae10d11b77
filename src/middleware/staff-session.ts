/**
 * The business console's session cookie, `__Host-pawtal_staff` (Secure, HttpOnly,
 * SameSite=Lax, Path=/): its own name, so a parent's session never opens the console and a
 * staff session never opens the portal. Like the parents' cookie, only the token's SHA-256 is
 * stored and looked up, inside each console page's one batch (db/queries/console.ts).
 */
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { sha256Hex } from '../domain/ids';
import { SESSION_ABSOLUTE_MS } from '../domain/session-policy';

export const STAFF_SESSION_COOKIE = 'pawtal_staff';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** SHA-256 of the staff cookie's token, or null when there is none (or not one we issue). */
export async function staffTokenHash(c: Context): Promise<string | null> {
  const token = getCookie(c, STAFF_SESSION_COOKIE, 'host');
  return token && TOKEN_SHAPE.test(token) ? sha256Hex(token) : null;
}

export function setStaffSessionCookie(c: Context, token: string): void {
  setCookie(c, STAFF_SESSION_COOKIE, token, {
    prefix: 'host',
    secure: true,
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    maxAge: Math.floor(SESSION_ABSOLUTE_MS / 1000),
  });
}

export function clearStaffSessionCookie(c: Context): void {
  deleteCookie(c, STAFF_SESSION_COOKIE, { prefix: 'host', secure: true, path: '/' });
}
