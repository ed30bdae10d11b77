/**
 * Drives the real Worker (its default export, in this workerd) the way a browser would:
 * same-origin form posts, cookies carried by hand, redirects not followed so tests can
 * assert them.
 */
import { exports } from 'cloudflare:workers';

export const ORIGIN = 'https://pawtal.test';

export interface RequestOptions {
  cookie?: string;
  headers?: Record<string, string>;
}

export function get(path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.cookie) headers.cookie = opts.cookie;
  return exports.default.fetch(new Request(ORIGIN + path, { headers, redirect: 'manual' }));
}

/** A partial htmx request, as htmx 4 sends for a targeted swap. */
export function getPartial(path: string, opts: RequestOptions = {}): Promise<Response> {
  return get(path, { ...opts, headers: { 'HX-Request': 'true', 'HX-Request-Type': 'partial', ...opts.headers } });
}

export function postForm(path: string, fields: Record<string, string> | [string, string][], opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    origin: ORIGIN,
    'sec-fetch-site': 'same-origin',
    ...opts.headers,
  };
  if (opts.cookie) headers.cookie = opts.cookie;
  return exports.default.fetch(new Request(ORIGIN + path, { method: 'POST', headers, body: new URLSearchParams(fields).toString(), redirect: 'manual' }));
}

/** A same-origin multipart form post (a form with a file), as a browser sends it. */
export function postMultipart(path: string, body: FormData, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { origin: ORIGIN, 'sec-fetch-site': 'same-origin', ...opts.headers };
  if (opts.cookie) headers.cookie = opts.cookie;
  return exports.default.fetch(new Request(ORIGIN + path, { method: 'POST', headers, body, redirect: 'manual' }));
}

/** The Set-Cookie headers of a response, by cookie name (value and raw attributes). */
export function setCookies(res: Response): Map<string, { value: string; raw: string }> {
  const out = new Map<string, { value: string; raw: string }>();
  for (const raw of res.headers.getSetCookie()) {
    const [pair] = raw.split(';');
    const eq = pair!.indexOf('=');
    out.set(pair!.slice(0, eq).trim(), { value: pair!.slice(eq + 1), raw });
  }
  return out;
}

/** Merges a response's cookies into a Cookie header (dropping cleared ones). */
export function carryCookies(previous: string | undefined, res: Response): string {
  const jar = new Map<string, string>();
  for (const part of (previous ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  for (const [name, { value, raw }] of setCookies(res)) {
    if (/max-age=0/i.test(raw) || value === '') jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}
