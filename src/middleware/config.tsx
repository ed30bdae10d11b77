/**
 * The Worker's settings are checked before any request is served, so a missing or malformed
 * secret shows up at the first request — one log line naming the setting, and a 503 page — and
 * not as a stack trace in the middle of a sign-in hours later.
 *
 * Always checked: LIBSQL_URL, LIBSQL_TIMEOUT_MS and OTP_PEPPER. In production (APP_ENV
 * "production", staging included) also LIBSQL_AUTH_TOKEN and the chosen SMS and email providers'
 * settings — through the providers' own factories, so there is one definition of "configured".
 * Development and tests may leave a provider unset: there a send fails at the first message,
 * which the sign-in and staff tests rely on.
 *
 * The check is pure and cheap (string tests, no I/O), so it runs on every request rather than
 * being remembered in module state (DESIGN.md rule 8). Values are never logged, only names.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { dbTimeoutMs, type Db } from '../db/client';
import type { Env } from '../env';
import { emailProviderFor } from '../email';
import { smsProviderFor } from '../sms';
import { Page } from '../../templates/layouts/page';
import { Message } from '../../templates/components/message-page';
import { respond } from './htmx';

/** The health check answers in JSON even when the settings are wrong (routes/health.ts). */
export const HEALTH_PATH = '/healthz';

/** Shortest OTP_PEPPER accepted: 16 characters (e.g. `openssl rand -base64 32` gives 44). */
export const MIN_PEPPER_LENGTH = 16;
const DB_SCHEMES = new Set(['libsql:', 'https:', 'http:', 'wss:', 'ws:']);
const TWILIO_SID = /^AC[0-9a-fA-F]{32}$/;
const EMAIL_ADDRESS = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;
const TWILIO_FROM = /^(\+[1-9][0-9]{4,14}|MG[0-9a-fA-F]{32})$/;

/** The first problem with the Worker's settings, as a sentence naming the setting, or null when they can work. */
export function configProblem(env: Env): string | null {
  if (!env.LIBSQL_URL) return 'LIBSQL_URL is not set (wrangler secret put LIBSQL_URL)';
  let url: URL | null = null;
  try {
    url = new URL(env.LIBSQL_URL);
  } catch {
    url = null;
  }
  if (!url || !DB_SCHEMES.has(url.protocol)) return 'LIBSQL_URL is not a libsql://, https:// or http:// URL';
  try {
    dbTimeoutMs(env);
  } catch (error) {
    return (error as Error).message;
  }
  if (!env.OTP_PEPPER) return 'OTP_PEPPER is not set (wrangler secret put OTP_PEPPER; e.g. openssl rand -base64 32)';
  if (env.OTP_PEPPER.length < MIN_PEPPER_LENGTH) return `OTP_PEPPER is shorter than ${MIN_PEPPER_LENGTH} characters (e.g. openssl rand -base64 32)`;
  if (env.APP_ENV !== 'production') return null;

  if (!env.LIBSQL_AUTH_TOKEN) return 'LIBSQL_AUTH_TOKEN is not set (wrangler secret put LIBSQL_AUTH_TOKEN)';
  // The factories only read settings here (no I/O), so no database handle is needed.
  const noDb = null as unknown as Db;
  try {
    smsProviderFor(env, noDb);
    emailProviderFor(env, noDb);
  } catch (error) {
    return (error as Error).message;
  }
  if (env.SMS_PROVIDER === 'twilio') {
    if (!TWILIO_SID.test(env.TWILIO_ACCOUNT_SID ?? '')) return 'TWILIO_ACCOUNT_SID is not a Twilio account SID (AC followed by 32 hex digits)';
    if (!TWILIO_FROM.test(env.TWILIO_FROM ?? '')) return 'TWILIO_FROM is neither an E.164 number (+…) nor a Messaging Service SID (MG…)';
  }
  if (env.EMAIL_PROVIDER === 'postmark' && !EMAIL_ADDRESS.test(senderAddress(env.EMAIL_FROM ?? ''))) {
    return 'EMAIL_FROM is not an email address (e.g. Pawtal <no-reply@example.com>)';
  }
  return null;
}

/** The address of a sender written `Name <address>` or bare. */
function senderAddress(from: string): string {
  return (/<([^<>]*)>\s*$/.exec(from)?.[1] ?? from).trim();
}

/** One log line naming the problem: the same for a request and for a cron run. */
export function logConfigProblem(problem: string, context: Record<string, string>): void {
  console.error(JSON.stringify({ level: 'error', msg: 'configuration error', problem, ...context }));
}

/** Answers 503 (page or fragment) while the settings cannot work; everything after it may rely on them. */
export const configCheck = createMiddleware<AppEnv>(async (c, next) => {
  const problem = configProblem(c.env);
  if (!problem) return next();
  logConfigProblem(problem, { requestId: c.get('requestId') });
  c.header('Retry-After', '300');
  if (c.req.path === HEALTH_PATH) {
    c.header('Cache-Control', 'no-store');
    return c.json({ config: 'failed', problem }, 503);
  }
  const body = () => (
    <Message heading="Pawtal is not available right now" requestId={c.get('requestId')}>
      <p>This portal is being set up or repaired. Please try again later.</p>
    </Message>
  );
  return respond(c, { page: () => <Page title="Not available right now">{body()}</Page>, fragment: body }, 503);
});
