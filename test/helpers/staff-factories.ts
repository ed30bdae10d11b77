/**
 * Console staff for route tests: an account (password hashed the real way, optionally a TOTP
 * secret sealed as the app seals it) with a membership, and a signed-in console session.
 * Every call makes its own rows (unique emails), so tests never depend on each other.
 */
import { env } from 'cloudflare:workers';
import * as schema from '../../src/db/schema';
import { newId, randomToken, sha256Hex } from '../../src/domain/ids';
import { hashPassword } from '../../src/domain/password';
import { seal } from '../../src/domain/secret-box';
import { newTotpSecret } from '../../src/domain/two-step';
import { SESSION_ABSOLUTE_MS } from '../../src/domain/session-policy';
import { db } from './factories';

export const STAFF_PASSWORD = 'correct horse battery staple 42';

export async function createStaffAccount(opts: { businessId: string; role?: 'owner' | 'staff'; totp?: boolean; name?: string; extraBusinessIds?: string[] }) {
  const id = newId('sta');
  const email = `staff.${id.slice(4, 14)}@example.com`;
  const secret = opts.totp ? newTotpSecret() : null;
  const now = new Date();
  await db.insert(schema.staffAccounts).values({
    id,
    email,
    name: opts.name ?? 'Sam Desk',
    // Few iterations: the hash format is the real one; the sign-in rehashes it to today's cost.
    passwordHash: await hashPassword(STAFF_PASSWORD, { iterations: 1000 }),
    totpSecretSealed: secret ? await seal(env.OTP_PEPPER, 'staff-totp', secret) : null,
    createdAt: now,
  });
  for (const businessId of [opts.businessId, ...(opts.extraBusinessIds ?? [])]) {
    await db.insert(schema.staffMemberships).values({ staffAccountId: id, businessId, role: opts.role ?? 'staff', createdAt: now });
  }
  return { id, email, secret };
}

/** A live console session for the account (second factor passed unless `pending`). */
export async function staffSignedIn(staffAccountId: string, opts: { pending?: boolean; lastSeenAt?: number } = {}) {
  const token = randomToken(32);
  const now = Date.now();
  await db.insert(schema.staffSessions).values({
    tokenHash: await sha256Hex(token),
    staffAccountId,
    createdAt: new Date(now),
    lastSeenAt: new Date(opts.lastSeenAt ?? now),
    expiresAt: new Date(now + SESSION_ABSOLUTE_MS),
    secondFactorAt: opts.pending ? null : new Date(now),
  });
  return { cookie: `__Host-pawtal_staff=${token}`, token };
}
