/**
 * The client's address as the request states it. Only Cloudflare sets `CF-Connecting-IP`, but
 * outside Cloudflare (development, a misrouted request) it is whatever the sender wrote, and it
 * is stored (the signature audit trail) and used to name rate-limit objects. So a value is
 * believed only when it is a well-formed IPv4 or IPv6 address; anything else is "unknown"
 * (issue 16: `6.6.6.6<script>` was stored). Pure; routes read it through middleware/client-ip.ts.
 */

/** Recorded when the header is missing or is not an address. */
export const UNKNOWN_IP = 'unknown';

const IPV4 = /^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * The 8 hextets of an IPv6 address (lowercase, no leading zeros), or null if it is not one.
 * An embedded IPv4 tail (`::ffff:203.0.113.7`) is read as its two hextets.
 */
export function expandIpv6(addr: string): string[] | null {
  let text = addr;
  const v4 = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(addr);
  if (v4) {
    if (!IPV4.test(v4[2]!)) return null;
    const [a, b, c, d] = v4[2]!.split('.').map(Number) as [number, number, number, number];
    text = `${v4[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  if (!/^[0-9a-f:]+$/.test(text) || (text.match(/::/g) ?? []).length > 1) return null;
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const all = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return all.map((g) => g.replace(/^0+(?=.)/, ''));
}

/**
 * The address in a `CF-Connecting-IP` header, trimmed and lower-cased, or "unknown" when the
 * header is missing or is not exactly one IPv4 or IPv6 address (no zone, list, port or markup).
 */
export function clientIpFrom(header: string | null | undefined): string {
  const raw = (header ?? '').trim().toLowerCase();
  if (raw.length > 45) return UNKNOWN_IP;
  if (IPV4.test(raw)) return raw;
  return raw.includes(':') && expandIpv6(raw) ? raw : UNKNOWN_IP;
}
