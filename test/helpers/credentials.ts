/**
 * Accounts with an email and password, the emails and SMS the Worker sends after its response,
 * and session rows aged by hand — for the password and account route tests. Every call makes
 * its own business, number and email (the database is shared by all test files).
 */
import { eq } from 'drizzle-orm';
import * as schema from '../../src/db/schema';
import { randomToken } from '../../src/domain/ids';
import { hashPassword } from '../../src/domain/password';
import { createBusiness, createClientRecord, db, signedInAs } from './factories';

/** An address nobody else in the test run has, already in normal form. */
export function uniqueEmail(): string {
  return `parent.${randomToken(9)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}@example.com`;
}

/** A good password (long, not common, not the name or email). */
export const GOOD_PASSWORD = 'mossy teapot orbit 42';

/**
 * A parent with one client record, a portal account with an email and password, and a session
 * on "another device" (its cookie is `other`).
 * @param opts.iterations - hash cost, to test re-hashing (default: today's)
 * @param opts.withPassword - false: an email but no password
 */
export async function parentWithPassword(opts: { password?: string; iterations?: number; withPassword?: boolean } = {}) {
  const business = await createBusiness();
  const client = await createClientRecord(business.id, { firstName: 'Robin', lastName: 'Parker' });
  const other = await signedInAs(client.phoneE164);
  const email = uniqueEmail();
  const password = opts.password ?? GOOD_PASSWORD;
  const passwordHash = opts.withPassword === false ? null : await hashPassword(password, { iterations: opts.iterations });
  await db.update(schema.portalAccounts).set({ email, passwordHash }).where(eq(schema.portalAccounts.id, other.accountId));
  return { business, client, email, password, passwordHash, accountId: other.accountId, other };
}

export async function accountRow(accountId: string) {
  const [row] = await db.select().from(schema.portalAccounts).where(eq(schema.portalAccounts.id, accountId));
  return row!;
}

export function sessionsOf(accountId: string) {
  return db.select().from(schema.sessions).where(eq(schema.sessions.accountId, accountId));
}

/** Makes a session look as if it signed in `ms` ago and never confirmed since. */
export async function ageSession(tokenHash: string, ms: number) {
  await db
    .update(schema.sessions)
    .set({ createdAt: new Date(Date.now() - ms), authenticatedAt: null })
    .where(eq(schema.sessions.tokenHash, tokenHash));
}

async function poll<T>(read: () => Promise<T[]>, timeoutMs: number): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await read();
    if (rows.length > 0 || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The emails sent to `address` (the outbox is written after the response, so this waits). */
export async function emailsTo(address: string, timeoutMs = 3000): Promise<{ subject: string; text: string }[]> {
  const rows = await poll(() => db.select().from(schema.emailOutbox).where(eq(schema.emailOutbox.toAddress, address)), timeoutMs);
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((r) => ({ subject: r.subject, text: r.bodyText }));
}

/** The code in a reset email (on its own, indented line). */
export function codeFromEmail(text: string): string {
  const match = /^\s+(\d{6})\s*$/m.exec(text);
  if (!match) throw new Error('no code in the email');
  return match[1]!;
}

/** The SMS sent to a number (written after the response). */
export async function smsTo(phoneE164: string, timeoutMs = 3000): Promise<string[]> {
  const rows = await poll(() => db.select().from(schema.smsOutbox).where(eq(schema.smsOutbox.toE164, phoneE164)), timeoutMs);
  return rows.map((r) => r.body);
}

export function codeFromSms(body: string): string {
  const match = /#(\d{6})$/.exec(body);
  if (!match) throw new Error('no WebOTP line in the SMS');
  return match[1]!;
}

/** Round trips reported in Server-Timing. */
export function roundTrips(res: Response): string | undefined {
  return /desc="(\d+) round trips?"/.exec(res.headers.get('server-timing') ?? '')?.[1];
}

/** A client IP no other test uses (the per-IP send cap is shared by the whole run). */
export function freshIp(): string {
  const b = crypto.getRandomValues(new Uint8Array(3));
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}
