/**
 * Webhooks (issue: console part 1, item 4): which endpoint URLs are accepted (HTTPS to a public
 * host only), how a delivery is signed, and when a failed one is tried again. Pure rules.
 *
 * Signature: `Pawtal-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>` with
 * `Pawtal-Timestamp: <unix seconds>`; the key is the endpoint's whole secret (`whsec_…`) as
 * UTF-8, the body the exact bytes sent.
 */
import { randomToken } from './ids';

export const MAX_WEBHOOK_URL = 2000;
/** Failed deliveries are retried until at least this long after the event. */
export const RETRY_FOR_MS = 24 * 60 * 60_000;
export const FIRST_RETRY_MS = 60_000;
export const MAX_RETRY_DELAY_MS = 6 * 60 * 60_000;

export type UrlCheck = { ok: true; url: string } | { ok: false; message: string };

export const URL_MESSAGES = {
  empty: 'Enter the URL that should receive the events.',
  malformed: 'Enter a full URL, such as https://example.com/pawtal/webhook.',
  https: 'The URL must start with https:// — events are only sent over an encrypted connection.',
  credentials: 'Leave user names and passwords out of the URL; use the signature to check that events come from Pawtal.',
  private: 'This URL points at a private, loopback or local address. Use a public host name.',
  long: `Keep the URL to ${MAX_WEBHOOK_URL} characters or fewer.`,
} as const;

function ipv4Private(host: string): boolean {
  const parts = host.split('.').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return false;
  const [a, b] = parts as [number, number, number, number];
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 192 && b === 0 && parts[2] === 0) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

/** The 8 16-bit groups of an IPv6 literal (without brackets), or null. */
function ipv6Groups(host: string): number[] | null {
  let h = host;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  if (v4) {
    const q = v4[1]!.split('.').map(Number);
    h = `${h.slice(0, -v4[1]!.length)}${((q[0]! << 8) | q[1]!).toString(16)}:${((q[2]! << 8) | q[3]!).toString(16)}`;
  }
  const halves = h.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array(Math.max(0, fill)).fill('0'), ...tail].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

function ipv6Private(host: string): boolean {
  const g = ipv6Groups(host);
  if (!g) return true; // an IPv6 literal we cannot read is refused
  const allZeroUntil = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (allZeroUntil(7) && (g[7] === 0 || g[7] === 1)) return true; // :: and ::1
  if (allZeroUntil(5) && g[5] === 0xffff) return ipv4Private(`${g[6]! >> 8}.${g[6]! & 255}.${g[7]! >> 8}.${g[7]! & 255}`); // ::ffff:a.b.c.d
  if (allZeroUntil(6)) return true; // ::a.b.c.d (deprecated IPv4-compatible)
  const first = g[0]!;
  return (first & 0xfe00) === 0xfc00 || (first & 0xffc0) === 0xfe80 || (first & 0xff00) === 0xff00 || (first === 0x64 && g[1] === 0xff9b);
}

/**
 * An endpoint URL owners may add: https, no credentials, and a host that is neither
 * `localhost` (or `*.localhost`) nor an IP literal in a private, loopback, link-local,
 * shared or multicast range. The URL as parsed (normalised) is what is stored.
 */
export function checkWebhookUrl(raw: unknown): UrlCheck {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) return { ok: false, message: URL_MESSAGES.empty };
  if (text.length > MAX_WEBHOOK_URL) return { ok: false, message: URL_MESSAGES.long };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: URL_MESSAGES.malformed };
  }
  if (url.protocol !== 'https:') return { ok: false, message: URL_MESSAGES.https };
  if (url.username || url.password) return { ok: false, message: URL_MESSAGES.credentials };
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!host) return { ok: false, message: URL_MESSAGES.malformed };
  if (host === 'localhost' || host.endsWith('.localhost')) return { ok: false, message: URL_MESSAGES.private };
  if (host.startsWith('[')) {
    if (ipv6Private(host.slice(1, -1))) return { ok: false, message: URL_MESSAGES.private };
  } else if (/^[\d.]+$/.test(host)) {
    // WHATWG URL parsing already turned 2130706433, 0x7f.1 and 127.1 into dotted quads.
    if (ipv4Private(host)) return { ok: false, message: URL_MESSAGES.private };
  } else if (!host.includes('.')) {
    return { ok: false, message: URL_MESSAGES.private };
  }
  return { ok: true, url: url.href };
}

export function newWebhookSecret(): string {
  return `whsec_${randomToken(32)}`;
}

function hex(bytes: ArrayBuffer): string {
  let out = '';
  for (const b of new Uint8Array(bytes)) out += b.toString(16).padStart(2, '0');
  return out;
}

/** The `Pawtal-Signature` value for `body` sent at `timestamp` (unix seconds). */
export async function webhookSignature(secret: string, timestamp: number, body: string): Promise<string> {
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return `v1=${hex(await crypto.subtle.sign('HMAC', key, enc.encode(`${timestamp}.${body}`)))}`;
}

/**
 * When to try a delivery again after its `attempts`-th failure at `now`: 1 min, 2, 4, … doubling
 * up to 6 h apart; null (give up, "failed") once a failure happens 24 h or more after the event
 * — so retries go on for at least 24 hours (about 13 attempts).
 */
export function nextAttemptAt(createdAt: number, attempts: number, now: number): number | null {
  if (now - createdAt >= RETRY_FOR_MS) return null;
  const delay = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
  return now + delay;
}

/** The JSON body of a test event (notification events are built by the database, same shape). */
export function testEventBody(p: { id: string; businessId: string; now: number }): string {
  return JSON.stringify({
    id: p.id,
    type: 'test',
    created_at: new Date(p.now).toISOString(),
    business_id: p.businessId,
    data: { summary: 'A test event from Pawtal. If you can read this, your endpoint works.' },
  });
}
