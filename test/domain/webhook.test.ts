/**
 * Webhook rules: the URLs refused (not HTTPS, localhost, private / loopback / link-local IP
 * literals in their many spellings), the signature checked with an independent HMAC (node's
 * crypto, not the code under test), and the retry schedule (backoff, at least 24 hours).
 */
import { describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { URL_MESSAGES, checkWebhookUrl, nextAttemptAt, webhookSignature } from '../../src/domain/webhook';

describe('checkWebhookUrl', () => {
  it.each([
    ['http://example.com/hook', URL_MESSAGES.https],
    ['ftp://example.com/hook', URL_MESSAGES.https],
    ['example.com/hook', URL_MESSAGES.malformed],
    ['', URL_MESSAGES.empty],
    ['https://user:pw@example.com/hook', URL_MESSAGES.credentials],
    ['https://localhost/hook', URL_MESSAGES.private],
    ['https://api.localhost/hook', URL_MESSAGES.private],
    ['https://127.0.0.1/hook', URL_MESSAGES.private],
    ['https://127.1/hook', URL_MESSAGES.private],
    ['https://2130706433/hook', URL_MESSAGES.private],
    ['https://0x7f000001/hook', URL_MESSAGES.private],
    ['https://10.1.2.3/hook', URL_MESSAGES.private],
    ['https://172.16.0.1/hook', URL_MESSAGES.private],
    ['https://172.31.255.255/hook', URL_MESSAGES.private],
    ['https://192.168.1.10:8443/hook', URL_MESSAGES.private],
    ['https://169.254.169.254/latest/meta-data', URL_MESSAGES.private],
    ['https://100.64.0.1/hook', URL_MESSAGES.private],
    ['https://0.0.0.0/hook', URL_MESSAGES.private],
    ['https://[::1]/hook', URL_MESSAGES.private],
    ['https://[::]/hook', URL_MESSAGES.private],
    ['https://[fe80::1]/hook', URL_MESSAGES.private],
    ['https://[fd00::1]/hook', URL_MESSAGES.private],
    ['https://[::ffff:127.0.0.1]/hook', URL_MESSAGES.private],
    ['https://[::ffff:10.0.0.1]/hook', URL_MESSAGES.private],
    ['https://intranet/hook', URL_MESSAGES.private],
  ])('refuses %s', (url, message) => {
    expect(checkWebhookUrl(url)).toEqual({ ok: false, message });
  });

  it.each([
    'https://example.com/pawtal',
    'https://hooks.example.org:8443/x?y=1',
    'https://8.8.8.8/hook',
    'https://172.32.0.1/hook',
    'https://[2606:4700::1111]/hook',
    'https://[::ffff:8.8.8.8]/x',
  ])('accepts %s', (url) => {
    expect(checkWebhookUrl(url)).toMatchObject({ ok: true });
  });
});

describe('webhookSignature', () => {
  it('is v1= the hex HMAC-SHA256 of "timestamp.body" with the secret, as an independent HMAC computes it', async () => {
    const secret = 'whsec_test-secret-0123456789';
    const body = JSON.stringify({ id: 'ntf_1', type: 'new_request', data: { summary: 'Jo Booker asked for a groom — Rex 🐶' } });
    const ts = 1_764_700_000;
    const expected = createHmac('sha256', secret).update(`${ts}.${body}`, 'utf8').digest('hex');
    expect(await webhookSignature(secret, ts, body)).toBe(`v1=${expected}`);
    expect(await webhookSignature(secret, ts + 1, body)).not.toBe(`v1=${expected}`);
    expect(await webhookSignature(`${secret}x`, ts, body)).not.toBe(`v1=${expected}`);
  });
});

describe('nextAttemptAt', () => {
  it('backs off 1, 2, 4 … minutes up to 6 hours, and keeps trying for at least 24 hours', () => {
    const created = Date.UTC(2026, 11, 1, 12, 0, 0);
    let now = created;
    const delays: number[] = [];
    let attempts = 0;
    for (;;) {
      attempts += 1; // the attempt at `now` fails
      const next = nextAttemptAt(created, attempts, now);
      if (next === null) break;
      delays.push((next - now) / 60_000);
      now = next;
    }
    expect(delays.slice(0, 10)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 360]);
    expect(Math.max(...delays)).toBe(360);
    // The last attempt (the one that gave up) happened 24 h or more after the event, within 30 h.
    expect(now - created).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(now - created).toBeLessThan(30 * 3_600_000);
    expect(attempts).toBe(13);
  });
});
