/**
 * GET /healthz against the real database and the real health Durable Object: 200 with both
 * parts "ok" and their times; 503 naming the part that failed; never cached, no settings shown.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { env } from 'cloudflare:workers';
import { app } from '../../src/app';
import { get } from '../helpers/http';

afterEach(() => vi.restoreAllMocks());

function healthWith(overrides: object) {
  return app.request('https://pawtal.test/healthz', {}, { ...env, ...overrides });
}

describe('GET /healthz', () => {
  it('answers 200 {db:"ok",do:"ok"} with both timings, not cached', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toEqual({ db: 'ok', do: 'ok', dbMs: expect.any(Number), doMs: expect.any(Number) });
    // One database round trip, no more.
    expect(res.headers.get('server-timing')).toContain('desc="1 round trip"');
  });

  it('answers 503 naming the database when it cannot be reached, and logs it', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await healthWith({ LIBSQL_URL: 'http://127.0.0.1:9' });
    expect(res.status).toBe(503);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ db: 'failed', do: 'ok' });
    expect(errors.mock.calls.some((c) => String(c[0]).includes('health check failed'))).toBe(true);
  });

  it('answers 503 naming the Durable Object when its call fails', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    // The one stand-in here: a namespace whose object cannot be reached (the real one always can in workerd).
    const broken = { getByName: () => ({ ping: () => Promise.reject(new Error('Durable Object reset')) }) };
    const res = await healthWith({ OTP_GUARD: broken });
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ db: 'ok', do: 'failed' });
  });

  it('answers 503 {config:"failed"} naming the setting, never its value, when a secret is missing', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await healthWith({ OTP_PEPPER: '' });
    expect(res.status).toBe(503);
    const body = await res.json();
    expect(body).toEqual({ config: 'failed', problem: expect.stringContaining('OTP_PEPPER is not set') });
    expect(JSON.stringify(body)).not.toContain(env.LIBSQL_URL);
  });
});
