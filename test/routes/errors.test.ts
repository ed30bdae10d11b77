/**
 * What every response carries (Server-Timing, request id, one JSON log line) and how failures
 * look: unknown URLs are a friendly 404, unexpected errors a friendly 500 that quotes the
 * request id, logged with it, a database that cannot be reached a 503 with Retry-After — as a
 * page, or as a fragment for a partial htmx request.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { env } from 'cloudflare:workers';
import { Hono } from 'hono';
import { app } from '../../src/app';
import type { AppEnv } from '../../src/app-env';
import { BOOKING_LOCK_UNAVAILABLE } from '../../src/domain/booking-plan';
import { observability } from '../../src/middleware/observability';
import { DATABASE_RETRY_AFTER_SECONDS, renderError } from '../../src/routes/errors';
import { createBusiness, createClientRecord, signedInAs } from '../helpers/factories';
import { get } from '../helpers/http';

afterEach(() => vi.restoreAllMocks());

/** The app with its database pointed at a port nobody listens on. */
function requestWithBrokenDatabase(path: string, headers: Record<string, string>) {
  return app.request(`https://pawtal.test${path}`, { headers }, { ...env, LIBSQL_URL: 'http://127.0.0.1:9' });
}

describe('every response', () => {
  it('carries Server-Timing and X-Request-Id, and writes one JSON log line', async () => {
    const log = vi.spyOn(console, 'log');
    const res = await get('/sign-in');
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    expect(res.headers.get('server-timing')).toMatch(/^db;dur=[\d.]+;desc="0 round trips", app;dur=[\d.]+$/);
    const lines = log.mock.calls.map((c) => String(c[0])).filter((l) => l.includes(requestId!));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: 'request',
      requestId,
      route: '/sign-in',
      status: 200,
      dbRoundTrips: 0,
      durationMs: expect.any(Number),
    });
  });
});

describe('the test harness', () => {
  it('refuses unexpected outbound requests (only the test database is reachable)', async () => {
    await expect(fetch('https://api.twilio.com/2010-04-01/Accounts')).rejects.toThrow('Unexpected outbound request in a test');
  });
});

describe('an unknown URL', () => {
  it('answers a friendly 404 page, or the message alone as a fragment', async () => {
    const res = await get('/no/such/page');
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Page not found');
    const fragment = await get('/no/such/page', { headers: { 'HX-Request': 'true', 'HX-Request-Type': 'partial' } });
    expect(fragment.status).toBe(404);
    expect(await fragment.text()).not.toContain('<html');
  });
});

describe('a booking write that got no answer', () => {
  it('asks the parent to send the same form again, with 503', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const probe = new Hono<AppEnv>();
    probe.use('*', observability);
    probe.get('/probe', () => {
      throw new Error(`${BOOKING_LOCK_UNAVAILABLE}: no answer`);
    });
    probe.onError(renderError);
    const res = await probe.request('https://pawtal.test/probe', {}, env);
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain('Please try again');
    expect(html).toContain('it will not be sent twice');
  });
});

describe('an unexpected error', () => {
  /** A route that fails the way a bug does. */
  function buggyApp() {
    const probe = new Hono<AppEnv>();
    probe.use('*', observability);
    probe.get('/probe', () => {
      throw new Error('Cannot read properties of undefined');
    });
    probe.onError(renderError);
    return probe;
  }

  it('is logged with the request id and shown as a friendly 500 page quoting it', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await buggyApp().request('https://pawtal.test/probe', {}, env);
    expect(res.status).toBe(500);
    const requestId = res.headers.get('x-request-id')!;
    const html = await res.text();
    expect(html).toContain('Something went wrong');
    expect(html).toContain(`Reference: ${requestId}`);
    expect(html).not.toMatch(/Cannot read|stack|at async/i);
    const logged = errors.mock.calls.map((c) => String(c[0])).find((l) => l.includes('unhandled error'));
    expect(JSON.parse(logged!)).toMatchObject({ level: 'error', requestId, path: '/probe' });
  });

  it('is a fragment for a partial htmx request', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await buggyApp().request('https://pawtal.test/probe', { headers: { 'HX-Request': 'true', 'HX-Request-Type': 'partial' } }, env);
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain('Something went wrong');
    expect(html).not.toContain('<html');
  });
});

describe('a database that cannot be reached', () => {
  it('answers a friendly 503 page with Retry-After, logged with the request id', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const business = await createBusiness();
    const client = await createClientRecord(business.id);
    const { cookie } = await signedInAs(client.phoneE164);
    const res = await requestWithBrokenDatabase(`/c/${client.id}/appointments`, { cookie });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    const requestId = res.headers.get('x-request-id')!;
    const html = await res.text();
    expect(html).toContain('Pawtal is not available right now');
    expect(html).toContain(`Reference: ${requestId}`);
    expect(html).not.toMatch(/ECONNREFUSED|stack|at async/i);
    const logged = errors.mock.calls.map((c) => String(c[0])).find((l) => l.includes('database unavailable'));
    expect(JSON.parse(logged!)).toMatchObject({ level: 'error', failure: 'unreachable', requestId, path: `/c/${client.id}/appointments` });
  });

  it('is a fragment for a partial htmx request', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const business = await createBusiness();
    const client = await createClientRecord(business.id);
    const { cookie } = await signedInAs(client.phoneE164);
    const res = await requestWithBrokenDatabase(`/c/${client.id}/appointments/history`, {
      cookie,
      'HX-Request': 'true',
      'HX-Request-Type': 'partial',
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    const html = await res.text();
    expect(html).toContain('Pawtal is not available right now');
    expect(html).not.toContain('<html');
  });
});

describe('request logs', () => {
  it('never contain an invitation token', async () => {
    const log = vi.spyOn(console, 'log');
    const token = 'tok_secret_value_1234567890abcdefghij';
    await get(`/invite/${token}`);
    const lines = log.mock.calls.map((c) => String(c[0]));
    expect(lines.some((l) => l.includes('/invite/[token]'))).toBe(true);
    expect(lines.some((l) => l.includes(token))).toBe(false);
  });
});
