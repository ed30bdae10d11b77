/**
 * The settings check (middleware/config.tsx): a missing or malformed secret is found at the
 * first request — one log line naming it, a 503 page (or fragment), never a stack trace — and
 * valid settings pass untouched.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { env } from 'cloudflare:workers';
import { app } from '../../src/app';
import { configProblem } from '../../src/middleware/config';
import type { Env } from '../../src/env';
import { productionEnv } from '../helpers/production-env';

afterEach(() => vi.restoreAllMocks());

const production: Env = { ...productionEnv, LIBSQL_URL: 'libsql://pawtal-example.turso.io' };

describe('configProblem', () => {
  it('accepts the test settings and a complete production configuration', () => {
    expect(configProblem(env)).toBeNull();
    expect(configProblem(production)).toBeNull();
  });

  it.each([
    [{ LIBSQL_URL: '' }, 'LIBSQL_URL is not set'],
    [{ LIBSQL_URL: 'pawtal.turso.io' }, 'LIBSQL_URL is not a libsql://'],
    [{ LIBSQL_URL: 'file:local.db' }, 'LIBSQL_URL is not a libsql://'],
    [{ LIBSQL_TIMEOUT_MS: 'soon' }, 'LIBSQL_TIMEOUT_MS must be a whole number'],
    [{ LIBSQL_TIMEOUT_MS: '0' }, 'LIBSQL_TIMEOUT_MS must be a whole number'],
    [{ OTP_PEPPER: '' }, 'OTP_PEPPER is not set'],
    [{ OTP_PEPPER: 'short' }, 'OTP_PEPPER is shorter than 16 characters'],
    [{ LIBSQL_AUTH_TOKEN: '' }, 'LIBSQL_AUTH_TOKEN is not set'],
    [{ TWILIO_AUTH_TOKEN: '' }, 'TWILIO_AUTH_TOKEN is not set'],
    [{ TWILIO_ACCOUNT_SID: 'AC123' }, 'TWILIO_ACCOUNT_SID is not a Twilio account SID'],
    [{ TWILIO_FROM: '5550006' }, 'TWILIO_FROM is neither an E.164 number'],
    [{ SMS_PROVIDER: 'outbox' }, 'SMS_PROVIDER "outbox" is for development'],
    [{ SMS_PROVIDER: 'carrier-pigeon' }, 'Unknown SMS_PROVIDER'],
    [{ EMAIL_PROVIDER: undefined }, 'EMAIL_PROVIDER is not set'],
    [{ POSTMARK_SERVER_TOKEN: '' }, 'POSTMARK_SERVER_TOKEN is not set'],
    [{ EMAIL_FROM: 'Pawtal' }, 'EMAIL_FROM is not an email address'],
  ])('names the setting in production: %o', (override, message) => {
    expect(configProblem({ ...production, ...override } as Env)).toContain(message);
  });

  it('lets development and tests run without a provider (a send fails at the first message there)', () => {
    expect(configProblem({ ...env, SMS_PROVIDER: 'twilio', TWILIO_ACCOUNT_SID: '' })).toBeNull();
  });
});

describe('a request with a missing secret', () => {
  it('answers a 503 page with Retry-After and logs one line naming the setting, with no stack trace', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await app.request('https://pawtal.test/sign-in', {}, { ...env, OTP_PEPPER: '' });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('300');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await res.text();
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('Pawtal is not available right now');
    expect(html).toContain(`Reference: ${res.headers.get('x-request-id')}`);
    expect(html).not.toMatch(/OTP_PEPPER|at async|Error/);
    const lines = errors.mock.calls.map((c) => String(c[0]));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      level: 'error',
      msg: 'configuration error',
      problem: expect.stringContaining('OTP_PEPPER is not set'),
      requestId: res.headers.get('x-request-id'),
    });
  });

  it('answers the message alone as a fragment for a partial htmx request', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await app.request(
      'https://pawtal.test/sign-in',
      { headers: { 'HX-Request': 'true', 'HX-Request-Type': 'partial' } },
      { ...env, LIBSQL_URL: 'not a url' },
    );
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain('Pawtal is not available right now');
    expect(html).not.toContain('<html');
  });
});
